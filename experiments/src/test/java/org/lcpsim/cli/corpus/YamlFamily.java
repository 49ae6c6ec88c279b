package org.lcpsim.cli.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML that does not say one thing: variations of a valid experiment file with a syntax error at
 * many positions (unclosed brackets, braces and quotes, stray colons, tabs, bad indentation,
 * reserved characters), duplicate keys, anchors and aliases, tags, a second document, deep
 * nesting, giant values and control characters. Each is exit 2 with the parser's explanation (or
 * the rule broken) in words at the right line and column, never a class name or a 0:0 position.
 */
final class YamlFamily implements Family {
    static final String GOOD = ExperimentFieldsFamily.GOOD;
    /** The lines of the valid file: "key: value". */
    static final String[] LINES = GOOD.split("\n");

    @Override
    public String name() {
        return "yaml";
    }

    @Override
    public String covers() {
        return "YAML syntax errors at many positions, duplicate keys, aliases, tags, second documents, deep nesting, giant"
                + " values and control characters";
    }

    private static List<String> validate() {
        return List.of("validate", "{dir}/exp.yaml");
    }

    private static String at(int line, int column) {
        return "exp\\.yaml:" + line + ":" + column + ": ";
    }

    /** The file with line {@code i} (0-based) replaced. */
    private static String withLine(int i, String line) {
        String[] l = LINES.clone();
        l[i] = line;
        return String.join("\n", l) + "\n";
    }

    /** The parser's explanation: "YAML syntax error: " and words, never an empty or internal one. */
    private static final String EXPLAINED = "YAML syntax error: [a-z'][^\\n]{12,}";

    private Case yaml(String name, String text, String pattern) {
        return Case.text(name(), name, Map.of("exp.yaml", text), validate(), 2, pattern, true);
    }

    @Override
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        flowBrackets(out);
        quotes(out);
        for (int i = 0; i < LINES.length; i++) {
            String key = LINES[i].substring(0, LINES[i].indexOf(':'));
            int line = i + 1;
            // the same key twice: the second is the error, naming the first
            out.add(yaml("duplicate-" + key, withLine(i, LINES[i] + "\n" + LINES[i]), at(line + 1, 1)
                    + Pattern.quote("$." + key) + ": duplicate key \\(first at line " + line + "\\)"));
            // a second document after this line
            out.add(yaml("second-document-after-" + key, withLine(i, LINES[i] + "\n---\nname: again"), at(line + 1, 1)
                    + "\\$: a second YAML document"));
            // an alias of an anchor never written, and of one that is
            out.add(yaml("undefined-alias-" + key, withLine(i, key + ": *nowhere"), at(line, key.length() + 3)
                    + Pattern.quote("$." + key) + ": undefined YAML alias \\*nowhere"));
            String anchored = i == 0 ? LINES[1] : LINES[0];
            String anchoredKey = anchored.substring(0, anchored.indexOf(':'));
            String text = withLine(i, key + ": *v").replace(anchored + "\n", anchoredKey + ": &v " + anchored.substring(
                    anchoredKey.length() + 2) + "\n");
            out.add(yaml("alias-" + key, text, at(line, key.length() + 3) + Pattern.quote("$." + key)
                    + ": YAML aliases \\(\\*v\\) are not supported; repeat the value"));
            // a tag the file format does not know
            out.add(yaml("tag-" + key, withLine(i, key + ": !python/object:os.system " + LINES[i].substring(key.length() + 2)),
                    at(line, key.length() + 3) + Pattern.quote("$." + key) + ": YAML tags \\(!python/object:os\\.system\\)"
                            + " are not supported"));
            // a stray ': x' after the value, a tab before the key, an indented key, a reserved character
            out.add(yaml("stray-colon-" + key, withLine(i, LINES[i] + ": x"), "exp\\.yaml:" + line + ":\\d+: \\$: (YAML syntax"
                    + " error: (mapping values are not allowed here|expected the end of the indented block)|"
                    + EXPLAINED + ")"));
            out.add(yaml("tab-indent-" + key, withLine(i, "\t" + LINES[i]), at(line, 1) + "\\$: YAML syntax error: found a tab"
                    + " character, which cannot start any token \\(indent with spaces, not tabs\\)"));
            if (i > 0) {
                out.add(yaml("indented-" + key, withLine(i, "  " + LINES[i]), "exp\\.yaml:" + line + ":\\d+: \\$: "
                        + EXPLAINED));
            }
            out.add(yaml("reserved-at-" + key, withLine(i, key + ": @" + LINES[i].substring(key.length() + 2)),
                    at(line, key.length() + 3) + "\\$: YAML syntax error: found character '@' that cannot start any token"));
            out.add(yaml("backquote-" + key, withLine(i, key + ": `x`"), at(line, key.length() + 3)
                    + "\\$: YAML syntax error: found character '`' that cannot start any token"));
            // control characters, where the file has them
            String[][] controls = {{"\u0001", "control character U\\+0001"}, {"\u001b", "control character U\\+001B"},
                    {"\u007f", "control character U\\+007F"}, {"\u0000", "a NUL character"}, {"\u0085", "control character"
                    + " U\\+0085"}, {"\uFFFE", "non-character U\\+FFFE"}};
            String[] control = controls[i % controls.length];
            int col = LINES[i].length() / 2;
            out.add(yaml("control-" + key, withLine(i, LINES[i].substring(0, col) + control[0] + LINES[i].substring(col)),
                    at(line, col + 1) + "\\$: (the )?" + control[1]));
        }
        blockIndentation(out);
        nesting(out);
        giants(out);
        more(out);
        return out;
    }

    /** Each closing bracket or brace of the flow collections left out, or doubled, or a comma or colon misplaced. */
    private void flowBrackets(List<Case> out) {
        for (int i = 0; i < LINES.length; i++) {
            String l = LINES[i];
            String key = l.substring(0, l.indexOf(':'));
            for (int c = 0; c < l.length(); c++) {
                char ch = l.charAt(c);
                if (ch == '}' || ch == ']') {
                    String dropped = l.substring(0, c) + l.substring(c + 1);
                    // the parser reads on to the next line or the end of the file, then explains what it expected
                    out.add(yaml("unclosed-" + key + "-" + c, withLine(i, dropped), "exp\\.yaml:\\d+:\\d+: \\$: YAML syntax"
                            + " error: (expected ',' or '[}\\]]', but got|expected the node content|" + EXPLAINED.substring(20)
                            + ")"));
                    String doubled = l.substring(0, c + 1) + ch + l.substring(c + 1);
                    out.add(yaml("extra-" + key + "-" + c, withLine(i, doubled), "exp\\.yaml:" + (i + 1) + ":\\d+: \\$: "
                            + EXPLAINED));
                }
                if (ch == ',') {
                    String colon = l.substring(0, c) + ":" + l.substring(c + 1);
                    out.add(yaml("colon-for-comma-" + key + "-" + c, withLine(i, colon), "exp\\.yaml:" + (i + 1) + ":\\d+: \\$: "
                            + EXPLAINED));
                }
            }
        }
        // a flow mapping with a stray colon: the parser's own words, at the colon
        out.add(yaml("flow-stray-colon", GOOD.replace("{kind: lcp, branches: 2}", "{kind: lcp: 2, branches: 2}"),
                at(3, 21) + "\\$: YAML syntax error: expected ',' or '\\}', but got ':' \\(in the \\{\\.\\.\\.\\} mapping"
                        + " opened at line 3, column 11\\)"));
        out.add(yaml("flow-list-closed-by-brace", GOOD.replace("[{preset: rpi3, count: 2}]", "[{preset: rpi3, count: 2}}"),
                at(4, 45) + "\\$: YAML syntax error: expected ',' or '\\]', but got '\\}' \\(in the \\[\\.\\.\\.\\] list"
                        + " opened at line 4, column 20\\)"));
        out.add(yaml("flow-unclosed-at-end", GOOD + "extra: {a: [1, 2\n", at(10, 1) + "\\$: YAML syntax error: expected ','"
                + " or '\\]', but got the end of the file \\(in the \\[\\.\\.\\.\\] list opened at line 9, column 12\\)"));
        out.add(yaml("flow-missing-value", GOOD.replace("lcp, branches", "lcp,, branches"),
                "exp\\.yaml:3:\\d+: \\$: " + EXPLAINED));
    }

    /** Quotes opened and never closed, at each value; a bad escape. */
    private void quotes(List<Case> out) {
        for (int i = 0; i < LINES.length; i++) {
            String key = LINES[i].substring(0, LINES[i].indexOf(':'));
            for (String q : List.of("'", "\"")) {
                String name = (q.equals("'") ? "single" : "double") + "-quote-unclosed-" + key;
                out.add(yaml(name, withLine(i, key + ": " + q + LINES[i].substring(key.length() + 2)), "exp\\.yaml:\\d+:\\d+:"
                        + " \\$: YAML syntax error: (found unexpected end of the file|[^\\n]+) \\(in the quoted text opened at"
                        + " line " + (i + 1) + ", column " + (key.length() + 3) + "\\)"));
            }
        }
        out.add(yaml("bad-escape", GOOD.replace("name: corpus", "name: \"cor\\qpus\""), at(1, 12)
                + "\\$: YAML syntax error: found unknown escape character"));
    }

    /** Block style with its children indented wrongly. */
    private void blockIndentation(List<Case> out) {
        String block = GOOD.replace("workload: {requests: 3, warmup: 0}", "workload:\n  requests: 3\n  warmup: 0");
        out.add(yaml("block-dedented-child", block.replace("  warmup: 0", " warmup: 0"), at(8, 2)
                + "\\$: YAML syntax error: expected the end of the indented block, but found the start of a new mapping"
                + " \\(check the indentation\\) \\(in the mapping that starts at line 1, column 1\\)"));
        out.add(yaml("block-overindented-child", block.replace("  warmup: 0", "    warmup: 0"), at(8, 11)
                + "\\$: YAML syntax error: mapping values are not allowed here"));
        out.add(yaml("block-tab-child", block.replace("  warmup: 0", "\twarmup: 0"), at(8, 1)
                + "\\$: YAML syntax error: found a tab character"));
        out.add(yaml("block-list-then-key", GOOD.replace("cluster: {devices: [{preset: rpi3, count: 2}]}",
                "cluster:\n  devices:\n    - preset: rpi3\n      count: 2\n    source: external"), "exp\\.yaml:\\d+:\\d+: \\$: "
                + EXPLAINED));
        out.add(yaml("block-item-at-top", "- " + GOOD.replace("\n", "\n  ").strip() + "\nseed: 2\n", "exp\\.yaml:\\d+:\\d+: \\$: "
                + EXPLAINED));
        out.add(yaml("block-literal-dedent", GOOD.replace("name: corpus", "name: |\n    line one\n  line two"), at(3, 3)
                + "\\$: YAML syntax error: "));
    }

    /** Mappings and lists nested deeper than the limit, as flow and as block; exactly at the limit is fine YAML. */
    private void nesting(List<Case> out) {
        for (int depth : new int[] {101, 150, 1_000, 100_000}) {
            out.add(yaml("nested-lists-" + depth, GOOD.replace("seed: 1", "seed: " + "[".repeat(depth) + "]".repeat(depth)),
                    "exp\\.yaml:8:\\d+: \\$\\.seed[^:]*: nesting deeper than 100 levels"));
            out.add(yaml("nested-maps-" + depth, GOOD.replace("seed: 1", "seed: " + "{a: ".repeat(depth) + "1"
                    + "}".repeat(depth)), "exp\\.yaml:8:\\d+: \\$\\.seed[^:]*: nesting deeper than 100 levels"));
        }
        StringBuilder block = new StringBuilder("seed:\n");
        for (int d = 1; d <= 120; d++) {
            block.append("  ".repeat(d)).append("k:\n");
        }
        out.add(yaml("nested-block-120", GOOD.replace("seed: 1\n", block + "  ".repeat(121) + "k: 1\n"),
                "exp\\.yaml:\\d+:\\d+: \\$\\.seed[^:]*: nesting deeper than 100 levels"));
        // 99 lists in the root mapping: within the limit, an error of the field, not of the YAML
        out.add(yaml("nested-lists-at-limit", GOOD.replace("seed: 1", "seed: " + "[".repeat(99) + "1" + "]".repeat(99)),
                at(8, 7) + "\\$\\.seed: expected an integer, found a list"));
    }

    /** Values as large as the file limit allows are read, and quoted in short; above it, the file is refused. */
    private void giants(List<Case> out) {
        out.add(yaml("giant-plain-seed", GOOD.replace("seed: 1", "seed: " + "9".repeat(2_000_000) + "x"),
                at(8, 7) + "\\$\\.seed: expected an integer, found a string '9{30,40}\\.\\.\\.'$"));
        out.add(yaml("giant-quoted-model", GOOD.replace("model: lenet", "model: '" + "lenet ".repeat(500_000) + "'"),
                at(2, 8) + "\\$\\.model: unknown value 'lenet lenet[^']{20,30}\\.\\.\\.'"));
        out.add(yaml("giant-key", GOOD + "? " + "k".repeat(1_000_000) + "\n: 1\n", at(9, 3) + "\\$\\.k{30,40}\\.\\.\\.: unknown"
                + " field"));
        out.add(yaml("giant-number", GOOD.replace("replications: 1", "replications: " + "1".repeat(1_000_000)),
                at(7, 15) + "\\$\\.replications: (integer out of range: 1{30,40}\\.\\.\\.|expected an integer, found a string"
                        + " '1{30,40}\\.\\.\\.')"));
        out.add(Case.text(name(), "giant-above-limit", Map.of("exp.yaml", GOOD.replace("name: corpus", "name: "
                + "x".repeat(4_300_000))), validate(), 2, "exp\\.yaml: file of 4,300,\\d{3} bytes; configuration files may"
                + " have at most 4 MiB", false));
    }

    /** Odds and ends of YAML: directives, document markers, complex keys, empty and comment-only files. */
    private void more(List<Case> out) {
        out.add(yaml("document-end-then-more", GOOD.replace("seed: 1", "seed: 1\n...\nname: again"), at(10, 1)
                + "\\$: YAML syntax error: expected '---', but found"));
        out.add(yaml("duplicate-directive", "%YAML 1.1\n%YAML 1.1\n---\n" + GOOD, at(2, 1)
                + "\\$: YAML syntax error: found duplicate YAML directive"));
        out.add(yaml("list-as-key", "? [a, b]\n: 1\n" + GOOD, "exp\\.yaml:\\d+:\\d+: \\$: YAML syntax error: a key must be a"
                + " single value"));
        out.add(yaml("alias-as-key", GOOD + "*k : 1\n", "exp\\.yaml:9:\\d+: \\$: a key cannot be a YAML alias"));
        out.add(yaml("merge-key", GOOD.replace("network: {preset: wifi-rpi}", "base: &b {preset: wifi-rpi}\nnetwork: {<<: *b}"),
                at(6, 15) + "\\$\\.network\\.<<: YAML aliases \\(\\*b\\) are not supported"));
        out.add(Case.text(name(), "comments-only", Map.of("exp.yaml", "# nothing here\n\n# at all\n"), validate(), 2,
                at(1, 1) + "\\$: the file is empty", true));
        out.add(yaml("second-empty-document", GOOD + "---\n", at(9, 1) + "\\$: a second YAML document"));
        out.add(yaml("leading-document-marker-then-second", "---\n" + GOOD + "--- # again\nname: b\n", at(10, 1)
                + "\\$: a second YAML document"));
    }
}

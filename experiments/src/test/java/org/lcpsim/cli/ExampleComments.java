package org.lcpsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures an example's comments state (a number with a unit: "860 MB", "9.7x", "20%") must
 * be traceable to something the project computes or ships: the file's own settings, the model
 * files it names, what its run wrote (results, summary, report, which lists every device and link
 * of the run), the shipped presets and measurements. A stale figure ("924 MB" where the run says
 * 860) fails; so does a figure nothing backs. Numbers are compared at the precision the comment
 * gives them ("4.23M" matches 4,232,552; "0.66" matches 0.6637).
 */
final class ExampleComments {
    private ExampleComments() {
    }

    /** A number, thousands commas allowed, followed by a unit of what lcpsim measures or configures. */
    static final Pattern FIGURE = Pattern.compile(
            "(?<![\\w.])(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)\\s?(%|x|ms|req/s|s|MB|MiB|GB|kB|KB|Mbps|Gbps|J|W|fps|M|G|K|ips)(?![\\w])");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    private static final List<Path> SHIPPED = List.of(Path.of("../device-models/src/main/resources"),
            Path.of("../network-models/src/main/resources"), Path.of("src/main/resources"));

    /** A number the project states, with its unit where the text gives one ("" when it does not). */
    record Known(double value, String unit) {
    }

    /** The figures in the comments of {@code example} that nothing in its run, its files or the shipped data backs. */
    static List<String> untraced(Path example, Path runDir) throws IOException {
        List<String[]> figures = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(example)) {
            lineNo++;
            int hash = commentStart(line);
            if (hash >= 0) {
                Matcher m = FIGURE.matcher(line.substring(hash));
                while (m.find()) {
                    figures.add(new String[] {String.valueOf(lineNo), m.group(1), m.group(2)});
                }
            }
        }
        List<Known> known = known(example, runDir);
        List<String> out = new ArrayList<>();
        for (String[] f : figures) {
            if (!traced(f[1], f[2], known)) {
                out.add(example.getFileName() + ":" + f[0] + ": '" + f[1] + " " + f[2]
                        + "' is backed by nothing the example runs or ships");
            }
        }
        return out;
    }

    /** What the example's settings and model files, its run's outputs, the shipped data and the committed snapshots state. */
    static List<Known> known(Path example, Path runDir) throws IOException {
        List<Known> known = new ArrayList<>();
        // the file's own settings, without its comments
        StringBuilder settings = new StringBuilder();
        for (String line : Files.readAllLines(example)) {
            int hash = commentStart(line);
            settings.append(hash < 0 ? line : line.substring(0, hash)).append('\n');
        }
        keyed(settings.toString(), known);
        List<Path> files = new ArrayList<>(textFiles(example.getParent().resolve("models")));
        files.addAll(textFiles(runDir));
        for (Path dir : SHIPPED) {
            files.addAll(textFiles(dir));
        }
        files.addAll(textFiles(Path.of("../docs/results")));
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.equals("run.json")) {
                continue; // it holds the experiment file, comments and all
            }
            // the report quotes the experiment file in a <pre> block: its comments back nothing
            String text = Files.readString(p).replaceAll("(?s)<pre>.*?</pre>", "");
            if (name.endsWith(".csv")) {
                csv(text, known);
            } else if (name.endsWith(".yaml") || name.endsWith(".json")) {
                keyed(text, known);
            } else {
                texts(text, known);
            }
        }
        return known;
    }

    /**
     * The figures that README.md and docs/ state in a paragraph (or list item) about this example
     * ("example 10", "10-hybrid-pipeline.yaml") that nothing backs: its settings, its run, the
     * shipped data or the committed snapshots.
     */
    static List<String> untracedInDocs(Path example, Path runDir) throws IOException {
        String file = example.getFileName().toString();
        String number = file.substring(0, 2);
        Pattern about = Pattern.compile("(?i)(?:example|examples) (?:0?" + Integer.parseInt(number) + ")(?![\\d.])|"
                + Pattern.quote(file));
        List<Known> known = null;
        List<String> out = new ArrayList<>();
        for (Path doc : DocLinksTest.docs()) {
            String text = Files.readString(doc);
            for (String paragraph : text.split("\n\\s*\n|\n(?=- )")) {
                if (!about.matcher(paragraph).find() || paragraph.startsWith("```") || paragraph.startsWith("|")) {
                    continue;
                }
                if (known == null) {
                    known = known(example, runDir);
                }
                Matcher m = FIGURE.matcher(paragraph);
                while (m.find()) {
                    if (!traced(m.group(1), m.group(2), known)) {
                        out.add(DocLinksTest.ROOT.relativize(doc) + ": '" + m.group() + "' in a paragraph about " + file
                                + " is backed by nothing it runs or ships: "
                                + paragraph.strip().replaceAll("\\s+", " ").substring(0, Math.min(120, paragraph.strip().length())));
                    }
                }
            }
        }
        return out;
    }

    /** The unit a field or column name gives its value: memoryMb, latency_ms_mean, bandwidthMbps, top1_pct. */
    static String unitOf(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "");
        if (has(name, "Mbps")) {
            return "Mbps";
        }
        if (has(name, "Ms")) {
            return "ms";
        }
        if (has(name, "Mb") || has(name, "MB")) {
            return "MB";
        }
        if (n.contains("bytes")) {
            return "B";
        }
        if (has(name, "Ips")) {
            return "ips";
        }
        if (has(name, "Pct")) {
            return "%";
        }
        if (n.equals("fps") || has(name, "Fps")) {
            return "fps";
        }
        // a unit letter ends a camelCase key (untilS, idleW) or a snake_case column (energy_j)
        if (n.startsWith("energyj") || name.endsWith("J") || name.endsWith("_j")) {
            return "J";
        }
        if (name.endsWith("W") || name.endsWith("_w")) {
            return "W";
        }
        if (name.endsWith("S") || name.endsWith("_s")) {
            return "s";
        }
        return "";
    }

    /** Whether a camelCase name has the word ({@code latencyMs}) or a snake_case one has it in lower case ({@code latency_ms_mean}). */
    private static boolean has(String name, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return name.matches(".*[a-z0-9]" + word + "(?:[A-Z_].*)?") || name.matches("(?:.*_)?" + lower + "(?:_.*)?");
    }

    private static final Pattern KEYED = Pattern.compile("\"?([A-Za-z_][\\w.]*)\"?\\s*:\\s*\\[?\\s*(-?\\d[\\d.eE+-]*)");

    /** YAML and JSON: a number after its key takes the key's unit. */
    private static void keyed(String text, List<Known> into) {
        Matcher m = KEYED.matcher(text);
        while (m.find()) {
            String unit = unitOf(m.group(1));
            add(m.group(2), unit, into);
            if (unit.equals("fps")) {
                // a frame rate states its period too: 4 fps is a frame every 250 ms
                try {
                    double fps = Double.parseDouble(m.group(2));
                    into.add(new Known(1000 / fps, "ms"));
                    into.add(new Known(1 / fps, "s"));
                } catch (NumberFormatException e) {
                    // not a number: nothing to derive
                }
            }
        }
        texts(text, into);
    }

    /** CSV: a cell takes its column's unit. */
    private static void csv(String text, List<Known> into) {
        String[] lines = text.split("\n");
        if (lines.length == 0) {
            return;
        }
        String[] header = lines[0].split(",", -1);
        int unitColumn = java.util.Arrays.asList(header).indexOf("unit");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            for (int c = 0; c < cells.length && c < header.length; c++) {
                // a measurements table names each row's unit in a column of its own
                String unit = unitColumn >= 0 && unitColumn < cells.length && header[c].equals("value")
                        ? cells[unitColumn].strip() : unitOf(header[c]);
                add(cells[c].strip(), unit, into);
            }
        }
    }

    /** Prose and reports: a number with a unit after it ("860 MB"), or a bare one. */
    private static void texts(String text, List<Known> into) {
        Matcher m = FIGURE.matcher(text);
        while (m.find()) {
            add(m.group(1), m.group(2), into);
        }
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            add(n.group(), "", into);
        }
    }

    private static void add(String number, String unit, List<Known> into) {
        try {
            into.add(new Known(Double.parseDouble(number.replace(",", "")), unit));
        } catch (NumberFormatException e) {
            // not a number after all (a date, a version): nothing to trace to
        }
    }

    /** Where the comment of a YAML line starts: a # at the start or after a space, outside quotes. */
    static int commentStart(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a known number backs a stated one: the same value at the comment's precision, in
     * the same unit (kB against bytes, M and G against counts, % against fractions); units the
     * text of a report leaves implicit (a ratio "9.7x", a count "4.23M", a share "20%") match a
     * bare number.
     */
    private static boolean traced(String text, String statedUnit, List<Known> known) {
        String unit = statedUnit.equals("req/s") ? "ips" : statedUnit;
        BigDecimal stated = new BigDecimal(text.replace(",", ""));
        double half = 0.5 * Math.pow(10, -Math.max(0, stated.scale()));
        double v = stated.doubleValue();
        boolean implicit = List.of("x", "%", "M", "G", "K", "fps", "ips").contains(unit);
        for (Known k : known) {
            double[] candidates;
            if (k.unit().equals(unit) || k.unit().equals("MB") && unit.equals("MiB")) {
                candidates = new double[] {k.value()};
            } else if (k.unit().equals("B") && (unit.equals("kB") || unit.equals("KB"))) {
                candidates = new double[] {k.value() / 1e3};
            } else if (k.unit().equals("B") && unit.equals("MB")) {
                candidates = new double[] {k.value() / 1e6, k.value() / 1048576.0};
            } else if (k.unit().equals("ms") && unit.equals("s")) {
                candidates = new double[] {k.value() / 1e3};
            } else if (k.unit().isEmpty() && implicit) {
                double scale = switch (unit) {
                    case "M" -> 1e6;
                    case "G" -> 1e9;
                    case "K" -> 1e3;
                    default -> 1;
                };
                candidates = unit.equals("%") ? new double[] {k.value(), k.value() * 100} : new double[] {k.value() / scale};
            } else {
                continue;
            }
            for (double c : candidates) {
                if (Math.abs(c - v) <= half + 1e-9 * Math.abs(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Path> textFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".csv") || n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".html")
                        || n.endsWith(".txt");
            }).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

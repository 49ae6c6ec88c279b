package org.lcpsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * YAML errors keep the parser's explanation, in words, at the position of the problem; aliases,
 * tags and second documents are refused where they are written; limits are the file's.
 */
class YamlTest {
    private static final Pattern INTERNAL = Pattern.compile("Event|Exception|StreamReadConstraints|org\\.|com\\.|java\\.|<[a-z ]+>");

    private static String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> Yaml.parse(yaml.replace("\\n", "\n")
                .replace("\\t", "\t"), "f.yaml"));
        String s = e.errors().get(0).toString();
        assertFalse(INTERNAL.matcher(s).find(), s);
        assertFalse(s.contains(":0:0:"), s);
        return s;
    }

    /** Each syntax error: where it is, and the parser's words for it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a: {b: 1\\n                 | f.yaml:2:1: $: YAML syntax error: expected ',' or '}', but got the end of the file (in the {...} mapping opened at line 1, column 4)",
            "a: [1, 2\\n                 | f.yaml:2:1: $: YAML syntax error: expected ',' or ']', but got the end of the file (in the [...] list opened at line 1, column 4)",
            "a: {b: 1: 2}\\n             | f.yaml:1:9: $: YAML syntax error: expected ',' or '}', but got ':' (in the {...} mapping opened at line 1, column 4)",
            "a: {x: [1, 2}\\n            | f.yaml:1:13: $: YAML syntax error: expected ',' or ']', but got '}' (in the [...] list opened at line 1, column 8)",
            "a: [1, 2]]\\n               | f.yaml:1:10: $: YAML syntax error: expected the end of the indented block, but found ']' (in the mapping that starts at line 1, column 1)",
            "a: }\\n                     | f.yaml:1:4: $: YAML syntax error: expected the node content, but found '}'",
            "a: [1,\\n                   | f.yaml:2:1: $: YAML syntax error: expected the node content, but found the end of the file",
            "a: 'x\\n                    | f.yaml:2:1: $: YAML syntax error: found unexpected end of the file (in the quoted text opened at line 1, column 4)",
            "a: \"x\\n                   | f.yaml:2:1: $: YAML syntax error: found unexpected end of the file (in the quoted text opened at line 1, column 4)",
            "a: \"\\q\"\\n               | f.yaml:1:6: $: YAML syntax error: found unknown escape character q(113) (in the quoted text opened at line 1, column 4)",
            "a:\\n  b: 1\\n c: 2\\n      | f.yaml:3:2: $: YAML syntax error: expected the end of the indented block, but found the start of a new mapping (check the indentation) (in the mapping that starts at line 1, column 1)",
            "a:\\n\\tb: 1\\n             | f.yaml:2:1: $: YAML syntax error: found a tab character, which cannot start any token (indent with spaces, not tabs)",
            "a: b: c\\n                  | f.yaml:1:5: $: YAML syntax error: mapping values are not allowed here (a ': ' inside a plain value, or a key indented too far: quote the value or fix the indentation)",
            "a: 1\\n b: 2\\n             | f.yaml:2:3: $: YAML syntax error: mapping values are not allowed here (a ': ' inside a plain value, or a key indented too far: quote the value or fix the indentation)",
            "- a\\nb: 1\\n               | f.yaml:2:1: $: YAML syntax error: expected the end of the indented block, but found a key (in the list that starts at line 1, column 1)",
            "a: @x\\n                    | f.yaml:1:4: $: YAML syntax error: found character '@' that cannot start any token (@ is reserved: quote a value that starts with it)",
            "a: `x\\n                    | f.yaml:1:4: $: YAML syntax error: found character '`' that cannot start any token (` is reserved: quote a value that starts with it)",
            "- a\\n- b: 1\\n  c\\n        | f.yaml:4:1: $: YAML syntax error: could not find expected ':' (in the key that starts at line 3, column 3)",
            ": 1\\n                      | f.yaml:1:1: $: YAML syntax error: expected the end of the indented block, but found ':'",
            "a: 1\\n...\\nb: 2\\n         | f.yaml:3:1: $: YAML syntax error: expected '---', but found the start of a new mapping (check the indentation)",
            "%YAML 1.1\\n%YAML 1.1\\n---\\na: 1\\n | f.yaml:2:1: $: YAML syntax error: found duplicate YAML directive",
            "? [a\\n                     | f.yaml:1:4: $: YAML syntax error: a key must be a single value (text or a number), not a list or a mapping",
            "a: 1\\na: 2\\n              | f.yaml:2:1: $.a: duplicate key (first at line 1)",
            "seed: *n\\n                 | f.yaml:1:7: $.seed: undefined YAML alias *n (no anchor &n before it); aliases are not supported: write the value",
            "x: &n 5\\nseed: *n\\n       | f.yaml:2:7: $.seed: YAML aliases (*n) are not supported; repeat the value",
            "x: &n [1]\\ny: [2, *n]\\n    | f.yaml:2:8: $.y[1]: YAML aliases (*n) are not supported; repeat the value",
            "*a : 1\\n                   | f.yaml:1:3: $: a key cannot be a YAML alias (*name); aliases are not supported: write the key",
            "x: !foo 3\\n                | f.yaml:1:4: $.x: YAML tags (!foo) are not supported; write the value alone",
            "x: !!binary aGk=\\n         | f.yaml:1:4: $.x: YAML tags (!!binary) are not supported; write the value alone",
            "a: 1\\n---\\nb: 2\\n         | f.yaml:2:1: $: a second YAML document (after '---'); a configuration file holds one document",
            "a: 1\\n---\\n               | f.yaml:2:1: $: a second YAML document (after '---'); a configuration file holds one document",
            "a: b\u0001c\\n              | f.yaml:1:5: $: the control character U+0001 is not allowed in a configuration file",
            "# only a comment\\n         | f.yaml:1:1: $: the file is empty",
    })
    void syntaxErrorsKeepTheParsersExplanation(String yaml, String expected) {
        assertEquals(expected, error(yaml));
    }

    @Test
    void coreTagsAndAnchorsAloneAreFine() {
        Node.MapNode n = assertInstanceOf(Node.MapNode.class, Yaml.parse("---\na: !!str 5\nb: !!int '7'\nc: &x 3\n...\n",
                "f.yaml"));
        assertEquals(Node.Scalar.Type.STRING, ((Node.Scalar) n.get("a")).type());
        assertEquals(Node.Scalar.Type.INTEGER, ((Node.Scalar) n.get("b")).type());
        assertEquals("3", ((Node.Scalar) n.get("c")).text());
    }

    @Test
    void nestingHasAUserLevelLimit() {
        assertEquals("f.yaml:1:103: $.a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                + "[0][0][0][0][0][0][0][0][0][0]...: nesting deeper than 100 levels (mappings and lists inside each other)",
                error("a: " + "[".repeat(150) + "]".repeat(150) + "\n"));
        assertTrue(error("a: " + "[".repeat(100_000)).contains("nesting deeper than 100 levels"));
        Yaml.parse("a: " + "[".repeat(99) + "]".repeat(99), "f.yaml");
    }

    /** The parser's own limits are above the file's: a value of 3.6 MB in a file under 4 MiB is read. */
    @Test
    void limitsAreTheFilesLimit() {
        Node n = Yaml.parse("a: " + "x".repeat(3_600_000) + "\n", "f.yaml");
        assertEquals(3_600_000, ((Node.Scalar) ((Node.MapNode) n).get("a")).text().length());
        assertEquals(1_000_000, ((Node.MapNode) Yaml.parse("? " + "k".repeat(1_000_000) + "\n: 1\n", "f.yaml")).entries()
                .keySet().iterator().next().length());
        assertEquals("f.yaml: larger than 4 MiB (4,194,304 bytes); configuration files may have at most 4 MiB (4,194,304"
                + " bytes)", error("a: " + "x".repeat(4_200_000)));
    }
}

package org.lcpsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NodeAndReaderTest {
    @Test
    void withReplacesNestedValuesAndCreatesMissingMappings() {
        Node root = Yaml.parse("a: {b: 1}\nlist: [{x: 1}, {x: 2}]\n", "t.yaml");
        Node v = Yaml.parse("5", "v.yaml");
        Node r = Node.with(root, List.of("a", "b"), v);
        assertEquals("5", ((Node.Scalar) Node.at(r, List.of("a", "b"))).text());
        r = Node.with(r, List.of("a", "c", "d"), v);
        assertEquals("5", ((Node.Scalar) Node.at(r, List.of("a", "c", "d"))).text());
        r = Node.with(r, List.of("list", "1", "x"), v);
        assertEquals("5", ((Node.Scalar) Node.at(r, List.of("list", "1", "x"))).text());
        // the original is untouched
        assertEquals("1", ((Node.Scalar) Node.at(root, List.of("a", "b"))).text());
        assertThrows(IllegalArgumentException.class, () -> Node.with(root, List.of("a", "b", "c"), v));
        assertThrows(IllegalArgumentException.class, () -> Node.with(root, List.of("list", "7", "x"), v));
    }

    @Test
    void duplicateKeysAreErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> Yaml.parse("a: 1\nb: 2\na: 3\n", "d.yaml"));
        assertEquals("d.yaml:3:1: $.a: duplicate key (first at line 1)", e.errors().get(0).toString());
    }

    @Test
    void readerTypesRangesAndUnknownFields() {
        Errors errors = new Errors();
        MapReader r = MapReader.of(Yaml.parse("n: 3\nx: 2.5\ns: hi\nb: maybe\nextra: 1\n", "r.yaml"), "$", errors);
        assertEquals(3, r.integer("n", 0, 0, 10));
        assertEquals(2.5, r.number("x", 0.0, 0, 10));
        assertEquals("hi", r.string("s", null));
        assertEquals(null, r.bool("b", false));
        assertEquals(null, r.integer("x", 0, 0, 10));
        assertEquals(7, r.integer("missing", 7, 0, 10));
        r.end();
        List<String> lines = errors.list().stream().map(ConfigError::toString).toList();
        assertTrue(lines.contains("r.yaml:4:4: $.b: expected true or false, found a string 'maybe'"), lines.toString());
        assertTrue(lines.contains("r.yaml:2:4: $.x: expected an integer, found a number '2.5'"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("r.yaml:5:1: $.extra: unknown field")), lines.toString());
    }
}

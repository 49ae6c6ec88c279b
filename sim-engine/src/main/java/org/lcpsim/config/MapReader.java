package org.lcpsim.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one YAML mapping with their types, ranges and defaults, records every
 * problem with its position, and at {@link #end()} reports the fields nobody asked for as
 * unknown. A missing or ill-typed mapping reads as empty, so binding continues.
 */
public final class MapReader {
    private final Node.MapNode node;
    private final String path;
    private final Errors errors;
    private final Set<String> known = new HashSet<>();

    private MapReader(Node.MapNode node, String path, Errors errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /** Reads {@code n} as a mapping; records an error (and reads as empty) when it is not one. */
    public static MapReader of(Node n, String path, Errors errors) {
        if (n instanceof Node.MapNode m) {
            return new MapReader(m, path, errors);
        }
        errors.add(n, path, "expected a mapping, found " + n.kindName());
        return new MapReader(new Node.MapNode(n.location(), Map.of()), path, errors);
    }

    public Errors errors() {
        return errors;
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path + "." + key;
    }

    public Location location() {
        return node.location();
    }

    public Node.MapNode node() {
        return node;
    }

    /**
     * Whether the field is given. An explicit null ({@code seed:} with nothing after it, or
     * {@code ~}) is an error, not a silent default: it is most often a value forgotten.
     */
    public boolean has(String key) {
        boolean first = known.add(key);
        Node n = node.get(key);
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL) {
            if (first) {
                errors.add(n, path(key), "no value (null); give one, or remove the field to use its default");
            }
            return false;
        }
        return n != null;
    }

    /** The raw node of a field, or null when absent. */
    public Node node(String key) {
        known.add(key);
        return node.get(key);
    }

    public Location location(String key) {
        Node.Entry e = node.entries().get(key);
        return e == null ? node.location() : e.value().location();
    }

    /** Records an error at a field (or at the mapping when the field is absent). */
    public void error(String key, String message) {
        errors.add(location(key), path(key), message);
    }

    private Node required(String key, String what) {
        if (!has(key)) {
            errors.add(node.location(), path(key), "missing required field (" + what + ")");
            return null;
        }
        return node.get(key);
    }

    public String string(String key, String def) {
        return has(key) ? Values.string(node.get(key), path(key), errors) : def;
    }

    public String requiredString(String key) {
        Node n = required(key, "a string");
        return n == null ? null : Values.string(n, path(key), errors);
    }

    public String choice(String key, Collection<String> options, String def) {
        return has(key) ? Values.choice(node.get(key), path(key), errors, options) : def;
    }

    public String requiredChoice(String key, Collection<String> options) {
        Node n = required(key, "one of: " + String.join(", ", options));
        return n == null ? null : Values.choice(n, path(key), errors, options);
    }

    public Integer integer(String key, Integer def, int min, int max) {
        return has(key) ? Values.integer(node.get(key), path(key), errors, min, max) : def;
    }

    public Integer requiredInteger(String key, int min, int max) {
        Node n = required(key, "an integer");
        return n == null ? null : Values.integer(n, path(key), errors, min, max);
    }

    public Long longValue(String key, Long def, long min, long max) {
        return has(key) ? Values.longValue(node.get(key), path(key), errors, min, max) : def;
    }

    public Double number(String key, Double def, double min, double max) {
        return has(key) ? Values.number(node.get(key), path(key), errors, min, max) : def;
    }

    public Double requiredNumber(String key, double min, double max) {
        Node n = required(key, "a number");
        return n == null ? null : Values.number(n, path(key), errors, min, max);
    }

    /** A number in (0, max] (see {@link Values#positiveNumber}). */
    public Double positiveNumber(String key, Double def, double max) {
        return has(key) ? Values.positiveNumber(node.get(key), path(key), errors, max) : def;
    }

    public Double requiredPositiveNumber(String key, double max) {
        Node n = required(key, "a number");
        return n == null ? null : Values.positiveNumber(n, path(key), errors, max);
    }

    public Boolean bool(String key, Boolean def) {
        return has(key) ? Values.bool(node.get(key), path(key), errors) : def;
    }

    /** A nested mapping; null (no error) when absent. */
    public MapReader map(String key) {
        return has(key) ? MapReader.of(node.get(key), path(key), errors) : null;
    }

    public MapReader requiredMap(String key) {
        Node n = required(key, "a mapping");
        return n == null ? null : MapReader.of(n, path(key), errors);
    }

    /** Items of a list field; empty (no error) when absent. */
    public List<Node> list(String key) {
        if (!has(key)) {
            return List.of();
        }
        Node n = node.get(key);
        if (n instanceof Node.ListNode l) {
            return l.items();
        }
        errors.add(n, path(key), "expected a list, found " + n.kindName());
        return List.of();
    }

    /** Marks fields as known that another reader of the same mapping handles. */
    public MapReader accept(String... keys) {
        known.addAll(List.of(keys));
        return this;
    }

    /** The most unknown fields of one mapping reported one by one; the rest are counted. */
    static final int MAX_UNKNOWN = 10;

    /**
     * Reports the fields of this mapping that no read asked for: the first {@link #MAX_UNKNOWN}
     * one by one, then how many more (a file of another kind must not be replayed key by key).
     */
    public void end() {
        List<Node.Entry> unknown = node.entries().values().stream().filter(e -> !known.contains(e.key())).toList();
        List<String> expected = known.stream().sorted().toList();
        for (int i = 0; i < unknown.size(); i++) {
            Node.Entry e = unknown.get(i);
            if (i == MAX_UNKNOWN) {
                errors.add(e.keyLocation(), path, (unknown.size() - MAX_UNKNOWN) + " more unknown fields from here on"
                        + " (is this the right file?)");
                return;
            }
            errors.add(e.keyLocation(), path(e.key()), "unknown field" + (expected.isEmpty() ? ""
                    : "; expected one of: " + String.join(", ", expected)));
        }
    }
}

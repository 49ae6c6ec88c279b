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
        ReadLog.note(path, ReadLog.Kind.MAP);
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
        if (ReadLog.active()) {
            ReadLog.note(path(key), ReadLog.Kind.HAS);
        }
        return present(key);
    }

    private boolean present(String key) {
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
        if (ReadLog.active()) {
            ReadLog.note(path(key), ReadLog.Kind.NODE);
        }
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
        if (!present(key)) {
            errors.add(node.location(), path(key), "missing required field (" + what + ")");
            return null;
        }
        return node.get(key);
    }

    /** Tells the {@link ReadLog} what a typed read asks for. */
    private void note(String key, ReadLog.Kind kind, double min, double max, java.util.Collection<String> options,
                      Object def, boolean required, Object value) {
        if (ReadLog.active()) {
            ReadLog.note(path(key), kind, min, max, options == null ? null : List.copyOf(options), !required, def, required,
                    value);
        }
    }

    public String string(String key, String def) {
        note(key, ReadLog.Kind.STRING, Double.NaN, Double.NaN, null, def, false, null);
        return present(key) ? Values.string0(node.get(key), path(key), errors) : def;
    }

    public String requiredString(String key) {
        note(key, ReadLog.Kind.STRING, Double.NaN, Double.NaN, null, null, true, null);
        Node n = required(key, "a string");
        return n == null ? null : Values.string0(n, path(key), errors);
    }

    public String choice(String key, Collection<String> options, String def) {
        String v = present(key) ? Values.choice0(node.get(key), path(key), errors, options) : def;
        note(key, ReadLog.Kind.CHOICE, Double.NaN, Double.NaN, options, def, false, v);
        return v;
    }

    public String requiredChoice(String key, Collection<String> options) {
        Node n = required(key, "one of: " + String.join(", ", options));
        String v = n == null ? null : Values.choice0(n, path(key), errors, options);
        note(key, ReadLog.Kind.CHOICE, Double.NaN, Double.NaN, options, null, true, v);
        return v;
    }

    public Integer integer(String key, Integer def, int min, int max) {
        note(key, ReadLog.Kind.INTEGER, min, max, null, def, false, null);
        return present(key) ? Values.integer0(node.get(key), path(key), errors, min, max) : def;
    }

    public Integer requiredInteger(String key, int min, int max) {
        note(key, ReadLog.Kind.INTEGER, min, max, null, null, true, null);
        Node n = required(key, "an integer");
        return n == null ? null : Values.integer0(n, path(key), errors, min, max);
    }

    public Long longValue(String key, Long def, long min, long max) {
        note(key, ReadLog.Kind.INTEGER, min, max, null, def, false, null);
        return present(key) ? Values.longValue0(node.get(key), path(key), errors, min, max) : def;
    }

    public Double number(String key, Double def, double min, double max) {
        note(key, ReadLog.Kind.NUMBER, min, max, null, def, false, null);
        return present(key) ? Values.number0(node.get(key), path(key), errors, min, max) : def;
    }

    public Double requiredNumber(String key, double min, double max) {
        note(key, ReadLog.Kind.NUMBER, min, max, null, null, true, null);
        Node n = required(key, "a number");
        return n == null ? null : Values.number0(n, path(key), errors, min, max);
    }

    /** A number in (0, max] (see {@link Values#positiveNumber}). */
    public Double positiveNumber(String key, Double def, double max) {
        note(key, ReadLog.Kind.POSITIVE, 0, max, null, def, false, null);
        return present(key) ? Values.positiveNumber0(node.get(key), path(key), errors, max) : def;
    }

    public Double requiredPositiveNumber(String key, double max) {
        note(key, ReadLog.Kind.POSITIVE, 0, max, null, null, true, null);
        Node n = required(key, "a number");
        return n == null ? null : Values.positiveNumber0(n, path(key), errors, max);
    }

    public Boolean bool(String key, Boolean def) {
        Boolean v = present(key) ? Values.bool0(node.get(key), path(key), errors) : def;
        note(key, ReadLog.Kind.BOOLEAN, Double.NaN, Double.NaN, null, def, false, v);
        return v;
    }

    /** A nested mapping; null (no error) when absent. */
    public MapReader map(String key) {
        note(key, ReadLog.Kind.MAP, Double.NaN, Double.NaN, null, null, false, null);
        return present(key) ? MapReader.of(node.get(key), path(key), errors) : null;
    }

    public MapReader requiredMap(String key) {
        note(key, ReadLog.Kind.MAP, Double.NaN, Double.NaN, null, null, true, null);
        Node n = required(key, "a mapping");
        return n == null ? null : MapReader.of(n, path(key), errors);
    }

    /** Items of a list field; empty (no error) when absent. */
    public List<Node> list(String key) {
        if (ReadLog.active()) {
            ReadLog.note(path(key), ReadLog.Kind.LIST);
        }
        if (!present(key)) {
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
        for (String k : ReadLog.active() ? keys : new String[0]) {
            ReadLog.note(path(k), ReadLog.Kind.HAS);
        }
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

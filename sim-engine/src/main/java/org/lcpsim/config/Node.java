package org.lcpsim.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value with the place it was written. Immutable; {@link #with} builds modified copies. */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {
    Location location();

    String kindName();

    /** A key of a mapping, with where the key was written. */
    record Entry(String key, Location keyLocation, Node value) {
    }

    record MapNode(Location location, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    record ListNode(Location location, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A scalar: its text and what YAML made of it. */
    record Scalar(Location location, String text, Type type) implements Node {
        public enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        @Override
        public String kindName() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
            };
        }
    }

    /**
     * A copy of {@code root} with the value at the dotted {@code path} replaced (list items by
     * index, e.g. {@code cluster.devices.0.count}); missing mappings on the way are created.
     * Throws IllegalArgumentException when the path runs through a scalar or past a list's end.
     */
    static Node with(Node root, List<String> path, Node value) {
        if (path.isEmpty()) {
            return value;
        }
        String head = path.get(0);
        List<String> rest = path.subList(1, path.size());
        if (root instanceof MapNode m) {
            Map<String, Entry> copy = new LinkedHashMap<>(m.entries());
            Entry old = copy.get(head);
            Node child = old == null ? new MapNode(value.location(), Map.of()) : old.value();
            copy.put(head, new Entry(head, old == null ? value.location() : old.keyLocation(), with(child, rest, value)));
            return new MapNode(m.location(), copy);
        }
        if (root instanceof ListNode l) {
            int i;
            try {
                i = Integer.parseInt(head);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + head + "' is not a list index");
            }
            if (i < 0 || i >= l.items().size()) {
                throw new IllegalArgumentException("list index " + i + " is out of range (" + l.items().size() + " items)");
            }
            List<Node> items = new ArrayList<>(l.items());
            items.set(i, with(items.get(i), rest, value));
            return new ListNode(l.location(), items);
        }
        if (root instanceof Scalar s && s.type() == Scalar.Type.NULL) {
            return with(new MapNode(s.location(), Map.of()), path, value);
        }
        throw new IllegalArgumentException("'" + head + "' is inside " + root.kindName() + ", not a mapping");
    }

    /** The node at a dotted path, or null. */
    static Node at(Node root, List<String> path) {
        Node n = root;
        for (String p : path) {
            if (n instanceof MapNode m) {
                n = m.get(p);
            } else if (n instanceof ListNode l) {
                try {
                    int i = Integer.parseInt(p);
                    n = i >= 0 && i < l.items().size() ? l.items().get(i) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
            if (n == null) {
                return null;
            }
        }
        return n;
    }
}

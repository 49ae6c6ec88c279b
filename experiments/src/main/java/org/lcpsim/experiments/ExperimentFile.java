package org.lcpsim.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;

/**
 * An experiment file and its design points. The {@code sweep} section is a grid: every field
 * path maps to a list of values, and the points are the cartesian product, the first path
 * varying slowest. A value may be a scalar or a whole mapping (e.g. a strategy). Each point is
 * the file with those values put in, bound and checked like a file of its own; an error in a
 * swept value points at the value in the sweep section.
 */
public final class ExperimentFile {
    /** One point of the sweep: its index, its swept values by path, and the resolved document. */
    public record DesignPoint(int id, Map<String, String> values, Node document) {
    }

    record Axis(String path, Node.Entry entry, List<Node> values) {
    }

    private final Path path;
    private final Node root;
    private final List<Axis> axes;
    private final ExperimentBinder binder;
    private final List<ConfigError> sweepErrors;

    private ExperimentFile(Path path, Node root) {
        this.path = path;
        this.root = root;
        Path dir = path.toAbsolutePath().getParent();
        this.binder = new ExperimentBinder(dir == null ? Path.of(".") : dir);
        Errors errors = new Errors();
        this.axes = readSweep(root, errors);
        this.sweepErrors = errors.list();
    }

    /** Parses the file; a YAML syntax error throws {@link org.lcpsim.config.ConfigException}. */
    public static ExperimentFile load(Path path) {
        return new ExperimentFile(path, Yaml.read(path));
    }

    public static ExperimentFile parse(String text, Path path) {
        return new ExperimentFile(path, Yaml.parse(text, path.toString()));
    }

    public Path path() {
        return path;
    }

    public Node root() {
        return root;
    }

    public List<String> sweptPaths() {
        return axes.stream().map(Axis::path).toList();
    }

    public int pointCount() {
        long n = 1;
        for (Axis a : axes) {
            n *= Math.max(1, a.values().size());
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** Every design point, in order; points whose substitution fails record an error instead. */
    public List<DesignPoint> points(Errors errors) {
        errors.addAll(sweepErrors);
        List<DesignPoint> out = new ArrayList<>();
        int n = pointCount();
        for (int id = 0; id < n; id++) {
            DesignPoint p = point(id, errors);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The point with this index (mixed-radix over the axes, the last axis varying fastest). */
    public DesignPoint point(int id, Errors errors) {
        int[] idx = new int[axes.size()];
        int rest = id;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int size = axes.get(a).values().size();
            idx[a] = rest % size;
            rest /= size;
        }
        Node doc = root;
        Map<String, String> values = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            Node value = axis.values().get(idx[a]);
            try {
                doc = Node.with(doc, Arrays.asList(axis.path().split("\\.")), value);
            } catch (IllegalArgumentException e) {
                errors.add(axis.entry().keyLocation(), "$.sweep." + axis.path(), "cannot sweep this path: " + e.getMessage());
                return null;
            }
            values.put(axis.path(), render(value));
        }
        return new DesignPoint(id, values, doc);
    }

    /** Binds a point; null when invalid (errors recorded). */
    public ExperimentSpec bind(DesignPoint point, Errors errors) {
        return binder.bind(point.document(), errors);
    }

    /** All errors of the file: its sweep, and every design point bound (duplicates merged). */
    public List<ConfigError> validate() {
        Errors errors = new Errors();
        for (DesignPoint p : points(errors)) {
            bind(p, errors);
        }
        return errors.list();
    }

    private static List<Axis> readSweep(Node root, Errors errors) {
        if (!(root instanceof Node.MapNode m) || m.get("sweep") == null) {
            return List.of();
        }
        Node sweep = m.get("sweep");
        if (sweep instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL) {
            return List.of();
        }
        MapReader r = MapReader.of(sweep, "$.sweep", errors);
        List<Axis> axes = new ArrayList<>();
        for (Node.Entry e : r.node().entries().values()) {
            r.accept(e.key());
            String first = e.key().split("\\.")[0];
            if (!ExperimentBinder.SWEEPABLE.contains(first)) {
                errors.add(e.keyLocation(), "$.sweep." + e.key(), "cannot sweep '" + first + "': not a field of an experiment"
                        + " (sweepable: " + String.join(", ", ExperimentBinder.SWEEPABLE) + ")");
                continue;
            }
            if (!(e.value() instanceof Node.ListNode l) || l.items().isEmpty()) {
                errors.add(e.value(), "$.sweep." + e.key(), "expected a non-empty list of values");
                continue;
            }
            axes.add(new Axis(e.key(), e, l.items()));
        }
        return axes;
    }

    /** A swept value as it appears in results: scalars as written, mappings in flow style. */
    static String render(Node n) {
        if (n instanceof Node.Scalar s) {
            return s.text();
        }
        if (n instanceof Node.ListNode l) {
            List<String> parts = new ArrayList<>();
            for (Node i : l.items()) {
                parts.add(render(i));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        Node.MapNode m = (Node.MapNode) n;
        List<String> parts = new ArrayList<>();
        for (Node.Entry e : m.entries().values()) {
            parts.add(e.key() + ": " + render(e.value()));
        }
        return "{" + String.join(", ", parts) + "}";
    }
}

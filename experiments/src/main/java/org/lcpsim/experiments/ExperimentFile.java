package org.lcpsim.experiments;

import org.lcpsim.config.FileSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Location;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Values;
import org.lcpsim.config.Yaml;

/**
 * An experiment file and its design points. The {@code sweep} section defines them:
 * <ul>
 *   <li>{@code PATH: [v1, v2, ...]}: an axis over a field path (list items by index, e.g.
 *       {@code cluster.devices.0.count}); a value may be a scalar or a whole mapping;</li>
 *   <li>{@code PATH: {from: a, to: b, step: s}}: an axis over a range, both ends included;</li>
 *   <li>{@code zip: {PATH: [...], PATH: [...]}} (or a list of such mappings): paths varied
 *       together, the i-th values of each forming the i-th point of one axis;</li>
 *   <li>{@code where: EXPR} (or a list, all must hold): keeps the points for which the
 *       expression holds, e.g. {@code strategy.branches <= cluster.devices.0.count} (see {@link Filter});</li>
 *   <li>{@code sample: {count: N, seed: S}}: keeps N points drawn at random (without
 *       replacement, in grid order), after the filter.</li>
 * </ul>
 * The points are the cartesian product of the axes, the first axis varying slowest. Each point
 * is the file with those values put in, bound and checked like a file of its own; an error in a
 * swept value points at the value in the sweep section.
 */
public final class ExperimentFile {
    /** One point of the sweep: its index, its swept values by path, and the resolved document. */
    public record DesignPoint(int id, Map<String, String> values, Node document) {
    }

    /** One axis: one path, or several varied together (zip); values[i][k] is path k's i-th value. */
    record Axis(List<String> paths, List<Location> locations, List<List<Node>> values) {
        int size() {
            return values.size();
        }
    }

    private final Path path;
    private final String text;
    private final FileSource files;
    private final Node root;
    private final List<Axis> axes;
    private final ExperimentBinder binder;
    private final List<ConfigError> sweepErrors;
    private final List<Filter> filters = new ArrayList<>();
    /** Grid indices of the points kept by filters and sampling; null when every grid point is kept. */
    private final int[] selected;
    /** True when the product of the axes exceeds {@link #MAX_GRID}: the file then has no points. */
    private final boolean tooLarge;

    /** The most grid points a sweep may have (the product of its axes, before filters and sampling). */
    public static final long MAX_GRID = 10_000_000;
    /** The most values one range may have. */
    static final long MAX_RANGE = 1_000_000;
    /** The most segments a swept path may have (no experiment field is nested nearly that deep). */
    static final int MAX_PATH_SEGMENTS = 100;

    private ExperimentFile(Path path, String text, FileSource files) {
        this.path = path;
        this.text = text;
        this.files = FileSource.once(files);
        this.root = Yaml.parse(text, path.toString());
        this.binder = new ExperimentBinder(baseDirOf(path), this.files);
        Errors errors = new Errors();
        this.axes = new ArrayList<>();
        Sample sample = readSweep(root, errors);
        long grid = gridSizeExact();
        this.tooLarge = grid > MAX_GRID;
        if (tooLarge) {
            Node sweep = ((Node.MapNode) root).get("sweep");
            errors.add(sweep, "$.sweep", "the sweep has " + (grid == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : grid)
                    + " design points (the product of its axes); at most " + MAX_GRID);
        }
        this.selected = errors.isEmpty() ? select(sample) : null;
        this.sweepErrors = errors.list();
    }

    private record Sample(int count, long seed) {
    }

    /** Parses the file; a YAML syntax error throws {@link org.lcpsim.config.ConfigException}. */
    public static ExperimentFile load(Path path) {
        return new ExperimentFile(path, Yaml.readText(path), FileSource.DISK);
    }

    public static ExperimentFile parse(String text, Path path) {
        return new ExperimentFile(path, text, FileSource.DISK);
    }

    /** Parses the text as the file at {@code path}, reading the files it names from {@code files}. */
    public static ExperimentFile parse(String text, Path path, FileSource files) {
        return new ExperimentFile(path, text, files);
    }

    public Path path() {
        return path;
    }

    public Node root() {
        return root;
    }

    /** The file's text, as parsed. */
    public String text() {
        return text;
    }

    /** The reference to a model file of this point ({@code model: {file: REF}}), or null (a zoo model). */
    public static String modelFileReference(DesignPoint point) {
        return modelFile(point.document()) instanceof Node.Scalar s ? s.text() : null;
    }

    /** The text of a file this experiment names, read as the binder reads it. */
    public String referencedFile(String reference) {
        return files.read(baseDir().resolve(reference));
    }

    public List<String> sweptPaths() {
        List<String> paths = new ArrayList<>();
        for (Axis a : axes) {
            paths.addAll(a.paths());
        }
        return paths;
    }

    public int pointCount() {
        if (tooLarge) {
            return 0;
        }
        return selected != null ? selected.length : gridSize();
    }

    /** The number of grid points; only called when it is at most {@link #MAX_GRID}. */
    private int gridSize() {
        return (int) gridSizeExact();
    }

    /** The product of the axis sizes, Long.MAX_VALUE when it overflows. */
    private long gridSizeExact() {
        long n = 1;
        for (Axis a : axes) {
            try {
                n = Math.multiplyExact(n, Math.max(1, a.size()));
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** Every design point, in order; points whose substitution fails record an error instead. */
    public List<DesignPoint> points(Errors errors) {
        List<DesignPoint> out = new ArrayList<>();
        forEachPoint(errors, out::add);
        return out;
    }

    /**
     * Gives every design point to {@code action} in order, one at a time (a large sweep is never
     * held in memory); points whose substitution fails record an error instead.
     */
    public void forEachPoint(Errors errors, java.util.function.Consumer<DesignPoint> action) {
        errors.addAll(sweepErrors);
        int n = pointCount();
        for (int id = 0; id < n; id++) {
            DesignPoint p = point(id, errors);
            if (p != null) {
                action.accept(p);
            }
        }
    }

    /** The point with this index, after filters and sampling. */
    public DesignPoint point(int id, Errors errors) {
        DesignPoint p = gridPoint(selected == null ? id : selected[id], errors);
        return p == null ? null : new DesignPoint(id, p.values(), p.document());
    }

    /** Sizes of the sweep's axes, in order (the grid the explorer searches). */
    public int[] axisSizes() {
        return axes.stream().mapToInt(Axis::size).toArray();
    }

    /** The point id of a grid point, or -1 when filters or sampling leave it out. */
    public int pointIdOfGrid(int gridIndex) {
        if (selected == null) {
            return gridIndex < gridSize() ? gridIndex : -1;
        }
        int i = Arrays.binarySearch(selected, gridIndex);
        return i >= 0 ? i : -1;
    }

    /** The grid point with this index (mixed-radix over the axes, the last axis varying fastest). */
    private DesignPoint gridPoint(int gridIndex, Errors errors) {
        int[] idx = new int[axes.size()];
        int rest = gridIndex;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int size = axes.get(a).size();
            idx[a] = rest % size;
            rest /= size;
        }
        Node doc = root;
        Map<String, String> values = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            List<Node> row = axis.values().get(idx[a]);
            for (int k = 0; k < axis.paths().size(); k++) {
                String path = axis.paths().get(k);
                try {
                    doc = Node.with(doc, Arrays.asList(path.split("\\.")), row.get(k));
                } catch (IllegalArgumentException e) {
                    errors.add(axis.locations().get(k), "$.sweep." + path, "cannot sweep this path: " + e.getMessage());
                    return null;
                }
                values.put(path, render(row.get(k)));
            }
        }
        return new DesignPoint(gridIndex, values, doc);
    }

    private int[] select(Sample sample) {
        if (filters.isEmpty() && sample == null) {
            return null;
        }
        int grid = gridSize();
        int[] kept = new int[grid];
        int k = 0;
        for (int i = 0; i < grid; i++) {
            if (!filters.isEmpty()) {
                DesignPoint p = gridPoint(i, new Errors());
                if (p == null || !filters.stream().allMatch(f -> f.test(p.document()))) {
                    continue;
                }
            }
            kept[k++] = i;
        }
        kept = Arrays.copyOf(kept, k);
        if (sample != null && sample.count() < kept.length) {
            // Floyd's algorithm: a uniform subset of the kept points, listed in grid order
            java.util.SplittableRandom random = new java.util.SplittableRandom(sample.seed());
            java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
            for (int j = kept.length - sample.count(); j < kept.length; j++) {
                int t = random.nextInt(j + 1);
                chosen.add(chosen.contains(t) ? j : t);
            }
            int[] out = new int[chosen.size()];
            int m = 0;
            for (int c : chosen) {
                out[m++] = kept[c];
            }
            return out;
        }
        return kept;
    }

    /** The binder's base directory: where relative paths of the file resolve. */
    public Path baseDir() {
        return baseDirOf(path);
    }

    /** The folder relative paths of the file at {@code path} resolve against. */
    public static Path baseDirOf(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        return dir == null ? Path.of(".") : dir;
    }

    /**
     * The identity of a point's configuration: SHA-256 (hex, first 32 digits) of its resolved
     * document in a canonical form (keys sorted; the sweep, reference, explore and description
     * sections left out), of the files it names (a model file's content), and of the effective
     * seed. Reordering a sweep keeps each point's key; changing anything the point depends on
     * changes it.
     */
    public String configKey(DesignPoint point, Long seedOverride) {
        StringBuilder b = new StringBuilder();
        canonical(point.document(), b, 0);
        b.append("|seed=").append(seedOverride == null ? "file" : Long.toString(seedOverride));
        // results of another record format are not reused
        b.append("|format=").append(org.lcpsim.reports.RunInfo.FORMAT);
        // the files the point names are part of its configuration: a changed file is a new point
        for (String file : fileReferences(point.document())) {
            b.append("|file=").append(file).append('=');
            try {
                b.append(referencedFile(file));
            } catch (org.lcpsim.config.ConfigException e) {
                b.append("unreadable");
            }
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every file a point's document names: the model's {@code file}, each device's {@code file},
     * and each device's profile {@code file} (also inside a device's frameworks), in document order.
     */
    static List<String> fileReferences(Node doc) {
        List<String> out = new ArrayList<>();
        if (modelFile(doc) instanceof Node.Scalar s) {
            out.add(s.text());
        }
        Node devices = Node.at(doc, List.of("cluster", "devices"));
        if (devices instanceof Node.ListNode l) {
            for (Node d : l.items()) {
                if (Node.at(d, List.of("file")) instanceof Node.Scalar s) {
                    out.add(s.text()); // a device file: its fields are the device's configuration
                }
                profileFiles(d, out);
            }
        }
        return out;
    }

    private static Node modelFile(Node doc) {
        return Node.at(doc, List.of("model", "file"));
    }

    private static void profileFiles(Node device, List<String> out) {
        if (Node.at(device, List.of("profile", "file")) instanceof Node.Scalar s) {
            out.add(s.text());
        }
        if (Node.at(device, List.of("frameworks")) instanceof Node.MapNode frameworks) {
            for (Node.Entry e : frameworks.entries().values()) {
                profileFiles(e.value(), out);
            }
        }
    }

    private static final java.util.Set<String> NOT_CONFIGURATION = java.util.Set.of("sweep", "reference", "explore",
            "description");

    private static void canonical(Node n, StringBuilder b, int depth) {
        if (n instanceof Node.Scalar s) {
            b.append(s.type().name().charAt(0)).append(':').append(s.text().length()).append(':').append(s.text());
        } else if (n instanceof Node.ListNode l) {
            b.append('[');
            for (Node i : l.items()) {
                canonical(i, b, depth + 1);
                b.append(',');
            }
            b.append(']');
        } else {
            Node.MapNode m = (Node.MapNode) n;
            b.append('{');
            for (String k : new java.util.TreeSet<>(m.entries().keySet())) {
                if (depth == 0 && NOT_CONFIGURATION.contains(k)) {
                    continue;
                }
                b.append(k.length()).append(':').append(k).append('=');
                canonical(m.get(k), b, depth + 1);
                b.append(',');
            }
            b.append('}');
        }
    }

    /** Binds a point; null when invalid (errors recorded). */
    public ExperimentSpec bind(DesignPoint point, Errors errors) {
        return binder.bind(point.document(), errors);
    }

    /**
     * All errors of the file: its sweep, its reference values and explore section, and every
     * design point bound (duplicates merged).
     */
    public List<ConfigError> validate() {
        Errors errors = new Errors();
        org.lcpsim.experiments.reproduce.ReferenceFigure.read(root, errors);
        if (root instanceof Node.MapNode m && m.get("explore") != null) {
            org.lcpsim.experiments.explore.ExploreSpec.read(root, baseDir(), errors);
        }
        forEachPoint(errors, p -> bind(p, errors));
        return errors.list();
    }

    /** Reads the sweep section into {@link #axes} and {@link #filters}; returns the sampling, if any. */
    private Sample readSweep(Node root, Errors errors) {
        if (!(root instanceof Node.MapNode m) || m.get("sweep") == null) {
            return null;
        }
        Node sweep = m.get("sweep");
        if (sweep instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL) {
            return null;
        }
        MapReader r = MapReader.of(sweep, "$.sweep", errors);
        Sample sample = null;
        for (Node.Entry e : r.node().entries().values()) {
            r.accept(e.key());
            switch (e.key()) {
                case "zip" -> {
                    List<Node> zips = e.value() instanceof Node.ListNode l ? l.items() : List.of(e.value());
                    for (Node z : zips) {
                        readZip(z, errors);
                    }
                }
                case "where" -> {
                    List<Node> exprs = e.value() instanceof Node.ListNode l ? l.items() : List.of(e.value());
                    for (Node x : exprs) {
                        String text = Values.string(x, "$.sweep.where", errors);
                        if (text != null) {
                            try {
                                filters.add(Filter.parse(text));
                            } catch (IllegalArgumentException ex) {
                                errors.add(x, "$.sweep.where", ex.getMessage());
                            }
                        }
                    }
                }
                case "sample" -> {
                    MapReader sr = MapReader.of(e.value(), "$.sweep.sample", errors);
                    Integer count = sr.requiredInteger("count", 1, Integer.MAX_VALUE);
                    Long seed = sr.longValue("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
                    sr.end();
                    if (count != null && seed != null) {
                        sample = new Sample(count, seed);
                    }
                }
                default -> {
                    List<Node> values = values(e.key(), e.keyLocation(), e.value(), errors);
                    if (values != null) {
                        List<List<Node>> rows = new ArrayList<>();
                        for (Node v : values) {
                            rows.add(List.of(v));
                        }
                        axes.add(new Axis(List.of(e.key()), List.of(e.keyLocation()), rows));
                    }
                }
            }
        }
        return sample;
    }

    private void readZip(Node z, Errors errors) {
        MapReader zr = MapReader.of(z, "$.sweep.zip", errors);
        List<String> paths = new ArrayList<>();
        List<Location> locations = new ArrayList<>();
        List<List<Node>> columns = new ArrayList<>();
        for (Node.Entry e : zr.node().entries().values()) {
            zr.accept(e.key());
            List<Node> values = values(e.key(), e.keyLocation(), e.value(), errors);
            if (values == null) {
                return;
            }
            if (!columns.isEmpty() && values.size() != columns.get(0).size()) {
                errors.add(e.value(), "$.sweep.zip." + e.key(), "zipped lists must have the same length: " + values.size()
                        + " values here, " + columns.get(0).size() + " for " + paths.get(0));
                return;
            }
            paths.add(e.key());
            locations.add(e.keyLocation());
            columns.add(values);
        }
        if (paths.isEmpty()) {
            errors.add(z, "$.sweep.zip", "a zip needs at least one path");
            return;
        }
        List<List<Node>> rows = new ArrayList<>();
        for (int i = 0; i < columns.get(0).size(); i++) {
            List<Node> row = new ArrayList<>();
            for (List<Node> col : columns) {
                row.add(col.get(i));
            }
            rows.add(row);
        }
        axes.add(new Axis(paths, locations, rows));
    }

    /** The values of one swept path: a list, or a range {from, to, step}; null when invalid. */
    private static List<Node> values(String path, Location keyLocation, Node value, Errors errors) {
        String[] segments = path.split("\\.", -1);
        if (segments.length > MAX_PATH_SEGMENTS) {
            // substitution recurses once per segment: a path of thousands overflowed the stack
            errors.add(keyLocation, "$.sweep", "a swept path has at most " + MAX_PATH_SEGMENTS + " segments; this one has "
                    + segments.length);
            return null;
        }
        String first = segments[0];
        if (!ExperimentBinder.SWEEPABLE.contains(first)) {
            errors.add(keyLocation, "$.sweep." + path, "cannot sweep '" + first + "': not a field of an experiment"
                    + " (sweepable: " + String.join(", ", ExperimentBinder.SWEEPABLE) + ")");
            return null;
        }
        if (value instanceof Node.ListNode l && !l.items().isEmpty()) {
            return l.items();
        }
        if (value instanceof Node.MapNode) {
            MapReader r = MapReader.of(value, "$.sweep." + path, errors);
            Double from = r.requiredNumber("from", -Double.MAX_VALUE, Double.MAX_VALUE);
            Double to = r.requiredNumber("to", -Double.MAX_VALUE, Double.MAX_VALUE);
            Double step = r.positiveNumber("step", 1.0, Double.MAX_VALUE);
            r.end();
            if (from == null || to == null || step == null) {
                return null;
            }
            if (to < from) {
                errors.add(value, "$.sweep." + path, "range goes down: to (" + to + ") < from (" + from + ")");
                return null;
            }
            // in doubles first: a span of 1e300 steps (or an infinite one) must not wrap around a long
            double steps = Math.floor((to - from) / step + 1e-9);
            if (!(steps < MAX_RANGE)) {
                errors.add(value, "$.sweep." + path, "range has " + (steps < 1e18 ? Long.toString((long) steps + 1)
                        : "more than 1e18") + " values; at most " + MAX_RANGE);
                return null;
            }
            long count = (long) steps + 1;
            boolean integers = isInteger(value, "from") && isInteger(value, "to") && isInteger(value, "step");
            List<Node> out = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                double v = from + i * step;
                String text = integers ? Long.toString(Math.round(v))
                        : new java.math.BigDecimal(v).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString();
                out.add(new Node.Scalar(value.location(), text, integers ? Node.Scalar.Type.INTEGER : Node.Scalar.Type.FLOAT));
            }
            return out;
        }
        errors.add(value, "$.sweep." + path, "expected a non-empty list of values or a range {from, to, step}");
        return null;
    }

    private static boolean isInteger(Node map, String key) {
        Node n = ((Node.MapNode) map).get(key);
        return n == null ? key.equals("step") : n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.INTEGER;
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

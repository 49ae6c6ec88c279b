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
 *       expression holds, e.g. {@code strategy.branches <= cluster.devices.0.count} (see {@link Filter}).
 *       Its names must be fields a point can have, its comparisons able to hold (not text against a
 *       number), and it must keep at least one point: else it is an error, not an empty sweep;</li>
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
    /** The text of each filter, as written (where its errors point). */
    private final List<Node.Scalar> filterNodes = new ArrayList<>();
    /** The {@code where} value (a condition, or a list of them); null when there is none. */
    private Node where;
    /** Swept paths whose values could not be read (an error says why): names under them are not checked. */
    private final java.util.Set<String> unreadPaths = new java.util.HashSet<>();
    private final java.util.Map<String, String> importedDigests = new java.util.concurrent.ConcurrentHashMap<>();
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
        checkFilters(errors);
        long grid = gridSizeExact();
        this.tooLarge = grid > MAX_GRID;
        if (tooLarge) {
            Node sweep = ((Node.MapNode) root).get("sweep");
            errors.add(sweep, "$.sweep", "the sweep has " + (grid == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : grid)
                    + " design points (the product of its axes); at most " + MAX_GRID);
        }
        this.selected = errors.isEmpty() ? select(sample, errors) : null;
        if (errors.isEmpty() && where != null && selected != null && selected.length == 0) {
            int grid0 = gridSize();
            errors.add(where, "$.sweep.where", "keeps no design point: the filter rejected all " + grid0 + " grid point"
                    + (grid0 == 1 ? "" : "s") + " of the sweep; loosen it, or check its values against the swept ones");
        }
        this.sweepErrors = errors.list();
    }

    private record Sample(int count, long seed) {
    }

    /**
     * Parses the file; a YAML syntax error throws {@link org.lcpsim.config.ConfigException}. The
     * files it names are read inside its folder tree only.
     */
    public static ExperimentFile load(Path path) {
        return load(path, false);
    }

    /**
     * Parses the file, reading the files it names inside its folder's tree, or anywhere when
     * {@code allowOutsideFiles} (those outside are then named in messages, never quoted).
     */
    public static ExperimentFile load(Path path, boolean allowOutsideFiles) {
        return new ExperimentFile(path, Yaml.readText(path), FileSource.within(baseDirOf(path), allowOutsideFiles));
    }

    /** Parses the text as the file at {@code path}, reading the files it names inside that file's folder tree. */
    public static ExperimentFile parse(String text, Path path) {
        return new ExperimentFile(path, text, FileSource.within(baseDirOf(path), false));
    }

    /** Parses the text as the file at {@code path}, reading the files it names inside that file's folder tree or anywhere. */
    public static ExperimentFile parse(String text, Path path, boolean allowOutsideFiles) {
        return new ExperimentFile(path, text, FileSource.within(baseDirOf(path), allowOutsideFiles));
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

    /** Where the files this experiment names are read from (each once). */
    public FileSource files() {
        return files;
    }

    /** The ONNX file a point's model names ({@code model: {onnx: F}} or {@code {onnx: {file: F}}}), or null. */
    public static String onnxReference(DesignPoint point) {
        Node onnx = Node.at(point.document(), List.of("model", "onnx"));
        if (onnx instanceof Node.Scalar s) {
            return s.text();
        }
        return Node.at(onnx, List.of("file")) instanceof Node.Scalar s ? s.text() : null;
    }

    /** The Keras file a point's model names ({@code model: {keras: F}} or {@code {keras: {file: F}}}), or null. */
    public static String kerasReference(DesignPoint point) {
        Node keras = Node.at(point.document(), List.of("model", "keras"));
        if (keras instanceof Node.Scalar s) {
            return s.text();
        }
        return Node.at(keras, List.of("file")) instanceof Node.Scalar s ? s.text() : null;
    }

    /** SHA-256 of an imported model file's bytes (ONNX, Keras: whatever changes in it is a new configuration), once per file. */
    private String importedDigest(String reference) {
        return importedDigests.computeIfAbsent(reference, ref -> {
            try {
                Path p = baseDir().resolve(ref);
                if (!java.nio.file.Files.isRegularFile(p)
                        || java.nio.file.Files.size(p) > org.lcpsim.workload.onnx.OnnxReader.MAX_FILE_BYTES) {
                    return "unreadable";
                }
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(p)) {
                    byte[] buf = new byte[1 << 16];
                    long left = org.lcpsim.workload.onnx.OnnxReader.MAX_FILE_BYTES;
                    for (int n; left > 0 && (n = in.read(buf)) > 0; left -= n) {
                        md.update(buf, 0, n);
                    }
                }
                return java.util.HexFormat.of().formatHex(md.digest());
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                return "unreadable";
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
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

    /**
     * Every design point, in order; points whose substitution fails record an error instead. When
     * the sweep section has errors, only the first grid point.
     */
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
        // a sweep with errors (a filter that cannot be applied, ...) has no points to speak of: the first
        // grid point shows the file's own errors, without binding every point of a large grid
        int n = sweepErrors.isEmpty() ? pointCount() : Math.min(1, pointCount());
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

    private int[] select(Sample sample, Errors errors) {
        if (filters.isEmpty() && sample == null) {
            return null;
        }
        int grid = gridSize();
        int[] kept = new int[grid];
        int k = 0;
        for (int i = 0; i < grid; i++) {
            if (!filters.isEmpty()) {
                // a point that cannot be substituted says why (else the filter seemed to reject it)
                DesignPoint p = gridPoint(i, errors);
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
        String onnx = onnxReference(point);
        if (onnx != null) {
            b.append("|onnx=").append(onnx).append('=').append(importedDigest(onnx));
        }
        String keras = kerasReference(point);
        if (keras != null) {
            b.append("|keras=").append(keras).append('=').append(importedDigest(keras));
        }
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
            org.lcpsim.experiments.explore.ExploreSpec.read(root, baseDir(), files, errors);
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
                case "where" -> readWhere(e.value(), errors);
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
                    if (values == null) {
                        unreadPaths.add(e.key());
                    } else {
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

    /**
     * Reads {@code where}: a condition written as text, or a non-empty list of them (all must
     * hold). A number, a boolean, a mapping or a list inside the list is an error, not a filter
     * that keeps every point or none.
     */
    private void readWhere(Node value, Errors errors) {
        where = value;
        List<Node> exprs = value instanceof Node.ListNode l ? l.items() : List.of(value);
        if (exprs.isEmpty()) {
            errors.add(value, "$.sweep.where", "expected a condition such as 'strategy.branches <= cluster.devices.0.count'"
                    + " (or a list of them), found an empty list");
        }
        for (Node x : exprs) {
            if (!(x instanceof Node.Scalar s) || s.type() != Node.Scalar.Type.STRING) {
                errors.add(x, "$.sweep.where", "expected a condition such as 'strategy.branches <= cluster.devices.0.count'"
                        + (value instanceof Node.ListNode ? "" : " (or a list of them)") + ", found " + x.kindName()
                        + (x instanceof Node.Scalar s ? " " + s.text() : ""));
                continue;
            }
            try {
                filters.add(Filter.parse(s.text()));
                filterNodes.add(s);
            } catch (IllegalArgumentException ex) {
                errors.add(x, "$.sweep.where", ex.getMessage());
            }
        }
    }

    /** What the design points hold at one field path: the kinds of its scalar values, and whether it is ever a value. */
    private static final class Field {
        final java.util.EnumSet<Filter.Kind> kinds = java.util.EnumSet.noneOf(Filter.Kind.class);
        boolean scalar;
        boolean list;
        final java.util.Set<String> children = new java.util.TreeSet<>();
    }

    /**
     * Checks every name of the filters against the fields the design points can have (the
     * file's fields, those the swept values set or bring in) and the kinds of values of each,
     * from the axes' values: no point is enumerated.
     */
    private void checkFilters(Errors errors) {
        if (filters.isEmpty()) {
            return;
        }
        Map<String, Field> fields = fields();
        for (int i = 0; i < filters.size(); i++) {
            Filter f = filters.get(i);
            Node.Scalar node = filterNodes.get(i);
            boolean namesOk = true;
            for (Filter.NameRef ref : f.nameRefs()) {
                String name = ref.name();
                if (underUnread(name)) {
                    namesOk = false;
                    continue;
                }
                Field field = fields.get(name);
                if (field == null) {
                    namesOk = false;
                    errors.add(at(node, ref.offset()), "$.sweep.where", "unknown field '" + name + "': neither in the file"
                            + " nor swept" + suggestion(name, fields));
                } else if (!field.scalar) {
                    namesOk = false;
                    List<String> examples = field.children.stream().limit(4).map(c -> name + "." + c).toList();
                    errors.add(at(node, ref.offset()), "$.sweep.where", "'" + name + "' is " + (field.list ? "a list" : "a mapping")
                            + ", not a value"
                            + (examples.isEmpty() ? "" : "; compare one of its fields, e.g. " + String.join(", ", examples)));
                }
            }
            if (namesOk) {
                for (Filter.Problem problem : f.typeProblems(name -> fields.get(name).kinds)) {
                    errors.add(at(node, problem.offset()), "$.sweep.where", problem.message());
                }
            }
        }
    }

    private boolean underUnread(String name) {
        for (String p : unreadPaths) {
            if (name.equals(p) || name.startsWith(p + ".") || p.startsWith(name + ".")) {
                return true;
            }
        }
        return false;
    }

    /** " (did you mean 'X'?)" for the known value path closest to {@code name}, when one is close; else "". */
    private static String suggestion(String name, Map<String, Field> fields) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, Field> e : new java.util.TreeMap<>(fields).entrySet()) {
            if (!e.getValue().scalar) {
                continue;
            }
            int d = distance(name, e.getKey(), bestDistance);
            if (d < bestDistance) {
                best = e.getKey();
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, name.length() / 3)) {
            return " (did you mean '" + best + "'?)";
        }
        if (!name.contains(".")) {
            return "; a text value is quoted, e.g. '" + name + "'";
        }
        return "";
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once it cannot be below it. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Every field path some design point can have, with the kinds of its values: the file's
     * fields (but not those under a swept path, which every point replaces), each swept path and
     * the mappings on the way to it, and the fields inside the swept values. Costs one visit of
     * each swept value, not one per point.
     */
    private Map<String, Field> fields() {
        Map<String, Field> out = new java.util.HashMap<>();
        java.util.Set<String> swept = new java.util.HashSet<>(sweptPaths());
        if (root instanceof Node.MapNode m) {
            for (Node.Entry e : m.entries().values()) {
                if (!NOT_CONFIGURATION.contains(e.key())) {
                    walk(e.value(), e.key(), swept, out);
                }
            }
        }
        for (Axis axis : axes) {
            for (int k = 0; k < axis.paths().size(); k++) {
                String path = axis.paths().get(k);
                String[] segments = path.split("\\.");
                String prefix = segments[0];
                for (int i = 1; i < segments.length; i++) {
                    out.computeIfAbsent(prefix, x -> new Field()).children.add(segments[i]);
                    prefix = prefix + "." + segments[i];
                }
                for (List<Node> row : axis.values()) {
                    walk(row.get(k), path, java.util.Set.of(), out);
                }
            }
        }
        return out;
    }

    private static void walk(Node n, String path, java.util.Set<String> skip, Map<String, Field> out) {
        if (skip.contains(path)) {
            return;
        }
        Field f = out.computeIfAbsent(path, x -> new Field());
        if (n instanceof Node.Scalar s) {
            f.scalar = true;
            Filter.Kind kind = Filter.kindOf(s);
            if (kind != null) {
                f.kinds.add(kind);
            }
        } else if (n instanceof Node.MapNode m) {
            for (Node.Entry e : m.entries().values()) {
                f.children.add(e.key());
                walk(e.value(), path + "." + e.key(), skip, out);
            }
        } else if (n instanceof Node.ListNode l) {
            f.list = true;
            for (int i = 0; i < l.items().size(); i++) {
                f.children.add(Integer.toString(i));
                walk(l.items().get(i), path + "." + i, skip, out);
            }
        }
    }

    /**
     * Where the character at {@code offset} of a condition is in the file: the condition's own
     * position moved along its line when the text is written there as is (plain or quoted, on one
     * line); else the condition's position.
     */
    private Location at(Node.Scalar condition, int offset) {
        Location loc = condition.location();
        String line = lineOf(loc.line());
        int c = loc.column() - 1;
        if (line == null || c < 0 || c >= line.length()) {
            return loc;
        }
        if (line.startsWith(condition.text(), c)) {
            return new Location(loc.file(), loc.line(), loc.column() + offset);
        }
        char q = line.charAt(c);
        if ((q == '\'' || q == '"') && line.startsWith(condition.text(), c + 1)) {
            return new Location(loc.file(), loc.line(), loc.column() + 1 + offset);
        }
        return loc;
    }

    /** Line {@code n} (1-based) of the file's text, or null. */
    private String lineOf(int n) {
        int start = 0;
        for (int i = 1; i < n; i++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end < 0 ? text.length() : end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
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
                zr.node().entries().keySet().forEach(unreadPaths::add);
                return;
            }
            if (!columns.isEmpty() && values.size() != columns.get(0).size()) {
                zr.node().entries().keySet().forEach(unreadPaths::add);
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

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
 *       replacement, in grid order), after the filter; N may not exceed the points the filter keeps.</li>
 * </ul>
 * The points are the cartesian product of the axes, the first axis varying slowest. Each point
 * is the file with those values put in, bound and checked like a file of its own; an error in a
 * swept value points at the value in the sweep section.
 *
 * <p>Nothing here walks the grid: the kept points are counted and found by {@link Selection},
 * and {@link #validate()} checks the sweep axis by axis ({@link SweepCheck}).
 */
public final class ExperimentFile {
    /** One point of the sweep: its index, its swept values by path, and the resolved document. */
    public record DesignPoint(int id, Map<String, String> values, Node document) {
    }

    /**
     * What {@link #check} found: the errors, and whether every combination of the swept values that
     * the checks must see together was bound ({@code note} says what was checked when not).
     */
    public record Validation(List<ConfigError> errors, boolean exhaustive, String note) {
    }

    private final Path path;
    private final String text;
    private final FileSource files;
    private final Node root;
    private final List<SweepAxis> axes;
    private final ExperimentBinder binder;
    private final List<ConfigError> sweepErrors;
    private final List<Filter> filters = new ArrayList<>();
    /** The text of each filter, as written (where its errors point). */
    private final List<Node.Scalar> filterNodes = new ArrayList<>();
    /** The {@code where} value (a condition, or a list of them); null when there is none. */
    private Node where;
    /** The {@code sample} mapping, when there is one. */
    private Node sampleNode;
    /** Swept paths whose values could not be read (an error says why): names under them are not checked. */
    private final java.util.Set<String> unreadPaths = new java.util.HashSet<>();
    private final java.util.Map<String, String> importedDigests = new java.util.concurrent.ConcurrentHashMap<>();
    /** The kept and sampled points; null when the sweep section has errors (the file then has no points). */
    private final Selection selection;
    /** The result of {@link #check}, once computed. */
    private volatile Validation checked;
    private volatile Validation checkedEvery;

    /** The most grid points a sweep may have (the product of its axes, before filters and sampling). */
    public static final long MAX_GRID = 10_000_000;
    /** The most values one range may have. */
    static final long MAX_RANGE = 1_000_000;
    /** The most segments a swept path may have (no experiment field is nested nearly that deep). */
    static final int MAX_PATH_SEGMENTS = 100;
    /** The largest integer a range may reach: a double counts exactly up to 2^53. */
    static final double EXACT_INTEGER = 9007199254740992.0;

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
        if (grid > MAX_GRID) {
            // before anything looks at the values: a grid beyond the cap is refused at once
            Node sweep = ((Node.MapNode) root).get("sweep");
            errors.add(sweep, "$.sweep", "the sweep has " + (grid == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : grid)
                    + " design points (the product of its axes); at most " + MAX_GRID);
            this.selection = null;
            this.sweepErrors = errors.list();
            return;
        }
        checkFilters(errors);
        this.selection = errors.isEmpty() ? select(sample, errors) : null;
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

    /** Every model file this point names: the top-level model's and each request stream's, in order. */
    public static List<String> modelFileReferences(DesignPoint point) {
        List<String> out = new ArrayList<>();
        for (Node model : models(point.document())) {
            if (Node.at(model, List.of("file")) instanceof Node.Scalar s) {
                out.add(s.text());
            }
        }
        return out;
    }

    /** The model sections of a document: the top-level one, then each request stream's. */
    private static List<Node> models(Node doc) {
        List<Node> out = new ArrayList<>();
        Node top = Node.at(doc, List.of("model"));
        if (top != null) {
            out.add(top);
        }
        if (Node.at(doc, List.of("workload", "streams")) instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                Node m = Node.at(item, List.of("model"));
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Every ONNX file this point's models name (the top-level model's and each stream's), in order. */
    public static List<String> onnxReferences(DesignPoint point) {
        return importedReferences(point, "onnx");
    }

    /** The Keras files the point's models name ({@code keras: F} or {@code {keras: {file: F}}}), in document order. */
    public static List<String> kerasReferences(DesignPoint point) {
        return importedReferences(point, "keras");
    }

    /** The files of one import format ({@code onnx}, {@code keras}) the point's models (each stream's) name. */
    private static List<String> importedReferences(DesignPoint point, String format) {
        List<String> out = new ArrayList<>();
        for (Node model : models(point.document())) {
            Node ref = Node.at(model, List.of(format));
            if (ref instanceof Node.Scalar s) {
                out.add(s.text());
            } else if (Node.at(ref, List.of("file")) instanceof Node.Scalar s) {
                out.add(s.text());
            }
        }
        return out;
    }

    /** Where the files this experiment names are read from (each once). */
    public FileSource files() {
        return files;
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

    /**
     * The names of the file's request streams ({@code workload.streams[i].name}), in order; empty
     * for a file of one stream. Each names its results.csv columns, so every design point must
     * have these streams ({@link SweepCheck} refuses a sweep that changes them).
     */
    public List<String> streamNames() {
        return streamNames(root);
    }

    /** The stream names of a document (names that are no text are left out: binding reports them). */
    public static List<String> streamNames(Node doc) {
        List<String> names = new ArrayList<>();
        if (Node.at(doc, List.of("workload", "streams")) instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                if (Node.at(item, List.of("name")) instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
                    names.add(s.text());
                }
            }
        }
        return names;
    }

    /**
     * Whether requests of this experiment may fail or be answered with fewer branches: it has
     * faults ({@code faults:}, or a sweep over them) or an LCP gather deadline somewhere
     * ({@code gatherDeadlineMs}, in a strategy or a swept value). Such an experiment's results.csv
     * has the fault columns (docs/engine.md, "Faults"); any other's is what it was before faults existed.
     */
    public boolean hasFaults() {
        return mentions(root);
    }

    private static boolean mentions(Node n) {
        if (n instanceof Node.MapNode m) {
            for (Node.Entry e : m.entries().values()) {
                String k = e.key();
                if (k.equals("faults") || k.startsWith("faults.") || k.equals("gatherDeadlineMs")
                        || k.endsWith(".gatherDeadlineMs") || mentions(e.value())) {
                    return true;
                }
            }
        } else if (n instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                if (mentions(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    public List<String> sweptPaths() {
        List<String> paths = new ArrayList<>();
        for (SweepAxis a : axes) {
            paths.addAll(a.paths());
        }
        return paths;
    }

    List<SweepAxis> axes() {
        return axes;
    }

    Selection selection() {
        return selection;
    }

    ExperimentBinder binder() {
        return binder;
    }

    /** The design points: after filters and sampling; 0 when the sweep section has errors. */
    public int pointCount() {
        return selection == null ? 0 : (int) selection.count();
    }

    /** The product of the axis sizes, Long.MAX_VALUE when it overflows. */
    private long gridSizeExact() {
        long n = 1;
        for (SweepAxis a : axes) {
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
     * held in memory); points whose substitution fails record an error instead. When the sweep
     * section has errors, only the first grid point (which shows the file's own errors).
     */
    public void forEachPoint(Errors errors, java.util.function.Consumer<DesignPoint> action) {
        errors.addAll(sweepErrors);
        if (selection == null) {
            DesignPoint p = firstGridPoint(errors);
            if (p != null) {
                action.accept(p);
            }
            return;
        }
        int n = pointCount();
        for (int id = 0; id < n; id++) {
            DesignPoint p = point(id, errors);
            if (p != null) {
                action.accept(p);
            }
        }
    }

    /**
     * Gives {@code action} one point per kept combination of the values of the axes that sweep
     * any of {@code sections} (and of the axes a filter reads with them), the other axes at the
     * first kept point: every value those sections take in any design point, without walking the
     * other axes. With no such axis, the first design point alone.
     */
    public void forEachCombination(java.util.Set<String> sections, java.util.function.Consumer<DesignPoint> action) {
        if (selection == null || selection.count() == 0) {
            return;
        }
        java.util.List<Selection.Block> touched = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            if (!java.util.Collections.disjoint(axes.get(a).sections(), sections) && !touched.contains(selection.blockOf(a))) {
                touched.add(selection.blockOf(a));
            }
        }
        int[] base = selection.digitsOfKept(0);
        int[] at = new int[touched.size()];
        Errors ignored = new Errors();
        while (true) {
            int[] digits = base.clone();
            for (int b = 0; b < touched.size(); b++) {
                Selection.Block block = touched.get(b);
                int[] d = block.digits(block.kept == null ? at[b] : block.kept.select(at[b]));
                for (int i = 0; i < d.length; i++) {
                    digits[block.axes[i]] = d[i];
                }
            }
            DesignPoint p = pointAt(digits, 0, ignored);
            if (p != null) {
                action.accept(p);
            }
            int b = touched.size() - 1;
            while (b >= 0 && ++at[b] == touched.get(b).keptCount()) {
                at[b] = 0;
                b--;
            }
            if (b < 0) {
                return;
            }
        }
    }

    /** The grid point whose every axis is at its first value (null when substituting fails: the error is recorded). */
    DesignPoint firstGridPoint(Errors errors) {
        return pointAt(new int[axes.size()], 0, errors);
    }

    /** The point with this index, after filters and sampling. */
    public DesignPoint point(int id, Errors errors) {
        if (selection == null) {
            return id == 0 ? firstGridPoint(errors) : null;
        }
        return pointAt(selection.digits(id), id, errors);
    }

    /** Sizes of the sweep's axes, in order (the grid the explorer searches). */
    public int[] axisSizes() {
        return axes.stream().mapToInt(SweepAxis::size).toArray();
    }

    /** The swept paths of axis {@code axis} (one, or several for a zip), in order. */
    public List<String> axisPaths(int axis) {
        return axes.get(axis).paths();
    }

    /** Value {@code index} of axis {@code axis} at its path number {@code column}. */
    public Node axisValue(int axis, int index, int column) {
        return axes.get(axis).value(index, column);
    }

    /** The grid point whose axes are at these value indices, its id -1 when filters or sampling leave it out; null when substituting fails (error recorded). */
    public DesignPoint gridPoint(int[] digits, Errors errors) {
        long id = selection == null ? -1 : selection.id(digits);
        return pointAt(digits, (int) id, errors);
    }

    /** The point id of the grid point at these value indices, or -1 when filters or sampling leave it out. */
    public int pointIdOfDigits(int[] digits) {
        return selection == null ? -1 : (int) selection.id(digits);
    }

    /** The point id of a grid point, or -1 when filters or sampling leave it out. */
    public int pointIdOfGrid(int gridIndex) {
        if (selection == null || gridIndex < 0 || gridIndex >= gridSizeExact()) {
            return -1;
        }
        return (int) selection.id(digitsOfGrid(gridIndex));
    }

    /** The digits (a value index per axis) of a grid index (mixed radix, the last axis varying fastest). */
    int[] digitsOfGrid(long gridIndex) {
        int[] idx = new int[axes.size()];
        long rest = gridIndex;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int size = axes.get(a).size();
            idx[a] = (int) (rest % size);
            rest /= size;
        }
        return idx;
    }

    /** The grid index of these digits. */
    long gridIndexOf(int[] digits) {
        long g = 0;
        for (int a = 0; a < axes.size(); a++) {
            g = g * axes.get(a).size() + digits[a];
        }
        return g;
    }

    /** The point whose axes are at these value indices, with this id; null when substituting fails (error recorded). */
    DesignPoint pointAt(int[] digits, int id, Errors errors) {
        Node doc = root;
        Map<String, String> values = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            SweepAxis axis = axes.get(a);
            for (int k = 0; k < axis.paths().size(); k++) {
                String path = axis.paths().get(k);
                Node value = axis.value(digits[a], k);
                try {
                    doc = Node.with(doc, Arrays.asList(path.split("\\.")), value);
                } catch (IllegalArgumentException e) {
                    errors.add(axis.locations().get(k), "$.sweep." + path, "cannot sweep this path: " + e.getMessage());
                    return null;
                }
                values.put(path, render(value));
            }
        }
        return new DesignPoint(id, values, doc);
    }

    /**
     * Where a filter name's value comes from: the last swept path (in the order of substitution)
     * that is the name or holds it, and the rest of the name inside that path's values; or, when
     * no swept path covers it, the file.
     */
    private record NameSource(int axis, int column, List<String> rest) {
    }

    private NameSource source(String name) {
        NameSource found = null;
        for (int a = 0; a < axes.size(); a++) {
            List<String> paths = axes.get(a).paths();
            for (int k = 0; k < paths.size(); k++) {
                String p = paths.get(k);
                if (name.equals(p) || name.startsWith(p + ".")) {
                    String rest = name.substring(p.length());
                    found = new NameSource(a, k, rest.isEmpty() ? List.of() : Arrays.asList(rest.substring(1).split("\\.")));
                }
            }
        }
        return found;
    }

    /** What the filter reads for a name, per value of the axis it comes from (or the file's one value). */
    private Object[] nameValues(NameSource s, String name) {
        if (s == null) {
            return new Object[] {Filter.valueOf(Node.at(root, Arrays.asList(name.split("\\."))))};
        }
        SweepAxis.Column column = axes.get(s.axis()).columns().get(s.column());
        Object[] out = new Object[column.size()];
        if (column instanceof SweepAxis.Range r && s.rest().isEmpty()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = r.number(i);
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Filter.valueOf(Node.at(column.value(i), s.rest()));
        }
        return out;
    }

    /**
     * The kept points: conditions that read a common axis form a block, whose kept combinations
     * are found by evaluating its conditions over the block's own product (values looked up per
     * axis value, no document built); the sample is drawn over the kept points. Records an error
     * when the filter keeps nothing, or when the sample asks for more points than there are.
     */
    private Selection select(Sample sample, Errors errors) {
        int[] sizes = axisSizes();
        long grid = gridSizeExact();
        // the axes of each condition (each operand of a top-level 'and' on its own), and the conditions
        // that share axes joined into blocks
        List<Filter> conditions = new ArrayList<>();
        for (Filter f : filters) {
            conditions.addAll(f.conjuncts());
        }
        int n = conditions.size();
        List<java.util.TreeSet<Integer>> axesOf = new ArrayList<>();
        List<List<String>> namesOf = new ArrayList<>();
        for (Filter f : conditions) {
            java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
            List<String> names = new ArrayList<>(f.names());
            for (String name : names) {
                NameSource s = source(name);
                if (s != null) {
                    set.add(s.axis());
                }
            }
            axesOf.add(set);
            namesOf.add(names);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (!java.util.Collections.disjoint(axesOf.get(i), axesOf.get(j))) {
                    parent[find(parent, j)] = find(parent, i);
                }
            }
        }
        boolean keepsNothing = false;
        List<Selection.Block> blocks = new ArrayList<>();
        for (int rootIdx = 0; rootIdx < n; rootIdx++) {
            if (find(parent, rootIdx) != rootIdx) {
                continue;
            }
            java.util.TreeSet<Integer> blockAxes = new java.util.TreeSet<>();
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (find(parent, i) == rootIdx) {
                    members.add(i);
                    blockAxes.addAll(axesOf.get(i));
                }
            }
            Selection.Block block = evaluateBlock(blockAxes.stream().mapToInt(Integer::intValue).toArray(), sizes, members,
                    namesOf, conditions);
            if (block.keptCount() == 0) {
                keepsNothing = true;
            } else if (block.axes.length > 0) {
                blocks.add(block);
            }
        }
        if (keepsNothing) {
            errors.add(where, "$.sweep.where", "keeps no design point: the filter rejected all " + grid + " grid point"
                    + (grid == 1 ? "" : "s") + " of the sweep; loosen it, or check its values against the swept ones");
            return null;
        }
        long kept = 1;
        for (Selection.Block b : blocks) {
            kept *= b.keptCount();
        }
        for (int a = 0; a < sizes.length; a++) {
            final int axis = a;
            if (blocks.stream().noneMatch(b -> Arrays.stream(b.axes).anyMatch(x -> x == axis))) {
                kept *= sizes[a];
            }
        }
        if (sample != null && sample.count() > kept) {
            Node count = Node.at(sampleNode, List.of("count"));
            errors.add(count == null ? sampleNode : count, "$.sweep.sample.count", "asks for " + sample.count()
                    + " design points, but the sweep has " + kept + (where == null ? "" : " after its filter")
                    + "; give at most " + kept + ", or leave sample out to run them all");
            return null;
        }
        return new Selection(sizes, blocks, sample == null ? null : sample.count(), sample == null ? 0 : sample.seed());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Evaluates the conditions {@code members} over every combination of the block's axes. */
    private Selection.Block evaluateBlock(int[] blockAxes, int[] sizes, List<Integer> members, List<List<String>> namesOf,
                                          List<Filter> conditions) {
        int m = blockAxes.length;
        int[] blockSizes = new int[m];
        long product = 1;
        for (int i = 0; i < m; i++) {
            blockSizes[i] = sizes[blockAxes[i]];
            product *= blockSizes[i];
        }
        // one slot per distinct name: its values per value of its axis (or a constant)
        Map<String, Integer> slotOf = new LinkedHashMap<>();
        List<Object[]> slotValues = new ArrayList<>();
        List<Integer> slotAxis = new ArrayList<>(); // position in the block, -1 for a constant
        for (int f : members) {
            for (String name : namesOf.get(f)) {
                if (slotOf.containsKey(name)) {
                    continue;
                }
                NameSource s = source(name);
                slotOf.put(name, slotValues.size());
                slotValues.add(nameValues(s, name));
                int pos = -1;
                for (int i = 0; s != null && i < m; i++) {
                    if (blockAxes[i] == s.axis()) {
                        pos = i;
                    }
                }
                slotAxis.add(pos);
            }
        }
        List<Filter.Compiled> compiled = new ArrayList<>();
        for (int f : members) {
            compiled.add(conditions.get(f).compile(slotOf::get));
        }
        int slots = slotValues.size();
        Object[] values = new Object[slots];
        for (int s = 0; s < slots; s++) {
            if (slotAxis.get(s) < 0) {
                values[s] = slotValues.get(s)[0];
            }
        }
        // slots per block position, so that a change of one digit updates only its slots
        List<List<Integer>> slotsAt = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            List<Integer> at = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                if (slotAxis.get(s) == i) {
                    at.add(s);
                }
            }
            slotsAt.add(at);
        }
        int[] digits = new int[m];
        for (int i = 0; i < m; i++) {
            for (int s : slotsAt.get(i)) {
                values[s] = slotValues.get(s)[0];
            }
        }
        java.util.BitSet kept = new java.util.BitSet((int) product);
        for (long idx = 0; idx < product; idx++) {
            boolean all = true;
            for (Filter.Compiled c : compiled) {
                if (!c.test(values)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                kept.set((int) idx);
            }
            // the next combination: the last axis fastest
            for (int i = m - 1; i >= 0; i--) {
                if (++digits[i] < blockSizes[i]) {
                    for (int s : slotsAt.get(i)) {
                        values[s] = slotValues.get(s)[digits[i]];
                    }
                    break;
                }
                digits[i] = 0;
                for (int s : slotsAt.get(i)) {
                    values[s] = slotValues.get(s)[0];
                }
            }
        }
        return new Selection.Block(blockAxes, blockSizes, Selection.RankedBits.of(kept, product));
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
        for (String onnx : onnxReferences(point)) {
            b.append("|onnx=").append(onnx).append('=').append(importedDigest(onnx));
        }
        for (String keras : kerasReferences(point)) {
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
     * The bandwidth traces a point's network names ({@code network.links[i].trace.file}), in
     * document order, each once.
     */
    public static List<String> networkFiles(Node doc) {
        List<String> out = new ArrayList<>();
        if (Node.at(doc, List.of("network", "links")) instanceof Node.ListNode links) {
            for (Node l : links.items()) {
                if (Node.at(l, List.of("trace", "file")) instanceof Node.Scalar s && !out.contains(s.text())) {
                    out.add(s.text());
                }
            }
        }
        return out;
    }

    /**
     * Every file a point's document names: the model's {@code file}, each device's {@code file},
     * each device's profile {@code file} (also inside a device's frameworks), the network's
     * bandwidth traces and the accuracy table, in document order.
     */
    static List<String> fileReferences(Node doc) {
        List<String> out = new ArrayList<>();
        for (Node model : models(doc)) {
            if (Node.at(model, List.of("file")) instanceof Node.Scalar s) {
                out.add(s.text()); // the top-level model's, then each request stream's
            }
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
        out.addAll(networkFiles(doc));
        out.addAll(accuracyFiles(doc));
        return out;
    }

    /** The accuracy table a point names ({@code accuracy.file}: answers with fewer branches), or none. */
    public static List<String> accuracyFiles(Node doc) {
        return Node.at(doc, List.of("accuracy", "file")) instanceof Node.Scalar s ? List.of(s.text()) : List.of();
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
     * design point's (duplicates merged), found without binding every point: see {@link SweepCheck}.
     */
    public List<ConfigError> validate() {
        return check(false).errors();
    }

    /**
     * Checks the file. With {@code everyCombination}, also every combination of coupled swept
     * values that the quick check left to the run (see {@link SweepCheck}); a run does that before
     * it simulates anything, when {@link Validation#exhaustive()} says it is needed.
     */
    public Validation check(boolean everyCombination) {
        Validation done = everyCombination ? checkedEvery : checked;
        if (done != null) {
            return done;
        }
        Errors errors = new Errors();
        org.lcpsim.experiments.reproduce.ReferenceFigure.read(root, errors);
        if (root instanceof Node.MapNode m && m.get("explore") != null) {
            org.lcpsim.experiments.explore.ExploreSpec.read(root, baseDir(), files, errors);
        }
        errors.addAll(sweepErrors);
        Validation v;
        if (selection == null) {
            // a sweep with errors has no points to speak of: its first grid point shows the file's own errors
            DesignPoint p = firstGridPoint(errors);
            if (p != null) {
                bind(p, errors);
            }
            v = new Validation(errors.list(), true, "");
        } else {
            SweepCheck.Result r = new SweepCheck(this, everyCombination).run(errors);
            v = new Validation(errors.list(), r.exhaustive(), r.note());
        }
        if (everyCombination) {
            checkedEvery = v;
        } else {
            checked = v;
        }
        return v;
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
                    sampleNode = e.value();
                    MapReader sr = MapReader.of(e.value(), "$.sweep.sample", errors);
                    Integer count = sr.requiredInteger("count", 1, Integer.MAX_VALUE);
                    Long seed = sr.longValue("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
                    sr.end();
                    if (count != null && seed != null) {
                        sample = new Sample(count, seed);
                    }
                }
                default -> {
                    SweepAxis.Column values = values(e.key(), e.keyLocation(), e.value(), errors);
                    if (values == null) {
                        unreadPaths.add(e.key());
                    } else {
                        axes.add(new SweepAxis(List.of(e.key()), List.of(e.keyLocation()), List.of(values)));
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
            int d = org.lcpsim.config.EditDistance.distance(name, e.getKey(), bestDistance);
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
        for (SweepAxis axis : axes) {
            for (int k = 0; k < axis.paths().size(); k++) {
                String path = axis.paths().get(k);
                String[] segments = path.split("\\.");
                String prefix = segments[0];
                for (int i = 1; i < segments.length; i++) {
                    out.computeIfAbsent(prefix, x -> new Field()).children.add(segments[i]);
                    prefix = prefix + "." + segments[i];
                }
                SweepAxis.Column column = axis.columns().get(k);
                if (column instanceof SweepAxis.Range) {
                    // every value of a range is a number: one visit says what all of them are
                    walk(column.value(0), path, java.util.Set.of(), out);
                    continue;
                }
                for (int i = 0; i < column.size(); i++) {
                    walk(column.value(i), path, java.util.Set.of(), out);
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
        List<SweepAxis.Column> columns = new ArrayList<>();
        for (Node.Entry e : zr.node().entries().values()) {
            zr.accept(e.key());
            SweepAxis.Column values = values(e.key(), e.keyLocation(), e.value(), errors);
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
        axes.add(new SweepAxis(paths, locations, columns));
    }

    /** The values of one swept path: a list, or a range {from, to, step}; null when invalid. */
    private static SweepAxis.Column values(String path, Location keyLocation, Node value, Errors errors) {
        String[] segments = path.split("\\.", -1);
        if (segments.length > MAX_PATH_SEGMENTS) {
            // substitution recurses once per segment: a path of thousands overflowed the stack
            errors.add(keyLocation, "$.sweep", "a swept path has at most " + MAX_PATH_SEGMENTS + " segments; this one has "
                    + segments.length);
            return null;
        }
        if (Arrays.stream(segments).anyMatch(String::isBlank)) {
            // 'strategy.' swept a field named '' that no binder reads; 'a..b' one between a and b
            errors.add(keyLocation, "$.sweep." + path, "a swept path is field names joined by single dots, e.g."
                    + " strategy.branches; this one has an empty name " + (path.endsWith(".") ? "at its end"
                    : path.startsWith(".") ? "at its start" : "between two dots"));
            return null;
        }
        String first = segments[0];
        if (!ExperimentBinder.SWEEPABLE.contains(first)) {
            errors.add(keyLocation, "$.sweep." + path, "cannot sweep '" + first + "': not a field of an experiment"
                    + " (sweepable: " + String.join(", ", ExperimentBinder.SWEEPABLE) + ")");
            return null;
        }
        if (value instanceof Node.ListNode l && !l.items().isEmpty()) {
            return new SweepAxis.Listed(l.items());
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
            int count = (int) steps + 1;
            boolean integers = isInteger(value, "from") && isInteger(value, "to") && isInteger(value, "step");
            double largest = Math.max(Math.abs(from), Math.abs(to));
            if (integers && largest > EXACT_INTEGER) {
                // a double holds integers exactly up to 2^53: beyond, the values would repeat or skip
                errors.add(value, "$.sweep." + path, "a range of integers counts exactly up to " + (long) EXACT_INTEGER
                        + " (2^53); this one reaches " + new java.math.BigDecimal(largest).toPlainString()
                        + ": list the values instead");
                return null;
            }
            if (count > 1 && (from + step == from || to - step == to || Math.ulp(largest) * 2 > step)) {
                errors.add(value, "$.sweep." + path, "step " + step + " is too small for numbers as large as " + largest
                        + ": consecutive values would be the same number");
                return null;
            }
            return new SweepAxis.Range(value.location(), from, step, count, integers);
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

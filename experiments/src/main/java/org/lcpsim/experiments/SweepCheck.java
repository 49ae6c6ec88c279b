package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.lcpsim.config.Errors;

/**
 * Checks the design points of a sweep without binding each of them.
 *
 * <p>Every point is the file with some values put in. What the binder checks about a point
 * reads one field at a time, or a few fields of <em>coupled</em> sections together:
 * <ul>
 *   <li>the deployment: {@code model}, {@code strategy}, {@code cluster}, {@code input},
 *       {@code precision} and {@code network} (the devices a strategy names must exist, LCP must be
 *       able to split the model, pipeline cuts must be its layers, a topology must hold every
 *       device of the cluster and its source, the time estimate of a request reads all of them), and
 *       {@code faults} (they name its devices and links);</li>
 *   <li>the load: {@code workload} and {@code replications} (the requests measured in all);</li>
 *   <li>{@code energy} and {@code seed}, each on its own.</li>
 * </ul>
 * In a file with request streams ({@code workload.streams}) the workload names each stream's model,
 * strategy and devices, so {@code workload} and {@code replications} join the deployment; and every
 * point must have the file's streams, by name ({@link #streamNames}).
 * The swept axes are grouped accordingly: two axes are in one group when they sweep coupled
 * sections. Checks never read two groups, so a point is valid when, for every group, its
 * combination of that group's values is valid with the other groups at one fixed kept point (the
 * first): each group's combinations are bound once, with the others fixed, and the grid is never
 * walked. A filter decides which combinations of a group occur in some design point (those are
 * the ones checked: a combination the filter leaves out is never run, and never refused). Within
 * a group, numbers are represented by their extreme values among those that occur
 * ({@link SweepAxis#checkValues()}). A group with more than {@link #BUDGET} combinations to
 * check is checked value by value and pair by pair, and the file says so; a run then binds all
 * of its combinations before it simulates anything ({@code everyCombination}).
 *
 * <p>The time a run would simulate is estimated from the same bound points, taking the slowest
 * value of each group together ({@link TimeBudget}).
 */
final class SweepCheck {
    /** The most points bound to check combinations before a group is checked value by value. */
    static final int BUDGET = 5_000;
    /** Binding stops after this many errors: the first ones say enough. */
    static final int MAX_ERRORS = 100;

    /** Which sections the binder checks together (see the class comment). */
    static final Map<String, String> COUPLING = Map.ofEntries(Map.entry("model", "deployment"),
            Map.entry("strategy", "deployment"), Map.entry("cluster", "deployment"), Map.entry("input", "deployment"),
            Map.entry("precision", "deployment"), Map.entry("workload", "load"), Map.entry("replications", "load"),
            Map.entry("network", "deployment"), Map.entry("energy", "energy"), Map.entry("seed", "seed"),
            // faults name the cluster's devices and the network's links
            Map.entry("faults", "deployment"));

    record Result(boolean exhaustive, String note) {
    }

    private final ExperimentFile file;
    private final boolean every;
    private final List<SweepAxis> axes;
    private final Selection selection;
    private final int[] base;
    private final TimeBudget.Collector time = new TimeBudget.Collector();
    private long bound;

    SweepCheck(ExperimentFile file, boolean everyCombination) {
        this.file = file;
        this.every = everyCombination;
        this.axes = file.axes();
        this.selection = file.selection();
        this.base = selection.digitsOfKept(0);
    }

    /** One group's part of a point: a free axis's value, or a filter block's kept combination (computed when asked for). */
    private record Unit(int[] axes, int size, java.util.function.IntFunction<int[]> element) {
        static Unit of(int[] axes, List<int[]> elements) {
            return new Unit(axes, elements.size(), elements::get);
        }
    }

    Result run(Errors errors) {
        bind(base, -1, errors);
        List<List<Integer>> groups = groups();
        List<String> partial = new ArrayList<>();
        for (int g = 0; g < groups.size() && errors.size() <= MAX_ERRORS; g++) {
            List<Unit> units = units(groups.get(g), false);
            double combinations = 1;
            for (Unit u : units) {
                combinations *= u.size();
            }
            if (every || combinations <= Math.max(0, BUDGET - bound)) {
                everyCombination(units, g, errors);
                continue;
            }
            // too many: each value with the others at the fixed point, then each pair of values
            List<Unit> single = units(groups.get(g), true);
            long values = 0;
            for (Unit unit : single) {
                values += unit.size();
            }
            // thousands of values that are no numbers (a list of 500,000 device names): a spread of them
            double stride = Math.max(1.0, (double) values / BUDGET);
            long bindsBefore = bound;
            for (int u = 0; u < single.size() && errors.size() <= MAX_ERRORS; u++) {
                Unit unit = single.get(u);
                for (long k = 0; k * stride < unit.size(); k++) {
                    int[] digits = base.clone();
                    set(digits, unit, unit.element().apply((int) (k * stride)));
                    bind(digits, g, errors);
                }
            }
            if (stride > 1) {
                partial.add(String.format(java.util.Locale.ROOT, "%s: %d of their %d values, not all %.0f combinations",
                        String.join(" x ", paths(groups.get(g))), bound - bindsBefore, values, combinations));
                continue;
            }
            double pairs = 0;
            for (int u = 0; u < single.size(); u++) {
                for (int v = u + 1; v < single.size(); v++) {
                    pairs += (double) single.get(u).size() * single.get(v).size();
                }
            }
            boolean withPairs = pairs <= BUDGET;
            for (int u = 0; withPairs && u < single.size(); u++) {
                for (int v = u + 1; v < single.size() && errors.size() <= MAX_ERRORS; v++) {
                    Unit first = single.get(u);
                    Unit second = single.get(v);
                    for (int e = 0; e < first.size(); e++) {
                        for (int f = 0; f < second.size(); f++) {
                            int[] digits = base.clone();
                            set(digits, first, first.element().apply(e));
                            set(digits, second, second.element().apply(f));
                            bind(digits, g, errors);
                        }
                    }
                }
            }
            partial.add(String.format(java.util.Locale.ROOT, "%s: each value%s, not all %.0f combinations",
                    String.join(" x ", paths(groups.get(g))), withPairs ? " and each pair of values" : "", combinations));
        }
        if (errors.isEmpty()) {
            time.check(errors, file);
        }
        if (partial.isEmpty()) {
            return new Result(true, "");
        }
        return new Result(false, "checked " + String.join("; ", partial) + " (a run checks every combination before it"
                + " simulates)");
    }

    /** Binds the point with these digits; its time factors go to the collector under group {@code g}. */
    private void bind(int[] digits, int g, Errors errors) {
        bound++;
        ExperimentFile.DesignPoint p = file.pointAt(digits, 0, errors);
        if (p == null) {
            return;
        }
        ExperimentSpec spec = file.bind(p, errors);
        if (spec != null) {
            time.add(g, spec, p, errors);
            streamNames(p, errors);
        }
    }

    /**
     * Every design point has the file's streams, by name and in order: results.csv has a column per
     * stream the file names (the header is written before the first point), so a sweep may change
     * what a stream runs, not which streams there are.
     */
    private void streamNames(ExperimentFile.DesignPoint p, Errors errors) {
        List<String> names = ExperimentFile.streamNames(p.document());
        if (names.equals(file.streamNames())) {
            return;
        }
        for (SweepAxis axis : axes) {
            for (int k = 0; k < axis.paths().size(); k++) {
                String path = axis.paths().get(k);
                if (path.equals("workload") || path.startsWith("workload.")) {
                    errors.add(axis.locations().get(k), "$.sweep." + path, "changes the request streams to "
                            + (names.isEmpty() ? "none" : String.join(", ", names)) + " where the file has "
                            + (file.streamNames().isEmpty() ? "none" : String.join(", ", file.streamNames()))
                            + ": results.csv has columns per stream the file names, so a sweep may change what a stream"
                            + " runs (workload.streams.0.strategy, ...), not the names or the number of the streams");
                    return;
                }
            }
        }
    }

    private void everyCombination(List<Unit> units, int g, Errors errors) {
        int[] at = new int[units.size()];
        for (Unit u : units) {
            if (u.size() == 0) {
                return;
            }
        }
        while (errors.size() <= MAX_ERRORS) {
            int[] digits = base.clone();
            for (int u = 0; u < units.size(); u++) {
                set(digits, units.get(u), units.get(u).element().apply(at[u]));
            }
            bind(digits, g, errors);
            int u = units.size() - 1;
            while (u >= 0 && ++at[u] == units.get(u).size()) {
                at[u] = 0;
                u--;
            }
            if (u < 0) {
                return;
            }
        }
    }

    private static void set(int[] digits, Unit unit, int[] element) {
        for (int i = 0; i < unit.axes().length; i++) {
            digits[unit.axes()[i]] = element[i];
        }
    }

    /**
     * The units of a group: each free axis with its check values; for each filter block, the
     * combinations of its axes in this group that occur in some kept point (the projection of the
     * block's kept combinations: the values a design point can give these axes), a single axis's
     * values reduced to its check values; {@code single}: one combination per check value of each
     * axis, for the value-by-value check.
     */
    private List<Unit> units(List<Integer> group, boolean single) {
        List<Unit> out = new ArrayList<>();
        Set<Selection.Block> done = new LinkedHashSet<>();
        for (int a : group) {
            Selection.Block b = selection.blockOf(a);
            if (!b.filtered()) {
                int[] values = axes.get(a).checkValues();
                out.add(new Unit(new int[] {a}, values.length, i -> new int[] {values[i]}));
            } else if (done.add(b)) {
                int[] in = Arrays.stream(b.axes).filter(group::contains).toArray();
                Projection p = project(b, in);
                if (in.length == 1) {
                    int[] values = axes.get(in[0]).checkValues(v -> p.occurs.get(v));
                    out.add(new Unit(in, values.length, i -> new int[] {values[i]}));
                } else {
                    out.add(single ? Unit.of(in, firstPerValue(in, p)) : new Unit(in, p.occurs.cardinality(),
                            i -> p.digits(p.occurs.select(i))));
                }
            }
        }
        return out;
    }

    /** The combinations of some axes of a filter block that its kept combinations contain. */
    private record Projection(int[] sizes, Selection.RankedBits occurs) {
        int[] digits(long index) {
            int[] d = new int[sizes.length];
            for (int i = sizes.length - 1; i >= 0; i--) {
                d[i] = (int) (index % sizes[i]);
                index /= sizes[i];
            }
            return d;
        }
    }

    /** One pass over the block's kept combinations (at most the grid, 10^7). */
    private Projection project(Selection.Block b, int[] axesIn) {
        int m = axesIn.length;
        int[] sizes = new int[m];
        long[] blockStride = new long[m];
        long product = 1;
        for (int i = 0; i < m; i++) {
            int pos = 0;
            while (b.axes[pos] != axesIn[i]) {
                pos++;
            }
            sizes[i] = b.sizes[pos];
            long stride = 1;
            for (int j = pos + 1; j < b.axes.length; j++) {
                stride *= b.sizes[j];
            }
            blockStride[i] = stride;
            product *= sizes[i];
        }
        java.util.BitSet occurs = new java.util.BitSet((int) product);
        if (m == b.axes.length) {
            for (long index = b.kept.next(0); index >= 0; index = b.kept.next(index + 1)) {
                occurs.set((int) index);
            }
        } else {
            for (long index = b.kept.next(0); index >= 0; index = b.kept.next(index + 1)) {
                long projected = 0;
                for (int i = 0; i < m; i++) {
                    projected = projected * sizes[i] + (index / blockStride[i]) % sizes[i];
                }
                occurs.set((int) projected);
            }
        }
        return new Projection(sizes, Selection.RankedBits.of(occurs, product));
    }

    /** For each axis and each of its check values, the first combination of the projection with it. */
    private List<int[]> firstPerValue(int[] axesIn, Projection p) {
        List<Map<Integer, Integer>> wanted = new ArrayList<>();
        int missing = 0;
        for (int a : axesIn) {
            Map<Integer, Integer> w = new java.util.HashMap<>();
            for (int v : axes.get(a).checkValues()) {
                w.put(v, -1);
                missing++;
            }
            wanted.add(w);
        }
        Set<Long> chosen = new TreeSet<>();
        for (long index = p.occurs.next(0); index >= 0 && missing > 0; index = p.occurs.next(index + 1)) {
            int[] d = p.digits(index);
            for (int i = 0; i < d.length; i++) {
                Integer at = wanted.get(i).get(d[i]);
                if (at != null && at < 0) {
                    wanted.get(i).put(d[i], 0);
                    missing--;
                    chosen.add(index);
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (long index : chosen) {
            out.add(p.digits(index));
        }
        return out;
    }

    /**
     * Axes joined when they sweep coupled sections. A filter does not join them: it decides which
     * values and combinations occur ({@link #units}), while what is checked about a point reads one
     * group at a time, so each group's occurring combinations are checked with the others fixed.
     */
    private List<List<Integer>> groups() {
        int n = axes.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        // with request streams, the workload names each stream's model, strategy and devices: it is part of the deployment
        boolean streams = !file.streamNames().isEmpty() || axes.stream().anyMatch(a -> a.paths().stream()
                .anyMatch(p -> p.equals("workload") || p.startsWith("workload.streams")));
        Map<String, Integer> firstOfClass = new java.util.HashMap<>();
        for (int a = 0; a < n; a++) {
            for (String section : axes.get(a).sections()) {
                String coupled = streams && (section.equals("workload") || section.equals("replications")) ? "deployment"
                        : COUPLING.getOrDefault(section, section);
                Integer other = firstOfClass.putIfAbsent(coupled, a);
                if (other != null) {
                    union(parent, other, a);
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new java.util.LinkedHashMap<>();
        for (int a = 0; a < n; a++) {
            byRoot.computeIfAbsent(find(parent, a), k -> new ArrayList<>()).add(a);
        }
        return new ArrayList<>(byRoot.values());
    }

    private List<String> paths(List<Integer> group) {
        List<String> out = new ArrayList<>();
        for (int a : group) {
            out.addAll(axes.get(a).paths());
        }
        return out;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}

package org.lcpsim.experiments.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.uma.jmetal.algorithm.multiobjective.nsgaii.NSGAII;
import org.uma.jmetal.algorithm.multiobjective.nsgaii.NSGAIIBuilder;
import org.uma.jmetal.operator.crossover.impl.IntegerSBXCrossover;
import org.uma.jmetal.operator.mutation.impl.IntegerPolynomialMutation;
import org.uma.jmetal.problem.Problem;
import org.uma.jmetal.problem.integerproblem.impl.AbstractIntegerProblem;
import org.uma.jmetal.solution.integersolution.IntegerSolution;
import org.uma.jmetal.util.evaluator.SolutionListEvaluator;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;

import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.Filter;
import org.lcpsim.experiments.Futures;
import org.lcpsim.experiments.PointRunner;
import org.lcpsim.experiments.SimulationBackend;
import org.lcpsim.experiments.store.ResultStore;
import org.lcpsim.results.PointResult;

/**
 * Searches the design space of an experiment file (its sweep) for the designs that meet the
 * constraints and are Pareto-optimal in the objectives, and recommends one.
 *
 * <p>Exhaustive search visits every point; NSGA-II (jMetal) searches the grid of sweep axes
 * (one integer variable per axis) when the space is larger than {@code maxExhaustive}. Either
 * way a point is first deployed: constraints that read only what deployment knows (memory,
 * swap, parameters, accuracy, ...) prune it before any event runs, and points that do not fit
 * are never simulated. Points are evaluated in parallel; results do not depend on the thread
 * count. Only a compact summary of each point is kept; full results go to the sink as they finish.
 */
public final class Explorer {
    /** jMetal draws from one process-wide generator: one search at a time keeps runs reproducible. */
    private static final Object JMETAL_LOCK = new Object();

    /**
     * How one point fared: simulated or not, feasible or not, its objective values (minimized;
     * null when one is unknown), its resources, and {@code violations}: every constraint it
     * violates (as written), or why it was left out otherwise ("saturated", "unknown COLUMN",
     * "oom", "error: ..."); empty when feasible. {@code why} is the first reason, in words.
     */
    public record Evaluation(int pointId, PointResult result, boolean simulated, boolean feasible, String why,
                             double[] objectives, ResultColumns.Resources resources, List<String> violations) {
        public Evaluation {
            violations = violations == null ? List.of() : List.copyOf(violations);
        }
    }

    /**
     * {@code feasible}: every simulated design that meets the constraints (compact records), in
     * point order; {@code failed}: the points that could not be deployed or simulated (an error);
     * {@code excluded}: simulated designs left out for a reason other than a constraint, by reason
     * ("saturated", or "unknown COLUMN" for a constraint or objective whose value is blank).
     */
    public record Outcome(String method, int designSpace, int simulated, int pruned, int infeasible,
                          List<Evaluation> pareto, Evaluation recommended, String reason, List<PointResult> feasible,
                          int failed, Map<String, Integer> excluded, java.util.SortedMap<Integer, Evaluation> evaluations,
                          List<Start> starts) {
        public Outcome {
            starts = starts == null ? List.of() : List.copyOf(starts);
        }
    }

    /**
     * A design the search started from: the planner heuristic's pipeline ({@link PlannedStart})
     * in words, and its evaluation (null when it is outside the design space).
     */
    public record Start(String plan, Evaluation evaluation) {
    }

    /** Why-prefix of a design that cannot keep up with the workload's arrivals. */
    public static final String SATURATED = "saturated";
    /** Why-prefix of a design whose constraint or objective column is blank (unknown, not zero). */
    public static final String UNKNOWN = "unknown ";

    private final ExperimentFile file;
    private final ExploreSpec spec;
    private final ExperimentRunner.Options options;
    private final PointRunner runner;
    private final SimulationBackend backend;
    private final ResultStore store;
    private final Consumer<PointResult> simulatedSink;
    private final List<Filter> before = new ArrayList<>();
    private final List<Filter> after = new ArrayList<>();
    private final Map<Integer, Evaluation> evaluated = new HashMap<>();
    private final List<Evaluation> archive = new ArrayList<>();
    private List<PlannedStart.Start> starts = List.of();

    /**
     * Simulations go to {@code backend}; finished ones are appended to {@code store} (may be
     * null), where a re-run finds them instead of simulating again.
     */
    public Explorer(ExperimentFile file, ExploreSpec spec, ExperimentRunner.Options options, SimulationBackend backend,
                    ResultStore store, Consumer<PointResult> simulatedSink) {
        this.file = file;
        this.spec = spec;
        this.options = options;
        this.runner = new PointRunner(options.wallLimitPerRun());
        this.backend = backend;
        this.store = store;
        this.simulatedSink = simulatedSink;
        for (Filter f : spec.constraints()) {
            (ResultColumns.beforeSimulation(f.names()) ? before : after).add(f);
        }
    }

    public Outcome explore() {
        ExperimentRunner.check(file);
        int points = file.pointCount();
        String method = spec.method();
        // a search over pipeline assignments starts from the planner's design
        starts = PlannedStart.find(file);
        // these threads only deploy, prune and wait for the backend: as many as it can work on
        ExecutorService pool = Executors.newFixedThreadPool(backend.parallelism(), r -> {
            Thread t = new Thread(r, "lcpsim-explore");
            t.setDaemon(true);
            return t;
        });
        try {
            if (method.equals("exhaustive") || (method.equals("auto") && points <= spec.maxExhaustive())) {
                method = "exhaustive";
                exhaustive(pool, allPoints(points));
            } else if (method.equals("auto") && !before.isEmpty()) {
                // deployment alone prunes most of a space with tight constraints: screen it all first
                List<Integer> survivors = screen(pool, points);
                if (survivors.size() <= spec.maxExhaustive()) {
                    method = "screened, then exhaustive over " + survivors.size() + " points";
                    exhaustive(pool, survivors);
                } else {
                    method = "screened, then nsga2";
                    nsga2(pool);
                }
            } else {
                method = "nsga2";
                nsga2(pool);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Start> started = new ArrayList<>();
        for (PlannedStart.Start s : starts) {
            Evaluation e = s.pointId() < 0 ? null : evaluated.get(s.pointId());
            if (e == null && s.pointId() >= 0) {
                // a search that never met it (NSGA-II always does: it starts from it)
                e = evaluate(s.pointId());
                accept(e);
            }
            started.add(new Start(s.plan(), e));
        }
        int simulated = 0;
        int pruned = 0;
        int infeasible = 0;
        java.util.TreeMap<Integer, PointResult> feasible = new java.util.TreeMap<>();
        for (Evaluation e : evaluated.values()) {
            if (e.simulated()) {
                simulated++;
                if (!e.feasible()) {
                    infeasible++;
                } else {
                    feasible.put(e.pointId(), e.result());
                }
            } else {
                pruned++;
            }
        }
        List<Evaluation> front = new ArrayList<>(archive);
        front.sort((a, b) -> Integer.compare(a.pointId(), b.pointId()));
        Evaluation best = recommend(front);
        int failed = (int) evaluated.values().stream().filter(e -> e.why() != null && e.why().startsWith("error")).count();
        java.util.TreeMap<String, Integer> excluded = new java.util.TreeMap<>();
        for (Evaluation e : evaluated.values()) {
            if (e.simulated() && e.why() != null && e.why().startsWith(SATURATED)) {
                excluded.merge(SATURATED, 1, Integer::sum);
            } else if (e.why() != null && e.why().startsWith(UNKNOWN)) {
                excluded.merge(e.why().substring(0, e.why().indexOf(':') < 0 ? e.why().length() : e.why().indexOf(':')),
                        1, Integer::sum);
            }
        }
        return new Outcome(method, points, simulated, pruned, infeasible, front, best,
                reason(best, front), List.copyOf(feasible.values()), failed, excluded,
                java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(evaluated)), started);
    }

    private static List<Integer> allPoints(int points) {
        List<Integer> ids = new ArrayList<>(points);
        for (int id = 0; id < points; id++) {
            ids.add(id);
        }
        return ids;
    }

    /** Deploys every point and records those pruned before simulation; returns the others, in order. */
    private List<Integer> screen(ExecutorService pool, int points) {
        List<Integer> survivors = new ArrayList<>();
        ArrayDeque<Future<Evaluation>> window = new ArrayDeque<>();
        ArrayDeque<Integer> ids = new ArrayDeque<>();
        for (int id = 0; id < points; id++) {
            final int point = id;
            window.add(pool.submit(() -> prune(point)));
            ids.add(id);
            if (window.size() >= backend.parallelism() * 16 || id == points - 1) {
                while (!window.isEmpty()) {
                    Evaluation e = Futures.get(window.poll());
                    int p = ids.poll();
                    if (e == null) {
                        survivors.add(p);
                    } else {
                        accept(e);
                    }
                }
            }
        }
        return survivors;
    }

    private void exhaustive(ExecutorService pool, List<Integer> ids) {
        ArrayDeque<Future<Evaluation>> window = new ArrayDeque<>();
        for (int point : ids) {
            window.add(pool.submit(() -> evaluate(point)));
            if (window.size() >= backend.parallelism() * 4) {
                accept(Futures.get(window.poll()));
            }
        }
        while (!window.isEmpty()) {
            accept(Futures.get(window.poll()));
        }
    }

    /** Folds one evaluation into the counts, the sink and the Pareto archive, in a fixed order. */
    private void accept(Evaluation e) {
        evaluated.put(e.pointId(), e);
        if (e.simulated()) {
            simulatedSink.accept(e.result());
            options.progress().accept(e.result());
        }
        if (!e.feasible()) {
            return;
        }
        for (Evaluation a : archive) {
            if (dominates(a, e)) {
                return;
            }
        }
        archive.removeIf(a -> dominates(e, a));
        archive.add(e);
    }

    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            better |= a[i] < b[i];
        }
        return better;
    }

    /**
     * Pareto dominance with the resources as a last objective: {@code a} is no worse in every
     * objective and better in one, or equal in every objective and takes less (fewer devices used,
     * then fewer in the cluster, then a lower cost). So the front never keeps two designs that
     * differ only in what they occupy, e.g. the same deployment on a cluster with idle devices.
     */
    static boolean dominates(Evaluation a, Evaluation b) {
        if (dominates(a.objectives(), b.objectives())) {
            return true;
        }
        return java.util.Arrays.equals(a.objectives(), b.objectives()) && a.resources() != null && b.resources() != null
                && a.resources().compareTo(b.resources()) < 0;
    }

    /** The evaluation of a point that deployment alone rules out, or null when it needs simulating. */
    private Evaluation prune(int pointId) {
        return pruned(ExperimentRunner.prepare(file, pointId, options.seedOverride(), runner));
    }

    private Evaluation pruned(PointRunner.Prepared prepared) {
        PointResult r = prepared.result();
        ResultColumns.Resources resources = resources(prepared);
        if (!prepared.runnable()) {
            return new Evaluation(r.pointId(), r.compact(), false, false, r.status(), null, resources,
                    List.of(r.status().startsWith("error") ? "error" : r.status()));
        }
        Judged judged = judge(before, List.of(), r, resources);
        if (judged.violations().isEmpty()) {
            return null;
        }
        String why = judged.why().startsWith(UNKNOWN) ? judged.why() : "pruned: not " + judged.why().substring("violates ".length());
        return new Evaluation(r.pointId(), r.compact(), false, false, why, null, resources, judged.violations());
    }

    /** What the constraints and objectives say of a result: every violation, and the first in words ("" when none). */
    private record Judged(List<String> violations, String why) {
    }

    /**
     * Checks {@code filters} and that every column they and {@code columns} read is known. A
     * blank figure is unknown, not zero: no constraint can be met by it and no objective ranks it.
     */
    private Judged judge(List<Filter> filters, List<String> columns, PointResult r, ResultColumns.Resources resources) {
        java.util.function.Function<String, Object> values = name -> ResultColumns.value(r, name, spec.accuracy(), resources);
        List<String> violations = new ArrayList<>();
        String why = "";
        java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
        java.util.Set<String> read = new java.util.LinkedHashSet<>();
        filters.forEach(f -> read.addAll(f.names()));
        read.addAll(columns);
        for (String column : read) {
            if (ResultColumns.known(column) && values.apply(column) == null) {
                unknown.add(column);
                violations.add(UNKNOWN + column);
                if (why.isEmpty()) {
                    why = UNKNOWN + column + ": " + because(r, resources, column);
                }
            }
        }
        for (Filter f : filters) {
            if (f.names().stream().noneMatch(unknown::contains) && !f.test(values)) {
                violations.add(f.toString());
                if (why.isEmpty()) {
                    why = "violates " + f;
                }
            }
        }
        return new Judged(violations, why);
    }

    /** Why a column of a result is blank: its note, or for the cost, the device types without one. */
    private String because(PointResult r, ResultColumns.Resources resources, String column) {
        if (column.equals(ResultColumns.COST)) {
            return spec.cost().isEmpty() ? "the explore section gives no cost table (cost: {DEVICE_TYPE: AMOUNT})"
                    : "no cost for " + String.join(", ", resources.noCost()) + " in the explore section's cost table";
        }
        return r.notes().stream().filter(n -> n.contains(column)).findFirst().orElse("no value");
    }

    /** The resources of a deployed point: its devices used, its cluster, their cost by {@code explore.cost}. */
    private ResultColumns.Resources resources(PointRunner.Prepared prepared) {
        int cluster = prepared.spec() == null ? prepared.result().devices() : prepared.spec().devices().size();
        double cost = Double.NaN;
        List<String> noCost = new ArrayList<>();
        if (prepared.spec() != null && !spec.cost().isEmpty()) {
            cost = 0;
            for (org.lcpsim.devices.DeviceModel d : prepared.spec().devices()) {
                Double c = spec.cost().get(d.type());
                if (c == null) {
                    if (!noCost.contains(d.type())) {
                        noCost.add(d.type());
                    }
                } else {
                    cost += c;
                }
            }
            if (!noCost.isEmpty()) {
                cost = Double.NaN;
            }
        }
        return new ResultColumns.Resources(prepared.result().devices(), cluster, cost, noCost);
    }

    /** Deploys, prunes or simulates one point and judges it; thread-safe (touches no shared state). */
    Evaluation evaluate(int pointId) {
        PointRunner.Prepared prepared = ExperimentRunner.prepare(file, pointId, options.seedOverride(), runner);
        Evaluation ruledOut = pruned(prepared);
        if (ruledOut != null) {
            return ruledOut;
        }
        PointResult stored = store == null ? null : store.get(prepared.result().configKey());
        PointResult done;
        if (stored != null) {
            done = stored.renumbered(pointId, prepared.result().sweep());
        } else {
            done = backend.simulate(file, pointId, options.seedOverride()).join();
            if (store != null) {
                store.append(done);
            }
        }
        ResultColumns.Resources resources = resources(prepared);
        if (done.saturated()) {
            // it cannot keep up with the workload's arrivals: no latency of it means anything, and
            // whatever it promises, it does not deliver at the rate asked
            String note = done.notes().stream().filter(n -> n.startsWith(SATURATED)).findFirst().orElse(SATURATED);
            return new Evaluation(pointId, done.compact(), true, false, note, null, resources, List.of(SATURATED));
        }
        if (!done.ok()) {
            return new Evaluation(pointId, done.compact(), true, false, done.status(), null, resources,
                    List.of(done.status().startsWith("error") ? "error" : done.status()));
        }
        Judged judged = judge(after, spec.objectives().stream().map(ExploreSpec.Objective::column).toList(), done, resources);
        double[] objectives = new double[spec.objectives().size()];
        for (int i = 0; i < objectives.length; i++) {
            ExploreSpec.Objective o = spec.objectives().get(i);
            Object v = ResultColumns.value(done, o.column(), spec.accuracy(), resources);
            if (!(v instanceof Double d)) {
                objectives = null;
                break;
            }
            objectives[i] = o.minimize() ? d : -d;
        }
        String why = judged.why();
        if (objectives == null && why.isEmpty()) {
            why = "no value for an objective";
        }
        return new Evaluation(pointId, done.compact(), true, why.isEmpty(), why, objectives, resources,
                judged.violations());
    }


    // ---- NSGA-II ---------------------------------------------------------------------------

    private void nsga2(ExecutorService pool) {
        int[] sizes = file.axisSizes();
        List<Integer> lower = new ArrayList<>();
        List<Integer> upper = new ArrayList<>();
        for (int size : sizes) {
            lower.add(0);
            upper.add(size - 1);
        }
        int objectives = spec.objectives().size();
        AbstractIntegerProblem problem = new AbstractIntegerProblem() {
            {
                numberOfObjectives(objectives);
                numberOfConstraints(1);
                variableBounds(lower, upper);
                name("lcpsim-design-space");
            }

            /** The planner's designs first (the initial population starts from them), then random ones. */
            private int seeded;

            @Override
            public IntegerSolution createSolution() {
                IntegerSolution s = super.createSolution();
                while (seeded < starts.size()) {
                    PlannedStart.Start start = starts.get(seeded++);
                    if (start.pointId() >= 0) {
                        for (int a = 0; a < sizes.length; a++) {
                            s.variables().set(a, start.digits()[a]);
                        }
                        break;
                    }
                }
                return s;
            }

            @Override
            public IntegerSolution evaluate(IntegerSolution solution) {
                judge(solution, gridIndex(solution, sizes));
                return solution;
            }
        };
        SolutionListEvaluator<IntegerSolution> evaluator = new SolutionListEvaluator<>() {
            @Override
            public List<IntegerSolution> evaluate(List<IntegerSolution> solutions, Problem<IntegerSolution> p) {
                // evaluate the new distinct points in parallel, then fold them in in a fixed order
                Map<Integer, Future<Evaluation>> pending = new LinkedHashMap<>();
                for (IntegerSolution s : solutions) {
                    int id = file.pointIdOfGrid(gridIndex(s, sizes));
                    if (id >= 0 && !evaluated.containsKey(id) && !pending.containsKey(id)) {
                        pending.put(id, pool.submit(() -> Explorer.this.evaluate(id)));
                    }
                }
                for (Future<Evaluation> f : pending.values()) {
                    accept(Futures.get(f));
                }
                for (IntegerSolution s : solutions) {
                    judge(s, gridIndex(s, sizes));
                }
                return solutions;
            }

            @Override
            public void shutdown() {
            }
        };
        synchronized (JMETAL_LOCK) {
            JMetalRandom.getInstance().setSeed(spec.seed());
            NSGAII<IntegerSolution> algorithm = new NSGAIIBuilder<>(problem, new IntegerSBXCrossover(0.9, 20),
                    new IntegerPolynomialMutation(1.0 / Math.max(1, sizes.length), 20), spec.population())
                    .setMaxEvaluations(spec.population() * (spec.generations() + 1))
                    .setSolutionListEvaluator(evaluator)
                    .build();
            algorithm.run();
        }
    }

    private static int gridIndex(IntegerSolution s, int[] sizes) {
        int index = 0;
        for (int a = 0; a < sizes.length; a++) {
            index = index * sizes[a] + s.variables().get(a);
        }
        return index;
    }

    private void judge(IntegerSolution s, int gridIndex) {
        int id = file.pointIdOfGrid(gridIndex);
        Evaluation e = id < 0 ? null : evaluated.get(id);
        if (e == null) {
            // a point the file's filters leave out, or not evaluated yet
            e = id < 0 ? null : evaluate(id);
            if (e != null) {
                accept(e);
            }
        }
        boolean feasible = e != null && e.feasible();
        s.constraints()[0] = feasible ? 0 : -1;
        for (int i = 0; i < s.objectives().length; i++) {
            s.objectives()[i] = feasible ? e.objectives()[i] : 1e30;
        }
    }

    // ---- recommendation --------------------------------------------------------------------

    /** The index of the objective that picks the recommended design. */
    private int recommendIndex() {
        int k = 0;
        for (int i = 0; i < spec.objectives().size(); i++) {
            if (spec.objectives().get(i).column().equals(spec.recommendBy())) {
                k = i;
            }
        }
        return k;
    }

    private Evaluation recommend(List<Evaluation> front) {
        int k = recommendIndex();
        Evaluation best = null;
        for (Evaluation e : front) {
            if (best == null || better(e, best, k)) {
                best = e;
            }
        }
        return best;
    }

    private static boolean better(Evaluation a, Evaluation b, int k) {
        if (a.objectives()[k] != b.objectives()[k]) {
            return a.objectives()[k] < b.objectives()[k];
        }
        for (int i = 0; i < a.objectives().length; i++) {
            if (a.objectives()[i] != b.objectives()[i]) {
                return a.objectives()[i] < b.objectives()[i];
            }
        }
        int resources = a.resources() == null || b.resources() == null ? 0 : a.resources().compareTo(b.resources());
        return resources != 0 ? resources < 0 : a.pointId() < b.pointId();
    }

    private String reason(Evaluation best, List<Evaluation> front) {
        String constraints = spec.constraints().isEmpty() ? "no constraints"
                : "constraints " + String.join(", ", spec.constraints().stream().map(Filter::toString).toList());
        boolean none = spec.constraints().isEmpty();
        if (best == null) {
            return none ? "no design is feasible (no constraints: every one failed, saturated or has an unknown objective)"
                    : "no design meets " + constraints;
        }
        int k = recommendIndex();
        ExploreSpec.Objective o = spec.objectives().get(k);
        double v = o.minimize() ? best.objectives()[k] : -best.objectives()[k];
        if (none) {
            // "the only design that meets no constraints" would say the opposite
            return String.format(Locale.ROOT, "%s %s (%.4g), %s (no constraints)", o.minimize() ? "lowest" : "highest",
                    o.column(), v, front.size() == 1 ? "the only Pareto-optimal design"
                            : "among the " + front.size() + " Pareto-optimal designs");
        }
        return String.format(Locale.ROOT, "%s %s (%.4g) %s %s", o.minimize() ? "lowest" : "highest", o.column(), v,
                front.size() == 1 ? ", the only Pareto-optimal design that meets" : "among the " + front.size()
                        + " Pareto-optimal designs that meet", constraints).replace(" , the", ", the");
    }
}

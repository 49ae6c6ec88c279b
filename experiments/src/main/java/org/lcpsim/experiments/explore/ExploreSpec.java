package org.lcpsim.experiments.explore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Values;
import org.lcpsim.experiments.Filter;

/**
 * The {@code explore} section of an experiment file:
 * <pre>
 * explore:
 *   method: auto                 # auto | exhaustive | nsga2 (auto: exhaustive up to maxExhaustive points)
 *   maxExhaustive: 2000
 *   objectives: [{minimize: latency_ms_mean}, {maximize: accuracy_pct}]
 *   constraints: ["swap_mb_max == 0", "accuracy_drop_pct <= 3", "latency_ms_mean <= 500"]
 *   accuracy: {file: data/lcp-paper-accuracy.csv}
 *   nsga2: {population: 40, generations: 25, seed: 1}
 *   recommend: latency_ms_mean   # the objective that picks one design among the feasible Pareto front
 *   cost: {rpi3: 35, jetson-nano: 99}   # optional: what one device of each type costs (any unit)
 *   whatIf: true                 # re-simulate the recommendation with bandwidth, speed and arrivals at +-25%
 * </pre>
 * Objectives and constraints name result columns (results.csv), plus {@code accuracy_pct} and
 * {@code accuracy_drop_pct} from the accuracy table, and the resources of a design: {@code
 * devices_used} (the {@code devices} column), {@code cluster_devices} (every device of its
 * cluster, used or idle) and {@code cost} (the sum of {@code cost} over the cluster's devices: what
 * a user buys is the cluster). Resources also break ties: of designs equal in every objective, the
 * one with fewer devices used, then fewer in the cluster, then the lower cost dominates the others.
 */
public record ExploreSpec(String method, int maxExhaustive, List<Objective> objectives, List<Filter> constraints,
                          AccuracyTable accuracy, int population, int generations, long seed, String recommendBy,
                          java.util.Map<String, Double> cost, boolean whatIf) {
    public record Objective(String column, boolean minimize) {
        public String describe() {
            return (minimize ? "minimize " : "maximize ") + column;
        }
    }

    public ExploreSpec {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        cost = cost == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(cost));
    }

    /** Reads the section; null (errors recorded) when absent or invalid. Files are read inside {@code baseDir}'s tree. */
    public static ExploreSpec read(Node root, Path baseDir, Errors errors) {
        return read(root, baseDir, org.lcpsim.config.FileSource.within(baseDir, false), errors);
    }

    /** Reads the section, its accuracy table from {@code files}; null (errors recorded) when absent or invalid. */
    public static ExploreSpec read(Node root, Path baseDir, org.lcpsim.config.FileSource files, Errors errors) {
        Node section = root instanceof Node.MapNode m ? m.get("explore") : null;
        if (section == null) {
            errors.add(root, "$.explore", "missing required field (objectives, constraints, method) for lcpsim explore");
            return null;
        }
        int before = errors.size();
        // the columns of the file's request streams (stream.NAME.latency_ms_mean, ...) are results too
        List<String> streams = org.lcpsim.experiments.ExperimentFile.streamNames(root);
        MapReader r = MapReader.of(section, "$.explore", errors);
        String method = r.choice("method", List.of("auto", "exhaustive", "nsga2"), "auto");
        Integer maxExhaustive = r.integer("maxExhaustive", 2000, 1, Integer.MAX_VALUE);
        List<Objective> objectives = new ArrayList<>();
        List<Node> os = r.list("objectives");
        if (os.isEmpty()) {
            r.error("objectives", "at least one objective, e.g. [{minimize: latency_ms_mean}]");
        }
        for (int i = 0; i < os.size(); i++) {
            MapReader o = MapReader.of(os.get(i), r.path("objectives") + "[" + i + "]", errors);
            String min = o.string("minimize", null);
            String max = o.string("maximize", null);
            o.end();
            if ((min == null) == (max == null)) {
                errors.add(os.get(i), r.path("objectives") + "[" + i + "]", "give exactly one of minimize or maximize");
                continue;
            }
            String column = min != null ? min : max;
            if (!ResultColumns.known(column, streams)) {
                errors.add(os.get(i), r.path("objectives") + "[" + i + "]", "unknown column '" + column + "'; known: "
                        + String.join(", ", ResultColumns.numeric(streams)));
                continue;
            }
            if (!ResultColumns.numeric(streams).contains(column)) {
                // a text column has no value to minimize: every design would come out infeasible
                errors.add(os.get(i), r.path("objectives") + "[" + i + "]", "column '" + column + "' is not a number; "
                        + "objectives take one of: " + String.join(", ", ResultColumns.numeric(streams)));
                continue;
            }
            objectives.add(new Objective(column, min != null));
        }
        List<Filter> constraints = new ArrayList<>();
        for (Node c : r.list("constraints")) {
            String text = Values.string(c, r.path("constraints"), errors);
            if (text == null) {
                continue;
            }
            try {
                Filter f = Filter.parse(text);
                for (String name : f.names()) {
                    if (!ResultColumns.known(name, streams)) {
                        errors.add(c, r.path("constraints"), "unknown column '" + name + "' in constraint: " + text);
                    }
                }
                constraints.add(f);
            } catch (IllegalArgumentException e) {
                errors.add(c, r.path("constraints"), e.getMessage());
            }
        }
        MapReader acc = r.map("accuracy");
        AccuracyTable accuracy = acc == null ? AccuracyTable.EMPTY : AccuracyTable.bind(acc, baseDir, files);
        MapReader nsga = r.map("nsga2");
        Integer population = 40;
        Integer generations = 25;
        Long seed = 1L;
        if (nsga != null) {
            population = nsga.integer("population", 40, 4, 100_000);
            generations = nsga.integer("generations", 25, 1, 100_000);
            seed = nsga.longValue("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
            nsga.end();
            // jMetal counts evaluations in an int: population (made even) x (generations + 1) must fit in one
            long evaluations = population == null || generations == null ? 0
                    : (long) (population + population % 2) * (generations + 1);
            if (evaluations > Integer.MAX_VALUE) {
                errors.add(r.node("nsga2"), r.path("nsga2"), "population x (generations + 1) is " + evaluations
                        + " evaluations; at most " + Integer.MAX_VALUE);
            }
        }
        String recommend = r.string("recommend", objectives.isEmpty() ? null : objectives.get(0).column());
        if (recommend != null && objectives.stream().noneMatch(o -> o.column().equals(recommend))) {
            r.error("recommend", "must be one of the objectives");
        }
        java.util.Map<String, Double> cost = new java.util.TreeMap<>();
        MapReader costs = r.map("cost");
        if (costs != null) {
            for (String type : costs.node().entries().keySet()) {
                // any unit the user counts in; a finite amount, 0 for a device already owned
                Double c = costs.number(type, null, 0, 1e15);
                if (c != null) {
                    cost.put(type, c);
                }
            }
            costs.end();
        }
        Boolean whatIf = r.bool("whatIf", true);
        r.end();
        if (errors.size() > before || whatIf == null || method == null || maxExhaustive == null || population == null || generations == null
                || seed == null) {
            return null;
        }
        return new ExploreSpec(method, maxExhaustive, objectives, constraints, accuracy, population % 2 == 0 ? population
                : population + 1, generations, seed, recommend, cost, whatIf);
    }

    public boolean usesAccuracy() {
        return objectives.stream().anyMatch(o -> o.column().startsWith("accuracy"))
                || constraints.stream().anyMatch(c -> c.names().stream().anyMatch(n -> n.startsWith("accuracy")));
    }
}

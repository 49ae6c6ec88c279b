package org.lcpsim.experiments.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentSpec;
import org.lcpsim.experiments.PointRunner;
import org.lcpsim.strategies.DataParallel;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.PipelinePlanner;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.Model;

/**
 * Where a search over pipeline assignments starts: the planner heuristic's design
 * ({@link PipelinePlanner}) in the design space's own terms. A sweep that varies a pipeline's
 * cut points ({@code strategy.cuts.I}: layer indices or names) or its stages' replicas
 * ({@code strategy.replicas.I}) is a search over assignments; for each combination of its other
 * axes (at most {@value #MAX_COMBINATIONS}, the first in grid order), the planner plans that
 * point's model on its cluster with the file's number of stages (with the file's cuts, when no
 * cut is swept: replicas alone), and each swept value is set to the axis value nearest the
 * plan's (a cut after the same layer, the same replicas, or the closest there is). When the
 * filters leave that grid point out (a sum of replicas above the devices, say), the replicas of
 * the stages that have the most are lowered one value at a time until one is in the space.
 */
final class PlannedStart {
    /** The most combinations of the other axes given a start of their own. */
    static final int MAX_COMBINATIONS = 64;
    private static final Pattern ASSIGNMENT = Pattern.compile("strategy\\.(cuts|replicas)\\.(\\d+)");

    /** A start: the grid point (value index per axis), its point id (-1: outside the space), the plan in words. */
    record Start(int[] digits, int pointId, String plan) {
    }

    private PlannedStart() {
    }

    /** True when some axis of the file sweeps a pipeline's cuts or replicas by index. */
    static boolean searchesAssignments(ExperimentFile file) {
        for (int a = 0; a < file.axisSizes().length; a++) {
            if (file.axisPaths(a).size() == 1 && ASSIGNMENT.matcher(file.axisPaths(a).get(0)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The planner's designs of the file's design space, each once; empty when it searches no assignment. */
    static List<Start> find(ExperimentFile file) {
        int[] sizes = file.axisSizes();
        List<Integer> assignment = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int a = 0; a < sizes.length; a++) {
            if (file.axisPaths(a).size() == 1 && ASSIGNMENT.matcher(file.axisPaths(a).get(0)).matches()) {
                assignment.add(a);
            } else {
                others.add(a);
            }
        }
        if (assignment.isEmpty()) {
            return List.of();
        }
        Map<String, Start> out = new LinkedHashMap<>();
        int[] digits = new int[sizes.length];
        for (int combination = 0; combination < MAX_COMBINATIONS; combination++) {
            Start s = plan(file, digits.clone(), assignment);
            if (s != null) {
                out.putIfAbsent(java.util.Arrays.toString(s.digits()), s);
            }
            // the next combination of the other axes (the last varying fastest)
            int k = others.size() - 1;
            while (k >= 0) {
                int a = others.get(k);
                if (++digits[a] < sizes[a]) {
                    break;
                }
                digits[a] = 0;
                k--;
            }
            if (k < 0) {
                break;
            }
        }
        return List.copyOf(out.values());
    }

    /** The start for the other axes at {@code digits}; null when the point is no pipeline the planner can plan. */
    private static Start plan(ExperimentFile file, int[] digits, List<Integer> assignment) {
        Errors errors = new Errors();
        ExperimentFile.DesignPoint point = file.gridPoint(digits, errors);
        if (point == null) {
            return null;
        }
        Node strategy = Node.at(point.document(), List.of("strategy"));
        if (!(strategy instanceof Node.MapNode m) || !(m.get("kind") instanceof Node.Scalar kind)
                || !kind.text().equals("pipeline")) {
            return null;
        }
        // the point's model and cluster, whatever its own cuts and replicas (they may be out of order at these digits)
        Map<String, Node.Entry> plain = new LinkedHashMap<>(m.entries());
        Node.Entry cutsEntry = plain.remove("cuts");
        Node.Entry replicasEntry = plain.remove("replicas");
        plain.remove("devices");
        Node replicasNode = replicasEntry == null ? null : replicasEntry.value();
        Node cuts = cutsEntry == null ? null : cutsEntry.value();
        Node doc = Node.with(point.document(), List.of("strategy"), new Node.MapNode(m.location(), plain));
        ExperimentSpec spec = file.bind(new ExperimentFile.DesignPoint(-1, point.values(), doc), errors);
        if (spec == null || spec.multiStream()) {
            return null;
        }
        int stages = replicasNode instanceof Node.ListNode l ? l.items().size()
                : cuts instanceof Node.ListNode c ? c.items().size() + 1 : -1;
        int n = spec.devices().size();
        Model model = spec.model();
        if (stages < 1 || stages > Math.min(n, model.layers().size())) {
            return null;
        }
        DataParallel.Balance balance = plain.get("balance") != null && plain.get("balance").value() instanceof Node.Scalar b
                && b.text().equals("least-loaded") ? DataParallel.Balance.LEAST_LOADED : DataParallel.Balance.ROUND_ROBIN;
        DeployContext ctx = PointRunner.context(spec);
        boolean cutsSwept = assignment.stream().anyMatch(a -> file.axisPaths(a).get(0).startsWith("strategy.cuts."));
        PipelinePlanner.Plan plan;
        try {
            if (cutsSwept || !(cuts instanceof Node.ListNode given)) {
                plan = PipelinePlanner.plan(model, ctx, stages, n, balance);
            } else {
                int[] ends = new int[stages];
                for (int i = 0; i < stages - 1; i++) {
                    ends[i] = layerIndex(model, given.items().get(i));
                    if (ends[i] < 0) {
                        return null;
                    }
                }
                ends[stages - 1] = model.layers().size() - 1;
                plan = PipelinePlanner.replicas(model, ctx, ends, n, balance);
            }
        } catch (RuntimeException e) {
            return null;
        }
        for (int a : assignment) {
            Matcher x = ASSIGNMENT.matcher(file.axisPaths(a).get(0));
            x.matches();
            int i = Integer.parseInt(x.group(2));
            boolean isCut = x.group(1).equals("cuts");
            if (i >= (isCut ? stages - 1 : stages)) {
                continue;
            }
            double target = isCut ? plan.ends()[i] : plan.replicas()[i];
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int v = 0; v < file.axisSizes()[a]; v++) {
                Node value = file.axisValue(a, v, 0);
                double at = isCut ? layerIndex(model, value) : number(value);
                if (at >= 0 && Math.abs(at - target) < bestDistance) {
                    bestDistance = Math.abs(at - target);
                    best = v;
                }
            }
            if (best >= 0) {
                digits[a] = best;
            }
        }
        int id = file.pointIdOfDigits(digits);
        // outside the space (replicas above the devices' budget, say): fewer replicas where there are the most
        for (int tries = 0; id < 0 && tries < 100; tries++) {
            int most = -1;
            double mostValue = 1;
            for (int a : assignment) {
                if (file.axisPaths(a).get(0).startsWith("strategy.replicas.") && digits[a] > 0) {
                    double v = number(file.axisValue(a, digits[a], 0));
                    if (v > mostValue) {
                        mostValue = v;
                        most = a;
                    }
                }
            }
            if (most < 0) {
                break;
            }
            digits[most]--;
            id = file.pointIdOfDigits(digits);
        }
        StringBuilder words = new StringBuilder();
        int start = 0;
        for (int s = 0; s < plan.stages(); s++) {
            List<Layer> ls = model.layers();
            words.append(s == 0 ? "" : " | ").append(ls.get(start).name()).append("..").append(ls.get(plan.ends()[s]).name())
                    .append(" x").append(plan.replicas()[s]);
            start = plan.ends()[s] + 1;
        }
        return new Start(digits, id, String.format(Locale.ROOT, "%s (estimated %.4g requests/s)", words,
                1000.0 / plan.periodMs()));
    }

    /** The layer index a cut value names (an index, or a layer's name), or -1. */
    private static int layerIndex(Model model, Node value) {
        if (!(value instanceof Node.Scalar s)) {
            return -1;
        }
        if (s.type() == Node.Scalar.Type.INTEGER) {
            try {
                return Integer.parseInt(s.text());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(s.text())) {
                return i;
            }
        }
        return -1;
    }

    private static double number(Node value) {
        if (value instanceof Node.Scalar s && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.FLOAT)) {
            try {
                return Double.parseDouble(s.text());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}

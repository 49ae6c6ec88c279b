package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.Residency;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Phase;
import org.lcpsim.execution.RequestPlanner;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.Model;

/**
 * Layer pipelining (the group's "Musical Chair" form of model parallelism): the layers, in
 * order, are cut into consecutive groups, group i on device i; a request's activations flow
 * from device to device, so with several requests in flight every device works on a different
 * one. Cuts are given ({@code cuts}: the last layer of each group but the last) or chosen to
 * balance the stages: the partition minimizing the slowest pipeline resource, each device's
 * compute and each link's transfer of what crosses its cut being stages of their own
 * (dynamic programming over cut points).
 * What crosses a cut is every tensor produced before it and read after it.
 */
public record Pipeline(List<String> cuts) implements Strategy {
    public Pipeline {
        cuts = cuts == null ? null : List.copyOf(cuts);
    }

    @Override
    public String kind() {
        return "pipeline";
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        List<Layer> layers = model.layers();
        int n = ctx.devices();
        if (cuts != null) {
            String problem = checkCuts(model, cuts, n);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        int[] ends = cuts != null ? givenCuts(model) : balancedCuts(model, ctx, Math.min(n, layers.size()));
        int groups = ends.length;
        TaskGraph.Builder g = TaskGraph.builder();
        List<Residency> residency = new ArrayList<>(Collections.nCopies(n, Residency.NONE));
        int start = 0;
        int[] deps = {};
        if (ctx.sourceNode() != 0) {
            deps = new int[] {g.send("input", Phase.INPUT, ctx.sourceNode(), 0, ctx.inputBytes())};
        }
        for (int s = 0; s < groups; s++) {
            List<Layer> group = layers.subList(start, ends[s] + 1);
            ComputeWork work = ComputeWork.of(model.name() + "/stage" + s, group, ctx.weights(), ctx.activations());
            int c = g.compute("stage " + s + " (" + group.get(0).name() + ".." + group.get(group.size() - 1).name() + ")",
                    s, work, deps);
            long crossing = s < groups - 1 ? crossingBytes(model, ends[s], ctx) : 0;
            long weights = 0;
            for (Layer l : group) {
                weights += l.weightBytes(ctx.weights());
            }
            long inBytes = s == 0 ? ctx.inputBytes() : crossingBytes(model, ends[s - 1], ctx);
            residency.set(s, new Residency(weights, peakActivations(group, ctx), inBytes + crossing));
            if (s < groups - 1) {
                deps = new int[] {g.send("activations " + s + "->" + (s + 1), Phase.ACTIVATION, s, s + 1, crossing, c)};
            }
            start = ends[s] + 1;
        }
        return new Deployment(kind(), residency, RequestPlanner.fixed(g.build()), model.params(), model.macs(), 1, 0.0,
                "original");
    }

    /**
     * Why {@code cuts} cannot pipeline {@code model} on {@code devices} devices, or null when they
     * can: each must name a layer, in layer order, before the last one, and every stage needs a device.
     */
    public static String checkCuts(Model model, List<String> cuts, int devices) {
        List<Layer> layers = model.layers();
        int prev = -1;
        for (String cut : cuts) {
            int idx = indexOf(layers, cut);
            if (idx < 0) {
                return "pipeline cut '" + cut + "' is not a layer of " + model.name();
            }
            if (idx <= prev || idx == layers.size() - 1) {
                return "pipeline cuts must be in layer order and before the last layer";
            }
            prev = idx;
        }
        int groups = cuts.size() + 1;
        if (groups > devices) {
            return groups + " pipeline stages need " + groups + " devices; the cluster has " + devices;
        }
        return null;
    }

    /** The last layer of each stage; the cuts are checked. */
    private int[] givenCuts(Model model) {
        List<Layer> layers = model.layers();
        int[] ends = new int[cuts.size() + 1];
        for (int i = 0; i < cuts.size(); i++) {
            ends[i] = indexOf(layers, cuts.get(i));
        }
        ends[cuts.size()] = layers.size() - 1;
        return ends;
    }

    private static int indexOf(List<Layer> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes of the tensors produced at or before layer {@code end} and read after it. */
    static long crossingBytes(Model model, int end, DeployContext ctx) {
        List<Layer> layers = model.layers();
        Set<String> before = new HashSet<>();
        before.add(Model.INPUT);
        for (int i = 0; i <= end; i++) {
            before.add(layers.get(i).name());
        }
        Set<String> crossing = new HashSet<>();
        for (int i = end + 1; i < layers.size(); i++) {
            for (String in : layers.get(i).inputs()) {
                if (before.contains(in)) {
                    crossing.add(in);
                }
            }
        }
        long bytes = 0;
        for (String t : crossing) {
            bytes += Model.INPUT.equals(t) ? ctx.inputBytes() : model.shapeOf(t).bytes(ctx.activations());
        }
        return bytes;
    }

    private static long peakActivations(List<Layer> group, DeployContext ctx) {
        long peak = 0;
        for (Layer l : group) {
            peak = Math.max(peak, l.inputBytes(ctx.activations()) + l.outputBytes(ctx.activations()));
        }
        return peak;
    }

    /**
     * Minimizes the slowest stage over contiguous partitions into at most {@code groups} stages.
     * Layer times are estimated one by one and summed (planning ignores swap and queueing).
     */
    private static int[] balancedCuts(Model model, DeployContext ctx, int groups) {
        List<Layer> layers = model.layers();
        int l = layers.size();
        double[][] prefix = new double[groups][l + 1];
        for (int d = 0; d < groups; d++) {
            for (int i = 0; i < l; i++) {
                prefix[d][i + 1] = prefix[d][i] + ctx.costs().computeMs(d,
                        ComputeWork.of(model.name(), List.of(layers.get(i)), ctx.weights(), ctx.activations()));
            }
        }
        double[][] sendMs = new double[groups][l];
        for (int j = 0; j < l - 1; j++) {
            long bytes = crossingBytes(model, j, ctx);
            for (int d = 0; d + 1 < groups; d++) {
                sendMs[d][j] = ctx.costs().transfersMs(List.of(new CostEstimator.TransferEstimate(d, new int[] {d + 1}, bytes)));
            }
        }
        double[][] best = new double[groups + 1][l + 1];
        int[][] choice = new int[groups + 1][l + 1];
        for (double[] row : best) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        best[0][0] = 0;
        for (int s = 1; s <= groups; s++) {
            int d = s - 1;
            for (int j = 1; j <= l; j++) {
                for (int i = s - 1; i < j; i++) {
                    if (best[s - 1][i] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    double stage = Math.max(prefix[d][j] - prefix[d][i], j < l ? sendMs[d][j - 1] : 0);
                    double v = Math.max(best[s - 1][i], stage);
                    if (v < best[s][j]) {
                        best[s][j] = v;
                        choice[s][j] = i;
                    }
                }
            }
        }
        int bestGroups = 1;
        for (int s = 1; s <= groups; s++) {
            if (best[s][l] < best[bestGroups][l] - 1e-12) {
                bestGroups = s;
            }
        }
        int[] ends = new int[bestGroups];
        int j = l;
        for (int s = bestGroups; s >= 1; s--) {
            ends[s - 1] = j - 1;
            j = choice[s][j];
        }
        return ends;
    }
}

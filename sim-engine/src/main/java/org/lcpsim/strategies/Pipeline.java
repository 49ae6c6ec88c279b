package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p>A stage may be <b>replicated</b> (data parallelism inside a pipeline stage): {@code
 * replicas} gives the number of devices of each stage (consecutive devices, stage 0 first), or
 * {@code devices} names them; each request runs each stage on one of its replicas, chosen when
 * it arrives, round robin (request i on replica i mod r of a stage of r replicas) or the least
 * loaded (the replica with the fewest unfinished compute tasks, as {@link DataParallel} counts
 * them; lowest index on ties). Every replica holds its stage's weights. With {@code replicas}
 * and no cuts, the cuts balance the stages with their replicas ({@link PipelinePlanner}); with
 * {@code plan}, the planner chooses cuts and replicas over every device.
 *
 * @param cuts     the last layer of each stage but the last (names), or null to balance them
 * @param replicas devices per stage, or null: one each (or as {@code devices} says)
 * @param devices  the devices of each stage (indices), or null: consecutive
 * @param balance  how a replicated stage's replica is chosen per request
 * @param plan     cuts and replicas chosen by {@link PipelinePlanner#plan} (nothing else given)
 */
public record Pipeline(List<String> cuts, List<Integer> replicas, List<List<Integer>> devices, DataParallel.Balance balance,
                       boolean plan) implements Strategy {
    public Pipeline {
        cuts = cuts == null ? null : List.copyOf(cuts);
        replicas = replicas == null ? null : List.copyOf(replicas);
        devices = devices == null ? null : devices.stream().map(List::copyOf).toList();
        if (balance == null) {
            balance = DataParallel.Balance.ROUND_ROBIN;
        }
        if (plan && (cuts != null || replicas != null || devices != null)) {
            throw new IllegalArgumentException("a planned pipeline chooses its cuts and replicas: give neither");
        }
        if (replicas != null) {
            for (int r : replicas) {
                if (r < 1) {
                    throw new IllegalArgumentException("a stage has at least one replica, got " + r);
                }
            }
        }
    }

    /** A pipeline of one device per stage, cut where {@code cuts} says (null: balanced). */
    public Pipeline(List<String> cuts) {
        this(cuts, null, null, DataParallel.Balance.ROUND_ROBIN, false);
    }

    /** The pipeline the planner heuristic chooses over every device. */
    public static Pipeline planned(DataParallel.Balance balance) {
        return new Pipeline(null, null, null, balance, true);
    }

    @Override
    public String kind() {
        return "pipeline";
    }

    /** True when some stage has more than one device. */
    public boolean replicated() {
        return plan || (replicas != null && replicas.stream().anyMatch(r -> r > 1))
                || (devices != null && devices.stream().anyMatch(d -> d.size() > 1));
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        List<Layer> layers = model.layers();
        int n = ctx.devices();
        String problem = check(model, cuts, replicas, devices, n);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int[] ends;
        int[][] stageDevices;
        if (plan) {
            PipelinePlanner.Plan p = PipelinePlanner.plan(model, ctx, balance);
            ends = p.ends();
            stageDevices = PipelinePlanner.consecutive(p.replicas());
        } else {
            int[] reps = replicaCounts();
            if (cuts != null) {
                ends = givenCuts(model);
            } else if (reps != null) {
                ends = PipelinePlanner.balancedEnds(model, ctx, devices != null ? named() : PipelinePlanner.consecutive(reps),
                        balance);
            } else {
                ends = balancedCuts(model, ctx, Math.min(n, layers.size()));
            }
            if (devices != null) {
                stageDevices = named();
            } else if (reps != null) {
                stageDevices = PipelinePlanner.consecutive(reps);
            } else {
                int[] ones = new int[ends.length];
                java.util.Arrays.fill(ones, 1);
                stageDevices = PipelinePlanner.consecutive(ones);
            }
        }
        return deploy(model, ctx, ends, stageDevices);
    }

    /** Devices per stage as given ({@code replicas}, or the sizes of {@code devices}), or null for one each. */
    private int[] replicaCounts() {
        if (replicas != null) {
            return replicas.stream().mapToInt(Integer::intValue).toArray();
        }
        if (devices != null) {
            return devices.stream().mapToInt(List::size).toArray();
        }
        return null;
    }

    private int[][] named() {
        int[][] out = new int[devices.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = devices.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** The deployment of stages ending at {@code ends}, stage s on the devices {@code stageDevices[s]}. */
    private Deployment deploy(Model model, DeployContext ctx, int[] ends, int[][] stageDevices) {
        List<Layer> layers = model.layers();
        int n = ctx.devices();
        int groups = ends.length;
        List<Residency> residency = new ArrayList<>(Collections.nCopies(n, Residency.NONE));
        ComputeWork[] work = new ComputeWork[groups];
        String[] labels = new String[groups];
        long[] crossing = new long[groups];
        int start = 0;
        for (int s = 0; s < groups; s++) {
            List<Layer> group = layers.subList(start, ends[s] + 1);
            work[s] = ComputeWork.of(model.name() + "/stage" + s, group, ctx.weights(), ctx.activations());
            labels[s] = "stage " + s + " (" + group.get(0).name() + ".." + group.get(group.size() - 1).name() + ")";
            crossing[s] = s < groups - 1 ? crossingBytes(model, ends[s], ctx) : 0;
            Residency held = stageResidency(model, ctx, start, ends[s]);
            for (int d : stageDevices[s]) {
                residency.set(d, held);
            }
            start = ends[s] + 1;
        }
        int[] counts = new int[groups];
        boolean replicated = false;
        for (int s = 0; s < groups; s++) {
            counts[s] = stageDevices[s].length;
            replicated |= counts[s] > 1;
        }
        RequestPlanner planner;
        if (!replicated) {
            planner = RequestPlanner.fixed(graph(ctx, work, labels, crossing, stageDevices, new int[groups]));
        } else {
            // one graph per combination of replicas, built when a request first takes it and kept
            Map<String, TaskGraph> graphs = new ConcurrentHashMap<>();
            boolean leastLoaded = balance == DataParallel.Balance.LEAST_LOADED;
            planner = (index, load) -> {
                int[] choice = new int[groups];
                for (int s = 0; s < groups; s++) {
                    if (!leastLoaded) {
                        choice[s] = (int) (index % counts[s]);
                        continue;
                    }
                    int best = 0;
                    for (int k = 1; k < counts[s]; k++) {
                        if (load.unfinishedTasks(stageDevices[s][k]) < load.unfinishedTasks(stageDevices[s][best])) {
                            best = k;
                        }
                    }
                    choice[s] = best;
                }
                return graphs.computeIfAbsent(java.util.Arrays.toString(choice),
                        k -> graph(ctx, work, labels, crossing, stageDevices, choice));
            };
        }
        return new Deployment(kind(), residency, planner, model.params(), model.macs(), 1, 0.0, "original");
    }

    /** The task graph of a request that runs stage s on replica {@code choice[s]}. */
    private static TaskGraph graph(DeployContext ctx, ComputeWork[] work, String[] labels, long[] crossing,
                                   int[][] stageDevices, int[] choice) {
        TaskGraph.Builder g = TaskGraph.builder();
        int groups = work.length;
        int first = stageDevices[0][choice[0]];
        int[] deps = {};
        if (ctx.sourceNode() != first) {
            deps = new int[] {g.send("input", Phase.INPUT, ctx.sourceNode(), first, ctx.inputBytes())};
        }
        for (int s = 0; s < groups; s++) {
            int device = stageDevices[s][choice[s]];
            int c = g.compute(labels[s], device, work[s], deps);
            if (s < groups - 1) {
                int next = stageDevices[s + 1][choice[s + 1]];
                deps = new int[] {g.send("activations " + s + "->" + (s + 1), Phase.ACTIVATION, device, next, crossing[s], c)};
            }
        }
        return g.build();
    }

    /** What a device running layers {@code from..to} holds: their weights, peak activations, the messages in and out. */
    static Residency stageResidency(Model model, DeployContext ctx, int from, int to) {
        List<Layer> group = model.layers().subList(from, to + 1);
        long weights = 0;
        for (Layer l : group) {
            weights += l.weightBytes(ctx.weights());
        }
        long inBytes = from == 0 ? ctx.inputBytes() : crossingBytes(model, from - 1, ctx);
        long out = to < model.layers().size() - 1 ? crossingBytes(model, to, ctx) : 0;
        return new Residency(weights, peakActivations(group, ctx), inBytes + out);
    }

    /**
     * Why {@code cuts} cannot pipeline {@code model} on {@code devices} devices, or null when they
     * can: each must name a layer, in layer order, before the last one, and every stage needs a device.
     */
    public static String checkCuts(Model model, List<String> cuts, int devices) {
        return check(model, cuts, null, null, devices);
    }

    /**
     * Why these cuts, replicas and stage devices cannot pipeline {@code model} on {@code devices}
     * devices, or null when they can: cuts name layers in layer order before the last one; replicas
     * (one per stage) and devices (one list per stage, each device once) agree with the cuts and
     * each other; the stages' devices exist (a stage of r replicas takes r devices).
     */
    public static String check(Model model, List<String> cuts, List<Integer> replicas, List<List<Integer>> stageDevices,
                               int devices) {
        List<Layer> layers = model.layers();
        if (cuts != null) {
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
        }
        int stages = cuts != null ? cuts.size() + 1 : replicas != null ? replicas.size()
                : stageDevices != null ? stageDevices.size() : -1;
        if (replicas != null && replicas.size() != stages) {
            return "replicas gives " + replicas.size() + " stage" + (replicas.size() == 1 ? "" : "s") + "; the "
                    + cuts.size() + " cut" + (cuts.size() == 1 ? "" : "s") + " make " + stages + " (one number per stage)";
        }
        if (stageDevices != null && stageDevices.size() != stages) {
            return "devices gives " + stageDevices.size() + " stage" + (stageDevices.size() == 1 ? "" : "s") + "; "
                    + (cuts != null ? "the cuts make " : "replicas gives ") + stages + " (one list of devices per stage)";
        }
        if (stages > layers.size()) {
            return stages + " pipeline stages need " + stages + " layers; " + model.name() + " has " + layers.size();
        }
        if (stageDevices != null) {
            Set<Integer> seen = new HashSet<>();
            for (int s = 0; s < stageDevices.size(); s++) {
                List<Integer> list = stageDevices.get(s);
                if (list.isEmpty()) {
                    return "stage " + s + " has no device";
                }
                if (replicas != null && replicas.get(s) != list.size()) {
                    return "stage " + s + " has " + replicas.get(s) + " replicas but " + list.size() + " devices";
                }
                for (int d : list) {
                    if (d < 0 || d >= devices) {
                        return "device d" + d + " of stage " + s + " does not exist; the cluster has " + devices;
                    }
                    if (!seen.add(d)) {
                        return "device d" + d + " is in two stages (or twice in one)";
                    }
                }
            }
            return null;
        }
        if (replicas != null) {
            long total = 0;
            for (int r : replicas) {
                if (r < 1) {
                    return "a stage has at least one replica, got " + r;
                }
                total += r;
            }
            if (total > devices) {
                return stages + " pipeline stages of " + replicas + " replicas need " + total + " devices; the cluster has "
                        + devices;
            }
            return null;
        }
        if (stages > devices) {
            return stages + " pipeline stages need " + stages + " devices; the cluster has " + devices;
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

    static int indexOf(List<Layer> layers, String name) {
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

    static long peakActivations(List<Layer> group, DeployContext ctx) {
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

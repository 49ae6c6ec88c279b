package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.LayerGeometry;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.Residency;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Phase;
import org.lcpsim.execution.RequestPlanner;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.strategies.ModelParallel.Merge;
import org.lcpsim.strategies.ModelParallel.Split;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/**
 * Builds the task graph of {@link ModelParallel}. Every tensor has a distribution over the
 * network nodes (whole at one node, replicated, channel slices, row bands, or partial sums) and,
 * per node, the tasks after which that node holds its part. A stage asks for its input in the
 * distribution its split needs; a redistribution is a list of rounds of concurrent sends (and
 * reductions), planned as data first so that it can be estimated (automatic split) or emitted.
 */
final class ModelParallelPlanner {
    private enum Kind { FULL, REPLICATED, CHANNEL, SPATIAL, PARTIAL }

    /** Where a tensor is: {@code ready[node]} = tasks after which the node holds its part (null: no part). */
    private record Dist(Kind kind, int holder, long bytes, long elements, int[][] ready) {
    }

    private record Send(int source, int[] destinations, long bytes, String label) {
    }

    private record Reduce(int node, ComputeWork work) {
    }

    private record Round(List<Send> sends, List<Reduce> reduces) {
    }

    private record Plan(List<Round> rounds, Kind result, int holder) {
        static Plan none(Dist d) {
            return new Plan(List.of(), d.kind(), d.holder());
        }
    }

    private record Stage(Layer param, List<Layer> followers, boolean coordinatorOnly) {
        List<Layer> layers() {
            List<Layer> all = new ArrayList<>();
            if (param != null) {
                all.add(param);
            }
            all.addAll(followers);
            return all;
        }
    }

    private final ModelParallel options;
    private final Model model;
    private final DeployContext ctx;
    private final int n;
    private final int c;
    private final int nodes;
    private final TaskGraph.Builder graph = TaskGraph.builder();
    private final Map<String, Dist> tensors = new HashMap<>();
    private final long[] weights;
    private final long[] activations;
    private final long[] buffers;
    private final long[] stageTraffic;
    private Phase phase = Phase.INPUT;

    ModelParallelPlanner(ModelParallel options, Model model, DeployContext ctx) {
        this.options = options;
        this.model = model;
        this.ctx = ctx;
        this.n = ctx.devices();
        this.c = options.coordinator();
        this.nodes = ctx.externalSource() ? n + 1 : n;
        this.weights = new long[n];
        this.activations = new long[n];
        this.buffers = new long[n];
        this.stageTraffic = new long[nodes];
    }

    Deployment plan() {
        int[][] inputReady = new int[nodes][];
        inputReady[ctx.sourceNode()] = new int[0];
        tensors.put(Model.INPUT, new Dist(Kind.FULL, ctx.sourceNode(), ctx.inputBytes(), model.inputShape().elements(),
                inputReady));
        List<Stage> stages = stages();
        int sinceMerge = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Arrays.fill(stageTraffic, 0);
            if (s.coordinatorOnly()) {
                runOnCoordinator(s.layers(), "s" + i);
            } else {
                Split split = options.split().auto() ? cheapest(s) : feasible(s, options.split().forKind(s.param().kind()));
                runSplit(s, split, "s" + i);
                sinceMerge++;
                boolean last = i == stages.size() - 1;
                if (sinceMerge >= options.mergeEvery() || last) {
                    String t = lastTensor(s);
                    emit(plan(tensors.get(t), options.merge() == Merge.COORDINATOR || last ? Kind.FULL : Kind.REPLICATED,
                            c, null), t, "merge " + t);
                    sinceMerge = 0;
                }
            }
            for (int d = 0; d < n; d++) {
                buffers[d] = Math.max(buffers[d], stageTraffic[d]);
            }
        }
        String out = model.layers().get(model.layers().size() - 1).name();
        phase = Phase.GATHER;
        emit(plan(tensors.get(out), Kind.FULL, c, null), out, "result");
        List<Residency> residency = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            residency.add(new Residency(weights[d], activations[d], buffers[d]));
        }
        return new Deployment(options.kind(), residency, RequestPlanner.fixed(graph.build()), model.params(), model.macs(),
                1, 0.0, "original");
    }

    // ---- stages ----------------------------------------------------------------------------

    private static boolean parametric(LayerKind k) {
        return k == LayerKind.CONV || k == LayerKind.DEPTHWISE_CONV || k == LayerKind.DENSE;
    }

    private List<Stage> stages() {
        Map<String, Integer> readers = new HashMap<>();
        for (Layer l : model.layers()) {
            for (String in : l.inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        List<Stage> stages = new ArrayList<>();
        Stage cur = null;
        for (Layer l : model.layers()) {
            if (parametric(l.kind())) {
                cur = new Stage(l, new ArrayList<>(), false);
                stages.add(cur);
                continue;
            }
            boolean follows = cur != null && !cur.coordinatorOnly() && l.inputs().size() == 1
                    && l.inputs().get(0).equals(lastName(cur)) && readers.getOrDefault(lastName(cur), 0) == 1
                    && (channelLocal(l.op()) || spatialLocal(l.op()));
            if (follows) {
                cur.followers().add(l);
            } else if (cur != null && cur.coordinatorOnly()) {
                cur.followers().add(l);
            } else {
                cur = new Stage(null, new ArrayList<>(List.of(l)), true);
                stages.add(cur);
            }
        }
        return stages;
    }

    private static String lastName(Stage s) {
        List<Layer> all = s.layers();
        return all.get(all.size() - 1).name();
    }

    private static boolean channelLocal(Op op) {
        return op instanceof Op.Activation || op instanceof Op.BatchNorm || op instanceof Op.Dropout || op instanceof Op.Pool
                || op instanceof Op.GlobalPool || op instanceof Op.Lrn || op instanceof Op.Flatten || unaryElementwise(op);
    }

    private static boolean spatialLocal(Op op) {
        return op instanceof Op.Activation || op instanceof Op.BatchNorm || op instanceof Op.Dropout || op instanceof Op.Pool
                || op instanceof Op.Lrn || unaryElementwise(op);
    }

    /** An element-wise op of one tensor and at most a scalar or per-channel constant works on any part of it. */
    private static boolean unaryElementwise(Op op) {
        return op instanceof Op.Elementwise e && (e.constant() == null
                || e.constant().height() == 1 && e.constant().width() == 1);
    }

    /** The followers a device can run on its part after this split (a prefix), the rest run on the coordinator. */
    private static int devicePrefix(Stage s, Split split) {
        int k = 0;
        for (Layer f : s.followers()) {
            boolean local = split == Split.SPATIAL ? spatialLocal(f.op()) : channelLocal(f.op());
            if (!local) {
                break;
            }
            k++;
        }
        return k;
    }

    private String lastTensor(Stage s) {
        return lastName(s);
    }

    // ---- splits ----------------------------------------------------------------------------

    private Split feasible(Stage s, Split wanted) {
        Layer p = s.param();
        if (wanted == Split.SPATIAL && (p.kind() == LayerKind.DENSE || p.outputShape().height() < n)) {
            return Split.OUTPUT;
        }
        if (wanted == Split.INPUT && p.kind() == LayerKind.DEPTHWISE_CONV) {
            return Split.OUTPUT;
        }
        return wanted;
    }

    private Split cheapest(Stage s) {
        Split best = null;
        double bestMs = Double.POSITIVE_INFINITY;
        for (Split candidate : Split.values()) {
            if (feasible(s, candidate) != candidate) {
                continue;
            }
            double ms = estimate(s, candidate);
            if (ms < bestMs - 1e-9) {
                bestMs = ms;
                best = candidate;
            }
        }
        return best;
    }

    private Kind required(Stage s, Split split) {
        if (split == Split.SPATIAL) {
            return Kind.SPATIAL;
        }
        if (split == Split.INPUT || s.param().kind() == LayerKind.DEPTHWISE_CONV) {
            return Kind.CHANNEL;
        }
        return Kind.REPLICATED;
    }

    private double estimate(Stage s, Split split) {
        String in = s.param().inputs().get(0);
        double ms = estimate(plan(tensors.get(in), required(s, split), c, s.param()));
        double slowest = 0;
        for (int d = 0; d < n; d++) {
            slowest = Math.max(slowest, ctx.costs().computeMs(d, deviceWork(s, split)));
        }
        ms += slowest;
        long outBytes = s.param().outputBytes(ctx.activations());
        if (split == Split.INPUT) {
            Dist partial = new Dist(Kind.PARTIAL, -1, outBytes, s.param().outputShape().elements(), allDevices());
            ms += estimate(plan(partial, options.merge() == Merge.COORDINATOR ? Kind.FULL : Kind.CHANNEL, c, null));
        }
        return ms;
    }

    private double estimate(Plan p) {
        double ms = 0;
        for (Round r : p.rounds()) {
            List<CostEstimator.TransferEstimate> batch = new ArrayList<>();
            for (Send s : r.sends()) {
                batch.add(new CostEstimator.TransferEstimate(s.source(), s.destinations(), s.bytes()));
            }
            ms += ctx.costs().transfersMs(batch);
            double reduce = 0;
            for (Reduce x : r.reduces()) {
                reduce = Math.max(reduce, ctx.costs().computeMs(x.node(), x.work()));
            }
            ms += reduce;
        }
        return ms;
    }

    private int[][] allDevices() {
        int[][] r = new int[nodes][];
        for (int d = 0; d < n; d++) {
            r[d] = new int[0];
        }
        return r;
    }

    /** The work one device does for a stage: its share of the layer and of the followers it can run. */
    private ComputeWork deviceWork(Stage s, Split split) {
        Layer p = s.param();
        double share = 1.0 / n;
        long in = p.inputBytes(ctx.activations());
        long out = p.outputBytes(ctx.activations());
        long w = p.weightBytes(ctx.weights());
        List<LayerWork> work = new ArrayList<>();
        LayerGeometry g = LayerGeometry.of(p);
        long inElems = p.inputShapes().get(0).elements();
        long outElems = p.outputShape().elements();
        switch (split) {
            case OUTPUT -> {
                boolean depthwise = p.kind() == LayerKind.DEPTHWISE_CONV;
                // output columns divided; a depthwise layer's groups (channels) divide instead
                LayerGeometry part = depthwise
                        ? new LayerGeometry(ceil(g.groups(), n), g.m(), g.n(), g.k(), ceil(inElems, n), ceil(outElems, n),
                                ceil(g.weightElements(), n))
                        : new LayerGeometry(g.groups(), g.m(), ceil(g.n(), n), g.k(), inElems, ceil(outElems, n),
                                ceil(g.weightElements(), n));
                work.add(new LayerWork(p.name(), p.kind(), ceil(p.macs(), n), ceil(p.flops(), n), ceil(w, n),
                        depthwise ? ceil(in, n) : in, ceil(out, n), share, part));
            }
            case INPUT -> work.add(new LayerWork(p.name(), p.kind(), ceil(p.macs(), n), ceil(p.flops(), n), ceil(w, n),
                    ceil(in, n), out, share, new LayerGeometry(g.groups(), g.m(), g.n(), ceil(g.k(), n), ceil(inElems, n),
                    outElems, ceil(g.weightElements(), n))));
            case SPATIAL -> work.add(new LayerWork(p.name(), p.kind(), ceil(p.macs(), n), ceil(p.flops(), n), w,
                    tileBytes(p), ceil(out, n), share, new LayerGeometry(g.groups(), ceil(g.m(), n), g.n(), g.k(),
                    tileBytes(p) / ctx.activations().bytes(), ceil(outElems, n), g.weightElements())));
        }
        if (split != Split.INPUT) {
            int k = devicePrefix(s, split);
            for (Layer f : s.followers().subList(0, k)) {
                work.add(share(f, n, split == Split.SPATIAL));
            }
        }
        return new ComputeWork(model.name() + "/mp/" + split.name().toLowerCase(java.util.Locale.ROOT), work, 1, ctx.weights(),
                ctx.activations());
    }

    private LayerWork share(Layer f, int parts, boolean allWeights) {
        return new LayerWork(f.name(), f.kind(), ceil(f.macs(), parts), ceil(f.flops(), parts),
                allWeights ? f.weightBytes(ctx.weights()) : ceil(f.weightBytes(ctx.weights()), parts),
                ceil(f.inputBytes(ctx.activations()), parts), ceil(f.outputBytes(ctx.activations()), parts), 1.0 / parts,
                LayerGeometry.of(f).scaled(1.0 / parts, allWeights ? 1.0 : 1.0 / parts, 1.0 / parts));
    }

    private static long ceil(long v, int parts) {
        return (v + parts - 1) / parts;
    }

    /** Input rows a device needs for its band of output rows: (rows - 1) * stride + kernel. */
    private long tileBytes(Layer p) {
        Shape in = p.inputShapes().get(0);
        int kernel;
        int stride;
        if (p.op() instanceof Op.Conv2d conv) {
            kernel = (conv.kernelH() - 1) * conv.dilationH() + 1;
            stride = conv.strideH();
        } else {
            Op.DepthwiseConv2d dw = (Op.DepthwiseConv2d) p.op();
            kernel = (dw.kernelH() - 1) * dw.dilationH() + 1;
            stride = dw.strideH();
        }
        int rowsOut = (p.outputShape().height() + n - 1) / n;
        int rowsIn = Math.min(in.height(), (rowsOut - 1) * stride + kernel);
        return (long) in.channels() * in.width() * rowsIn * ctx.activations().bytes();
    }

    private void runSplit(Stage s, Split split, String id) {
        Layer p = s.param();
        String in = p.inputs().get(0);
        Dist input = emit(plan(tensors.get(in), required(s, split), c, p), in, "to " + p.name());
        phase = Phase.ACTIVATION;
        ComputeWork work = deviceWork(s, split);
        int[][] ready = new int[nodes][];
        for (int d = 0; d < n; d++) {
            ready[d] = new int[] {graph.compute("mp " + id + " " + p.name() + " (" + split.name().toLowerCase(java.util.Locale.ROOT)
                    + ") d" + d, d, work, input.ready()[d])};
            weights[d] += work.weightBytes();
            long act = 0;
            for (LayerWork l : work.layers()) {
                act = Math.max(act, l.inputBytes() + l.outputBytes());
            }
            activations[d] = Math.max(activations[d], act);
        }
        List<Layer> tail;
        if (split == Split.INPUT) {
            Dist partial = new Dist(Kind.PARTIAL, -1, p.outputBytes(ctx.activations()), p.outputShape().elements(), ready);
            tensors.put(p.name(), partial);
            Kind target = options.merge() == Merge.COORDINATOR ? Kind.FULL : Kind.CHANNEL;
            // the followers a device (or the coordinator) can apply right after the reduction
            int k = target == Kind.FULL ? s.followers().size() : devicePrefix(s, Split.OUTPUT);
            Dist reduced = emit(plan(partial, target, c, null, s.followers().subList(0, k)), p.name(), "reduce " + p.name());
            String last = k == 0 ? p.name() : s.followers().get(k - 1).name();
            tensors.put(last, reduced);
            tail = s.followers().subList(k, s.followers().size());
        } else {
            int k = devicePrefix(s, split);
            Layer last = k == 0 ? p : s.followers().get(k - 1);
            Kind kind = split == Split.SPATIAL ? Kind.SPATIAL : Kind.CHANNEL;
            tensors.put(last.name(), new Dist(kind, -1, last.outputBytes(ctx.activations()), last.outputShape().elements(), ready));
            tail = s.followers().subList(k, s.followers().size());
        }
        if (!tail.isEmpty()) {
            runOnCoordinator(tail, id + " tail");
        }
    }

    /** Layers that need whole tensors: run whole on the coordinator once their inputs are there. */
    private void runOnCoordinator(List<Layer> layers, String id) {
        java.util.Set<String> inside = new java.util.HashSet<>();
        for (Layer l : layers) {
            inside.add(l.name());
        }
        List<Integer> deps = new ArrayList<>();
        for (Layer l : layers) {
            for (String t : l.inputs()) {
                if (!inside.contains(t)) {
                    Dist d = emit(plan(tensors.get(t), Kind.FULL, c, null), t, "to " + l.name());
                    for (int task : d.ready()[c]) {
                        deps.add(task);
                    }
                }
            }
        }
        phase = Phase.ACTIVATION;
        ComputeWork work = ComputeWork.of(model.name() + "/mp/whole", layers, ctx.weights(), ctx.activations());
        int task = graph.compute("mp " + id + " " + layers.get(0).name() + (layers.size() > 1 ? ".." + layers.get(layers.size() - 1).name() : "")
                + " (whole) d" + c, c, work, deps.stream().distinct().mapToInt(Integer::intValue).toArray());
        weights[c] += work.weightBytes();
        for (Layer l : layers) {
            activations[c] = Math.max(activations[c], l.inputBytes(ctx.activations()) + l.outputBytes(ctx.activations()));
            int[][] ready = new int[nodes][];
            ready[c] = new int[] {task};
            tensors.put(l.name(), new Dist(Kind.FULL, c, l.outputBytes(ctx.activations()), l.outputShape().elements(), ready));
        }
    }

    // ---- redistribution plans ------------------------------------------------------------------

    private Plan plan(Dist from, Kind target, int holder, Layer consumer) {
        return plan(from, target, holder, consumer, List.of());
    }

    /**
     * How to bring {@code from} into {@code target} ({@code holder} for FULL). For SPATIAL,
     * {@code consumer} is the convolution that needs the bands. {@code after} are layers the
     * node that ends up with a reduced tensor applies right after the reduction.
     */
    private Plan plan(Dist from, Kind target, int holder, Layer consumer, List<Layer> after) {
        boolean coordinator = options.merge() == Merge.COORDINATOR;
        switch (target) {
            case FULL -> {
                switch (from.kind()) {
                    case FULL -> {
                        return from.holder() == holder ? Plan.none(from)
                                : new Plan(List.of(new Round(List.of(new Send(from.holder(), new int[] {holder}, from.bytes(),
                                "whole")), List.of())), Kind.FULL, holder);
                    }
                    case REPLICATED -> {
                        return new Plan(List.of(), Kind.FULL, holder);
                    }
                    case CHANNEL, SPATIAL -> {
                        return new Plan(List.of(gather(ceil(from.bytes(), n), holder, List.of())), Kind.FULL, holder);
                    }
                    case PARTIAL -> {
                        Reduce reduce = new Reduce(holder, reduceWork(from, n - 1, 1, after));
                        return new Plan(List.of(gather(from.bytes(), holder, List.of(reduce))), Kind.FULL, holder);
                    }
                }
            }
            case REPLICATED -> {
                switch (from.kind()) {
                    case REPLICATED -> {
                        return Plan.none(from);
                    }
                    case FULL -> {
                        return new Plan(List.of(multicastFrom(from.holder(), from.bytes())), Kind.REPLICATED, -1);
                    }
                    case CHANNEL, SPATIAL -> {
                        if (coordinator) {
                            return chain(plan(from, Kind.FULL, c, null), Kind.FULL, c, from, Kind.REPLICATED);
                        }
                        return new Plan(List.of(allGather(ceil(from.bytes(), n))), Kind.REPLICATED, -1);
                    }
                    case PARTIAL -> {
                        if (coordinator) {
                            return chain(plan(from, Kind.FULL, c, null), Kind.FULL, c, from, Kind.REPLICATED);
                        }
                        Plan rs = plan(from, Kind.CHANNEL, c, null);
                        List<Round> rounds = new ArrayList<>(rs.rounds());
                        rounds.add(allGather(ceil(from.bytes(), n)));
                        return new Plan(rounds, Kind.REPLICATED, -1);
                    }
                }
            }
            case CHANNEL -> {
                switch (from.kind()) {
                    case REPLICATED, CHANNEL -> {
                        return new Plan(List.of(), Kind.CHANNEL, -1);
                    }
                    case FULL -> {
                        return new Plan(List.of(scatter(from.holder(), ceil(from.bytes(), n))), Kind.CHANNEL, -1);
                    }
                    case SPATIAL -> {
                        return chain(plan(from, Kind.FULL, c, null), Kind.FULL, c, from, Kind.CHANNEL);
                    }
                    case PARTIAL -> {
                        if (coordinator) {
                            return chain(plan(from, Kind.FULL, c, null), Kind.FULL, c, from, Kind.CHANNEL);
                        }
                        return new Plan(List.of(reduceScatter(from, after)), Kind.CHANNEL, -1);
                    }
                }
            }
            case SPATIAL -> {
                long tile = tileBytes(consumer);
                switch (from.kind()) {
                    case REPLICATED -> {
                        return new Plan(List.of(), Kind.SPATIAL, -1);
                    }
                    case FULL -> {
                        return new Plan(List.of(scatter(from.holder(), tile)), Kind.SPATIAL, -1);
                    }
                    case SPATIAL -> {
                        long own = ceil(from.bytes(), n);
                        long halo = Math.max(0, tile - own);
                        return halo == 0 ? new Plan(List.of(), Kind.SPATIAL, -1)
                                : new Plan(List.of(haloExchange(ceil(halo, 2))), Kind.SPATIAL, -1);
                    }
                    case CHANNEL, PARTIAL -> {
                        Plan toFull = plan(from, Kind.FULL, c, null);
                        List<Round> rounds = new ArrayList<>(toFull.rounds());
                        rounds.add(scatter(c, tile));
                        return new Plan(rounds, Kind.SPATIAL, -1);
                    }
                }
            }
            default -> {
            }
        }
        throw new IllegalStateException("no plan from " + from.kind() + " to " + target);
    }

    /** First {@code first}, then from whole at {@code holder} to {@code target}. */
    private Plan chain(Plan first, Kind mid, int holder, Dist from, Kind target) {
        Dist whole = new Dist(mid, holder, from.bytes(), from.elements(), null);
        Plan second = plan(whole, target, holder, null);
        List<Round> rounds = new ArrayList<>(first.rounds());
        rounds.addAll(second.rounds());
        return new Plan(rounds, second.result(), second.holder());
    }

    private Round multicastFrom(int source, long bytes) {
        int[] dests = devicesExcept(source);
        return new Round(dests.length == 0 ? List.of() : List.of(new Send(source, dests, bytes, "broadcast")), List.of());
    }

    private Round scatter(int source, long bytesEach) {
        List<Send> sends = new ArrayList<>();
        for (int d : devicesExcept(source)) {
            sends.add(new Send(source, new int[] {d}, bytesEach, "scatter"));
        }
        return new Round(sends, List.of());
    }

    private Round gather(long bytesEach, int holder, List<Reduce> reduces) {
        List<Send> sends = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            if (d != holder) {
                sends.add(new Send(d, new int[] {holder}, bytesEach, "gather"));
            }
        }
        return new Round(sends, reduces);
    }

    private Round allGather(long sliceBytes) {
        List<Send> sends = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            int[] others = devicesExcept(d);
            if (others.length > 0) {
                sends.add(new Send(d, others, sliceBytes, "all-gather"));
            }
        }
        return new Round(sends, List.of());
    }

    private Round reduceScatter(Dist partial, List<Layer> after) {
        List<Send> sends = new ArrayList<>();
        long chunk = ceil(partial.bytes(), n);
        for (int d = 0; d < n; d++) {
            for (int j = 0; j < n; j++) {
                if (j != d) {
                    sends.add(new Send(d, new int[] {j}, chunk, "reduce-scatter"));
                }
            }
        }
        List<Reduce> reduces = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            reduces.add(new Reduce(j, reduceWork(partial, n - 1, n, after)));
        }
        return new Round(sends, reduces);
    }

    private Round haloExchange(long bytesPerNeighbour) {
        List<Send> sends = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            if (d > 0) {
                sends.add(new Send(d, new int[] {d - 1}, bytesPerNeighbour, "halo"));
            }
            if (d < n - 1) {
                sends.add(new Send(d, new int[] {d + 1}, bytesPerNeighbour, "halo"));
            }
        }
        return new Round(sends, List.of());
    }

    /** Adding {@code terms} partial sums into one, over 1/{@code parts} of the tensor, then the layers after. */
    private ComputeWork reduceWork(Dist partial, int terms, int parts, List<Layer> after) {
        List<LayerWork> work = new ArrayList<>();
        long elements = ceil(partial.elements(), parts);
        long bytes = ceil(partial.bytes(), parts);
        // an element-wise add of terms + 1 inputs: accelerators stream it through their vector lanes
        work.add(new LayerWork("reduce", LayerKind.ELEMENTWISE, 0, elements * terms, 0, bytes * (terms + 1), bytes,
                1.0 / parts, new LayerGeometry(0, 0, 0, 0, elements * (terms + 1), elements, 0)));
        for (Layer l : after) {
            work.add(share(l, parts, false));
        }
        return new ComputeWork(model.name() + "/mp/reduce", work, 1, ctx.weights(), ctx.activations());
    }

    private int[] devicesExcept(int node) {
        int[] out = new int[node < n ? n - 1 : n];
        int k = 0;
        for (int d = 0; d < n; d++) {
            if (d != node) {
                out[k++] = d;
            }
        }
        return out;
    }

    /** Turns a plan into tasks; records the new distribution of {@code tensor} and returns it. */
    private Dist emit(Plan plan, String tensor, String label) {
        Dist from = tensors.get(tensor);
        int[][] ready = new int[nodes][];
        for (int i = 0; i < nodes; i++) {
            ready[i] = from.ready()[i] == null ? null : from.ready()[i].clone();
        }
        for (Round round : plan.rounds()) {
            int[][] next = new int[nodes][];
            for (int i = 0; i < nodes; i++) {
                next[i] = ready[i];
            }
            for (Send s : round.sends()) {
                if (ready[s.source()] == null) {
                    throw new IllegalStateException("node " + s.source() + " sends " + tensor + " it does not hold");
                }
                int id = graph.send(label + " " + s.label() + " " + name(s.source()) + "->" + names(s.destinations()), phase,
                        s.source(), s.destinations(), s.bytes(), ready[s.source()]);
                stageTraffic[s.source()] += s.bytes();
                for (int d : s.destinations()) {
                    next[d] = next[d] == null ? new int[] {id} : append(next[d], id);
                    stageTraffic[d] += s.bytes();
                }
            }
            for (Reduce r : round.reduces()) {
                int id = graph.compute(label + " " + (r.work().layers().size() > 1 ? "reduce+" : "reduce") + " d" + r.node(),
                        r.node(), r.work(), next[r.node()]);
                weights[r.node()] += r.work().weightBytes();
                next[r.node()] = new int[] {id};
            }
            ready = next;
        }
        Dist result = new Dist(plan.result(), plan.holder(), from.bytes(), from.elements(), ready);
        tensors.put(tensor, result);
        return result;
    }

    private static int[] append(int[] a, int v) {
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private String name(int node) {
        return node == n ? "source" : "d" + node;
    }

    private String names(int[] nodes) {
        if (nodes.length == 1) {
            return name(nodes[0]);
        }
        return nodes.length + " devices";
    }
}

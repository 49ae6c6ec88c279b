package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.Model;

/**
 * The planner heuristic of hybrid pipelines: where to cut a model and how many devices
 * (replicas) each stage gets, for throughput, from the planner's estimates ({@link CostEstimator}).
 *
 * <p>The estimate of a design is its <b>period</b>, the time between requests at the slowest
 * resource: the largest of each stage's compute time over its replicas (round robin: the slowest
 * replica's time / r; least loaded: 1 / the sum of the replicas' rates), each stage's device
 * holding its stage's weights, activations and messages (so a stage that does not fit pays its
 * swapping); each cut's transfer; and all of a request's transfers at once (on a shared WiFi
 * cell, the air they share). Throughput is 1 / period.
 *
 * <p>{@link #plan}: for every number of stages K from 1 to min(devices, layers):
 * <ol>
 * <li>cut into K stages of one device each, balancing estimated stage times (the dynamic
 *     program of {@link Pipeline}, every compute and every cut's transfer a stage of its own);</li>
 * <li>give the remaining devices one by one to the stage whose time per replica is the highest
 *     (greedy);</li>
 * <li>cut again, balancing the stages with these replicas (each stage's time divided among its
 *     replicas), then repeat 2 from one replica each with the new cuts, and keep the better
 *     design of the two rounds.</li>
 * </ol>
 * The plan is the K with the shortest period (fewer stages on ties: fewer transfers, lower
 * latency). K = 1 is data parallelism, K = devices with one replica each the plain pipeline.
 * Every device is used; stage s takes the devices after those of stage s - 1. Queueing, noise and
 * the network's sharing among overlapping requests are left to the simulation.
 */
public final class PipelinePlanner {
    /** A plan: the last layer of each stage, each stage's replicas, and the estimated period (ms). */
    public record Plan(int[] ends, int[] replicas, double periodMs) {
        public int stages() {
            return ends.length;
        }

        public int devices() {
            return Arrays.stream(replicas).sum();
        }
    }

    private PipelinePlanner() {
    }

    /** Consecutive devices for stages of {@code replicas} devices each: stage 0 first. */
    public static int[][] consecutive(int[] replicas) {
        int[][] out = new int[replicas.length][];
        int next = 0;
        for (int s = 0; s < replicas.length; s++) {
            out[s] = new int[replicas[s]];
            for (int k = 0; k < replicas[s]; k++) {
                out[s][k] = next++;
            }
        }
        return out;
    }

    /** The heuristic's plan over every device of the context. */
    public static Plan plan(Model model, DeployContext ctx, DataParallel.Balance balance) {
        Estimates e = new Estimates(model, ctx, balance);
        int kMax = Math.min(ctx.devices(), model.layers().size());
        int[][] oneEach = e.oneDevicePerStage(kMax);
        Plan best = null;
        for (int k = 1; k <= kMax; k++) {
            Plan p = e.refine(oneEach[k], ctx.devices());
            if (best == null || p.periodMs() < best.periodMs() * (1 - 1e-9)) {
                best = p;
            }
        }
        return best;
    }

    /** The heuristic's plan with exactly {@code stages} stages over {@code devices} devices (0..devices-1). */
    public static Plan plan(Model model, DeployContext ctx, int stages, int devices, DataParallel.Balance balance) {
        if (stages < 1 || stages > Math.min(devices, model.layers().size()) || devices > ctx.devices()) {
            throw new IllegalArgumentException(stages + " stages on " + devices + " devices of " + ctx.devices() + " and "
                    + model.layers().size() + " layers");
        }
        Estimates e = new Estimates(model, ctx, balance);
        return e.refine(e.oneDevicePerStage(stages)[stages], devices);
    }

    /** Step 2 of the heuristic alone: replicas over {@code devices} devices for stages ending at {@code ends}. */
    public static Plan replicas(Model model, DeployContext ctx, int[] ends, int devices, DataParallel.Balance balance) {
        if (ends.length > devices || devices > ctx.devices()) {
            throw new IllegalArgumentException(ends.length + " stages on " + devices + " devices of " + ctx.devices());
        }
        Estimates e = new Estimates(model, ctx, balance);
        int[] reps = e.greedy(ends, devices);
        return new Plan(ends.clone(), reps, e.period(ends, consecutive(reps)));
    }

    /** The estimated period of a design (ms): stages ending at {@code ends} on {@code stageDevices}. */
    public static double periodMs(Model model, DeployContext ctx, int[] ends, int[][] stageDevices,
                                  DataParallel.Balance balance) {
        return new Estimates(model, ctx, balance).period(ends, stageDevices);
    }

    /** Cuts balancing stages that run on these devices, replicas included (exactly as many stages). */
    static int[] balancedEnds(Model model, DeployContext ctx, int[][] stageDevices, DataParallel.Balance balance) {
        return new Estimates(model, ctx, balance).balance(stageDevices);
    }

    /** The planner's estimates for one model and context, each computed once. */
    private static final class Estimates {
        private final Model model;
        private final DeployContext ctx;
        private final boolean leastLoaded;
        private final int layers;
        /** prefix[d][i]: the estimated time of layers 0..i-1 on device d, without swap; computed per device when needed. */
        private final double[][] prefix;
        private final long[] crossing;
        private final java.util.Map<String, Double> stageMs = new java.util.HashMap<>();

        Estimates(Model model, DeployContext ctx, DataParallel.Balance balance) {
            this.model = model;
            this.ctx = ctx;
            this.leastLoaded = balance == DataParallel.Balance.LEAST_LOADED;
            this.layers = model.layers().size();
            this.prefix = new double[ctx.devices()][];
            this.crossing = new long[layers];
            for (int j = 0; j < layers - 1; j++) {
                crossing[j] = Pipeline.crossingBytes(model, j, ctx);
            }
        }

        private double[] prefix(int d) {
            if (prefix[d] == null) {
                double[] p = new double[layers + 1];
                List<Layer> ls = model.layers();
                for (int i = 0; i < layers; i++) {
                    p[i + 1] = p[i] + ctx.costs().computeMs(d, ComputeWork.of(model.name(), List.of(ls.get(i)), ctx.weights(),
                            ctx.activations()));
                }
                prefix[d] = p;
            }
            return prefix[d];
        }

        /** The time of a transfer of what crosses after layer {@code end}, from node a to node b. */
        private double linkMs(int a, int b, int end) {
            return a == b ? 0 : ctx.costs().transfersMs(List.of(new CostEstimator.TransferEstimate(a, new int[] {b},
                    end < 0 ? ctx.inputBytes() : crossing[end])));
        }

        /** Time per request of a stage of layers i..j-1 on these devices, without swap (for the dynamic program). */
        private double share(int[] devices, int i, int j) {
            if (devices.length == 1) {
                double[] p = prefix(devices[0]);
                return p[j] - p[i];
            }
            double max = 0;
            double rate = 0;
            for (int d : devices) {
                double[] p = prefix(d);
                double t = p[j] - p[i];
                max = Math.max(max, t);
                rate += t > 0 ? 1 / t : Double.POSITIVE_INFINITY;
            }
            return leastLoaded ? 1 / rate : max / devices.length;
        }

        /** The time of a stage of layers from..to on device d, holding the stage (swap included). */
        private double stageOn(int d, int from, int to) {
            return stageMs.computeIfAbsent(d + ":" + from + ":" + to, k -> {
                double ms = ctx.costs().computeMs(d, ComputeWork.of(model.name() + "/stage", model.layers().subList(from,
                        to + 1), ctx.weights(), ctx.activations()), Pipeline.stageResidency(model, ctx, from, to));
                return Double.isNaN(ms) ? Double.POSITIVE_INFINITY : ms;
            });
        }

        /** Time per request of a stage of layers from..to on its replicas (swap included). */
        private double stageShare(int[] devices, int from, int to) {
            double max = 0;
            double rate = 0;
            for (int d : devices) {
                double t = stageOn(d, from, to);
                max = Math.max(max, t);
                rate += t > 0 ? 1 / t : Double.POSITIVE_INFINITY;
            }
            return leastLoaded ? 1 / rate : max / devices.length;
        }

        /** The estimated period of stages ending at {@code ends} on {@code devices}. */
        double period(int[] ends, int[][] devices) {
            double period = 0;
            int start = 0;
            List<CostEstimator.TransferEstimate> all = new ArrayList<>();
            int first = devices[0][0];
            if (ctx.sourceNode() != first) {
                all.add(new CostEstimator.TransferEstimate(ctx.sourceNode(), new int[] {first}, ctx.inputBytes()));
                period = Math.max(period, linkMs(ctx.sourceNode(), first, -1));
            }
            for (int s = 0; s < ends.length; s++) {
                period = Math.max(period, stageShare(devices[s], start, ends[s]));
                if (s + 1 < ends.length) {
                    int a = devices[s][0];
                    int b = devices[s + 1][0];
                    all.add(new CostEstimator.TransferEstimate(a, new int[] {b}, crossing[ends[s]]));
                    period = Math.max(period, linkMs(a, b, ends[s]));
                }
                start = ends[s] + 1;
            }
            if (all.size() > 1) {
                period = Math.max(period, ctx.costs().transfersMs(all));
            }
            return period;
        }

        /**
         * For every K up to {@code kMax}, the cuts of K stages on devices 0..K-1, one each, that
         * minimize the slowest stage (compute or a cut's transfer): {@code out[K]} is the last layer of each stage.
         */
        int[][] oneDevicePerStage(int kMax) {
            double[][] best = new double[kMax + 1][layers + 1];
            int[][] choice = new int[kMax + 1][layers + 1];
            for (double[] row : best) {
                Arrays.fill(row, Double.POSITIVE_INFINITY);
            }
            best[0][0] = 0;
            for (int s = 1; s <= kMax; s++) {
                int d = s - 1;
                double[] p = prefix(d);
                for (int j = s; j <= layers; j++) {
                    double send = j < layers && s < kMax ? linkMs(d, d + 1, j - 1) : 0;
                    for (int i = s - 1; i < j; i++) {
                        if (best[s - 1][i] == Double.POSITIVE_INFINITY) {
                            continue;
                        }
                        double v = Math.max(best[s - 1][i], Math.max(p[j] - p[i], send));
                        if (v < best[s][j]) {
                            best[s][j] = v;
                            choice[s][j] = i;
                        }
                    }
                }
            }
            int[][] out = new int[kMax + 1][];
            for (int k = 1; k <= kMax; k++) {
                out[k] = trace(choice, k);
            }
            return out;
        }

        private int[] trace(int[][] choice, int k) {
            int[] ends = new int[k];
            int j = layers;
            for (int s = k; s >= 1; s--) {
                ends[s - 1] = j - 1;
                j = choice[s][j];
            }
            return ends;
        }

        /** Cuts for exactly as many stages as {@code devices} has, each stage on its devices. */
        int[] balance(int[][] devices) {
            int k = devices.length;
            double[][] best = new double[k + 1][layers + 1];
            int[][] choice = new int[k + 1][layers + 1];
            for (double[] row : best) {
                Arrays.fill(row, Double.POSITIVE_INFINITY);
            }
            best[0][0] = 0;
            for (int s = 1; s <= k; s++) {
                int[] group = devices[s - 1];
                // the last stage must end at the last layer; the others leave a layer for each stage after them
                int lo = s;
                int hi = layers - (k - s);
                for (int j = lo; j <= hi; j++) {
                    if (s == k && j != layers) {
                        continue;
                    }
                    double send = s < k ? linkMs(group[0], devices[s][0], j - 1) : 0;
                    for (int i = s - 1; i < j; i++) {
                        if (best[s - 1][i] == Double.POSITIVE_INFINITY) {
                            continue;
                        }
                        double v = Math.max(best[s - 1][i], Math.max(share(group, i, j), send));
                        if (v < best[s][j]) {
                            best[s][j] = v;
                            choice[s][j] = i;
                        }
                    }
                }
            }
            return trace(choice, k);
        }

        /** Replicas for these stages over {@code total} devices: one each, then each further device to the slowest stage per replica. */
        int[] greedy(int[] ends, int total) {
            int k = ends.length;
            int[] reps = new int[k];
            Arrays.fill(reps, 1);
            // a stage's time on one device, by the device its first replica would be on with one replica each
            double[] unit = new double[k];
            int start = 0;
            for (int s = 0; s < k; s++) {
                unit[s] = stageOn(s, start, ends[s]);
                start = ends[s] + 1;
            }
            for (int extra = total - k; extra > 0; extra--) {
                int slowest = 0;
                for (int s = 1; s < k; s++) {
                    if (unit[s] / reps[s] > unit[slowest] / reps[slowest]) {
                        slowest = s;
                    }
                }
                reps[slowest]++;
            }
            return reps;
        }

        /** Steps 2 and 3 of the heuristic for the cuts {@code ends} over {@code total} devices. */
        Plan refine(int[] ends, int total) {
            int[] reps = greedy(ends, total);
            Plan best = new Plan(ends, reps, period(ends, consecutive(reps)));
            int[] again = balance(consecutive(reps));
            int[] reps2 = greedy(again, total);
            for (int[] r : List.of(reps, reps2)) {
                double p = period(again, consecutive(r));
                if (p < best.periodMs() * (1 - 1e-9)) {
                    best = new Plan(again, r, p);
                }
            }
            return best;
        }
    }
}

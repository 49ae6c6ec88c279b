package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Location;
import org.lcpsim.config.Node;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.Residency;
import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.Scheduler;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.execution.Arrival;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.Transfer;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.topology.TopologyNetwork;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.ModelParallel;
import org.lcpsim.strategies.Pipeline;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.LcpModel;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;

/**
 * The simulated time a run would need, bounded before it runs: a design whose run the engine
 * could not represent is bad input, refused by {@code validate} like any other, not a point that
 * fails after hours.
 *
 * <p>The engine's clock is a double of milliseconds that runs to {@code SimEngine.NO_HORIZON_MS}
 * (1e15 ms, 31,700 years); past that a run stops unfinished. The estimate is a worst case, every
 * task of a request one after the other on an idle system ({@code L}: the request's computation
 * on the slowest device of the cluster, the whole deployed model with swap, plus its transfers,
 * each alone on the network), and requests one after the other:
 * <pre>
 *   T = 2 x max(warmup + requests, P) x L + arrivals     &lt;= {@value #LIMIT_MS} ms (31.7 years)
 * </pre>
 * where P = {@link #probeRequests} covers the saturating run that measures capacity (it runs
 * about as long as its requests take, hence the 2), and arrivals is the time over which an open loop's
 * requests arrive ({@code (warmup + requests) / fps}; for Poisson arrivals twice the mean plus 50
 * gaps). The bound leaves a factor 1000 below the clock's end for what it does not count (noise,
 * random network factors). Also: a run moves at most {@value #MAX_BYTES} bytes (its counters are
 * 64-bit integers), and a horizon ({@code horizonS}) must leave time for the warm-up and one
 * measured request by the same estimate, else the run would measure nothing.
 *
 * <p>For a sweep, the factors come from the points {@link SweepCheck} binds, and the worst of
 * each part (deployment, network, load) is taken together: when those parts are swept by
 * different axes, every combination of their values is a design point, so the worst case is one.
 */
final class TimeBudget {
    /** The most simulated time a run may need by the estimate: 1e12 ms, about 31.7 years. */
    static final double LIMIT_MS = 1e12;
    /** The most bytes a run may move (counters are longs; this keeps them far from overflowing). */
    static final double MAX_BYTES = 1e18;

    private TimeBudget() {
    }

    /** What a request costs: the deployment's part. */
    record Deploy(double computeMs, double transfers, double bytes, int probeRequests, String slowest, Location at,
                  String path) {
    }

    /** What a transfer costs: the network's part ({@code fixedMs + bytes x perByteMs}, sender and receiver CPU included). */
    record Net(double fixedMs, double perByteMs, double stallMs, String name, Location at, String path) {
        double ms(double transfers, double bytes) {
            return transfers * fixedMs + bytes * perByteMs;
        }
    }

    /** The load: requests, when they arrive, the horizon. */
    record Load(long requests, int warmup, double arrivalsMs, double firstMeasuredArrivalMs, double horizonMs,
                String arrivalDescription, Location arrivalAt, String arrivalPath, Location requestsAt,
                Location horizonAt, String requestsPath) {
        Load(long requests, int warmup, double arrivalsMs, double firstMeasuredArrivalMs, double horizonMs,
             String arrivalDescription, Location arrivalAt, String arrivalPath, Location requestsAt, Location horizonAt) {
            this(requests, warmup, arrivalsMs, firstMeasuredArrivalMs, horizonMs, arrivalDescription, arrivalAt, arrivalPath,
                    requestsAt, horizonAt, "$.workload.requests");
        }
    }

    /**
     * What faults add (docs/engine.md, "Faults"): the time fixed windows hold requests up (crashes,
     * links and connections down, added up), the largest slowdown factor (every task of a request may
     * run that much slower), the time a request may wait on top of its work (a gather deadline, a
     * failed request's client timeout), and how much longer random crashes make a run (1 + MTTR /
     * MTBF: the share of the time a device is down); {@code at}/{@code path} point at the fault that
     * weighs most, {@code what} says what it is.
     */
    record FaultPart(double stallMs, double slowdown, double perRequestMs, double runFactor, Location at, String path,
                     String what) {
        static final FaultPart NONE = new FaultPart(0, 1, 0, 1, null, "$.faults", "");
    }

    /** Collects the factors of bound points and checks the worst combination. */
    static final class Collector {
        private final List<FaultPart> faults = new ArrayList<>();
        private final List<Deploy> deploys = new ArrayList<>();
        private final List<Net> nets = new ArrayList<>();
        private final List<Load> loads = new ArrayList<>();
        private final Map<String, Object> seen = new java.util.HashMap<>();
        private final Map<Model, Map<String, LcpModel>> splits = new IdentityHashMap<>();

        void add(int group, ExperimentSpec spec, ExperimentFile.DesignPoint point, Errors errors) {
            try {
                collect(spec, point.document());
            } catch (RuntimeException e) {
                // a model that cannot say what it costs: a bug, but the user sees a positioned line, not a trace
                errors.add(point.document().location(), "$", "cannot estimate the time this design would simulate: "
                        + e.getMessage());
            }
        }

        private void collect(ExperimentSpec spec, Node doc) {
            if (spec.tracksFaults()) {
                String faultKey = "f:" + section(doc, "faults") + section(doc, "strategy") + section(doc, "workload");
                if (seen.putIfAbsent(faultKey, Boolean.TRUE) == null) {
                    faults.add(faultPart(spec, doc));
                }
            }
            if (spec.multiStream()) {
                collectStreams(spec, doc);
                return;
            }
            String deployKey = "d:" + section(doc, "model") + section(doc, "strategy") + section(doc, "cluster")
                    + section(doc, "input") + section(doc, "precision");
            if (seen.putIfAbsent(deployKey, Boolean.TRUE) == null) {
                deploys.add(deploy(spec, doc));
            }
            String netKey = "n:" + section(doc, "network") + "|" + spec.devices().size() + "|" + spec.externalSource();
            if (seen.putIfAbsent(netKey, Boolean.TRUE) == null) {
                nets.add(network(spec, doc));
            }
            String loadKey = "l:" + section(doc, "workload");
            if (seen.putIfAbsent(loadKey, Boolean.TRUE) == null) {
                loads.add(load(spec.workload(), doc));
            }
        }

        /**
         * A point with several streams: each stream's request as a deployment of its own (on the
         * whole cluster: the slowest device bounds it), the probe sized for all streams' devices,
         * and one load: every stream's requests together, the longest of their arrivals.
         */
        private void collectStreams(ExperimentSpec spec, Node doc) {
            int probe = probeRequests(spec.streams().size() * (2 * spec.devices().size() + 1));
            String shared = section(doc, "cluster") + section(doc, "input") + section(doc, "precision");
            for (int i = 0; i < spec.streams().size(); i++) {
                List<String> at = List.of("workload", "streams", Integer.toString(i));
                String deployKey = "s:" + shared + ExperimentFile.render(Node.at(doc, at)) + "@" + Node.at(doc, at).location();
                if (seen.putIfAbsent(deployKey, Boolean.TRUE) == null) {
                    deploys.add(deploy(spec.streamAlone(i), doc, List.of("workload", "streams", Integer.toString(i),
                            "strategy"), "$.workload.streams[" + i + "].strategy", probe));
                }
            }
            String netKey = "n:" + section(doc, "network") + "|" + spec.nodeNames();
            if (seen.putIfAbsent(netKey, Boolean.TRUE) == null) {
                nets.add(network(spec, doc));
            }
            String loadKey = "l:" + section(doc, "workload");
            if (seen.putIfAbsent(loadKey, Boolean.TRUE) == null) {
                loads.add(streamsLoad(spec, doc));
            }
        }

        private static String section(Node doc, String key) {
            Node n = Node.at(doc, List.of(key));
            return n == null ? "-" : ExperimentFile.render(n) + "@" + n.location();
        }

        /** Records an error when the worst combination of the collected factors does not fit. */
        void check(Errors errors, ExperimentFile file) {
            if (deploys.isEmpty() || nets.isEmpty() || loads.isEmpty()) {
                return;
            }
            // the longest request: the worst deployment on the worst network
            double worstL = -1;
            Deploy worstD = null;
            Net worstN = null;
            double worstPL = -1; // the worst capacity probe: P x L
            for (Deploy d : deploys) {
                for (Net n : nets) {
                    double l = sane(d.computeMs() + n.ms(d.transfers(), d.bytes()));
                    if (l > worstL) {
                        worstL = l;
                        worstD = d;
                        worstN = n;
                    }
                    worstPL = Math.max(worstPL, sane(d.probeRequests() * l));
                }
            }
            double worstBytes = 0;
            Deploy bytesD = null;
            for (Deploy d : deploys) {
                if (sane(d.bytes()) >= worstBytes) {
                    worstBytes = sane(d.bytes());
                    bytesD = d;
                }
            }
            // links down stall what crosses them: each run (a replication, the probe) waits at most that long more
            double stall = 0;
            Net stallN = null;
            for (Net n : nets) {
                if (sane(n.stallMs()) > stall) {
                    stall = sane(n.stallMs());
                    stallN = n;
                }
            }
            for (Load w : loads) {
                double requestsTime = sane(2 * Math.max(sane(w.requests() * worstL), worstPL));
                double total = sane(requestsTime + w.arrivalsMs() + 2 * stall);
                for (FaultPart f : faults) {
                    // every request slower and waiting longer, the windows holding requests up, random crashes
                    double l = sane((worstL + f.perRequestMs()) * f.slowdown());
                    double slowed = sane(2 * Math.max(sane(w.requests() * l), sane(worstPL * f.slowdown())));
                    double withFaults = sane((slowed + w.arrivalsMs() + 2 * stall + 2 * f.stallMs()) * f.runFactor());
                    if (withFaults > LIMIT_MS && total <= LIMIT_MS) {
                        errors.add(f.at(), f.path(), String.format(Locale.ROOT, "%s: with it a run (and the run that"
                                + " measures capacity) may simulate up to %s ms (%s) by a worst-case estimate, beyond the"
                                + " 1e12 ms (31.7 years) the simulation represents: shorten it", f.what(),
                                number(withFaults), years(withFaults)));
                        return;
                    }
                    total = Math.max(total, withFaults);
                }
                if (total > LIMIT_MS) {
                    if (2 * stall >= total / 2) {
                        errors.add(stallN.at(), stallN.path(), String.format(Locale.ROOT, "the links of network %s are down"
                                + " for %s ms in all (down windows, trace rows at 0), which a run may wait through, and"
                                + " so may the run that measures capacity: up to %s ms (%s), beyond the 1e12 ms (31.7 years)"
                                + " the simulation represents: shorten the time the links are down", stallN.name(),
                                number(stall), number(total), years(total)));
                        return;
                    }
                    limit(errors, w, worstD, worstN, worstL, total);
                    return;
                }
                double runBytes = sane(Math.max(w.requests(), worstD.probeRequests()) * worstBytes);
                if (runBytes > MAX_BYTES) {
                    errors.add(w.requestsAt(), w.requestsPath(), String.format(Locale.ROOT, "a run would move up to"
                            + " %.3g bytes (%d requests of up to %.3g bytes each, by a worst-case estimate on %s); at most"
                            + " 1e18 bytes: lower the requests or the sizes", runBytes, Math.max(w.requests(),
                            worstD.probeRequests()), worstBytes, bytesD.slowest()));
                    return;
                }
                if (w.horizonMs() > 0) {
                    double needed = sane((w.warmup() + 1) * worstL + w.firstMeasuredArrivalMs());
                    if (needed > w.horizonMs()) {
                        errors.add(w.horizonAt(), "$.workload.horizonS", String.format(Locale.ROOT, "the horizon of %s s"
                                + " may end the run before its first measured request finishes: the warm-up and one request"
                                + " take up to %s s by a worst-case estimate (%d request%s of up to %s ms, every task one"
                                + " after the other%s); give at least %s s, or 0 for no horizon", number(w.horizonMs() / 1000),
                                number(needed / 1000), w.warmup() + 1, w.warmup() == 0 ? "" : "s", number(worstL),
                                w.firstMeasuredArrivalMs() > 0 ? ", after the arrival of request " + (w.warmup() + 1) : "",
                                number(Math.ceil(needed / 1000))));
                        return;
                    }
                }
            }
        }

        private void limit(Errors errors, Load w, Deploy d, Net n, double l, double total) {
            String years = years(total);
            if (w.arrivalsMs() >= total / 2) {
                errors.add(w.arrivalAt(), w.arrivalPath(), String.format(Locale.ROOT, "at %s the %d requests of a run"
                        + " arrive over %s ms (%s); the simulation represents runs of at most 1e12 ms (31.7 years): raise"
                        + " the rate or lower the requests", w.arrivalDescription(), w.requests(), number(w.arrivalsMs()),
                        years(w.arrivalsMs())));
                return;
            }
            double network = n.ms(d.transfers(), d.bytes());
            String request = String.format(Locale.ROOT, "one request takes up to %s ms by a worst-case estimate (computing"
                    + " %s ms on %s, transfers %s ms on network %s, every task one after the other)", number(l),
                    number(d.computeMs()), d.slowest(), number(network), n.name());
            String tail = String.format(Locale.ROOT, "; a run of %d requests (and the saturating run that measures"
                    + " capacity) would simulate up to %s ms (%s), beyond the 1e12 ms (31.7 years) the simulation"
                    + " represents", Math.max(w.requests(), d.probeRequests()), number(total), years);
            if (w.requests() > d.probeRequests() && w.requests() * l > 1e9) {
                errors.add(w.requestsAt(), w.requestsPath(), request + tail + ": lower the requests");
            } else if (network > sane(d.computeMs())) {
                errors.add(n.at(), n.path(), request + tail + ": the network is too slow for it (bandwidth, latency"
                        + " or per-message costs)");
            } else {
                errors.add(d.at(), d.path(), request + tail + ": the device is too slow for this model");
            }
        }
    }

    private static double sane(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static String number(double v) {
        if (Double.isInfinite(v)) {
            return "infinitely many";
        }
        return v < 1e6 && v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String years(double ms) {
        double y = ms / (365.25 * 24 * 3600 * 1000);
        return Double.isInfinite(y) ? "forever" : y >= 1 ? String.format(Locale.ROOT, "%.3g years", y)
                : String.format(Locale.ROOT, "%.3g days", y * 365.25);
    }

    /** What a point's faults (and its strategies' deadlines and timeouts) add to the time a run may take. */
    static FaultPart faultPart(ExperimentSpec spec, Node doc) {
        double stall = 0;
        double slowdown = 1;
        double run = 1;
        double weight = -1;
        Location at = doc.location();
        String path = "$.faults";
        String what = "the faults";
        org.lcpsim.execution.Faults f = spec.faults();
        List<Node> entries = Node.at(doc, List.of("faults")) instanceof Node.ListNode l ? l.items() : List.of();
        // the entries in file order: fixed device windows, random faults and link windows are each listed in it
        int window = 0;
        int random = 0;
        int outage = 0;
        for (int i = 0; i < entries.size(); i++) {
            Node e = entries.get(i);
            boolean isRandom = Node.at(e, List.of("mtbfS")) != null || Node.at(e, List.of("mttrS")) != null;
            boolean isLink = Node.at(e, List.of("link")) != null;
            double w;
            String kind;
            if (isRandom && random < f.random().size()) {
                org.lcpsim.execution.Faults.RandomFaults r = f.random().get(random++);
                double factor = r.kind() == org.lcpsim.execution.Faults.Kind.CRASH ? 1 + r.mttrMs() / r.mtbfMs() : 1;
                run = Math.max(run, factor);
                if (r.kind() == org.lcpsim.execution.Faults.Kind.SLOWDOWN) {
                    slowdown = Math.max(slowdown, r.factor());
                }
                w = r.kind() == org.lcpsim.execution.Faults.Kind.CRASH ? factor * 1e6 : r.factor() * 1e6;
                kind = "random " + r.kind().label() + "s (mttrS / mtbfS " + number(r.mttrMs() / r.mtbfMs()) + ")";
            } else if (isLink && outage < f.outages().size()) {
                org.lcpsim.execution.Faults.Outage o = f.outages().get(outage++);
                stall += o.untilMs() - o.atMs();
                w = o.untilMs() - o.atMs();
                kind = "link " + o.name() + " down for " + number(w) + " ms";
            } else if (!isRandom && !isLink && window < f.windows().size()) {
                org.lcpsim.execution.Faults.Window d = f.windows().get(window++);
                if (d.kind() == org.lcpsim.execution.Faults.Kind.SLOWDOWN) {
                    slowdown = Math.max(slowdown, d.factor());
                    w = d.factor() * 1e6;
                    kind = "d" + d.device() + " slowed down x" + number(d.factor());
                } else {
                    stall += d.untilMs() - d.atMs();
                    w = d.untilMs() - d.atMs();
                    kind = "d" + d.device() + " down for " + number(w) + " ms";
                }
            } else {
                continue;
            }
            if (w > weight) {
                weight = w;
                at = e.location();
                path = "$.faults[" + i + "]";
                what = "fault " + kind;
            }
        }
        // a request may wait for its gather deadline, and a failed one holds a closed loop for the source's timeout
        double perRequest = 0;
        List<org.lcpsim.execution.Resilience> all = new ArrayList<>();
        all.add(spec.resilience());
        spec.streams().forEach(st -> all.add(st.resilience()));
        for (org.lcpsim.execution.Resilience r : all) {
            double wait = (r.hasDeadline() ? r.gatherDeadlineMs() : 0) + (f.crashes() ? r.failoverTimeoutMs() : 0);
            perRequest = Math.max(perRequest, wait);
        }
        if (weight < 0 && perRequest > 0) {
            Node strategy = Node.at(doc, List.of("strategy"));
            at = strategy == null ? doc.location() : strategy.location();
            path = "$.strategy";
            what = "a gather deadline or failover timeout of " + number(perRequest) + " ms per request";
        }
        return new FaultPart(stall, slowdown, perRequest, run, at, path, what);
    }

    /** The deployment's part of a point: computation on the slowest device, transfers and bytes per request. */
    static Deploy deploy(ExperimentSpec spec, Node doc) {
        return deploy(spec, doc, List.of("strategy"), "$.strategy", probeRequests(spec.devices().size()));
    }

    /** The same, the strategy at {@code strategyAt} in the document, the capacity probe of at most {@code probe} requests. */
    static Deploy deploy(ExperimentSpec spec, Node doc, List<String> strategyAt, String strategyPath, int probe) {
        Model model = spec.model();
        List<ComputeWork> works = new ArrayList<>();
        List<Integer> times = new ArrayList<>();
        long outputBytes = 0;
        int layers = 0;
        double weightBytes = 0;
        long peak = 0;
        int n = spec.devices().size();
        double transfers;
        // a request of data parallelism over groups runs on one group: what the group's strategy runs
        org.lcpsim.strategies.Strategy strategy = spec.strategy();
        while (strategy instanceof org.lcpsim.strategies.GroupReplicas g) {
            strategy = g.group();
        }
        try {
            if (strategy instanceof Lcp lcp) {
                LcpModel split = LcpTransform.split(model, lcp.branches(), lcp.fatten());
                works.add(ComputeWork.of(model.name() + "/branch", split.branch().layers(), spec.weights(), spec.activations()));
                times.add(lcp.branches());
                works.add(ComputeWork.of(model.name() + "/head", split.head().layers(), spec.weights(), spec.activations()));
                times.add(1);
                outputBytes = lcp.branches() * outputs(split.branch(), spec) + outputs(split.head(), spec);
                layers = lcp.branches() * split.branch().layers().size() + split.head().layers().size();
                weightBytes = (double) split.params() * spec.weights().bytes();
                peak = Math.max(split.branch().peakActivationBytes(spec.activations()),
                        split.head().peakActivationBytes(spec.activations()));
                transfers = 2.0 * lcp.branches() + 3;
            } else {
                works.add(ComputeWork.of(model.name(), model.layers(), spec.weights(), spec.activations()));
                // model parallelism may compute halos twice: twice the whole model bounds it
                times.add(strategy instanceof ModelParallel ? 2 : 1);
                outputBytes = outputs(model, spec);
                layers = model.layers().size();
                weightBytes = (double) model.params() * spec.weights().bytes();
                peak = model.peakActivationBytes(spec.activations());
                if (strategy instanceof ModelParallel mp) {
                    double fanout = mp.merge() == ModelParallel.Merge.ALL_TO_ALL ? (double) (n + 1) * (n + 1) : n + 1;
                    transfers = (layers + 2.0) * fanout;
                } else if (strategy instanceof Pipeline) {
                    transfers = n + 3.0;
                } else {
                    transfers = 3;
                }
            }
        } catch (RuntimeException e) {
            // the transform failed on sizes the binder let through: no bound, the binder's checks say why
            Node strategyNode = Node.at(doc, strategyAt);
            return new Deploy(Double.POSITIVE_INFINITY, 0, 0, probe, "(" + e.getMessage() + ")",
                    strategyNode == null ? doc.location() : strategyNode.location(), strategyPath);
        }
        double bytes = (n + 1.0) * ((double) spec.inputBytes() + outputBytes);
        // the whole deployed model resident on each device: the most it could swap
        Residency all = new Residency((long) Math.min(weightBytes, Long.MAX_VALUE / 4), peak,
                Math.min(outputBytes, Long.MAX_VALUE / 4));
        double worst = -1;
        int worstIndex = 0;
        Map<DeviceModel, Boolean> done = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            DeviceModel d = spec.devices().get(i);
            if (done.put(d, Boolean.TRUE) != null) {
                continue;
            }
            double ms = 0;
            try {
                DeviceModel.Prepared p = d.prepare(all);
                for (int k = 0; k < works.size(); k++) {
                    ms += times.get(k) * p.upperBoundMs(works.get(k));
                }
            } catch (IllegalArgumentException e) {
                // a time too large for the device model to state (an infinite sum): as long as can be
                ms = Double.POSITIVE_INFINITY;
            }
            ms = sane(ms);
            if (ms > worst) {
                worst = ms;
                worstIndex = i;
            }
        }
        int entry = entryOf(doc, worstIndex);
        Node at = Node.at(doc, List.of("cluster", "devices", Integer.toString(entry)));
        return new Deploy(worst, transfers, bytes, probe, "d" + worstIndex + " (" + spec.devices().get(worstIndex).type()
                + ", model " + model.name() + ")", at == null ? doc.location() : at.location(),
                "$.cluster.devices[" + entry + "]");
    }

    /**
     * The most requests one run of the capacity probe issues on n devices ({@link
     * org.lcpsim.execution.CapacityProbe}): warm-up n + 2, measured up to 400 + 3n, 1.21 times
     * that in arrivals, and a later attempt at most {@code MAX_GROWTH} times the first.
     */
    static int probeRequests(int n) {
        return org.lcpsim.execution.CapacityProbe.MAX_GROWTH * (int) Math.ceil(1.21 * (3L * n + 402) + n + 2);
    }

    private static long outputs(Model m, ExperimentSpec spec) {
        long sum = 0;
        for (Layer l : m.layers()) {
            sum += l.outputBytes(spec.activations());
        }
        return sum;
    }

    /** The index in cluster.devices of the entry that device {@code device} comes from (entries repeat by count). */
    private static int entryOf(Node doc, int device) {
        if (!(Node.at(doc, List.of("cluster", "devices")) instanceof Node.ListNode l)) {
            return 0;
        }
        int seen = 0;
        for (int i = 0; i < l.items().size(); i++) {
            int count = 1;
            if (Node.at(l.items().get(i), List.of("count")) instanceof Node.Scalar s) {
                try {
                    count = Integer.parseInt(s.text());
                } catch (NumberFormatException e) {
                    count = 1;
                }
            }
            seen += count;
            if (device < seen) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The network's part: one transfer alone, timed on the network model itself (a run of two
     * sizes gives its fixed and per-byte costs) between the pairs of nodes a request uses, the
     * worst pair kept; a transfer that never arrives costs forever.
     */
    static Net network(ExperimentSpec spec, Node doc) {
        List<String> names = spec.nodeNames();
        int n = spec.devices().size();
        List<int[]> pairs = new ArrayList<>();
        if (spec.externalSource()) {
            pairs.add(new int[] {n, 0});
            pairs.add(new int[] {0, n});
        }
        if (n > 1) {
            pairs.add(new int[] {0, 1});
            pairs.add(new int[] {1, 0});
            // a multicast (to two devices), which some networks carry at their own rate
            pairs.add(new int[] {spec.externalSource() ? n : 0, spec.externalSource() ? 0 : 1, spec.externalSource() ? 1 : 2});
        }
        if (pairs.isEmpty()) {
            pairs.add(new int[] {0, 0});
        }
        NetworkModel timed = spec.network();
        double stall = 0;
        if (timed instanceof FlowNetworkModel f && f.topology() instanceof TopologyNetwork t) {
            // a topology: also the pairs farthest apart, every link at its slowest, and the time links are down
            pairs.addAll(t.slowPairs(names));
            timed = new FlowNetworkModel(f.name(), t.worstCase(), f.options(), f.seriesPoints());
            stall = t.downMs();
        }
        double fixed = 0;
        double perByte = 0;
        for (int[] p : pairs) {
            int[] to = java.util.Arrays.copyOfRange(p, 1, p.length);
            if (p[0] == p[1] || java.util.Arrays.stream(to).anyMatch(d -> d >= names.size())) {
                continue;
            }
            double small = transferMs(timed, names, p[0], to, 1000);
            double large = transferMs(timed, names, p[0], to, 1_001_000);
            double b = sane((large - small) / 1e6);
            fixed = Math.max(fixed, sane(small - 1000 * Math.max(0, b)));
            perByte = Math.max(perByte, b);
        }
        Node at = Node.at(doc, List.of("network"));
        return new Net(Math.max(0, fixed), Math.max(0, perByte), stall, spec.network().name(), at == null ? doc.location()
                : at.location(), "$.network");
    }

    private static double transferMs(NetworkModel network, List<String> names, int from, int[] to, long bytes) {
        double[] done = {Double.POSITIVE_INFINITY};
        double[] cpu = {0};
        int[] pending = {to.length};
        SimulationBody body = new SimulationBody() {
            @Override
            public void start(Scheduler s) {
                NetworkModel.Instance net = network.instantiate(new NetworkContext(s, names, new SplittableRandom(1)));
                cpu[0] = net.senderCpuMs(bytes) + net.receiverCpuMs(bytes);
                net.send(new Transfer(0, from, to, bytes, "bound"), dst -> {
                    if (--pending[0] == 0) {
                        done[0] = s.nowMs();
                    }
                });
            }

            @Override
            public boolean finished() {
                return pending[0] == 0;
            }
        };
        try {
            BareEventLoop.run(body, Double.MAX_VALUE);
        } catch (RuntimeException e) {
            return Double.POSITIVE_INFINITY;
        }
        return sane(done[0] + cpu[0]);
    }

    /**
     * The load of several streams: every stream's requests together, the longest of their arrivals
     * (they arrive side by side), as many warm-up requests as all streams' warm-ups and first
     * measured requests one after the other; errors point at the stream with the most requests, or
     * with the longest arrivals.
     */
    static Load streamsLoad(ExperimentSpec spec, Node doc) {
        long total = 0;
        long warmups = -1;
        int most = 0;
        int longest = 0;
        Load longestLoad = null;
        double first = 0;
        for (int i = 0; i < spec.streams().size(); i++) {
            Workload w = spec.streams().get(i).workload();
            Load l = load(w, doc);
            total += (long) w.warmup() + w.requests();
            warmups += w.warmup() + 1L;
            first = Math.max(first, l.firstMeasuredArrivalMs());
            if (w.total() > spec.streams().get(most).workload().total()) {
                most = i;
            }
            if (longestLoad == null || l.arrivalsMs() > longestLoad.arrivalsMs()) {
                longestLoad = l;
                longest = i;
            }
        }
        String at = "workload.streams." + longest;
        Workload lw = spec.streams().get(longest).workload();
        String arrivalPath = lw.arrival() instanceof Arrival.Periodic ? at + ".arrival.fps"
                : lw.arrival() instanceof Arrival.Poisson ? at + ".arrival.ratePerS" : null;
        Node arrivalNode = arrivalPath == null ? null : Node.at(doc, List.of(arrivalPath.split("\\.")));
        if (arrivalNode == null && arrivalPath != null) {
            // the stream takes the workload's arrival
            arrivalPath = lw.arrival() instanceof Arrival.Periodic ? "workload.arrival.fps" : "workload.arrival.ratePerS";
            arrivalNode = Node.at(doc, List.of(arrivalPath.split("\\.")));
        }
        Node requestsNode = Node.at(doc, List.of("workload", "streams", Integer.toString(most), "requests"));
        String requestsPath = "$.workload.streams[" + most + "].requests";
        if (requestsNode == null) {
            requestsNode = Node.at(doc, List.of("workload", "requests"));
            requestsPath = "$.workload.requests";
        }
        Node workload = Node.at(doc, List.of("workload"));
        Location fallback = workload != null ? workload.location() : doc.location();
        Node horizonAt = Node.at(doc, List.of("workload", "horizonS"));
        return new Load(total, (int) Math.min(Integer.MAX_VALUE, warmups), longestLoad.arrivalsMs(), first,
                spec.workload().horizonMs(), longestLoad.arrivalDescription() + " (stream " + spec.streams().get(longest).name()
                + ")", arrivalNode == null ? fallback : arrivalNode.location(), arrivalNode == null ? "$.workload"
                : "$." + arrivalPath.replaceFirst("streams\\.(\\d+)", "streams[$1]"), requestsNode == null ? fallback
                : requestsNode.location(), horizonAt == null ? fallback : horizonAt.location(), requestsPath);
    }

    /** The load's part: requests in all, when they arrive, and the horizon. */
    static Load load(Workload w, Node doc) {
        long total = (long) w.warmup() + w.requests();
        double arrivals = 0;
        double first = 0;
        String description = "";
        String path = "$.workload.requests";
        if (w.arrival() instanceof Arrival.Periodic p) {
            double period = 1000.0 / p.fps();
            arrivals = total * period;
            first = w.warmup() * period;
            description = "fps " + p.fps();
            path = "$.workload.arrival.fps";
        } else if (w.arrival() instanceof Arrival.Poisson p) {
            double gap = 1000.0 / p.ratePerS();
            arrivals = (2.0 * total + 50) * gap;
            first = (2.0 * (w.warmup() + 1) + 50) * gap;
            description = "ratePerS " + p.ratePerS();
            path = "$.workload.arrival.ratePerS";
        }
        Node workload = Node.at(doc, List.of("workload"));
        Location fallback = workload != null ? workload.location() : doc.location();
        Node arrivalAt = Node.at(doc, List.of(path.substring(2).split("\\.")));
        Node requestsAt = Node.at(doc, List.of("workload", "requests"));
        Node horizonAt = Node.at(doc, List.of("workload", "horizonS"));
        return new Load(total, w.warmup(), sane(arrivals), sane(first), w.horizonMs(), description,
                arrivalAt == null ? fallback : arrivalAt.location(), arrivalAt == null ? "$.workload" : path,
                requestsAt == null ? fallback : requestsAt.location(), horizonAt == null ? fallback : horizonAt.location());
    }
}

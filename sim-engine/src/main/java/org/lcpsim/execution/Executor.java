package org.lcpsim.execution;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.lcpsim.devices.ComputeEstimate;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.Noise;
import org.lcpsim.engine.Scheduler;
import org.lcpsim.engine.Seeds;
import org.lcpsim.engine.SimEngine;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.engine.SimulationException;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.Transfer;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.results.Span;
import org.lcpsim.results.StreamRun;

/**
 * Runs a deployment's request stream as events: each device serves its compute jobs one at a
 * time in arrival order; transfers go to the network model, with the sender's and receiver's
 * (de)serialization CPU time queued on their devices; a task starts when all its dependencies
 * are met. Events per request: one per compute job, plus what the network needs per transfer.
 */
public final class Executor implements SimulationBody {

    /**
     * One request stream of a run: a camera, say, with its own deployment (placed on the cluster's
     * devices, {@link Deployment#placed}) and its own workload. Streams share the devices (their
     * FIFO compute queues) and the network. {@code name} labels its results.
     */
    public record Stream(String name, Deployment deployment, Workload workload) {
        public Stream {
            name = name == null ? "" : name;
            if (deployment == null || workload == null) {
                throw new IllegalArgumentException("a stream needs a deployment and a workload");
            }
        }
    }

    /**
     * Everything one replication needs; devices are already prepared for what the streams'
     * deployments hold on them. A run of one stream (the common case) is made with the
     * constructors that take a deployment and a workload; {@link #deployment()} and
     * {@link #workload()} are then that stream's. The run's horizon is the largest of the
     * streams' workloads' horizons.
     */
    public record Setup(List<Stream> streams, List<DeviceModel.Prepared> devices, List<String> nodeNames,
                        NetworkModel network, Duration wallLimit, EnergyScope energy) {
        public Setup {
            streams = List.copyOf(streams);
            devices = List.copyOf(devices);
            nodeNames = List.copyOf(nodeNames);
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("a run needs at least one request stream");
            }
            if (nodeNames.size() < devices.size()) {
                throw new IllegalArgumentException("every device needs a network node name");
            }
            for (Stream st : streams) {
                if (st.deployment().residency().size() != devices.size()) {
                    throw new IllegalArgumentException("stream " + st.name() + " is deployed on "
                            + st.deployment().residency().size() + " devices, the run has " + devices.size());
                }
            }
            if (energy == null) {
                energy = EnergyScope.DEFAULT;
            }
        }

        /** One request stream. */
        public Setup(Deployment deployment, List<DeviceModel.Prepared> devices, List<String> nodeNames,
                     NetworkModel network, Workload workload, Duration wallLimit, EnergyScope energy) {
            this(List.of(new Stream("", deployment, workload)), devices, nodeNames, network, wallLimit, energy);
        }

        /** With the default energy scope (the whole cluster, idle included). */
        public Setup(Deployment deployment, List<DeviceModel.Prepared> devices, List<String> nodeNames,
                     NetworkModel network, Workload workload, Duration wallLimit) {
            this(deployment, devices, nodeNames, network, workload, wallLimit, EnergyScope.DEFAULT);
        }

        /** The first stream's deployment (the only one of a run of one stream). */
        public Deployment deployment() {
            return streams.get(0).deployment();
        }

        /** The first stream's workload (the only one of a run of one stream). */
        public Workload workload() {
            return streams.get(0).workload();
        }

        /** The same setup with another request stream (a setup of one stream only). */
        public Setup with(Workload other) {
            if (streams.size() != 1) {
                throw new IllegalArgumentException("with(workload) replaces the one stream of a run; this run has "
                        + streams.size());
            }
            return new Setup(List.of(new Stream(streams.get(0).name(), deployment(), other)), devices, nodeNames, network,
                    wallLimit, energy);
        }

        /** The same setup with other streams. */
        public Setup withStreams(List<Stream> others) {
            return new Setup(others, devices, nodeNames, network, wallLimit, energy);
        }

        /** Whether any stream's deployment gives device d something to hold. */
        boolean used(int d) {
            for (Stream st : streams) {
                if (!st.deployment().residency().get(d).isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        long totalRequests() {
            long n = 0;
            for (Stream st : streams) {
                n += st.workload().total();
            }
            return n;
        }
    }

    private final Setup setup;
    private final long seed;
    private final StreamState[] streams;
    private Scheduler scheduler;
    private NetworkModel.Instance network;
    private DeviceState[] devices;
    /** Per device: compute tasks of issued requests not finished yet (what a load balancer sees). */
    private int[] unfinished;

    /** Requests completed in the run, all streams together; and the images they carried. */
    private long completed;
    private long completedImages;
    private long transferIds;

    // measured statistics, every stream's measured requests pooled
    private final double[] latencies;
    private int measured;
    private double computeSum;
    private double commSum;
    private double waitSum;
    private final double[] phaseSum = new double[Phase.values().length];
    private double bytesSum;
    private double pairsSum;
    private double firstMeasuredArrival = Double.NaN;
    private double lastMeasuredEnd;
    /** Per device, busy time up to the window's start and end (see {@link DeviceState#busyUpTo}). */
    private double[] busyAtWindowStart;
    private double[] busyAtWindowEnd;
    private long completedAtWindowStart;
    private long completedAtWindowEnd;
    private long imagesAtWindowStart;
    private long imagesAtWindowEnd;
    /** A capacity probe's window: completions (all streams) of its warm-up and of its window (0: not a probe). */
    private final int probeWarmup;
    private final int probeMeasured;
    private Snapshot probeStart;
    private Snapshot probeEnd;
    private int measuredLayers;
    private int formulaLayers;
    private List<Span> timeline = List.of();

    private Executor(Setup setup, long seed, int probeWarmup, int probeMeasured) {
        this.setup = setup;
        this.seed = seed;
        this.streams = new StreamState[setup.streams().size()];
        long pooled = 0;
        for (int i = 0; i < streams.length; i++) {
            // the first stream draws from the stream a run of one stream always had
            SplittableRandom arrivals = new SplittableRandom(i == 0 ? Seeds.mix(seed, -1) : Seeds.mix(Seeds.mix(seed, -1), i));
            streams[i] = new StreamState(i, setup.streams().get(i), arrivals, setup.devices().size());
            pooled += setup.streams().get(i).workload().requests();
        }
        this.latencies = new double[Math.toIntExact(pooled)];
        this.probeWarmup = probeWarmup;
        this.probeMeasured = probeMeasured;
    }

    /** Busy time per device and carried bits per network resource up to a time. */
    private record Snapshot(double timeMs, double[] busyMs, List<org.lcpsim.network.LinkUsage> network) {
    }

    /**
     * Runs one replication on DSOL. Throws {@link SimulationException} when the run measured
     * nothing: no request finished within the horizon, or, without one, the events ran out (or
     * reached the simulator's end of time) before every request finished.
     */
    public static ReplicationResult run(Setup setup, long seed) {
        Executor e = new Executor(setup, seed, 0, 0);
        long events = SimEngine.run(e, horizon(setup), setup.wallLimit());
        e.checkFinished();
        return e.result(events);
    }

    /**
     * One saturating run for {@link CapacityProbe}: requests arrive by {@code arrival} (a closed
     * loop with many in flight, or arrivals faster than the design serves), {@code warmup}
     * completions fill the system (at least one), then {@code measured} completions form the
     * window; the run issues {@code extra} more requests, so that nothing drains inside the window.
     * Returns the window's length and, per resource, its utilization in the window (busy time over
     * the window for a device, carried bits over capacity times the window for a network resource)
     * and its demand per request (the same over the whole run, divided by every request it completed).
     */
    static CapacityProbe.Run saturate(Setup setup, long seed, Arrival arrival, int warmup, int measured, int extra) {
        if (warmup < 1 || measured < 1 || extra < 0) {
            throw new IllegalArgumentException("a capacity probe needs a warm-up and a measured window");
        }
        Workload w = new Workload(measured + extra, warmup, arrival, 0);
        Executor e = probe(setup.with(w), seed, warmup, measured);
        double windowMs = e.probeEnd.timeMs() - e.probeStart.timeMs();
        double endMs = e.scheduler.nowMs();
        List<CapacityProbe.Resource> resources = new ArrayList<>();
        for (int i = 0; i < e.devices.length; i++) {
            resources.add(new CapacityProbe.Resource(setup.nodeNames().get(i),
                    (e.probeEnd.busyMs()[i] - e.probeStart.busyMs()[i]) / windowMs,
                    e.devices[i].busyUpTo(endMs) / e.completed));
        }
        for (org.lcpsim.network.LinkUsage total : e.network.stats().resources()) {
            if (!(total.capacityMbps() > 0) || Double.isInfinite(total.capacityMbps())) {
                continue;
            }
            double bitsPerMs = total.capacityMbps() * 1000.0;
            long atStart = bytes(e.probeStart.network(), total.resource());
            long atEnd = bytes(e.probeEnd.network(), total.resource());
            resources.add(new CapacityProbe.Resource(total.resource(), (atEnd - atStart) * 8.0 / bitsPerMs / windowMs,
                    total.wireBytes() * 8.0 / bitsPerMs / e.completed));
        }
        return new CapacityProbe.Run(arrival, measured, windowMs, resources);
    }

    /**
     * A saturating run of several streams, each arriving as its own workload says (open loop, no
     * warm-up of its own): {@code warmup} completions of any stream fill the system, the next
     * {@code measured} form the window. Per device, its utilization in the window and, per
     * stream, its demand per request of that stream (the time it spent on the stream's work over
     * the run, over the stream's completed requests); per network resource with a capacity, its
     * utilization in the window.
     */
    static CapacityProbe.MixRun saturateStreams(Setup setup, long seed, int warmup, int measured) {
        if (warmup < 1 || measured < 1) {
            throw new IllegalArgumentException("a capacity probe needs a warm-up and a measured window");
        }
        Executor e = probe(setup, seed, warmup, measured);
        double windowMs = e.probeEnd.timeMs() - e.probeStart.timeMs();
        List<CapacityProbe.Resource> resources = new ArrayList<>();
        double[][] demand = new double[e.streams.length][e.devices.length];
        for (int i = 0; i < e.devices.length; i++) {
            resources.add(new CapacityProbe.Resource(setup.nodeNames().get(i),
                    (e.probeEnd.busyMs()[i] - e.probeStart.busyMs()[i]) / windowMs, Double.NaN));
            for (StreamState st : e.streams) {
                demand[st.index][i] = st.completed == 0 ? 0 : st.busyMs[i] / st.completed;
            }
        }
        for (org.lcpsim.network.LinkUsage total : e.network.stats().resources()) {
            if (!(total.capacityMbps() > 0) || Double.isInfinite(total.capacityMbps())) {
                continue;
            }
            double bitsPerMs = total.capacityMbps() * 1000.0;
            long atStart = bytes(e.probeStart.network(), total.resource());
            long atEnd = bytes(e.probeEnd.network(), total.resource());
            resources.add(new CapacityProbe.Resource(total.resource(), (atEnd - atStart) * 8.0 / bitsPerMs / windowMs,
                    Double.NaN));
        }
        return new CapacityProbe.MixRun(measured, windowMs, resources, demand);
    }

    private static Executor probe(Setup setup, long seed, int warmup, int measured) {
        Executor e = new Executor(setup, seed, warmup, measured);
        SimEngine.run(e, SimEngine.NO_HORIZON_MS, setup.wallLimit());
        e.checkFinished();
        return e;
    }

    private static long bytes(List<org.lcpsim.network.LinkUsage> usage, String resource) {
        for (org.lcpsim.network.LinkUsage u : usage) {
            if (u.resource().equals(resource)) {
                return u.wireBytes();
            }
        }
        return 0;
    }

    /** The same replication on the bare event loop; only {@code lcpsim bench} uses this. */
    public static ReplicationResult runOnBareLoop(Setup setup, long seed) {
        Executor e = new Executor(setup, seed, 0, 0);
        long events = BareEventLoop.run(e, horizon(setup));
        e.checkFinished();
        return e.result(events);
    }

    /** A run that measured nothing, or stopped early without a horizon, has no result to give. */
    private void checkFinished() {
        double now = scheduler == null ? 0 : scheduler.nowMs();
        long total = setup.totalRequests();
        if (horizon(setup) < SimEngine.NO_HORIZON_MS) {
            for (StreamState st : streams) {
                if (st.measured == 0) {
                    String who = streams.length == 1 ? "" : " of stream " + st.spec.name();
                    throw new SimulationException("no measured request" + who + " finished within the horizon of "
                            + horizon(setup) / 1000.0 + " s (" + (streams.length == 1 ? completed : st.completed) + " of "
                            + st.spec.workload().total() + " requests finished, warm-up included)");
                }
            }
        } else if (completed < total) {
            throw new SimulationException("the run stopped at simulated time " + now + " ms with " + completed + " of "
                    + total + " requests finished: the next event lies beyond the end of simulated time, or none is left");
        }
    }

    private static double horizon(Setup setup) {
        double h = 0;
        for (Stream st : setup.streams()) {
            h = Math.max(h, st.workload().horizonMs());
        }
        return h > 0 ? h : SimEngine.NO_HORIZON_MS;
    }

    @Override
    public void start(Scheduler s) {
        this.scheduler = s;
        int n = setup.devices().size();
        devices = new DeviceState[n];
        unfinished = new int[n];
        for (int i = 0; i < n; i++) {
            devices[i] = new DeviceState(i, setup.devices().get(i), new SplittableRandom(Seeds.mix(seed, i)));
        }
        network = setup.network().instantiate(new NetworkContext(s, setup.nodeNames(), new SplittableRandom(Seeds.mix(seed, n + 1L))));
        for (StreamState st : streams) {
            Workload w = st.spec.workload();
            if (w.arrival() instanceof Arrival.Closed c) {
                for (int i = 0; i < c.concurrency() && st.issued < w.total(); i++) {
                    issue(st);
                }
            } else if (w.arrival() instanceof Arrival.Periodic p) {
                scheduleArrivals(st, 1000.0 / p.fps());
            } else {
                scheduleArrivals(st, -1);
            }
        }
    }

    private void scheduleArrivals(StreamState st, double periodMs) {
        issue(st);
        Workload w = st.spec.workload();
        if (st.issued >= w.total()) {
            // no event for an arrival that will not come
            return;
        }
        double gap = periodMs > 0 ? periodMs : -Math.log(1 - st.arrivalRandom.nextDouble()) * 1000.0 / ((Arrival.Poisson) w.arrival()).ratePerS();
        scheduler.after(gap, () -> scheduleArrivals(st, periodMs));
    }

    @Override
    public boolean finished() {
        return completed >= setup.totalRequests();
    }

    private void issue(StreamState st) {
        long index = st.issued++;
        TaskGraph graph = st.spec.deployment().planner().graphFor(index, d -> unfinished[d]);
        Request r = new Request(st, index, scheduler.nowMs(), graph, index >= st.spec.workload().warmup());
        if (r.measured && Double.isNaN(st.firstMeasuredArrival)) {
            st.firstMeasuredArrival = r.arrivalMs;
        }
        if (r.measured && Double.isNaN(firstMeasuredArrival)) {
            firstMeasuredArrival = r.arrivalMs;
            busyAtWindowStart = busySnapshot();
            completedAtWindowStart = completed;
            imagesAtWindowStart = completedImages;
        }
        for (Task t : graph.tasks()) {
            if (t instanceof Task.Compute c) {
                // a task finishes in an event of its own, never within this loop
                unfinished[c.device()]++;
            }
            if (t.deps().length == 0) {
                r.ready[t.id()] = r.arrivalMs;
                startTask(r, t);
            }
        }
    }

    private void startTask(Request r, Task task) {
        if (task instanceof Task.Compute c) {
            DeviceState d = devices[c.device()];
            ComputeEstimate est = d.estimate(c.work());
            if (r.measured) {
                measuredLayers += est.measuredLayers();
                formulaLayers += est.formulaLayers();
            }
            d.submit(new Job(r, c.id(), est.ms(), false, () -> {
                unfinished[c.device()]--;
                taskDone(r, c, c.device());
            }));
            return;
        }
        Task.Send s = (Task.Send) task;
        double cpuMs = s.source() < devices.length ? network.senderCpuMs(s.bytes()) : 0;
        Runnable send = () -> {
            r.start[s.id()] = scheduler.nowMs();
            Transfer t = new Transfer(transferIds++, s.source(), s.destinations(), s.bytes(), s.label());
            network.send(t, dst -> delivered(r, s, dst));
        };
        if (cpuMs > 0) {
            devices[s.source()].submit(new Job(r, s.id(), cpuMs, true, send));
        } else {
            send.run();
        }
    }

    private void delivered(Request r, Task.Send s, int dst) {
        double cpuMs = dst < devices.length ? network.receiverCpuMs(s.bytes()) : 0;
        if (cpuMs > 0) {
            devices[dst].submit(new Job(r, s.id(), cpuMs, true, () -> taskDone(r, s, dst)));
        } else {
            taskDone(r, s, dst);
        }
    }

    /** Task {@code task} has finished at {@code node} (for a transfer: delivered there). */
    private void taskDone(Request r, Task task, int node) {
        double now = scheduler.nowMs();
        int id = task.id();
        r.end[id] = Math.max(r.end[id], now);
        if (r.timeline != null && task instanceof Task.Send s) {
            r.timeline.add(new SpanDraft(id, transferResource(s, node), s.label(), Span.Kind.TRANSFER, r.start[id], now));
        }
        for (int succ : r.graph.successors(id)) {
            if (r.graph.task(succ).node() != node) {
                continue;
            }
            if (now >= r.ready[succ]) {
                r.ready[succ] = now;
                r.criticalPred[succ] = id;
            }
            if (--r.pending[succ] == 0) {
                startTask(r, r.graph.task(succ));
            }
        }
        if (task instanceof Task.Send s) {
            if (++r.deliveries[id] < s.destinations().length) {
                return;
            }
        }
        r.lastDone = id;
        if (--r.remaining == 0) {
            requestDone(r);
        }
    }

    private String transferResource(Task.Send s, int dst) {
        return setup.nodeNames().get(s.source()) + "->" + setup.nodeNames().get(dst);
    }

    private void requestDone(Request r) {
        double now = scheduler.nowMs();
        StreamState st = r.stream;
        completed++;
        st.completed++;
        completedImages += st.spec.deployment().batch();
        if (probeMeasured > 0 && (completed == probeWarmup || completed == probeWarmup + probeMeasured)) {
            Snapshot snap = new Snapshot(now, busySnapshot(), network.stats().resources());
            if (probeStart == null) {
                probeStart = snap;
            } else {
                probeEnd = snap;
            }
        }
        if (r.measured) {
            int i = measured++;
            latencies[i] = now - r.arrivalMs;
            st.latencies[st.measured++] = now - r.arrivalMs;
            st.lastMeasuredEnd = Math.max(st.lastMeasuredEnd, now);
            lastMeasuredEnd = Math.max(lastMeasuredEnd, now);
            // the window ends at the last measured completion: snapshot at each, the last one stays
            busyAtWindowEnd = busySnapshot();
            completedAtWindowEnd = completed;
            imagesAtWindowEnd = completedImages;
            boolean[] critical = criticalPath(r);
            phaseTimes(r);
            bytesSum += r.graph.bytesDelivered();
            pairsSum += r.graph.connectedPairs();
            if (r.timeline != null) {
                List<Span> spans = new ArrayList<>();
                for (SpanDraft d : r.timeline) {
                    spans.add(new Span(d.resource, d.label, d.kind, d.startMs - r.arrivalMs, d.endMs - r.arrivalMs,
                            critical[d.task]));
                }
                timeline = List.copyOf(spans);
            }
        }
        if (st.spec.workload().arrival() instanceof Arrival.Closed && st.issued < st.spec.workload().total()) {
            issue(st);
        }
    }

    /**
     * Walks back from the task that finished last through the dependency met last, splitting the
     * latency into compute, communication and waiting (queueing) time.
     */
    private boolean[] criticalPath(Request r) {
        boolean[] onPath = new boolean[r.graph.size()];
        int t = r.lastDone;
        double segmentEnd = r.end[t];
        while (t >= 0) {
            onPath[t] = true;
            Task task = r.graph.task(t);
            if (task instanceof Task.Compute) {
                computeSum += segmentEnd - r.start[t];
                waitSum += r.start[t] - r.ready[t];
            } else {
                commSum += segmentEnd - r.ready[t];
            }
            segmentEnd = r.ready[t];
            t = r.criticalPred[t];
        }
        waitSum += segmentEnd - r.arrivalMs;
        return onPath;
    }

    /** Per phase, the length of the union of its transfers' intervals [ready, last delivery]. */
    private void phaseTimes(Request r) {
        for (Phase phase : Phase.values()) {
            List<double[]> intervals = new ArrayList<>();
            for (Task t : r.graph.tasks()) {
                if (t instanceof Task.Send s && s.phase() == phase) {
                    intervals.add(new double[] {r.ready[t.id()], r.end[t.id()]});
                }
            }
            if (intervals.isEmpty()) {
                continue;
            }
            intervals.sort((a, b) -> Double.compare(a[0], b[0]));
            double total = 0;
            double curStart = intervals.get(0)[0];
            double curEnd = intervals.get(0)[1];
            for (double[] iv : intervals) {
                if (iv[0] > curEnd) {
                    total += curEnd - curStart;
                    curStart = iv[0];
                    curEnd = iv[1];
                } else {
                    curEnd = Math.max(curEnd, iv[1]);
                }
            }
            total += curEnd - curStart;
            phaseSum[phase.ordinal()] += total;
        }
    }

    private double[] busySnapshot() {
        double now = scheduler.nowMs();
        double[] out = new double[devices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = devices[i].busyUpTo(now);
        }
        return out;
    }

    private ReplicationResult result(long events) {
        double[] lat = Arrays.copyOf(latencies, measured);
        int m = Math.max(1, measured);
        double windowMs = measured == 0 ? 0 : lastMeasuredEnd - firstMeasuredArrival;
        long inferences = completedAtWindowEnd - completedAtWindowStart;
        double[] busy = new double[devices == null ? 0 : devices.length];
        double energyJ = 0;
        EnergyScope scope = setup.energy();
        for (int i = 0; i < busy.length; i++) {
            busy[i] = measured == 0 ? 0 : busyAtWindowEnd[i] - busyAtWindowStart[i];
            if (scope.inScope(setup.used(i))) {
                energyJ += scope.deviceJ(devices[i].prepared.power(), windowMs, busy[i]);
            }
        }
        var netStats = network == null ? org.lcpsim.network.NetworkStats.EMPTY : network.stats();
        List<StreamRun> perStream = new ArrayList<>(streams.length);
        for (StreamState st : streams) {
            double[] sl = Arrays.copyOf(st.latencies, st.measured);
            double w = st.measured == 0 ? 0 : st.lastMeasuredEnd - st.firstMeasuredArrival;
            perStream.add(new StreamRun(st.spec.name(), sl, w,
                    w > 0 ? (double) st.measured * st.spec.deployment().batch() / (w / 1000.0) : Double.NaN, st.completed,
                    st.busyMs.clone()));
        }
        double energyPerInference;
        double throughput;
        if (streams.length == 1) {
            // a request of N images is N inferences: energy per image, throughput in images per second
            int images = setup.deployment().batch();
            energyPerInference = inferences == 0 ? Double.NaN : images == 1
                    ? energyJ / inferences + netStats.transferEnergyJ() / Math.max(1, completed)
                    : energyJ / ((double) inferences * images) + netStats.transferEnergyJ() / ((double) Math.max(1, completed) * images);
            throughput = windowMs > 0 ? (double) measured * images / (windowMs / 1000.0) : Double.NaN;
        } else {
            // every stream's images completed in the pooled window share the cluster's energy; the throughput is the
            // streams' own throughputs added up (each over its own window)
            long images = imagesAtWindowEnd - imagesAtWindowStart;
            energyPerInference = images == 0 ? Double.NaN
                    : energyJ / images + netStats.transferEnergyJ() / Math.max(1, completedImages);
            throughput = 0;
            boolean any = false;
            for (StreamRun sr : perStream) {
                if (!Double.isNaN(sr.throughputIps())) {
                    throughput += sr.throughputIps();
                    any = true;
                }
            }
            throughput = any ? throughput : Double.NaN;
        }
        double[] phases = phaseSum.clone();
        for (int i = 0; i < phases.length; i++) {
            phases[i] /= m;
        }
        return new ReplicationResult(seed, lat, computeSum / m, commSum / m, waitSum / m, phases,
                throughput, windowMs, bytesSum / m, pairsSum / m,
                busy, energyPerInference, events, measuredLayers, formulaLayers, timeline, netStats,
                scheduler == null ? 0 : scheduler.nowMs(), completed, inferences, perStream);
    }

    /** One stream's requests: its own arrivals, counters and measured latencies. */
    private final class StreamState {
        final int index;
        final Stream spec;
        final SplittableRandom arrivalRandom;
        final double[] latencies;
        /** Per device, the time spent on this stream's work over the run. */
        final double[] busyMs;
        long issued;
        long completed;
        int measured;
        double firstMeasuredArrival = Double.NaN;
        double lastMeasuredEnd;

        StreamState(int index, Stream spec, SplittableRandom arrivalRandom, int devices) {
            this.index = index;
            this.spec = spec;
            this.arrivalRandom = arrivalRandom;
            this.latencies = new double[spec.workload().requests()];
            this.busyMs = new double[devices];
        }
    }

    private final class Request {
        final StreamState stream;
        final long index;
        final double arrivalMs;
        final TaskGraph graph;
        final boolean measured;
        final int[] pending;
        final double[] ready;
        final double[] start;
        final double[] end;
        final int[] criticalPred;
        final int[] deliveries;
        int remaining;
        int lastDone = -1;
        final List<SpanDraft> timeline;

        Request(StreamState stream, long index, double arrivalMs, TaskGraph graph, boolean measured) {
            this.stream = stream;
            this.index = index;
            this.arrivalMs = arrivalMs;
            this.graph = graph;
            this.measured = measured;
            int n = graph.size();
            pending = new int[n];
            ready = new double[n];
            start = new double[n];
            end = new double[n];
            criticalPred = new int[n];
            deliveries = new int[n];
            Arrays.fill(criticalPred, -1);
            for (Task t : graph.tasks()) {
                pending[t.id()] = t.deps().length;
            }
            remaining = n;
            // the first measured request of the run (of whichever stream) keeps its timeline
            timeline = measured && Double.isNaN(firstMeasuredArrival) ? new ArrayList<>() : null;
        }
    }

    private record SpanDraft(int task, String resource, String label, Span.Kind kind, double startMs, double endMs) {
    }

    private record Job(Request request, int task, double ms, boolean serialization, Runnable onDone) {
    }

    private final class DeviceState {
        final int index;
        final DeviceModel.Prepared prepared;
        final Noise noise;
        final SplittableRandom random;
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        final Map<ComputeWork, ComputeEstimate> estimates = new IdentityHashMap<>();
        boolean busy;
        /** Sum of the durations of every job started so far, and when the running one ends. */
        double busyStartedMs;
        double jobEndMs;

        DeviceState(int index, DeviceModel.Prepared prepared, SplittableRandom random) {
            this.index = index;
            this.prepared = prepared;
            this.noise = prepared.noise();
            this.random = random;
        }

        /** Time spent on jobs up to {@code t} (not before the last job started): started work minus what is left of it. */
        double busyUpTo(double t) {
            return busyStartedMs - Math.max(0, jobEndMs - t);
        }

        ComputeEstimate estimate(ComputeWork work) {
            return estimates.computeIfAbsent(work, prepared::estimate);
        }

        void submit(Job job) {
            queue.add(job);
            if (!busy) {
                next();
            }
        }

        private void next() {
            Job job = queue.poll();
            if (job == null) {
                busy = false;
                return;
            }
            busy = true;
            double ms = job.ms() * (noise.isNone() ? 1.0 : noise.factor(random));
            double startMs = scheduler.nowMs();
            Request r = job.request();
            if (!job.serialization()) {
                r.start[job.task()] = startMs;
            }
            busyStartedMs += ms;
            r.stream.busyMs[index] += ms;
            jobEndMs = startMs + ms;
            scheduler.after(ms, () -> {
                if (r.timeline != null) {
                    Task t = r.graph.task(job.task());
                    r.timeline.add(new SpanDraft(job.task(), setup.nodeNames().get(index),
                            job.serialization() ? t.label() + " (serialize)" : t.label(),
                            job.serialization() ? Span.Kind.SERIALIZE : Span.Kind.COMPUTE, startMs, startMs + ms));
                }
                job.onDone().run();
                next();
            });
        }
    }
}

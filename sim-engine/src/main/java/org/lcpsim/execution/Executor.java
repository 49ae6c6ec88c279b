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
                        NetworkModel network, Duration wallLimit, EnergyScope energy, Faults faults) {
        public Setup {
            if (faults == null) {
                faults = Faults.NONE;
            }
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

        /** Without faults. */
        public Setup(List<Stream> streams, List<DeviceModel.Prepared> devices, List<String> nodeNames,
                     NetworkModel network, Duration wallLimit, EnergyScope energy) {
            this(streams, devices, nodeNames, network, wallLimit, energy, Faults.NONE);
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
                    wallLimit, energy, faults);
        }

        /** The same setup with other streams. */
        public Setup withStreams(List<Stream> others) {
            return new Setup(others, devices, nodeNames, network, wallLimit, energy, faults);
        }

        /**
         * The same setup with these faults (of the devices and node connections; a topology's links
         * go down in its network model, given here as {@code network}).
         */
        public Setup withFaults(Faults f, NetworkModel faultyNetwork) {
            return new Setup(streams, devices, nodeNames, faultyNetwork, wallLimit, energy, f);
        }

        /**
         * The same setup without device faults and without gather deadlines (every request waits for
         * all its work): what a capacity probe runs, the capacity being a property of the design. A
         * topology's link faults are in its network model: give the fault-free one with {@link #withFaults}.
         */
        public Setup faultFree() {
            List<Stream> plain = new ArrayList<>();
            for (Stream st : streams) {
                plain.add(new Stream(st.name(), st.deployment().withResilience(Resilience.DEFAULT), st.workload()));
            }
            return new Setup(plain, devices, nodeNames, network, wallLimit, energy, Faults.NONE);
        }

        /** The same setup with these faults, on the same network. */
        public Setup withFaults(Faults f) {
            return withFaults(f, network);
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
    // phaseTimes' scratch
    private double[] phaseStarts = new double[0];
    private double[] phaseEnds = new double[0];
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

    // faults (docs/engine.md, "Faults"): all of this stays unused in a run without faults or deadlines
    /** Whether requests can fail or answer with fewer branches: the run has faults, or a gather deadline. */
    private final boolean tracking;
    /** Requests that failed in the run (all streams). */
    private long failed;
    /** Requests in flight (issued to the devices, not ended), in issue order: a crash looks for their work. */
    private final java.util.LinkedHashSet<Request> active;
    /** Per network node, how many outages hold its connection down, and what waits for it (non-topology networks). */
    private int[] connectionDown;
    private List<List<Runnable>> waitingForConnection;
    /** The faults that happened, in the order they began. */
    private final List<org.lcpsim.results.FaultWindow> happened = new ArrayList<>();
    /** Per task graph: what a fault needs to know of it (computed once). */
    private final Map<TaskGraph, GraphInfo> graphInfo = new IdentityHashMap<>();
    /** Whether the network records its resources' utilization over time (NetworkContext). */
    private final boolean utilizationSeries;

    private Executor(Setup setup, long seed, int probeWarmup, int probeMeasured, boolean utilizationSeries) {
        this.setup = setup;
        this.seed = seed;
        this.utilizationSeries = utilizationSeries;
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
        boolean deadlines = false;
        for (Stream st : setup.streams()) {
            deadlines |= st.deployment().resilience().hasDeadline();
        }
        this.tracking = setup.faults().tracked() || deadlines;
        this.active = tracking ? new java.util.LinkedHashSet<>() : null;
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
        return run(setup, seed, true);
    }

    /**
     * As {@link #run(Setup, long)}; without {@code utilizationSeries}, the result's network
     * resources have no utilization series (a replication whose series nobody reads).
     */
    public static ReplicationResult run(Setup setup, long seed, boolean utilizationSeries) {
        Executor e = new Executor(setup, seed, 0, 0, utilizationSeries);
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
        Executor e = new Executor(setup, seed, warmup, measured, false);
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
        Executor e = new Executor(setup, seed, 0, 0, true);
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
                if (st.measured == 0 && st.failedMeasured == 0) {
                    String who = streams.length == 1 ? "" : " of stream " + st.spec.name();
                    throw new SimulationException("no measured request" + who + " finished within the horizon of "
                            + horizon(setup) / 1000.0 + " s (" + (streams.length == 1 ? completed : st.completed) + " of "
                            + st.spec.workload().total() + " requests finished, warm-up included)");
                }
            }
        } else if (completed + failed < total) {
            throw new SimulationException("the run stopped at simulated time " + now + " ms with " + (completed + failed)
                    + " of " + total + " requests finished: the next event lies beyond the end of simulated time, or none"
                    + " is left");
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
        network = setup.network().instantiate(new NetworkContext(s, setup.nodeNames(), new SplittableRandom(Seeds.mix(seed, n + 1L)),
                utilizationSeries));
        if (!setup.faults().none()) {
            scheduleFaults();
        }
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
        return completed + failed >= setup.totalRequests();
    }

    private void issue(StreamState st) {
        long index = st.issued++;
        double arrivalMs = scheduler.nowMs();
        boolean measured = index >= st.spec.workload().warmup();
        // the first measured request of the run (of whichever stream) keeps its timeline
        boolean keepTimeline = measured && Double.isNaN(firstMeasuredArrival);
        if (measured && Double.isNaN(st.firstMeasuredArrival)) {
            st.firstMeasuredArrival = arrivalMs;
        }
        if (measured && Double.isNaN(firstMeasuredArrival)) {
            firstMeasuredArrival = arrivalMs;
            busyAtWindowStart = busySnapshot();
            completedAtWindowStart = completed;
            imagesAtWindowStart = completedImages;
        }
        if (!tracking) {
            launch(st, index, arrivalMs, measured, keepTimeline, st.spec.deployment().planner().graphFor(index,
                    d -> unfinished[d]));
            return;
        }
        if (measured) {
            st.issuedMeasured++;
        }
        Pending p = new Pending(index, arrivalMs, measured, keepTimeline);
        // requests wait at the source, in arrival order, while a device they need is known to be down
        if (!st.held.isEmpty() || !admit(st, p)) {
            st.held.add(p);
        }
    }

    /** Sends a request held at the source when the devices it needs are up (as far as the source knows); false: not yet. */
    private boolean admit(StreamState st, Pending p) {
        TaskGraph graph = st.spec.deployment().planner().graphFor(p.index(), st.load);
        for (int d : info(st, graph).essential) {
            if (knownDown(st, d)) {
                return false;
            }
        }
        launch(st, p.index(), p.arrivalMs(), p.measured(), p.keepTimeline(), graph);
        return true;
    }

    private void launch(StreamState st, long index, double arrivalMs, boolean measured, boolean keepTimeline,
                        TaskGraph graph) {
        Request r = new Request(st, index, arrivalMs, graph, measured, keepTimeline);
        if (tracking) {
            r.f = new RequestFaults(r, info(st, graph));
            active.add(r);
        }
        double now = scheduler.nowMs();
        for (Task t : graph.tasks()) {
            if (t instanceof Task.Compute c) {
                // a task finishes in an event of its own, never within this loop
                unfinished[c.device()]++;
            }
        }
        for (Task t : graph.tasks()) {
            if (t.deps().length == 0) {
                // a request held at the source starts when it is sent: the time it waited there is waiting
                r.state.ready[t.id()] = now;
                startTask(r, t);
            }
        }
    }

    private void startTask(Request r, Task task) {
        RequestFaults f = r.f;
        if (f != null) {
            if (f.ended || f.started[task.id()] || f.lost[task.id()]) {
                return;
            }
            f.started[task.id()] = true;
        }
        if (task instanceof Task.Compute c) {
            DeviceState d = devices[c.device()];
            ComputeEstimate est = d.estimate(c.work());
            if (r.measured) {
                measuredLayers += est.measuredLayers();
                formulaLayers += est.formulaLayers();
            }
            if (f == null) {
                d.submit(new Job(r, c.id(), est.ms(), false, () -> {
                    unfinished[c.device()]--;
                    taskDone(r, c, c.device());
                }, null));
                return;
            }
            f.submitted[c.id()] = true;
            d.submit(new Job(r, c.id(), est.ms(), false, () -> {
                release(r, c.id());
                taskDone(r, c, c.device());
            }, () -> {
                release(r, c.id());
                lose(r, c.id(), -1);
            }));
            return;
        }
        Task.Send s = (Task.Send) task;
        double cpuMs = s.source() < devices.length ? network.senderCpuMs(s.bytes()) : 0;
        Runnable send = () -> {
            if (f != null && (f.ended || f.lost[s.id()])) {
                return;
            }
            r.state.start[s.id()] = scheduler.nowMs();
            Transfer t = new Transfer(transferIds++, s.source(), s.destinations(), s.bytes(), s.label());
            network.send(t, dst -> delivered(r, s, dst));
        };
        if (f != null && connectionDown != null && connectionDown[s.source()] > 0) {
            // the sender's connection is down: the message leaves when it is back
            Runnable inner = send;
            send = () -> waitingForConnection.get(s.source()).add(inner);
        }
        if (cpuMs > 0) {
            devices[s.source()].submit(new Job(r, s.id(), cpuMs, true, send, f == null ? null : () -> lose(r, s.id(), -1)));
        } else if (f != null && s.source() < devices.length && devices[s.source()].down()) {
            lose(r, s.id(), -1);
        } else {
            send.run();
        }
    }

    private void delivered(Request r, Task.Send s, int dst) {
        RequestFaults f = r.f;
        if (f != null) {
            if (f.ended || f.deliveryLost(s.id(), dst)) {
                // the request ended (an answer without this branch, or a failure): what still arrives is dropped
                return;
            }
            if (connectionDown != null && (connectionDown[dst] > 0 || connectionDown[s.source()] > 0)) {
                // a connection the message crosses is down: it arrives when the connection is back
                int wait = connectionDown[dst] > 0 ? dst : s.source();
                waitingForConnection.get(wait).add(() -> delivered(r, s, dst));
                return;
            }
            if (dst < devices.length && devices[dst].down()) {
                lose(r, s.id(), dst);
                return;
            }
        }
        double cpuMs = dst < devices.length ? network.receiverCpuMs(s.bytes()) : 0;
        if (cpuMs > 0) {
            devices[dst].submit(new Job(r, s.id(), cpuMs, true, () -> taskDone(r, s, dst),
                    f == null ? null : () -> lose(r, s.id(), dst)));
        } else {
            taskDone(r, s, dst);
        }
    }

    /** Task {@code task} has finished at {@code node} (for a transfer: delivered there). */
    private void taskDone(Request r, Task task, int node) {
        RequestFaults f = r.f;
        if (f != null) {
            if (f.ended || f.lost[task.id()] && task instanceof Task.Compute) {
                return;
            }
            if (task instanceof Task.Send) {
                if (f.deliveryLost(task.id(), node)) {
                    return;
                }
                f.delivered(task.id(), node);
            } else {
                f.done[task.id()] = true;
            }
        }
        double now = scheduler.nowMs();
        int id = task.id();
        r.state.end[id] = Math.max(r.state.end[id], now);
        if (r.timeline != null && task instanceof Task.Send s) {
            r.timeline.add(new SpanDraft(id, transferResource(s, node), s.label(), Span.Kind.TRANSFER, r.state.start[id], now));
        }
        if (f == null) {
            // no faults: barriers stand for groups that share their dependencies (TaskGraph)
            for (int succ : r.graph.compactSuccessorsOn(id, node)) {
                if (succ >= 0) {
                    arrive(r.state.ready, r.state.criticalPred, succ, id, now);
                    if (--r.state.pending[succ] == 0) {
                        startTask(r, r.graph.task(succ));
                    }
                    continue;
                }
                int b = -1 - succ;
                arrive(r.state.barrierReady, r.state.barrierCritical, b, id, now);
                if (--r.state.barrierPending[b] == 0) {
                    // every member waited for the same tasks: what one by one would have left in each
                    for (int m : r.graph.barrierMembers(b)) {
                        r.state.ready[m] = r.state.barrierReady[b];
                        r.state.criticalPred[m] = r.state.barrierCritical[b];
                        r.state.pending[m] = 0;
                        startTask(r, r.graph.task(m));
                    }
                }
            }
        } else {
            successorsWithFaults(r, f, id, node, now);
        }
        if (task instanceof Task.Send s) {
            if (++r.state.deliveries[id] < s.destinations().length) {
                return;
            }
        }
        r.lastDone = id;
        if (--r.remaining == 0) {
            requestDone(r);
        } else if (f != null && f.partial && id == f.info.head) {
            // answered with the branches that arrived by the deadline
            requestDone(r);
        }
    }

    /**
     * A dependency of task (or barrier) {@code i} arrived from {@code pred} at {@code now}: the last
     * to arrive, the latest of equal times included, is its critical predecessor. Barriers keep the
     * same rule, so that their members end as they would one by one.
     */
    private static void arrive(double[] ready, int[] criticalPred, int i, int pred, double now) {
        if (now >= ready[i]) {
            ready[i] = now;
            criticalPred[i] = pred;
        }
    }

    /** The successors of a task done in a run with faults or deadlines, one by one. */
    private void successorsWithFaults(Request r, RequestFaults f, int id, int node, double now) {
        for (int succ : r.graph.successorsOn(id, node)) {
            boolean gathered = f.info.deadline && succ == f.info.head;
            if (gathered && f.started[succ]) {
                // the head already answered without it: a late branch output is dropped
                continue;
            }
            arrive(r.state.ready, r.state.criticalPred, succ, id, now);
            if (gathered) {
                branchArrived(r, id);
            }
            if (--r.state.pending[succ] == 0) {
                if (gathered && f.timer != null) {
                    scheduler.cancel(f.timer);
                    f.timer = null;
                }
                startTask(r, r.graph.task(succ));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // faults

    /** What a fault needs to know of a task graph, per stream (its deployment's reaction to faults). */
    private static final class GraphInfo {
        /** The devices without which a request cannot be answered: the source holds requests while one is known down. */
        int[] essential;
        /** Whether the head answers with the branches that arrived by a deadline (LCP with gatherDeadlineMs). */
        boolean deadline;
        int head = -1;
        /** Per task, its index among the head's dependencies (-1 for the others). */
        int[] inputOf;
        int[] branchesOf;
        int branches;
        /** Per transfer task, the offset of its destinations in a request's delivery flags. */
        int[] destinationOffset;
        int destinations;
    }

    private GraphInfo info(StreamState st, TaskGraph graph) {
        GraphInfo known = graphInfo.get(graph);
        if (known != null) {
            return known;
        }
        GraphInfo g = new GraphInfo();
        int n = graph.size();
        TaskGraph.Gather gather = graph.gather();
        g.deadline = gather != null && st.spec.deployment().resilience().hasDeadline();
        g.inputOf = new int[n];
        java.util.Arrays.fill(g.inputOf, -1);
        g.branches = gather == null ? 1 : gather.total();
        if (gather != null) {
            g.head = gather.head();
            int[] deps = graph.task(g.head).deps();
            g.branchesOf = gather.branches();
            for (int i = 0; i < deps.length; i++) {
                g.inputOf[deps[i]] = i;
            }
        }
        g.destinationOffset = new int[n];
        java.util.TreeSet<Integer> essential = new java.util.TreeSet<>();
        for (Task t : graph.tasks()) {
            boolean root = t.deps().length == 0;
            if (!g.deadline || root || t.id() == g.head) {
                // with a deadline only the source and the final node are needed; else every device of the request
                addDevice(essential, t.node());
            }
            if (t instanceof Task.Send s) {
                g.destinationOffset[t.id()] = g.destinations;
                g.destinations += s.destinations().length;
                if (!g.deadline) {
                    for (int d : s.destinations()) {
                        addDevice(essential, d);
                    }
                }
            }
        }
        g.essential = essential.stream().mapToInt(Integer::intValue).toArray();
        graphInfo.put(graph, g);
        return g;
    }

    private void addDevice(java.util.Set<Integer> set, int node) {
        if (node < devices.length) {
            set.add(node);
        }
    }

    /** Whether stream {@code st}'s source knows device d is down: it crashed at least its failover timeout ago. */
    private boolean knownDown(StreamState st, int d) {
        DeviceState dev = devices[d];
        return dev.down() && scheduler.nowMs() >= dev.downSinceMs + st.spec.deployment().resilience().failoverTimeoutMs();
    }

    /** A request held at the source: its index, arrival, whether it is measured and keeps its timeline. */
    private record Pending(long index, double arrivalMs, boolean measured, boolean keepTimeline) {
    }

    /** The fault state of a request (runs with faults or deadlines only). */
    private final class RequestFaults {
        final Request owner;
        final GraphInfo info;
        final boolean[] started;
        final boolean[] done;
        final boolean[] lost;
        final boolean[] submitted;
        final boolean[] released;
        final byte[] delivery;
        final byte[] input;
        int arrivedInputs;
        int lostInputs;
        int arrivedBranches;
        boolean ended;
        boolean partial;
        Scheduler.ScheduledEvent timer;

        RequestFaults(Request r, GraphInfo info) {
            this.owner = r;
            this.info = info;
            int n = r.graph.size();
            started = new boolean[n];
            done = new boolean[n];
            lost = new boolean[n];
            submitted = new boolean[n];
            released = new boolean[n];
            delivery = new byte[info.destinations];
            input = info.branchesOf == null ? new byte[0] : new byte[info.branchesOf.length];
        }

        boolean deliveryLost(int task, int node) {
            int i = deliverySlot(task, node);
            return i >= 0 && delivery[i] == 2;
        }

        void delivered(int task, int node) {
            int i = deliverySlot(task, node);
            if (i >= 0) {
                delivery[i] = 1;
            }
        }

        /** 0: pending, 1: delivered, 2: lost. */
        int deliveryState(int task, int node) {
            int i = deliverySlot(task, node);
            return i < 0 ? 0 : delivery[i];
        }

        void deliveryLostAt(int task, int node) {
            int i = deliverySlot(task, node);
            if (i >= 0) {
                delivery[i] = 2;
            }
        }

        int deliverySlot(int task, int node) {
            int[] to = ((Task.Send) graphOf(task)).destinations();
            for (int k = 0; k < to.length; k++) {
                if (to[k] == node) {
                    return info.destinationOffset[task] + k;
                }
            }
            return -1;
        }

        private Task graphOf(int task) {
            return owner.graph.task(task);
        }
    }

    /** Compute task t of r no longer counts as the device's unfinished work (it ran, or never will). */
    private void release(Request r, int t) {
        if (!r.f.released[t]) {
            r.f.released[t] = true;
            unfinished[((Task.Compute) r.graph.task(t)).device()]--;
        }
    }

    /**
     * Task t of r will not finish (node -1; a transfer: none of its pending deliveries happens), or a
     * transfer's delivery to {@code node} will not happen. Without a gather deadline any loss fails
     * the request; with one, a loss that reaches the head is a branch that will not arrive, and only
     * the loss of the head itself fails it.
     */
    private void lose(Request r, int t, int node) {
        RequestFaults f = r.f;
        if (f.ended) {
            return;
        }
        Task task = r.graph.task(t);
        if (!f.info.deadline) {
            fail(r);
            return;
        }
        if (task instanceof Task.Send s) {
            if (node >= 0) {
                if (f.deliveryState(t, node) != 0) {
                    return;
                }
                f.deliveryLostAt(t, node);
                propagate(r, t, node);
                return;
            }
            if (f.lost[t]) {
                return;
            }
            f.lost[t] = true;
            for (int dst : s.destinations()) {
                if (f.deliveryState(t, dst) == 0) {
                    f.deliveryLostAt(t, dst);
                    propagate(r, t, dst);
                }
            }
            return;
        }
        if (f.lost[t] || f.done[t]) {
            return;
        }
        f.lost[t] = true;
        if (!f.submitted[t]) {
            release(r, t);
        }
        if (t == f.info.head) {
            fail(r);
            return;
        }
        propagate(r, t, task.node());
    }

    /** What depended on task t at {@code node} will not run: a branch the head will not get, or lost work. */
    private void propagate(Request r, int t, int node) {
        RequestFaults f = r.f;
        for (int succ : r.graph.successorsOn(t, node)) {
            if (f.ended) {
                return;
            }
            if (succ == f.info.head) {
                branchLost(r, t);
            } else {
                lose(r, succ, -1);
            }
        }
    }

    /** The head's dependency {@code dep} has delivered: its branches arrived; the first starts the deadline. */
    private void branchArrived(Request r, int dep) {
        RequestFaults f = r.f;
        int i = f.info.inputOf[dep];
        if (i < 0 || f.input[i] != 0) {
            return;
        }
        f.input[i] = 1;
        f.arrivedInputs++;
        f.arrivedBranches += f.info.branchesOf[i];
        if (f.arrivedInputs == 1 && f.arrivedInputs < f.input.length) {
            double deadline = r.stream.spec.deployment().resilience().gatherDeadlineMs();
            f.timer = scheduler.after(deadline, () -> gatherDeadline(r));
        }
    }

    /** The head's dependency {@code dep} will not deliver: its branches are lost. */
    private void branchLost(Request r, int dep) {
        RequestFaults f = r.f;
        int i = f.info.inputOf[dep];
        if (i < 0 || f.input[i] != 0) {
            return;
        }
        f.input[i] = 2;
        f.lostInputs++;
        if (f.arrivedInputs == 0 && f.lostInputs == f.input.length) {
            // no branch can arrive any more: nothing to answer with
            fail(r);
        }
    }

    /** The gather deadline: answer with the branches that arrived, when there are enough of them. */
    private void gatherDeadline(Request r) {
        RequestFaults f = r.f;
        f.timer = null;
        if (f.ended || f.started[f.info.head]) {
            return;
        }
        if (f.arrivedBranches >= r.stream.spec.deployment().resilience().minBranches()) {
            f.partial = true;
            startTask(r, r.graph.task(f.info.head));
        } else {
            fail(r);
        }
    }

    /** Request r will not be answered. */
    private void fail(Request r) {
        RequestFaults f = r.f;
        if (f.ended) {
            return;
        }
        end(r);
        failed++;
        StreamState st = r.stream;
        if (r.measured) {
            st.failedMeasured++;
            st.record(r.arrivalMs, Double.NaN, 0);
        }
        if (st.spec.workload().arrival() instanceof Arrival.Closed && st.issued < st.spec.workload().total()) {
            // the client gives up on a request it gets no answer to after its timeout, then sends the next
            double at = Math.max(scheduler.nowMs(), r.arrivalMs + st.spec.deployment().resilience().failoverTimeoutMs());
            scheduler.at(at, () -> issue(st));
        }
    }

    /** The request ends (answered or failed): work of it not yet started never starts. */
    private void end(Request r) {
        RequestFaults f = r.f;
        f.ended = true;
        active.remove(r);
        if (f.timer != null) {
            scheduler.cancel(f.timer);
            f.timer = null;
        }
        for (Task t : r.graph.tasks()) {
            if (t instanceof Task.Compute && !f.submitted[t.id()]) {
                release(r, t.id());
            }
        }
    }

    /** Schedules the faults of the run: fixed windows, the first random failure of each device, outages. */
    private void scheduleFaults() {
        Faults faults = setup.faults();
        for (Faults.Window w : faults.windows()) {
            scheduler.at(w.atMs(), () -> {
                happened.add(new org.lcpsim.results.FaultWindow(setup.nodeNames().get(w.device()), w.kind().label(),
                        w.atMs(), w.untilMs(), w.kind() == Faults.Kind.SLOWDOWN ? w.factor() : 1, false));
                begin(w.device(), w.kind(), w.factor());
            });
            scheduler.at(w.untilMs(), () -> finish(w.device(), w.kind(), w.factor()));
        }
        long faultSeed = Seeds.mix(seed, -13);
        for (int k = 0; k < faults.random().size(); k++) {
            Faults.RandomFaults rf = faults.random().get(k);
            for (int d : rf.devices()) {
                SplittableRandom random = new SplittableRandom(Seeds.mix(Seeds.mix(faultSeed, k), d));
                scheduleRandomFailure(rf, d, random);
            }
        }
        for (Faults.Outage o : faults.outages()) {
            if (o.node() < 0) {
                // a topology's link: its network model plays the down window
                scheduler.at(o.atMs(), () -> happened.add(new org.lcpsim.results.FaultWindow("link " + o.name(), "down",
                        o.atMs(), o.untilMs(), 1, false)));
                continue;
            }
            if (connectionDown == null) {
                connectionDown = new int[setup.nodeNames().size()];
                waitingForConnection = new ArrayList<>();
                for (int i = 0; i < connectionDown.length; i++) {
                    waitingForConnection.add(new ArrayList<>());
                }
            }
            scheduler.at(o.atMs(), () -> {
                happened.add(new org.lcpsim.results.FaultWindow("link " + o.name(), "down", o.atMs(), o.untilMs(), 1,
                        false));
                connectionDown[o.node()]++;
            });
            scheduler.at(o.untilMs(), () -> {
                if (--connectionDown[o.node()] == 0) {
                    List<Runnable> waiting = new ArrayList<>(waitingForConnection.get(o.node()));
                    waitingForConnection.get(o.node()).clear();
                    waiting.forEach(Runnable::run);
                }
            });
        }
    }

    private static double exponential(SplittableRandom random, double meanMs) {
        return -Math.log(1 - random.nextDouble()) * meanMs;
    }

    private void scheduleRandomFailure(Faults.RandomFaults rf, int d, SplittableRandom random) {
        scheduler.after(exponential(random, rf.mtbfMs()), () -> {
            double now = scheduler.nowMs();
            double repairMs = exponential(random, rf.mttrMs());
            happened.add(new org.lcpsim.results.FaultWindow(setup.nodeNames().get(d), rf.kind().label(), now,
                    now + repairMs, rf.kind() == Faults.Kind.SLOWDOWN ? rf.factor() : 1, true));
            begin(d, rf.kind(), rf.factor());
            scheduler.after(repairMs, () -> {
                finish(d, rf.kind(), rf.factor());
                scheduleRandomFailure(rf, d, random);
            });
        });
    }

    /** A fault of device d begins. */
    private void begin(int d, Faults.Kind kind, double factor) {
        DeviceState dev = devices[d];
        if (kind == Faults.Kind.SLOWDOWN) {
            dev.slowdowns.add(factor);
            return;
        }
        if (dev.crashes++ > 0) {
            return;
        }
        dev.downSinceMs = scheduler.nowMs();
        // its running job and its queue are lost; so is every request's work still to be done there
        for (Job job : dev.crash()) {
            job.onLost().run();
        }
        for (Request r : new ArrayList<>(active)) {
            for (Task t : r.graph.tasks()) {
                if (r.f.ended) {
                    break;
                }
                if (t.node() == d && !r.f.lost[t.id()] && !(t instanceof Task.Compute ? r.f.done[t.id()]
                        : r.state.deliveries[t.id()] == ((Task.Send) t).destinations().length)) {
                    lose(r, t.id(), -1);
                }
            }
        }
    }

    /** A fault of device d ends. */
    private void finish(int d, Faults.Kind kind, double factor) {
        DeviceState dev = devices[d];
        if (kind == Faults.Kind.SLOWDOWN) {
            dev.slowdowns.remove(factor);
            return;
        }
        if (--dev.crashes > 0) {
            return;
        }
        // back (its weights reload at once): the sources learn it now and send what they held
        for (StreamState st : streams) {
            while (!st.held.isEmpty() && admit(st, st.held.peek())) {
                st.held.poll();
            }
        }
    }

    private String transferResource(Task.Send s, int dst) {
        return setup.nodeNames().get(s.source()) + "->" + setup.nodeNames().get(dst);
    }

    private void requestDone(Request r) {
        double now = scheduler.nowMs();
        StreamState st = r.stream;
        if (r.f != null) {
            end(r);
            int k = r.f.partial ? r.f.arrivedBranches : r.f.info.branches;
            if (r.measured) {
                st.degradedMeasured += r.f.partial ? 1 : 0;
                st.record(r.arrivalMs, now - r.arrivalMs, k);
            }
        }
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
            bytesSum += r.f != null && r.f.partial ? bytesDelivered(r) : r.graph.bytesDelivered();
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
        if (r.f == null) {
            // done with every task and delivery, and nothing refers to it: its arrays serve the next request
            spareState.put(r.graph, r.state);
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
        // which tasks are on it matters only to the timeline
        boolean[] onPath = r.timeline == null ? null : new boolean[r.graph.size()];
        int t = r.lastDone;
        double segmentEnd = r.state.end[t];
        while (t >= 0) {
            if (onPath != null) {
                onPath[t] = true;
            }
            Task task = r.graph.task(t);
            if (task instanceof Task.Compute) {
                computeSum += segmentEnd - r.state.start[t];
                waitSum += r.state.start[t] - r.state.ready[t];
            } else {
                commSum += segmentEnd - r.state.ready[t];
            }
            segmentEnd = r.state.ready[t];
            t = r.state.criticalPred[t];
        }
        waitSum += segmentEnd - r.arrivalMs;
        return onPath;
    }

    /** The bytes a request answered with fewer branches delivered: each transfer's bytes times its deliveries. */
    private static long bytesDelivered(Request r) {
        long sum = 0;
        for (Task t : r.graph.tasks()) {
            if (t instanceof Task.Send s) {
                sum += s.bytes() * r.state.deliveries[t.id()];
            }
        }
        return sum;
    }

    /**
     * Per phase, the length of the union of its transfers' intervals [ready, last delivery].
     * Sorted apart, the starts and the ends give the same blocks as the intervals sorted by start:
     * interval i (by start) opens a block exactly when the i smallest ends all come before its
     * start (the later intervals cannot end before it), and a block ends at the largest end of
     * the intervals before the next block, the last of those smallest ends. The same blocks, so
     * the same sum; two sorts of doubles instead of an object per transfer.
     */
    private void phaseTimes(Request r) {
        for (Phase phase : Phase.values()) {
            int[] ids = r.graph.sends(phase);
            if (phaseStarts.length < ids.length) {
                phaseStarts = new double[ids.length];
                phaseEnds = new double[ids.length];
            }
            int m = 0;
            for (int id : ids) {
                if (r.f != null && r.state.deliveries[id] == 0) {
                    // a request answered without this transfer (lost, or too late)
                    continue;
                }
                phaseStarts[m] = r.state.ready[id];
                phaseEnds[m++] = r.state.end[id];
            }
            if (m > 0) {
                phaseSum[phase.ordinal()] += unionLength(phaseStarts, phaseEnds, m);
            }
        }
    }

    /**
     * The length of the union of intervals [starts[i], ends[i]], i &lt; m (m &gt; 0; both arrays are
     * sorted in place), summed block by block in time order, as sorting the intervals by start and
     * merging those that meet would.
     */
    static double unionLength(double[] starts, double[] ends, int m) {
        Arrays.sort(starts, 0, m);
        Arrays.sort(ends, 0, m);
        double total = 0;
        int blockStart = 0;
        for (int i = 1; i < m; i++) {
            if (starts[i] > ends[i - 1]) {
                total += ends[i - 1] - starts[blockStart];
                blockStart = i;
            }
        }
        return total + (ends[m - 1] - starts[blockStart]);
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
                scheduler == null ? 0 : scheduler.nowMs(), completed + failed, inferences, perStream,
                tracking ? faultRun() : null);
    }

    /** What the faults did: the faults that happened, each stream's outcomes and every measured request that ended. */
    private org.lcpsim.results.FaultRun faultRun() {
        List<org.lcpsim.results.FaultRun.Counts> counts = new ArrayList<>();
        int total = 0;
        for (StreamState st : streams) {
            counts.add(new org.lcpsim.results.FaultRun.Counts(st.spec.name(), st.issuedMeasured,
                    st.measured, st.degradedMeasured, st.failedMeasured, st.spec.deployment().branches()));
            total += st.outcomes;
        }
        int[] stream = new int[total];
        double[] arrival = new double[total];
        double[] latency = new double[total];
        int[] arrived = new int[total];
        int k = 0;
        for (StreamState st : streams) {
            for (int i = 0; i < st.outcomes; i++) {
                stream[k] = st.index;
                arrival[k] = st.outcomeArrival[i];
                latency[k] = st.outcomeLatency[i];
                arrived[k] = st.outcomeBranches[i];
                k++;
            }
        }
        return new org.lcpsim.results.FaultRun(happened, counts, stream, arrival, latency, arrived);
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
        // with faults: requests held at the source, what the balancer sees, and every measured request's outcome
        final ArrayDeque<Pending> held = new ArrayDeque<>();
        final RequestPlanner.LoadView load = new RequestPlanner.LoadView() {
            @Override
            public int unfinishedTasks(int device) {
                return unfinished[device];
            }

            @Override
            public boolean knownDown(int device) {
                return Executor.this.knownDown(StreamState.this, device);
            }
        };
        long issuedMeasured;
        long degradedMeasured;
        long failedMeasured;
        int outcomes;
        double[] outcomeArrival = new double[0];
        double[] outcomeLatency = new double[0];
        int[] outcomeBranches = new int[0];

        StreamState(int index, Stream spec, SplittableRandom arrivalRandom, int devices) {
            this.index = index;
            this.spec = spec;
            this.arrivalRandom = arrivalRandom;
            this.latencies = new double[spec.workload().requests()];
            this.busyMs = new double[devices];
        }

        /** A measured request ended: its arrival, latency (NaN: failed) and the branches of its answer. */
        void record(double arrivalMs, double latencyMs, int branches) {
            if (outcomes == outcomeArrival.length) {
                int size = Math.max(16, 2 * outcomes);
                outcomeArrival = Arrays.copyOf(outcomeArrival, size);
                outcomeLatency = Arrays.copyOf(outcomeLatency, size);
                outcomeBranches = Arrays.copyOf(outcomeBranches, size);
            }
            outcomeArrival[outcomes] = arrivalMs;
            outcomeLatency[outcomes] = latencyMs;
            outcomeBranches[outcomes] = branches;
            outcomes++;
        }
    }

    /**
     * A request's per-task counters and times, handed from a finished request of the same graph to
     * the next (a run without faults, whose finished requests nothing refers to any more): the next
     * one starts on arrays the processor has just used instead of fresh ones, 330 kB for model
     * parallelism on 1,024 devices.
     */
    private static final class TaskState {
        final int[] pending;
        final double[] ready;
        final double[] start;
        final double[] end;
        final int[] criticalPred;
        final int[] deliveries;
        /** Per barrier of the graph (TaskGraph): dependencies still to come, and when and from which the last came. */
        final int[] barrierPending;
        final double[] barrierReady;
        final int[] barrierCritical;

        TaskState(TaskGraph graph) {
            int n = graph.size();
            int nb = graph.barriers();
            pending = new int[n];
            ready = new double[n];
            start = new double[n];
            end = new double[n];
            criticalPred = new int[n];
            deliveries = new int[n];
            barrierPending = new int[nb];
            barrierReady = new double[nb];
            barrierCritical = new int[nb];
        }

        /** As a new request of {@code graph} needs them: nothing ready, started or delivered, every dependency to come. */
        TaskState reset(TaskGraph graph) {
            System.arraycopy(graph.dependencies(), 0, pending, 0, pending.length);
            Arrays.fill(ready, 0);
            Arrays.fill(start, 0);
            Arrays.fill(end, 0);
            Arrays.fill(criticalPred, -1);
            Arrays.fill(deliveries, 0);
            System.arraycopy(graph.barrierDependencies(), 0, barrierPending, 0, barrierPending.length);
            Arrays.fill(barrierReady, 0);
            Arrays.fill(barrierCritical, -1);
            return this;
        }
    }

    /** Per task graph, the state of its last finished request, for the next one (runs without faults). */
    private final Map<TaskGraph, TaskState> spareState = new IdentityHashMap<>();

    private TaskState stateFor(TaskGraph graph) {
        TaskState s = spareState.remove(graph);
        return (s == null ? new TaskState(graph) : s).reset(graph);
    }

    private final class Request {
        final StreamState stream;
        final long index;
        final double arrivalMs;
        final TaskGraph graph;
        final boolean measured;
        /** Its per-task counters and times. */
        final TaskState state;
        int remaining;
        int lastDone = -1;
        final List<SpanDraft> timeline;
        /** Its fault state, in a run with faults or deadlines (null otherwise). */
        RequestFaults f;

        Request(StreamState stream, long index, double arrivalMs, TaskGraph graph, boolean measured, boolean keepTimeline) {
            this.stream = stream;
            this.index = index;
            this.arrivalMs = arrivalMs;
            this.graph = graph;
            this.measured = measured;
            state = stateFor(graph);
            remaining = graph.size();
            timeline = keepTimeline ? new ArrayList<>() : null;
        }
    }

    private record SpanDraft(int task, String resource, String label, Span.Kind kind, double startMs, double endMs) {
    }

    /** A job on a device; {@code onLost} (runs with faults only) runs instead of {@code onDone} when a crash drops it. */
    private record Job(Request request, int task, double ms, boolean serialization, Runnable onDone, Runnable onLost) {
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
        // faults: crashes in progress (down while > 0) and since when, slowdowns in progress, the running job
        int crashes;
        double downSinceMs;
        final List<Double> slowdowns = new ArrayList<>(0);
        Job running;
        Scheduler.ScheduledEvent runningEnd;

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

        boolean down() {
            return crashes > 0;
        }

        void submit(Job job) {
            if (crashes > 0) {
                // a crashed device accepts nothing: the work is lost
                job.onLost().run();
                return;
            }
            queue.add(job);
            if (!busy) {
                next();
            }
        }

        /** The device crashes: its running job and its queue are dropped (returned, in order); the run's rest is not busy. */
        List<Job> crash() {
            List<Job> dropped = new ArrayList<>();
            if (busy && running != null) {
                double now = scheduler.nowMs();
                double left = Math.max(0, jobEndMs - now);
                busyStartedMs -= left;
                running.request().stream.busyMs[index] -= left;
                jobEndMs = now;
                scheduler.cancel(runningEnd);
                dropped.add(running);
            }
            dropped.addAll(queue);
            queue.clear();
            busy = false;
            running = null;
            runningEnd = null;
            return dropped;
        }

        private double slowdown() {
            double f = 1;
            for (double s : slowdowns) {
                f = Math.max(f, s);
            }
            return f;
        }

        private void next() {
            Job job = queue.poll();
            if (job == null) {
                busy = false;
                running = null;
                return;
            }
            busy = true;
            double ms = job.ms() * (noise.isNone() ? 1.0 : noise.factor(random));
            if (!slowdowns.isEmpty()) {
                // a straggler: every job started while slowed down takes the factor times as long
                ms *= slowdown();
            }
            double startMs = scheduler.nowMs();
            Request r = job.request();
            if (!job.serialization()) {
                r.state.start[job.task()] = startMs;
            }
            busyStartedMs += ms;
            r.stream.busyMs[index] += ms;
            jobEndMs = startMs + ms;
            double duration = ms;
            running = job;
            runningEnd = scheduler.after(ms, () -> {
                running = null;
                runningEnd = null;
                if (r.timeline != null) {
                    Task t = r.graph.task(job.task());
                    r.timeline.add(new SpanDraft(job.task(), setup.nodeNames().get(index),
                            job.serialization() ? t.label() + " (serialize)" : t.label(),
                            job.serialization() ? Span.Kind.SERIALIZE : Span.Kind.COMPUTE, startMs, startMs + duration));
                }
                job.onDone().run();
                next();
            });
        }
    }
}

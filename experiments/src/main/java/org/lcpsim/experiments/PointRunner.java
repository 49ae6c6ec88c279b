package org.lcpsim.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.engine.Seeds;
import org.lcpsim.engine.SimulationException;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Arrival;
import org.lcpsim.execution.CapacityProbe;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.Saturation;
import org.lcpsim.execution.Workload;
import org.lcpsim.results.Capacity;
import org.lcpsim.execution.ModelCostEstimator;
import org.lcpsim.results.DeviceMemory;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DeployContext;

/**
 * Simulates one design point in two steps. {@link #prepare} deploys the model with the strategy
 * and prepares each device for what it holds: memory, parameters and MACs are then known, and a
 * point that cannot fit ("oom") or cannot be deployed ("error") is finished. {@link #simulate}
 * runs the replications on DSOL and summarizes them. Replication r uses a seed derived from the
 * point's seed and r only, so the same replication of two design points sees the same random
 * streams (common random numbers make comparisons between designs sharper).
 */
public final class PointRunner {
    private final Duration wallLimit;

    public PointRunner(Duration wallLimit) {
        this.wallLimit = wallLimit;
    }

    /**
     * A point after deployment: its result so far (no metrics), and what simulating it needs. A
     * point with several request streams has them in {@code streams} (each deployment placed on
     * the cluster), {@code deployment} is then the first one's; empty for one stream.
     */
    public record Prepared(PointResult result, ExperimentSpec spec, Deployment deployment,
                           List<DeviceModel.Prepared> devices, List<Executor.Stream> streams) {
        public Prepared {
            streams = streams == null ? List.of() : List.copyOf(streams);
        }

        public Prepared(PointResult result, ExperimentSpec spec, Deployment deployment, List<DeviceModel.Prepared> devices) {
            this(result, spec, deployment, devices, List.of());
        }

        /** True when the point still needs simulating (it deployed and fits). */
        public boolean runnable() {
            return deployment != null && PointResult.OK.equals(result.status());
        }
    }

    public PointResult run(int pointId, ExperimentSpec spec, Map<String, String> sweep, String key) {
        return simulate(prepare(pointId, spec, sweep, key));
    }

    /**
     * What a strategy of this (single-stream) point knows of its cluster when it deploys: the
     * devices, the source, the data types, the input, and estimates from the point's own device
     * and network models for its batch.
     */
    public static DeployContext context(ExperimentSpec spec) {
        return new DeployContext(spec.devices().size(), spec.sourceNode(), spec.weights(), spec.activations(),
                spec.inputBytes(), new ModelCostEstimator(spec.devices(), spec.network(), spec.nodeNames(),
                spec.workload().batch()));
    }

    public Prepared prepare(int pointId, ExperimentSpec spec, Map<String, String> sweep, String key) {
        if (spec.multiStream()) {
            return StreamsRunner.prepare(pointId, spec, sweep, key);
        }
        int n = spec.devices().size();
        Deployment deployment;
        try {
            // strategies deploy one image per request; the batch multiplies its work, bytes and live tensors
            int batch = spec.workload().batch();
            deployment = spec.strategy().deploy(spec.model(), context(spec)).batched(batch)
                    .withResilience(spec.resilience());
        } catch (RuntimeException e) {
            // a point that cannot be deployed is reported in its row; the other points go on
            return new Prepared(failed(pointId, spec, sweep, "error: " + message(e), key), spec, null, List.of());
        }
        List<DeviceModel.Prepared> prepared = new ArrayList<>(n);
        List<DeviceMemory> memory = new ArrayList<>();
        boolean oom = false;
        try {
            for (int i = 0; i < n; i++) {
                DeviceModel.Prepared p = spec.devices().get(i).prepare(deployment.residency().get(i));
                prepared.add(p);
                if (!deployment.residency().get(i).isEmpty()) {
                    memory.add(new DeviceMemory(spec.nodeNames().get(i), spec.devices().get(i).type(), p.memory(),
                            deployment.residency().get(i).weightBytes()));
                    oom |= p.memory().outOfMemory();
                }
            }
        } catch (RuntimeException e) {
            // a device that cannot take its share is this point's failure, like a strategy that cannot deploy
            return new Prepared(failed(pointId, spec, sweep, "error: " + message(e), key), spec, null, List.of());
        }
        return new Prepared(result(pointId, spec, sweep, deployment, memory, oom ? PointResult.OOM : PointResult.OK, key)
                .withNotes(spec.model().notes()).withNotes(unknowns(spec, deployment, prepared)), spec, deployment, prepared);
    }

    /**
     * The unknowns of the used devices, each sentence once, with the devices it concerns named
     * after the first mention of their type: "the framework memory of jetson-tx2 (d0, d1) is unknown".
     */
    static List<String> unknowns(ExperimentSpec spec, Deployment deployment, List<DeviceModel.Prepared> prepared) {
        return unknowns(spec, deployment.residency(), prepared);
    }

    /** The same, for devices holding {@code residency} (one per cluster device). */
    static List<String> unknowns(ExperimentSpec spec, List<org.lcpsim.devices.Residency> residency,
                                 List<DeviceModel.Prepared> prepared) {
        Map<String, List<String>> devices = new java.util.LinkedHashMap<>();
        Map<String, String> types = new java.util.HashMap<>();
        for (int i = 0; i < prepared.size(); i++) {
            if (!residency.get(i).isEmpty()) {
                for (String u : prepared.get(i).unknowns()) {
                    devices.computeIfAbsent(u, k -> new ArrayList<>()).add(spec.nodeNames().get(i));
                    types.put(u, spec.devices().get(i).type());
                }
            }
        }
        List<String> notes = new ArrayList<>();
        devices.forEach((sentence, names) -> {
            String type = types.get(sentence);
            String ids = " (" + String.join(", ", names) + ")";
            int at = sentence.indexOf(type);
            notes.add(at < 0 ? sentence + ids : sentence.substring(0, at + type.length()) + ids
                    + sentence.substring(at + type.length()));
        });
        return notes;
    }

    /**
     * Runs the point's replications, then the load figures: its capacity (a saturating run, see
     * {@link CapacityProbe}) and, for workloads that queue (open loop, or closed with more than one
     * request in flight), its latency alone (closed loop, concurrency 1, at most
     * {@link #UNLOADED_REQUESTS} requests per replication). A point whose workload exceeds its
     * capacity, or whose latency keeps growing, is "saturated" ({@link Saturation}).
     */
    public PointResult simulate(Prepared p) {
        if (!p.runnable()) {
            return p.result();
        }
        if (p.spec().multiStream()) {
            return StreamsRunner.simulate(p, wallLimit);
        }
        ExperimentSpec spec = p.spec();
        Executor.Setup setup = new Executor.Setup(p.deployment(), p.devices(), spec.nodeNames(), spec.network(),
                spec.workload(), wallLimit, spec.energy());
        // the replications run with the faults; the latency alone and the capacity are the design's, without them
        boolean faults = spec.tracksFaults();
        Executor.Setup faulty = setup.withFaults(spec.faults(), spec.faultyNetwork());
        List<ReplicationResult> reps;
        Metrics summary;
        double unloadedMs;
        ReplicationResult reference;
        try {
            reps = replications(faulty, spec);
            summary = Metrics.summarize(reps);
            Executor.Setup alone = setup.faultFree();
            unloadedMs = queues(spec.workload()) || faults ? Metrics.summarize(replications(alone.with(
                    unloaded(spec.workload())), spec)).latencyMsMean() : summary.latencyMsMean();
            reference = faults ? Executor.run(alone, replicationSeed(spec.seed(), 0), false) : reps.get(0);
        } catch (RuntimeException e) {
            return p.result().with("error: " + message(e), null);
        }
        List<String> notes = new ArrayList<>();
        Capacity capacity = null;
        try {
            capacity = CapacityProbe.measure(setup, Seeds.mix(spec.seed(), CAPACITY_STREAM), reference);
        } catch (RuntimeException e) {
            notes.add("capacity_ips is blank: the saturating run failed (" + message(e) + ")");
        }
        if (capacity != null && Double.isInfinite(capacity.ips())) {
            notes.add("capacity_ips is blank: a request keeps no device and no network resource busy, so no rate saturates"
                    + " the design");
        }
        int batch = p.deployment().batch();
        // offered_ips counts images, as throughput_ips and capacity_ips do
        Metrics m = summary.withLoad(capacity, unloadedMs, Saturation.offeredIps(spec.workload().arrival()) * batch,
                spec.energy().label());
        // with faults, latencies rise through a fault and fall after it: only the offered load can saturate the point
        String saturated = Saturation.check(spec.workload().arrival(), batch, capacity,
                capacity == null ? "" : resourceName(spec, capacity.bottleneck()), spec.faults().none() ? reps : List.of());
        if (saturated != null) {
            notes.add(saturated);
        }
        if (capacity != null && capacity.utilization() < CapacityProbe.RESOURCE_BOUND) {
            notes.add(String.format(java.util.Locale.ROOT, "capacity_ips: no single resource saturates (the busiest, %s, is "
                    + "%.0f%% busy at capacity, %s): the design is bound by latencies, not by a resource's work",
                    resourceName(spec, capacity.bottleneck()), 100 * capacity.utilization(), capacity.probe()));
        }
        if (Double.isNaN(m.energyJPerInference())) {
            notes.add(energyUnknown(spec, p));
        }
        if (batch > 1 && m.measuredLayersPct() > 0) {
            notes.add(String.format(java.util.Locale.ROOT, "measured_layers_pct: %.0f%% of the layers use measured times of one "
                    + "image, scaled to the batch of %d by the device formula's own ratio (docs/device-models.md): an "
                    + "extrapolation, not a measurement of the batch", m.measuredLayersPct(), batch));
        }
        PointResult out = p.result().with(saturated != null ? PointResult.SATURATED : PointResult.OK, m).withNotes(notes);
        if (faults) {
            List<FaultFigures.Variant> variant = List.of(new FaultFigures.Variant(spec.modelName(), p.deployment()));
            org.lcpsim.results.FaultResult f = FaultFigures.summarize(spec, variant, reps);
            out = out.withFaults(f).withNotes(FaultFigures.notes(spec, variant, f, spec.workload().requests(),
                    p.result().pointId()));
        }
        return out;
    }

    /** At most this many measured requests per replication measure the latency of a request alone. */
    public static final int UNLOADED_REQUESTS = 50;
    /** The random stream of a point's capacity probe, apart from its replications'. */
    static final long CAPACITY_STREAM = -7;

    /** The point's replications; only the first records utilization series, the only ones a result keeps (Metrics). */
    static List<ReplicationResult> replications(Executor.Setup setup, ExperimentSpec spec) {
        List<ReplicationResult> reps = new ArrayList<>();
        for (int r = 0; r < spec.replications(); r++) {
            reps.add(Executor.run(setup, replicationSeed(spec.seed(), r), r == 0));
        }
        return reps;
    }

    /** True when requests of this workload can wait for one another. */
    private static boolean queues(Workload w) {
        return !(w.arrival() instanceof Arrival.Closed c) || c.concurrency() > 1;
    }

    static Workload unloaded(Workload w) {
        return new Workload(Math.min(w.requests(), UNLOADED_REQUESTS), Math.min(w.warmup(), 5), new Arrival.Closed(1), 0,
                w.batch());
    }

    /** "d0 (rpi3)" for a device, the resource's own name for the network. */
    static String resourceName(ExperimentSpec spec, String resource) {
        int i = spec.nodeNames().indexOf(resource);
        return i >= 0 && i < spec.devices().size() ? resource + " (" + spec.devices().get(i).type() + ")"
                : "network resource " + resource;
    }

    private static String energyUnknown(ExperimentSpec spec, Prepared p) {
        return energyUnknown(spec, p.deployment().residency(), p.devices());
    }

    /** Why the energy is blank, for devices holding {@code residency} (one per cluster device). */
    static String energyUnknown(ExperimentSpec spec, List<org.lcpsim.devices.Residency> residency,
                                List<DeviceModel.Prepared> devices) {
        java.util.Map<String, List<String>> byType = new java.util.LinkedHashMap<>();
        for (int i = 0; i < spec.devices().size(); i++) {
            boolean used = !residency.get(i).isEmpty();
            if (spec.energy().inScope(used) && !devices.get(i).power().known()) {
                byType.computeIfAbsent(spec.devices().get(i).type(), k -> new ArrayList<>()).add(spec.nodeNames().get(i));
            }
        }
        List<String> parts = new ArrayList<>();
        byType.forEach((type, names) -> parts.add(String.join(", ", names) + " (" + type + ")"));
        return "energy_j_per_inference is blank: " + (parts.isEmpty() ? "no inference completed in the measured window"
                : String.join("; ", parts) + " ha" + (byType.values().stream().mapToInt(List::size).sum() == 1 ? "s" : "ve")
                + " no power figure (energy scope " + spec.energy().label() + ")");
    }

    static String message(RuntimeException e) {
        return e instanceof IllegalArgumentException || e instanceof SimulationException ? e.getMessage() : e.toString();
    }

    /** The seed of replication r of a point with seed {@code seed}. */
    public static long replicationSeed(long seed, int replication) {
        return Seeds.mix(seed, replication);
    }

    private static String deviceType(ExperimentSpec spec, Deployment d) {
        return deviceType(spec, d == null ? null : d.residency());
    }

    /** The types of the devices holding something (all devices when {@code residency} is null), joined by '+'. */
    static String deviceType(ExperimentSpec spec, List<org.lcpsim.devices.Residency> residency) {
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < spec.devices().size(); i++) {
            if (residency == null || !residency.get(i).isEmpty()) {
                types.add(spec.devices().get(i).type());
            }
        }
        return String.join("+", types);
    }

    private static PointResult result(int id, ExperimentSpec spec, Map<String, String> sweep, Deployment d,
                                      List<DeviceMemory> memory, String status, String key) {
        return new PointResult(id, spec.name(), spec.modelName(), d.strategy(), d.devicesUsed(), d.branches(), d.fatten(),
                d.variant(), deviceType(spec, d), spec.network().name(), spec.workload().requests(), spec.replications(),
                spec.seed(), d.params(), d.macs(), memory, status, null, sweep, key, List.of(), d.batch());
    }

    static PointResult failed(int id, ExperimentSpec spec, Map<String, String> sweep, String status, String key) {
        return new PointResult(id, spec.name(), spec.modelName(), spec.strategy().kind(), 0, 0, 0, "", deviceType(spec, (Deployment) null),
                spec.network().name(), spec.workload().requests(), spec.replications(), spec.seed(), spec.model().params(),
                spec.model().macs(), List.of(), status, null, sweep, key, List.of(), spec.workload().batch());
    }
}

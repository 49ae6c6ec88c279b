package org.lcpsim.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.Residency;
import org.lcpsim.engine.Seeds;
import org.lcpsim.execution.CapacityProbe;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.ModelCostEstimator;
import org.lcpsim.execution.Saturation;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.results.Capacity;
import org.lcpsim.results.DeviceMemory;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.results.Stats;
import org.lcpsim.results.StreamResult;
import org.lcpsim.results.StreamRun;
import org.lcpsim.strategies.DeployContext;

/**
 * A design point with several request streams ({@code workload: {streams: [...]}}), the
 * counterpart of {@link PointRunner} for one stream; docs/engine.md ("Several streams") gives the
 * semantics.
 *
 * <p>Deployment: each stream's strategy deploys its model on the stream's devices alone (as on a
 * cluster of those devices, its source a device of them or, to the strategy, an external one),
 * then the deployment is placed on the cluster ({@link Deployment#placed}). A device holds what
 * every stream deploys on it, added up: weights, live activations and buffers (each stream's model
 * is an interpreter of its own, with its own tensor arena; the framework once), and is prepared
 * for that sum: it is oom when the sum does not fit.
 *
 * <p>Simulation: one run of all streams per replication; per stream, its latencies, throughput,
 * offered rate and status; pooled, the point's own columns. Then, per stream, runs of that stream
 * alone (closed loop, one request at a time: its latency alone and its demand on every resource),
 * and one saturating run of all streams for the capacity ({@link CapacityProbe#measureMix}).
 */
final class StreamsRunner {
    private StreamsRunner() {
    }

    static PointRunner.Prepared prepare(int pointId, ExperimentSpec spec, Map<String, String> sweep, String key) {
        int n = spec.devices().size();
        List<String> names = spec.nodeNames();
        List<Executor.Stream> streams = new ArrayList<>();
        for (StreamSpec st : spec.streams()) {
            try {
                int[] nodes = st.nodes();
                List<DeviceModel> sub = new ArrayList<>();
                List<String> subNames = new ArrayList<>();
                for (int d : st.devices()) {
                    sub.add(spec.devices().get(d));
                }
                for (int node : nodes) {
                    subNames.add(names.get(node));
                }
                int batch = st.workload().batch();
                Deployment d = st.strategy().deploy(st.model(), new DeployContext(st.devices().length, st.localSource(),
                        spec.weights(), spec.activations(), st.inputBytes(), new ModelCostEstimator(sub, spec.network(),
                                subNames, batch))).batched(batch).placed(nodes, n).withResilience(st.resilience());
                streams.add(new Executor.Stream(st.name(), d, st.workload()));
            } catch (RuntimeException e) {
                return new PointRunner.Prepared(failed(pointId, spec, sweep, "error: stream " + st.name() + ": "
                        + PointRunner.message(e), key), spec, null, List.of());
            }
        }
        List<Residency> held = held(streams, n);
        List<DeviceModel.Prepared> prepared = new ArrayList<>(n);
        List<DeviceMemory> memory = new ArrayList<>();
        boolean oom = false;
        try {
            for (int i = 0; i < n; i++) {
                DeviceModel.Prepared p = spec.devices().get(i).prepare(held.get(i));
                prepared.add(p);
                if (!held.get(i).isEmpty()) {
                    memory.add(new DeviceMemory(names.get(i), spec.devices().get(i).type(), p.memory(), held.get(i).weightBytes()));
                    oom |= p.memory().outOfMemory();
                }
            }
        } catch (RuntimeException e) {
            return new PointRunner.Prepared(failed(pointId, spec, sweep, "error: " + PointRunner.message(e), key), spec, null,
                    List.of());
        }
        Set<String> notes = new LinkedHashSet<>();
        for (StreamSpec st : spec.streams()) {
            notes.addAll(st.model().notes());
        }
        notes.addAll(PointRunner.unknowns(spec, held, prepared));
        PointResult r = result(pointId, spec, sweep, streams, held, memory, oom ? PointResult.OOM : PointResult.OK, key)
                .withNotes(List.copyOf(notes));
        return new PointRunner.Prepared(r, spec, streams.get(0).deployment(), prepared, streams);
    }

    /** What every device holds: the streams' residencies added up. */
    static List<Residency> held(List<Executor.Stream> streams, int devices) {
        List<Residency> out = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            long w = 0;
            long a = 0;
            long b = 0;
            for (Executor.Stream st : streams) {
                Residency r = st.deployment().residency().get(i);
                w = Math.addExact(w, r.weightBytes());
                a = Math.addExact(a, r.activationBytes());
                b = Math.addExact(b, r.bufferBytes());
            }
            out.add(new Residency(w, a, b));
        }
        return out;
    }

    private static PointResult result(int id, ExperimentSpec spec, Map<String, String> sweep, List<Executor.Stream> streams,
                                      List<Residency> held, List<DeviceMemory> memory, String status, String key) {
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> variants = new LinkedHashSet<>();
        int branches = 0;
        double fatten = 0;
        int requests = 0;
        long params = 0;
        long macs = 0;
        int batch = 1;
        List<StreamResult> results = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            Deployment d = streams.get(s).deployment();
            StreamSpec st = spec.streams().get(s);
            kinds.add(d.strategy());
            variants.add(d.variant());
            branches = Math.max(branches, d.branches());
            fatten = Math.max(fatten, d.fatten());
            requests += st.workload().requests();
            params += d.params();
            macs += d.macs();
            batch = Math.max(batch, d.batch());
            results.add(StreamResult.deployed(st.name(), st.modelName(), d.strategy(), d.variant(), d.devicesUsed(),
                    source(spec, st), st.workload().requests(), d.batch()));
        }
        int used = 0;
        for (Residency r : held) {
            used += r.isEmpty() ? 0 : 1;
        }
        return new PointResult(id, spec.name(), spec.modelName(), String.join("+", kinds), used, branches, fatten,
                String.join("+", variants), PointRunner.deviceType(spec, held), spec.network().name(), requests,
                spec.replications(), spec.seed(), params, macs, memory, status, null, sweep, key, List.of(), batch, results);
    }

    /** A stream's source as the file writes it: external, or a device id. */
    static String source(ExperimentSpec spec, StreamSpec st) {
        return st.sourceNode() >= spec.devices().size() ? "external" : "d" + st.sourceNode();
    }

    private static PointResult failed(int id, ExperimentSpec spec, Map<String, String> sweep, String status, String key) {
        int requests = 0;
        long params = 0;
        long macs = 0;
        int batch = 1;
        Set<String> kinds = new LinkedHashSet<>();
        for (StreamSpec st : spec.streams()) {
            requests += st.workload().requests();
            params += st.model().params();
            macs += st.model().macs();
            batch = Math.max(batch, st.workload().batch());
            kinds.add(st.strategy().kind());
        }
        return new PointResult(id, spec.name(), spec.modelName(), String.join("+", kinds), 0, 0, 0, "",
                PointRunner.deviceType(spec, (List<Residency>) null), spec.network().name(), requests, spec.replications(),
                spec.seed(), params, macs, List.of(), status, null, sweep, key, List.of(), batch, List.of());
    }

    static PointResult simulate(PointRunner.Prepared p, Duration wallLimit) {
        ExperimentSpec spec = p.spec();
        List<Executor.Stream> streams = p.streams();
        int count = streams.size();
        int n = spec.devices().size();
        Executor.Setup setup = new Executor.Setup(streams, p.devices(), spec.nodeNames(), spec.network(), wallLimit,
                spec.energy());
        List<ReplicationResult> reps;
        List<List<ReplicationResult>> alone = new ArrayList<>();
        boolean faults = spec.tracksFaults();
        try {
            // the replications run with the faults; each stream alone and the capacity are the design's, without them
            reps = PointRunner.replications(setup.withFaults(spec.faults(), spec.faultyNetwork()), spec);
            Executor.Setup plain = setup.faultFree();
            for (Executor.Stream st : plain.streams()) {
                alone.add(PointRunner.replications(plain.withStreams(List.of(new Executor.Stream(st.name(), st.deployment(),
                        PointRunner.unloaded(st.workload())))), spec));
            }
        } catch (RuntimeException e) {
            return p.result().with("error: " + PointRunner.message(e), null);
        }
        Metrics summary = Metrics.summarize(reps);
        // per stream: what it measured among the others, its rate, and its demands measured alone
        double[] aloneMs = new double[count];
        double[] mix = new double[count];
        double[] throughput = new double[count];
        double[][] deviceDemand = new double[count][n];
        Map<String, double[]> networkDemand = new LinkedHashMap<>();
        for (int s = 0; s < count; s++) {
            List<double[]> lat = new ArrayList<>();
            for (ReplicationResult r : alone.get(s)) {
                lat.add(r.streams().get(0).latenciesMs());
            }
            aloneMs[s] = Stats.mean(concat(lat));
            long completed = 0;
            for (ReplicationResult r : alone.get(s)) {
                StreamRun run = r.streams().get(0);
                completed += run.completed();
                for (int d = 0; d < n; d++) {
                    deviceDemand[s][d] += run.busyMs()[d];
                }
                for (LinkUsage u : r.network().resources()) {
                    if (u.capacityMbps() > 0 && !Double.isInfinite(u.capacityMbps())) {
                        networkDemand.computeIfAbsent(u.resource(), k -> new double[count])[s] +=
                                u.wireBytes() * 8.0 / (u.capacityMbps() * 1000.0);
                    }
                }
            }
            for (int d = 0; d < n; d++) {
                deviceDemand[s][d] /= Math.max(1, completed);
            }
            for (double[] perStream : networkDemand.values()) {
                perStream[s] /= Math.max(1, completed);
            }
            double sum = 0;
            for (ReplicationResult r : reps) {
                sum += r.streams().get(s).throughputIps();
            }
            throughput[s] = sum / reps.size();
            Executor.Stream st = streams.get(s);
            double offered = Saturation.offeredIps(st.workload().arrival());
            // the capacity scales every stream's rate: its offered rate, or what a closed loop reached
            mix[s] = !Double.isNaN(offered) ? offered : throughput[s] / st.deployment().batch();
            if (!(mix[s] > 0) || Double.isInfinite(mix[s])) {
                mix[s] = aloneMs[s] > 0 ? 1000.0 / aloneMs[s] : 1;
            }
        }
        List<String> notes = new ArrayList<>();
        CapacityProbe.MixCapacity mixCapacity = null;
        try {
            mixCapacity = CapacityProbe.measureMix(setup, Seeds.mix(spec.seed(), PointRunner.CAPACITY_STREAM), mix,
                    deviceDemand, networkDemand);
        } catch (RuntimeException e) {
            notes.add("capacity_ips is blank: the saturating run failed (" + PointRunner.message(e) + ")");
        }
        Capacity capacity = mixCapacity == null ? null : mixCapacity.capacity();
        if (capacity != null && Double.isInfinite(capacity.ips())) {
            notes.add("capacity_ips is blank: a request keeps no device and no network resource busy, so no rate saturates"
                    + " the design");
        }
        // the demands of every stream on every resource: the saturating run's for devices when it ran
        List<String> resources = new ArrayList<>(spec.nodeNames().subList(0, n));
        resources.addAll(networkDemand.keySet());
        double[][] demand;
        if (mixCapacity != null && mixCapacity.resources().equals(resources)) {
            demand = mixCapacity.demandMs();
        } else {
            demand = new double[count][resources.size()];
            for (int s = 0; s < count; s++) {
                System.arraycopy(deviceDemand[s], 0, demand[s], 0, n);
                int r = n;
                for (double[] perStream : networkDemand.values()) {
                    demand[s][r++] = perStream[s];
                }
            }
        }
        // the load the open-loop streams offer each resource, in ms of work per ms
        double[] offeredLoad = new double[resources.size()];
        double offeredTotal = Double.NaN;
        for (int s = 0; s < count; s++) {
            double offered = Saturation.offeredIps(streams.get(s).workload().arrival());
            if (Double.isNaN(offered)) {
                continue;
            }
            offeredTotal = (Double.isNaN(offeredTotal) ? 0 : offeredTotal) + offered * streams.get(s).deployment().batch();
            for (int r = 0; r < resources.size(); r++) {
                offeredLoad[r] += offered * demand[s][r] / 1000.0;
            }
        }
        List<StreamResult> results = new ArrayList<>();
        boolean anySaturated = false;
        double aloneWeighted = 0;
        int requestsAll = 0;
        for (int s = 0; s < count; s++) {
            Executor.Stream st = streams.get(s);
            StreamResult deployed = p.result().streams().get(s);
            List<double[]> lat = new ArrayList<>();
            for (ReplicationResult r : reps) {
                lat.add(r.streams().get(s).latenciesMs());
            }
            double[] pooled = concat(lat);
            double[] sorted = Stats.sorted(pooled);
            double offered = Saturation.offeredIps(st.workload().arrival());
            String why = Double.isNaN(offered) ? null : overloaded(spec, streams, s, resources, demand, offeredLoad);
            if (why == null && spec.faults().none()) {
                // with faults, latencies rise through a fault and fall after it: only the offered load saturates
                String trend = Saturation.trend(lat, "");
                why = trend == null ? null : "stream " + st.name() + " is " + trend;
            }
            if (why != null) {
                notes.add(why);
                anySaturated = true;
            }
            int images = st.deployment().batch();
            double share = mixCapacity == null ? Double.NaN : mixCapacity.scale() * mix[s] * images;
            results.add(new StreamResult(deployed.name(), deployed.model(), deployed.strategy(), deployed.variant(),
                    deployed.devices(), deployed.source(), deployed.requests(), deployed.batch(),
                    why == null ? PointResult.OK : PointResult.SATURATED, Stats.mean(pooled), Stats.quantile(sorted, 0.50),
                    Stats.quantile(sorted, 0.95), Stats.quantile(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], throughput[s], offered * images,
                    Double.isInfinite(share) ? Double.NaN : share, aloneMs[s]));
            aloneWeighted += st.workload().requests() * aloneMs[s];
            requestsAll += st.workload().requests();
        }
        Metrics m = summary.withLoad(capacity, aloneWeighted / requestsAll, offeredTotal, spec.energy().label());
        if (mixCapacity != null && !Double.isInfinite(mixCapacity.scale())) {
            List<String> rates = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                rates.add(streams.get(s).name() + " " + num(mix[s] * streams.get(s).deployment().batch()));
            }
            notes.add(String.format(Locale.ROOT, "capacity_ips is every stream's images together at the largest common"
                    + " scale of the streams' rates (%s images/s: offered, or reached by a closed loop) the cluster"
                    + " sustains: x%s, bottleneck %s; each stream's share in stream.NAME.capacity_ips", String.join(", ",
                    rates), num(mixCapacity.scale()), capacity.bottleneck().isEmpty() ? "none"
                    : PointRunner.resourceName(spec, capacity.bottleneck())));
        }
        if (capacity != null && capacity.utilization() < CapacityProbe.RESOURCE_BOUND) {
            notes.add(String.format(Locale.ROOT, "capacity_ips: no single resource saturates (the busiest, %s, is "
                    + "%.0f%% busy at capacity, %s): the design is bound by latencies, not by a resource's work",
                    PointRunner.resourceName(spec, capacity.bottleneck()), 100 * capacity.utilization(), capacity.probe()));
        }
        if (Double.isNaN(m.energyJPerInference())) {
            notes.add(PointRunner.energyUnknown(spec, held(streams, n), p.devices()));
        }
        int batch = p.result().batch();
        if (batch > 1 && m.measuredLayersPct() > 0) {
            notes.add(String.format(Locale.ROOT, "measured_layers_pct: %.0f%% of the layers use measured times of one "
                    + "image, scaled to the streams' batches by the device formula's own ratio (docs/device-models.md):"
                    + " an extrapolation, not a measurement of the batch", m.measuredLayersPct()));
        }
        PointResult out = p.result().with(anySaturated ? PointResult.SATURATED : PointResult.OK, m).withNotes(notes)
                .withStreams(results);
        if (faults) {
            List<FaultFigures.Variant> variants = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                variants.add(new FaultFigures.Variant(spec.streams().get(s).modelName(), streams.get(s).deployment()));
            }
            org.lcpsim.results.FaultResult f = FaultFigures.summarize(spec, variants, reps);
            int requests = 0;
            for (StreamSpec st : spec.streams()) {
                requests += st.workload().requests();
            }
            out = out.withFaults(f).withNotes(FaultFigures.notes(spec, variants, f, requests, p.result().pointId()));
        }
        return out;
    }

    /**
     * Why open-loop stream {@code s} is saturated by what the open-loop streams offer, or null:
     * a resource it uses is offered more work per second than a second (closed loops are left
     * out: they issue a request only when one finishes, so they give way).
     */
    private static String overloaded(ExperimentSpec spec, List<Executor.Stream> streams, int s, List<String> resources,
                                     double[][] demand, double[] offeredLoad) {
        int worst = -1;
        for (int r = 0; r < resources.size(); r++) {
            if (demand[s][r] > 0 && offeredLoad[r] > 1 + 1e-9 && (worst < 0 || offeredLoad[r] > offeredLoad[worst])) {
                worst = r;
            }
        }
        if (worst < 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (int t = 0; t < streams.size(); t++) {
            double offered = Saturation.offeredIps(streams.get(t).workload().arrival());
            if (!Double.isNaN(offered) && demand[t][worst] > 0) {
                parts.add(String.format(Locale.ROOT, "%s %s requests/s x %s ms", streams.get(t).name(), num(offered),
                        num(demand[t][worst])));
            }
        }
        return String.format(Locale.ROOT, "stream %s is saturated: the open-loop streams offer %s %.0f%% of its time (%s);"
                + " its latencies grow with the length of the run", streams.get(s).name(),
                PointRunner.resourceName(spec, resources.get(worst)), 100 * offeredLoad[worst], String.join(", ", parts));
    }

    private static double[] concat(List<double[]> parts) {
        int total = 0;
        for (double[] p : parts) {
            total += p.length;
        }
        double[] out = new double[total];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    private static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}

package org.lcpsim.results;

import java.util.List;

import org.lcpsim.execution.Phase;
import org.lcpsim.network.LinkUsage;

/**
 * The measured metrics of one design point over all its replications. Latency percentiles are
 * taken over the pooled requests of every replication, exactly, before anything is compacted;
 * {@code latenciesMs} keeps the distribution for charts: every pooled latency up to
 * {@link #EXACT_SAMPLES} requests, beyond that {@link #EXACT_SAMPLES} order statistics at evenly
 * spaced quantiles (the i-th at rank (i + 1/2) / K of the sorted latencies), so a record stays
 * bounded however long the run, and a CDF drawn from it is off by at most 1 / (2K) in probability
 * at exact latency values; {@code latencyCount} is the number of requests pooled. {@code latencyMsCi95} is the half-width
 * of the 95% confidence interval of the mean across replication means (NaN with one
 * replication). {@code timeline} is the first measured request of the first replication;
 * {@code network} its network resources (bytes and busy time of each; the utilization over time of
 * the {@link #SERIES_RESOURCES} that carried the most bytes) and
 * {@code networkUtilizationMax} the busiest resource's mean utilization, averaged over replications.
 * The load figures come from runs of their own: {@code capacity} (the largest rate the design
 * sustains, null until measured), {@code latencyMsUnloaded} (a request alone: closed loop,
 * concurrency 1) and {@code offeredIps} (the arrival rate of an open-loop workload, NaN for a
 * closed loop). Throughput, capacity, offered rate and energy count images (inferences): a
 * request of a batch of N images counts N; latencies and bytes are per request. {@code energyScope} says what the energy counts ({@link org.lcpsim.execution.EnergyScope#label()}).
 *
 * @param latencyMsMean mean latency per request, in ms
 * @param latencyMsP50 median latency, in ms
 * @param latencyMsP95 95th percentile of latency, in ms
 * @param latencyMsP99 99th percentile of latency, in ms
 * @param latencyMsMax largest latency, in ms
 * @param latencyMsCi95 half-width of the 95% confidence interval of the mean latency across replications, in ms; NaN with one replication
 * @param latencyMsStd standard deviation of the pooled latencies, in ms
 * @param throughputIps throughput in images per second, averaged over replications
 * @param throughputIpsCi95 half-width of the 95% confidence interval of the throughput
 * @param bytesPerRequest bytes sent on the network per request
 * @param connectedPairs device pairs that exchange data
 * @param energyJPerInference energy per image (inference), in J; NaN when a device in scope has no power figure
 * @param computeMsMean mean compute time on the critical path, in ms
 * @param commMsMean mean communication time on the critical path, in ms
 * @param waitMsMean mean waiting time on the critical path, in ms
 * @param phaseMsMean per phase ({@link org.lcpsim.execution.Phase#ordinal()}), the mean time a transfer of it was in flight, in ms
 * @param deviceBusyFraction per device, the fraction of the measured window it was busy
 * @param eventsPerRequest simulation events per request
 * @param measuredLayersPct percentage of layer tasks costed from measured profiles
 * @param latenciesMs the pooled latencies as kept: all, or order statistics at evenly spaced quantiles
 * @param timeline the first measured request of the first replication
 * @param networkUtilizationMax the busiest network resource's mean utilization
 * @param network the network resources of the first replication
 * @param capacity the largest rate the design sustains; null until measured
 * @param latencyMsUnloaded the latency of a request alone (closed loop, concurrency 1), in ms
 * @param offeredIps the arrival rate of an open-loop workload in images per second; NaN for a closed loop
 * @param energyScope what the energy counts
 * @param latencyCount requests pooled into the latency statistics
 */
public record Metrics(double latencyMsMean, double latencyMsP50, double latencyMsP95, double latencyMsP99,
                      double latencyMsMax, double latencyMsCi95, double latencyMsStd, double throughputIps,
                      double throughputIpsCi95, double bytesPerRequest, double connectedPairs,
                      double energyJPerInference, double computeMsMean, double commMsMean, double waitMsMean,
                      double[] phaseMsMean, double[] deviceBusyFraction, double eventsPerRequest,
                      double measuredLayersPct, double[] latenciesMs, List<Span> timeline, double networkUtilizationMax,
                      List<LinkUsage> network, Capacity capacity, double latencyMsUnloaded, double offeredIps,
                      String energyScope, long latencyCount) {

    /** Up to this many pooled latencies are kept one by one; beyond, as many quantiles. */
    public static final int EXACT_SAMPLES = 2000;
    /** How many network resources keep their utilization series in a record. */
    public static final int SERIES_RESOURCES = 8;

    /**

     * Copies the lists; reads a null network as empty and a null scope as empty text.

     *

     * @param latencyMsMean mean latency per request, in ms

     * @param latencyMsP50 median latency, in ms

     * @param latencyMsP95 95th percentile of latency, in ms

     * @param latencyMsP99 99th percentile of latency, in ms

     * @param latencyMsMax largest latency, in ms

     * @param latencyMsCi95 half-width of the 95% confidence interval of the mean latency across replications, in ms; NaN with one replication

     * @param latencyMsStd standard deviation of the pooled latencies, in ms

     * @param throughputIps throughput in images per second, averaged over replications

     * @param throughputIpsCi95 half-width of the 95% confidence interval of the throughput

     * @param bytesPerRequest bytes sent on the network per request

     * @param connectedPairs device pairs that exchange data

     * @param energyJPerInference energy per image (inference), in J; NaN when a device in scope has no power figure

     * @param computeMsMean mean compute time on the critical path, in ms

     * @param commMsMean mean communication time on the critical path, in ms

     * @param waitMsMean mean waiting time on the critical path, in ms

     * @param phaseMsMean per phase ({@link org.lcpsim.execution.Phase#ordinal()}), the mean time a transfer of it was in flight, in ms

     * @param deviceBusyFraction per device, the fraction of the measured window it was busy

     * @param eventsPerRequest simulation events per request

     * @param measuredLayersPct percentage of layer tasks costed from measured profiles

     * @param latenciesMs the pooled latencies as kept: all, or order statistics at evenly spaced quantiles

     * @param timeline the first measured request of the first replication

     * @param networkUtilizationMax the busiest network resource's mean utilization

     * @param network the network resources of the first replication

     * @param capacity the largest rate the design sustains; null until measured

     * @param latencyMsUnloaded the latency of a request alone (closed loop, concurrency 1), in ms

     * @param offeredIps the arrival rate of an open-loop workload in images per second; NaN for a closed loop

     * @param energyScope what the energy counts

     * @param latencyCount requests pooled into the latency statistics

     */

    public Metrics {
        // a journal line leaves out an empty timeline and empty samples (PointsJsonl): absent is empty
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        latenciesMs = latenciesMs == null ? new double[0] : latenciesMs;
        network = network == null ? List.of() : List.copyOf(network);
        energyScope = energyScope == null ? "" : energyScope;
    }

    /**
     * The same metrics with the figures of the load runs.
     *
     * @param newCapacity the capacity
     * @param unloadedMs the latency of a request alone, in ms
     * @param offered the offered rate in images per second (NaN for a closed loop)
     * @param scope what the energy counts
     * @return the metrics with them
     */
    public Metrics withLoad(Capacity newCapacity, double unloadedMs, double offered, String scope) {
        return new Metrics(latencyMsMean, latencyMsP50, latencyMsP95, latencyMsP99, latencyMsMax, latencyMsCi95, latencyMsStd,
                throughputIps, throughputIpsCi95, bytesPerRequest, connectedPairs, energyJPerInference, computeMsMean,
                commMsMean, waitMsMean, phaseMsMean, deviceBusyFraction, eventsPerRequest, measuredLayersPct, latenciesMs,
                timeline, networkUtilizationMax, network, newCapacity, unloadedMs, offered, scope, latencyCount);
    }

    /** @return requests pooled into the latency statistics (a record written before it was kept: the samples kept) */
    public long requestsPooled() {
        return latencyCount > 0 ? latencyCount : latenciesMs.length;
    }

    /** The pooled latencies as kept in a record: all of them, or K order statistics at evenly spaced quantiles. */
    static double[] compact(double[] pooled, double[] sorted) {
        if (sorted.length <= EXACT_SAMPLES) {
            return pooled;
        }
        double[] out = new double[EXACT_SAMPLES];
        for (int i = 0; i < EXACT_SAMPLES; i++) {
            out[i] = sorted[(int) ((i + 0.5) * sorted.length / EXACT_SAMPLES)];
        }
        return out;
    }

    /** The resources with their series for the busiest {@link #SERIES_RESOURCES} by bytes, in their own order. */
    static List<LinkUsage> boundedSeries(List<LinkUsage> usage) {
        if (usage.size() <= SERIES_RESOURCES) {
            return usage;
        }
        List<LinkUsage> busiest = new java.util.ArrayList<>(usage);
        busiest.sort((a, b) -> Long.compare(b.wireBytes(), a.wireBytes()));
        java.util.Set<LinkUsage> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        keep.addAll(busiest.subList(0, SERIES_RESOURCES));
        return usage.stream().map(u -> keep.contains(u) ? u : new LinkUsage(u.resource(), u.wireBytes(), u.busyMs(),
                u.capacityMbps(), null)).toList();
    }

    /**
     * The latency of a request alone, what speedups compare (a queue must not make a design look
     * faster); a record written before it was measured has only the mean latency.
     *
     * @return the latency in ms
     */
    public double latencyMsAlone() {
        return Double.isNaN(latencyMsUnloaded) || latencyMsUnloaded == 0 ? latencyMsMean : latencyMsUnloaded;
    }

    /** @return capacity in images (inferences) per second (requests per second at batch 1); NaN when not measured */
    public double capacityIps() {
        return capacity == null ? Double.NaN : capacity.ips();
    }

    /** @return the same summary without the per-request samples and the timeline (for keeping many points in memory) */
    public Metrics withoutSamples() {
        return new Metrics(latencyMsMean, latencyMsP50, latencyMsP95, latencyMsP99, latencyMsMax, latencyMsCi95, latencyMsStd,
                throughputIps, throughputIpsCi95, bytesPerRequest, connectedPairs, energyJPerInference, computeMsMean,
                commMsMean, waitMsMean, phaseMsMean, deviceBusyFraction, eventsPerRequest, measuredLayersPct, new double[0],
                List.of(), networkUtilizationMax, network.stream().map(u -> new LinkUsage(u.resource(), u.wireBytes(),
                        u.busyMs(), u.capacityMbps(), null)).toList(), capacity, latencyMsUnloaded, offeredIps, energyScope,
                requestsPooled());
    }

    /**
     * The mean time a transfer of a phase was in flight.
     *
     * @param phase the phase
     * @return the time in ms
     */
    public double phaseMs(Phase phase) {
        return phaseMsMean[phase.ordinal()];
    }

    /** @return the busiest device's fraction of the measured window busy */
    public double busyFractionMax() {
        double m = 0;
        for (double b : deviceBusyFraction) {
            m = Math.max(m, b);
        }
        return m;
    }

    /**
     * The metrics of a point from its replications: latencies pooled (exact percentiles), the
     * other figures averaged; the load figures are left to {@link #withLoad}.
     *
     * @param reps the replications, at least one
     * @return their summary
     */
    public static Metrics summarize(List<ReplicationResult> reps) {
        if (reps.isEmpty()) {
            throw new IllegalArgumentException("no replications to summarize");
        }
        int total = 0;
        for (ReplicationResult r : reps) {
            total += r.measured();
        }
        double[] pooled = new double[total];
        int k = 0;
        for (ReplicationResult r : reps) {
            System.arraycopy(r.latenciesMs(), 0, pooled, k, r.measured());
            k += r.measured();
        }
        double[] sorted = Stats.sorted(pooled);
        int n = reps.size();
        double[] means = new double[n];
        double[] thr = new double[n];
        double[] phases = new double[Phase.values().length];
        int devices = reps.get(0).deviceBusyMs().length;
        double[] busy = new double[devices];
        double bytes = 0;
        double pairs = 0;
        double energy = 0;
        double compute = 0;
        double comm = 0;
        double wait = 0;
        double events = 0;
        long measuredLayers = 0;
        long formulaLayers = 0;
        for (int i = 0; i < n; i++) {
            ReplicationResult r = reps.get(i);
            means[i] = r.latencyMsMean();
            thr[i] = r.throughputIps();
            bytes += r.bytesPerRequest() / n;
            pairs += r.connectedPairs() / n;
            energy += r.energyJPerInference() / n;
            compute += r.computeMsMean() / n;
            comm += r.commMsMean() / n;
            wait += r.waitMsMean() / n;
            events += r.eventsPerRequest() / n;
            measuredLayers += r.measuredLayers();
            formulaLayers += r.formulaLayers();
            for (int p = 0; p < phases.length; p++) {
                phases[p] += r.phaseMsMean()[p] / n;
            }
            for (int d = 0; d < devices; d++) {
                busy[d] += (r.windowMs() > 0 ? r.deviceBusyMs()[d] / r.windowMs() : 0) / n;
            }
        }
        long layers = measuredLayers + formulaLayers;
        double utilization = 0;
        for (ReplicationResult r : reps) {
            utilization += r.networkUtilizationMax() / n;
        }
        return new Metrics(Stats.mean(pooled), Stats.quantile(sorted, 0.50), Stats.quantile(sorted, 0.95),
                Stats.quantile(sorted, 0.99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                Stats.ci95HalfWidth(means), Stats.stdDev(pooled), Stats.mean(thr), Stats.ci95HalfWidth(thr), bytes, pairs,
                energy, compute, comm, wait, phases, busy, events,
                layers == 0 ? 0 : 100.0 * measuredLayers / layers, compact(pooled, sorted), reps.get(0).timeline(), utilization,
                boundedSeries(reps.get(0).network().resources()), null, Double.NaN, Double.NaN, "", total);
    }
}

package org.lcpsim.results;

import java.util.List;

import org.lcpsim.network.NetworkStats;

/**
 * What one replication of one design point measured, over its measured (non-warm-up) requests.
 *
 * <p>Per request: latency from the source sending the input to the last task's end; its
 * critical path split into compute, communication and waiting (they sum to the latency); and
 * per phase the time during which at least one transfer of that phase was in flight
 * ({@code phaseMsMean} is indexed by {@link org.lcpsim.execution.Phase#ordinal()}).
 * The measured window runs from the first measured arrival to the last measured completion
 * ({@code windowMs}); {@code windowInferences} requests completed in it (warm-up ones that finished
 * late included). {@code throughputIps} and {@code energyJPerInference} are per image: a request
 * of a batch of N images ({@link org.lcpsim.execution.Deployment#batch()}) counts N. Per device (cluster order): time busy in the window, whatever request the work
 * was for. {@code energyJPerInference} follows {@link org.lcpsim.execution.EnergyScope} (NaN when a
 * device in scope has no power figure). {@code network} covers the whole run, warm-up included,
 * which lasted {@code runMs} of simulated time; {@code events} too, over the {@code completed}
 * requests of the run (warm-up included). {@code streams} has what each request stream measured
 * on its own (one entry for a run of one stream; see {@link StreamRun}); the figures above pool
 * them (docs/engine.md, "Several streams"). {@code faults} says what faults did in the run, when
 * it had any or a deadline that can answer with fewer branches (null otherwise): the latency
 * figures above then cover the answered requests only (completed or degraded), and
 * {@code completed} counts every request that ended, failed ones included. Arrays are never
 * modified after construction.
 *
 * @param seed the replication's seed
 * @param latenciesMs the latencies of the measured requests, in ms, in completion order
 * @param computeMsMean mean compute time on the critical path, in ms
 * @param commMsMean mean communication time on the critical path, in ms
 * @param waitMsMean mean waiting time on the critical path, in ms
 * @param phaseMsMean per phase, the mean time a transfer of it was in flight, in ms
 * @param throughputIps images per second over the measured window
 * @param windowMs the measured window, in ms
 * @param bytesPerRequest bytes sent on the network per request
 * @param connectedPairs device pairs that exchange data
 * @param deviceBusyMs per device, the time busy in the window, in ms
 * @param energyJPerInference energy per image, in J; NaN when a device in scope has no power figure
 * @param events simulation events of the whole run
 * @param measuredLayers layer tasks costed from a measured profile
 * @param formulaLayers layer tasks costed by the device formula
 * @param timeline the first measured request's intervals
 * @param network the network resources over the whole run
 * @param runMs simulated time of the whole run, in ms
 * @param completed requests completed in the whole run, warm-up included
 * @param windowInferences requests completed in the measured window
 * @param streams what each request stream measured on its own
 * @param faults what faults did in the run; null without faults or a gather deadline
 */
public record ReplicationResult(long seed, double[] latenciesMs, double computeMsMean, double commMsMean,
                                double waitMsMean, double[] phaseMsMean, double throughputIps, double windowMs,
                                double bytesPerRequest, double connectedPairs, double[] deviceBusyMs,
                                double energyJPerInference, long events, int measuredLayers, int formulaLayers,
                                List<Span> timeline, NetworkStats network, double runMs, long completed,
                                long windowInferences, List<StreamRun> streams, FaultRun faults) {
    /**
     * Copies the lists; no streams is an empty list.
     *
     * @param seed the replication's seed
     * @param latenciesMs the latencies of the measured requests, in ms, in completion order
     * @param computeMsMean mean compute time on the critical path, in ms
     * @param commMsMean mean communication time on the critical path, in ms
     * @param waitMsMean mean waiting time on the critical path, in ms
     * @param phaseMsMean per phase, the mean time a transfer of it was in flight, in ms
     * @param throughputIps images per second over the measured window
     * @param windowMs the measured window, in ms
     * @param bytesPerRequest bytes sent on the network per request
     * @param connectedPairs device pairs that exchange data
     * @param deviceBusyMs per device, the time busy in the window, in ms
     * @param energyJPerInference energy per image, in J; NaN when a device in scope has no power figure
     * @param events simulation events of the whole run
     * @param measuredLayers layer tasks costed from a measured profile
     * @param formulaLayers layer tasks costed by the device formula
     * @param timeline the first measured request's intervals
     * @param network the network resources over the whole run
     * @param runMs simulated time of the whole run, in ms
     * @param completed requests completed in the whole run, warm-up included
     * @param windowInferences requests completed in the measured window
     * @param streams what each request stream measured on its own
     * @param faults what faults did in the run, or null
     */
    public ReplicationResult {
        timeline = List.copyOf(timeline);
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /**
     * Without faults.
     *
     * @param seed the replication's seed
     * @param latenciesMs the latencies of the measured requests, in ms, in completion order
     * @param computeMsMean mean compute time on the critical path, in ms
     * @param commMsMean mean communication time on the critical path, in ms
     * @param waitMsMean mean waiting time on the critical path, in ms
     * @param phaseMsMean per phase, the mean time a transfer of it was in flight, in ms
     * @param throughputIps images per second over the measured window
     * @param windowMs the measured window, in ms
     * @param bytesPerRequest bytes sent on the network per request
     * @param connectedPairs device pairs that exchange data
     * @param deviceBusyMs per device, the time busy in the window, in ms
     * @param energyJPerInference energy per image, in J; NaN when a device in scope has no power figure
     * @param events simulation events of the whole run
     * @param measuredLayers layer tasks costed from a measured profile
     * @param formulaLayers layer tasks costed by the device formula
     * @param timeline the first measured request's intervals
     * @param network the network resources over the whole run
     * @param runMs simulated time of the whole run, in ms
     * @param completed requests completed in the whole run, warm-up included
     * @param windowInferences requests completed in the measured window
     * @param streams what each request stream measured on its own
     */
    public ReplicationResult(long seed, double[] latenciesMs, double computeMsMean, double commMsMean, double waitMsMean,
                             double[] phaseMsMean, double throughputIps, double windowMs, double bytesPerRequest,
                             double connectedPairs, double[] deviceBusyMs, double energyJPerInference, long events,
                             int measuredLayers, int formulaLayers, List<Span> timeline, NetworkStats network, double runMs,
                             long completed, long windowInferences, List<StreamRun> streams) {
        this(seed, latenciesMs, computeMsMean, commMsMean, waitMsMean, phaseMsMean, throughputIps, windowMs, bytesPerRequest,
                connectedPairs, deviceBusyMs, energyJPerInference, events, measuredLayers, formulaLayers, timeline, network,
                runMs, completed, windowInferences, streams, null);
    }

    /**
     * Without per-stream figures.
     *
     * @param seed the replication's seed
     * @param latenciesMs the latencies of the measured requests, in ms, in completion order
     * @param computeMsMean mean compute time on the critical path, in ms
     * @param commMsMean mean communication time on the critical path, in ms
     * @param waitMsMean mean waiting time on the critical path, in ms
     * @param phaseMsMean per phase, the mean time a transfer of it was in flight, in ms
     * @param throughputIps images per second over the measured window
     * @param windowMs the measured window, in ms
     * @param bytesPerRequest bytes sent on the network per request
     * @param connectedPairs device pairs that exchange data
     * @param deviceBusyMs per device, the time busy in the window, in ms
     * @param energyJPerInference energy per image, in J; NaN when a device in scope has no power figure
     * @param events simulation events of the whole run
     * @param measuredLayers layer tasks costed from a measured profile
     * @param formulaLayers layer tasks costed by the device formula
     * @param timeline the first measured request's intervals
     * @param network the network resources over the whole run
     * @param runMs simulated time of the whole run, in ms
     * @param completed requests completed in the whole run, warm-up included
     * @param windowInferences requests completed in the measured window
     */
    public ReplicationResult(long seed, double[] latenciesMs, double computeMsMean, double commMsMean, double waitMsMean,
                             double[] phaseMsMean, double throughputIps, double windowMs, double bytesPerRequest,
                             double connectedPairs, double[] deviceBusyMs, double energyJPerInference, long events,
                             int measuredLayers, int formulaLayers, List<Span> timeline, NetworkStats network, double runMs,
                             long completed, long windowInferences) {
        this(seed, latenciesMs, computeMsMean, commMsMean, waitMsMean, phaseMsMean, throughputIps, windowMs, bytesPerRequest,
                connectedPairs, deviceBusyMs, energyJPerInference, events, measuredLayers, formulaLayers, timeline, network,
                runMs, completed, windowInferences, List.of());
    }

    /** @return the number of measured requests */
    public int measured() {
        return latenciesMs.length;
    }

    /** @return events per simulated request: the run's events over every request it completed, warm-up included */
    public double eventsPerRequest() {
        return (double) events / Math.max(1, completed);
    }

    /** @return the busiest network resource's mean utilization over the run (NaN when no resource has a capacity) */
    public double networkUtilizationMax() {
        double max = Double.NaN;
        for (org.lcpsim.network.LinkUsage u : network.resources()) {
            double x = u.utilization(runMs);
            if (!Double.isNaN(x) && !(x <= max)) {
                max = x;
            }
        }
        return max;
    }

    /** @return the mean latency of the measured requests, in ms */
    public double latencyMsMean() {
        return Stats.mean(latenciesMs);
    }
}

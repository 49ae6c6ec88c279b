package org.lcpsim.results;

/**
 * One request stream of a design point with several ({@code workload: {streams: [...]}}): what it
 * runs ({@code model}, {@code strategy}, {@code variant}, the {@code devices} it deploys on, its
 * {@code source}: a device id or {@code source.NAME}, its measured {@code requests} per
 * replication and {@code batch}) and what it measured with the other streams running: latencies
 * pooled over its measured requests of every replication (exact percentiles), its throughput
 * (images per second over its own window, averaged over replications), its offered rate (NaN for
 * a closed loop), its share of the point's capacity (the common scale of all streams' rates the
 * cluster sustains, times its rate, in images per second), its latency alone (the stream alone on
 * the cluster, one request at a time), and its {@code status}: ok or saturated (empty, with NaN
 * figures, when the point was not simulated: oom or error).
 *
 * @param name the stream's name
 * @param model its model's name
 * @param strategy its strategy's kind
 * @param variant its model variant (original, split4, ...)
 * @param devices the devices it deploys on
 * @param source its source: a device id, or source.NAME for a camera of its own
 * @param requests its measured requests per replication
 * @param batch images per request
 * @param status ok or saturated; empty when the point was not simulated
 * @param latencyMsMean mean latency, in ms
 * @param latencyMsP50 median latency, in ms
 * @param latencyMsP95 95th percentile of latency, in ms
 * @param latencyMsP99 99th percentile of latency, in ms
 * @param latencyMsMax largest latency, in ms
 * @param throughputIps throughput in images per second over its own window, averaged over replications
 * @param offeredIps its offered rate in images per second; NaN for a closed loop
 * @param capacityIps its share of the point's capacity, in images per second
 * @param latencyMsUnloaded its latency alone on the cluster, one request at a time, in ms
 */
public record StreamResult(String name, String model, String strategy, String variant, int devices, String source,
                           int requests, int batch, String status, double latencyMsMean, double latencyMsP50,
                           double latencyMsP95, double latencyMsP99, double latencyMsMax, double throughputIps,
                           double offeredIps, double capacityIps, double latencyMsUnloaded) {
    /**
     * Reads a null status as empty.
     *
     * @param name the stream's name
     * @param model its model's name
     * @param strategy its strategy's kind
     * @param variant its model variant (original, split4, ...)
     * @param devices the devices it deploys on
     * @param source its source: a device id, or source.NAME for a camera of its own
     * @param requests its measured requests per replication
     * @param batch images per request
     * @param status ok or saturated; empty when the point was not simulated
     * @param latencyMsMean mean latency, in ms
     * @param latencyMsP50 median latency, in ms
     * @param latencyMsP95 95th percentile of latency, in ms
     * @param latencyMsP99 99th percentile of latency, in ms
     * @param latencyMsMax largest latency, in ms
     * @param throughputIps throughput in images per second over its own window, averaged over replications
     * @param offeredIps its offered rate in images per second; NaN for a closed loop
     * @param capacityIps its share of the point's capacity, in images per second
     * @param latencyMsUnloaded its latency alone on the cluster, one request at a time, in ms
     */
    public StreamResult {
        status = status == null ? "" : status;
    }

    /**
     * The same stream as deployed, before (or without) a simulation: figures NaN, status empty.
     *
     * @param name the stream's name
     * @param model its model's name
     * @param strategy its strategy's kind
     * @param variant its model variant
     * @param devices the devices it deploys on
     * @param source its source
     * @param requests its measured requests per replication
     * @param batch images per request
     * @return the stream's result without figures
     */
    public static StreamResult deployed(String name, String model, String strategy, String variant, int devices,
                                        String source, int requests, int batch) {
        return new StreamResult(name, model, strategy, variant, devices, source, requests, batch, "", Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** @return whether the stream's status is saturated */
    public boolean saturated() {
        return PointResult.SATURATED.equals(status);
    }
}

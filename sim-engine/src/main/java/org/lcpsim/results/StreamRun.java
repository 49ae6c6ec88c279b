package org.lcpsim.results;

/**
 * What one stream of a replication measured ({@link org.lcpsim.execution.Executor.Stream}): the
 * latencies of its measured requests in completion order, its measured window (its first measured
 * arrival to its last measured completion), its throughput over that window in images per second,
 * the requests it completed in the whole run (warm-up included), and per device the time the
 * device spent on this stream's work over the whole run (computing and (de)serializing). Arrays
 * are never modified after construction.
 *
 * @param name the stream's name
 * @param latenciesMs the latencies of its measured requests, in completion order
 * @param windowMs its measured window
 * @param throughputIps its throughput over the window, in images per second
 * @param completed the requests it completed in the whole run, warm-up included
 * @param busyMs per device, the time spent on this stream's work over the whole run
 */
public record StreamRun(String name, double[] latenciesMs, double windowMs, double throughputIps, long completed,
                        double[] busyMs) {
    /** @return the number of measured requests */
    public int measured() {
        return latenciesMs.length;
    }

    /** @return the mean latency of the measured requests, in ms */
    public double latencyMsMean() {
        return Stats.mean(latenciesMs);
    }
}

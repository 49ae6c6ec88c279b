package org.lcpsim.execution;

/**
 * The request stream of one run: {@code warmup} requests that are simulated but not measured,
 * then {@code requests} measured ones. With {@code horizonMs} > 0 the run also stops at that
 * simulated time, and only requests completed by then count.
 */
public record Workload(int requests, int warmup, Arrival arrival, double horizonMs) {
    public Workload {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0");
        }
        if (!(horizonMs >= 0)) {
            throw new IllegalArgumentException("horizon must be >= 0");
        }
    }

    public static Workload closed(int requests, int warmup) {
        return new Workload(requests, warmup, new Arrival.Closed(1), 0);
    }

    public int total() {
        return requests + warmup;
    }
}

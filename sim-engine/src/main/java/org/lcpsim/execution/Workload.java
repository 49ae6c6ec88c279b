package org.lcpsim.execution;

/**
 * The request stream of one run: {@code warmup} requests that are simulated but not measured,
 * then {@code requests} measured ones. With {@code horizonMs} > 0 the run also stops at that
 * simulated time, and only requests completed by then count. {@code batch} is the number of
 * images each request carries (N inferences per request); the point applies it to its deployment
 * ({@link Deployment#batched}), and the executor counts images from the deployment.
 */
public record Workload(int requests, int warmup, Arrival arrival, double horizonMs, int batch) {
    /** The largest batch an experiment may ask for. */
    public static final int MAX_BATCH = 1024;

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
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("batch must be in 1.." + MAX_BATCH + ", got " + batch);
        }
    }

    /** One image per request. */
    public Workload(int requests, int warmup, Arrival arrival, double horizonMs) {
        this(requests, warmup, arrival, horizonMs, 1);
    }

    public static Workload closed(int requests, int warmup) {
        return new Workload(requests, warmup, new Arrival.Closed(1), 0);
    }

    public int total() {
        return requests + warmup;
    }
}

package org.lcpsim.execution;

import java.util.List;

import org.lcpsim.results.Capacity;

/**
 * Finds the largest request rate a deployment sustains by simulating it saturated: a closed loop
 * with enough requests in flight that its bottleneck never idles, measured over a window during
 * which exactly C requests are in flight (see {@link Executor#saturate}). Each resource r (a
 * device, or a network resource with a capacity) has a utilization U_r in that window (busy time,
 * or carried bits over capacity, over the window's length) and a demand D_r per request; by the
 * utilization law U_r = X * D_r, and throughput X is read at the busiest resource ({@link #judge}).
 * At capacity the busiest resource is fully used (U near 1); when it is not (a
 * closed loop can run in bursts that leave the bottleneck idle now and then), more requests are
 * put in flight, C' = max(2C, C * 1.25 / U), up to {@link #MAX_CONCURRENCY}, and the probe stops
 * when throughput no longer grows by 0.5%. It starts at C = 2 * devices used + 2, warms up for 2C
 * completions and measures max(400, 4C). A demand is an average over every request of the run,
 * so a strategy that spreads requests (round robin over k devices) is off by at most (k - 1) / N
 * for N requests: under 1% for four devices. The answer names the busiest resource and its
 * utilization; a utilization well below 1 at the largest concurrency means no single resource
 * limits the design (it is bound by latencies, such as a window-limited transport).
 */
public final class CapacityProbe {
    /** The most requests the probe puts in flight. */
    public static final int MAX_CONCURRENCY = 2048;
    /** Utilization at which the busiest resource counts as saturated. */
    public static final double SATURATED_UTILIZATION = 0.995;
    /** Below this utilization of the busiest resource at capacity, the point says that no resource limits it. */
    public static final double RESOURCE_BOUND = 0.9;
    private static final int MAX_ATTEMPTS = 6;
    private static final int MIN_MEASURED = 400;

    /** A resource of a saturating run: its utilization in the measured window and its demand (ms) per request. */
    record Resource(String name, double utilization, double demandMs) {
    }

    /** One saturating run: its concurrency, its window (completions and length) and its resources. */
    record Run(int concurrency, int measured, double windowMs, List<Resource> resources) {
        /** Completions per second in the window. */
        double completionIps() {
            return windowMs > 0 ? measured * 1000.0 / windowMs : Double.POSITIVE_INFINITY;
        }
    }

    private CapacityProbe() {
    }

    /**
     * The capacity of the setup's deployment. The seed fixes noise and arrival streams, so the
     * answer is the same whatever thread runs it.
     */
    public static Capacity measure(Executor.Setup setup, long seed) {
        int used = setup.deployment().devicesUsed();
        int concurrency = Math.max(2, 2 * used + 2);
        Capacity best = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            // twice the concurrency in warm-up completions: a closed loop started all at once
            // runs in bursts before it settles
            int measured = Math.max(MIN_MEASURED, 4 * concurrency);
            Run run = Executor.saturate(setup, seed, concurrency, 2 * concurrency, measured);
            Capacity c = judge(run);
            boolean grew = best == null || c.ips() > best.ips() * 1.005;
            if (best == null || c.ips() > best.ips()) {
                best = c;
            }
            if (!grew || c.utilization() >= SATURATED_UTILIZATION || Double.isInfinite(c.ips())
                    || concurrency >= MAX_CONCURRENCY) {
                break;
            }
            int next = (int) Math.ceil(concurrency * 1.25 / Math.max(0.05, c.utilization()));
            concurrency = Math.min(MAX_CONCURRENCY, Math.max(next, concurrency * 2));
        }
        return best;
    }

    /**
     * Throughput of the run by the utilization law at its busiest resource b: X = U_b / D_b. It
     * counts work, not completions: a closed loop completes requests in bursts, so a window cut at
     * completions is off by a fraction of a burst, whereas the bottleneck's work is continuous.
     * Without a busy resource, the window's completions per second.
     */
    static Capacity judge(Run run) {
        Resource busiest = null;
        for (Resource r : run.resources()) {
            if (busiest == null || r.utilization() > busiest.utilization()
                    || (r.utilization() == busiest.utilization() && r.demandMs() > busiest.demandMs())) {
                busiest = r;
            }
        }
        if (busiest == null || !(busiest.demandMs() > 0) || !(busiest.utilization() > 0)) {
            return new Capacity(run.completionIps(), run.concurrency(), "", Double.NaN);
        }
        return new Capacity(1000.0 * busiest.utilization() / busiest.demandMs(), run.concurrency(), busiest.name(),
                busiest.utilization());
    }
}

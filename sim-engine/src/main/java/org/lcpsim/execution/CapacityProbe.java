package org.lcpsim.execution;

import java.util.List;
import java.util.Locale;

import org.lcpsim.results.Capacity;

/**
 * Finds the largest request rate a deployment sustains by simulating it saturated, so that its
 * bottleneck never idles, and reading the throughput at the bottleneck.
 *
 * <p>In a saturating run, over a window of completions after a warm-up, each resource r (a
 * device, or a network resource with a capacity: the WiFi air, a port, a link) has a utilization
 * U_r (busy time, or carried bits over capacity, over the window's length) and a demand D_r per
 * request (the same over the whole run, per request). By the utilization law U_r = X * D_r, and
 * the throughput is read at the busiest resource b: X = U_b / D_b ({@link #judge}). That counts
 * work, not completions, so it has no error from where the window is cut. The cross-check is U_b
 * itself: saturated, the bottleneck is busy all the time (U_b near 1), and then X = 1 / D_b.
 *
 * <p>Step 1 is a closed loop with C = 2 * devices used + 2 requests in flight (2C warm-up
 * completions, max(400, 4C) measured; C more requests issued so none drains in the window). It
 * saturates most designs. Step 2, when the busiest resource is not busy all the time
 * (U_b &lt; {@link #SATURATED_UTILIZATION}): a closed loop can move in bursts (requests that share a
 * network fairly finish together, then all compute while the network idles), so it is run again
 * open loop, with periodic arrivals at 1.25 / max D_r, faster than any resource serves, and
 * enough of them to outlast the window: the bottleneck's queue then never empties. The higher of the two throughputs is the capacity. A
 * design whose busiest resource still is not saturated is bound by something other than a
 * resource's work, and its note says so.
 */
public final class CapacityProbe {
    /** Utilization at which the busiest resource counts as saturated. */
    public static final double SATURATED_UTILIZATION = 0.995;
    /** Below this utilization of the busiest resource at capacity, the point says that no resource limits it. */
    public static final double RESOURCE_BOUND = 0.9;
    /** How much faster than the busiest resource serves the open-loop step offers requests. */
    static final double OVERLOAD = 1.25;
    private static final int MIN_MEASURED = 400;

    /** A resource of a saturating run: its utilization in the measured window and its demand (ms) per request. */
    record Resource(String name, double utilization, double demandMs) {
    }

    /** One saturating run: how requests arrived, its window (completions and length) and its resources. */
    record Run(Arrival arrival, int measured, double windowMs, List<Resource> resources) {
        /** Completions per second in the window. */
        double completionIps() {
            return windowMs > 0 ? measured * 1000.0 / windowMs : Double.POSITIVE_INFINITY;
        }

        String describe() {
            return arrival instanceof Arrival.Closed c ? "closed loop, " + c.concurrency() + " requests in flight"
                    : String.format(Locale.ROOT, "open loop, %.4g requests/s", Saturation.offeredIps(arrival));
        }
    }

    private CapacityProbe() {
    }

    /**
     * The capacity of the setup's deployment. The seed fixes noise and arrival streams, so the
     * answer is the same whatever thread runs it.
     */
    public static Capacity measure(Executor.Setup setup, long seed) {
        int concurrency = Math.max(2, 2 * setup.deployment().devicesUsed() + 2);
        int measured = Math.max(MIN_MEASURED, 4 * concurrency);
        Run closed = Executor.saturate(setup, seed, new Arrival.Closed(concurrency), 2 * concurrency, measured, concurrency);
        Capacity c = judge(closed);
        if (c.utilization() >= SATURATED_UTILIZATION || Double.isInfinite(c.ips())) {
            return c;
        }
        double maxDemandMs = 0;
        for (Resource r : closed.resources()) {
            maxDemandMs = Math.max(maxDemandMs, r.demandMs());
        }
        if (!(maxDemandMs > 0)) {
            return c;
        }
        Arrival overload = new Arrival.Periodic(OVERLOAD * 1000.0 / maxDemandMs);
        // arrivals must outlast the window: it closes after about (warm-up + measured) / capacity,
        // by when OVERLOAD times as many requests have arrived
        int warmup = 2 * concurrency;
        int extra = (int) Math.ceil((OVERLOAD - 1) * (warmup + measured) * 1.2) + concurrency;
        Capacity open = judge(Executor.saturate(setup, seed, overload, warmup, measured, extra));
        return open.ips() > c.ips() ? open : c;
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
            return new Capacity(run.completionIps(), "", Double.NaN, run.describe());
        }
        return new Capacity(1000.0 * busiest.utilization() / busiest.demandMs(), busiest.name(), busiest.utilization(),
                run.describe());
    }
}

package org.lcpsim.execution;

import java.util.List;
import java.util.Locale;

import org.lcpsim.network.LinkUsage;
import org.lcpsim.results.Capacity;
import org.lcpsim.results.ReplicationResult;

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
 * <p>The run is open loop: periodic arrivals at {@link #OVERLOAD} / max D_r, with the demands
 * first estimated from a run of the point's own workload, so faster than any resource serves, and
 * enough of them to outlast the window; the bottleneck's queue then never empties. A closed loop
 * with many requests in flight would not do: it moves in bursts (requests that share the WiFi air
 * fairly finish their transfers together, then all compute while the air idles), so it can leave
 * its bottleneck idle with any number in flight. When the estimate was low (noise, or a strategy
 * that spreads requests unevenly in a short run) and the busiest resource is not saturated, the
 * rate is raised and the run repeated; before the probe gives up unsaturated, it runs once more
 * at the rate that the work spread over the replicas saturates ({@link #spreadDemandMs}: a
 * reference run with one request in flight can give all of them to one replica). With s the requests it takes to give every device work
 * (devices used / devices a request computes on: 1 for LCP or a pipeline, k for data parallelism
 * over k), the run's number of requests is a multiple of s, so a strategy that deals requests
 * round robin gives each device the same share; its window is a warm-up of s + 2 completions, then
 * max(30, 2s) measured (400 when devices or links are noisy, whose demands vary from request to
 * request). The run's size so does not grow with the devices of an LCP or pipeline deployment.
 *
 * <p>Everything above counts requests; the capacity {@link #measure} returns is in images
 * (inferences) per second: the request rate times the images each request carries.
 */
public final class CapacityProbe {
    /** Utilization at which the busiest resource counts as saturated. */
    public static final double SATURATED_UTILIZATION = 0.995;
    /** Below this utilization of the busiest resource at capacity, the point says that no resource limits it. */
    public static final double RESOURCE_BOUND = 0.9;
    /** How much faster than the busiest resource serves the probe offers requests. */
    static final double OVERLOAD = 1.1;
    private static final int MIN_MEASURED = 30;
    /** With noisy devices or links: demand estimates within cv / sqrt(400), 1.5% for a cv of 0.3. */
    private static final int MIN_MEASURED_RANDOM = 400;
    /**
     * Runs at raised rates before the probe settles for an unsaturated answer: enough for a
     * reference run that gave every request to one replica (least loaded with one request in
     * flight always picks the first), whose demands are the replicas' count times too high.
     */
    private static final int ATTEMPTS = 6;
    /** Below this utilization of the busiest resource, the probe stops raising the rate: latencies bound the design. */
    static final double LATENCY_BOUND = 0.05;
    /**
     * A later attempt issues at most this many times the requests of the first; so a probe issues at
     * most {@code 10 x (1.21 x (3 x devices + 402) + devices + 2)} requests per run (the checks before a
     * run bound its simulated time with it).
     */
    public static final int MAX_GROWTH = 10;

    /** A resource of a saturating run: its utilization in the measured window and its demand (ms) per request. */
    record Resource(String name, double utilization, double demandMs) {
    }

    /**
     * A saturating run of several streams: its window (completions of any stream, and length),
     * per resource its utilization in the window (demands left NaN), and per stream and device
     * the demand (ms) per request of that stream over the whole run.
     */
    record MixRun(int measured, double windowMs, List<Resource> resources, double[][] deviceDemandMs) {
    }

    /**
     * The capacity of several streams together: {@code scale}, the largest factor k by which the
     * streams' rates (the mix {@link #measureMix} was given) can all be multiplied and still be
     * sustained; {@code capacity}, the images per second of all streams at that scale, with the
     * bottleneck and its utilization; and the demands (ms per request) of every stream on every
     * resource ({@code resources}: the devices' node names, then the network resources with a
     * capacity), {@code demandMs[stream][resource]}, measured in the saturating run for devices.
     */
    public record MixCapacity(double scale, Capacity capacity, List<String> resources, double[][] demandMs) {
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
     * The capacity of the setup's deployment; {@code reference} is a run of it (any workload) whose
     * per-request demands set the first rate to offer. The seed fixes noise and arrival streams,
     * so the answer is the same whatever thread runs it.
     */
    public static Capacity measure(Executor.Setup setup, long seed, ReplicationResult reference) {
        // the capacity is the design's: no device faults, every request waits for all its work
        setup = setup.faultFree();
        double maxDemandMs = maxDemandMs(reference);
        if (!(maxDemandMs > 0)) {
            return new Capacity(Double.POSITIVE_INFINITY, "", Double.NaN, "no resource is busy");
        }
        // requests it takes to give every device work: 1 when each request uses them all (LCP, a
        // pipeline), k when each uses one of k (data parallelism), a round robin's cycle over replicated
        // stages; a multiple of it as the number of requests gives every device of a round robin the same share
        int spread = spread(setup.deployment());
        // what the busiest resource does per request at the least, its work spread over the replicas
        double spreadDemandMs = spreadDemandMs(reference, spread, setup.deployment().devicesUsed());
        boolean spreadTried = !(spreadDemandMs * 1.25 < maxDemandMs);
        int warmup = spread + 2;
        // demands are exact from a few requests when every request costs the same; noise needs more
        int measured = roundUp(Math.max(random(setup) ? MIN_MEASURED_RANDOM : MIN_MEASURED, 2 * spread), spread);
        double rate = OVERLOAD * 1000.0 / maxDemandMs;
        Capacity best = null;
        int first = 0;
        int attempts = ATTEMPTS;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int total = runRequests(rate, maxDemandMs, warmup, measured, spread);
            if (attempt == 0) {
                first = total;
            } else if (total > MAX_GROWTH * first) {
                // a run of that many more requests, most of them in flight at once, costs more than the answer is worth
                break;
            }
            Capacity c = judge(Executor.saturate(setup, seed, new Arrival.Periodic(rate), warmup, measured,
                    total - warmup - measured));
            if (best == null || c.ips() > best.ips()) {
                best = c;
            }
            if (c.utilization() >= SATURATED_UTILIZATION || Double.isInfinite(c.ips())) {
                break;
            }
            double next = rate * Math.max(1.25, OVERLOAD / Math.max(0.05, c.utilization()));
            boolean stuck = c.utilization() < LATENCY_BOUND || attempt + 1 >= attempts
                    || runRequests(next, maxDemandMs, warmup, measured, spread) > MAX_GROWTH * first;
            if (stuck && !spreadTried && rate < OVERLOAD * 1000.0 / spreadDemandMs) {
                // about to give up unsaturated, and the reference may have given its requests to few of the replicas (one
                // in flight: least loaded picks the first), so that its busiest device did the work they share: offer once
                // what the spread work saturates (one more attempt), in a run of as many requests as the first (sized by
                // the spread demand). Only then: a far heavier overload than needed skews the share of a least-loaded
                // dispatch between the warm-up and the window, which the utilization law does not forgive
                spreadTried = true;
                rate = OVERLOAD * 1000.0 / spreadDemandMs;
                maxDemandMs = spreadDemandMs;
                attempts++;
                continue;
            }
            if (c.utilization() < LATENCY_BOUND) {
                // every resource nearly idle although requests arrive faster than the busiest one serves them: the
                // design is bound by latencies (a link of 1000 s, say), and a faster rate would only put 20 times as
                // many requests in flight at once, each run costlier than the last, without saturating anything
                break;
            }
            rate = next;
        }
        return perImage(best, setup.deployment().batch());
    }

    /**
     * The capacity of the setup's streams together, as the largest common scale factor of their
     * rates: {@code mix[s]} is stream s's rate in requests per second (its offered rate, or the
     * throughput it reached in a closed loop). The saturating run offers every stream periodic
     * arrivals at k x mix[s], with k first set so that the busiest resource, by the demands given
     * ({@code deviceDemandMs[s][d]}: ms of device d per request of stream s; {@code networkDemandMs}:
     * per network resource with a capacity, ms of its capacity per request of each stream, from
     * runs of each stream alone), is offered 1.1 times what it serves; each stream issues requests
     * in proportion to its rate (a multiple of the requests that give its devices work), so that
     * all streams arrive over the same time. At the busiest resource b of the window the
     * utilization law of several classes, U_b = sum over s of X_s D_bs with X_s = k mix[s], gives
     * k = U_b / sum over s of mix[s] D_bs; device demands D_bs are measured in the run itself (the
     * time each device spent on each stream's work). The rate is raised and the run repeated as in
     * {@link #measure}. The capacity in images per second is k x sum over s of mix[s] x batch_s.
     */
    public static MixCapacity measureMix(Executor.Setup setup, long seed, double[] mix, double[][] deviceDemandMs,
                                         java.util.Map<String, double[]> networkDemandMs) {
        setup = setup.faultFree();
        List<Executor.Stream> streams = setup.streams();
        int s = streams.size();
        int n = setup.devices().size();
        List<String> names = new java.util.ArrayList<>(setup.nodeNames().subList(0, n));
        names.addAll(networkDemandMs.keySet());
        double[][] demand = new double[s][names.size()];
        double mixSum = 0;
        double imagesPerScale = 0;
        for (int i = 0; i < s; i++) {
            mixSum += mix[i];
            imagesPerScale += mix[i] * streams.get(i).deployment().batch();
            System.arraycopy(deviceDemandMs[i], 0, demand[i], 0, n);
            int r = n;
            for (double[] perStream : networkDemandMs.values()) {
                demand[i][r++] = perStream[i];
            }
        }
        double maxLoad = maxLoad(mix, demand);
        if (!(maxLoad > 0) || !(mixSum > 0)) {
            return new MixCapacity(Double.POSITIVE_INFINITY, new Capacity(Double.POSITIVE_INFINITY, "", Double.NaN,
                    "no resource is busy"), names, demand);
        }
        int[] spread = new int[s];
        int spreadAll = 0;
        for (int i = 0; i < s; i++) {
            Deployment d = streams.get(i).deployment();
            spread[i] = spread(d);
            spreadAll += spread[i];
        }
        int warmup = spreadAll + 2;
        int measured = Math.max(random(setup) ? MIN_MEASURED_RANDOM : MIN_MEASURED, 2 * spreadAll);
        // the scale at which the busiest resource is offered OVERLOAD times what it serves
        double scale = OVERLOAD * 1000.0 / maxLoad;
        // with each stream's device work spread over its replicas (see measure): the least the busiest resource does
        double[][] spreadDemand = new double[s][];
        for (int i = 0; i < s; i++) {
            spreadDemand[i] = demand[i].clone();
            spreadDevices(spreadDemand[i], n, spread[i], streams.get(i).deployment());
        }
        double spreadLoad = maxLoad(mix, spreadDemand);
        boolean spreadTried = !(spreadLoad * 1.25 < maxLoad);
        double best = Double.NaN;
        Capacity bestCapacity = null;
        double[][] bestDemand = demand;
        long first = 0;
        int attempts = ATTEMPTS;
        for (int attempt = 0; attempt < attempts; attempt++) {
            long total = mixTotal(scale, maxLoad, warmup, measured);
            List<Executor.Stream> probing = new java.util.ArrayList<>(s);
            long issued = 0;
            for (int i = 0; i < s; i++) {
                int requests = streamRequests(total, mix, mixSum, spread, i);
                issued += requests;
                Executor.Stream st = streams.get(i);
                probing.add(new Executor.Stream(st.name(), st.deployment(),
                        new Workload(requests, 0, new Arrival.Periodic(scale * mix[i]), 0, st.workload().batch())));
            }
            if (attempt == 0) {
                first = issued;
            } else if (issued > MAX_GROWTH * first) {
                break;
            }
            MixRun run = Executor.saturateStreams(setup.withStreams(probing), seed, warmup, measured);
            double[][] measuredDemand = new double[s][];
            for (int i = 0; i < s; i++) {
                measuredDemand[i] = demand[i].clone();
                System.arraycopy(run.deviceDemandMs()[i], 0, measuredDemand[i], 0, n);
            }
            Resource busiest = null;
            int busiestIndex = -1;
            for (Resource r : run.resources()) {
                int index = names.indexOf(r.name());
                if (busiest == null || r.utilization() > busiest.utilization()) {
                    busiest = r;
                    busiestIndex = index;
                }
            }
            double perScale = 0;
            if (busiestIndex >= 0) {
                for (int i = 0; i < s; i++) {
                    perScale += mix[i] * measuredDemand[i][busiestIndex];
                }
            }
            String describe = String.format(Locale.ROOT, "open loop, the streams' rates times %.4g", scale);
            double k;
            Capacity c;
            if (busiest == null || !(perScale > 0) || !(busiest.utilization() > 0)) {
                k = run.windowMs() > 0 ? run.measured() * 1000.0 / run.windowMs() / mixSum : Double.POSITIVE_INFINITY;
                c = new Capacity(k * imagesPerScale, "", Double.NaN, describe);
            } else {
                k = 1000.0 * busiest.utilization() / perScale;
                c = new Capacity(k * imagesPerScale, busiest.name(), busiest.utilization(), describe);
            }
            if (bestCapacity == null || k > best) {
                best = k;
                bestCapacity = c;
                bestDemand = measuredDemand;
            }
            double u = busiest == null ? Double.NaN : busiest.utilization();
            if (u >= SATURATED_UTILIZATION || Double.isInfinite(k)) {
                break;
            }
            double next = scale * Math.max(1.25, OVERLOAD / Math.max(0.05, u));
            long nextIssued = 0;
            for (int i = 0; i < s; i++) {
                nextIssued += streamRequests(mixTotal(next, maxLoad, warmup, measured), mix, mixSum, spread, i);
            }
            boolean stuck = !(u >= LATENCY_BOUND) || attempt + 1 >= attempts || nextIssued > MAX_GROWTH * first;
            if (stuck && !spreadTried && scale < OVERLOAD * 1000.0 / spreadLoad) {
                // as in measure: the streams' runs alone may have given their requests to few replicas
                spreadTried = true;
                scale = OVERLOAD * 1000.0 / spreadLoad;
                maxLoad = spreadLoad;
                attempts++;
                continue;
            }
            if (!(u >= LATENCY_BOUND)) {
                break;
            }
            scale = next;
        }
        return new MixCapacity(best, bestCapacity, names, bestDemand);
    }

    /**
     * Requests of a saturating run at {@code rate}: arrivals must outlast the window, which closes
     * after about (warm-up + measured) / capacity, by when the overload factor times as many have
     * arrived; a multiple of {@code spread}.
     */
    private static int runRequests(double rate, double maxDemandMs, int warmup, int measured, int spread) {
        double factor = rate * maxDemandMs / 1000.0;
        return roundUp((int) Math.ceil(factor * 1.1 * (warmup + measured)) + warmup, spread);
    }

    /** Requests of a saturating run of several streams at {@code scale}: enough to outlast the window. */
    private static long mixTotal(double scale, double maxLoad, int warmup, int measured) {
        double factor = scale * maxLoad / 1000.0;
        return (long) Math.ceil(factor * 1.1 * (warmup + measured)) + warmup;
    }

    /** Stream i's share of {@code total}, in proportion to its rate, a multiple of the requests that give its devices work. */
    private static int streamRequests(long total, double[] mix, double mixSum, int[] spread, int i) {
        return roundUp((int) Math.max(1, Math.ceil(total * mix[i] / mixSum)), spread[i]);
    }

    /** The largest load (ms of work per second) the mix puts on one resource. */
    private static double maxLoad(double[] mix, double[][] demand) {
        double max = 0;
        for (int r = 0; r < demand[0].length; r++) {
            double load = 0;
            for (int i = 0; i < mix.length; i++) {
                load += mix[i] * demand[i][r];
            }
            max = Math.max(max, load);
        }
        return max;
    }

    /** A capacity in requests per second as images per second, for requests of {@code images} images each. */
    static Capacity perImage(Capacity requests, int images) {
        return images == 1 ? requests
                : new Capacity(requests.ips() * images, requests.bottleneck(), requests.utilization(), requests.probe());
    }

    /** The largest per-request demand (ms) of any resource in a run: busy time per inference, or carried bits over capacity. */
    static double maxDemandMs(ReplicationResult r) {
        double max = 0;
        if (r.windowInferences() > 0) {
            for (double busy : r.deviceBusyMs()) {
                max = Math.max(max, busy / r.windowInferences());
            }
        }
        return Math.max(max, networkDemandMs(r));
    }

    /**
     * A lower bound on the busiest resource's demand (ms per request) once requests spread over
     * the replicas: the largest of a network resource's demand (the same wherever requests run),
     * the devices' mean demand over the devices used, and the busiest device's demand over the
     * requests it takes to give every device work ({@link #spread}): a reference run with one
     * request in flight gives every request to one replica, which then shows the work of all.
     * Equal to {@link #maxDemandMs} when spread is 1 (LCP, a pipeline without replicas).
     */
    static double spreadDemandMs(ReplicationResult r, int spread, int devicesUsed) {
        double device = 0;
        double total = 0;
        if (r.windowInferences() > 0) {
            for (double busy : r.deviceBusyMs()) {
                device = Math.max(device, busy / r.windowInferences());
                total += busy / r.windowInferences();
            }
        }
        double spreadOut = Math.max(device / spread, total / Math.max(1, devicesUsed));
        return Math.max(spreadOut, networkDemandMs(r));
    }

    /**
     * Spreads a stream's device demands ({@code demand[0..n)}, ms per request) over its replicas,
     * as {@link #spreadDemandMs} does for one stream: each device it uses gets at least the mean
     * over those devices, the busiest at least its own over {@code spread}; what a device did in a
     * run with one request in flight may be the work of all the replicas.
     */
    private static void spreadDevices(double[] demand, int n, int spread, Deployment deployment) {
        if (spread <= 1) {
            return;
        }
        double total = 0;
        double max = 0;
        int used = 0;
        for (int d = 0; d < n; d++) {
            total += demand[d];
            max = Math.max(max, demand[d]);
            used += deployment.residency().get(d).isEmpty() ? 0 : 1;
        }
        double even = Math.max(max / spread, total / Math.max(1, used));
        for (int d = 0; d < n; d++) {
            if (!deployment.residency().get(d).isEmpty()) {
                demand[d] = Math.min(demand[d], even);
            }
        }
    }

    /** The largest per-request demand (ms) of a network resource with a capacity in a run. */
    private static double networkDemandMs(ReplicationResult r) {
        double max = 0;
        if (r.completed() > 0) {
            for (LinkUsage u : r.network().resources()) {
                if (u.capacityMbps() > 0 && !Double.isInfinite(u.capacityMbps())) {
                    max = Math.max(max, u.wireBytes() * 8.0 / (u.capacityMbps() * 1000.0) / r.completed());
                }
            }
        }
        return max;
    }

    /**
     * The requests it takes to give every device work: devices used / devices a request computes
     * on (1 for LCP or a pipeline, k for data parallelism over k), or, when more, the distinct
     * task graphs of requests 0 .. used - 1 with nothing in flight (a round robin's cycle: 3 for a
     * pipeline whose stages have 1, 3 and 1 replicas, where 5 / 3 rounds up to 2); at most the
     * devices used, which bounds the probe's requests (the checks before a run count on it).
     */
    public static int spread(Deployment deployment) {
        int used = Math.max(1, deployment.devicesUsed());
        int spread = Math.max(1, (int) Math.ceil((double) used / devicesPerRequest(deployment)));
        if (spread < used) {
            java.util.Set<TaskGraph> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int i = 0; i < used && distinct.size() < used; i++) {
                distinct.add(deployment.planner().graphFor(i, d -> 0));
            }
            spread = Math.max(spread, Math.min(used, distinct.size()));
        }
        return spread;
    }

    private static int devicesPerRequest(Deployment deployment) {
        java.util.Set<Integer> devices = new java.util.HashSet<>();
        for (Task t : deployment.planner().graphFor(0, d -> 0).tasks()) {
            if (t instanceof Task.Compute c) {
                devices.add(c.device());
            }
        }
        return Math.max(1, devices.size());
    }

    private static boolean random(Executor.Setup setup) {
        return setup.network().random() || setup.devices().stream().anyMatch(d -> !d.noise().isNone());
    }

    /** n rounded up to a multiple of k. */
    private static int roundUp(int n, int k) {
        return (n + k - 1) / k * k;
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

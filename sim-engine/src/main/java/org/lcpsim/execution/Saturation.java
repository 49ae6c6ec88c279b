package org.lcpsim.execution;

import java.util.List;
import java.util.Locale;

import org.lcpsim.results.Capacity;
import org.lcpsim.results.ReplicationResult;

/**
 * Whether a point's latencies are those of a queue that keeps growing. Two tests, either one
 * suffices:
 * <ol>
 * <li>Offered load: an open-loop workload (periodic fps, Poisson rate) asks for more requests per
 *     second than the design's capacity ({@link CapacityProbe}). A rate exactly at capacity is not
 *     saturated (a deterministic queue at utilization 1 does not grow).</li>
 * <li>Trend: the measured requests of each replication, in completion order, are cut into
 *     {@link #SEGMENTS} equal segments (4 when there are fewer than 40, none below 16); the segment
 *     means, averaged over replications, rise from each segment to the next and the last is at
 *     least {@link #GROWTH} times the first. A stable queue fluctuates around its mean; a growing
 *     one rises steadily. The test needs no capacity, so it also catches what the probe's estimate
 *     misses near the boundary.</li>
 * </ol>
 */
public final class Saturation {
    public static final int SEGMENTS = 5;
    public static final double GROWTH = 1.5;

    private Saturation() {
    }

    /**
     * Requests per second an arrival process offers; NaN for a closed loop (it never offers more
     * than it gets). Times the images per request, the images per second (the {@code offered_ips} column).
     */
    public static double offeredIps(Arrival arrival) {
        if (arrival instanceof Arrival.Periodic p) {
            return p.fps();
        }
        if (arrival instanceof Arrival.Poisson p) {
            return p.ratePerS();
        }
        return Double.NaN;
    }

    /**
     * Why the point is saturated, in one sentence naming the bottleneck ({@code bottleneckName}
     * describes {@code capacity.bottleneck()}), or null when it is not.
     */
    public static String check(Arrival arrival, Capacity capacity, String bottleneckName, List<ReplicationResult> reps) {
        return check(arrival, 1, capacity, bottleneckName, reps);
    }

    /**
     * The same for requests of {@code images} images each: the capacity is in images per second
     * ({@link CapacityProbe#measure}), the arrival rate in requests per second.
     */
    public static String check(Arrival arrival, int images, Capacity capacity, String bottleneckName,
                               List<ReplicationResult> reps) {
        double offered = offeredIps(arrival);
        String where = capacity == null || capacity.bottleneck().isEmpty() ? ""
                : String.format(Locale.ROOT, "; the bottleneck is %s (%.0f%% busy at capacity)", bottleneckName,
                100 * capacity.utilization());
        if (capacity != null && images == 1 && offered > capacity.ips() * (1 + 1e-9)) {
            return String.format(Locale.ROOT, "saturated: the workload offers %s requests/s, more than the %s requests/s "
                    + "the design sustains%s; latencies grow with the length of the run", num(offered), num(capacity.ips()),
                    where);
        }
        if (capacity != null && images > 1 && offered * images > capacity.ips() * (1 + 1e-9)) {
            return String.format(Locale.ROOT, "saturated: the workload offers %s requests/s of %d images (%s images/s), "
                    + "more than the %s images/s (%s requests/s) the design sustains%s; latencies grow with the length of "
                    + "the run", num(offered), images, num(offered * images), num(capacity.ips()), num(capacity.ips() / images),
                    where);
        }
        return trend(latencies(reps), where);
    }

    /**
     * The trend test alone, on the measured latencies of each replication in completion order (of
     * one stream of a point with several): why they are those of a growing queue, or null.
     * {@code where} ends the sentence (the bottleneck, or nothing).
     */
    public static String trend(List<double[]> latenciesPerReplication, String where) {
        double[] trend = segmentMeans(latenciesPerReplication);
        if (trend != null && growing(trend)) {
            return String.format(Locale.ROOT, "saturated: latency keeps growing through the run (mean %s ms over the first "
                    + "%d%% of the measured requests, %s ms over the last)%s", num(trend[0]), 100 / trend.length,
                    num(trend[trend.length - 1]), where);
        }
        return null;
    }

    private static List<double[]> latencies(List<ReplicationResult> reps) {
        return reps.stream().map(ReplicationResult::latenciesMs).toList();
    }

    static boolean growing(double[] means) {
        for (int i = 1; i < means.length; i++) {
            if (!(means[i] > means[i - 1])) {
                return false;
            }
        }
        return means[means.length - 1] >= GROWTH * means[0];
    }

    /** Segment means of latency, averaged over replications; null when a replication measured too few requests. */
    static double[] segmentMeans(List<double[]> reps) {
        int fewest = Integer.MAX_VALUE;
        for (double[] r : reps) {
            fewest = Math.min(fewest, r.length);
        }
        if (reps.isEmpty() || fewest < 16) {
            return null;
        }
        int segments = fewest >= 8 * SEGMENTS ? SEGMENTS : 4;
        double[] means = new double[segments];
        for (double[] lat : reps) {
            int n = lat.length;
            for (int s = 0; s < segments; s++) {
                int from = (int) ((long) n * s / segments);
                int to = (int) ((long) n * (s + 1) / segments);
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += lat[i];
                }
                means[s] += sum / (to - from) / reps.size();
            }
        }
        return means;
    }

    private static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}

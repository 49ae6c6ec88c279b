package org.lcpsim.network.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.lcpsim.engine.Scheduler;
import org.lcpsim.network.LinkUsage;

/**
 * Flow-level transport over shared resources, for one replication. A flow first waits its
 * latency (it loads nothing meanwhile, as in SimGrid), then sends its bytes at the max-min fair
 * rate that the active flows leave it. Rates are recomputed only when a flow becomes active or
 * finishes; between those instants every rate is constant, so one pending event (the earliest
 * completion) is all the engine keeps on the scheduler, plus one per distinct activation time.
 * Events executed per flow: at most two, whatever its size.
 *
 * <p>Not thread-safe: each replication has its own engine.
 */
public final class FlowEngine {
    private final Scheduler scheduler;
    private final List<ResourceSpec> specs;
    private final double[] capacity;
    private final MaxMinFairShare solver = new MaxMinFairShare();
    /** What may be left of a flow stalled at rate 0 for it to count as delivered (rounding of its last bytes). */
    private static final double STALLED_DONE_BYTES = 1e-6;

    // per resource: current carried rate (capacity units per ms), totals, series
    private final double[] used;
    private final double[] carried;
    private final double[] busyMs;
    private final UtilizationRecorder[] series;
    private final int seriesPoints;
    private int[] loaded = new int[8];
    private int loadedCount;
    private final boolean[] loadedMark;
    private final double[] newUsed;
    private final boolean[] newMark;
    private int[] scratchList = new int[8];

    // active flows, in activation order
    private int n;
    private Flow[] flows = new Flow[8];
    private int[][] res = new int[8][];
    private double[][] coef = new double[8][];
    private int[] len = new int[8];
    private double[] bound = new double[8];
    private double[] rate = new double[8];

    private double lastMs;
    private Scheduler.ScheduledEvent nextCompletion;
    private double nextCompletionMs = Double.NaN;
    private List<Flow> openBatch;
    private double openBatchMs = Double.NaN;

    private static final class Flow {
        final int[] res;
        final double[] coef;
        final double bound;
        final Runnable onDone;
        double remaining;

        Flow(int[] res, double[] coef, double bound, double bytes, Runnable onDone) {
            this.res = res;
            this.coef = coef;
            this.bound = bound;
            this.remaining = bytes;
            this.onDone = onDone;
        }
    }

    public FlowEngine(Scheduler scheduler, List<ResourceSpec> resources, int seriesPoints) {
        this.scheduler = scheduler;
        this.specs = List.copyOf(resources);
        int r = specs.size();
        capacity = new double[r];
        for (int i = 0; i < r; i++) {
            capacity[i] = specs.get(i).bytesPerMs();
        }
        used = new double[r];
        carried = new double[r];
        busyMs = new double[r];
        series = new UtilizationRecorder[r];
        loadedMark = new boolean[r];
        newUsed = new double[r];
        newMark = new boolean[r];
        this.seriesPoints = seriesPoints;
        this.lastMs = scheduler.nowMs();
    }

    /**
     * Starts a flow of {@code bytes} over {@code route} (copied; its coefficients scaled by
     * {@code coefficientScale}, its bound by {@code 1 / coefficientScale}) after {@code latencyMs};
     * {@code onDone} runs when the last byte has arrived. The callback may start new flows.
     */
    public void start(double latencyMs, double bytes, Route route, double coefficientScale, Runnable onDone) {
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs) || !(bytes >= 0) || Double.isInfinite(bytes)) {
            throw new IllegalArgumentException("flow needs finite latency and bytes >= 0");
        }
        if (!(coefficientScale > 0) || Double.isInfinite(coefficientScale)) {
            throw new IllegalArgumentException("coefficient scale must be finite and > 0");
        }
        if (bytes == 0) {
            // nothing to send: only the latency, and no effect on anyone's rate
            scheduler.after(latencyMs, onDone);
            return;
        }
        double b = route.boundBytesPerMs() / coefficientScale;
        if (route.length() == 0 && b == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a flow needs a resource or a rate bound");
        }
        Flow f = new Flow(route.resourcesCopy(), route.coefficientsCopy(coefficientScale), b, bytes, onDone);
        if (latencyMs == 0) {
            activate(List.of(f));
            return;
        }
        double at = scheduler.nowMs() + latencyMs;
        if (openBatch != null && at == openBatchMs) {
            openBatch.add(f);
            return;
        }
        List<Flow> batch = new ArrayList<>(4);
        batch.add(f);
        openBatch = batch;
        openBatchMs = at;
        scheduler.at(at, () -> {
            if (openBatch == batch) {
                openBatch = null;
            }
            activate(batch);
        });
    }

    private void activate(List<Flow> batch) {
        advance(scheduler.nowMs());
        for (Flow f : batch) {
            append(f);
        }
        recompute();
        scheduleNextCompletion();
    }

    private void append(Flow f) {
        if (n == flows.length) {
            int size = n * 2;
            flows = Arrays.copyOf(flows, size);
            res = Arrays.copyOf(res, size);
            coef = Arrays.copyOf(coef, size);
            len = Arrays.copyOf(len, size);
            bound = Arrays.copyOf(bound, size);
            rate = Arrays.copyOf(rate, size);
        }
        flows[n] = f;
        res[n] = f.res;
        coef[n] = f.coef;
        len[n] = f.res.length;
        bound[n] = f.bound;
        rate[n] = 0;
        n++;
    }

    /** Moves every active flow and resource counter forward to {@code nowMs} at the current rates. */
    private void advance(double nowMs) {
        double dt = nowMs - lastMs;
        if (dt > 0) {
            for (int i = 0; i < n; i++) {
                flows[i].remaining -= rate[i] * dt;
            }
            for (int k = 0; k < loadedCount; k++) {
                int r = loaded[k];
                carried[r] += used[r] * dt;
                busyMs[r] += dt;
            }
        }
        lastMs = nowMs;
    }

    private void recompute() {
        solver.solve(n, res, coef, len, bound, capacity, rate);
        // the resources loaded before or after this change
        int listCount = 0;
        for (int k = 0; k < loadedCount; k++) {
            int r = loaded[k];
            newMark[r] = true;
            newUsed[r] = 0;
            listCount = push(listCount, r);
        }
        for (int i = 0; i < n; i++) {
            int[] rf = res[i];
            double[] cf = coef[i];
            for (int k = 0; k < len[i]; k++) {
                int r = rf[k];
                if (!newMark[r]) {
                    newMark[r] = true;
                    newUsed[r] = 0;
                    listCount = push(listCount, r);
                }
                newUsed[r] += cf[k] * rate[i];
            }
        }
        loadedCount = 0;
        double now = lastMs;
        for (int k = 0; k < listCount; k++) {
            int r = scratchList[k];
            newMark[r] = false;
            double u = newUsed[r];
            if (u != used[r]) {
                if (series[r] == null) {
                    series[r] = new UtilizationRecorder(seriesPoints);
                }
                series[r].record(now, Units.mbps(u));
                used[r] = u;
            }
            if (u > 0) {
                if (loadedCount == loaded.length) {
                    loaded = Arrays.copyOf(loaded, loadedCount * 2);
                }
                loaded[loadedCount++] = r;
            }
        }
    }

    private int push(int count, int r) {
        if (count == scratchList.length) {
            scratchList = Arrays.copyOf(scratchList, count * 2);
        }
        scratchList[count] = r;
        return count + 1;
    }

    private void scheduleNextCompletion() {
        double next = Double.POSITIVE_INFINITY;
        boolean stalled = false;
        for (int i = 0; i < n; i++) {
            double end = endMs(i);
            stalled |= end == Double.POSITIVE_INFINITY && rate[i] == 0;
            next = Math.min(next, end);
        }
        if (n > 0 && !(next < Double.POSITIVE_INFINITY) && !stalled) {
            // a rate so small that no flow would ever end: fail the run rather than stall it silently
            throw new IllegalStateException("no flow in flight can finish: the smallest rate is "
                    + Arrays.stream(rate, 0, n).min().orElse(0) + " bytes/ms");
        }
        if (next == nextCompletionMs && nextCompletion != null) {
            return;
        }
        if (nextCompletion != null) {
            scheduler.cancel(nextCompletion);
            nextCompletion = null;
        }
        nextCompletionMs = next;
        if (next != Double.POSITIVE_INFINITY) {
            nextCompletion = scheduler.at(next, this::complete);
        }
    }

    private void complete() {
        nextCompletion = null;
        double now = scheduler.nowMs();
        // the flows whose projected end (computed exactly as when scheduling) is now
        double tolerance = 1e-12 * Math.max(1.0, Math.abs(now));
        List<Flow> done = new ArrayList<>(2);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            Flow f = flows[i];
            double end = endMs(i);
            if (end <= now + tolerance) {
                done.add(f);
            } else {
                flows[kept] = f;
                res[kept] = res[i];
                coef[kept] = coef[i];
                len[kept] = len[i];
                bound[kept] = bound[i];
                rate[kept] = rate[i];
                kept++;
            }
        }
        for (int i = kept; i < n; i++) {
            flows[i] = null;
            res[i] = null;
            coef[i] = null;
        }
        n = kept;
        // the kept flows move at their rates; the counters at the old ones, the finished flows' share included
        advance(now);
        recompute();
        scheduleNextCompletion();
        for (Flow f : done) {
            f.onDone.run();
        }
    }

    /**
     * The projected end of active flow {@code i} at its current rate; a flow at rate 0 (on a
     * resource whose capacity is 0: a link that is down) stalls, unless nothing is left of it.
     */
    private double endMs(int i) {
        double left = Math.max(0, flows[i].remaining);
        if (rate[i] == 0) {
            return left <= STALLED_DONE_BYTES ? lastMs : Double.POSITIVE_INFINITY;
        }
        return lastMs + left / rate[i];
    }

    /**
     * Sets the capacity of resource {@code resource} to {@code mbps} from now on and re-solves the
     * rates: a link whose bandwidth changes over time, or 0 while it is down (its flows stall at
     * rate 0, keep their remaining bytes, and resume when a later call gives capacity back). The
     * caller schedules one call per change; rates change here and nowhere else between flow events.
     */
    public void setCapacity(int resource, double mbps) {
        if (!(mbps >= 0) || Double.isInfinite(mbps)) {
            throw new IllegalArgumentException("a capacity must be finite and >= 0, got " + mbps + " Mbps");
        }
        double c = Units.bytesPerMs(mbps);
        if (c == capacity[resource]) {
            return;
        }
        advance(scheduler.nowMs());
        capacity[resource] = c;
        recompute();
        scheduleNextCompletion();
    }

    /**
     * Usage of every resource that carried traffic, up to the last rate change (the run's end when
     * no flow is left in flight).
     */
    public List<LinkUsage> usage() {
        List<LinkUsage> out = new ArrayList<>();
        for (int r = 0; r < specs.size(); r++) {
            if (series[r] == null && carried[r] == 0) {
                continue;
            }
            ResourceSpec s = specs.get(r);
            out.add(new LinkUsage(s.name(), Math.round(carried[r]), busyMs[r], s.capacityMbps(),
                    series[r] == null ? null : series[r].snapshot()));
        }
        return out;
    }
}

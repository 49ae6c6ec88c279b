package org.lcpsim.network.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.lcpsim.engine.Scheduler;
import org.lcpsim.network.LinkUsage;

/**
 * Flow-level transport over shared resources, for one replication. A flow first waits its
 * latency (it loads nothing meanwhile, as in SimGrid), then sends its bytes at the weighted
 * max-min fair rate that the active flows leave it. Rates are recomputed only when a flow becomes
 * active or finishes; between those instants every rate is constant, so one pending event (the
 * earliest completion) is all the engine keeps on the scheduler, plus one per distinct activation
 * time. Events executed per flow: at most two, whatever its size.
 *
 * <p>Incremental: a change re-solves only the flows connected to the changed flow through
 * resources of finite capacity (its connected component in the flow-resource graph), since no
 * other flow's max-min rate can change; a flow's remaining bytes are brought up to date only when
 * its rate changes, its projected end waits in a heap, and a resource's counters move only when its
 * load changes. A component is always solved whole and in a canonical order (its flows by
 * activation), so the rates do not depend on which change triggered the solve: {@link Mode#FULL},
 * which re-solves every component at every change, gives bit-identical results.
 *
 * <p>Not thread-safe: each replication has its own engine.
 */
public final class FlowEngine {
    /** How the engine re-solves the rates when a flow starts or ends. */
    public enum Mode {
        /** Only the connected component of the flows that started or ended (the default). */
        INCREMENTAL,
        /** Every component, each solved alone: the reference for {@link #INCREMENTAL}. */
        FULL,
        /**
         * Every active flow at once by {@link MaxMinFairShare} (the engine before it was
         * incremental): the reference for the solver.
         */
        GLOBAL
    }

    private final Scheduler scheduler;
    private final List<ResourceSpec> specs;
    private final double[] capacity;
    private final Mode mode;
    private final ComponentSolver componentSolver;
    private final MaxMinFairShare solver = new MaxMinFairShare();
    /** What may be left of a flow stalled at rate 0 for it to count as delivered (rounding of its last bytes). */
    private static final double STALLED_DONE_BYTES = 1e-6;

    // per resource: current carried rate (capacity units per ms), when it last changed, totals, series
    private final double[] used;
    private final double[] usedSinceMs;
    private final double[] carried;
    private final double[] busyMs;
    /** Each resource's utilization series; null: no series (nothing will read them). */
    private final UtilizationRecorder series;
    /** Whether the resource's carried rate ever changed (it is then listed by {@link #usage()}, series or not). */
    private final boolean[] changed;

    // per resource: the active flows on it in activation order, and their coefficients there
    private final Flow[][] on;
    private final double[][] onCoef;
    private final int[] onCount;
    private final int[] resourceMark;
    private final int[] removalMark;
    private int removalEpoch;
    private final int[] usageMark;

    // active flows: a list in activation order, a heap of projected ends
    private Flow first;
    private Flow last;
    private int n;
    private long nextSeq;
    private final FlowHeap ends = new FlowHeap();

    // scratch
    private int epoch;
    private Flow[] component = new Flow[16];
    private int[] stack = new int[16];
    private int[] touched = new int[16];
    private int touchedCount;

    private double lastMs;
    private Scheduler.ScheduledEvent nextCompletion;
    private double nextCompletionMs = Double.NaN;
    private List<Flow> openBatch;
    private double openBatchMs = Double.NaN;

    static final class Flow {
        final int[] res;
        final double[] coef;
        final double bound;
        final double weight;
        final Runnable onDone;
        long seq;
        /** Bytes left at {@link #sinceMs}. */
        double remaining;
        double sinceMs;
        double rate;
        double endMs = Double.POSITIVE_INFINITY;
        int heapIndex = -1;
        Flow prev;
        Flow next;
        int mark;
        boolean removing;
        // the solver's scratch
        boolean frozen;
        double newRate;
        double boundRate;
        double boundLevel;
        double upperLevel;

        Flow(int[] res, double[] coef, double bound, double weight, double bytes, Runnable onDone) {
            this.res = res;
            this.coef = coef;
            this.bound = bound;
            this.weight = weight;
            this.remaining = bytes;
            this.onDone = onDone;
        }
    }

    public FlowEngine(Scheduler scheduler, List<ResourceSpec> resources, int seriesPoints) {
        this(scheduler, resources, seriesPoints, Mode.INCREMENTAL);
    }

    public FlowEngine(Scheduler scheduler, List<ResourceSpec> resources, int seriesPoints, Mode mode) {
        this.scheduler = scheduler;
        this.specs = List.copyOf(resources);
        this.mode = mode;
        int r = specs.size();
        capacity = new double[r];
        for (int i = 0; i < r; i++) {
            capacity[i] = specs.get(i).bytesPerMs();
        }
        used = new double[r];
        usedSinceMs = new double[r];
        carried = new double[r];
        busyMs = new double[r];
        series = seriesPoints > 0 ? new UtilizationRecorder(r, seriesPoints) : null;
        changed = new boolean[r];
        on = new Flow[r][];
        onCoef = new double[r][];
        onCount = new int[r];
        resourceMark = new int[r];
        removalMark = new int[r];
        usageMark = new int[r];
        componentSolver = new ComponentSolver(r);
        this.lastMs = scheduler.nowMs();
    }

    /**
     * Starts a flow of {@code bytes} over {@code route} (copied; its coefficients scaled by
     * {@code coefficientScale}, its bound by {@code 1 / coefficientScale}) after {@code latencyMs};
     * {@code onDone} runs when the last byte has arrived. The callback may start new flows.
     */
    public void start(double latencyMs, double bytes, Route route, double coefficientScale, Runnable onDone) {
        start(latencyMs, bytes, route, coefficientScale, 1.0, onDone);
    }

    /**
     * As {@link #start(double, double, Route, double, Runnable)}, with a sharing weight: on a
     * bottleneck, flows get rates in proportion to their weights (1 for equal sharing; the inverse
     * of SimGrid's penalty for {@code sharing: rtt}).
     */
    public void start(double latencyMs, double bytes, Route route, double coefficientScale, double weight,
            Runnable onDone) {
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs) || !(bytes >= 0) || Double.isInfinite(bytes)) {
            throw new IllegalArgumentException("flow needs finite latency and bytes >= 0");
        }
        if (!(coefficientScale > 0) || Double.isInfinite(coefficientScale)) {
            throw new IllegalArgumentException("coefficient scale must be finite and > 0");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a sharing weight must be finite and > 0, got " + weight);
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
        Flow f = new Flow(route.resourcesCopy(), route.coefficientsCopy(coefficientScale), b, weight, bytes, onDone);
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
        if (mode == Mode.INCREMENTAL) {
            epoch++;
            touchedCount = 0;
            for (Flow f : batch) {
                if (f.mark != epoch) {
                    solveComponentOf(f, -1);
                }
            }
            updateUsage();
        } else {
            recompute();
        }
        scheduleNextCompletion();
    }

    private void append(Flow f) {
        f.seq = nextSeq++;
        f.sinceMs = lastMs;
        f.prev = last;
        if (last == null) {
            first = f;
        } else {
            last.next = f;
        }
        last = f;
        n++;
        for (int k = 0; k < f.res.length; k++) {
            int r = f.res[k];
            int c = onCount[r];
            if (on[r] == null) {
                on[r] = new Flow[4];
                onCoef[r] = new double[4];
            } else if (c == on[r].length) {
                on[r] = Arrays.copyOf(on[r], 2 * c);
                onCoef[r] = Arrays.copyOf(onCoef[r], 2 * c);
            }
            on[r][c] = f;
            onCoef[r][c] = f.coef[k];
            onCount[r] = c + 1;
        }
    }

    /**
     * Removes several flows at once, as {@link #removeActive} one by one would (the others keep their
     * order on every resource), in one pass over each resource they were on: k flows ending together
     * on a resource of c flows cost c, not k c (a source's N unicasts finish at the same time).
     */
    private void removeAll(List<Flow> done) {
        for (Flow f : done) {
            f.removing = true;
            unlink(f);
        }
        removalEpoch++;
        for (Flow f : done) {
            for (int r : f.res) {
                if (removalMark[r] == removalEpoch) {
                    continue;
                }
                removalMark[r] = removalEpoch;
                Flow[] list = on[r];
                double[] coefs = onCoef[r];
                int c = onCount[r];
                int w = 0;
                for (int i = 0; i < c; i++) {
                    if (!list[i].removing) {
                        list[w] = list[i];
                        coefs[w] = coefs[i];
                        w++;
                    }
                }
                for (int i = w; i < c; i++) {
                    list[i] = null;
                }
                onCount[r] = w;
            }
        }
        for (Flow f : done) {
            f.removing = false;
        }
    }

    private void unlink(Flow f) {
        if (f.prev == null) {
            first = f.next;
        } else {
            f.prev.next = f.next;
        }
        if (f.next == null) {
            last = f.prev;
        } else {
            f.next.prev = f.prev;
        }
        f.prev = null;
        f.next = null;
        n--;
    }

    private void removeActive(Flow f) {
        unlink(f);
        for (int r : f.res) {
            Flow[] list = on[r];
            double[] coefs = onCoef[r];
            int c = onCount[r];
            int i = 0;
            while (list[i] != f) {
                i++;
            }
            System.arraycopy(list, i + 1, list, i, c - i - 1);
            System.arraycopy(coefs, i + 1, coefs, i, c - i - 1);
            list[c - 1] = null;
            onCount[r] = c - 1;
        }
    }

    /**
     * Moves the engine's clock to {@code nowMs}. Flows and resources keep the time of their last
     * change and are brought forward when their rate or load changes (or when read), so nothing
     * else is needed here.
     */
    private void advance(double nowMs) {
        lastMs = nowMs;
    }

    /**
     * Re-solves the rates of every active flow, whatever changed: after a flow starts or ends in
     * the reference modes, or after something outside the flows (a resource's capacity) changed.
     */
    private void recompute() {
        epoch++;
        touchedCount = 0;
        if (mode == Mode.GLOBAL) {
            solveGlobal();
        } else {
            for (Flow f = first; f != null; f = f.next) {
                if (f.mark != epoch) {
                    solveComponentOf(f, -1);
                }
            }
        }
        // every resource that carries or carried something
        epoch++;
        touchedCount = 0;
        for (int r = 0; r < capacity.length; r++) {
            if (onCount[r] > 0 || used[r] != 0) {
                touch(r);
            }
        }
        updateUsage();
    }

    /**
     * Solves the component of flow {@code seed} (or, when it is null, of resource
     * {@code seedResource}) and applies its rates; its flows are marked with the current epoch and
     * the resources of those whose rate changed listed for {@link #updateUsage()}.
     */
    private void solveComponentOf(Flow seed, int seedResource) {
        int size = 0;
        int top = 0;
        if (seed != null) {
            seed.mark = epoch;
            component = push(component, size++, seed);
            for (int r : seed.res) {
                top = visit(r, top);
            }
        } else {
            top = visit(seedResource, top);
        }
        while (top > 0) {
            int r = stack[--top];
            Flow[] list = on[r];
            for (int i = 0, c = onCount[r]; i < c; i++) {
                Flow f = list[i];
                if (f.mark != epoch) {
                    f.mark = epoch;
                    component = push(component, size++, f);
                    for (int q : f.res) {
                        top = visit(q, top);
                    }
                }
            }
        }
        if (size == 0) {
            return;
        }
        // the solver's arithmetic does not depend on the order found: the rates do not depend on where the search started
        componentSolver.solve(component, size, capacity, on, onCoef, onCount);
        double now = lastMs;
        for (int i = 0; i < size; i++) {
            Flow f = component[i];
            setRate(f, f.newRate, now);
            component[i] = null;
        }
    }

    private static final Comparator<Flow> BY_SEQ = (a, b) -> Long.compare(a.seq, b.seq);

    /** Marks resource {@code r} as seen; pushes it on the search stack if it can couple flows. */
    private int visit(int r, int top) {
        if (resourceMark[r] == epoch) {
            return top;
        }
        resourceMark[r] = epoch;
        if (capacity[r] == Double.POSITIVE_INFINITY) {
            return top; // never a bottleneck: flows that meet only here do not affect each other's rates
        }
        if (top == stack.length) {
            stack = Arrays.copyOf(stack, 2 * top);
        }
        stack[top] = r;
        return top + 1;
    }

    private void touch(int r) {
        if (usageMark[r] == epoch) {
            return;
        }
        usageMark[r] = epoch;
        if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, 2 * touchedCount);
        }
        touched[touchedCount++] = r;
    }

    private static Flow[] push(Flow[] a, int size, Flow f) {
        if (size == a.length) {
            a = Arrays.copyOf(a, 2 * size);
        }
        a[size] = f;
        return a;
    }

    /** Every active flow solved at once by {@link MaxMinFairShare}, in activation order. */
    private void solveGlobal() {
        int[][] res = new int[n][];
        double[][] coef = new double[n][];
        int[] len = new int[n];
        double[] bound = new double[n];
        double[] weight = new double[n];
        double[] rate = new double[n];
        Flow[] flows = new Flow[n];
        int i = 0;
        for (Flow f = first; f != null; f = f.next, i++) {
            flows[i] = f;
            res[i] = f.res;
            coef[i] = f.coef;
            len[i] = f.res.length;
            bound[i] = f.bound;
            weight[i] = f.weight;
        }
        solver.solve(n, res, coef, len, bound, weight, capacity, rate);
        for (i = 0; i < n; i++) {
            setRate(flows[i], rate[i], lastMs);
        }
    }

    /** Gives flow {@code f} its new rate from {@code now}: its bytes are brought up to date and its end re-projected. */
    private void setRate(Flow f, double rate, double now) {
        if (rate == f.rate && f.heapIndex >= 0) {
            return; // unchanged: its bytes and projected end stay as they were computed
        }
        if (f.rate != 0) {
            f.remaining -= f.rate * (now - f.sinceMs);
        }
        f.sinceMs = now;
        f.rate = rate;
        // at rate 0 (a resource of capacity 0: a link that is down) a flow stalls, unless nothing is left of it
        f.endMs = rate > 0 ? now + Math.max(0, f.remaining) / rate
                : f.remaining <= STALLED_DONE_BYTES ? now : Double.POSITIVE_INFINITY;
        ends.update(f);
        for (int r : f.res) {
            touch(r); // its carried rate changes
        }
    }

    /**
     * Recomputes the carried rate of every listed resource (those of flows whose rate changed, or
     * that ended), summed over its flows in activation order.
     */
    private void updateUsage() {
        double now = lastMs;
        for (int k = 0; k < touchedCount; k++) {
            int r = touched[k];
            double u = 0;
            Flow[] list = on[r];
            double[] coefs = onCoef[r];
            for (int i = 0, c = onCount[r]; i < c; i++) {
                u += coefs[i] * list[i].rate;
            }
            if (u != used[r]) {
                double dt = now - usedSinceMs[r];
                if (used[r] > 0 && dt > 0) {
                    carried[r] += used[r] * dt;
                    busyMs[r] += dt;
                }
                usedSinceMs[r] = now;
                changed[r] = true;
                if (series != null) {
                    series.record(r, now, Units.mbps(u));
                }
                used[r] = u;
            }
        }
        touchedCount = 0;
    }

    private void scheduleNextCompletion() {
        double next = ends.isEmpty() ? Double.POSITIVE_INFINITY : ends.peek().endMs;
        boolean stalled = false;
        for (Flow f = first; f != null && !stalled && !(next < Double.POSITIVE_INFINITY); f = f.next) {
            // waiting for a link to come back (setCapacity resumes it), not too slow to ever finish
            stalled = f.rate == 0;
        }
        if (n > 0 && !(next < Double.POSITIVE_INFINITY) && !stalled) {
            // a rate so small that no flow would ever end: fail the run rather than stall it silently
            double smallest = Double.POSITIVE_INFINITY;
            for (Flow f = first; f != null; f = f.next) {
                smallest = Math.min(smallest, f.rate);
            }
            throw new IllegalStateException("no flow in flight can finish: the smallest rate is " + smallest + " bytes/ms");
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
        advance(now);
        // the flows whose projected end (as computed when their rate was set) is now
        double tolerance = 1e-12 * Math.max(1.0, Math.abs(now));
        List<Flow> done = ends.pollUpTo(now + tolerance);
        if (done.size() > 1) {
            if (done.size() * 8L >= n) {
                // many of the active flows (all of a gather's): they are the flows out of the heap, in activation order
                done.clear();
                for (Flow f = first; f != null; f = f.next) {
                    if (f.heapIndex < 0) {
                        done.add(f);
                    }
                }
            } else {
                done.sort(BY_SEQ);
            }
        }
        if (done.size() == 1) {
            removeActive(done.get(0));
        } else {
            removeAll(done);
        }
        if (mode == Mode.INCREMENTAL) {
            epoch++;
            touchedCount = 0;
            for (Flow f : done) {
                for (int r : f.res) {
                    touch(r);
                }
            }
            for (Flow f : done) {
                for (int r : f.res) {
                    if (resourceMark[r] != epoch) {
                        solveComponentOf(null, r);
                    }
                }
            }
            updateUsage();
        } else {
            recompute();
        }
        scheduleNextCompletion();
        for (Flow f : done) {
            f.onDone.run();
        }
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
            double pending = used[r] > 0 ? Math.max(0, lastMs - usedSinceMs[r]) : 0;
            double bytes = pending > 0 ? carried[r] + used[r] * pending : carried[r];
            if (!changed[r] && bytes == 0) {
                continue;
            }
            ResourceSpec s = specs.get(r);
            out.add(new LinkUsage(s.name(), Math.round(bytes), busyMs[r] + pending, s.capacityMbps(),
                    series == null || !series.has(r) ? null : series.snapshot(r)));
        }
        return out;
    }

    /** Active flows (in their latency phase not counted). */
    int activeFlows() {
        return n;
    }

    /** A binary min-heap of flows by projected end, ties by activation order. */
    static final class FlowHeap {
        private Flow[] heap = new Flow[16];
        private int size;
        private int[] stack = new int[16];

        boolean isEmpty() {
            return size == 0;
        }

        Flow peek() {
            return heap[0];
        }

        /**
         * Removes every flow that ends at or before {@code limitMs} and returns them, in no
         * particular order. They are found from the root down (below a later end, every end is
         * later): k of them cost k, and the heap is rebuilt in one pass when that is cheaper than
         * k removals of log n each (a gather's N flows ending together cost N, not N log N).
         */
        List<Flow> pollUpTo(double limitMs) {
            List<Flow> out = new ArrayList<>(2);
            if (size == 0 || heap[0].endMs > limitMs) {
                return out;
            }
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                int i = stack[--top];
                Flow f = heap[i];
                if (f.endMs <= limitMs) {
                    out.add(f);
                    int c = 2 * i + 1;
                    if (top + 2 > stack.length) {
                        stack = Arrays.copyOf(stack, 2 * stack.length);
                    }
                    if (c < size) {
                        stack[top++] = c;
                    }
                    if (c + 1 < size) {
                        stack[top++] = c + 1;
                    }
                }
            }
            int k = out.size();
            if ((long) k * (32 - Integer.numberOfLeadingZeros(size)) < size) {
                for (Flow f : out) {
                    remove(f);
                }
                return out;
            }
            for (Flow f : out) {
                f.heapIndex = -1;
            }
            int w = 0;
            for (int i = 0; i < size; i++) {
                Flow f = heap[i];
                if (f.heapIndex >= 0) {
                    heap[w] = f;
                    f.heapIndex = w++;
                }
            }
            Arrays.fill(heap, w, size, null);
            size = w;
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
            return out;
        }

        /** Inserts {@code f}, or moves it after its end changed. */
        void update(Flow f) {
            int i = f.heapIndex;
            if (i < 0) {
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, 2 * size);
                }
                i = size++;
                heap[i] = f;
                f.heapIndex = i;
            }
            siftDown(siftUp(i));
        }

        void remove(Flow f) {
            int i = f.heapIndex;
            f.heapIndex = -1;
            Flow moved = heap[--size];
            heap[size] = null;
            if (i < size) {
                heap[i] = moved;
                moved.heapIndex = i;
                siftDown(siftUp(i));
            }
        }

        private static boolean less(Flow a, Flow b) {
            return a.endMs < b.endMs || (a.endMs == b.endMs && a.seq < b.seq);
        }

        private int siftUp(int i) {
            Flow f = heap[i];
            while (i > 0) {
                int p = (i - 1) >>> 1;
                Flow q = heap[p];
                if (!less(f, q)) {
                    break;
                }
                heap[i] = q;
                q.heapIndex = i;
                i = p;
            }
            heap[i] = f;
            f.heapIndex = i;
            return i;
        }

        private void siftDown(int i) {
            Flow f = heap[i];
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && less(heap[c + 1], heap[c])) {
                    c++;
                }
                if (!less(heap[c], f)) {
                    break;
                }
                heap[i] = heap[c];
                heap[i].heapIndex = i;
                i = c;
            }
            heap[i] = f;
            f.heapIndex = i;
        }
    }
}

package org.lcpsim.network.flow;

import java.util.Arrays;

import org.lcpsim.network.flow.FlowEngine.Flow;

/**
 * Weighted max-min fair rates of the flows of one connected component, by progressive filling on
 * a common level t: every unfrozen flow f runs at {@code w_f t}. Resource r saturates at the level
 * {@code s_r = (C_r - F_r) / W_r}, with F_r the capacity its frozen flows use and
 * {@code W_r = sum a_rf w_f} over its unfrozen flows; a flow reaches its bound b_f at
 * {@code b_f / w_f}. The lowest of these levels is the next event: the saturated resource's
 * unfrozen flows freeze at {@code w_f t} (or the flow at its bound), which changes F and W, hence s,
 * of the resources they cross.
 *
 * <p>Only resources that can still become a bottleneck take part: a resource crossed by one flow
 * only is a bound on that flow ({@code C_r / a_rf}); a resource whose first level
 * {@code C_r / W_r} exceeds the highest level any of its flows can reach (each flow's own limit,
 * {@code min(b_f, min_r C_r / a_rf) / w_f}) never saturates (levels only rise as flows freeze).
 * The others wait in a heap by level, re-keyed lazily (a stored level is a lower bound: a freeze
 * can only raise a level), the bounded flows in another by bound level. A solve costs
 * O(E + P log(R + B)) for E flow-resource pairs, R candidate resources, B bounded flows and P
 * pops; the global solver ({@link MaxMinFairShare}) touches every flow and resource in every round.
 *
 * <p>In exact arithmetic this is the same allocation as {@link MaxMinFairShare} (the unique
 * weighted max-min fair one: every flow has a bottleneck, a saturated resource on which no flow
 * has a higher rate per unit of weight, or its bound). Resources of infinite capacity are ignored
 * (never a bottleneck). The order of operations depends only on the set of flows given, not on
 * their order (loads are summed over each resource's flows in activation order, ties broken by
 * resource index and activation order), so the same component gives the same bits however it was
 * found.
 */
final class ComponentSolver {
    /** Relative margin under which a resource's first level counts as reachable (rounding). */
    private static final double REACH_MARGIN = 1e-9;

    private static final byte NOT_LISTED = 0;
    /** In the component but never a bottleneck (one flow: a bound on it; or out of reach). */
    private static final byte IGNORED = 1;
    /** A candidate bottleneck, in the heap (or left in it with no unfrozen flow, dropped at the top). */
    private static final byte CANDIDATE = 2;

    private final double[] frozenUse;
    private final double[] load;
    private final double[] level;
    private final int[] unfrozenOn;
    private final int[] heapPos;
    private final int[] heap;
    private int heapSize;
    private final int[] listed;
    private int listedCount;
    private final byte[] state;
    private Flow[] bounded = new Flow[8];
    private int boundedCount;
    private Flow[][] on;
    private int[] onCount;
    private double[] capacity;

    ComponentSolver(int resources) {
        frozenUse = new double[resources];
        load = new double[resources];
        level = new double[resources];
        unfrozenOn = new int[resources];
        heapPos = new int[resources];
        Arrays.fill(heapPos, -1);
        heap = new int[resources];
        listed = new int[resources];
        state = new byte[resources];
    }

    /**
     * Sets {@code newRate} of {@code flows[0..n)}, a union of whole components: every flow on a
     * finite resource of one of them is among them. {@code on[r][0..onCount[r])} are the flows on
     * resource r in activation order, {@code onCoef[r]} their coefficients there.
     */
    void solve(Flow[] flows, int n, double[] capacity, Flow[][] on, double[][] onCoef, int[] onCount) {
        this.on = on;
        this.onCount = onCount;
        this.capacity = capacity;
        listedCount = 0;
        boundedCount = 0;
        heapSize = 0;
        try {
            for (int i = 0; i < n; i++) {
                Flow f = flows[i];
                f.frozen = false;
                f.newRate = 0;
                double cap = f.bound; // the flow's bound and its single-flow resources' capacities
                double limit = f.bound; // and every resource's capacity: the most it can get
                int[] rf = f.res;
                double[] cf = f.coef;
                for (int k = 0; k < rf.length; k++) {
                    int r = rf[k];
                    if (capacity[r] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    if (state[r] == NOT_LISTED) {
                        state[r] = IGNORED;
                        listed[listedCount++] = r;
                    }
                    double alone = capacity[r] / cf[k];
                    limit = Math.min(limit, alone);
                    if (onCount[r] == 1) {
                        cap = Math.min(cap, alone);
                    }
                }
                f.boundRate = cap;
                f.upperLevel = limit / f.weight;
                if (cap != Double.POSITIVE_INFINITY) {
                    f.boundLevel = cap / f.weight;
                    if (boundedCount == bounded.length) {
                        bounded = Arrays.copyOf(bounded, 2 * boundedCount);
                    }
                    bounded[boundedCount++] = f;
                }
            }
            for (int i = boundedCount / 2 - 1; i >= 0; i--) {
                boundedSiftDown(i);
            }
            // each resource's load summed over its flows in activation order: the same bits whatever the order of flows
            for (int i = 0; i < listedCount; i++) {
                int r = listed[i];
                int c = onCount[r];
                if (c < 2) {
                    continue;
                }
                Flow[] list = on[r];
                double[] coefs = onCoef[r];
                double w = 0;
                double reach = 0;
                for (int k = 0; k < c; k++) {
                    w += coefs[k] * list[k].weight;
                    reach = Math.max(reach, list[k].upperLevel);
                }
                double first = capacity[r] / w;
                if (first > reach * (1 + REACH_MARGIN)) {
                    continue; // every flow on it freezes below its first level
                }
                state[r] = CANDIDATE;
                load[r] = w;
                unfrozenOn[r] = c;
                level[r] = first;
                heapPos[r] = heapSize;
                heap[heapSize++] = r;
            }
            for (int i = heapSize / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
            double t = 0;
            int unfrozen = n;
            while (unfrozen > 0) {
                while (boundedCount > 0 && bounded[0].frozen) {
                    boundedPoll();
                }
                double tb = boundedCount > 0 ? bounded[0].boundLevel : Double.POSITIVE_INFINITY;
                double tr = settleTop();
                if (tb == Double.POSITIVE_INFINITY && tr == Double.POSITIVE_INFINITY) {
                    throw new IllegalStateException("a flow has neither a finite resource nor a rate bound");
                }
                if (tb < tr) {
                    Flow f = boundedPoll();
                    t = Math.max(t, tb);
                    freeze(f, f.boundRate);
                    unfrozen--;
                } else {
                    int r = heap[0];
                    remove(r);
                    t = Math.max(t, tr);
                    Flow[] list = on[r];
                    for (int i = 0, c = onCount[r]; i < c && unfrozenOn[r] > 0; i++) {
                        Flow f = list[i];
                        if (!f.frozen) {
                            freeze(f, Math.min(f.boundRate, f.weight * t));
                            unfrozen--;
                        }
                    }
                }
            }
        } finally {
            for (int i = 0; i < listedCount; i++) {
                int r = listed[i];
                state[r] = NOT_LISTED;
                load[r] = 0;
                frozenUse[r] = 0;
                unfrozenOn[r] = 0;
                heapPos[r] = -1;
            }
            for (int i = 0; i < boundedCount; i++) {
                bounded[i] = null;
            }
            this.on = null;
            this.onCount = null;
            this.capacity = null;
        }
    }

    /**
     * The lowest saturation level, its resource at the top of the heap. Keys are updated lazily: a
     * freeze only changes F and W of a resource, which can only raise its level, so a stored key is
     * a lower bound; the top is re-keyed until its stored key is its level. Resources without
     * unfrozen flows leave the heap here.
     */
    private double settleTop() {
        while (heapSize > 0) {
            int r = heap[0];
            if (unfrozenOn[r] == 0) {
                remove(r);
                continue;
            }
            if (!(load[r] > 0)) {
                load[r] = unfrozenLoad(r); // the running sum cancelled out: sum it again
            }
            double current = (capacity[r] - frozenUse[r]) / load[r];
            if (current > level[r]) {
                level[r] = current;
                siftDown(0);
                continue;
            }
            level[r] = current; // equal, or below by rounding: still the lowest
            return current;
        }
        return Double.POSITIVE_INFINITY;
    }

    private void freeze(Flow f, double rate) {
        f.frozen = true;
        f.newRate = rate;
        int[] rf = f.res;
        double[] cf = f.coef;
        for (int k = 0; k < rf.length; k++) {
            int r = rf[k];
            if (state[r] == CANDIDATE) {
                frozenUse[r] += cf[k] * rate;
                load[r] -= cf[k] * f.weight;
                unfrozenOn[r]--;
            }
        }
    }

    private double unfrozenLoad(int r) {
        double w = 0;
        Flow[] list = on[r];
        for (int i = 0, c = onCount[r]; i < c; i++) {
            Flow g = list[i];
            if (!g.frozen) {
                int[] rg = g.res;
                for (int k = 0; k < rg.length; k++) {
                    if (rg[k] == r) {
                        w += g.coef[k] * g.weight;
                    }
                }
            }
        }
        return w;
    }

    // a binary min-heap of the bounded flows by the level at which they reach their bound, ties by
    // activation order; flows frozen by a resource are dropped when they come to the top

    private static boolean boundedLess(Flow a, Flow b) {
        return a.boundLevel < b.boundLevel || (a.boundLevel == b.boundLevel && a.seq < b.seq);
    }

    private Flow boundedPoll() {
        Flow top = bounded[0];
        bounded[0] = bounded[--boundedCount];
        bounded[boundedCount] = null;
        if (boundedCount > 0) {
            boundedSiftDown(0);
        }
        return top;
    }

    private void boundedSiftDown(int i) {
        Flow f = bounded[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= boundedCount) {
                break;
            }
            if (c + 1 < boundedCount && boundedLess(bounded[c + 1], bounded[c])) {
                c++;
            }
            if (!boundedLess(bounded[c], f)) {
                break;
            }
            bounded[i] = bounded[c];
            i = c;
        }
        bounded[i] = f;
    }

    // an indexed binary min-heap of resources by level, ties by index

    private boolean less(int a, int b) {
        return level[a] < level[b] || (level[a] == level[b] && a < b);
    }

    private void remove(int r) {
        int i = heapPos[r];
        heapPos[r] = -1;
        int moved = heap[--heapSize];
        if (i < heapSize) {
            heap[i] = moved;
            heapPos[moved] = i;
            siftDown(siftUp(i));
        }
    }

    private int siftUp(int i) {
        int r = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            int q = heap[p];
            if (!less(r, q)) {
                break;
            }
            heap[i] = q;
            heapPos[q] = i;
            i = p;
        }
        heap[i] = r;
        heapPos[r] = i;
        return i;
    }

    private void siftDown(int i) {
        int r = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= heapSize) {
                break;
            }
            if (c + 1 < heapSize && less(heap[c + 1], heap[c])) {
                c++;
            }
            if (!less(heap[c], r)) {
                break;
            }
            heap[i] = heap[c];
            heapPos[heap[i]] = i;
            i = c;
        }
        heap[i] = r;
        heapPos[r] = i;
    }
}

package org.lcpsim.network.flow;

import java.util.Arrays;
import java.util.Comparator;

import org.lcpsim.network.flow.FlowEngine.Flow;

/**
 * Weighted max-min fair rates of the flows of one connected component, by progressive filling on
 * a common level t: every unfrozen flow f runs at {@code w_f t}. Resource r saturates at the level
 * {@code s_r = (C_r - F_r) / W_r}, with F_r the capacity its frozen flows use and
 * {@code W_r = sum a_rf w_f} over its unfrozen flows; a bounded flow reaches its bound at
 * {@code b_f / w_f}. The lowest of these levels is the next event: the saturated resource's unfrozen
 * flows freeze at {@code w_f t} (or the flow at its bound), which changes F and W, hence s, of the
 * resources they cross. Resources wait in a heap by level, bounded flows in a sorted list, so a
 * solve costs O(E log R) for E flow-resource pairs and R resources, where the global solver
 * ({@link MaxMinFairShare}) touches every flow and resource in every round.
 *
 * <p>In exact arithmetic this is the same allocation as {@link MaxMinFairShare} (the unique
 * weighted max-min fair one: every flow has a bottleneck, a saturated resource on which no flow
 * has a higher rate per unit of weight, or its bound). Resources of infinite capacity are ignored
 * (never a bottleneck). The order of operations depends only on the flows given (in that order),
 * their resources and their lists in the engine, so the same component gives the same bits.
 */
final class ComponentSolver {
    private double[] frozenUse;
    private double[] load;
    private double[] level;
    private int[] unfrozenOn;
    private int[] heapPos;
    private int[] heap;
    private int heapSize;
    private int[] listed;
    private int listedCount;
    private boolean[] inList;
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
        inList = new boolean[resources];
    }

    private static final Comparator<Flow> BY_BOUND_LEVEL = (a, b) -> {
        int c = Double.compare(a.bound / a.weight, b.bound / b.weight);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    /**
     * Sets {@code newRate} of {@code flows[0..n)}, a union of whole components: every flow on a
     * finite resource of one of them is among them. {@code on[r][0..onCount[r])} are the flows on
     * resource r.
     */
    void solve(Flow[] flows, int n, double[] capacity, Flow[][] on, int[] onCount) {
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
                int[] rf = f.res;
                double[] cf = f.coef;
                for (int k = 0; k < rf.length; k++) {
                    int r = rf[k];
                    if (capacity[r] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    if (!inList[r]) {
                        inList[r] = true;
                        listed[listedCount++] = r;
                    }
                    load[r] += cf[k] * f.weight;
                    unfrozenOn[r]++;
                }
                if (f.bound != Double.POSITIVE_INFINITY) {
                    if (boundedCount == bounded.length) {
                        bounded = Arrays.copyOf(bounded, 2 * boundedCount);
                    }
                    bounded[boundedCount++] = f;
                }
            }
            if (boundedCount > 1) {
                Arrays.sort(bounded, 0, boundedCount, BY_BOUND_LEVEL);
            }
            for (int i = 0; i < listedCount; i++) {
                int r = listed[i];
                level[r] = (capacity[r] - frozenUse[r]) / load[r];
                heapPos[r] = heapSize;
                heap[heapSize++] = r;
            }
            for (int i = heapSize / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
            double t = 0;
            int unfrozen = n;
            int bi = 0;
            while (unfrozen > 0) {
                while (bi < boundedCount && bounded[bi].frozen) {
                    bi++;
                }
                double tb = bi < boundedCount ? bounded[bi].bound / bounded[bi].weight : Double.POSITIVE_INFINITY;
                double tr = heapSize > 0 ? level[heap[0]] : Double.POSITIVE_INFINITY;
                if (tb == Double.POSITIVE_INFINITY && tr == Double.POSITIVE_INFINITY) {
                    throw new IllegalStateException("a flow has neither a finite resource nor a rate bound");
                }
                if (tb < tr) {
                    Flow f = bounded[bi++];
                    t = Math.max(t, tb);
                    freeze(f, f.bound);
                    unfrozen--;
                } else {
                    int r = heap[0];
                    remove(r);
                    t = Math.max(t, tr);
                    Flow[] list = on[r];
                    for (int i = 0, c = onCount[r]; i < c && unfrozenOn[r] > 0; i++) {
                        Flow f = list[i];
                        if (!f.frozen) {
                            freeze(f, Math.min(f.bound, f.weight * t));
                            unfrozen--;
                        }
                    }
                }
            }
        } finally {
            for (int i = 0; i < listedCount; i++) {
                int r = listed[i];
                inList[r] = false;
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

    private void freeze(Flow f, double rate) {
        f.frozen = true;
        f.newRate = rate;
        int[] rf = f.res;
        double[] cf = f.coef;
        for (int k = 0; k < rf.length; k++) {
            int r = rf[k];
            if (!inList[r]) {
                continue; // infinite capacity
            }
            frozenUse[r] += cf[k] * rate;
            load[r] -= cf[k] * f.weight;
            if (--unfrozenOn[r] == 0) {
                if (heapPos[r] >= 0) {
                    remove(r);
                }
                continue;
            }
            if (heapPos[r] >= 0) {
                if (!(load[r] > 0)) {
                    load[r] = unfrozenLoad(r); // the running sum cancelled out: sum it again
                }
                level[r] = (capacity[r] - frozenUse[r]) / load[r];
                int i = siftUp(heapPos[r]);
                siftDown(i);
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

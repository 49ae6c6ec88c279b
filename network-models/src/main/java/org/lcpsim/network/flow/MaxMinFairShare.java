package org.lcpsim.network.flow;

import java.util.Arrays;

/**
 * Max-min fair rates by progressive filling (Bertsekas and Gallager, Data Networks, 6.5.2):
 * every unfrozen flow's rate grows at the same pace (or, with weights, in proportion to its
 * weight); a resource saturates when the weighted sum of its flows' rates reaches its capacity
 * ({@code sum_f a_rf x_f <= C_r}); a flow freezes when one of its resources saturates or it
 * reaches its own bound. The result is the unique allocation where every flow has a bottleneck: a
 * saturated resource on which no flow gets more per unit of weight, or its bound.
 *
 * <p>The global solver: every round touches every flow and resource given. The engine solves with
 * {@link ComponentSolver}, one connected component at a time; this class is its reference
 * ({@link FlowEngine.Mode#GLOBAL}).
 *
 * <p>One instance per network instance: it keeps its scratch arrays between calls so that a
 * recomputation allocates nothing once warm (sweeps recompute millions of times). At most
 * (flows + resources) rounds, each linear in the routes' total length.
 */
public final class MaxMinFairShare {
    /** Relative tolerance under which a resource counts as saturated or a flow as at its bound. */
    private static final double EPS = 1e-12;

    private double[] remaining = new double[0];
    private double[] load = new double[0];
    private boolean[] saturated = new boolean[0];
    private boolean[] touchedMark = new boolean[0];
    private int[] touched = new int[0];
    private boolean[] frozen = new boolean[0];

    /**
     * Computes the rates of {@code n} flows. Flow f crosses resources {@code res[f][0..len[f])}
     * using {@code coef[f][k]} capacity units per unit of its rate, and may not exceed
     * {@code bound[f]} (+infinity for none). Capacities may be +infinity (never a bottleneck).
     * Every flow needs a finite bottleneck; the rates go to {@code rate[0..n)}.
     */
    public void solve(int n, int[][] res, double[][] coef, int[] len, double[] bound, double[] capacity, double[] rate) {
        solve(n, res, coef, len, bound, null, capacity, rate);
    }

    /**
     * As {@link #solve(int, int[][], double[][], int[], double[], double[], double[])}, the rates
     * growing in proportion to {@code weight[f]} (> 0; null for all 1: the same arithmetic).
     */
    public void solve(int n, int[][] res, double[][] coef, int[] len, double[] bound, double[] weight, double[] capacity,
            double[] rate) {
        int resources = capacity.length;
        ensure(resources, n);
        int touchedCount = 0;
        for (int f = 0; f < n; f++) {
            rate[f] = 0;
            frozen[f] = false;
            int[] rf = res[f];
            double[] cf = coef[f];
            double w = weight == null ? 1.0 : weight[f];
            for (int k = 0; k < len[f]; k++) {
                int r = rf[k];
                if (!touchedMark[r]) {
                    touchedMark[r] = true;
                    touched[touchedCount++] = r;
                    remaining[r] = capacity[r];
                    load[r] = 0;
                    saturated[r] = false;
                }
                load[r] += cf[k] * w;
            }
        }
        int unfrozen = n;
        try {
            while (unfrozen > 0) {
                double inc = Double.POSITIVE_INFINITY;
                int argResource = -1;
                int argFlow = -1;
                for (int t = 0; t < touchedCount; t++) {
                    int r = touched[t];
                    if (!saturated[r] && load[r] > 0) {
                        double v = remaining[r] / load[r];
                        if (v < inc) {
                            inc = v;
                            argResource = r;
                        }
                    }
                }
                for (int f = 0; f < n; f++) {
                    if (!frozen[f]) {
                        double v = (bound[f] - rate[f]) / (weight == null ? 1.0 : weight[f]);
                        if (v < inc) {
                            inc = v;
                            argFlow = f;
                            argResource = -1;
                        }
                    }
                }
                if (inc == Double.POSITIVE_INFINITY) {
                    throw new IllegalStateException("a flow has neither a finite resource nor a rate bound");
                }
                if (inc < 0) {
                    inc = 0; // rounding: a resource already (over)full
                }
                for (int f = 0; f < n; f++) {
                    if (!frozen[f]) {
                        rate[f] += inc * (weight == null ? 1.0 : weight[f]);
                    }
                }
                for (int t = 0; t < touchedCount; t++) {
                    int r = touched[t];
                    if (!saturated[r] && load[r] > 0) {
                        remaining[r] -= inc * load[r];
                        if (r == argResource || (capacity[r] != Double.POSITIVE_INFINITY && remaining[r] <= EPS * capacity[r])) {
                            saturated[r] = true;
                        }
                    }
                }
                for (int f = 0; f < n; f++) {
                    if (frozen[f]) {
                        continue;
                    }
                    boolean freeze = f == argFlow
                            || (bound[f] != Double.POSITIVE_INFINITY && bound[f] - rate[f] <= EPS * bound[f]);
                    int[] rf = res[f];
                    for (int k = 0; k < len[f] && !freeze; k++) {
                        freeze = saturated[rf[k]];
                    }
                    if (freeze) {
                        frozen[f] = true;
                        unfrozen--;
                        double[] cf = coef[f];
                        double w = weight == null ? 1.0 : weight[f];
                        for (int k = 0; k < len[f]; k++) {
                            load[rf[k]] -= cf[k] * w;
                        }
                    }
                }
            }
        } finally {
            for (int t = 0; t < touchedCount; t++) {
                touchedMark[touched[t]] = false;
            }
        }
    }

    private void ensure(int resources, int flows) {
        if (remaining.length < resources) {
            int size = Math.max(resources, remaining.length * 2);
            remaining = new double[size];
            load = new double[size];
            saturated = new boolean[size];
            touchedMark = new boolean[size];
            touched = new int[size];
        }
        if (frozen.length < flows) {
            frozen = Arrays.copyOf(frozen, Math.max(flows, frozen.length * 2));
        }
    }
}

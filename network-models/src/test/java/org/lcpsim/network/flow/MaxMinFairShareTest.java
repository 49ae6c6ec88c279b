package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MaxMinFairShareTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Flows given as rows of coefficients over the resources (0 = not crossed). */
    private static double[] solve(double[] capacity, double[][] matrix, double[] bound) {
        int n = matrix.length;
        int[][] res = new int[n][];
        double[][] coef = new double[n][];
        int[] len = new int[n];
        for (int f = 0; f < n; f++) {
            int k = 0;
            for (double a : matrix[f]) {
                k += a > 0 ? 1 : 0;
            }
            res[f] = new int[k];
            coef[f] = new double[k];
            k = 0;
            for (int r = 0; r < matrix[f].length; r++) {
                if (matrix[f][r] > 0) {
                    res[f][k] = r;
                    coef[f][k++] = matrix[f][r];
                }
            }
            len[f] = k;
        }
        double[] rate = new double[n];
        new MaxMinFairShare().solve(n, res, coef, len, bound, capacity, rate);
        return rate;
    }

    private static double[] unbounded(int n) {
        double[] b = new double[n];
        java.util.Arrays.fill(b, INF);
        return b;
    }

    @Test
    void oneResourceIsSharedEqually() {
        double[] r = solve(new double[] {9}, new double[][] {{1}, {1}, {1}}, unbounded(3));
        assertArrayEquals(new double[] {3, 3, 3}, r, 1e-12);
    }

    /**
     * Two bottlenecks (the textbook progressive-filling example): A = 10 carries f0 and f1,
     * B = 6 carries f0, f2 and f3. B saturates first at 6/3 = 2 each, freezing f0, f2, f3; f1
     * then takes what A has left, 10 - 2 = 8.
     */
    @Test
    void twoBottlenecksGiveTheTextbookRates() {
        double[][] routes = {{1, 1}, {1, 0}, {0, 1}, {0, 1}};
        double[] r = solve(new double[] {10, 6}, routes, unbounded(4));
        assertArrayEquals(new double[] {2, 8, 2, 2}, r, 1e-12);
    }

    /**
     * Bertsekas and Gallager's style of example with the second bottleneck reached later:
     * L1 = 1 carries f0 and f1 (0.5 each), L2 = 3 carries f0, f2, f3: after f0 freezes at 0.5,
     * f2 and f3 split the remaining 2.5.
     */
    @Test
    void secondBottleneckIsFilledAfterTheFirst() {
        double[][] routes = {{1, 1}, {1, 0}, {0, 1}, {0, 1}};
        double[] r = solve(new double[] {1, 3}, routes, unbounded(4));
        assertArrayEquals(new double[] {0.5, 0.5, 1.25, 1.25}, r, 1e-12);
    }

    /** Parking lot: a long flow over three unit links, one short flow per link: all get 1/2. */
    @Test
    void parkingLot() {
        double[][] routes = {{1, 1, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double[] r = solve(new double[] {1, 1, 1}, routes, unbounded(4));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, r, 1e-12);
    }

    /** Rates are equal, consumption is weighted: 2x + x = 12 gives 4 each. */
    @Test
    void coefficientsWeighConsumptionNotRates() {
        double[] r = solve(new double[] {12}, new double[][] {{2}, {1}}, unbounded(2));
        assertArrayEquals(new double[] {4, 4}, r, 1e-12);
    }

    @Test
    void boundedFlowLeavesItsShareToOthers() {
        double[] r = solve(new double[] {10}, new double[][] {{1}, {1}}, new double[] {1, INF});
        assertArrayEquals(new double[] {1, 9}, r, 1e-12);
    }

    @Test
    void infiniteCapacityOnlyCountsAndNeedsABound() {
        double[] r = solve(new double[] {INF}, new double[][] {{1}, {1}}, new double[] {3, 5});
        assertArrayEquals(new double[] {3, 5}, r, 1e-12);
        assertThrows(IllegalStateException.class, () -> solve(new double[] {INF}, new double[][] {{1}}, unbounded(1)));
    }

    /**
     * Random instances: the allocation is feasible, and every flow has a bottleneck (a saturated
     * resource where no flow gets a higher rate, or its own bound): the definition of max-min
     * fairness, independent of how the solver gets there.
     */
    @Test
    void randomInstancesAreFeasibleAndEveryFlowHasABottleneck() {
        SplittableRandom rnd = new SplittableRandom(7);
        MaxMinFairShare solver = new MaxMinFairShare();
        for (int trial = 0; trial < 300; trial++) {
            int resources = 1 + rnd.nextInt(6);
            int n = 1 + rnd.nextInt(12);
            double[] cap = new double[resources];
            for (int r = 0; r < resources; r++) {
                cap[r] = 1 + rnd.nextDouble() * 99;
            }
            double[][] a = new double[n][resources];
            int[][] res = new int[n][];
            double[][] coef = new double[n][];
            int[] len = new int[n];
            double[] bound = new double[n];
            for (int f = 0; f < n; f++) {
                int count = 0;
                for (int r = 0; r < resources; r++) {
                    if (rnd.nextInt(3) == 0) {
                        a[f][r] = rnd.nextInt(4) == 0 ? 2 : 1;
                        count++;
                    }
                }
                if (count == 0) {
                    a[f][rnd.nextInt(resources)] = 1;
                    count = 1;
                }
                res[f] = new int[count];
                coef[f] = new double[count];
                int k = 0;
                for (int r = 0; r < resources; r++) {
                    if (a[f][r] > 0) {
                        res[f][k] = r;
                        coef[f][k++] = a[f][r];
                    }
                }
                len[f] = count;
                bound[f] = rnd.nextInt(4) == 0 ? 1 + rnd.nextDouble() * 20 : INF;
            }
            double[] rate = new double[n];
            solver.solve(n, res, coef, len, bound, cap, rate);
            double[] used = new double[resources];
            for (int f = 0; f < n; f++) {
                assertTrue(rate[f] > 0 && rate[f] <= bound[f] * (1 + 1e-9), "rate within bound");
                for (int r = 0; r < resources; r++) {
                    used[r] += a[f][r] * rate[f];
                }
            }
            for (int r = 0; r < resources; r++) {
                assertTrue(used[r] <= cap[r] * (1 + 1e-9), "capacity respected");
            }
            for (int f = 0; f < n; f++) {
                boolean bottleneck = rate[f] >= bound[f] * (1 - 1e-9);
                for (int r = 0; r < resources && !bottleneck; r++) {
                    if (a[f][r] == 0 || used[r] < cap[r] * (1 - 1e-9)) {
                        continue;
                    }
                    boolean highest = true;
                    for (int g = 0; g < n; g++) {
                        highest &= a[g][r] == 0 || rate[g] <= rate[f] * (1 + 1e-9);
                    }
                    bottleneck = highest;
                }
                assertTrue(bottleneck, "trial " + trial + ": flow " + f + " has no bottleneck");
            }
        }
    }

    @Test
    void scratchIsReusedAcrossSizes() {
        MaxMinFairShare solver = new MaxMinFairShare();
        double[] rate = new double[3];
        solver.solve(3, new int[][] {{0}, {0}, {1}}, new double[][] {{1}, {1}, {1}}, new int[] {1, 1, 1},
                unbounded(3), new double[] {4, 5}, rate);
        assertArrayEquals(new double[] {2, 2, 5}, rate, 1e-12);
        solver.solve(1, new int[][] {{0}}, new double[][] {{1}}, new int[] {1}, unbounded(1), new double[] {7}, rate);
        assertEquals(7, rate[0], 1e-12);
    }
}

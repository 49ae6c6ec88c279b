package org.lcpsim.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The phase times' union of intervals, from starts and ends sorted apart, against merging the intervals sorted by start. */
class UnionLengthTest {

    /** The reference: the intervals sorted by start, merged where they meet, block lengths summed in time order. */
    private static double merged(double[] starts, double[] ends, int m) {
        List<double[]> intervals = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            intervals.add(new double[] {starts[i], ends[i]});
        }
        intervals.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = 0;
        double curStart = intervals.get(0)[0];
        double curEnd = intervals.get(0)[1];
        for (double[] iv : intervals) {
            if (iv[0] > curEnd) {
                total += curEnd - curStart;
                curStart = iv[0];
                curEnd = iv[1];
            } else {
                curEnd = Math.max(curEnd, iv[1]);
            }
        }
        return total + (curEnd - curStart);
    }

    @Test
    void sameBitsAsMergingTheSortedIntervals() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 5000; trial++) {
            int m = 1 + random.nextInt(trial % 3 == 0 ? 4 : 60);
            double[] starts = new double[m];
            double[] ends = new double[m];
            // coarse values give ties, touching and nested intervals; fine ones give rounding to keep
            boolean coarse = random.nextBoolean();
            for (int i = 0; i < m; i++) {
                double s = coarse ? random.nextInt(20) : random.nextDouble() * 1000 / 3;
                starts[i] = s;
                ends[i] = s + (coarse ? random.nextInt(6) : random.nextDouble() * 50 / 7);
            }
            double expected = merged(starts, ends, m);
            double got = Executor.unionLength(starts.clone(), ends.clone(), m);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), "trial " + trial + ": " + expected
                    + " vs " + got);
        }
    }

    @Test
    void disjointNestedAndTouching() {
        // [0,2] [1,3] touch [3,4]: one block of 4; [10,20] holds [12,13]; [30,30] is empty
        double[] s = {10, 0, 3, 1, 12, 30};
        double[] e = {20, 2, 4, 3, 13, 30};
        assertEquals(4 + 10 + 0, Executor.unionLength(s, e, 6), 0);
    }
}

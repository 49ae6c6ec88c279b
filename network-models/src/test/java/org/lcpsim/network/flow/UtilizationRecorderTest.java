package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.RateSeries;

/** The recorder of every resource's series, against one series recorded alone as the engine did before. */
class UtilizationRecorderTest {

    /** The reference: one series in two arrays, merged pairwise when full (the recorder before it held all resources). */
    private static final class OneSeries {
        final int maxPoints;
        double[] start = new double[8];
        double[] mbps = new double[8];
        int size;

        OneSeries(int maxPoints) {
            this.maxPoints = maxPoints;
        }

        void record(double timeMs, double rateMbps) {
            if (size > 0 && start[size - 1] == timeMs) {
                mbps[size - 1] = rateMbps;
                if (size > 1 && mbps[size - 2] == rateMbps) {
                    size--;
                }
                return;
            }
            if (size > 0 && mbps[size - 1] == rateMbps) {
                return;
            }
            if (size == maxPoints) {
                int out = 0;
                for (int i = 0; i < size; i += 2) {
                    double s0 = start[i];
                    double r;
                    if (i + 1 < size) {
                        double s1 = start[i + 1];
                        double e = i + 2 < size ? start[i + 2] : timeMs;
                        double span = e - s0;
                        r = span > 0 ? (mbps[i] * (s1 - s0) + mbps[i + 1] * (e - s1)) / span : mbps[i + 1];
                    } else {
                        r = mbps[i];
                    }
                    start[out] = s0;
                    mbps[out++] = r;
                }
                size = out;
            }
            if (size == start.length) {
                start = Arrays.copyOf(start, Math.min(maxPoints, size * 2));
                mbps = Arrays.copyOf(mbps, start.length);
            }
            start[size] = timeMs;
            mbps[size++] = rateMbps;
        }
    }

    @Test
    void everySeriesIsTheOneRecordedAlone() {
        SplittableRandom random = new SplittableRandom(5);
        for (int maxPoints : new int[] {2, 4, 16, 256}) {
            int resources = 7;
            UtilizationRecorder all = new UtilizationRecorder(resources, maxPoints);
            OneSeries[] alone = new OneSeries[resources];
            for (int r = 0; r < resources; r++) {
                alone[r] = new OneSeries(maxPoints);
            }
            double now = 0;
            for (int k = 0; k < 20_000; k++) {
                // several changes at one instant, repeated rates, rates back to an earlier one
                now += random.nextInt(4) == 0 ? 0 : random.nextDouble() * 3;
                int r = random.nextInt(resources - 1); // the last resource never carries anything
                double rate = random.nextInt(3) == 0 ? 0 : random.nextInt(5) * 12.5;
                all.record(r, now, rate);
                alone[r].record(now, rate);
            }
            for (int r = 0; r < resources - 1; r++) {
                assertTrue(all.has(r));
                RateSeries s = all.snapshot(r);
                assertEquals(alone[r].size, s.size(), "resource " + r + " of " + maxPoints + " points");
                assertTrue(s.size() <= maxPoints);
                assertArrayEquals(Arrays.copyOf(alone[r].start, alone[r].size), s.startMs(), 0);
                assertArrayEquals(Arrays.copyOf(alone[r].mbps, alone[r].size), s.mbps(), 0);
            }
            assertFalse(all.has(resources - 1));
            assertEquals(0, all.snapshot(resources - 1).size());
        }
    }
}

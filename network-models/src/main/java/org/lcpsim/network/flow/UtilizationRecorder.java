package org.lcpsim.network.flow;

import org.lcpsim.network.RateSeries;

/**
 * Records a resource's carried rate as a piecewise-constant series of at most {@code maxPoints}
 * points. When full, neighbouring segments are merged pairwise into their time-weighted mean:
 * the carried bytes stay exact and the resolution halves, so a long run still fits.
 */
final class UtilizationRecorder {
    private final int maxPoints;
    private double[] start = new double[8];
    private double[] mbps = new double[8];
    private int size;

    UtilizationRecorder(int maxPoints) {
        if (maxPoints < 2 || maxPoints % 2 != 0) {
            throw new IllegalArgumentException("maxPoints must be an even number >= 2");
        }
        this.maxPoints = maxPoints;
    }

    void record(double timeMs, double rateMbps) {
        if (size > 0 && start[size - 1] == timeMs) {
            mbps[size - 1] = rateMbps; // several changes at one instant: the last one holds
            if (size > 1 && mbps[size - 2] == rateMbps) {
                size--;
            }
            return;
        }
        if (size > 0 && mbps[size - 1] == rateMbps) {
            return;
        }
        if (size == maxPoints) {
            halve(timeMs);
        }
        if (size == start.length) {
            start = java.util.Arrays.copyOf(start, Math.min(maxPoints, size * 2));
            mbps = java.util.Arrays.copyOf(mbps, start.length);
        }
        start[size] = timeMs;
        mbps[size++] = rateMbps;
    }

    /** Merges points (0,1), (2,3), ...; the last segment ends at {@code endMs}. */
    private void halve(double endMs) {
        int out = 0;
        for (int i = 0; i < size; i += 2) {
            double s0 = start[i];
            double r;
            if (i + 1 < size) {
                double s1 = start[i + 1];
                double e = i + 2 < size ? start[i + 2] : endMs;
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

    RateSeries snapshot() {
        return new RateSeries(java.util.Arrays.copyOf(start, size), java.util.Arrays.copyOf(mbps, size));
    }
}

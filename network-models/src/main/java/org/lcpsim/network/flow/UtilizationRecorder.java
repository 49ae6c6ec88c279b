package org.lcpsim.network.flow;

import java.util.Arrays;

import org.lcpsim.network.RateSeries;

/**
 * Records each resource's carried rate as a piecewise-constant series of at most
 * {@code maxPoints} points. When a series is full, neighbouring segments are merged pairwise into
 * their time-weighted mean: the carried bytes stay exact and the resolution halves, so a long run
 * still fits.
 *
 * <p>One object for all the resources of an engine, each series one array of (start, Mbps) pairs
 * with its length in a shared array: no object per resource, one array where there were two.
 */
final class UtilizationRecorder {
    private final int maxPoints;
    /** Per resource: start (ms) and rate (Mbps) of point i at [2 i] and [2 i + 1]; null before its first record. */
    private final double[][] points;
    private final int[] size;

    UtilizationRecorder(int resources, int maxPoints) {
        if (maxPoints < 2 || maxPoints % 2 != 0) {
            throw new IllegalArgumentException("maxPoints must be an even number >= 2");
        }
        this.maxPoints = maxPoints;
        this.points = new double[resources][];
        this.size = new int[resources];
    }

    /** Whether resource r has a series (its rate was recorded at least once). */
    boolean has(int r) {
        return points[r] != null;
    }

    void record(int r, double timeMs, double rateMbps) {
        double[] p = points[r];
        int n = size[r];
        if (p == null) {
            p = new double[16];
            points[r] = p;
        }
        if (n > 0 && p[2 * n - 2] == timeMs) {
            p[2 * n - 1] = rateMbps; // several changes at one instant: the last one holds
            if (n > 1 && p[2 * n - 3] == rateMbps) {
                size[r] = n - 1;
            }
            return;
        }
        if (n > 0 && p[2 * n - 1] == rateMbps) {
            return;
        }
        if (n == maxPoints) {
            n = halve(p, n, timeMs);
        }
        if (2 * n == p.length) {
            p = Arrays.copyOf(p, Math.min(2 * maxPoints, 4 * n));
            points[r] = p;
        }
        p[2 * n] = timeMs;
        p[2 * n + 1] = rateMbps;
        size[r] = n + 1;
    }

    /** Merges points (0,1), (2,3), ... of the n in {@code p}; the last segment ends at {@code endMs}. Returns the new count. */
    private static int halve(double[] p, int n, double endMs) {
        int out = 0;
        for (int i = 0; i < n; i += 2) {
            double s0 = p[2 * i];
            double r;
            if (i + 1 < n) {
                double s1 = p[2 * i + 2];
                double e = i + 2 < n ? p[2 * i + 4] : endMs;
                double span = e - s0;
                r = span > 0 ? (p[2 * i + 1] * (s1 - s0) + p[2 * i + 3] * (e - s1)) / span : p[2 * i + 3];
            } else {
                r = p[2 * i + 1];
            }
            p[2 * out] = s0;
            p[2 * out + 1] = r;
            out++;
        }
        return out;
    }

    /** Resource r's series (empty before its first record). */
    RateSeries snapshot(int r) {
        int n = size[r];
        double[] start = new double[n];
        double[] mbps = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = points[r][2 * i];
            mbps[i] = points[r][2 * i + 1];
        }
        return new RateSeries(start, mbps);
    }
}

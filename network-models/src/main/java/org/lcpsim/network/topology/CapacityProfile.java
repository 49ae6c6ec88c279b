package org.lcpsim.network.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A link's capacity over time, piecewise constant: its nominal bandwidth until the first change,
 * then {@code mbps[i]} from {@code timeMs[i]} on (0: down). Built from a bandwidth trace (rows of
 * time and bandwidth) and the windows in which the link is down, which win over the trace.
 */
public record CapacityProfile(double[] timeMs, double[] mbps) {
    public static final CapacityProfile CONSTANT = new CapacityProfile(new double[0], new double[0]);

    public CapacityProfile {
        if (timeMs.length != mbps.length) {
            throw new IllegalArgumentException("a capacity profile needs a capacity per time");
        }
        for (int i = 0; i < timeMs.length; i++) {
            if (!(timeMs[i] >= 0) || Double.isInfinite(timeMs[i]) || (i > 0 && !(timeMs[i] > timeMs[i - 1]))) {
                throw new IllegalArgumentException("capacity changes need finite times >= 0, increasing");
            }
            if (!(mbps[i] >= 0) || Double.isInfinite(mbps[i])) {
                throw new IllegalArgumentException("a capacity must be finite and >= 0, got " + mbps[i]);
            }
        }
        timeMs = timeMs.clone();
        mbps = mbps.clone();
    }

    /**
     * The profile of a link of {@code nominalMbps} whose bandwidth follows the trace
     * ({@code traceMs}, {@code traceMbps}: from each time on, until the next; empty for none) and
     * that is down (0) in {@code [downFromMs[k], downUntilMs[k])}. Changes that change nothing are
     * left out.
     */
    public static CapacityProfile of(double nominalMbps, double[] traceMs, double[] traceMbps, double[] downFromMs,
                                     double[] downUntilMs) {
        // the down windows as disjoint, sorted intervals
        int w = downFromMs.length;
        Integer[] order = new Integer[w];
        for (int k = 0; k < w; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(downFromMs[a], downFromMs[b]));
        List<double[]> down = new ArrayList<>();
        for (int k : order) {
            double from = downFromMs[k];
            double until = downUntilMs[k];
            if (!(until > from)) {
                continue;
            }
            double[] last = down.isEmpty() ? null : down.get(down.size() - 1);
            if (last != null && from <= last[1]) {
                last[1] = Math.max(last[1], until);
            } else {
                down.add(new double[] {from, until});
            }
        }
        // every instant at which something may change, in order
        double[] points = new double[traceMs.length + 2 * down.size()];
        int p = 0;
        for (double t : traceMs) {
            points[p++] = t;
        }
        for (double[] d : down) {
            points[p++] = d[0];
            points[p++] = d[1];
        }
        Arrays.sort(points);
        List<Double> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double current = nominalMbps;
        int trace = -1;
        int window = 0;
        for (int i = 0; i < points.length; i++) {
            double t = points[i];
            if (i > 0 && t == points[i - 1]) {
                continue;
            }
            while (trace + 1 < traceMs.length && traceMs[trace + 1] <= t) {
                trace++;
            }
            while (window < down.size() && down.get(window)[1] <= t) {
                window++;
            }
            boolean isDown = window < down.size() && down.get(window)[0] <= t;
            double v = isDown ? 0 : trace >= 0 ? traceMbps[trace] : nominalMbps;
            if (v != current) {
                times.add(t);
                values.add(v);
                current = v;
            }
        }
        double[] tm = new double[times.size()];
        double[] mb = new double[times.size()];
        for (int i = 0; i < tm.length; i++) {
            tm[i] = times.get(i);
            mb[i] = values.get(i);
        }
        return new CapacityProfile(tm, mb);
    }

    public int size() {
        return timeMs.length;
    }

    /** The capacity at {@code t} (ms), the link's {@code nominalMbps} before the first change. */
    public double at(double t, double nominalMbps) {
        double v = nominalMbps;
        for (int i = 0; i < timeMs.length && timeMs[i] <= t; i++) {
            v = mbps[i];
        }
        return v;
    }

    /** The smallest capacity above 0 the link ever has ({@code nominalMbps} included). */
    public double lowestUpMbps(double nominalMbps) {
        double low = nominalMbps;
        for (double v : mbps) {
            if (v > 0) {
                low = Math.min(low, v);
            }
        }
        return low;
    }

    /** The time the link spends down (at 0), in ms; the profile ends up, so it is finite. */
    public double downMs() {
        double total = 0;
        for (int i = 0; i < timeMs.length; i++) {
            if (mbps[i] == 0) {
                total += i + 1 < timeMs.length ? timeMs[i + 1] - timeMs[i] : Double.POSITIVE_INFINITY;
            }
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapacityProfile c && Arrays.equals(timeMs, c.timeMs) && Arrays.equals(mbps, c.mbps);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(timeMs) + Arrays.hashCode(mbps);
    }

    @Override
    public String toString() {
        return "CapacityProfile[" + size() + " changes]";
    }
}

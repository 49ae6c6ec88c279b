package org.lcpsim.network;

import java.util.Arrays;

/**
 * A piecewise-constant rate over time: from {@code startMs[i]} until the next start (or the end of
 * the run for the last point) a resource carried {@code mbps[i]}. Producers keep it bounded by
 * merging neighbouring segments into their time-weighted mean, which keeps the bytes (the
 * integral) exact and only coarsens the time resolution.
 */
public record RateSeries(double[] startMs, double[] mbps) {
    public static final RateSeries EMPTY = new RateSeries(new double[0], new double[0]);

    public RateSeries {
        if (startMs.length != mbps.length) {
            throw new IllegalArgumentException("a rate series needs one rate per start time");
        }
        startMs = startMs.clone();
        mbps = mbps.clone();
        for (int i = 1; i < startMs.length; i++) {
            if (!(startMs[i] >= startMs[i - 1])) {
                throw new IllegalArgumentException("rate series start times must not decrease");
            }
        }
    }

    @Override
    public double[] startMs() {
        return startMs.clone();
    }

    @Override
    public double[] mbps() {
        return mbps.clone();
    }

    public int size() {
        return startMs.length;
    }

    public double startMs(int i) {
        return startMs[i];
    }

    public double mbps(int i) {
        return mbps[i];
    }

    /** Bytes carried between the first point and {@code endMs} (1 Mbps = 125 bytes per ms). */
    public double bytesUntil(double endMs) {
        double bytes = 0;
        for (int i = 0; i < startMs.length; i++) {
            double end = i + 1 < startMs.length ? startMs[i + 1] : endMs;
            bytes += mbps[i] * 125.0 * Math.max(0, Math.min(end, endMs) - startMs[i]);
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateSeries r && Arrays.equals(r.startMs, startMs) && Arrays.equals(r.mbps, mbps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startMs) * 31 + Arrays.hashCode(mbps);
    }

    @Override
    public String toString() {
        return "RateSeries[" + startMs.length + " points]";
    }
}

package org.lcpsim.reports.charts;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.lcpsim.results.PointResult;

/**
 * A number per design point that a scatter or heatmap can show: its results.csv column name,
 * an axis label with its unit, how to read it (NaN when a point has no value, e.g. no metrics
 * because it did not fit, or a figure that is unknown), and which direction is better. A
 * saturated point has no latency here (its latencies are those of a growing queue, which would
 * only depend on how long the run lasted); its throughput, energy and traffic stay.
 */
public record Metric(String name, String label, ToDoubleFunction<PointResult> value, boolean higherIsBetter) {
    public static final Metric LATENCY_MEAN_MS = new Metric("latency_ms_mean", "mean latency per inference (ms)",
            p -> p.ok() ? p.metrics().latencyMsMean() : Double.NaN, false);
    public static final Metric LATENCY_P95_MS = new Metric("latency_ms_p95", "95th percentile latency (ms)",
            p -> p.ok() ? p.metrics().latencyMsP95() : Double.NaN, false);
    public static final Metric THROUGHPUT_IPS = new Metric("throughput_ips", "throughput (inferences/s)",
            p -> p.hasMetrics() ? p.metrics().throughputIps() : Double.NaN, true);
    public static final Metric ENERGY_J = new Metric("energy_j_per_inference", "energy per inference (J)",
            p -> p.hasMetrics() ? p.metrics().energyJPerInference() : Double.NaN, false);
    public static final Metric BYTES_KB = new Metric("bytes_total", "data per inference (kB)",
            p -> p.hasMetrics() ? p.metrics().bytesPerRequest() / 1000.0 : Double.NaN, false);
    public static final Metric PARAMS_M = new Metric("params", "parameters (millions)", p -> p.params() / 1e6, false);
    public static final Metric MACS_G = new Metric("macs", "multiply-accumulates per inference (GMAC)",
            p -> p.macs() / 1e9, false);
    public static final Metric DEVICES = new Metric("devices", "devices used", p -> p.devices(), false);
    public static final Metric PEAK_MEMORY_MB = new Metric("peak_memory_mb_max", "peak memory of the fullest device (MB)",
            p -> p.memory().isEmpty() ? Double.NaN : p.peakMemoryMbMax(), false);

    public static final List<Metric> ALL = List.of(LATENCY_MEAN_MS, LATENCY_P95_MS, THROUGHPUT_IPS, ENERGY_J, BYTES_KB,
            PARAMS_M, MACS_G, DEVICES, PEAK_MEMORY_MB);

    public double of(PointResult p) {
        return value.applyAsDouble(p);
    }

    /** Whether {@code a} is better than {@code b} in this metric. */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    public static Optional<Metric> byName(String name) {
        return ALL.stream().filter(m -> m.name.equals(name)).findFirst();
    }
}

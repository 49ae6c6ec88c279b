package org.lcpsim.results;

import java.util.List;
import java.util.Map;

/**
 * One design point's outcome: what was simulated, and either its metrics ({@code status} "ok"),
 * or why there are none ("oom": a device does not fit and swap is off; "error: ..."). Memory is
 * known even without a simulation; {@code memory} lists the devices the deployment uses. {@code sweep} holds the swept field values of this point,
 * by field path, in sweep order.
 */
public record PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                          double fatten, String variant, String deviceType, String network, int requests,
                          int replications, long seed, long params, long macs, List<DeviceMemory> memory,
                          String status, Metrics metrics, Map<String, String> sweep) {

    public static final String OK = "ok";
    public static final String OOM = "oom";

    public PointResult {
        memory = List.copyOf(memory);
        sweep = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sweep));
    }

    /** The same result with its metrics stripped of per-request samples and timeline. */
    public PointResult compact() {
        return metrics == null ? this : new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant,
                deviceType, network, requests, replications, seed, params, macs, memory, status, metrics.withoutSamples(), sweep);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    public double peakMemoryMbMax() {
        long max = 0;
        for (DeviceMemory m : memory) {
            max = Math.max(max, m.report().totalBytes());
        }
        return max / (1024.0 * 1024.0);
    }

    public double swapMbMax() {
        long max = 0;
        for (DeviceMemory m : memory) {
            max = Math.max(max, m.report().swapBytes());
        }
        return max / (1024.0 * 1024.0);
    }
}

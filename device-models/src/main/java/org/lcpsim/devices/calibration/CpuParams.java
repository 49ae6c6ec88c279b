package org.lcpsim.devices.calibration;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.compute.MeasuredProfile;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.memory.MemorySpec;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.engine.Noise;
import org.lcpsim.workload.LayerKind;

/**
 * The named parameters of a CPU device as calibration sees them. Hardware: {@code coreGflops},
 * {@code cores}, {@code parallelEfficiency}, {@code memoryMb}, {@code swapBandwidthMBps}.
 * Framework: {@code efficiency.KIND} (KIND as in YAML: conv, depthwise-conv, dense, pool,
 * elementwise, reshape), {@code memoryBandwidthGBps}, {@code layerOverheadMs}, {@code frameworkMb},
 * {@code weightCopies} (default 1).
 * Measurement harness (not part of the device): {@code harness.fixedMs} and
 * {@code harness.msPerMb}, the cost of running one layer alone (session call, feeding its input
 * and fetching its output from Python) that per-layer profiles include and a whole model does not.
 */
public record CpuParams(Map<String, Double> values) {
    public static final List<String> HARDWARE = List.of("coreGflops", "cores", "parallelEfficiency", "memoryMb",
            "swapBandwidthMBps");
    public static final String HARNESS_FIXED = "harness.fixedMs";
    public static final String HARNESS_PER_MB = "harness.msPerMb";

    public CpuParams {
        Map<String, Double> m = new LinkedHashMap<>(values);
        for (String n : HARDWARE) {
            if (!m.containsKey(n)) {
                throw new IllegalArgumentException("missing parameter " + n);
            }
        }
        for (LayerKind k : LayerKind.values()) {
            if (!m.containsKey(eff(k))) {
                throw new IllegalArgumentException("missing parameter " + eff(k));
            }
        }
        for (String n : List.of("memoryBandwidthGBps", "layerOverheadMs", "frameworkMb")) {
            if (!m.containsKey(n)) {
                throw new IllegalArgumentException("missing parameter " + n);
            }
        }
        m.putIfAbsent("weightCopies", 1.0);
        m.putIfAbsent(HARNESS_FIXED, 0.0);
        m.putIfAbsent(HARNESS_PER_MB, 0.0);
        values = java.util.Collections.unmodifiableMap(m);
    }

    public static String eff(LayerKind k) {
        return "efficiency." + DeviceSpecs.kindName(k);
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown parameter " + name + "; known: " + values.keySet());
        }
        return v;
    }

    public CpuParams with(String name, double value) {
        get(name);
        Map<String, Double> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new CpuParams(m);
    }

    /** Lower and upper bound of a parameter, for the fit's change of variables. */
    public static double[] bounds(String name) {
        if (name.startsWith("efficiency.") || name.equals("parallelEfficiency")) {
            return new double[] {1e-6, 1.0};
        }
        if (name.equals("weightCopies")) {
            return new double[] {1.0, Double.POSITIVE_INFINITY};
        }
        return new double[] {0.0, Double.POSITIVE_INFINITY};
    }

    public CpuCompute compute() {
        Map<LayerKind, Double> e = new EnumMap<>(LayerKind.class);
        for (LayerKind k : LayerKind.values()) {
            e.put(k, get(eff(k)));
        }
        return new CpuCompute(get("coreGflops"), (int) Math.round(get("cores")), get("parallelEfficiency"), e,
                get("memoryBandwidthGBps"), get("layerOverheadMs"));
    }

    public MemorySpec memory() {
        return new MemorySpec(get("memoryMb"), get("frameworkMb"), get("weightCopies"), get("swapBandwidthMBps") > 0,
                get("swapBandwidthMBps"));
    }

    public EdgeDevice device(String type, String framework, PowerSpec power) {
        return new EdgeDevice(type, framework, compute(), MeasuredProfile.EMPTY, memory(), power, Noise.NONE);
    }

    /** The parameters of a bound CPU device (e.g. a preset), harness terms zero. */
    public static CpuParams of(EdgeDevice d) {
        if (!(d.compute() instanceof CpuCompute c)) {
            throw new IllegalArgumentException(d.type() + " is not a CPU device");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("coreGflops", c.coreGflops());
        m.put("cores", (double) c.cores());
        m.put("parallelEfficiency", c.parallelEfficiency());
        m.put("memoryMb", d.memory().capacityMb());
        m.put("swapBandwidthMBps", d.memory().swapEnabled() ? d.memory().swapBandwidthMBps() : 0.0);
        for (LayerKind k : LayerKind.values()) {
            m.put(eff(k), c.efficiency().get(k));
        }
        m.put("memoryBandwidthGBps", c.memoryBandwidthGBps());
        m.put("layerOverheadMs", c.layerOverheadMs());
        m.put("frameworkMb", d.memory().frameworkMb());
        m.put("weightCopies", d.memory().weightCopies());
        return new CpuParams(m);
    }
}

package org.lcpsim.devices.calibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.devices.PowerSpec;
import org.lcpsim.workload.LayerKind;

/**
 * Derives the {@code jetson-tx2} and {@code jetson-nano} presets from the IISWC 2019 per-model
 * latencies ({@code org/lcpsim/devices/calibration/jetson-measurements.csv}). The GPU is one
 * "core" at its FP32 peak (TX2: 256 CUDA cores x 1.3 GHz x 2; Nano: 128 x 0.921 GHz x 2 x 2 for
 * TensorRT's FP16), the memory bandwidth is the LPDDR4 figure (TX2 59.7 GB/s, Nano 25.6 GB/s).
 * Five whole-model rows per device fit three parameters: convolution and depthwise efficiency
 * and the per-layer overhead (kernel launches and framework work per layer).
 */
public final class JetsonCalibration {
    public static final String MEASUREMENTS = "org/lcpsim/devices/calibration/jetson-measurements.csv";

    private JetsonCalibration() {
    }

    static CpuParams start(double gflops, double bandwidthGBps, double memoryMb) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("coreGflops", gflops);
        m.put("cores", 1.0);
        m.put("parallelEfficiency", 1.0);
        m.put("memoryMb", memoryMb);
        m.put("swapBandwidthMBps", 0.0);
        for (LayerKind k : LayerKind.values()) {
            m.put(CpuParams.eff(k), 0.1);
        }
        m.put(CpuParams.eff(LayerKind.RESHAPE), 1.0);
        m.put(CpuParams.eff(LayerKind.DENSE), 0.5);
        m.put("memoryBandwidthGBps", bandwidthGBps);
        m.put("layerOverheadMs", 0.1);
        m.put("frameworkMb", org.lcpsim.devices.memory.MemorySpec.UNKNOWN_FRAMEWORK); // not measured: unknown, not 0
        return new CpuParams(m);
    }

    public static List<Measurement> measurements() {
        return Measurement.readResource(MEASUREMENTS);
    }

    private static final List<String> FREE = List.of(CpuParams.eff(LayerKind.CONV), CpuParams.eff(LayerKind.DEPTHWISE_CONV),
            "layerOverheadMs");

    public static CalibrationReport tx2() {
        return tx2(measurements());
    }

    public static CalibrationReport tx2(List<Measurement> rows) {
        // 8 GiB LPDDR4 shared with the CPU and OS: ~7 GiB left; no swap configured by default
        return Calibration.fit(new Calibration.Problem("jetson-tx2", "best", rows, start(665.6, 59.7, 7168),
                FREE, new PowerSpec(1.90, 9.65)));
    }

    public static CalibrationReport nano() {
        return nano(measurements());
    }

    public static CalibrationReport nano(List<Measurement> rows) {
        return Calibration.fit(new Calibration.Problem("jetson-nano", "tensorrt", rows, start(471.6, 25.6, 3072),
                FREE, new PowerSpec(1.25, 4.58)));
    }

    public static String yaml(CalibrationReport r) {
        boolean tx2 = r.device().equals("jetson-tx2");
        return CalibrationReport.toYaml(tx2 ? "NVIDIA Jetson TX2 (256-core Pascal GPU, 8 GB LPDDR4), calibrated"
                        : "NVIDIA Jetson Nano (128-core Maxwell GPU, 4 GB LPDDR4), TensorRT FP16, calibrated",
                "Produced by lcpsim calibrate (org.lcpsim.devices.calibration.JetsonCalibration) from jetson-measurements.csv"
                        + " (shipped in device-models/src/main/resources/org/lcpsim/devices/calibration; IISWC 2019 Fig.2,"
                        + " single device). Hardware: " + (tx2 ? "GPU FP32 peak 256 x 1.3 GHz x 2 = 665.6 GFLOP/s, LPDDR4 59.7 GB/s,"
                        + " memoryMb 7168 of 8 GiB" : "GPU FP16 peak 128 x 0.921 GHz x 2 x 2 = 471.6 GFLOP/s (TensorRT FP16),"
                        + " LPDDR4 25.6 GB/s, memoryMb 3072 of 4 GiB") + "; frameworkMb unknown (no source measures the runtime's"
                        + " memory: peak memory is blank, oom only when the known part alone does not fit); swap off."
                        + " Power idle/average " + (tx2 ? "1.90/9.65" : "1.25/4.58") + " W (IISWC19 Table III). int8: no"
                        + " int8Speedup (no int8 measurement on the board in the sources): int8 only shrinks the bytes.",
                List.of(r), "IISWC19 Table III, measured on the " + (tx2 ? "Jetson TX2" : "Jetson Nano"));
    }
}

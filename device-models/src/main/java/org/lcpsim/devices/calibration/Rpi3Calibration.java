package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.devices.PowerSpec;
import org.lcpsim.workload.LayerKind;

/**
 * Re-derives the shipped {@code rpi3} preset from the committed measurement file
 * ({@code org/lcpsim/devices/calibration/rpi3-measurements.csv}, rows copied from the reference
 * measurements with their source). Run:
 * <pre>
 *   mvn -q -B compile dependency:build-classpath -pl device-models -am -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp device-models/target/classes:$(cat /tmp/cp.txt) org.lcpsim.devices.calibration.RegeneratePresets
 * </pre>
 * (or run the test {@code Rpi3CalibrationTest}, which refits and compares with the shipped file).
 *
 * <p>Order: TensorFlow first (the LCP paper's cluster ran TensorFlow/Keras; it has the per-layer
 * profile and the memory observations, so it fixes the hardware: memory bandwidth, free memory,
 * swap bandwidth); then TFLite and PyTorch, which have three and five whole-model rows, fit
 * only their efficiencies and per-layer overhead (PyTorch also its effective memory bandwidth:
 * its dense-heavy rows, AlexNet and VGG16, cannot be met otherwise) and keep the rest of the
 * TensorFlow fit except {@code weightCopies} (1). Dense layers are memory-bound at any plausible efficiency (2 FLOP per 4 weight
 * bytes), so {@code efficiency.dense} is not identifiable and stays at its start value, as do
 * pooling and element-wise layers.
 */
public final class Rpi3Calibration {
    public static final String MEASUREMENTS = "org/lcpsim/devices/calibration/rpi3-measurements.csv";
    public static final PowerSpec POWER = new PowerSpec(1.33, 2.73);

    private Rpi3Calibration() {
    }

    /** Hardware and starting values; see docs/device-models.md for each number's origin. */
    public static CpuParams start() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("coreGflops", 9.6); // 1.2 GHz x 8 FP32 FLOP/cycle (4-wide NEON multiply-add)
        m.put("cores", 4.0);
        m.put("parallelEfficiency", 1.0); // folded into the per-kind efficiencies
        m.put("memoryMb", 860.0); // 1024 MiB - 64 MiB GPU carve-out - ~100 MiB OS
        m.put("swapBandwidthMBps", 50.0);
        for (LayerKind k : LayerKind.values()) {
            m.put(CpuParams.eff(k), 0.1);
        }
        m.put(CpuParams.eff(LayerKind.RESHAPE), 1.0);
        m.put(CpuParams.eff(LayerKind.DEPTHWISE_CONV), 0.01);
        m.put(CpuParams.eff(LayerKind.DENSE), 0.5);
        m.put("memoryBandwidthGBps", 2.0);
        m.put("layerOverheadMs", 2.0);
        m.put("frameworkMb", 0.0);
        m.put(CpuParams.HARNESS_FIXED, 20.0);
        m.put(CpuParams.HARNESS_PER_MB, 10.0);
        return new CpuParams(m);
    }

    public static List<Measurement> measurements() {
        return Measurement.readResource(MEASUREMENTS);
    }

    /** The three fits on the shipped measurements, TensorFlow first. */
    public static List<CalibrationReport> run() {
        return run(measurements());
    }

    /** The three fits on the given measurements (rows of other devices are ignored), TensorFlow first. */
    public static List<CalibrationReport> run(List<Measurement> rows) {
        CalibrationReport tf = Calibration.fit(new Calibration.Problem("rpi3", "tensorflow", rows, start(),
                List.of(CpuParams.eff(LayerKind.CONV), CpuParams.eff(LayerKind.DEPTHWISE_CONV),
                        "memoryBandwidthGBps", "layerOverheadMs", "swapBandwidthMBps", CpuParams.HARNESS_FIXED,
                        CpuParams.HARNESS_PER_MB), POWER));
        // TFLite maps its model file and PyTorch holds its tensors once: one copy of the weights;
        // their runtime's own memory is not measured: TensorFlow's frameworkMb is kept
        CpuParams hw = tf.params().with(CpuParams.HARNESS_FIXED, 0).with(CpuParams.HARNESS_PER_MB, 0)
                .with("weightCopies", 1.0);
        CalibrationReport tflite = Calibration.fit(new Calibration.Problem("rpi3", "tflite", rows, hw,
                List.of(CpuParams.eff(LayerKind.CONV), CpuParams.eff(LayerKind.DEPTHWISE_CONV), "layerOverheadMs"), POWER));
        CalibrationReport pytorch = Calibration.fit(new Calibration.Problem("rpi3", "pytorch", rows, hw,
                List.of(CpuParams.eff(LayerKind.CONV), CpuParams.eff(LayerKind.DEPTHWISE_CONV), "memoryBandwidthGBps",
                        "layerOverheadMs"), POWER));
        return List.of(tf, tflite, pytorch);
    }

    public static String yaml(List<CalibrationReport> reports) {
        return CalibrationReport.toYaml("Raspberry Pi 3 (4x Cortex-A53 1.2 GHz, 1 GB LPDDR2), calibrated",
                "Produced by lcpsim calibrate (org.lcpsim.devices.calibration.Rpi3Calibration) from rpi3-measurements.csv"
                        + " (shipped in device-models/src/main/resources/org/lcpsim/devices/calibration; single-device measurements of reference sections 4-5 only). Hardware: coreGflops = 1.2 GHz x 8 FP32"
                        + " FLOP/cycle, 4 cores; memoryMb = 1024 MiB - 64 MiB GPU - ~100 MiB OS; frameworkMb from the fc swap"
                        + " threshold and two resident-memory readings (weightCopies: TensorFlow/Keras holds the weights about"
                        + " twice); power idle 1.33 W / running DNNs 2.73 W (IISWC19 Table III). tflite and pytorch reuse the"
                        + " tensorflow fit's frameworkMb and swap bandwidth (and tflite its memory bandwidth) with one copy of"
                        + " the weights: they have too few rows to fit these. int8: no profile has an int8Speedup, so int8"
                        + " weights and activations compute at fp32 speed and only their bytes shrink: TensorFlow/Keras and"
                        + " PyTorch, as measured, run fp32 kernels; TFLite has int8 kernels, but no published int8-versus-fp32"
                        + " measurement on a Pi 3 is known to the project (docs/device-models.md, 'int8 on CPUs').",
                reports, "IISWC19 Table III, measured on a Raspberry Pi 3");
    }

    public static void main(String[] args) throws IOException {
        List<CalibrationReport> reports = run();
        for (CalibrationReport r : reports) {
            System.err.println(r.table());
        }
        String yaml = yaml(reports);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), yaml, StandardCharsets.UTF_8);
            System.err.println("wrote " + args[0]);
        } else {
            System.out.print(yaml);
        }
    }
}

package org.lcpsim.devices.calibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.workload.LayerKind;

/**
 * Derives the {@code aws-t2.micro} preset from the LCP paper's one-instance latencies
 * ({@code org/lcpsim/devices/calibration/aws-measurements.csv}: AlexNet 107, VGG16 672 and
 * ResNet-50 207 ms, the averages of the paper's AWS chart; the same stack as the Pi cluster,
 * TensorFlow with Avro RPC, assumed). Three whole-model rows fix two parameters: the convolution
 * efficiency (VGG16 is 95% convolution arithmetic) and the effective memory bandwidth (AlexNet
 * is weight-bound: 201 MB of weights for 0.73 GMAC). Everything else is a public hardware
 * figure or a stated assumption (docs/device-models.md, "aws-t2.micro"):
 * <ul>
 *   <li>one vCPU, a hyperthread of a Haswell Xeon (E5-2676 v3) with two 8-wide AVX2 FMA units,
 *       at the "up to 3.3 GHz" AWS lists for T2: 3.3 x 32 = 105.6 GFLOP/s FP32. At the 2.4 GHz
 *       base clock the rows would need more than the peak (the fit ends at efficiency 1);</li>
 *   <li>no per-layer overhead: fitted with the two others it ends at its bound 0 (ResNet-50's
 *       175 layers leave no room for it beside their element-wise traffic);</li>
 *   <li>1 GiB with ~870 MiB usable, no swap (the AMIs ship without);</li>
 *   <li>framework memory the Pi TensorFlow fit's (same framework), one copy of the weights:
 *       the Pi's 1.88 copies of VGG16's 528 MiB would not fit in 870 MiB, yet VGG16 ran on one
 *       instance without swap (the {@code fits} row, a fit row: weightCopies is set so that it holds).</li>
 * </ul>
 * Depthwise convolutions (none in the three models), dense layers (memory-bound), pooling and
 * element-wise layers keep their start values. No power figure: AWS publishes none.
 */
public final class AwsT2Calibration {
    public static final String MEASUREMENTS = "org/lcpsim/devices/calibration/aws-measurements.csv";
    /** Usable memory of a 1 GiB instance: 1024 MiB less ~150 MiB the OS keeps. */
    static final double MEMORY_MB = 870;

    private AwsT2Calibration() {
    }

    public static List<Measurement> measurements() {
        return Measurement.readResource(MEASUREMENTS);
    }

    /** Hardware figures and starting values; {@code frameworkMb} is the shipped rpi3/tensorflow fit's. */
    public static CpuParams start() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("coreGflops", 105.6); // 3.3 GHz x 32 FP32 FLOP/cycle (two 8-wide AVX2 FMA units)
        m.put("cores", 1.0);
        m.put("parallelEfficiency", 1.0);
        m.put("memoryMb", MEMORY_MB);
        m.put("swapBandwidthMBps", 0.0);
        for (LayerKind k : LayerKind.values()) {
            m.put(CpuParams.eff(k), 0.1);
        }
        m.put(CpuParams.eff(LayerKind.RESHAPE), 1.0);
        m.put(CpuParams.eff(LayerKind.DENSE), 0.5);
        m.put(CpuParams.eff(LayerKind.CONV), 0.3);
        m.put(CpuParams.eff(LayerKind.DEPTHWISE_CONV), 0.01);
        m.put("memoryBandwidthGBps", 10.0); // start: one Haswell thread streaming from DRAM
        m.put("layerOverheadMs", 0.0);
        m.put("frameworkMb", rpi3FrameworkMb());
        m.put("weightCopies", 1.0);
        return new CpuParams(m);
    }

    /** The framework memory of the shipped rpi3 TensorFlow profile (the same framework). */
    static double rpi3FrameworkMb() {
        return CpuParams.of((EdgeDevice) DeviceSpecs.preset("rpi3", "tensorflow")).get("frameworkMb");
    }

    static final List<String> FREE = List.of(CpuParams.eff(LayerKind.CONV), "memoryBandwidthGBps");

    public static CalibrationReport run() {
        return run(measurements());
    }

    /** The fit on the given measurements (rows of other devices are ignored). */
    public static CalibrationReport run(List<Measurement> rows) {
        return Calibration.fit(new Calibration.Problem("aws-t2.micro", "tensorflow", rows, start(), FREE, PowerSpec.UNKNOWN));
    }

    public static String yaml(CalibrationReport r) {
        return CalibrationReport.toYaml("AWS EC2 t2.micro (1 vCPU of a Haswell Xeon, 1 GiB, no swap), TensorFlow, calibrated",
                "Produced by lcpsim calibrate (org.lcpsim.devices.calibration.AwsT2Calibration) from aws-measurements.csv"
                        + " (shipped in device-models/src/main/resources/org/lcpsim/devices/calibration): the LCP paper's"
                        + " one-instance averages (AWS chart: AlexNet 107, VGG16 672, ResNet-50 207 ms), framework assumed"
                        + " TensorFlow as on the Pi cluster; the paper's split2/4/8 instance results are not used. Fitted: conv"
                        + " efficiency and effective memory bandwidth. Hardware (public figures, not fitted): 1 vCPU = one"
                        + " hyperthread of a Haswell Xeon E5-2676 v3 (commonly reported for T2; AWS says 'high frequency Intel"
                        + " Xeon', up to 3.3 GHz), coreGflops = 3.3 GHz x 32 FP32 FLOP/cycle (two 8-wide AVX2 FMA units) ="
                        + " 105.6; at the 2.4 GHz base clock the rows would need more than the peak. 1 GiB RAM, the OS keeps"
                        + " ~150 MiB: memoryMb 870; no swap (the AMIs ship without), so a model that does not fit is oom."
                        + " Assumed: frameworkMb of the rpi3 TensorFlow fit (same framework); one copy of the weights (the"
                        + " Pi's 1.88 copies of VGG16's 528 MiB exceed 870 MiB, yet VGG16 ran on one instance without swap);"
                        + " layerOverheadMs 0 (fitted with the others it ends at its bound 0); efficiencies of depthwise,"
                        + " dense, pooling and element-wise layers at start values (not identifiable from three rows). CPU"
                        + " credits: 6 per hour, a 10% baseline; a full burst is assumed. No power figure: AWS publishes none,"
                        + " so energy is blank wherever this device counts. int8: no int8Speedup (TensorFlow runs a Keras"
                        + " model's fp32 kernels; no int8 measurement on a T2): int8 only shrinks the bytes.",
                List.of(r), null);
    }
}

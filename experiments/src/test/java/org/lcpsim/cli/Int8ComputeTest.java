package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code precision: {weights: int8, activations: int8}} on a CPU: the framework profile's
 * {@code int8Speedup} (int8 kernels) speeds up the arithmetic; a profile without one (every shipped
 * preset: no published single-device measurement) keeps fp32 speed, and int8 only shrinks bytes.
 */
class Int8ComputeTest {
    @TempDir
    Path dir;

    /** One compute-bound convolution: 3x3, 256 -> 256 channels on 28x28 (0.46 GMAC), then a tiny head. */
    private static final String MODEL = """
            name: one-conv
            input: [256, 28, 28]
            layers:
              - {name: conv, type: conv2d, filters: 256, kernel: 3, padding: same}
              - {name: gap, type: global-avg-pool}
              - {name: fc, type: dense, units: 10, head: true}
            """;

    private static final String EXPERIMENT = """
            name: int8
            model: {file: one-conv.yaml}
            strategy: {kind: single}
            cluster:
              devices: [{preset: rpi3, framework: tflite}]
              source: d0
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            sweep:
              zip:
                precision:
                  - {weights: fp32, activations: fp32}
                  - {weights: int8, activations: int8}
                  - {weights: int8, activations: int8}
                  - {weights: int8, activations: fp32}
                cluster.devices.0.int8Speedup: [{conv: 3}, {}, {conv: 3}, {conv: 3}]
            """;

    @Test
    void int8KernelsOnlyWhereTheProfileHasThemAndBothTypesAreInt8() throws IOException {
        Files.writeString(dir.resolve("one-conv.yaml"), MODEL);
        Path f = dir.resolve("int8.yaml");
        Files.writeString(f, EXPERIMENT);
        Path out = dir.resolve("out");
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, String>> rows = Csv.records(out.resolve("results.csv"));
        double fp32 = Double.parseDouble(rows.get(0).get("compute_ms_mean"));
        double noKernels = Double.parseDouble(rows.get(1).get("compute_ms_mean"));
        double kernels = Double.parseDouble(rows.get(2).get("compute_ms_mean"));
        double weightsOnly = Double.parseDouble(rows.get(3).get("compute_ms_mean"));
        // compute-bound: without int8 kernels the conv takes as long as at fp32 (only its bytes shrink)
        assertEquals(fp32, noKernels, fp32 * 0.01);
        assertEquals(fp32, weightsOnly, fp32 * 0.01);
        // with them, its arithmetic is 3x as fast: the conv is most of the time, the per-layer overheads stay
        assertTrue(kernels < 0.4 * fp32 && kernels > fp32 / 3, fp32 + " -> " + kernels);
    }
}

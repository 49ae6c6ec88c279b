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
 * weights_mb_max: the weights of the fullest device counted once at the precision they are
 * stored in, beside the resident memory (peak_memory_mb_max), which counts the framework's
 * copies, activations, buffers and runtime.
 */
class WeightsColumnTest {
    @TempDir
    Path dir;

    private static final String EXPERIMENT = """
            name: weights
            model: {file: wide.yaml}
            strategy: {kind: single}
            cluster:
              devices: [{preset: rpi3, framework: tensorflow, count: 2}]
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            sweep:
              precision.weights: [fp32, int8]
              strategy: [{kind: single}, {kind: model-parallel, split: output}]
            """;

    @Test
    void weightsOnceAtTheStoredPrecisionBesideTheResidentMemory() throws IOException {
        WideModel.write(dir);
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, EXPERIMENT);
        Path out = dir.resolve("out");
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> raw = Csv.read(out.resolve("results.csv"));
        List<String> header = List.of(raw.get(0));
        // added after the columns that were there before
        assertEquals(header.indexOf("batch") + 1, header.indexOf("weights_mb_max"), header.toString());
        List<Map<String, String>> rows = Csv.records(out.resolve("results.csv"));
        double fp32 = 10_000_000 * 4 / 1048576.0;
        Map<String, String> single = rows.get(0);
        assertEquals(fp32, Double.parseDouble(single.get("weights_mb_max")), 1e-6);
        // TensorFlow on the Pi holds the weights ~1.88 times, plus activations and its runtime
        assertTrue(Double.parseDouble(single.get("peak_memory_mb_max")) > 1.8 * fp32 + 200, single.toString());
        // split by outputs on two Pis: half the weights on each
        assertEquals(fp32 / 2, Double.parseDouble(rows.get(1).get("weights_mb_max")), 0.01);
        // int8 weights: a quarter of the bytes
        assertEquals(fp32 / 4, Double.parseDouble(rows.get(2).get("weights_mb_max")), 1e-6);
        assertEquals(fp32 / 8, Double.parseDouble(rows.get(3).get("weights_mb_max")), 0.01);
    }
}

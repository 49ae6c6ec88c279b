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

/** LCP with uneven branches on a mixed cluster (issue 12 section 4). */
class UnevenBranchesTest {
    @TempDir
    Path dir;

    private List<Map<String, String>> run(String cluster, String model) throws IOException {
        Path f = dir.resolve("mixed.yaml");
        Files.writeString(f, """
                name: mixed
                model: %s
                strategy: {kind: lcp, branches: 6}
                cluster:
                  devices: [%s]
                network: {preset: ethernet-1g}
                input: {bytes: 16000}
                workload: {requests: 2, warmup: 1}
                replications: 1
                sweep:
                  strategy:
                    - {kind: lcp, branches: 6}
                    - {kind: lcp, branches: 6, widths: proportional}
                    - {kind: lcp, branches: 2}
                """.formatted(model, cluster));
        Path out = dir.resolve("out-" + Math.abs((cluster + model).hashCode()));
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        return Csv.records(out.resolve("results.csv"));
    }

    private static double latency(Map<String, String> row) {
        return Double.parseDouble(row.get("latency_ms_mean"));
    }

    /**
     * 2 Jetson Nanos and 4 Pis, 6 branches, where compute dominates (the Pis' per-layer framework
     * overhead taken away): widths proportional to speed beat equal widths, and beat 2 branches on
     * the Jetsons alone, because the Pis take a share of the work off the Jetsons.
     */
    @Test
    void proportionalWidthsBeatEqualWidthsAndTheJetsonsAloneWhereComputeDominates() throws IOException {
        for (String model : List.of("vgg16", "resnet50")) {
            var rows = run("{preset: jetson-nano, count: 2}, {preset: rpi3, count: 4, layerOverheadMs: 0}", model);
            double equal = latency(rows.get(0));
            double proportional = latency(rows.get(1));
            double jetsons = latency(rows.get(2));
            assertTrue(rows.get(1).get("variant").startsWith("split6-w"), rows.get(1).toString());
            assertTrue(proportional < equal, model + ": proportional " + proportional + " vs equal " + equal);
            assertTrue(proportional < jetsons, model + ": proportional " + proportional + " vs two Jetsons " + jetsons);
        }
    }

    /**
     * With the calibrated Pi (5.4 ms per layer of TensorFlow overhead) a Pi's branch costs that
     * overhead however narrow: proportional widths still beat equal ones, but not the Jetsons alone.
     */
    @Test
    void withTheCalibratedPiTheJetsonsAloneStayFaster() throws IOException {
        var rows = run("{preset: jetson-nano, count: 2}, {preset: rpi3, count: 4}", "vgg16");
        assertTrue(latency(rows.get(1)) < latency(rows.get(0)));
        assertTrue(latency(rows.get(2)) < latency(rows.get(1)));
    }

    @Test
    void widthsAreCheckedWithPositions() throws IOException {
        Path f = dir.resolve("bad.yaml");
        String base = """
                name: bad
                model: alexnet
                strategy: {kind: lcp, branches: 3, widths: %s}
                cluster: {devices: [{preset: rpi3, count: 3}]}
                network: {preset: wifi-rpi}
                """;
        for (String[] c : new String[][] {{"[0.5, 0.3, 0.3]", "must sum to 1"}, {"[0.5, 0.5]", "expected 3 widths"},
                {"[0.5, -0.2, 0.7]", "$.strategy.widths[1]"}, {"fastest", "proportional"}, {"{a: 1}", "$.strategy.widths"}}) {
            Files.writeString(f, base.formatted(c[0]));
            CliHarness.Result r = CliHarness.run("validate", f.toString());
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().contains("bad.yaml:3:") && r.err().contains(c[1]), c[0] + ": " + r.err());
        }
    }
}

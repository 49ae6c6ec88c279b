package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the ONNX and Keras end-to-end tests check alike of an imported model through the command line. */
final class ImportedModelChecks {
    private ImportedModelChecks() {
    }

    /** {@code dir/exp.yaml}: LCP split2 of {@code model} on two Pis over the WiFi, three requests. */
    static Path experiment(Path dir, String name, String model) throws IOException {
        return Files.writeString(dir.resolve("exp.yaml"), "name: " + name + "\n"
                + "model: " + model + "\n"
                + "strategy: {kind: lcp, branches: 2}\n"
                + "cluster: {devices: [{preset: rpi3, count: 2}]}\n"
                + "network: {preset: wifi-rpi}\n"
                + "workload: {requests: 3, warmup: 1}\n"
                + "replications: 1\n");
    }

    /** Runs the experiment into {@code dir/out} (no report) and returns the first row of results.csv. */
    static Map<String, String> runOk(Path experiment, Path out) throws IOException {
        CliHarness.Result r = CliHarness.run("run", experiment.toString(), "--out", out.toString(), "--no-progress",
                "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        return Csv.records(out.resolve("results.csv")).get(0);
    }

    /**
     * {@code lcpsim models --file} prints the zoo's table for the same network: its first row starts
     * with {@code firstRow}, and every variant has the zoo's counts.
     */
    static void modelsFileIsTheZoosTable(Path file, String zooName, String firstRow) {
        CliHarness.Result r = CliHarness.run("models", "--file", file.toString(), "--format", "csv");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(1).startsWith(firstRow), lines.get(1));
        CliHarness.Result zoo = CliHarness.run("models", "--model", zooName, "--format", "csv");
        List<String> zooLines = zoo.out().lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            String[] a = lines.get(i).split(",", -1);
            String[] b = zooLines.get(i).split(",", -1);
            assertEquals(List.of(b[1], b[4], b[7], b[10], b[11], b[12]), List.of(a[1], a[4], a[7], a[10], a[11], a[12]));
        }
    }
}

package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table run prints: a row says which point it is (its swept fields), and no name is cut. */
class ResultTableTest {
    @TempDir
    Path dir;

    private static final String FILE = """
            name: table-test
            model: lenet
            strategy: {kind: single}
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            sweep:
              strategy: [{kind: model-parallel}, {kind: data-parallel}]
              cluster.devices.0.count: [2, 3]
            """;

    private List<String> table(String yaml) throws IOException {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, yaml);
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", dir.resolve("out").toString(), "--no-progress",
                "--no-report", "--threads", "2", "--fresh");
        assertEquals(0, r.exitCode(), r.err());
        return r.out().lines().takeWhile(l -> !l.startsWith("wrote ")).toList();
    }

    @Test
    void rowsShowTheSweptFieldsAndWholeStrategyNames() throws IOException {
        List<String> lines = table(FILE);
        assertEquals(5, lines.size(), String.join("\n", lines));
        // model-parallel was printed as "model-p~", and two points differing only in a swept field had equal rows
        assertTrue(lines.get(0).matches("point  model  strategy +variant +devices  sweep\\.strategy +devices\\.0\\.count"
                + "  lat_mean_ms  lat_p95_ms  thr_ips  cap_ips  mem_mb  status"), lines.get(0));
        assertTrue(lines.get(1).matches(" +0  lenet  model-parallel  original +2  \\{kind: model-parallel} +2  .* ok"),
                lines.get(1));
        assertTrue(lines.get(2).matches(" +1  lenet  model-parallel  original +3  \\{kind: model-parallel} +3  .* ok"),
                lines.get(2));
        assertTrue(lines.get(3).matches(" +2  lenet  data-parallel   original +2  \\{kind: data-parallel}  +2  .* ok"),
                lines.get(3));
        assertFalse(String.join("\n", lines).contains("~"));
        // columns line up: every row as long as the header up to the status column
        int status = lines.get(0).indexOf("status");
        for (String l : lines) {
            assertEquals("ok", l.substring(status).strip().replace("status", "ok"), l);
        }
        // the same file and seed print the same table
        assertEquals(lines, table(FILE));
    }

    @Test
    void manySweptFieldsShareOneColumn() throws IOException {
        List<String> lines = table(FILE.replace("  cluster.devices.0.count: [2, 3]\n", """
                  cluster.devices.0.count: [2]
                  workload.requests: [2]
                  seed: [1, 2]
                  network.preset: [wifi-rpi]
                """));
        assertTrue(lines.get(0).contains("devices  sweep  "), lines.get(0));
        assertTrue(lines.get(1).contains("sweep.strategy={kind: model-parallel} devices.0.count=2 requests=2 seed=1 "
                + "preset=wifi-rpi"), lines.get(1));
        assertTrue(lines.get(4).contains("sweep.strategy={kind: data-parallel} devices.0.count=2 requests=2 seed=2 "
                + "preset=wifi-rpi"), lines.get(4));
    }

    @Test
    void headingsAreTheShortestSuffixThatTellsThePathsApart() {
        assertEquals(List.of("branches", "fatten", "devices.0.count", "devices.1.count", "sweep.model", "network.preset",
                        "device.preset"),
                RunCommand.ResultTable.sweptHeaders(List.of("strategy.branches", "strategy.fatten", "cluster.devices.0.count",
                        "cluster.devices.1.count", "model", "network.preset", "device.preset")));
        assertEquals(List.of("count"), RunCommand.ResultTable.sweptHeaders(List.of("workload.count")));
    }
}

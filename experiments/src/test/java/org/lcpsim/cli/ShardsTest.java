package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards run separately and merged give exactly what one run gives. */
class ShardsTest {
    @TempDir
    Path dir;

    @Test
    void shardsMergeToTheSameResultAsOneRun() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: shards
                model: lenet
                strategy: {kind: lcp, branches: 1}
                cluster: {devices: [{preset: rpi3, count: 4, noise: {cv: 0.2}}]}
                network: {preset: wifi-rpi}
                workload: {requests: 10, warmup: 1}
                sweep:
                  strategy.branches: [1, 2, 3, 4]
                  strategy.fatten: [0, 0.5]
                  seed: [1, 2]
                """);
        assertEquals(0, CliHarness.run("run", file.toString(), "--out", dir.resolve("all").toString(), "--no-report").exitCode());
        for (int i = 0; i < 3; i++) {
            CliHarness.Result r = CliHarness.run("run", file.toString(), "--out", dir.resolve("s" + i).toString(), "--shard",
                    i + "/3", "--no-report");
            assertEquals(0, r.exitCode(), r.err());
        }
        CliHarness.Result merged = CliHarness.run("merge", "--out", dir.resolve("m").toString(), dir.resolve("s0").toString(),
                dir.resolve("s1").toString(), dir.resolve("s2").toString(), "--no-report");
        assertEquals(0, merged.exitCode(), merged.err());
        for (String f : new String[] {"results.csv", "points.jsonl", "summary.json"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("all").resolve(f)), Files.readAllBytes(dir.resolve("m").resolve(f)), f);
        }
        CliHarness.Result missing = CliHarness.run("merge", "--out", dir.resolve("x").toString(), dir.resolve("s0").toString(),
                "--no-report");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("missing shard"), missing.err());
        assertEquals(2, CliHarness.run("run", file.toString(), "--out", dir.resolve("y").toString(), "--shard", "3/3").exitCode());
    }
}

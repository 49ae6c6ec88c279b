package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same file and seed: byte-identical results.csv whatever the thread count; another seed differs. */
class DeterminismTest {
    @TempDir
    Path dir;

    private static final String NOISY = """
            name: determinism
            model: cifarnet
            strategy: {kind: lcp, branches: 2}
            cluster:
              devices: [{preset: rpi3, count: 4, noise: {cv: 0.2}}]
            network: {preset: wifi-rpi}
            workload: {requests: 30, warmup: 2, arrival: {kind: poisson, ratePerS: 20}}
            replications: 3
            seed: 5
            sweep:
              strategy.branches: [1, 2, 4]
              workload.arrival.ratePerS: [5, 20]
            """;

    private byte[] run(Path file, String out, String... extra) throws IOException {
        String[] args = new String[] {"run", file.toString(), "--out", dir.resolve(out).toString(), "--no-progress"};
        args = java.util.stream.Stream.concat(Arrays.stream(args), Arrays.stream(extra)).toArray(String[]::new);
        CliHarness.Result r = CliHarness.run(args);
        assertEquals(0, r.exitCode(), r.err());
        return Files.readAllBytes(dir.resolve(out).resolve("results.csv"));
    }

    @Test
    void byteIdenticalAcrossThreadCounts() throws IOException {
        Path f = dir.resolve("noisy.yaml");
        Files.writeString(f, NOISY);
        byte[] one = run(f, "t1", "--threads", "1");
        byte[] two = run(f, "t2", "--threads", "2");
        byte[] four = run(f, "t4", "--threads", "4");
        assertArrayEquals(one, two);
        assertArrayEquals(one, four);
        for (String file : java.util.List.of("points.jsonl", "report/index.html", "charts/latency.svg")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("t1").resolve(file)),
                    Files.readAllBytes(dir.resolve("t4").resolve(file)), file);
        }
        byte[] otherSeed = run(f, "s2", "--threads", "2", "--seed", "6");
        assertFalse(Arrays.equals(one, otherSeed));
        assertArrayEquals(otherSeed, run(f, "s2b", "--threads", "1", "--seed", "6"));
    }
}

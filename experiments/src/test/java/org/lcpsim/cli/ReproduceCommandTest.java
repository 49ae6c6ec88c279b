package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison machinery on a small stand-in for a paper experiment. */
class ReproduceCommandTest {
    @TempDir
    Path dir;

    static final String EXPERIMENT = """
            name: mini-paper
            model: lenet
            strategy: {kind: single}
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            sweep:
              strategy: [{kind: single}, {kind: lcp, branches: 2}]
            reference:
              - figure: mini-latency
                metric: latency
                unit: ms
                source: made up for the test
                values:
                  - {model: lenet, config: single, devices: 1, value: 10}
                  - {model: lenet, config: lcp-split4, devices: 4, value: 3}
              - figure: mini-speedup
                metric: speedup
                unit: x
                source: made up for the test
                values:
                  - {model: lenet, config: lcp-split2, devices: 2, value: 2}
            """;

    @Test
    void comparesEveryBarAndKeepsUnmatchedOnes() throws IOException {
        Path paper = Files.createDirectories(dir.resolve("paper"));
        Files.writeString(paper.resolve("mini.yaml"), EXPERIMENT);
        Path out = dir.resolve("out");
        CliHarness.Result r = CliHarness.run("reproduce", "paper", "--dir", paper.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = Csv.read(out.resolve("paper-comparison.csv"));
        assertEquals(List.of("figure", "model", "config", "devices", "metric", "unit", "paper_value", "simulated_value",
                "error_pct", "source", "role"), List.of(rows.get(0)));
        List<String[]> results = Csv.read(out.resolve("mini").resolve("results.csv"));
        int lat = List.of(results.get(0)).indexOf("latency_ms_mean");
        double single = Double.parseDouble(results.get(1)[lat]);
        double lcp = Double.parseDouble(results.get(2)[lat]);
        // single: published and simulated
        String[] s = rows.get(1);
        assertEquals("mini-latency,lenet,single,1,latency,ms,10", String.join(",", List.of(s).subList(0, 7)));
        assertEquals(single, Double.parseDouble(s[7]), 1e-6 * single);
        assertEquals(100 * (single - 10) / 10, Double.parseDouble(s[8]), 0.01);
        // lcp-split2 simulated, not published: empty paper value and error
        String[] l = rows.get(2);
        assertEquals("mini-latency,lenet,lcp-split2,2,latency,ms,", String.join(",", List.of(l).subList(0, 7)));
        assertEquals(lcp, Double.parseDouble(l[7]), 1e-6 * lcp);
        assertEquals("", l[8]);
        // published but not simulated: kept, simulated value empty
        assertEquals("mini-latency,lenet,lcp-split4,4,latency,ms,3,", String.join(",", List.of(rows.get(3)).subList(0, 8)));
        // speedup = single / lcp latency, no row for the single-device bar
        String[] sp = rows.get(4);
        assertEquals("mini-speedup", sp[0]);
        assertEquals("lcp-split2", sp[2]);
        assertEquals(single / lcp, Double.parseDouble(sp[7]), 1e-6);
        assertEquals(5, rows.size());
        assertTrue(r.out().contains("median |error|"), r.out());
    }

    @Test
    void badReferenceIsBadInput() throws IOException {
        Path paper = Files.createDirectories(dir.resolve("paper"));
        Files.writeString(paper.resolve("mini.yaml"), EXPERIMENT.replace("metric: speedup", "metric: sped"));
        CliHarness.Result r = CliHarness.run("reproduce", "paper", "--dir", paper.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("$.reference[1].metric: unknown value 'sped'"), r.err());
        assertEquals(2, CliHarness.run("validate", paper.resolve("mini.yaml").toString()).exitCode());
    }
}

package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep whose filter cannot apply or keeps no point is bad input for validate, run and explore alike. */
class SweepWhereCliTest {
    @TempDir
    Path dir;

    private static final String FILE = """
            name: where-test
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            sweep:
              strategy.branches: [1, 2, 4]
              where: %s
            explore:
              objectives: [{minimize: latency_ms_mean}]
            """;

    private Path file(String where) throws IOException {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, FILE.formatted(where));
        return f;
    }

    private void assertBadInput(String where, String expected) throws IOException {
        Path f = file(where);
        Path out = dir.resolve("out");
        for (String[] args : new String[][] {{"validate", f.toString()},
                {"run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report"},
                {"explore", f.toString(), "--out", out.toString(), "--no-progress", "--no-report"}}) {
            CliHarness.Result r = CliHarness.run(args);
            assertEquals(2, r.exitCode(), args[0] + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith(f + ":9:"), args[0] + ": " + r.err());
            assertTrue(r.err().contains(expected), args[0] + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(r.out().contains("ok ("), r.out());
            assertFalse(Files.exists(out), args[0] + " wrote into --out");
        }
    }

    @Test
    void aFilterThatKeepsNoPointIsBadInputNotAnEmptyRun() throws IOException {
        // validate said "ok (0 design points)" and run wrote an empty report
        assertBadInput("strategy.branches > 8", "$.sweep.where: keeps no design point: the filter rejected all 3 grid points");
    }

    @Test
    void anUnknownFieldIsBadInput() throws IOException {
        assertBadInput("strategy.brnches <= 2", "$.sweep.where: unknown field 'strategy.brnches'");
    }

    @Test
    void textAgainstANumberIsBadInput() throws IOException {
        assertBadInput("strategy.kind >= 2", "$.sweep.where: '>=' compares the field 'strategy.kind' (text) with a number (2)");
    }

    @Test
    void aNumberIsNoCondition() throws IOException {
        // where: 42 kept every point
        assertBadInput("42", "$.sweep.where: expected a condition");
    }
}

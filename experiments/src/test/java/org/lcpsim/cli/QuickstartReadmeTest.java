package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table the README's quick start shows is what `lcpsim run` prints for example 01 today. */
class QuickstartReadmeTest {
    @TempDir
    Path out;

    @Test
    void theQuickStartTableIsTheRunsOwn() throws IOException {
        CliHarness.Result r = CliHarness.run("run", "examples/01-quickstart.yaml", "--out", out.toString(), "--no-progress",
                "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        String printed = Arrays.stream(r.out().split("\n")).filter(l -> !l.startsWith("wrote "))
                .collect(Collectors.joining("\n")).strip();
        String readme = Files.readString(DocLinksTest.ROOT.resolve("README.md"));
        int start = readme.indexOf("```\npoint  model");
        assertTrue(start >= 0, "the README's quick start has no table");
        String shown = readme.substring(start + 4, readme.indexOf("```", start + 4)).strip();
        assertEquals(printed, shown, "the README's quick-start table is stale: paste what `./lcpsim run"
                + " experiments/examples/01-quickstart.yaml --out out/quickstart` prints");
    }
}

package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.results.PointResult;

/**
 * A run killed with SIGKILL in the middle loses no finished point: re-running the same command
 * resumes from the store, simulates only the rest, and ends with the same results as a run that
 * was never interrupted, each point exactly once.
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    static final String SWEEP = """
            name: resume
            model: cifarnet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 8, noise: {cv: 0.1}}]}
            network: {preset: wifi-rpi}
            workload: {requests: 300, warmup: 0, arrival: {kind: poisson, ratePerS: 5}}
            seed: 3
            sweep:
              strategy.branches: [1, 2, 4, 8]
              seed: {from: 1, to: 15}
            """;

    @Test
    void killedRunResumesWithoutLosingOrRepeatingPoints() throws Exception {
        Path file = dir.resolve("resume.yaml");
        Files.writeString(file, SWEEP);
        Path out = dir.resolve("out");
        Path journal = out.resolve(PointsJsonl.FILE);
        Process child = new ProcessBuilder(javaBin(), "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", file.toString(), "--out", out.toString(), "--threads", "2", "--no-report",
                "--no-progress")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        int finished = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (finished < 10 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                finished = Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
            }
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(finished >= 10, "the child should have finished some points before the kill: " + finished
                + "\n" + Files.readString(dir.resolve("child.log")));
        int total = 60;
        assertTrue(finished < total, "killed too late to test anything: all points were done");

        CliHarness.Result resumed = CliHarness.run("run", file.toString(), "--out", out.toString(), "--no-report");
        assertEquals(0, resumed.exitCode(), resumed.err());
        Matcher m = Pattern.compile("resuming: (\\d+) of 60 point").matcher(resumed.err());
        assertTrue(m.find(), resumed.err());
        assertTrue(Integer.parseInt(m.group(1)) >= finished, "every point finished before the kill is kept");

        List<PointResult> points = PointsJsonl.read(journal);
        assertEquals(total, points.size());
        Set<Integer> ids = new HashSet<>();
        for (PointResult p : points) {
            assertTrue(ids.add(p.pointId()), "point " + p.pointId() + " twice");
        }
        CliHarness.Result clean = CliHarness.run("run", file.toString(), "--out", dir.resolve("clean").toString(),
                "--no-report");
        assertEquals(0, clean.exitCode(), clean.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("clean").resolve("results.csv")), Files.readAllBytes(out.resolve("results.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("clean").resolve(PointsJsonl.FILE)), Files.readAllBytes(journal));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    @Test
    void reRunningSkipsEverythingAndFreshStartsOver() throws IOException {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, SWEEP.replace("seed: {from: 1, to: 15}", "seed: [1, 2]"));
        Path out = dir.resolve("o");
        assertEquals(0, CliHarness.run("run", file.toString(), "--out", out.toString(), "--no-report").exitCode());
        byte[] first = Files.readAllBytes(out.resolve("results.csv"));
        CliHarness.Result again = CliHarness.run("run", file.toString(), "--out", out.toString(), "--no-report");
        assertTrue(again.err().contains("resuming: 8 of 8 point(s) already finished"), again.err());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("results.csv")));
        CliHarness.Result fresh = CliHarness.run("run", file.toString(), "--out", out.toString(), "--no-report", "--fresh");
        assertTrue(!fresh.err().contains("resuming"), fresh.err());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("results.csv")));
    }
}

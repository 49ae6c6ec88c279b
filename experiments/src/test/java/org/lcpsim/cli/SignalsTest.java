package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;

/**
 * A long command ends at once when asked to: calibrate's fit when its thread is interrupted (exit
 * 1, "interrupted"), calibrate and run when the process gets SIGTERM (exit 143) or SIGINT (130),
 * with nothing half-written and every finished point of a run kept. No shutdown hook holds the
 * process: it ends within seconds, not when the work is done.
 */
class SignalsTest {
    @TempDir
    Path dir;

    /** Rows enough for a fit of several seconds: the most calibrate takes, of five models. */
    private Path longFit() throws IOException {
        Path csv = dir.resolve("long.csv");
        StringBuilder b = new StringBuilder("device,framework,kind,model,layers,latency_ms,use,source,note,memory_mb\n");
        String[] models = {"resnet18", "resnet50", "vgg16", "alexnet", "mobilenet-v2"};
        int[] ms = {450, 1100, 9000, 210, 600};
        for (int i = 0; i < 5_000; i++) {
            b.append("rpi4,tensorflow,model,").append(models[i % 5]).append(",,").append(ms[i % 5] + i % 97 * 0.5)
                    .append(",fit,run ").append(i).append(",,\n");
        }
        Files.writeString(csv, b);
        return csv;
    }

    private List<String> calibrate(Path csv, Path out) {
        return List.of("calibrate", csv.toString(), "--device", "rpi4", "--start", "rpi3", "--fit",
                "efficiency.conv,efficiency.depthwise-conv,memoryBandwidthGBps,layerOverheadMs,efficiency.dense", "--out",
                out.toString());
    }

    @Test
    void aFitEndsWhenItsThreadIsInterrupted() throws Exception {
        Path csv = longFit();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(Main.execute(calibrate(csv, dir.resolve("rpi4.yaml")).toArray(String[]::new),
                new PrintWriter(out, true), new PrintWriter(err, true))));
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!err.toString().contains("lcpsim: fitting") && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(err.toString().contains("lcpsim: fitting"), err.toString());
        Thread.sleep(200);
        long at = System.nanoTime();
        t.interrupt();
        t.join(10_000);
        double seconds = (System.nanoTime() - at) / 1e9;
        assertFalse(t.isAlive(), "the fit went on after the interrupt");
        assertTrue(seconds < 3, "took " + seconds + " s to stop");
        assertEquals(1, code.get(), err.toString());
        assertTrue(err.toString().contains("lcpsim: interrupted"), err.toString());
        assertFalse(Files.exists(dir.resolve("rpi4.yaml")));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    private Process child(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitFor(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && !(Files.exists(log) && Files.readString(log).contains(text))) {
            Thread.sleep(20);
        }
        assertTrue(Files.readString(log).contains(text), "the child never said '" + text + "': " + Files.readString(log));
    }

    /** Sends a signal by name; SIGTERM is what Process.destroy sends. */
    private static void signal(Process p, String name) throws Exception {
        if (name.equals("TERM")) {
            p.destroy();
        } else {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor());
        }
    }

    @Test
    void calibrateEndsAtOnceOnSigtermAndSigintAndWritesNothingHalf() throws Exception {
        Path csv = longFit();
        for (String[] s : new String[][] {{"TERM", "143"}, {"INT", "130"}}) {
            Path out = dir.resolve("rpi4-" + s[0] + ".yaml");
            Path log = dir.resolve("calibrate-" + s[0] + ".log");
            Process p = child(calibrate(csv, out), log);
            try {
                waitFor(p, log, "lcpsim: fitting");
                long at = System.nanoTime();
                signal(p, s[0]);
                assertTrue(p.waitFor(5, TimeUnit.SECONDS), "still running 5 s after SIG" + s[0]);
                double seconds = (System.nanoTime() - at) / 1e9;
                assertEquals(Integer.parseInt(s[1]), p.exitValue(), Files.readString(log));
                assertTrue(seconds < 5, seconds + " s");
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertFalse(Files.exists(out), "a device file written by an interrupted fit");
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file left behind");
            }
        }
    }

    @Test
    void aRunEndsAtOnceOnSigtermAndKeepsItsFinishedPoints() throws Exception {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, ResumeAfterKillTest.SWEEP);
        Path out = dir.resolve("out");
        Path journal = out.resolve(PointsJsonl.FILE);
        Path log = dir.resolve("run.log");
        Process p = child(List.of("run", file.toString(), "--out", out.toString(), "--threads", "2", "--no-report",
                "--no-progress"), log);
        int finished = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (finished < 5 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                finished = Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
            }
            assertTrue(finished >= 5 && p.isAlive(), "the run should be under way: " + finished + " points\n"
                    + Files.readString(log));
            long at = System.nanoTime();
            signal(p, "TERM");
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "still running 5 s after SIGTERM");
            assertEquals(143, p.exitValue(), Files.readString(log));
            assertTrue((System.nanoTime() - at) / 1e9 < 5);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        CliHarness.Result resumed = CliHarness.run("run", file.toString(), "--out", out.toString(), "--no-report",
                "--no-progress");
        assertEquals(0, resumed.exitCode(), resumed.err());
        Matcher m = Pattern.compile("resuming: (\\d+) of 60 point").matcher(resumed.err());
        assertTrue(m.find(), resumed.err());
        assertTrue(Integer.parseInt(m.group(1)) >= finished, "every point finished before SIGTERM is kept: " + resumed.err());
    }
}

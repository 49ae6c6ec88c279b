package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An --out folder that holds another experiment's results is not taken over (its points were
 * dropped at the end with one line on stderr): exit 2, nothing changed, --fresh overwrites. A
 * re-run of the same experiment, also after extending its sweep, resumes. An empty --out is bad
 * input for every command.
 */
class OutFolderTest {
    @TempDir
    Path dir;

    private static final String A = """
            name: exp-a
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            sweep:
              strategy.branches: [1, 2]
            explore:
              objectives: [{minimize: latency_ms_mean}]
            """;

    private static final String B = A.replace("name: exp-a", "name: exp-b").replace("[1, 2]", "[2, 4]");

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static CliHarness.Result run(Path file, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--out", out.toString(), "--no-progress",
                "--no-report", "--threads", "1"));
        args.addAll(List.of(extra));
        return CliHarness.run(args.toArray(String[]::new));
    }

    /** Every file under {@code root} with its bytes and modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.getLastModifiedTime(p) + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static void assertRefused(CliHarness.Result r, String holder) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("holds the results of experiment '" + holder + "'"), r.err());
        assertTrue(r.err().contains("Use --fresh to overwrite them, or another --out folder"), r.err());
        assertFalse(r.err().contains("dropped"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anotherExperimentsFolderIsRefusedAndLeftAsItWas() throws IOException {
        Path a = write("a.yaml", A);
        Path b = write("b.yaml", B);
        Path out = dir.resolve("out");
        assertEquals(0, run(a, out).exitCode());
        Map<String, String> before = snapshot(out);

        assertRefused(run(b, out), "exp-a");
        assertEquals(before, snapshot(out), "the folder changed before the refusal");
        assertRefused(CliHarness.run("explore", b.toString(), "--out", out.toString(), "--no-progress", "--no-report"),
                "exp-a");
        assertEquals(before, snapshot(out));
        // merge into it: the shard is another experiment's
        Path shard = dir.resolve("shard");
        assertEquals(0, run(b, shard, "--shard", "0/1").exitCode());
        assertRefused(CliHarness.run("merge", "--out", out.toString(), "--no-report", shard.toString()), "exp-a");
        assertEquals(before, snapshot(out));
        // reproduce into it: a run's folder is not a reproduction's
        Path paper = Files.createDirectories(dir.resolve("paper"));
        Files.writeString(paper.resolve("mini.yaml"), B);
        assertRefused(CliHarness.run("reproduce", "paper", "--dir", paper.toString(), "--out", out.toString(),
                "--no-progress", "--no-report"), "exp-a");
        assertEquals(before, snapshot(out));
        // nor does it take over another experiment's folder inside it
        Path set = dir.resolve("set");
        assertEquals(0, run(a, set.resolve("mini")).exitCode());
        assertRefused(CliHarness.run("reproduce", "paper", "--dir", paper.toString(), "--out", set.toString(),
                "--no-progress", "--no-report"), "exp-a");

        // --fresh overwrites
        CliHarness.Result fresh = run(b, out, "--fresh");
        assertEquals(0, fresh.exitCode(), fresh.err());
        List<String[]> rows = Csv.read(out.resolve("results.csv"));
        int experiment = List.of(rows.get(0)).indexOf("experiment");
        assertEquals(List.of("exp-b", "exp-b"), rows.subList(1, rows.size()).stream().map(row -> row[experiment]).toList());
        assertEquals(0, CliHarness.run("merge", "--out", set.resolve("mini").toString(), "--no-report", "--fresh",
                shard.toString()).exitCode());
    }

    @Test
    void theSameExperimentResumesAlsoWhenItsSweepWasExtended() throws IOException {
        Path a = write("a.yaml", A);
        Path out = dir.resolve("out");
        assertEquals(0, run(a, out).exitCode());
        CliHarness.Result again = run(a, out);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("resuming: 2 of 2 point(s) already finished"), again.err());
        // the documented case: the same file, edited to sweep more values
        Files.writeString(a, A.replace("[1, 2]", "[1, 2, 4]"));
        CliHarness.Result extended = run(a, out);
        assertEquals(0, extended.exitCode(), extended.err());
        assertTrue(extended.err().contains("resuming: 2 of 3 point(s) already finished"), extended.err());
        assertEquals(4, Csv.read(out.resolve("results.csv")).size());
        // the same text elsewhere (a copy, or the file moved) is the same experiment
        Path copy = write("copy.yaml", Files.readString(a));
        CliHarness.Result moved = run(copy, out);
        assertEquals(0, moved.exitCode(), moved.err());
        assertTrue(moved.err().contains("resuming: 3 of 3"), moved.err());
        // explore of the same experiment shares the folder
        CliHarness.Result explore = CliHarness.run("explore", copy.toString(), "--out", out.toString(), "--no-progress",
                "--no-report");
        assertEquals(0, explore.exitCode(), explore.err());
    }

    @Test
    void theSameFileRenamedOrAnotherFileOfTheSameNameIsAnotherExperiment() throws IOException {
        Path a = write("a.yaml", A);
        Path out = dir.resolve("out");
        assertEquals(0, run(a, out).exitCode());
        Map<String, String> before = snapshot(out);
        Files.writeString(a, A.replace("name: exp-a", "name: exp-c"));
        assertRefused(run(a, out), "exp-a");
        Path other = write("other.yaml", A.replace("requests: 2", "requests: 3"));
        assertRefused(run(other, out), "exp-a");
        assertEquals(before, snapshot(out));
    }

    @Test
    void anUnreadableRunDescriptionIsBadInputNotOverwritten() throws IOException {
        Path a = write("a.yaml", A);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("run.json"), "{not json");
        CliHarness.Result r = run(a, out);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("use --fresh to overwrite them, or another --out folder"), r.err());
        assertEquals("{not json", Files.readString(out.resolve("run.json")));
        assertEquals(0, run(a, out, "--fresh").exitCode());
        // with points beside it, their experiment tells whose folder it is
        Files.writeString(out.resolve("run.json"), "{not json");
        Map<String, String> before = snapshot(out);
        assertRefused(run(write("b.yaml", B), out), "exp-a");
        assertEquals(before, snapshot(out));
        CliHarness.Result resumed = run(a, out);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming: 2 of 2"), resumed.err());
    }

    @Test
    void anEmptyOutIsBadInputForEveryCommand() throws IOException {
        Path a = write("a.yaml", A);
        Path csv = write("m.csv", "device,framework,model,layer,batch,latency_ms\n");
        Path cwd = Path.of("").toAbsolutePath();
        Map<String, String> before = snapshot(cwd.resolve("src"));
        boolean hadResults = Files.exists(cwd.resolve("results.csv"));
        for (String empty : List.of("", "  ")) {
            // Path.of("") is the current folder: run wrote its results.csv, points.jsonl and report there
            for (String[] args : new String[][] {
                    {"run", a.toString(), "--no-progress", "--no-report", "--out", empty},
                    {"explore", a.toString(), "--no-progress", "--no-report", "--out", empty},
                    {"reproduce", "paper", "--dir", dir.toString(), "--no-report", "--out", empty},
                    {"merge", dir.toString(), "--out", empty},
                    {"calibrate", csv.toString(), "--device", "rpi3", "--out", empty}}) {
                CliHarness.Result r = CliHarness.run(args);
                assertEquals(2, r.exitCode(), args[0] + ": " + r.out() + r.err());
                assertTrue(r.err().contains("Invalid value for option '--out': an empty path"), args[0] + ": " + r.err());
            }
        }
        assertEquals(hadResults, Files.exists(cwd.resolve("results.csv")));
        assertFalse(Files.exists(cwd.resolve("run.json")));
        assertEquals(before, snapshot(cwd.resolve("src")));
    }
}

package org.lcpsim.cli.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.lcpsim.cli.CliHarness;

/**
 * Every command that reads or writes a results folder, against damage to what it reads (a
 * points.jsonl or run.json corrupt, truncated, empty, not UTF-8, missing, a folder; shards of
 * different runs) and to where it writes (--out a file, under a file, in /proc, not permitted,
 * read-only, another experiment's folder, a file or folder in the way, a full disk). Each case is
 * one row of the README's table of kinds of damage: its name starts with the row's key, and it
 * expects the row's exit code and a message that names the file.
 */
final class OutputsFamily implements Family {
    /**
     * One row of the README's exit-code table: the damage, the commands it concerns, the exit code,
     * and the test that covers it when the corpus cannot (a signal, a cluster), else null.
     */
    record Row(String key, String damage, String commands, String exit, String testedBy) {
        Row(String key, String damage, String commands, String exit) {
            this(key, damage, commands, exit, null);
        }
    }

    /** The rows, as the README tables them (ExitCodeTableTest keeps the two the same). */
    static final List<Row> ROWS = List.of(
            new Row("option", "a bad option: unknown, malformed, out of range, an empty path", "every command", "2"),
            new Row("input", "an input file or folder missing, a folder where a file is expected, not a regular file,"
                    + " not readable", "every command", "2"),
            new Row("content", "an input file that is not UTF-8 or not valid (experiment, model, device file, calibration"
                    + " CSV)", "validate, run, explore, reproduce, calibrate", "2"),
            new Row("points", "points.jsonl corrupt or truncated: a line that is not a point record, not UTF-8, a point"
                    + " the run does not have", "report, merge, compare, run and explore resuming", "2"),
            new Row("torn", "a torn last line of points.jsonl (a run killed while writing it)", "run, explore", "0"),
            new Row("runjson", "run.json missing, empty, corrupt, truncated or not lcpsim's", "report, merge, compare,"
                    + " run and explore resuming", "2"),
            new Row("shards", "shards of different experiments or seeds, a point that differs between shards, points"
                    + " missing", "merge", "2"),
            new Row("outfile", "--out is a file", "run, explore, merge, reproduce, validate-models, compare", "2"),
            new Row("create", "--out cannot be created or written: under a file, in /proc, not permitted, read-only",
                    "run, explore, merge, reproduce, validate-models, report, compare", "2"),
            new Row("inway", "a file or folder in the way of what lcpsim writes (a folder named results.csv, a file named"
                    + " charts)", "run, explore, merge, reproduce, validate-models, report, compare", "2"),
            new Row("owner", "--out holds the results of another experiment (compare: of any run)", "run, explore, merge,"
                    + " reproduce, validate-models, compare", "2"),
            new Row("calout", "calibrate --out a folder, in a missing folder, not a regular file, not writable",
                    "calibrate", "2"),
            new Row("full", "no space left on the disk, or another write error, once the work has started", "run, explore,"
                    + " merge, reproduce, report, compare, calibrate", "1"),
            new Row("failed", "a design point that fails to simulate (its status column says why)", "run, explore", "1"),
            new Row("cluster", "no cluster worker reachable or left (--cluster)", "run, explore", "1",
                    "org.lcpsim.cli.ClusterCommandTest"),
            new Row("signal", "interrupted by Ctrl-C or SIGTERM", "every command", "130 / 143", "org.lcpsim.cli.SignalsTest"));

    static final String GOOD = """
            name: corpus
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            replications: 1
            seed: 1
            sweep:
              strategy.branches: [1, 2]
            explore:
              objectives: [{minimize: latency_ms_mean}]
            """;
    static final String OTHER = GOOD.replace("name: corpus", "name: other").replace("seed: 1", "seed: 2");

    @Override
    public String name() {
        return "outputs";
    }

    @Override
    public String covers() {
        return "report, merge, run, explore and reproduce against damaged points.jsonl and run.json, shards of different runs,"
                + " and --out folders that cannot be created, are in the way, hold another experiment or fill up";
    }

    /** The files of results folders written once by the real commands: a run, its two shards, another experiment's run. */
    private static final class Template {
        static final Map<String, byte[]> FILES = build();

        private static Map<String, byte[]> build() {
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory("lcpsim-corpus-outputs");
                Files.writeString(tmp.resolve("exp.yaml"), GOOD);
                Files.writeString(tmp.resolve("other.yaml"), OTHER);
                run(tmp, "run", "exp.yaml", "good");
                run(tmp, "run", "exp.yaml", "s0", "--shard", "0/2");
                run(tmp, "run", "exp.yaml", "s1", "--shard", "1/2");
                run(tmp, "run", "other.yaml", "other");
                Map<String, byte[]> out = new LinkedHashMap<>();
                for (String d : List.of("good", "s0", "s1", "other")) {
                    for (String f : List.of("run.json", "points.jsonl", "results.csv", "summary.json")) {
                        out.put(d + "/" + f, Files.readAllBytes(tmp.resolve(d).resolve(f)));
                    }
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                delete(tmp);
            }
        }

        private static void run(Path tmp, String command, String file, String out, String... more) {
            List<String> args = new ArrayList<>(List.of(command, tmp.resolve(file).toString(), "--out", tmp.resolve(out).toString(),
                    "--no-progress", "--no-report", "--threads", "1"));
            args.addAll(Arrays.asList(more));
            CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("the corpus template did not run: " + r.err());
            }
        }

        private static void delete(Path root) {
            if (root == null) {
                return;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind
            }
        }

        /** The files of one template folder, under another name in the case's folder. */
        static Map<String, byte[]> folder(String template, String as) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            FILES.forEach((k, v) -> {
                if (k.startsWith(template + "/")) {
                    out.put(as + k.substring(template.length()), v);
                }
            });
            return out;
        }

        static String text(String file) {
            return new String(FILES.get(file), StandardCharsets.UTF_8);
        }
    }

    /** Whether file permissions stop this process (they do not stop root). */
    static boolean permissionsApply() {
        try {
            Path d = Files.createTempDirectory("lcpsim-perm");
            try {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
                try {
                    Files.delete(Files.createTempFile(d, "x", ".tmp"));
                    return false;
                } catch (IOException e) {
                    return true;
                }
            } finally {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.delete(d);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private final List<Case> out = new ArrayList<>();

    private void add(String name, Map<String, byte[]> files, List<String> args, int exit, String pattern) {
        out.add(new Case(name(), name, files, null, args, exit, pattern, false));
    }

    private void add(String name, Map<String, byte[]> files, Case.Setup setup, List<String> args, int exit, String pattern) {
        out.add(new Case(name(), name, files, setup, args, exit, pattern, false));
    }

    private static Map<String, byte[]> files(Object... pairs) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            m.put((String) pairs[i], v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v);
        }
        return m;
    }

    private static Map<String, byte[]> with(Map<String, byte[]> base, String file, byte[] bytes) {
        Map<String, byte[]> m = new LinkedHashMap<>(base);
        if (bytes == null) {
            m.remove(file);
        } else {
            m.put(file, bytes);
        }
        return m;
    }

    private static Map<String, byte[]> merged(Map<String, byte[]> a, Map<String, byte[]> b) {
        Map<String, byte[]> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Ways to damage a points.jsonl: name, bytes, the pattern of the message (with the line it names). */
    private static List<Object[]> pointsDamage(byte[] good) {
        String text = new String(good, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        int n = lines.length;
        String first = lines[0];
        String rest = text.substring(first.length() + 1);
        String last = lines[n - 1];
        int lastStart = text.length() - last.length() - 1;
        List<Object[]> d = new ArrayList<>();
        d.add(new Object[] {"garbage-appended", cat(good, utf8("{\"garbage\n")), "points\\.jsonl:" + (n + 1) + ": not a point record"});
        d.add(new Object[] {"truncated-mid-last-line", Arrays.copyOf(good, lastStart + last.length() / 2),
                "points\\.jsonl:" + n + ": not a point record"});
        d.add(new Object[] {"truncated-mid-line-1", Arrays.copyOf(good, first.length() / 3), "points\\.jsonl:1: not a point record"});
        d.add(new Object[] {"truncated-in-a-string", Arrays.copyOf(good, first.indexOf("\"model\"") + 4),
                "points\\.jsonl:1: not a point record"});
        d.add(new Object[] {"line-1-empty-object", utf8("{}\n" + rest), "points\\.jsonl:1: not a point record"});
        d.add(new Object[] {"line-1-a-list", utf8("[1, 2]\n" + rest), "points\\.jsonl:1: not a point record"});
        d.add(new Object[] {"line-1-null", utf8("null\n" + rest), "points\\.jsonl:1: not a point record"});
        d.add(new Object[] {"line-1-a-number", utf8("42\n" + rest), "points\\.jsonl:1: not a point record"});
        d.add(new Object[] {"wrong-types-appended", cat(good, utf8("{\"pointId\": \"two\", \"model\": 3}\n")),
                "points\\.jsonl:" + (n + 1) + ": not a point record"});
        d.add(new Object[] {"ok-without-metrics", utf8(first.replaceFirst("\"metrics\":\\{.*?\\},\"", "\"metrics\":null,\"") + "\n"),
                "points\\.jsonl:1: (point \\d+ has status ok but no metrics|not a point record)"});
        d.add(new Object[] {"not-utf8", cat(good, new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}),
                "points\\.jsonl: not UTF-8 text"});
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        d.add(new Object[] {"binary", binary, "points\\.jsonl(:1: not a point record|: not UTF-8 text)"});
        d.add(new Object[] {"one-long-line", utf8("{\"x\": \"" + "x".repeat(3_000_000)), "points\\.jsonl:1: not a point record"});
        return d;
    }

    /** Ways to damage a run.json. */
    private static List<Object[]> runJsonDamage(byte[] good) {
        String text = new String(good, StandardCharsets.UTF_8);
        List<Object[]> d = new ArrayList<>();
        d.add(new Object[] {"empty", new byte[0], "run\\.json: not a run description"});
        d.add(new Object[] {"garbage", utf8("{\"garbage\n"), "run\\.json: not a run description"});
        d.add(new Object[] {"truncated", Arrays.copyOf(good, good.length / 2), "run\\.json: not a run description"});
        d.add(new Object[] {"empty-object", utf8("{}"), "run\\.json: not a run description written by lcpsim run"});
        d.add(new Object[] {"null", utf8("null"), "run\\.json: not a run description"});
        d.add(new Object[] {"a-list", utf8("[]"), "run\\.json: not a run description"});
        d.add(new Object[] {"other-format", utf8(text.replaceFirst("lcpsim-results/\\d+", "spreadsheet/1")),
                "run\\.json: not a run description written by lcpsim run"});
        d.add(new Object[] {"not-utf8", cat(Arrays.copyOf(good, 20), new byte[] {(byte) 0xFF, (byte) 0xFE, '"', '}'}),
                "run\\.json: not a run description"});
        return d;
    }

    @Override
    public List<Case> cases() {
        out.clear();
        Map<String, byte[]> good = Template.folder("good", "r");
        byte[] points = Template.FILES.get("good/points.jsonl");
        byte[] runJson = Template.FILES.get("good/run.json");
        Map<String, byte[]> shards = merged(Template.folder("s0", "s0"), Template.folder("s1", "s1"));
        Map<String, byte[]> exp = files("exp.yaml", GOOD);
        List<String> report = List.of("report", "{dir}/r");
        List<String> merge = List.of("merge", "{dir}/s0", "{dir}/s1", "--out", "{dir}/m", "--no-report");
        List<String> run = List.of("run", "{dir}/exp.yaml", "--out", "{dir}/r", "--no-progress", "--no-report", "--threads", "1");
        List<String> explore = List.of("explore", "{dir}/exp.yaml", "--out", "{dir}/r", "--no-progress", "--no-report",
                "--threads", "1");

        // points.jsonl damage: report and merge refuse with the file and line, exit 2
        for (Object[] d : pointsDamage(points)) {
            add("points-report-" + d[0], with(good, "r/points.jsonl", (byte[]) d[1]), report, 2, (String) d[2]);
        }
        for (Object[] d : pointsDamage(Template.FILES.get("s1/points.jsonl"))) {
            add("points-merge-" + d[0], with(shards, "s1/points.jsonl", (byte[]) d[1]), merge, 2, "s1/" + d[2]);
        }
        // a complete line that is not a record, in the journal of a run to resume: exit 2, nothing simulated
        byte[] midGarbage = utf8(new String(points, StandardCharsets.UTF_8).replaceFirst("\n", "\n{\"garbage\": 1}\n"));
        add("points-run-resuming-garbage-line", merged(exp, with(good, "r/points.jsonl", midGarbage)), run, 2,
                "r/points\\.jsonl:2: not a point record.*--fresh");
        add("points-explore-resuming-garbage-line", merged(exp, with(good, "r/points.jsonl", midGarbage)), explore, 2,
                "r/points\\.jsonl:2: not a point record.*--fresh");
        byte[] binary = new byte[512];
        new java.util.Random(3).nextBytes(binary);
        add("points-run-resuming-binary", merged(exp, files("r/points.jsonl", binary)), run, 2, "r/points\\.jsonl");
        add("points-merge-point-not-of-the-run", with(shards, "s1/points.jsonl", utf8(Template.text("s1/points.jsonl")
                .replaceFirst("\"pointId\":1", "\"pointId\":99"))), merge, 2, "s1/points\\.jsonl: point 99 is not a point of the run");
        // a torn last line is what a killed run leaves: cut off and resumed
        add("torn-run-resumes", merged(exp, with(good, "r/points.jsonl", Arrays.copyOf(points, points.length - 40))), run, 0,
                "resuming: .*a torn last line was cut off");
        add("torn-explore-resumes", merged(exp, with(good, "r/points.jsonl", Arrays.copyOf(points, points.length - 40))), explore,
                0, "resuming");

        // run.json damage
        for (Object[] d : runJsonDamage(runJson)) {
            add("runjson-report-" + d[0], with(good, "r/run.json", (byte[]) d[1]), report, 2, "r/" + d[2]);
            add("runjson-merge-" + d[0], with(shards, "s0/run.json", (byte[]) d[1]), merge, 2, "s0/" + d[2]);
        }
        add("runjson-report-missing", with(good, "r/run.json", null), report, 2, "r/run\\.json: missing");
        add("runjson-merge-missing", with(shards, "s1/run.json", null), merge, 2, "s1/run\\.json: missing");
        add("runjson-merge-no-experiment-text", with(shards, "s0/run.json", utf8(Template.text("s0/run.json")
                .replaceFirst("\"experimentText\" *: *\"", "\"experimentTextWas\": \""))), merge, 2,
                "s0/run\\.json: not a run description");
        add("runjson-merge-experiment-text-invalid", with(with(shards, "s0/run.json", utf8(Template.text("s0/run.json")
                .replace("name: corpus", "name: [corpus"))), "s1/run.json", utf8(Template.text("s1/run.json")
                .replace("name: corpus", "name: [corpus"))), merge, 2, "s0/run\\.json: the experiment it records is not valid");
        add("runjson-run-resuming-corrupt-no-points", merged(exp, files("r/run.json", "{\"garbage")), run, 2,
                "r/run\\.json: not a run description.*--fresh");
        add("runjson-report-a-folder", with(good, "r/run.json", null), d -> Files.createDirectories(d.resolve("r/run.json")),
                report, 2, "r/run\\.json: a folder where lcpsim writes a file");

        // input folders and files missing, or of the wrong kind
        add("input-report-missing-folder", files(), report, 2, "r: no such directory");
        add("input-report-a-file", files("r", "not a folder"), report, 2, "r: not a directory");
        add("input-report-points-missing", with(good, "r/points.jsonl", null), report, 2, "r/points\\.jsonl: missing");
        add("input-report-points-a-folder", with(good, "r/points.jsonl", null), d -> Files.createDirectories(
                d.resolve("r/points.jsonl")), report, 2, "r/points\\.jsonl: a folder where lcpsim writes a file");
        add("input-merge-shard-missing", Template.folder("s0", "s0"), merge, 2, "s1: no such directory");
        add("input-merge-shard-a-file", merged(Template.folder("s0", "s0"), files("s1", "a file")), merge, 2,
                "s1: not a directory");
        add("input-merge-points-missing", with(shards, "s1/points.jsonl", null), merge, 2, "s1/points\\.jsonl: missing");
        add("input-run-file-missing", files(), run, 2, "exp\\.yaml: file not found");
        add("input-run-file-a-folder", files(), d -> Files.createDirectories(d.resolve("exp.yaml")), run, 2,
                "exp\\.yaml: is a directory");
        add("input-calibrate-fifo", files(), d -> mkfifo(d.resolve("m.csv")), List.of("calibrate", "{dir}/m.csv", "--device",
                "rpi3"), 2, "m\\.csv: not a regular file");

        // shards that are not one run
        add("shards-other-experiment", merged(Template.folder("s0", "s0"), Template.folder("other", "s1")), merge, 2,
                "s1: not a shard of the same run as .*s0 \\(another experiment file or seed\\)");
        add("shards-only-one", Template.folder("s0", "s0"), List.of("merge", "{dir}/s0", "--out", "{dir}/m", "--no-report"), 2,
                "the shards hold 1 of the 2 points");
        add("shards-the-same-twice", Template.folder("s0", "s0"), List.of("merge", "{dir}/s0", "{dir}/s0", "--out", "{dir}/m",
                "--no-report"), 2, "the shards hold 1 of the 2 points");
        add("shards-a-point-differs", with(shards, "s1/points.jsonl", cat(Template.FILES.get("s1/points.jsonl"),
                utf8(Template.text("s0/points.jsonl").replaceFirst("\"configKey\":\"[0-9a-f]+\"", "\"configKey\":\"feed\"")))), merge,
                2, "s1: point 0 differs from the one in .*s0");
        add("shards-good-merge", shards, merge, 0, null);

        // --out a file, or that cannot be created
        Map<String, byte[]> aFile = merged(exp, files("f", "a file"));
        Map<String, byte[]> paper = merged(shards, files("paper/mini.yaml", GOOD.replace("name: corpus", "name: mini")));
        Map<String, List<String>> writers = new LinkedHashMap<>();
        writers.put("run", List.of("run", "{dir}/exp.yaml", "--no-progress", "--no-report", "--out"));
        writers.put("explore", List.of("explore", "{dir}/exp.yaml", "--no-progress", "--no-report", "--out"));
        writers.put("merge", List.of("merge", "{dir}/s0", "{dir}/s1", "--no-report", "--out"));
        writers.put("reproduce", List.of("reproduce", "paper", "--dir", "{dir}/paper", "--no-progress", "--no-report", "--out"));
        writers.put("validate-models", List.of("validate-models", "--dir", "{dir}/paper", "--no-progress", "--no-report",
                "--out"));
        for (Map.Entry<String, List<String>> w : writers.entrySet()) {
            Map<String, byte[]> base = merged(merged(aFile, shards), paper);
            add("outfile-" + w.getKey(), base, args(w.getValue(), "{dir}/f"), 2, "--out .*/f: not a directory");
            add("create-" + w.getKey() + "-under-a-file", base, args(w.getValue(), "{dir}/f/sub"), 2,
                    "cannot create folder .*/f/sub: .*/f is a file, not a folder");
            add("create-" + w.getKey() + "-deep-under-a-file", base, args(w.getValue(), "{dir}/f/a/b/c"), 2,
                    "cannot create folder .*/f/a/b/c: .*/f is a file, not a folder");
            add("create-" + w.getKey() + "-in-proc", base, args(w.getValue(), "/proc/lcpsim-corpus/x"), 2,
                    "cannot create folder /proc/lcpsim-corpus/x: /proc does not take new folders");
            add("create-" + w.getKey() + "-in-sys", base, args(w.getValue(), "/sys/lcpsim-corpus"), 2,
                    "cannot create folder /sys/lcpsim-corpus: (operation not permitted|read-only file system|permission denied)");
            add("option-" + w.getKey() + "-empty-out", base, args(w.getValue(), ""), 2, "an empty path");
            if (permissionsApply()) {
                add("create-" + w.getKey() + "-read-only", base, d -> Files.setPosixFilePermissions(Files.createDirectories(
                        d.resolve("ro")), PosixFilePermissions.fromString("r-xr-xr-x")), args(w.getValue(), "{dir}/ro/x"), 2,
                        "cannot create folder .*/ro/x: permission denied");
                add("create-" + w.getKey() + "-read-only-itself", base, d -> Files.setPosixFilePermissions(Files.createDirectories(
                        d.resolve("ro")), PosixFilePermissions.fromString("r-xr-xr-x")), args(w.getValue(), "{dir}/ro"), 2,
                        "cannot write in folder .*/ro: permission denied");
            }
            // a folder or a file where lcpsim writes
            add("inway-" + w.getKey() + "-results-csv-a-folder", base, d -> Files.createDirectories(d.resolve("o/results.csv")),
                    args(w.getValue(), "{dir}/o"), 2, "o/results\\.csv: a folder where lcpsim writes a file");
            add("inway-" + w.getKey() + "-charts-a-file", merged(base, files("o/charts", "x")), args(w.getValue(), "{dir}/o"), 2,
                    "o/charts: a file where lcpsim writes a folder");
            // another experiment's results
            add("owner-" + w.getKey() + "-another-experiment", merged(base, Template.folder("other", "o")),
                    args(w.getValue(), "{dir}/o"), 2, "--out .*/o holds the results of experiment 'other'");
        }
        add("create-report-in-sys", files(), List.of("report", "/sys/kernel"), 2, "cannot write in folder /sys/kernel: ");
        if (permissionsApply()) {
            add("create-report-read-only", good, d -> Files.setPosixFilePermissions(d.resolve("r"),
                    PosixFilePermissions.fromString("r-xr-xr-x")), report, 2, "cannot write in folder .*/r: permission denied");
        }
        add("inway-report-charts-a-file", merged(good, files("r/charts", "x")), report, 2, "r/charts: a file where lcpsim writes");
        add("inway-report-index-a-folder", good, d -> Files.createDirectories(d.resolve("r/report/index.html")), report, 2,
                "r/report/index\\.html: a folder where lcpsim writes a file");
        add("inway-reproduce-experiment-folder-a-file", merged(paper, files("o/mini", "x")), args(writers.get("reproduce"),
                "{dir}/o"), 2, "o/mini: a file where reproduce writes the folder of an experiment");
        add("owner-reproduce-experiment-folder-of-another", merged(paper, Template.folder("other", "o/mini")),
                args(writers.get("reproduce"), "{dir}/o"), 2, "--out .*/o/mini holds the results of experiment 'other'");
        add("owner-run-empty-folder-is-fine", exp, d -> Files.createDirectories(d.resolve("r")), run, 0, null);

        // a disk that fills once the work has started: exit 1, naming the file; finished points are kept
        add("full-run-results-csv", exp, d -> Files.createSymbolicLink(Files.createDirectories(d.resolve("r"))
                .resolve("results.csv"), Path.of("/dev/full")), run, 1,
                "cannot write .*r/results\\.csv: no space left on device; the points finished so far are kept in .*points\\.jsonl");
        add("full-report-index", good, d -> Files.createSymbolicLink(Files.createDirectories(d.resolve("r/report"))
                .resolve("index.html"), Path.of("/dev/full")), report, 1, "cannot write the charts and report in .*r: .*no space"
                + " left on device");
        add("full-merge-results-csv", shards, d -> Files.createSymbolicLink(Files.createDirectories(d.resolve("m"))
                .resolve("results.csv"), Path.of("/dev/full")), merge, 1, "cannot write .*m/results\\.csv: no space left on device");

        // compare reads two results folders and writes its own
        Map<String, byte[]> two = merged(good, Template.folder("other", "o"));
        List<String> compare = List.of("compare", "{dir}/r", "{dir}/o");
        for (Object[] d : pointsDamage(Template.FILES.get("other/points.jsonl"))) {
            add("points-compare-" + d[0], with(two, "o/points.jsonl", (byte[]) d[1]), compare, 2, "o/" + d[2]);
        }
        for (Object[] d : runJsonDamage(runJson)) {
            add("runjson-compare-" + d[0], with(two, "r/run.json", (byte[]) d[1]), compare, 2, "r/" + d[2]);
        }
        add("runjson-compare-missing", with(two, "o/run.json", null), compare, 2, "o/run\\.json: missing");
        add("input-compare-missing-folder", good, compare, 2, "o: no such directory");
        add("input-compare-a-file", merged(good, files("o", "a file")), compare, 2, "o: not a directory");
        add("input-compare-points-missing", with(two, "o/points.jsonl", null), compare, 2, "o/points\\.jsonl: missing");
        List<String> compareOut = List.of("compare", "{dir}/r", "{dir}/o", "--out");
        Map<String, byte[]> twoAndFile = merged(two, files("f", "a file"));
        add("outfile-compare", twoAndFile, args(compareOut, "{dir}/f"), 2, "--out .*/f: not a directory");
        add("create-compare-under-a-file", twoAndFile, args(compareOut, "{dir}/f/sub"), 2,
                "cannot create folder .*/f/sub: .*/f is a file, not a folder");
        add("create-compare-in-proc", two, args(compareOut, "/proc/lcpsim-corpus/x"), 2,
                "cannot create folder /proc/lcpsim-corpus/x: /proc does not take new folders");
        add("option-compare-empty-out", two, args(compareOut, ""), 2, "an empty path");
        add("inway-compare-csv-a-folder", two, d -> Files.createDirectories(d.resolve("c/compare.csv")), args(compareOut,
                "{dir}/c"), 2, "c/compare\\.csv: a folder where lcpsim writes a file");
        add("inway-compare-charts-a-file", merged(two, files("c/charts", "x")), args(compareOut, "{dir}/c"), 2,
                "c/charts: a file where lcpsim writes a folder");
        add("owner-compare-into-a-run", two, args(compareOut, "{dir}/r"), 2, "--out .*/r holds the results of a run");
        add("full-compare-csv", two, d -> Files.createSymbolicLink(Files.createDirectories(d.resolve("c")).resolve("compare.csv"),
                Path.of("/dev/full")), args(compareOut, "{dir}/c"), 1, "cannot write .*c/compare\\.csv: no space left on device");
        add("option-compare-one-folder", good, List.of("compare", "{dir}/r"), 2, "Missing required parameter");

        // bad options
        add("option-run-threads", exp, List.of("run", "{dir}/exp.yaml", "--out", "{dir}/r", "--threads", "0"), 2,
                "--threads must be between 1 and");
        add("option-report-axis", good, List.of("report", "{dir}/r", "--latency-axis", "sideways"), 2,
                "--latency-axis must be auto, linear or log");
        add("option-merge-unknown", shards, List.of("merge", "{dir}/s0", "--out", "{dir}/m", "--frobnicate"), 2,
                "Unknown option: '--frobnicate'");
        add("option-reproduce-threads", paper, List.of("reproduce", "paper", "--dir", "{dir}/paper", "--out", "{dir}/o",
                "--threads", "100000"), 2, "--threads must be between 1 and");
        String withAccuracy = GOOD.replace("  objectives: [{minimize: latency_ms_mean}]", "  objectives: [{minimize: latency_ms_mean}]\n"
                + "  accuracy: {file: acc.csv}");
        add("content-explore-accuracy-not-utf8", files("exp.yaml", withAccuracy, "acc.csv", cat(utf8("model,branches,fatten,"
                + "top1_pct\nlenet,1,0.0,"), new byte[] {(byte) 0xFF, '\n'})), explore, 2,
                "acc\\.csv:2:13: \\$: not UTF-8 text(.|\\n)*exp\\.yaml:\\d+:\\d+: \\$\\.explore\\.accuracy\\.file: accuracy table");
        add("input-explore-accuracy-fifo", files("exp.yaml", withAccuracy), d -> mkfifo(d.resolve("acc.csv")), explore, 2,
                "cannot read accuracy table .*acc\\.csv: not a regular file");
        add("content-report-paper-comparison-not-utf8", merged(good, files("r/paper-comparison.csv", new byte[] {'f', (byte) 0xFF,
                '\n'})), report, 2, "r/paper-comparison\\.csv: not UTF-8 text");
        add("content-report-paper-comparison-no-column", merged(good, files("r/paper-comparison.csv", "figure,model\n")), report,
                2, "r/paper-comparison\\.csv:1: no column config");
        add("content-run-not-utf8", files("exp.yaml", cat(utf8("name: x\n"), new byte[] {(byte) 0xFF, '\n'})), run, 2,
                "exp\\.yaml:2:1: \\$: not UTF-8 text");
        // a point that fails to simulate: its wall-clock limit passes; the run goes on and exits 1
        add("failed-run-point-times-out", files("exp.yaml", GOOD.replace("requests: 2,", "requests: 3000000,")
                .replace("[1, 2]", "[2]")), List.of("run", "{dir}/exp.yaml", "--out", "{dir}/r", "--no-progress", "--no-report",
                "--timeout-s", "1"), 1, "1 design point\\(s\\) failed; see the status column");
        return List.copyOf(out);
    }

    private static List<String> args(List<String> head, String last) {
        List<String> a = new ArrayList<>(head);
        a.add(last);
        return a;
    }

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }
}

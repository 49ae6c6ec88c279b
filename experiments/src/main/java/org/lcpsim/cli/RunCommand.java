package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.Shard;
import org.lcpsim.experiments.SimulationBackend;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.results.PointResult;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Simulate every design point of an experiment file; writes DIR/results.csv, DIR/summary.json, "
                + "DIR/points.jsonl (every point in full, for 'lcpsim report DIR') and the report DIR/report/index.html "
                + "with its charts in DIR/charts.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SimulationOptions sim;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment YAML file.")
    Path file;

    @Option(names = "--shard", paramLabel = "i/N", description = "Run only shard i of N (points whose id mod N is i); "
            + "join the shards' folders with lcpsim merge.")
    String shard;

    @Option(names = "--detail", negatable = true, description = "Keep every point's latency samples (up to 2,000, quantiles "
            + "beyond), timeline and utilization series in DIR/points.jsonl, for the report's distribution, timeline and "
            + "network charts; --no-detail keeps the summaries only. Default: detail for sweeps of at most 1,000 points.")
    Boolean detail;

    @Override
    public Integer call() throws IOException {
        sim.check();
        cluster.check();
        int n = sim.threads();
        Path out = sim.out();
        Long seed = sim.seed;
        Shard part = parseShard(shard);
        ExperimentFile experiment = ExperimentFile.load(file, sim.allowOutsideFiles);
        ExperimentRunner.check(experiment);
        ResultsFolder.claim(out, experiment, sim.fresh);
        ResultsFolder.prepare(out);
        PrintWriter stdout = spec.commandLine().getOut();
        ResultTable table = new ResultTable(stdout, experiment.sweptPaths());
        int failed;
        try (RunOutput output = new RunOutput(out, experiment, seed, sim.fresh);
             Progress progress = Progress.start("run", part.size(experiment.pointCount()), !sim.noProgress);
             SimulationBackend backend = cluster.backend(n, sim.wallLimit())) {
            output.describeResume(spec.commandLine().getErr(), experiment, seed, part);
            ExperimentRunner.Options options = new ExperimentRunner.Options(n, seed, sim.wallLimit(),
                    r -> progress.step(), detail);
            try {
                ExperimentRunner.run(experiment, options, part, output.store(), backend, r -> {
                    output.accept(r);
                    table.add(r);
                });
            } catch (java.io.UncheckedIOException e) {
                throw keptPoints(e, out);
            }
            output.complete();
            failed = output.failed();
        }
        table.print();
        stdout.println("wrote " + out.resolve("results.csv") + " and " + out.resolve("summary.json"));
        if (!sim.noReport) {
            stdout.println("wrote " + ReportCommand.write(out, ReportOptions.defaults()).index());
        }
        if (failed > 0) {
            spec.commandLine().getErr().println("lcpsim: " + failed + " design point(s) failed; see the status column");
            return Main.FAILED;
        }
        return Main.OK;
    }

    /** A write that failed while running (a full disk): exit 1, saying that the finished points are kept. */
    static java.io.UncheckedIOException keptPoints(java.io.UncheckedIOException e, Path out) {
        return new java.io.UncheckedIOException(UserFiles.describe(e) + "; the points finished so far are kept in "
                + out.resolve(org.lcpsim.reports.PointsJsonl.FILE) + ": the same command resumes", e.getCause());
    }

    static Shard parseShard(String s) {
        if (s == null) {
            return Shard.ALL;
        }
        try {
            return Shard.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Main.UserInputException("--shard: " + e.getMessage());
        }
    }

    /**
     * The human-readable table printed after a run: one row per point (the first
     * {@value #MAX_ROWS}), with the swept fields of each point, so that a row says which point it
     * is, and every column as wide as its content (nothing is cut).
     */
    static final class ResultTable {
        static final int MAX_ROWS = 200;
        /** Up to this many swept paths get a column each; more share one column of name=value pairs. */
        static final int MAX_SWEPT_COLUMNS = 4;
        private static final List<String> FIXED = List.of("point", "model", "strategy", "variant", "devices");
        private static final List<String> METRICS = List.of("lat_mean_ms", "lat_p95_ms", "thr_ips", "cap_ips", "mem_mb");

        private final PrintWriter out;
        private final List<String> swept;
        private final List<String> sweptHeaders;
        private final List<List<String>> rows = new ArrayList<>();
        private int count;

        ResultTable(PrintWriter out, List<String> sweptPaths) {
            this.out = out;
            this.swept = List.copyOf(sweptPaths);
            this.sweptHeaders = sweptHeaders(swept);
        }

        void add(PointResult r) {
            if (count++ >= MAX_ROWS) {
                return;
            }
            var m = r.metrics();
            List<String> row = new ArrayList<>(List.of(Integer.toString(r.pointId()), text(r.model()), text(r.strategy()),
                    text(r.variant()), Integer.toString(r.devices())));
            if (swept.size() <= MAX_SWEPT_COLUMNS) {
                for (String path : swept) {
                    row.add(text(r.sweep().get(path)));
                }
            } else if (!swept.isEmpty()) {
                List<String> pairs = new ArrayList<>();
                for (int i = 0; i < swept.size(); i++) {
                    pairs.add(sweptHeaders.get(i) + "=" + text(r.sweep().get(swept.get(i))));
                }
                row.add(String.join(" ", pairs));
            }
            row.add(m == null ? "-" : number("%.2f", m.latencyMsMean()));
            row.add(m == null ? "-" : number("%.2f", m.latencyMsP95()));
            row.add(m == null ? "-" : number("%.3f", m.throughputIps()));
            row.add(m == null ? "-" : number("%.3f", m.capacityIps()));
            row.add(r.memory().isEmpty() ? "-" : number("%.1f", r.peakMemoryMbMax()));
            row.add(text(r.status()));
            rows.add(row);
        }

        /** A number, or "-" when it is unknown (never NaN). */
        private static String number(String format, double v) {
            return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
        }

        void print() {
            List<String> header = new ArrayList<>(FIXED);
            int firstSwept = header.size();
            if (swept.size() <= MAX_SWEPT_COLUMNS) {
                header.addAll(sweptHeaders);
            } else if (!swept.isEmpty()) {
                header.add("sweep");
            }
            int afterSwept = header.size();
            header.addAll(METRICS);
            header.add("status");
            int n = header.size();
            int[] width = new int[n];
            boolean[] right = new boolean[n];
            for (int c = 0; c < n; c++) {
                width[c] = header.get(c).length();
                // numbers to the right: the point id, devices, the metrics, and swept fields whose values are all numbers
                right[c] = c == 0 || c == 4 || c >= afterSwept && c < n - 1;
            }
            for (int c = firstSwept; c < afterSwept && swept.size() <= MAX_SWEPT_COLUMNS; c++) {
                final int col = c;
                right[c] = !rows.isEmpty() && rows.stream().allMatch(row -> isNumber(row.get(col)));
            }
            for (List<String> row : rows) {
                for (int c = 0; c < n; c++) {
                    width[c] = Math.max(width[c], row.get(c).length());
                }
            }
            printRow(header, width, right);
            for (List<String> row : rows) {
                printRow(row, width, right);
            }
            if (count > MAX_ROWS) {
                out.println("... " + (count - MAX_ROWS) + " more rows in results.csv");
            }
        }

        private void printRow(List<String> cells, int[] width, boolean[] right) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c);
                if (c > 0) {
                    b.append("  ");
                }
                if (c == cells.size() - 1) {
                    b.append(cell);
                } else if (right[c]) {
                    b.append(" ".repeat(width[c] - cell.length())).append(cell);
                } else {
                    b.append(cell).append(" ".repeat(width[c] - cell.length()));
                }
            }
            out.println(b);
        }

        /**
         * The heading of each swept path: its last segment, or as many last segments as make it
         * differ from the others' (with a list's name before an index: {@code devices.0.count});
         * {@code sweep.PATH} where that would read as one of the table's own columns.
         */
        static List<String> sweptHeaders(List<String> paths) {
            List<String[]> split = paths.stream().map(p -> p.split("\\.", -1)).toList();
            List<String> out = new ArrayList<>();
            for (String[] segments : split) {
                int k = 1;
                while (k < segments.length && (isIndex(segments[segments.length - k - 1]) || isIndex(segments[segments.length - k])
                        || shared(split, segments, k))) {
                    k++;
                }
                String h = String.join(".", java.util.Arrays.asList(segments).subList(segments.length - k, segments.length));
                if (FIXED.contains(h) || METRICS.contains(h) || h.equals("status") || h.equals("sweep")) {
                    h = "sweep." + String.join(".", segments);
                }
                out.add(h);
            }
            return out;
        }

        /** Whether another path ends in the same {@code k} segments as {@code segments}. */
        private static boolean shared(List<String[]> all, String[] segments, int k) {
            for (String[] other : all) {
                if (other == segments || other.length < k) {
                    continue;
                }
                boolean same = true;
                for (int i = 1; i <= k && same; i++) {
                    same = other[other.length - i].equals(segments[segments.length - i]);
                }
                if (same) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isIndex(String segment) {
            return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
        }

        private static boolean isNumber(String s) {
            if (s.isEmpty()) {
                return false;
            }
            try {
                Double.parseDouble(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }
    }
}

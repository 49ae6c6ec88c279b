package org.lcpsim.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.lcpsim.experiments.RunEnvironment;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.reports.SummaryJson;
import org.lcpsim.results.PointResult;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Simulate every design point of an experiment file; writes DIR/results.csv, DIR/summary.json, "
                + "DIR/points.jsonl (every point in full, for 'lcpsim report DIR') and the report DIR/report/index.html "
                + "with its charts in DIR/charts.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment YAML file.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for every design point, overriding the file.")
    Long seed;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--no-report", description = "No charts and HTML report (points.jsonl is still written: "
            + "'lcpsim report DIR' makes them later).")
    boolean noReport;

    @Option(names = "--timeout-s", paramLabel = "SECONDS", defaultValue = "600",
            description = "Wall-clock limit of one simulation run (default: ${DEFAULT-VALUE}).")
    long timeoutS;

    @Option(names = "--fresh", description = "Start over: forget the finished points of an earlier run in DIR.")
    boolean fresh;

    @Option(names = "--shard", paramLabel = "i/N", description = "Run only shard i of N (points whose id mod N is i); "
            + "join the shards' folders with lcpsim merge.")
    String shard;

    @Override
    public Integer call() throws IOException {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new Main.UserInputException("--threads must be >= 1");
        }
        Shard part = parseShard(shard);
        ExperimentFile experiment = ExperimentFile.load(file);
        ExperimentRunner.check(experiment);
        PrintWriter stdout = spec.commandLine().getOut();
        ResultTable table = new ResultTable(stdout);
        int failed;
        try (RunOutput output = new RunOutput(out, experiment, seed, fresh);
             Progress progress = Progress.start("run", experiment.pointCount(), !noProgress);
             SimulationBackend backend = cluster.backend(n, Duration.ofSeconds(timeoutS))) {
            output.describeResume(spec.commandLine().getErr(), experiment, seed, part);
            ExperimentRunner.Options options = new ExperimentRunner.Options(n, seed, Duration.ofSeconds(timeoutS),
                    r -> progress.step());
            ExperimentRunner.run(experiment, options, part, output.store(), backend, r -> {
                output.accept(r);
                table.add(r);
            });
            output.complete();
            failed = output.failed();
        }
        table.print();
        stdout.println("wrote " + out.resolve("results.csv") + " and " + out.resolve("summary.json"));
        if (!noReport) {
            stdout.println("wrote " + ReportCommand.write(out, ReportOptions.defaults()).index());
        }
        if (failed > 0) {
            spec.commandLine().getErr().println("lcpsim: " + failed + " design point(s) failed; see the status column");
            return Main.FAILED;
        }
        return Main.OK;
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

    /** The human-readable table printed after a run. */
    static final class ResultTable {
        private final PrintWriter out;
        private final StringBuilder rows = new StringBuilder();
        private int count;

        ResultTable(PrintWriter out) {
            this.out = out;
        }

        void add(PointResult r) {
            if (count++ >= 200) {
                return;
            }
            var m = r.metrics();
            rows.append(String.format(java.util.Locale.ROOT, "%5d  %-10s %-8s %-14s %7d %12s %12s %10s %10s  %s%n",
                    r.pointId(), trim(r.model(), 10), trim(r.strategy(), 8), trim(r.variant(), 14), r.devices(),
                    m == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", m.latencyMsMean()),
                    m == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", m.latencyMsP95()),
                    m == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", m.throughputIps()),
                    r.memory().isEmpty() ? "-" : String.format(java.util.Locale.ROOT, "%.1f", r.peakMemoryMbMax()),
                    r.status()));
        }

        void print() {
            out.printf("%5s  %-10s %-8s %-14s %7s %12s %12s %10s %10s  %s%n", "point", "model", "strategy", "variant",
                    "devices", "lat_mean_ms", "lat_p95_ms", "thr_ips", "mem_mb", "status");
            out.print(rows);
            if (count > 200) {
                out.println("... " + (count - 200) + " more rows in results.csv");
            }
        }

        private static String trim(String s, int n) {
            return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "~";
        }
    }
}

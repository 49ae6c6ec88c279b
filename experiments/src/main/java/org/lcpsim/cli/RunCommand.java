package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Override
    public Integer call() throws IOException {
        sim.check();
        cluster.check();
        int n = sim.threads();
        Path out = sim.out();
        Long seed = sim.seed;
        Shard part = parseShard(shard);
        ExperimentFile experiment = ExperimentFile.load(file);
        ExperimentRunner.check(experiment);
        PrintWriter stdout = spec.commandLine().getOut();
        ResultTable table = new ResultTable(stdout);
        int failed;
        try (RunOutput output = new RunOutput(out, experiment, seed, sim.fresh);
             Progress progress = Progress.start("run", part.size(experiment.pointCount()), !sim.noProgress);
             SimulationBackend backend = cluster.backend(n, sim.wallLimit())) {
            output.describeResume(spec.commandLine().getErr(), experiment, seed, part);
            ExperimentRunner.Options options = new ExperimentRunner.Options(n, seed, sim.wallLimit(),
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
        if (!sim.noReport) {
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
                    Double.isNaN(r.peakMemoryMbMax()) || r.memory().isEmpty() ? "-"
                            : String.format(java.util.Locale.ROOT, "%.1f", r.peakMemoryMbMax()),
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

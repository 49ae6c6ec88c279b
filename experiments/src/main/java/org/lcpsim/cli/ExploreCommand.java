package org.lcpsim.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.Errors;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.RunEnvironment;
import org.lcpsim.experiments.SimulationBackend;
import org.lcpsim.experiments.explore.ExploreSpec;
import org.lcpsim.experiments.explore.Explorer;
import org.lcpsim.experiments.explore.ResultColumns;
import org.lcpsim.experiments.store.ResultStore;
import org.lcpsim.reports.Column;
import org.lcpsim.reports.Num;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.Metric;
import org.lcpsim.reports.charts.ParetoChart;
import org.lcpsim.results.PointResult;

@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Search an experiment's design space (its sweep) under the constraints of its explore section.",
                "Writes DIR/results.csv (every simulated point), DIR/pareto.csv (the feasible non-dominated ones), "
                        + "DIR/charts/pareto-explore.png|svg, DIR/summary.json with the recommended design and why, and "
                        + "the report. Finished points are kept in DIR/points.jsonl: re-running skips them."})
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SimulationOptions sim;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment YAML file with a sweep and an explore section.")
    Path file;

    @Override
    public Integer call() throws IOException {
        sim.check();
        cluster.check();
        int n = sim.threads();
        Path out = sim.out();
        Long seed = sim.seed;
        ExperimentFile experiment = ExperimentFile.load(file, sim.allowOutsideFiles);
        Errors errors = new Errors();
        errors.addAll(experiment.validate());
        ExploreSpec explore = ExploreSpec.read(experiment.root(), experiment.baseDir(), experiment.files(), errors);
        errors.throwIfAny();
        ResultsFolder.claim(out, experiment, sim.fresh);
        ResultsFolder.prepare(out);
        ResultStore store = RunOutput.openStore(out, sim.fresh);
        try {
            Reporter.writeInfo(out, RunEnvironment.describe(experiment, seed));
        } catch (IOException e) {
            store.close();
            throw new Main.UserInputException("cannot write " + out.resolve(Reporter.RUN_INFO) + ": " + UserFiles.reason(e));
        }
        // simulated point ids and their keys; the records themselves stay in the store
        TreeMap<Integer, String> simulated = new TreeMap<>();
        Explorer.Outcome outcome;
        try (Progress progress = Progress.start("explore", experiment.pointCount(), !sim.noProgress);
             SimulationBackend backend = cluster.backend(n, sim.wallLimit())) {
            if (store.recovered() > 0) {
                spec.commandLine().getErr().println("lcpsim: resuming: " + store.recovered() + " simulated point(s) in "
                        + store.file() + " are not simulated again (--fresh starts over)");
            }
            ExperimentRunner.Options options = new ExperimentRunner.Options(n, seed, sim.wallLimit(),
                    r -> progress.step());
            try {
                outcome = new Explorer(experiment, explore, options, backend, store, r -> simulated.put(r.pointId(),
                        r.configKey())).explore();
            } catch (java.io.UncheckedIOException e) {
                throw RunCommand.keptPoints(e, out);
            }
            List<Column> extra = new java.util.ArrayList<>(List.of(
                    new Column(ResultColumns.ACCURACY, r -> fmt(ResultColumns.value(r, ResultColumns.ACCURACY, explore.accuracy()))),
                    new Column(ResultColumns.ACCURACY_DROP, r -> fmt(ResultColumns.value(r, ResultColumns.ACCURACY_DROP,
                            explore.accuracy())))));
            // the streams' columns (an experiment with several), after explore's own
            extra.addAll(ResultsCsv.streamColumns(experiment.streamNames()));
            if (experiment.hasFaults()) {
                extra.addAll(ResultsCsv.faultColumns(experiment.streamNames()));
            }
            try {
                writeResults(experiment, store, simulated, extra);
                write(out.resolve("pareto.csv"), outcome.pareto().stream().map(Explorer.Evaluation::result).toList(),
                        experiment.sweptPaths(), extra);
            } catch (IOException e) {
                throw RunCommand.keptPoints(new java.io.UncheckedIOException("cannot write the results of the exploration in "
                        + out + ": " + UserFiles.describe(e), e), out);
            }
        } finally {
            store.close();
        }
        try {
            PointsJsonl.move(out.resolve(PointsJsonl.FILE + ".next"), out.resolve(PointsJsonl.FILE));
            writeSummary(outcome, explore);
        } catch (IOException e) {
            throw RunCommand.keptPoints(new java.io.UncheckedIOException("cannot write the results of the exploration in "
                    + out + ": " + UserFiles.describe(e), e), out);
        }
        print(outcome, explore);
        List<Chart> charts = paretoChart(outcome, explore);
        if (!sim.noReport) {
            // the report redraws DIR/charts: the exploration's chart goes in with the others
            spec.commandLine().getOut().println("wrote " + ReportCommand.write(out, ReportOptions.defaults(), charts).index());
        } else {
            for (Chart c : charts) {
                spec.commandLine().getOut().println("wrote " + c.write(out.resolve("charts")).get(0));
            }
        }
        if (outcome.failed() > 0) {
            spec.commandLine().getErr().println("lcpsim: " + outcome.failed() + " design point(s) failed; see the status "
                    + "column of results.csv");
            return Main.FAILED;
        }
        return Main.OK;
    }

    private static String fmt(Object v) {
        return v instanceof Double d ? Num.format(d) : "";
    }

    /** results.csv and the compacted points file, in point order, read back from the store. */
    private void writeResults(ExperimentFile experiment, ResultStore store, TreeMap<Integer, String> simulated,
                              List<Column> extra) throws IOException {
        List<String> swept = experiment.sweptPaths();
        try (BufferedWriter w = Files.newBufferedWriter(sim.out.resolve("results.csv"), StandardCharsets.UTF_8);
             PointsJsonl.Writer points = PointsJsonl.open(sim.out.resolve(PointsJsonl.FILE + ".next"))) {
            ResultsCsv.header(w, swept, extra);
            for (Map.Entry<Integer, String> e : simulated.entrySet()) {
                Errors errors = new Errors();
                PointResult r = store.get(e.getValue()).renumbered(e.getKey(), experiment.point(e.getKey(), errors).values());
                ResultsCsv.row(w, r, swept, extra);
                points.accept(r);
            }
        }
    }

    private static void write(Path path, List<PointResult> rows, List<String> swept, List<Column> extra) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            ResultsCsv.header(w, swept, extra);
            for (PointResult r : rows) {
                ResultsCsv.row(w, r, swept, extra);
            }
        }
    }

    /** The feasible designs over the first two objectives, the Pareto front marked. */
    private static List<Chart> paretoChart(Explorer.Outcome o, ExploreSpec explore) {
        List<ExploreSpec.Objective> obj = explore.objectives();
        if (obj.size() < 2 || o.pareto().isEmpty()) {
            return List.of();
        }
        Metric x = metric(obj.get(0), explore);
        Metric y = metric(obj.get(1), explore);
        List<PointResult> feasible = new ArrayList<>(o.feasible());
        var chart = ParetoChart.create(feasible, x, y);
        if (chart.isEmpty()) {
            return List.of();
        }
        Chart c = chart.get();
        return List.of(new Chart(c.name().replace("pareto-", "pareto-explore-"), c.title(), "Feasible designs of lcpsim "
                + "explore; the front over the first two objectives is marked.", c.chart(), c.widthPx(), c.heightPx()));
    }

    private static Metric metric(ExploreSpec.Objective o, ExploreSpec explore) {
        return new Metric(o.column(), o.column().replace('_', ' '), p -> {
            Object v = ResultColumns.value(p, o.column(), explore.accuracy());
            return v instanceof Double d ? d : Double.NaN;
        }, !o.minimize());
    }

    private void writeSummary(Explorer.Outcome o, ExploreSpec explore) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", o.method());
        summary.put("design_space", o.designSpace());
        summary.put("simulated", o.simulated());
        summary.put("pruned", o.pruned());
        summary.put("infeasible", o.infeasible());
        summary.put("excluded", o.excluded());
        summary.put("objectives", explore.objectives().stream().map(ExploreSpec.Objective::describe).toList());
        summary.put("constraints", explore.constraints().stream().map(Object::toString).toList());
        summary.put("pareto", o.pareto().stream().map(Explorer.Evaluation::pointId).toList());
        Map<String, Object> rec = null;
        if (o.recommended() != null) {
            rec = new LinkedHashMap<>();
            rec.put("point_id", o.recommended().pointId());
            rec.put("design", o.recommended().result().sweep());
            rec.put("reason", o.reason());
        }
        summary.put("recommended", rec);
        summary.put("reason", o.reason());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(sim.out.resolve("summary.json").toFile(), summary);
    }

    private void print(Explorer.Outcome o, ExploreSpec explore) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "design space: %d points; method: %s; simulated: %d; pruned before simulating: %d; "
                + "simulated but infeasible: %d%n", o.designSpace(), o.method(), o.simulated(), o.pruned(), o.infeasible());
        for (Map.Entry<String, Integer> e : o.excluded().entrySet()) {
            stdout.printf(Locale.ROOT, "  of which %d %s%n", e.getValue(), e.getKey().equals(Explorer.SATURATED)
                    ? "saturated (they cannot keep up with the workload's arrivals; infeasible whatever the constraints)"
                    : "with " + e.getKey() + " (a blank figure is unknown, not zero: excluded from constraints and objectives"
                    + " on it; the notes column of results.csv says why)");
        }
        stdout.println("Pareto front (" + o.pareto().size() + " designs; " + String.join(", ",
                explore.objectives().stream().map(ExploreSpec.Objective::describe).toList()) + "):");
        for (Explorer.Evaluation e : o.pareto()) {
            StringBuilder b = new StringBuilder(e.result().sweep().toString());
            for (int i = 0; i < explore.objectives().size(); i++) {
                ExploreSpec.Objective obj = explore.objectives().get(i);
                double v = obj.minimize() ? e.objectives()[i] : -e.objectives()[i];
                b.append(String.format(Locale.ROOT, "  %s=%.4g", obj.column(), v));
            }
            stdout.printf(Locale.ROOT, "  point %-5d %s%n", e.pointId(), b);
        }
        if (o.recommended() != null) {
            stdout.println("recommended: point " + o.recommended().pointId() + " " + o.recommended().result().sweep());
        } else {
            stdout.println("recommended: none");
        }
        stdout.println("  why: " + o.reason());
        stdout.println("wrote " + sim.out.resolve("results.csv") + ", " + sim.out.resolve("pareto.csv") + " and "
                + sim.out.resolve("summary.json"));
    }
}

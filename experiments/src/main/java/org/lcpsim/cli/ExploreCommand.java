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
import org.lcpsim.experiments.explore.Sensitivity;
import org.lcpsim.experiments.explore.Verdict;
import org.lcpsim.experiments.store.ResultStore;
import org.lcpsim.reports.Column;
import org.lcpsim.reports.ExploreSummary;
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
            List<Column> extra = columns(outcome, explore);
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
        Verdict.Result verdict = Verdict.of(outcome, explore);
        List<ExploreSummary.WhatIf> whatIf = List.of();
        if (outcome.recommended() != null && explore.whatIf()) {
            // fresh simulations of the recommendation with one input changed, on this machine
            whatIf = Sensitivity.run(experiment, outcome.recommended().pointId(), seed, outcome.recommended().result(),
                    sim.wallLimit(), n);
        }
        ExploreSummary summary = summary(outcome, explore, verdict, whatIf);
        try {
            PointsJsonl.move(out.resolve(PointsJsonl.FILE + ".next"), out.resolve(PointsJsonl.FILE));
            summary.write(sim.out.resolve(ExploreSummary.FILE));
        } catch (IOException e) {
            throw RunCommand.keptPoints(new java.io.UncheckedIOException("cannot write the results of the exploration in "
                    + out + ": " + UserFiles.describe(e), e), out);
        }
        print(outcome, explore, summary);
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
        var chart = ParetoChart.create(feasible, x, y, o.recommended() == null ? null : o.recommended().result().pointId());
        if (chart.isEmpty()) {
            return List.of();
        }
        Chart c = chart.get();
        return List.of(new Chart(c.name().replace("pareto-", "pareto-explore-"), c.title(), "Feasible designs of lcpsim "
                + "explore; the front over the first two objectives is marked, the recommended design starred.", c.chart(), c.widthPx(), c.heightPx()));
    }

    private static Metric metric(ExploreSpec.Objective o, ExploreSpec explore) {
        return new Metric(o.column(), o.column().replace('_', ' '), p -> {
            Object v = ResultColumns.value(p, o.column(), explore.accuracy());
            return v instanceof Double d ? d : Double.NaN;
        }, !o.minimize());
    }

    /**
     * The columns explore adds to results.csv and pareto.csv, after the standard ones: accuracy,
     * the design's resources, whether it is feasible and on the Pareto front, and what it violates
     * (the constraints as written, or why it was left out: saturated, unknown COLUMN, ...).
     */
    private static List<Column> columns(Explorer.Outcome outcome, ExploreSpec explore) {
        java.util.Set<Integer> front = new java.util.HashSet<>();
        outcome.pareto().forEach(e -> front.add(e.pointId()));
        java.util.function.Function<PointResult, Explorer.Evaluation> of = r -> outcome.evaluations().get(r.pointId());
        List<Column> extra = new ArrayList<>();
        extra.add(new Column(ResultColumns.ACCURACY, r -> fmt(ResultColumns.value(r, ResultColumns.ACCURACY, explore.accuracy()))));
        extra.add(new Column(ResultColumns.ACCURACY_DROP, r -> fmt(ResultColumns.value(r, ResultColumns.ACCURACY_DROP,
                explore.accuracy()))));
        for (String resource : ResultColumns.RESOURCES) {
            extra.add(new Column(resource, r -> {
                Explorer.Evaluation e = of.apply(r);
                return fmt(ResultColumns.value(r, resource, explore.accuracy(), e == null ? null : e.resources()));
            }));
        }
        extra.add(new Column("feasible", r -> {
            Explorer.Evaluation e = of.apply(r);
            return e == null ? "" : Boolean.toString(e.feasible());
        }));
        extra.add(new Column("pareto", r -> Boolean.toString(front.contains(r.pointId()))));
        extra.add(new Column("violations", r -> {
            Explorer.Evaluation e = of.apply(r);
            return e == null ? "" : String.join("; ", e.violations());
        }));
        return extra;
    }

    /** summary.json: counts, the front, the recommendation with its figures, the constraints' report, what if. */
    private static ExploreSummary summary(Explorer.Outcome o, ExploreSpec explore, Verdict.Result verdict,
                                          List<ExploreSummary.WhatIf> whatIf) {
        ExploreSummary.Recommendation rec = null;
        Explorer.Evaluation best = o.recommended();
        if (best != null) {
            PointResult r = best.result();
            Map<String, Double> figures = new LinkedHashMap<>();
            java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>(FIGURES);
            explore.objectives().forEach(x -> columns.add(x.column()));
            for (String c : columns) {
                Object v = ResultColumns.value(r, c, explore.accuracy(), best.resources());
                figures.put(c, v instanceof Double d ? Verdict.round(d) : null);
            }
            rec = new ExploreSummary.Recommendation(best.pointId(), r.sweep(), o.reason(), r.model(), r.strategy(), r.variant(),
                    r.deviceType(), r.network(), figures, verdict.binding(), verdict.bindingWhy());
        }
        return new ExploreSummary(ExploreSummary.FORMAT, o.method(), o.designSpace(), o.simulated(), o.pruned(),
                o.infeasible(), o.excluded(), explore.objectives().stream().map(ExploreSpec.Objective::describe).toList(),
                explore.constraints().stream().map(Object::toString).toList(),
                o.pareto().stream().map(Explorer.Evaluation::pointId).toList(), rec, o.reason(), verdict.feasible(),
                verdict.visited(), verdict.excludedBy(), verdict.constraints(), whatIf, starts(o, explore));
    }

    /** The designs the search started from (the planner's pipelines), with their figures. */
    private static List<ExploreSummary.Start> starts(Explorer.Outcome o, ExploreSpec explore) {
        List<ExploreSummary.Start> out = new ArrayList<>();
        for (Explorer.Start st : o.starts()) {
            Explorer.Evaluation e = st.evaluation();
            if (e == null) {
                out.add(new ExploreSummary.Start(st.plan(), null, null, null, "not in the design space", null));
                continue;
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>(List.of("latency_ms_mean",
                    "throughput_ips", "capacity_ips"));
            explore.objectives().forEach(x -> columns.add(x.column()));
            for (String c : columns) {
                Object v = ResultColumns.value(e.result(), c, explore.accuracy(), e.resources());
                figures.put(c, v instanceof Double d ? Verdict.round(d) : null);
            }
            out.add(new ExploreSummary.Start(st.plan(), e.pointId(), e.result().sweep(), e.feasible(),
                    e.feasible() ? null : e.why(), figures));
        }
        return out;
    }

    /** The recommendation's figures summary.json and the report show, before its objectives' columns. */
    static final List<String> FIGURES = List.of("latency_ms_mean", "latency_ms_ci95", "latency_ms_p95", "throughput_ips",
            "capacity_ips", "energy_j_per_inference", ResultColumns.DEVICES_USED, ResultColumns.CLUSTER_DEVICES,
            ResultColumns.COST, ResultColumns.ACCURACY, ResultColumns.ACCURACY_DROP);

    private void print(Explorer.Outcome o, ExploreSpec explore, ExploreSummary summary) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "design space: %d points; method: %s; simulated: %d; pruned before simulating: %d; "
                + "simulated but infeasible: %d%n", o.designSpace(), o.method(), o.simulated(), o.pruned(), o.infeasible());
        for (Map.Entry<String, Integer> e : o.excluded().entrySet()) {
            stdout.printf(Locale.ROOT, "  of which %d %s%n", e.getValue(), e.getKey().equals(Explorer.SATURATED)
                    ? "saturated (they cannot keep up with the workload's arrivals; infeasible whatever the constraints)"
                    : "with " + e.getKey() + " (a blank figure is unknown, not zero: excluded from constraints and objectives"
                    + " on it; the notes column of results.csv says why)");
        }
        stdout.printf(Locale.ROOT, "feasible: %d of the %d designs visited%n", summary.feasible(), summary.visited());
        for (ExploreSummary.ConstraintReport c : summary.constraintReport()) {
            stdout.printf(Locale.ROOT, "  constraint %s: excluded %d design(s) (%d before simulating)%s%s%n", c.constraint(),
                    c.excluded(), c.excludedBeforeSimulating(), c.slack() == null ? ""
                            : "; the recommendation's slack: " + Num.format(c.slack()) + (c.slackPct() == null ? ""
                            : String.format(Locale.ROOT, " (%.0f%%)", c.slackPct())), c.binding() ? "  <- binds" : "");
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
        for (ExploreSummary.Start st : summary.start()) {
            stdout.println("started from the planner's design " + st.plan() + ": " + (st.pointId() == null
                    ? "not in the design space" : "point " + st.pointId() + " " + st.design() + " " + figures(st.figures())
                    + (Boolean.TRUE.equals(st.feasible()) ? "" : " (" + st.why() + ")")));
        }
        if (o.recommended() != null) {
            stdout.println("recommended: point " + o.recommended().pointId() + " " + o.recommended().result().sweep());
        } else {
            stdout.println("recommended: none");
        }
        stdout.println("  why: " + o.reason());
        if (summary.recommended() != null && summary.recommended().binding() != null) {
            stdout.println("  binding constraint: " + summary.recommended().binding() + " (" + summary.recommended().bindingWhy()
                    + ")");
        }
        if (!summary.whatIf().isEmpty()) {
            stdout.println("what if (the recommendation simulated again with one change):");
            for (ExploreSummary.WhatIf w : summary.whatIf()) {
                stdout.printf(Locale.ROOT, "  %-13s x%-5s %s%n", w.change(), Num.format(w.factor()), w.latencyMsMean() == null
                        ? w.note() : String.format(Locale.ROOT, "latency %.4g ms (%s), energy %s", w.latencyMsMean(),
                        signed(w.latencyChangePct()), w.energyJPerInference() == null ? "unknown"
                                : String.format(Locale.ROOT, "%.4g J (%s)", w.energyJPerInference(), signed(w.energyChangePct())))
                        + (w.status().equals("ok") ? "" : ", " + w.status()));
            }
        }
        stdout.println("wrote " + sim.out.resolve("results.csv") + ", " + sim.out.resolve("pareto.csv") + " and "
                + sim.out.resolve("summary.json"));
    }

    private static String figures(Map<String, Double> figures) {
        List<String> parts = new ArrayList<>();
        figures.forEach((k, v) -> parts.add(k + "=" + (v == null ? "unknown" : Num.format(v))));
        return String.join(" ", parts);
    }

    private static String signed(Double pct) {
        return pct == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", pct);
    }
}

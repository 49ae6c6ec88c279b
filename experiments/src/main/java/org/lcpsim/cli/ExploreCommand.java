package org.lcpsim.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.Errors;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.explore.ExploreSpec;
import org.lcpsim.experiments.explore.Explorer;
import org.lcpsim.experiments.explore.ResultColumns;
import org.lcpsim.reports.Column;
import org.lcpsim.reports.Num;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.results.PointResult;

@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Search an experiment's design space (its sweep) under the constraints of its explore section: "
                + "writes DIR/results.csv (every simulated point), DIR/pareto.csv (the feasible non-dominated ones) and "
                + "DIR/summary.json with the recommended design and why.")
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment YAML file with a sweep and an explore section.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for every design point, overriding the file.")
    Long seed;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new Main.UserInputException("--threads must be >= 1");
        }
        ExperimentFile experiment = ExperimentFile.load(file);
        Errors errors = new Errors();
        errors.addAll(experiment.validate());
        ExploreSpec explore = ExploreSpec.read(experiment.root(), experiment.baseDir(), errors);
        errors.throwIfAny();
        Files.createDirectories(out);
        TreeMap<Integer, PointResult> simulated = new TreeMap<>();
        Outcome outcome;
        try (Progress progress = Progress.start("explore", experiment.pointCount(), !noProgress)) {
            ExperimentRunner.Options options = new ExperimentRunner.Options(n, seed, Duration.ofMinutes(10), r -> progress.step());
            Explorer.Outcome o = new Explorer(experiment, explore, options, r -> simulated.put(r.pointId(), r)).explore();
            outcome = new Outcome(o);
        }
        List<Column> extra = List.of(
                new Column(ResultColumns.ACCURACY, r -> fmt(ResultColumns.value(r, ResultColumns.ACCURACY, explore.accuracy()))),
                new Column(ResultColumns.ACCURACY_DROP, r -> fmt(ResultColumns.value(r, ResultColumns.ACCURACY_DROP,
                        explore.accuracy()))));
        List<String> swept = experiment.sweptPaths();
        write(out.resolve("results.csv"), new ArrayList<>(simulated.values()), swept, extra);
        write(out.resolve("pareto.csv"), outcome.o.pareto().stream().map(Explorer.Evaluation::result).toList(), swept, extra);
        writeSummary(explore);
        print(outcome.o, explore);
        return Main.OK;
    }

    private record Outcome(Explorer.Outcome o) {
    }

    private static String fmt(Object v) {
        return v instanceof Double d ? Num.format(d) : "";
    }

    private static void write(Path path, List<PointResult> rows, List<String> swept, List<Column> extra) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            ResultsCsv.header(w, swept, extra);
            for (PointResult r : rows) {
                ResultsCsv.row(w, r, swept, extra);
            }
        }
    }

    private void writeSummary(ExploreSpec explore) {
        // filled by print()
    }

    private void print(Explorer.Outcome o, ExploreSpec explore) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "design space: %d points; method: %s; simulated: %d; pruned before simulating: %d; "
                + "simulated but infeasible: %d%n", o.designSpace(), o.method(), o.simulated(), o.pruned(), o.infeasible());
        stdout.println("Pareto front (" + o.pareto().size() + " designs; " + String.join(", ",
                explore.objectives().stream().map(ExploreSpec.Objective::describe).toList()) + "):");
        for (Explorer.Evaluation e : o.pareto()) {
            stdout.printf(Locale.ROOT, "  point %-5d %s%n", e.pointId(), describe(e, explore));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", o.method());
        summary.put("design_space", o.designSpace());
        summary.put("simulated", o.simulated());
        summary.put("pruned", o.pruned());
        summary.put("infeasible", o.infeasible());
        summary.put("objectives", explore.objectives().stream().map(ExploreSpec.Objective::describe).toList());
        summary.put("constraints", explore.constraints().stream().map(Object::toString).toList());
        summary.put("pareto", o.pareto().stream().map(Explorer.Evaluation::pointId).toList());
        if (o.recommended() != null) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("point_id", o.recommended().pointId());
            rec.put("design", o.recommended().result().sweep());
            rec.put("reason", o.reason());
            summary.put("recommended", rec);
            stdout.println("recommended: point " + o.recommended().pointId() + " " + o.recommended().result().sweep());
            stdout.println("  why: " + o.reason());
        } else {
            summary.put("recommended", null);
            stdout.println("recommended: none; " + o.reason());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), summary);
        stdout.println("wrote " + out.resolve("results.csv") + ", " + out.resolve("pareto.csv") + " and " + out.resolve("summary.json"));
    }

    private static String describe(Explorer.Evaluation e, ExploreSpec explore) {
        StringBuilder b = new StringBuilder(e.result().sweep().toString());
        for (int i = 0; i < explore.objectives().size(); i++) {
            ExploreSpec.Objective o = explore.objectives().get(i);
            double v = o.minimize() ? e.objectives()[i] : -e.objectives()[i];
            b.append(String.format(Locale.ROOT, "  %s=%.4g", o.column(), v));
        }
        return b.toString();
    }
}

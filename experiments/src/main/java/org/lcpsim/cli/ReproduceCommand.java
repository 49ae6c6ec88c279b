package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.Errors;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.reproduce.Comparison;
import org.lcpsim.experiments.reproduce.ComparisonCsv;
import org.lcpsim.experiments.reproduce.ReferenceFigure;
import org.lcpsim.reports.Num;
import org.lcpsim.results.ComparisonRow;
import org.lcpsim.results.PointResult;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run the paper's experiments (experiments/paper/*.yaml) and compare every bar with the published "
                + "value: writes DIR/paper-comparison.csv and each experiment's results under DIR/NAME/.")
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET", description = "What to reproduce: paper.")
    String set;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the paper's experiment files are (default: experiments/paper under the lcpsim home).")
    Path dir;

    @Option(names = "--only", paramLabel = "NAME", description = "Only these experiment files (name without .yaml; repeatable).")
    List<String> only;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        if (!set.equals("paper")) {
            throw new Main.UserInputException("unknown set '" + set + "'; known: paper");
        }
        Path paperDir = dir != null ? dir : home().resolve("experiments").resolve("paper");
        if (!Files.isDirectory(paperDir)) {
            throw new Main.UserInputException("no paper experiments at " + paperDir + " (use --dir)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(paperDir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> only == null || only.contains(p.getFileName().toString().replace(".yaml", ""))).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new Main.UserInputException("no experiment files selected in " + paperDir);
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new Main.UserInputException("--threads must be >= 1");
        }
        // check every file before running any
        List<ExperimentFile> experiments = new ArrayList<>();
        List<List<ReferenceFigure>> references = new ArrayList<>();
        Errors errors = new Errors();
        for (Path f : files) {
            ExperimentFile e = ExperimentFile.load(f);
            errors.addAll(e.validate());
            references.add(ReferenceFigure.read(e.root(), errors));
            experiments.add(e);
        }
        errors.throwIfAny();
        Files.createDirectories(out);
        List<ComparisonRow> rows = new ArrayList<>();
        PrintWriter stdout = spec.commandLine().getOut();
        for (int i = 0; i < experiments.size(); i++) {
            ExperimentFile e = experiments.get(i);
            String name = files.get(i).getFileName().toString().replace(".yaml", "");
            List<PointResult> points = new ArrayList<>();
            try (Progress progress = Progress.start(name, e.pointCount(), !noProgress);
                 RunOutput output = new RunOutput(out.resolve(name), name, files.get(i).toString(), 0, e.sweptPaths())) {
                ExperimentRunner.run(e, new ExperimentRunner.Options(n, null, Duration.ofMinutes(10), r -> progress.step()),
                        r -> {
                            output.add(r);
                            points.add(r);
                        });
            }
            for (ReferenceFigure fig : references.get(i)) {
                rows.addAll(Comparison.rows(fig, points));
            }
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("paper-comparison.csv"), StandardCharsets.UTF_8)) {
            ComparisonCsv.write(w, rows);
        }
        print(stdout, rows);
        stdout.println("wrote " + out.resolve("paper-comparison.csv"));
        return Main.OK;
    }

    static Path home() {
        String h = System.getenv("LCPSIM_HOME");
        return h == null ? Path.of(".") : Path.of(h);
    }

    private static void print(PrintWriter out, List<ComparisonRow> rows) {
        Map<String, List<ComparisonRow>> byFigure = new LinkedHashMap<>();
        for (ComparisonRow r : rows) {
            byFigure.computeIfAbsent(r.figure(), k -> new ArrayList<>()).add(r);
        }
        out.printf(Locale.ROOT, "%-26s %-9s %-16s %7s %12s %12s %9s%n", "figure", "model", "config", "devices", "paper",
                "simulated", "error");
        for (var e : byFigure.entrySet()) {
            for (ComparisonRow r : e.getValue()) {
                out.printf(Locale.ROOT, "%-26s %-9s %-16s %7d %12s %12s %9s%n", r.figure(), r.model(), r.config(), r.devices(),
                        Double.isNaN(r.paperValue()) ? "-" : Num.format(r.paperValue()),
                        Double.isNaN(r.simulatedValue()) ? "-" : String.format(Locale.ROOT, "%.4g", r.simulatedValue()),
                        Comparison.formatPct(r.errorPct()));
            }
            double med = Comparison.medianAbsErrorPct(e.getValue());
            out.printf(Locale.ROOT, "%-26s median |error| %s over %d published bars (%s)%n%n", e.getKey(),
                    Double.isNaN(med) ? "-" : String.format(Locale.ROOT, "%.1f%%", med),
                    e.getValue().stream().filter(r -> !Double.isNaN(r.errorPct())).count(), e.getValue().get(0).unit());
        }
    }
}

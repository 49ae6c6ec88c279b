package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
import org.lcpsim.experiments.LocalBackend;
import org.lcpsim.experiments.Shard;
import org.lcpsim.reports.PaperComparisonCsv;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.charts.PaperCharts;
import org.lcpsim.experiments.reproduce.Comparison;
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

    @Option(names = "--no-report", description = "No HTML report per experiment (the comparison charts are still drawn).")
    boolean noReport;

    @Option(names = "--fresh", description = "Overwrite the results of other experiments in the --out folder and its "
            + "experiment folders.")
    boolean fresh;

    @Override
    public Integer call() throws IOException {
        if (!set.equals("paper")) {
            throw new Main.UserInputException("unknown set '" + set + "'; known: paper");
        }
        SimulationOptions.outputFolder(out);
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
        if (n < 1 || n > SimulationOptions.MAX_THREADS) {
            throw new Main.UserInputException("--threads must be between 1 and " + SimulationOptions.MAX_THREADS + ", got " + n);
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
        // nothing is written before every folder is known to be free: the --out folder must not be a run's,
        // and each experiment's folder in it must hold that experiment's results, if any
        ResultsFolder.claimForSet(out, "a reproduction of the paper", fresh);
        for (int i = 0; i < experiments.size(); i++) {
            Path sub = out.resolve(files.get(i).getFileName().toString().replace(".yaml", ""));
            if (Files.exists(sub) && !Files.isDirectory(sub)) {
                throw new Main.UserInputException(sub + ": a file where reproduce writes the folder of an experiment; move it"
                        + " away, or use another --out folder");
            }
            ResultsFolder.claim(sub, experiments.get(i), fresh);
            ResultsFolder.checkLayout(sub);
        }
        ResultsFolder.prepare(out);
        List<ComparisonRow> rows = new ArrayList<>();
        PrintWriter stdout = spec.commandLine().getOut();
        for (int i = 0; i < experiments.size(); i++) {
            ExperimentFile e = experiments.get(i);
            String name = files.get(i).getFileName().toString().replace(".yaml", "");
            List<PointResult> points = new ArrayList<>();
            try (RunOutput output = new RunOutput(out.resolve(name), e, null, true);
                 Progress progress = Progress.start(name, e.pointCount(), !noProgress);
                 LocalBackend backend = new LocalBackend(n, Duration.ofMinutes(10))) {
                ExperimentRunner.run(e, new ExperimentRunner.Options(n, null, Duration.ofMinutes(10), r -> progress.step()),
                        Shard.ALL, output.store(), backend, r -> {
                            output.accept(r);
                            points.add(r.compact());
                        });
                output.complete();
            }
            if (!noReport) {
                ReportCommand.write(out.resolve(name), ReportOptions.defaults());
            }
            for (ReferenceFigure fig : references.get(i)) {
                rows.addAll(Comparison.rows(fig, points));
            }
        }
        PaperComparisonCsv.write(rows, out.resolve(PaperComparisonCsv.FILE));
        List<Path> charts = PaperCharts.write(rows, out.resolve("charts"));
        print(stdout, rows);
        stdout.println("wrote " + out.resolve(PaperComparisonCsv.FILE) + " and " + charts.size() + " charts in "
                + out.resolve("charts"));
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
        out.printf(Locale.ROOT, "%-26s %-9s %-16s %7s %12s %12s %9s  %s%n", "figure", "model", "config", "devices", "paper",
                "simulated", "error", "role");
        for (var e : byFigure.entrySet()) {
            for (ComparisonRow r : e.getValue()) {
                out.printf(Locale.ROOT, "%-26s %-9s %-16s %7d %12s %12s %9s  %s%n", r.figure(), r.model(), r.config(), r.devices(),
                        Double.isNaN(r.paperValue()) ? "-" : Num.format(r.paperValue()),
                        Double.isNaN(r.simulatedValue()) ? "-" : String.format(Locale.ROOT, "%.4g", r.simulatedValue()),
                        Comparison.formatPct(r.errorPct()), Double.isNaN(r.paperValue()) ? "-" : r.role());
            }
            out.println(Comparison.medianLine(e.getKey(), e.getValue()));
            out.println();
        }
    }
}

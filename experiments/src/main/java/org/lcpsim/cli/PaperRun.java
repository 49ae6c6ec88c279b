package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.lcpsim.config.Errors;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.LocalBackend;
import org.lcpsim.experiments.Shard;
import org.lcpsim.experiments.reproduce.Comparison;
import org.lcpsim.experiments.reproduce.ReferenceFigure;
import org.lcpsim.experiments.validation.MeasurementSets;
import org.lcpsim.reports.PaperComparisonCsv;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.charts.PaperCharts;
import org.lcpsim.results.ComparisonRow;
import org.lcpsim.results.PointResult;

/**
 * The paper's experiments (experiments/paper/*.yaml) run into one folder: each experiment's
 * results under DIR/NAME/, every published bar beside its simulated value in
 * DIR/paper-comparison.csv, the paper charts in DIR/charts. {@link #prepare} checks every file and
 * folder before anything runs (bad input is exit 2 before any work); {@link #run} runs them.
 * Used by {@code reproduce paper} and by {@code validate-models}.
 */
final class PaperRun {
    private final Path out;
    private final List<Path> files;
    private final List<ExperimentFile> experiments;
    private final List<List<ReferenceFigure>> references;
    private final int threads;

    /**
     * The comparison rows, and per bar (MeasurementSets.barKey: figure|model|config|devices) the
     * device and network presets of its simulated points.
     */
    record Result(List<ComparisonRow> rows, Map<String, Set<String>> presets) {
    }

    private PaperRun(Path out, List<Path> files, List<ExperimentFile> experiments, List<List<ReferenceFigure>> references,
                     int threads) {
        this.out = out;
        this.files = files;
        this.experiments = experiments;
        this.references = references;
        this.threads = threads;
    }

    /** Reads and checks the experiment files and the folders they will be written to; writes nothing but DIR itself. */
    static PaperRun prepare(Path out, Path dir, List<String> only, Integer threads, boolean fresh, String what)
            throws IOException {
        Path paperDir = dir != null ? dir : ReproduceCommand.home().resolve("experiments").resolve("paper");
        if (!Files.isDirectory(paperDir)) {
            throw new Main.UserInputException("no paper experiments at " + paperDir + " (use --dir)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(paperDir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> only == null || only.contains(name(p))).sorted().toList();
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
        ResultsFolder.claimForSet(out, what, fresh);
        for (int i = 0; i < experiments.size(); i++) {
            Path sub = out.resolve(name(files.get(i)));
            if (Files.exists(sub) && !Files.isDirectory(sub)) {
                throw new Main.UserInputException(sub + ": a file where reproduce writes the folder of an experiment; move it"
                        + " away, or use another --out folder");
            }
            ResultsFolder.claim(sub, experiments.get(i), fresh);
            ResultsFolder.checkLayout(sub);
        }
        ResultsFolder.prepare(out);
        return new PaperRun(out, files, experiments, references, n);
    }

    private static String name(Path file) {
        return file.getFileName().toString().replace(".yaml", "");
    }

    /** Runs every experiment, writes paper-comparison.csv and the paper charts. */
    Result run(boolean progressBar, boolean report) throws IOException {
        List<ComparisonRow> rows = new ArrayList<>();
        Map<String, Set<String>> presets = new LinkedHashMap<>();
        for (int i = 0; i < experiments.size(); i++) {
            ExperimentFile e = experiments.get(i);
            String name = name(files.get(i));
            List<PointResult> points = new ArrayList<>();
            try (RunOutput output = new RunOutput(out.resolve(name), e, null, true);
                 Progress progress = Progress.start(name, e.pointCount(), progressBar);
                 LocalBackend backend = new LocalBackend(threads, Duration.ofMinutes(10))) {
                ExperimentRunner.run(e, new ExperimentRunner.Options(threads, null, Duration.ofMinutes(10), r -> progress.step()),
                        Shard.ALL, output.store(), backend, r -> {
                            output.accept(r);
                            points.add(r.compact());
                        });
                output.complete();
            }
            if (report) {
                ReportCommand.write(out.resolve(name), ReportOptions.defaults());
            }
            for (ReferenceFigure fig : references.get(i)) {
                rows.addAll(Comparison.rows(fig, points));
                for (PointResult p : Comparison.points(fig, points)) {
                    Set<String> used = presets.computeIfAbsent(MeasurementSets.barKey(fig.figure(), p.model(),
                            Comparison.config(p), p.devices()), k -> new LinkedHashSet<>());
                    used.add(p.deviceType());
                    used.add(p.network());
                }
            }
        }
        PaperComparisonCsv.write(rows, out.resolve(PaperComparisonCsv.FILE));
        PaperCharts.write(rows, out.resolve("charts"));
        return new Result(rows, presets);
    }
}

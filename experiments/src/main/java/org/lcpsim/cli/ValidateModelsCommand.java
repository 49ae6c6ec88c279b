package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.experiments.validation.MeasurementSets;
import org.lcpsim.experiments.validation.Scorecard;
import org.lcpsim.experiments.validation.ScorecardFiles;
import org.lcpsim.reports.PaperComparisonCsv;

@Command(name = "validate-models", mixinStandardHelpOptions = true,
        description = {"Compare every measurement set the project knows with what the shipped presets predict: single-device"
                + " fits, per-layer profiles, memory observations, link micro-benchmarks and the LCP paper's figures (the"
                + " experiments of 'reproduce paper'), each with its role (fitted: a calibration input; validation: not),"
                + " the median and worst |error| and whether the simulator picks the same best design as the measurement.",
                "Writes DIR/scorecard.csv and DIR/scorecard.html, and what 'reproduce paper' writes (paper-comparison.csv,"
                        + " charts/, each experiment's results under DIR/NAME/). Prints the scorecard as a Markdown table."})
final class ValidateModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the paper's experiment files are (default: experiments/paper under the lcpsim home).")
    Path dir;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--no-report", description = "No HTML report per paper experiment (the scorecard and the paper charts"
            + " are still written).")
    boolean noReport;

    @Option(names = "--fresh", description = "Overwrite the results of other experiments in the --out folder and its "
            + "experiment folders.")
    boolean fresh;

    @Override
    public Integer call() throws IOException {
        SimulationOptions.outputFolder(out);
        for (String f : List.of(ScorecardFiles.CSV, ScorecardFiles.HTML)) {
            if (Files.isDirectory(out.resolve(f))) {
                throw new Main.UserInputException(out.resolve(f) + ": a folder where lcpsim writes a file; move it away, or"
                        + " use another --out folder");
            }
        }
        PaperRun paper = PaperRun.prepare(out, dir, null, threads, fresh, "a validation of the models");
        Scorecard card = build(paper, !noProgress, !noReport);
        Files.writeString(out.resolve(ScorecardFiles.CSV), ScorecardFiles.csv(card), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(ScorecardFiles.HTML), ScorecardFiles.html(card, coverage(card),
                "the paper's bars in <a href=\"" + PaperComparisonCsv.FILE + "\">" + PaperComparisonCsv.FILE
                        + "</a> and <a href=\"charts/\">charts/</a>"), StandardCharsets.UTF_8);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(ScorecardFiles.markdown(card));
        stdout.println();
        stdout.print(ScorecardFiles.coverageMarkdown(coverage(card)));
        stdout.println();
        stdout.println("wrote " + out.resolve(ScorecardFiles.CSV) + ", " + out.resolve(ScorecardFiles.HTML) + " and "
                + out.resolve(PaperComparisonCsv.FILE));
        return Main.OK;
    }

    /** Every set: calibration files, link benchmarks, the paper's figures (run now), the pipeline systems' row. */
    static Scorecard build(PaperRun paper, boolean progress, boolean report) throws IOException {
        List<Scorecard.Row> rows = new ArrayList<>(MeasurementSets.withoutPaper());
        PaperRun.Result r = paper.run(progress, report);
        rows.addAll(MeasurementSets.paper(r.rows(), r.presets()));
        rows.add(MeasurementSets.pipelineSystems());
        return new Scorecard(rows);
    }

    static List<Scorecard.PresetCoverage> coverage(Scorecard card) {
        return card.coverage(MeasurementSets.devicePresets(), MeasurementSets.networkPresets());
    }
}

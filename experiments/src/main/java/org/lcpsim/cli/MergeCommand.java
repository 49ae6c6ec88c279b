package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.RunInfo;
import org.lcpsim.results.PointResult;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the results folders of the shards of one run (lcpsim run --shard i/N) into one folder, "
                + "as if the run had not been split: results.csv, points.jsonl, summary.json and the report.",
                "The folders must come from the same experiment file and seed; every point must be in one of them."})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Results folders of the shards.")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--no-report", description = "No HTML report.")
    boolean noReport;

    @Option(names = "--fresh", description = "Overwrite the results of another experiment in the --out folder.")
    boolean fresh;

    @Override
    public Integer call() throws IOException {
        SimulationOptions.outputFolder(out);
        RunInfo first = null;
        TreeMap<Integer, PointResult> points = new TreeMap<>();
        for (Path dir : shards) {
            if (!Files.isDirectory(dir)) {
                throw new Main.UserInputException(dir + ": no such directory");
            }
            RunInfo info = Reporter.readInfo(dir.resolve(Reporter.RUN_INFO));
            if (first == null) {
                first = info;
            } else if (!first.experimentText().equals(info.experimentText()) || first.seed() != info.seed()
                    || first.seedOverridden() != info.seedOverridden()) {
                throw new Main.UserInputException(dir + ": not a shard of the same run as " + shards.get(0)
                        + " (another experiment file or seed)");
            }
            for (PointResult r : PointsJsonl.read(dir.resolve(PointsJsonl.FILE))) {
                PointResult seen = points.putIfAbsent(r.pointId(), r);
                if (seen != null && !seen.configKey().equals(r.configKey())) {
                    throw new Main.UserInputException(dir + ": point " + r.pointId() + " differs from another shard's");
                }
            }
        }
        ExperimentFile experiment = ExperimentFile.parse(first.experimentText(), Path.of(first.file()));
        int expected = experiment.pointCount();
        if (points.size() != expected) {
            throw new Main.UserInputException("the shards hold " + points.size() + " of the " + expected
                    + " points of the run; missing shard folders or unfinished shards?");
        }
        Long seed = first.seedOverridden() ? first.seed() : null;
        ResultsFolder.claim(out, experiment, fresh);
        try (RunOutput output = new RunOutput(out, experiment, seed, true)) {
            points.values().forEach(output);
            output.complete();
        }
        spec.commandLine().getOut().println("merged " + points.size() + " points from " + shards.size() + " folders into "
                + out.resolve("results.csv"));
        if (!noReport) {
            spec.commandLine().getOut().println("wrote " + ReportCommand.write(out, ReportOptions.defaults()).index());
        }
        return Main.OK;
    }
}

package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Path firstDir = null;
        TreeMap<Integer, PointResult> points = new TreeMap<>();
        TreeMap<Integer, Path> from = new TreeMap<>();
        // every shard is read, and checked, before anything is written
        for (Path dir : shards) {
            if (!Files.exists(dir)) {
                throw new Main.UserInputException(dir + ": no such directory");
            }
            if (!Files.isDirectory(dir)) {
                throw new Main.UserInputException(dir + ": not a directory; merge takes the --out folders of 'lcpsim run --shard'");
            }
            Path runJson = dir.resolve(Reporter.RUN_INFO);
            RunInfo info = Reporter.readInfo(runJson);
            if (info.experimentText() == null || info.file() == null) {
                throw new Main.UserInputException(runJson + ": not a run description written by lcpsim run (no experiment"
                        + " file or text)");
            }
            if (first == null) {
                first = info;
                firstDir = dir;
            } else if (!first.experimentText().equals(info.experimentText()) || first.seed() != info.seed()
                    || first.seedOverridden() != info.seedOverridden()) {
                throw new Main.UserInputException(dir + ": not a shard of the same run as " + firstDir
                        + " (another experiment file or seed)");
            }
            Path file = dir.resolve(PointsJsonl.FILE);
            try {
                for (PointResult r : PointsJsonl.read(file)) {
                    PointResult seen = points.putIfAbsent(r.pointId(), r);
                    if (seen == null) {
                        from.put(r.pointId(), dir);
                    } else if (!seen.configKey().equals(r.configKey())) {
                        throw new Main.UserInputException(dir + ": point " + r.pointId() + " differs from the one in "
                                + from.get(r.pointId()));
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                throw new Main.UserInputException(UserFiles.describe(e));
            }
        }
        ExperimentFile experiment;
        try {
            experiment = ExperimentFile.parse(first.experimentText(), Path.of(first.file()));
        } catch (org.lcpsim.config.ConfigException | java.nio.file.InvalidPathException e) {
            String why = e instanceof org.lcpsim.config.ConfigException ce ? ce.errors().get(0).message() : e.getMessage();
            throw new Main.UserInputException(firstDir.resolve(Reporter.RUN_INFO) + ": the experiment it records is not valid: "
                    + why);
        }
        int expected = experiment.pointCount();
        for (Map.Entry<Integer, Path> e : from.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= expected) {
                throw new Main.UserInputException(e.getValue().resolve(PointsJsonl.FILE) + ": point " + e.getKey()
                        + " is not a point of the run (it has " + expected + ", from 0 to " + (expected - 1) + ")");
            }
        }
        if (points.size() != expected) {
            throw new Main.UserInputException("the shards hold " + points.size() + " of the " + expected
                    + " points of the run; missing shard folders or unfinished shards?");
        }
        Long seed = first.seedOverridden() ? first.seed() : null;
        ResultsFolder.claim(out, experiment, fresh);
        ResultsFolder.prepare(out);
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

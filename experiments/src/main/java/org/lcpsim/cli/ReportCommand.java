package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.reports.ReportInputException;
import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.charts.LatencyChart;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild the charts (DIR/charts) and the HTML report (DIR/report/index.html) of an earlier "
                + "'lcpsim run --out DIR' from its DIR/run.json and DIR/points.jsonl, without simulating again.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A results folder written by lcpsim run.")
    Path dir;

    @Option(names = "--latency-axis", paramLabel = "SCALE", defaultValue = "auto",
            description = "Latency chart axis: auto (logarithmic when bars span 30x or more), linear or log "
                    + "(default: ${DEFAULT-VALUE}).")
    String latencyAxis;

    @Override
    public Integer call() throws IOException {
        LatencyChart.Scale scale;
        try {
            scale = LatencyChart.Scale.valueOf(latencyAxis.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Main.UserInputException("--latency-axis must be auto, linear or log, got '" + latencyAxis + "'");
        }
        if (!Files.exists(dir)) {
            throw new Main.UserInputException(dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new Main.UserInputException(dir + ": not a directory; report takes the --out folder of 'lcpsim run'");
        }
        // the report is written into the folder it reads: what it cannot write there is found before it starts
        ResultsFolder.checkLayout(dir);
        UserFiles.checkWritable(dir);
        Reporter.Report report = write(dir, ReportOptions.defaults().withLatencyScale(scale));
        spec.commandLine().getOut().println("wrote " + report.index() + " (" + report.chartFiles().size() / 2
                + " charts in " + dir.resolve(Reporter.CHARTS) + ")");
        return Main.OK;
    }

    /** Writes the report of a results folder; a folder that cannot be read is bad input (exit 2). */
    static Reporter.Report write(Path dir, ReportOptions options) throws IOException {
        return write(dir, options, java.util.List.of());
    }

    static Reporter.Report write(Path dir, ReportOptions options, java.util.List<org.lcpsim.reports.charts.Chart> extra)
            throws IOException {
        try {
            return Reporter.finish(dir, options, extra);
        } catch (ReportInputException e) {
            throw new Main.UserInputException(e.getMessage());
        } catch (IOException e) {
            // the folder was checked: a write that fails now (a full disk) is a failure while running
            throw new java.io.UncheckedIOException("cannot write the charts and report in " + dir + ": "
                    + (e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? UserFiles.describe(f)
                    : UserFiles.reason(e)), e);
        }
    }
}

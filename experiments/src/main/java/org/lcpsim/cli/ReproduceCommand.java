package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.reports.PaperComparisonCsv;
import org.lcpsim.experiments.reproduce.Comparison;
import org.lcpsim.reports.Num;
import org.lcpsim.results.ComparisonRow;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run the paper's experiments (experiments/paper/*.yaml) and compare every bar with the published "
                + "value: writes DIR/paper-comparison.csv and each experiment's results under DIR/NAME/. The paper's part of "
                + "'lcpsim validate-models', which scores every measurement set the project knows.")
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
            throw new Main.UserInputException("unknown set '" + set + "'; known: paper (every measurement set the project"
                    + " knows: lcpsim validate-models)");
        }
        SimulationOptions.outputFolder(out);
        PaperRun run = PaperRun.prepare(out, dir, only, threads, fresh, "a reproduction of the paper");
        List<ComparisonRow> rows = run.run(!noProgress, !noReport).rows();
        PrintWriter stdout = spec.commandLine().getOut();
        print(stdout, rows);
        stdout.println("wrote " + out.resolve(PaperComparisonCsv.FILE) + " and the paper charts in " + out.resolve("charts"));
        return Main.OK;
    }

    static Path home() {
        String h = System.getenv("LCPSIM_HOME");
        return h == null ? Path.of(".") : Path.of(h);
    }

    static void print(PrintWriter out, List<ComparisonRow> rows) {
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

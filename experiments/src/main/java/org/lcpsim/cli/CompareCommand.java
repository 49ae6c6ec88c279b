package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.compare.CompareChart;
import org.lcpsim.reports.compare.ComparePage;
import org.lcpsim.reports.compare.RunComparison;
import org.lcpsim.results.Metrics;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two results folders (of lcpsim run or explore), e.g. before and after a change of preset or"
                + " network: match their points by design (the swept values when both sweep the same paths, else the design"
                + " fields that tell a run's points apart), print the change of the headline metrics per design with"
                + " whether the 95%% confidence intervals overlap, and list the designs only one run has.",
                "With --out DIR, also write DIR/compare.csv (every metric of every design), DIR/charts/compare-latency.png|svg"
                        + " (both runs' latency per design) and DIR/compare.html."})
final class CompareCommand implements Callable<Integer> {
    /** The files and folder compare writes in its --out folder. */
    static final String CSV = "compare.csv";
    static final String HTML = "compare.html";
    /** At most this many designs are printed; compare.csv has them all. */
    static final int MAX_PRINTED = 200;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR_A", description = "A results folder (before).")
    Path dirA;

    @Parameters(index = "1", paramLabel = "DIR_B", description = "Another results folder (after).")
    Path dirB;

    @Option(names = "--out", paramLabel = "DIR", description = "Write compare.csv, compare.html and charts/ here.")
    Path out;

    @Override
    public Integer call() throws IOException {
        for (Path d : List.of(dirA, dirB)) {
            if (!Files.exists(d)) {
                throw new Main.UserInputException(d + ": no such directory");
            }
            if (!Files.isDirectory(d)) {
                throw new Main.UserInputException(d + ": not a directory; compare takes two --out folders of lcpsim run or"
                        + " explore");
            }
        }
        RunComparison.Side a = read("A", dirA);
        RunComparison.Side b = read("B", dirB);
        if (out != null) {
            checkOut(out);
        }
        RunComparison.Result result = RunComparison.compare(a, b);
        print(result);
        if (out != null) {
            write(result, out);
        }
        return Main.OK;
    }

    private static RunComparison.Side read(String name, Path dir) {
        try {
            return RunComparison.read(name, dir);
        } catch (UncheckedIOException e) {
            throw new Main.UserInputException(UserFiles.describe(e));
        }
    }

    /**
     * The --out folder takes compare's files and nothing else's: not a file, not a run's results
     * folder (whose report would lose the chart), nothing in the way; created and tried before
     * anything is written.
     */
    static void checkOut(Path out) {
        SimulationOptions.outputFolder(out);
        if (Files.exists(out.resolve(Reporter.RUN_INFO)) || Files.exists(out.resolve(PointsJsonl.FILE))) {
            throw new Main.UserInputException("--out " + out + " holds the results of a run; compare writes " + CSV + ", "
                    + HTML + " and charts/ into a folder of its own: nothing was changed, give another --out folder");
        }
        for (String f : List.of(CSV, HTML)) {
            if (Files.isDirectory(out.resolve(f))) {
                throw new Main.UserInputException(out.resolve(f) + ": a folder where lcpsim writes a file; move it away, or"
                        + " use another --out folder");
            }
        }
        Path charts = out.resolve(Reporter.CHARTS);
        if (Files.exists(charts) && !Files.isDirectory(charts)) {
            throw new Main.UserInputException(charts + ": a file where lcpsim writes a folder; move it away, or use another"
                    + " --out folder");
        }
        UserFiles.createFolder(out);
    }

    private void write(RunComparison.Result r, Path dir) {
        Path current = dir.resolve(CSV);
        try {
            RunComparison.writeCsv(r, current);
            Chart chart = CompareChart.create(r).orElse(null);
            if (chart != null) {
                current = dir.resolve(Reporter.CHARTS);
                chart.write(current);
            }
            current = dir.resolve(HTML);
            Files.writeString(current, ComparePage.render(r, chart, Reporter.CHARTS), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the folder was checked: a write that fails now (a full disk) is a failure while running
            throw new UncheckedIOException("cannot write " + current + ": " + UserFiles.reason(e), e);
        }
        spec.commandLine().getOut().println("wrote " + dir.resolve(CSV) + ", " + dir.resolve(HTML) + " and "
                + dir.resolve(Reporter.CHARTS).resolve(CompareChart.NAME + ".png|svg"));
    }

    private void print(RunComparison.Result r) {
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "A: %s (experiment '%s', %d points)%n", r.a().dir(), r.a().info().experiment(), r.a().points().size());
        o.printf(Locale.ROOT, "B: %s (experiment '%s', %d points)%n", r.b().dir(), r.b().info().experiment(), r.b().points().size());
        o.println("matched " + r.rule());
        for (String n : r.notes()) {
            o.println("note: " + n);
        }
        o.printf(Locale.ROOT, "%d designs in both, %d only in A, %d only in B%n", r.matched().size(), r.onlyA().size(),
                r.onlyB().size());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"design", "pt_a", "pt_b", "lat_a_ms", "lat_b_ms", "lat_chg", "lat_ci_overlap", "thr_a_ips",
            "thr_b_ips", "thr_chg", "cap_chg", "energy_chg", "status"});
        int n = 0;
        for (RunComparison.Pair p : r.matched()) {
            if (n++ >= MAX_PRINTED) {
                break;
            }
            Metrics a = p.a().metrics();
            Metrics b = p.b().metrics();
            rows.add(new String[] {p.label(), Integer.toString(p.a().pointId()), Integer.toString(p.b().pointId()),
                num(a == null ? Double.NaN : a.latencyMsMean()), num(b == null ? Double.NaN : b.latencyMsMean()),
                pct(a, b, Metrics::latencyMsMean), orDash(RunComparison.ciOverlap(p, "latency_ms_mean")),
                num(a == null ? Double.NaN : a.throughputIps()), num(b == null ? Double.NaN : b.throughputIps()),
                pct(a, b, Metrics::throughputIps), pct(a, b, Metrics::capacityIps), pct(a, b, Metrics::energyJPerInference),
                p.a().status().equals(p.b().status()) ? p.a().status() : p.a().status() + " -> " + p.b().status()});
        }
        if (rows.size() > 1) {
            table(o, rows);
        }
        if (r.matched().size() > MAX_PRINTED) {
            o.println("(" + (r.matched().size() - MAX_PRINTED) + " more designs in both: compare.csv with --out)");
        }
        only(o, "only in A", r.onlyA(), true);
        only(o, "only in B", r.onlyB(), false);
        o.println("lat_chg and the other _chg columns: B - A in % of A; lat_ci_overlap: whether the 95% confidence intervals of"
                + " the mean latency overlap (- with one replication)");
    }

    private static void only(PrintWriter o, String title, List<RunComparison.Pair> pairs, boolean a) {
        int n = 0;
        for (RunComparison.Pair p : pairs) {
            if (n++ >= MAX_PRINTED) {
                o.println("  and " + (pairs.size() - MAX_PRINTED) + " more");
                break;
            }
            o.printf(Locale.ROOT, "%s: point %d, %s%n", title, (a ? p.a() : p.b()).pointId(), p.label());
        }
    }

    private static void table(PrintWriter o, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean left = i == 0 || i == r.length - 1;
                String cell = left ? String.format("%-" + width[i] + "s", r[i]) : String.format("%" + width[i] + "s", r[i]);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            o.println(line.toString().stripTrailing());
        }
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(Metrics a, Metrics b, java.util.function.ToDoubleFunction<Metrics> f) {
        if (a == null || b == null) {
            return "-";
        }
        double v = RunComparison.deltaPct(f.applyAsDouble(a), f.applyAsDouble(b));
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f%%", v);
    }
}

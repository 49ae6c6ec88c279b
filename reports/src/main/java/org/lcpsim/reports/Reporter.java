package org.lcpsim.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.PaperCharts;
import org.lcpsim.reports.html.HtmlReport;
import org.lcpsim.results.PointResult;

/**
 * The report of a results folder. {@code lcpsim run} calls {@link #start} before the first point
 * (it writes run.json and opens points.jsonl, to which each finished point is appended) and
 * {@link #finish} at the end; {@code lcpsim report DIR} calls {@link #finish} alone. Both build
 * the report from the files, never from objects in memory, so a rebuilt report is the report
 * the run wrote.
 *
 * <pre>
 * DIR/run.json              how the run was made ({@link RunInfo})
 * DIR/points.jsonl          every point at full fidelity ({@link PointsJsonl})
 * DIR/paper-comparison.csv  optional: paper values beside simulated ones ({@link PaperComparisonCsv})
 * DIR/summary.json          of an exploration: its answer, shown first ({@link ExploreSummary})
 * DIR/charts/NAME.png|svg   the charts
 * DIR/report/index.html     the page
 * </pre>
 */
public final class Reporter {
    public static final String RUN_INFO = "run.json";
    public static final String CHARTS = "charts";
    public static final String REPORT = "report";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Reporter() {
    }

    /** What {@link #finish} wrote. */
    public record Report(Path index, List<Path> chartFiles, List<String> notes) {
    }

    /** Writes DIR/run.json; the run then writes DIR/points.jsonl, and {@link #finish} reads both. */
    public static void writeInfo(Path dir, RunInfo info) throws IOException {
        Files.createDirectories(dir);
        // written aside and moved over: a run killed meanwhile leaves the earlier run.json whole, which
        // says whose results the folder holds
        Path next = dir.resolve(RUN_INFO + ".next");
        JSON.writeValue(next.toFile(), info);
        Files.move(next, dir.resolve(RUN_INFO), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads DIR/run.json and DIR/points.jsonl; writes DIR/charts/ and DIR/report/index.html. */
    public static Report finish(Path dir, ReportOptions options) throws IOException {
        return finish(dir, options, List.of());
    }

    /** The same, with charts the caller drew (e.g. an exploration's Pareto front) added to the page. */
    public static Report finish(Path dir, ReportOptions options, List<Chart> extra) throws IOException {
        Charts c = charts(dir, options, extra);
        Path chartDir = dir.resolve(CHARTS);
        clearCharts(chartDir);
        List<Path> files = new ArrayList<>();
        for (Chart chart : c.charts()) {
            files.addAll(chart.write(chartDir));
        }
        Path index = dir.resolve(REPORT).resolve("index.html");
        HtmlReport.write(new HtmlReport.Page(c.info(), c.points(), c.charts(), c.notes(), "../" + CHARTS,
                options.maxTableRows(), ExploreSummary.readIfExplore(dir)), index);
        return new Report(index, files, c.notes());
    }

    /** What the report of a folder shows: the run, its points in order, the charts (not written) and the notes. */
    public record Charts(RunInfo info, List<PointResult> points, List<Chart> charts, List<String> notes) {
    }

    /** Reads DIR/run.json and DIR/points.jsonl (and DIR/paper-comparison.csv) into the charts {@link #finish} writes. */
    public static Charts charts(Path dir, ReportOptions options, List<Chart> extra) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ReportInputException(dir + ": no such directory");
        }
        RunInfo info = readInfo(dir.resolve(RUN_INFO));
        Path points = dir.resolve(PointsJsonl.FILE);
        // pass 1: summaries of every point; pass 2: per-request detail of the few the charts draw one by one
        List<PointResult> all = new ArrayList<>();
        PointsJsonl.read(points, id -> false, all::add);
        // a finished run's file is in point order; the journal of one that stopped is in completion order
        all.sort(java.util.Comparator.comparingInt(PointResult::pointId));
        Set<Integer> detailed = ReportCharts.plan(all, options).detailed();
        Map<Integer, PointResult> full = new HashMap<>();
        PointsJsonl.read(points, detailed::contains, p -> {
            if (detailed.contains(p.pointId())) {
                full.put(p.pointId(), p);
            }
        });
        ReportCharts.Result result = ReportCharts.build(all, full, info.sweptPaths(), options);
        List<Chart> charts = new ArrayList<>(result.charts());
        charts.addAll(extra);
        Path paper = dir.resolve(PaperComparisonCsv.FILE);
        if (Files.isRegularFile(paper)) {
            charts.addAll(PaperCharts.charts(PaperComparisonCsv.read(paper)));
        }
        return new Charts(info, all, charts, result.notes());
    }

    public static RunInfo readInfo(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file + ": missing; is this a results folder written by lcpsim run?");
        }
        RunInfo info;
        try {
            info = JSON.readValue(file.toFile(), RunInfo.class);
        } catch (JsonProcessingException e) {
            throw new ReportInputException(file + ": not a run description: " + PointsJsonl.firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (info == null || info.format() == null || !info.format().startsWith("lcpsim-results/")) {
            throw new ReportInputException(file + ": not a run description written by lcpsim run (no format field)");
        }
        return info;
    }

    /** The charts folder is generated: old charts go, so a rebuilt report never shows stale ones. */
    private static void clearCharts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{png,svg}")) {
            for (Path p : s) {
                Files.delete(p);
            }
        }
    }
}

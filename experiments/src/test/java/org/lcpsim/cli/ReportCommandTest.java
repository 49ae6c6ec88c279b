package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.charts.HeatmapChart;
import org.lcpsim.reports.charts.Labels;
import org.lcpsim.reports.charts.LatencyChart;
import org.lcpsim.reports.charts.Metric;
import org.lcpsim.results.PointResult;

/** `lcpsim report DIR` rebuilds what `lcpsim run` wrote, from the files alone; bad folders are exit 2. */
class ReportCommandTest {
    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void runTheSweepExample() {
        run = shared.resolve("sweep");
        CliHarness.Result r = CliHarness.run("run", ExamplesTest.EXAMPLES.resolve("04-sweep-branches-fatten.yaml").toString(),
                "--out", run.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote " + run.resolve("report/index.html")), r.out());
    }

    @Test
    void reportRebuildsTheSamePageFromTheFiles() throws IOException {
        String page = Files.readString(run.resolve("report/index.html"));
        CliHarness.Result r = CliHarness.run("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("wrote " + run.resolve("report/index.html")), r.out());
        assertEquals(page, Files.readString(run.resolve("report/index.html")));
        assertTrue(page.contains("rpi3-450mb"), "the overridden device type");
        assertTrue(page.contains("memoryMb: 450"), "preset overrides");
        assertTrue(page.contains("IISWC19 Table III"), "preset provenance");
    }

    @Test
    void pointsJsonlHoldsWhatResultsCsvSaysAndTheChartsDrawIt() throws IOException {
        List<PointResult> points = PointsJsonl.read(run.resolve(PointsJsonl.FILE));
        List<String[]> rows = Csv.read(run.resolve("results.csv"));
        List<String> header = List.of(rows.get(0));
        assertEquals(rows.size() - 1, points.size());
        Map<Integer, String[]> byId = rows.subList(1, rows.size()).stream()
                .collect(Collectors.toMap(row -> Integer.parseInt(row[header.indexOf("point_id")]), row -> row));
        DefaultStatisticalCategoryDataset bars = LatencyChart.dataset(points);
        // a bar is named by what varies between the points that ran: branches=2, fatten=0.2
        Map<Integer, String> names = Labels.unique(points.stream().filter(PointResult::hasMetrics).toList(), false);
        assertTrue(names.values().contains("branches=2, fatten=0.2"), names.toString());
        HeatmapChart.Grid grid = HeatmapChart.grid(points, "strategy.fatten", "strategy.branches", Metric.LATENCY_MEAN_MS);
        int oom = 0;
        for (PointResult p : points) {
            String[] row = byId.get(p.pointId());
            assertEquals(row[header.indexOf("status")], p.status());
            String fatten = p.sweep().get("strategy.fatten");
            String branches = p.sweep().get("strategy.branches");
            if (!p.ok()) {
                oom++;
                assertEquals("OOM", grid.note(fatten, branches));
                continue;
            }
            double csv = Double.parseDouble(row[header.indexOf("latency_ms_mean")]);
            assertEquals(csv, p.metrics().latencyMsMean(), 1e-9 * csv);
            assertEquals(csv, grid.value(fatten, branches), 1e-9 * csv);
            assertEquals(p.metrics().latencyMsMean(), bars.getMeanValue(bars.getRowIndex(names.get(p.pointId())), 0).doubleValue(),
                    0);
            int samples = p.metrics().latenciesMs().length;
            assertTrue(samples > 0 && samples % p.replications() == 0, "pooled samples of every replication kept");
            assertFalse(p.metrics().timeline().isEmpty(), "timeline kept");
        }
        assertEquals(3, oom, "branches 1 does not fit in 450 MB at any fatten");
    }

    @Test
    void runWithoutReportStillKeepsThePointsAndReportMakesItLater() throws IOException {
        Path out = dir.resolve("noreport");
        CliHarness.Result r = CliHarness.run("run", ExamplesTest.EXAMPLES.resolve("01-quickstart.yaml").toString(), "--out",
                out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.exists(out.resolve("report")));
        assertFalse(Files.exists(out.resolve("charts")));
        assertEquals(4, Files.readAllLines(out.resolve(PointsJsonl.FILE)).size());
        r = CliHarness.run("report", out.toString(), "--latency-axis", "log");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("charts/latency.svg")));
        assertTrue(Files.readString(out.resolve("charts/latency.svg")).contains("log scale"));
    }

    private CliHarness.Result badInput(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        return r;
    }

    @Test
    void aMissingFolderIsBadInput() {
        CliHarness.Result r = badInput("report", dir.resolve("nowhere").toString());
        assertEquals("lcpsim: " + dir.resolve("nowhere") + ": no such directory", r.err().strip());
    }

    @Test
    void aFolderThatIsNotAResultsFolderIsBadInput() {
        CliHarness.Result r = badInput("report", dir.toString());
        assertTrue(r.err().contains("run.json: missing; is this a results folder written by lcpsim run?"), r.err());
    }

    @Test
    void aCorruptPointsFileIsBadInputNamingTheLine() throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(run.resolve("run.json"), copy.resolve("run.json"));
        List<String> lines = Files.readAllLines(run.resolve(PointsJsonl.FILE));
        String cut = lines.get(2).substring(0, lines.get(2).length() / 2);
        Files.write(copy.resolve(PointsJsonl.FILE), List.of(lines.get(0), lines.get(1), cut), StandardCharsets.UTF_8);
        CliHarness.Result r = badInput("report", copy.toString());
        assertTrue(r.err().startsWith("lcpsim: " + copy.resolve(PointsJsonl.FILE) + ":3: not a point record"), r.err());
        Files.delete(copy.resolve(PointsJsonl.FILE));
        r = badInput("report", copy.toString());
        assertTrue(r.err().contains("points.jsonl: missing"), r.err());
    }

    @Test
    void aBadOptionIsBadInput() {
        CliHarness.Result r = badInput("report", run.toString(), "--latency-axis", "sideways");
        assertTrue(r.err().contains("--latency-axis must be auto, linear or log"), r.err());
    }
}

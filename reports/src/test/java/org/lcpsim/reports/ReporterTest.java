package org.lcpsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.charts.LatencyChart;
import org.lcpsim.results.PointResult;

class ReporterTest {
    @TempDir
    Path dir;

    static RunInfo info(List<String> swept, int points) {
        return new RunInfo(RunInfo.FORMAT, "test <experiment>", "examples/x.yaml", "name: test\nmodel: alexnet # <b>\n",
                "0.1.0", "17", 42, false, swept, points,
                List.of(new RunInfo.PresetInfo("device", "rpi3", "Raspberry Pi 3", "IISWC 2019 & the LCP paper",
                        List.of("memoryMb: 160"))));
    }

    static List<PointResult> sweep() {
        List<PointResult> points = new ArrayList<>();
        int id = 0;
        for (int k : new int[] {1, 2, 4}) {
            for (double f : new double[] {0.0, 0.4}) {
                Fixtures.Builder b = Fixtures.point(id++).lcp(k, f).sweep("strategy.branches", Integer.toString(k))
                        .sweep("strategy.fatten", Double.toString(f)).params(Math.round(50e6 / k * (1 + f)));
                if (k == 1) {
                    b.devices(1).memory(Fixtures.memory("d0", "rpi3-160mb", 190 * (1 + f), 2, 0, 0, 160, false)).oom();
                } else {
                    double[] xs = DistributionSamples.of(id, 50, 400.0 / k * (1 + f));
                    b.metrics(Fixtures.metrics(xs, 2, 1000 * k, 2 * k - 1, 0.5 * k, List.of(
                            new org.lcpsim.results.Span("d0", "head", org.lcpsim.results.Span.Kind.COMPUTE, 0, 10, true))));
                }
                points.add(b.build());
            }
        }
        return points;
    }

    static Path write(Path dir, List<PointResult> points, List<String> swept) throws Exception {
        Reporter.writeInfo(dir, info(swept, points.size()));
        try (PointsJsonl.Writer w = PointsJsonl.open(dir.resolve(PointsJsonl.FILE))) {
            points.forEach(w);
        }
        return dir;
    }

    @Test
    void finishWritesChartsAndAPageThatShowsThemAllWithTheTableAndEnvironment() throws Exception {
        List<PointResult> points = sweep();
        write(dir, points, List.of("strategy.branches", "strategy.fatten"));
        Reporter.Report r = Reporter.finish(dir, ReportOptions.defaults());
        assertEquals(dir.resolve("report/index.html"), r.index());
        String html = Files.readString(r.index());
        List<String> charts = r.chartFiles().stream().map(p -> p.getFileName().toString()).toList();
        for (String expected : List.of("latency.png", "latency.svg", "memory.png", "communication.png", "energy.png",
                "latency-cdf.png", "heatmap-latency-ms-mean.png", "pareto-latency-ms-mean-vs-devices.png",
                "pareto-latency-ms-mean-vs-params.png", "timeline-p2.png", "latency-histogram-p2.png")) {
            assertTrue(charts.contains(expected), expected + " missing from " + charts);
        }
        // every chart is on the page, by a relative link, and exists
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            images++;
            assertTrue(m.group(1).startsWith("../charts/"), m.group(1));
            assertTrue(Files.isRegularFile(r.index().getParent().resolve(m.group(1))), m.group(1));
        }
        assertEquals(r.chartFiles().size() / 2, images);
        assertEquals(points.size(), count(html, "<tr class=\"ok\">") + count(html, "<tr class=\"failed\">"));
        assertEquals(2, count(html, "<tr class=\"failed\">"));
        assertTrue(html.contains("test &lt;experiment&gt;"), "titles are escaped");
        assertTrue(html.contains("model: alexnet # &lt;b&gt;"), "the experiment file is shown, escaped");
        assertTrue(html.contains("IISWC 2019 &amp; the LCP paper"), "preset provenance");
        assertTrue(html.contains("memoryMb: 160"));
        assertTrue(html.contains("d0 (rpi3-160mb) needs 192.0 MB of 160.0 MB"), "why a point did not fit");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "offline and script-free");
    }

    @Test
    void rebuildingGivesTheSameFilesAndDropsStaleCharts() throws Exception {
        write(dir, sweep(), List.of("strategy.branches", "strategy.fatten"));
        Reporter.finish(dir, ReportOptions.defaults());
        String first = Files.readString(dir.resolve("report/index.html"));
        String svg = Files.readString(dir.resolve("charts/latency.svg"));
        Files.writeString(dir.resolve("charts/old-chart.png"), "stale");
        Reporter.finish(dir, ReportOptions.defaults());
        assertEquals(first, Files.readString(dir.resolve("report/index.html")));
        assertEquals(svg, Files.readString(dir.resolve("charts/latency.svg")), "SVG output is deterministic");
        assertFalse(Files.exists(dir.resolve("charts/old-chart.png")));
    }

    @Test
    void limitsKeepBigSweepsBoundedAndSaySo() throws Exception {
        write(dir, sweep(), List.of("strategy.branches", "strategy.fatten"));
        ReportOptions tight = new ReportOptions(LatencyChart.Scale.AUTO, 3, 1, 2, 2);
        Reporter.Report r = Reporter.finish(dir, tight);
        List<String> names = r.chartFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.contains("latency.png"), "4 points ran, more than 3 bars: the best 3");
        assertEquals(1, names.stream().filter(n -> n.startsWith("timeline-") && n.endsWith(".png")).count());
        assertTrue(names.contains("heatmap-latency-ms-mean.png"), "the heatmap shows every point");
        String html = Files.readString(r.index());
        assertEquals(2, count(html, "<tr class="), "table capped");
        assertTrue(html.contains("4 more rows in"));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("more than 3")), r.notes().toString());
        assertTrue(html.contains("best 3 per model by mean latency; 1 of 4 not shown"), "the latency caption says what is left out");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Timelines: 1 of 4")), r.notes().toString());
    }

    @Test
    void missingOrForeignFoldersAreBadInput() throws Exception {
        ReportInputException e = assertThrows(ReportInputException.class,
                () -> Reporter.finish(dir.resolve("nope"), ReportOptions.defaults()));
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
        e = assertThrows(ReportInputException.class, () -> Reporter.finish(dir, ReportOptions.defaults()));
        assertTrue(e.getMessage().contains("run.json: missing"), e.getMessage());
        Files.writeString(dir.resolve(Reporter.RUN_INFO), "{\"some\": \"thing\"}");
        e = assertThrows(ReportInputException.class, () -> Reporter.finish(dir, ReportOptions.defaults()));
        assertTrue(e.getMessage().contains("not a run description"), e.getMessage());
        Files.writeString(dir.resolve(Reporter.RUN_INFO), "not json");
        assertThrows(ReportInputException.class, () -> Reporter.finish(dir, ReportOptions.defaults()));
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theJournalOfAStoppedRunReportsInPointOrder() throws Exception {
        // a run that stopped leaves its journal in the order the points finished, which depends on the threads
        List<PointResult> points = sweep();
        List<PointResult> shuffled = new ArrayList<>(points);
        java.util.Collections.reverse(shuffled);
        Path inOrder = write(dir.resolve("ordered"), points, List.of("strategy.branches", "strategy.fatten"));
        Path finished = write(dir.resolve("finished"), shuffled, List.of("strategy.branches", "strategy.fatten"));
        String a = Files.readString(Reporter.finish(inOrder, ReportOptions.defaults()).index());
        String b = Files.readString(Reporter.finish(finished, ReportOptions.defaults()).index());
        assertEquals(a, b);
        for (String chart : List.of("latency.svg", "heatmap-latency-ms-mean.svg", "memory.svg")) {
            assertEquals(Files.readString(inOrder.resolve("charts").resolve(chart)),
                    Files.readString(finished.resolve("charts").resolve(chart)), chart);
        }
    }
}

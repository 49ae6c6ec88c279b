package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.Span;

class TimelineChartTest {
    @TempDir
    Path dir;

    /** LCP with two branches: input to both, branches in parallel, gather to d0, head on d0; d1's branch is critical. */
    static List<Span> spans() {
        return List.of(
                new Span("source->d1", "input", Span.Kind.TRANSFER, 0, 28, true),
                new Span("source->d0", "input", Span.Kind.TRANSFER, 0, 27, false),
                new Span("d10", "branch", Span.Kind.COMPUTE, 27, 30, false),
                new Span("d0", "branch 0", Span.Kind.COMPUTE, 27, 60, false),
                new Span("d1", "branch 1", Span.Kind.COMPUTE, 28, 62, true),
                new Span("d1", "serialize", Span.Kind.SERIALIZE, 62, 63, true),
                new Span("d1->d0", "gather", Span.Kind.TRANSFER, 63, 70, true),
                new Span("d0", "head", Span.Kind.COMPUTE, 70, 75, true));
    }

    @Test
    void rowsAreDevicesInNaturalOrderThenLinksInTheOrderTheyCarryData() {
        assertEquals(List.of("d0", "d1", "d10", "source->d0", "source->d1", "d1->d0"), TimelineChart.rows(spans()));
    }

    @Test
    void everySpanIsABarFromStartToEndOnItsRowInItsKindAndCriticalSeries() throws Exception {
        List<Span> spans = spans();
        PointResult p = Fixtures.point(7).lcp(2, 0)
                .metrics(Fixtures.metrics(new double[] {75, 75}, 0, 1, 3, 1, spans)).build();
        Chart chart = TimelineChart.create(p, "lcp split2").orElseThrow();
        assertEquals("timeline-p7", chart.name());
        XYPlot plot = (XYPlot) chart.chart().getPlot();
        XYIntervalSeriesCollection data = (XYIntervalSeriesCollection) plot.getDataset();
        List<String> rows = TimelineChart.rows(spans);
        List<String> seen = new ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYIntervalSeries series = data.getSeries(s);
            for (int i = 0; i < series.getItemCount(); i++) {
                double y = series.getYValue(i);
                String row = rows.get(rows.size() - 1 - (int) Math.round(y));
                double start = series.getXLowValue(i);
                double end = series.getXHighValue(i);
                Span match = spans.stream().filter(sp -> sp.resource().equals(row) && sp.startMs() == start
                        && sp.endMs() == end).findFirst().orElseThrow(() -> new AssertionError(
                        "no span for bar " + row + " " + start));
                assertEquals(TimelineChart.seriesName(match.kind(), match.critical()), series.getKey());
                assertEquals(y - TimelineChart.HALF, series.getYLowValue(i), 1e-12);
                seen.add(row + "@" + match.startMs());
            }
        }
        assertEquals(spans.size(), seen.size(), "one bar per span");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            keys.add(String.valueOf(data.getSeriesKey(i)));
        }
        assertEquals(List.of("compute", "transfer", "compute (critical path)", "transfer (critical path)",
                "(de)serialize (critical path)"), keys, "only kinds that occur, plain before critical");
        SymbolAxis rowsAxis = (SymbolAxis) plot.getRangeAxis();
        assertEquals("d0", rowsAxis.getSymbols()[rows.size() - 1], "the first row is drawn at the top");
        Rendered.Files2 r = Rendered.check(chart, dir, "Timeline of one inference: lcp split2",
                "time since the request arrived (ms), linear scale", "d0", "source->d1", "d1->d0", "compute (critical path)");
        assertTrue(r.texts().stream().anyMatch(t -> t.contains("latency of this inference 75 ms")), r.texts().toString());
    }

    /**
     * Model parallelism on 64 devices: the coordinator, 63 workers that compute at the same times,
     * the input multicast to all (critical on the coordinator's copy), each worker's slice back.
     */
    static List<Span> modelParallel(int devices) {
        List<Span> spans = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            spans.add(new Span("source->d" + d, "input", Span.Kind.TRANSFER, 0, 10, d == 0));
            spans.add(new Span("d" + d, "slice", Span.Kind.COMPUTE, 10, 30, d == 0));
        }
        for (int d = 1; d < devices; d++) {
            spans.add(new Span("d" + d + "->d0", "gather", Span.Kind.TRANSFER, 30, 45, false));
        }
        spans.add(new Span("d0", "head", Span.Kind.COMPUTE, 45, 50, true));
        return spans;
    }

    @Test
    void devicesAndLinksWithTheSameIntervalsShareARow() throws Exception {
        List<Span> spans = modelParallel(64);
        List<TimelineChart.Row> rows = TimelineChart.drawnRows(spans);
        assertEquals(List.of("d0", "d1 ... d63 (63 devices)", "source->d0", "source->d1 ... source->d63 (63 links)",
                "d1->d0 ... d63->d0 (63 links)"), rows.stream().map(TimelineChart.Row::label).toList());
        assertEquals(63, rows.get(1).resources().size());
        PointResult p = Fixtures.point(3).lcp(2, 0)
                .metrics(Fixtures.metrics(new double[] {50, 50}, 0, 1, 3, 1, spans)).build();
        Chart chart = TimelineChart.create(p, "model-parallel 64").orElseThrow();
        XYIntervalSeriesCollection data = (XYIntervalSeriesCollection) ((XYPlot) chart.chart().getPlot()).getDataset();
        int bars = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            bars += data.getSeries(s).getItemCount();
        }
        assertEquals(2 + 1 + 1 + 1 + 1, bars, "d0 twice, then one bar per other row");
        assertTrue(chart.heightPx() < 400, "5 rows, not 191: " + chart.heightPx());
        Rendered.Files2 r = Rendered.check(chart, dir, "d1 ... d63 (63 devices)", "d1->d0 ... d63->d0 (63 links)");
        assertTrue(r.texts().stream().noneMatch(t -> t.contains("not shown")), r.texts().toString());
    }

    /** Rows that all differ: at most MAX_ROWS, the critical ones first kept, and the subtitle says how many are left out. */
    @Test
    void pastTheMostRowsTheCriticalOnesStayAndTheRestIsCounted() throws Exception {
        List<Span> spans = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            spans.add(new Span("d" + d, "work", Span.Kind.COMPUTE, d, d + 1.5, d == 150 || d == 199));
        }
        List<TimelineChart.Row> rows = TimelineChart.drawnRows(spans);
        assertEquals(TimelineChart.MAX_ROWS, rows.size());
        List<String> labels = rows.stream().map(TimelineChart.Row::label).toList();
        assertTrue(labels.contains("d150") && labels.contains("d199"), labels.toString());
        assertEquals("d0", labels.get(0));
        assertEquals("d45", labels.get(TimelineChart.MAX_ROWS - 3), "the first others fill the rest, in order");
        PointResult p = Fixtures.point(4).lcp(2, 0)
                .metrics(Fixtures.metrics(new double[] {200, 200}, 0, 1, 3, 1, spans)).build();
        Chart chart = TimelineChart.create(p, "200 devices").orElseThrow();
        Rendered.Files2 r = Rendered.check(chart, dir, "d150", "d199");
        assertTrue(r.texts().stream().anyMatch(t -> t.contains("152 of 200 devices and links not shown")), r.texts().toString());
    }

    @Test
    void noTimelineForAPointThatDidNotRun() {
        assertFalse(TimelineChart.create(Fixtures.point(0).oom().build(), "x").isPresent());
    }
}

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

    @Test
    void noTimelineForAPointThatDidNotRun() {
        assertFalse(TimelineChart.create(Fixtures.point(0).oom().build(), "x").isPresent());
    }
}

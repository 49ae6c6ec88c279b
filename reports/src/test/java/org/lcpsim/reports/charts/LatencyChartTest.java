package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class LatencyChartTest {
    @TempDir
    Path dir;

    static List<PointResult> twoModels() {
        return List.of(
                Fixtures.point(0).model("alexnet").single().latency(538.1, 2.5).build(),
                Fixtures.point(1).model("alexnet").lcp(2, 0).latency(182.6, Double.NaN).build(),
                Fixtures.point(2).model("alexnet").lcp(4, 0).oom().build(),
                Fixtures.point(3).model("vgg-s").single().latency(1231.2, 10).build(),
                Fixtures.point(4).model("vgg-s").lcp(2, 0).latency(369.5, 1.5).build());
    }

    @Test
    void barsAreTheMeanLatencyWithTheCi95AsErrorPerModelAndConfiguration() throws Exception {
        List<PointResult> points = twoModels();
        Chart chart = LatencyChart.create(points, LatencyChart.Scale.LINEAR).orElseThrow();
        DefaultStatisticalCategoryDataset data = (DefaultStatisticalCategoryDataset) ((CategoryPlot) chart.chart().getPlot())
                .getDataset();
        assertEquals(List.of("alexnet", "vgg-s"), data.getColumnKeys());
        assertEquals(List.of("single", "lcp split2"), data.getRowKeys(), "the oom point has no bar");
        for (PointResult p : points) {
            if (!p.ok()) {
                continue;
            }
            String row = p.strategy().equals("single") ? "single" : "lcp split2";
            assertEquals(p.metrics().latencyMsMean(), data.getMeanValue(row, p.model()).doubleValue(), 1e-12);
            double ci = p.metrics().latencyMsCi95();
            if (Double.isNaN(ci)) {
                assertNull(data.getStdDevValue(row, p.model()), "one replication: no error bar");
            } else {
                assertEquals(ci, data.getStdDevValue(row, p.model()).doubleValue(), 1e-12);
            }
        }
        Rendered.check(chart, dir, "Latency per configuration", "latency per inference (ms), linear scale", "alexnet", "vgg-s", "single",
                "lcp split2", "538.1");
        assertInstanceOf(NumberAxis.class, ((CategoryPlot) chart.chart().getPlot()).getRangeAxis());
    }

    @Test
    void logAxisOnDemandOrWhenBarsSpanThirtyTimes() {
        List<PointResult> wide = List.of(Fixtures.point(0).latency(10, 1).build(),
                Fixtures.point(1).lcp(2, 0).latency(400, 1).build());
        List<PointResult> narrow = List.of(Fixtures.point(0).latency(100, 1).build(),
                Fixtures.point(1).lcp(2, 0).latency(60, 1).build());
        assertInstanceOf(LogAxis.class, axis(wide, LatencyChart.Scale.AUTO));
        assertInstanceOf(NumberAxis.class, axis(wide, LatencyChart.Scale.LINEAR));
        assertInstanceOf(NumberAxis.class, axis(narrow, LatencyChart.Scale.AUTO));
        LogAxis log = (LogAxis) axis(narrow, LatencyChart.Scale.LOG);
        assertTrue(log.getLowerBound() > 0 && log.getLowerBound() <= 60, "bars start inside the visible range");
    }

    private static Object axis(List<PointResult> points, LatencyChart.Scale scale) {
        return ((CategoryPlot) LatencyChart.create(points, scale).orElseThrow().chart().getPlot()).getRangeAxis();
    }

    @Test
    void noChartWithoutAPointThatRan() {
        assertFalse(LatencyChart.create(List.of(Fixtures.point(0).oom().build()), LatencyChart.Scale.AUTO).isPresent());
    }

    @Test
    void barsAreNamedByTheSweptValuesThatTellThemApart() {
        List<PointResult> points = List.of(
                Fixtures.point(0).lcp(2, 0).latency(100, 1).sweep("network.bandwidthMbps", "10").build(),
                Fixtures.point(1).lcp(2, 0).latency(50, 1).sweep("network.bandwidthMbps", "100").build());
        DefaultStatisticalCategoryDataset data = LatencyChart.dataset(points);
        assertEquals(List.of("bandwidthMbps=10", "bandwidthMbps=100"), data.getRowKeys());
        assertEquals(50.0, data.getMeanValue("bandwidthMbps=100", "alexnet").doubleValue(), 1e-12);
    }
}

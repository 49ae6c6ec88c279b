package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class HeatmapChartTest {
    @TempDir
    Path dir;

    /** branches x fatten, as the sweep writes them (branches slowest); branches 1 does not fit. */
    static List<PointResult> sweep() {
        List<PointResult> points = new ArrayList<>();
        int id = 0;
        for (int k : new int[] {1, 2, 4, 8}) {
            for (double f : new double[] {0.0, 0.2, 0.4}) {
                Fixtures.Builder b = Fixtures.point(id++).lcp(k, f).sweep("strategy.branches", Integer.toString(k))
                        .sweep("strategy.fatten", Double.toString(f));
                points.add(k == 1 ? b.oom().build() : b.latency(400.0 / k * (1 + f), 1).build());
            }
        }
        return points;
    }

    @Test
    void cellsHoldTheMetricOfTheirPointAndSayWhyWhenNoPointRan() throws Exception {
        List<PointResult> points = sweep();
        HeatmapChart.Grid g = HeatmapChart.grid(points, "strategy.fatten", "strategy.branches", Metric.LATENCY_MEAN_MS);
        assertEquals(List.of("0.0", "0.2", "0.4"), g.xs());
        assertEquals(List.of("1", "2", "4", "8"), g.ys());
        for (PointResult p : points) {
            String x = p.sweep().get("strategy.fatten");
            String y = p.sweep().get("strategy.branches");
            if (p.ok()) {
                assertEquals(p.metrics().latencyMsMean(), g.value(x, y), 1e-12);
                assertNull(g.note(x, y));
            } else {
                assertTrue(Double.isNaN(g.value(x, y)));
                assertEquals("OOM", g.note(x, y));
            }
        }
        Chart chart = HeatmapChart.create(points, "strategy.fatten", "strategy.branches", Metric.LATENCY_MEAN_MS)
                .orElseThrow();
        XYZDataset data = (XYZDataset) ((XYPlot) chart.chart().getPlot()).getDataset();
        assertEquals(9, data.getItemCount(0), "one block per cell with a value");
        for (int i = 0; i < data.getItemCount(0); i++) {
            String x = g.xs().get((int) data.getXValue(0, i));
            String y = g.ys().get((int) data.getYValue(0, i));
            assertEquals(g.value(x, y), data.getZValue(0, i), 0);
        }
        Rendered.Files2 r = Rendered.check(chart, dir, "Heatmap: mean latency per inference", "strategy.fatten",
                "strategy.branches", "mean latency per inference (ms), linear scale", "OOM", "50.0", "240");
        assertEquals(3, r.texts().stream().filter("OOM"::equals).count());
    }

    @Test
    void withMoreSweptFieldsACellShowsTheBestOverTheOthers() {
        List<PointResult> points = List.of(
                Fixtures.point(0).lcp(2, 0).latency(90, 1).sweep("a", "1").sweep("b", "x").sweep("net", "slow").build(),
                Fixtures.point(1).lcp(2, 0).latency(30, 1).sweep("a", "1").sweep("b", "x").sweep("net", "fast").build(),
                Fixtures.point(2).lcp(2, 0).latency(70, 1).sweep("a", "2").sweep("b", "x").sweep("net", "slow").build());
        HeatmapChart.Grid g = HeatmapChart.grid(points, "a", "b", Metric.LATENCY_MEAN_MS);
        assertEquals(30, g.value("1", "x"), 0);
        assertEquals(70, g.value("2", "x"), 0);
        HeatmapChart.Grid thr = HeatmapChart.grid(points, "a", "b", Metric.THROUGHPUT_IPS);
        assertEquals(points.get(1).metrics().throughputIps(), thr.value("1", "x"), 0, "higher is better for throughput");
    }

    @Test
    void nonNumericValuesKeepSweepOrderAndOneValueAxesGiveNoChart() {
        List<PointResult> points = List.of(
                Fixtures.point(0).latency(1, 1).sweep("model", "vgg-s").sweep("k", "1").build(),
                Fixtures.point(1).latency(1, 1).sweep("model", "alexnet").sweep("k", "1").build());
        assertEquals(List.of("vgg-s", "alexnet"), HeatmapChart.grid(points, "model", "k", Metric.LATENCY_MEAN_MS).xs());
        assertFalse(HeatmapChart.create(points, "model", "k", Metric.LATENCY_MEAN_MS).isPresent());
    }

    @Test
    void coloursRunFromLightForTheBestToDarkForTheWorst() {
        HeatmapChart.Scale lower = new HeatmapChart.Scale(10, 110, false, false);
        Color best = (Color) lower.getPaint(10);
        Color worst = (Color) lower.getPaint(110);
        assertTrue(luminance(best) > luminance(worst) + 0.5);
        HeatmapChart.Scale higher = new HeatmapChart.Scale(10, 110, true, false);
        assertEquals(best, higher.getPaint(110));
        double previous = 2;
        for (double v = 10; v <= 110; v += 5) {
            double l = luminance((Color) lower.getPaint(v));
            assertTrue(l <= previous + 1e-9, "lightness falls monotonically");
            previous = l;
        }
    }

    @Test
    void valuesSpanningMoreThanTenfoldGetALogarithmicColourScaleThatSaysSo() throws Exception {
        List<PointResult> points = List.of(
                Fixtures.point(0).lcp(2, 0).latency(5, 1).sweep("a", "1").sweep("b", "x").build(),
                Fixtures.point(1).lcp(2, 0).latency(50, 1).sweep("a", "2").sweep("b", "x").build(),
                Fixtures.point(2).lcp(2, 0).latency(500, 1).sweep("a", "1").sweep("b", "y").build(),
                Fixtures.point(3).lcp(2, 0).latency(80, 1).sweep("a", "2").sweep("b", "y").build());
        Chart chart = HeatmapChart.create(points, "a", "b", Metric.LATENCY_MEAN_MS).orElseThrow();
        Rendered.check(chart, dir, "mean latency per inference (ms), log scale");
        assertTrue(chart.caption().contains("logarithmic colour scale"), chart.caption());
        HeatmapChart.Scale log = new HeatmapChart.Scale(5, 500, false, true);
        assertEquals(0.5, log.badness(50), 1e-9, "50 is halfway between 5 and 500 on a log scale");
        assertEquals(List.of(), LabelLayout.problems(chart));
    }

    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }
}

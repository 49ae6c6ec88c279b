package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class ParetoChartTest {
    @TempDir
    Path dir;

    static List<PointResult> random(long seed, int n) {
        Random r = new Random(seed);
        List<PointResult> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // coarse values so that ties occur
            Fixtures.Builder b = Fixtures.point(i).lcp(1 + r.nextInt(8), 0).params(1_000_000L * (1 + r.nextInt(20)))
                    .latency(10 * (1 + r.nextInt(30)), 1);
            points.add(r.nextInt(10) == 0 ? b.oom().build() : b.build());
        }
        return points;
    }

    @Test
    void theFrontIsExactlyThePointsNoOtherPointDominates() {
        for (long seed = 1; seed <= 30; seed++) {
            List<PointResult> points = random(seed, 60);
            for (Metric x : List.of(Metric.PARAMS_M, Metric.DEVICES, Metric.THROUGHPUT_IPS)) {
                List<PointResult> front = ParetoChart.front(points, x, Metric.LATENCY_MEAN_MS);
                for (PointResult p : points) {
                    if (!p.ok()) {
                        assertFalse(front.contains(p), "a point that did not run has no latency");
                        continue;
                    }
                    boolean dominated = points.stream().filter(PointResult::ok)
                            .anyMatch(q -> ParetoChart.dominates(q, p, x, Metric.LATENCY_MEAN_MS));
                    assertEquals(!dominated, front.contains(p), "seed " + seed + " " + x.name() + " point " + p.pointId());
                }
            }
        }
    }

    @Test
    void chartShowsEveryPointThatRanAndTheFrontInOrder() throws Exception {
        List<PointResult> points = List.of(
                Fixtures.point(0).single().params(50_000_000).latency(538, 1).build(),
                Fixtures.point(1).lcp(2, 0).params(27_000_000).latency(183, 1).build(),
                Fixtures.point(2).lcp(2, 0.4).params(51_000_000).latency(305, 1).build(),
                Fixtures.point(3).lcp(8, 0).params(10_000_000).latency(58, 1).build(),
                Fixtures.point(4).lcp(1, 0).oom().build());
        Chart chart = ParetoChart.create(points, Metric.DEVICES, Metric.LATENCY_MEAN_MS).orElseThrow();
        assertEquals("pareto-latency-ms-mean-vs-devices", chart.name());
        XYSeriesCollection data = (XYSeriesCollection) ((XYPlot) chart.chart().getPlot()).getDataset();
        assertEquals(4, data.getSeries(ParetoChart.ALL).getItemCount());
        // fastest for 1, 2 and 8 devices; split2-f40 is beaten by split2
        var front = data.getSeries(ParetoChart.FRONT);
        assertEquals(3, front.getItemCount());
        assertEquals(List.of(1.0, 2.0, 8.0), List.of(front.getX(0).doubleValue(), front.getX(1).doubleValue(),
                front.getX(2).doubleValue()));
        assertEquals(List.of(538.0, 183.0, 58.0), List.of(front.getY(0).doubleValue(), front.getY(1).doubleValue(),
                front.getY(2).doubleValue()));
        Rendered.Files2 r = Rendered.check(chart, dir, "devices used, linear scale",
                "mean latency per inference (ms), linear scale", "single", "lcp", ParetoChart.FRONT);
        // the front numbered on the plot and listed beside it
        assertTrue(r.texts().containsAll(List.of("1  single", "2  lcp split2", "3  lcp split8")), r.texts().toString());
        assertEquals(List.of("1", "2", "3"), r.texts().subList(r.texts().size() - 3, r.texts().size()), "numbers drawn last");
        assertEquals(List.of(), LabelLayout.problems(chart));
    }

    @Test
    void theRecommendedDesignIsStarredAndPointsAreColouredByModel() throws Exception {
        List<PointResult> points = List.of(
                Fixtures.point(0).model("alexnet").single().latency(538, 1).build(),
                Fixtures.point(1).model("alexnet").lcp(2, 0).latency(183, 1).build(),
                Fixtures.point(2).model("vgg-s").lcp(8, 0).latency(300, 1).build(),
                Fixtures.point(3).model("vgg-s").lcp(4, 0).latency(320, 1).build());
        Chart chart = ParetoChart.create(points, Metric.DEVICES, Metric.LATENCY_MEAN_MS, 1).orElseThrow();
        XYSeriesCollection data = (XYSeriesCollection) ((XYPlot) chart.chart().getPlot()).getDataset();
        var rec = data.getSeries(ParetoChart.RECOMMENDED);
        assertEquals(1, rec.getItemCount());
        assertEquals(183.0, rec.getY(0).doubleValue());
        Rendered.Files2 r = Rendered.check(chart, dir, "alexnet", "vgg-s", ParetoChart.RECOMMENDED);
        assertTrue(r.texts().stream().anyMatch(t -> t.endsWith("(recommended)")), r.texts().toString());
        assertTrue(chart.caption().contains("coloured by model"), chart.caption());
        assertEquals(List.of(), LabelLayout.problems(chart));
    }

    @Test
    void axesSpanningDecadesAreLogarithmic() {
        List<PointResult> points = List.of(
                Fixtures.point(0).params(60_000).latency(1, 1).build(),
                Fixtures.point(1).lcp(2, 0).params(138_000_000).latency(2, 1).build(),
                Fixtures.point(2).lcp(4, 0).params(5_000_000).latency(3, 1).build());
        XYPlot plot = (XYPlot) ParetoChart.create(points, Metric.PARAMS_M, Metric.LATENCY_MEAN_MS).orElseThrow().chart()
                .getPlot();
        assertTrue(plot.getDomainAxis() instanceof org.jfree.chart.axis.LogAxis);
        assertTrue(plot.getRangeAxis() instanceof org.jfree.chart.axis.NumberAxis);
    }
}

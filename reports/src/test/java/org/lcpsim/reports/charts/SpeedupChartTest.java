package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class SpeedupChartTest {
    @TempDir
    Path dir;

    @Test
    void speedupIsTheOneDeviceLatencyOverTheLatencyPerModelWithTheIdealLine() throws Exception {
        List<PointResult> points = List.of(
                Fixtures.point(0).model("alexnet").single().latency(600, 1).build(),
                Fixtures.point(1).model("alexnet").lcp(2, 0).latency(200, 1).build(),
                Fixtures.point(2).model("alexnet").lcp(4, 0).latency(100, 1).build(),
                Fixtures.point(3).model("vgg-s").single().latency(1200, 1).build(),
                Fixtures.point(4).model("vgg-s").lcp(4, 0).latency(400, 1).build(),
                // same devices, another swept field: the line keeps the faster
                Fixtures.point(5).model("vgg-s").lcp(4, 0).latency(300, 1).build(),
                Fixtures.point(6).model("lenet").lcp(2, 0).latency(5, 1).build()); // no baseline: no line
        Chart chart = SpeedupChart.create(points).orElseThrow();
        XYSeriesCollection data = (XYSeriesCollection) ((XYPlot) chart.chart().getPlot()).getDataset();
        assertEquals(3, data.getSeriesCount());
        XYSeries alexnet = data.getSeries("alexnet");
        assertEquals(3, alexnet.getItemCount());
        assertEquals(1.0, alexnet.getY(alexnet.indexOf(1.0)).doubleValue(), 1e-12);
        assertEquals(3.0, alexnet.getY(alexnet.indexOf(2.0)).doubleValue(), 1e-12);
        assertEquals(6.0, alexnet.getY(alexnet.indexOf(4.0)).doubleValue(), 1e-12);
        XYSeries vgg = data.getSeries("vgg-s");
        assertEquals(4.0, vgg.getY(vgg.indexOf(4.0)).doubleValue(), 1e-12);
        XYSeries ideal = data.getSeries(SpeedupChart.IDEAL);
        assertEquals(4.0, ideal.getMaxX(), 0);
        assertEquals(4.0, ideal.getMaxY(), 0);
        assertEquals(1.0, ideal.getMinY(), 0);
        Rendered.check(chart, dir, "Speedup over one device", "speedup over one device (×), linear scale",
                "devices (= branches for LCP)", "alexnet", "vgg-s", SpeedupChart.IDEAL);
    }

    @Test
    void linesSplitByStrategyAndFattenWhenARunMixesThem() {
        List<PointResult> points = List.of(
                Fixtures.point(0).single().latency(600, 1).build(),
                Fixtures.point(1).lcp(2, 0).latency(200, 1).build(),
                Fixtures.point(2).lcp(2, 0.4).latency(300, 1).build());
        XYSeriesCollection data = SpeedupChart.dataset(points);
        assertEquals(List.of("alexnet f0", "alexnet f40", SpeedupChart.IDEAL),
                data.getSeries().stream().map(s -> ((XYSeries) s).getKey()).toList());
        assertEquals(2.0, data.getSeries("alexnet f40").getY(1).doubleValue(), 1e-12);
    }

    @Test
    void noChartWithoutAOneDeviceBaseline() {
        assertFalse(SpeedupChart.create(List.of(Fixtures.point(0).lcp(2, 0).build())).isPresent());
    }
}

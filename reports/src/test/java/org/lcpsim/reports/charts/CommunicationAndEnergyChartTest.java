package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class CommunicationAndEnergyChartTest {
    @TempDir
    Path dir;

    static List<PointResult> points() {
        return List.of(
                Fixtures.point(0).model("alexnet").single()
                        .metrics(Fixtures.metrics(new double[] {500}, Double.NaN, 150_528, 1, 1.43, List.of())).build(),
                Fixtures.point(1).model("alexnet").lcp(8, 0)
                        .metrics(Fixtures.metrics(new double[] {58}, Double.NaN, 1_218_600, 15, 0.62, List.of())).build(),
                Fixtures.point(2).model("vgg-s").lcp(8, 0).oom().build(),
                Fixtures.point(3).model("vgg-s").single()
                        .metrics(Fixtures.metrics(new double[] {1200}, Double.NaN, 150_528, 1, 3.1, List.of())).build());
    }

    @Test
    void bytesPerInferenceInKilobytesAndConnectedPairsPerConfiguration() throws Exception {
        Chart chart = CommunicationChart.create(points()).orElseThrow();
        @SuppressWarnings("unchecked")
        List<CategoryPlot> panels = ((CombinedDomainCategoryPlot) chart.chart().getPlot()).getSubplots();
        CategoryDataset bytes = panels.get(0).getDataset();
        CategoryDataset pairs = panels.get(1).getDataset();
        assertEquals(List.of("alexnet · single", "alexnet · lcp split8", "vgg-s · single"), bytes.getColumnKeys());
        assertEquals(150.528, bytes.getValue(CommunicationChart.BYTES, "alexnet · single").doubleValue(), 1e-9);
        assertEquals(1218.6, bytes.getValue(CommunicationChart.BYTES, "alexnet · lcp split8").doubleValue(), 1e-9);
        assertEquals(15, pairs.getValue(CommunicationChart.PAIRS, "alexnet · lcp split8").doubleValue(), 0);
        assertEquals(1, pairs.getValue(CommunicationChart.PAIRS, "vgg-s · single").doubleValue(), 0);
        Rendered.check(chart, dir, "Communication per inference", "kB per inference", "linear scales", "connected pairs",
                "alexnet · lcp split8", "1,218.6", "15");
    }

    @Test
    void energyPerInferenceGroupedByModel() throws Exception {
        Chart chart = EnergyChart.create(points()).orElseThrow();
        CategoryDataset data = ((CategoryPlot) chart.chart().getPlot()).getDataset();
        assertEquals(List.of("alexnet", "vgg-s"), data.getColumnKeys());
        assertEquals(List.of("single", "lcp split8"), data.getRowKeys());
        assertEquals(1.43, data.getValue("single", "alexnet").doubleValue(), 1e-12);
        assertEquals(0.62, data.getValue("lcp split8", "alexnet").doubleValue(), 1e-12);
        assertEquals(3.1, data.getValue("single", "vgg-s").doubleValue(), 1e-12);
        assertEquals(null, data.getValue("lcp split8", "vgg-s"), "oom: no bar");
        Rendered.check(chart, dir, "Energy per inference", "energy per inference (J), linear scale", "1.43", "0.62");
    }
}

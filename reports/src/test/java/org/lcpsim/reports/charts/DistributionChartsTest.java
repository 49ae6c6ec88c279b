package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.jfree.chart.plot.XYPlot;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class DistributionChartsTest {
    @TempDir
    Path dir;

    static double[] samples(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = Math.max(1, mean + sd * r.nextGaussian());
        }
        return xs;
    }

    @Test
    void cdfStepsThroughEverySortedSample() {
        double[] xs = {30, 10, 20, 20};
        XYSeries s = DistributionCharts.cdf("x", xs);
        assertEquals(5, s.getItemCount());
        double[][] expected = {{10, 0}, {10, 0.25}, {20, 0.5}, {20, 0.75}, {30, 1}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], s.getX(i).doubleValue(), 0);
            assertEquals(expected[i][1], s.getY(i).doubleValue(), 0);
        }
    }

    @Test
    void largeSamplesAreThinnedToQuantilesThatStayOnTheEmpiricalCdf() {
        double[] xs = samples(1, 10_000, 100, 20);
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        XYSeries s = DistributionCharts.cdf("x", xs);
        assertEquals(DistributionCharts.MAX_CDF_STEPS + 1, s.getItemCount());
        assertEquals(sorted[sorted.length - 1], s.getX(s.getItemCount() - 1).doubleValue(), 0);
        assertEquals(1.0, s.getY(s.getItemCount() - 1).doubleValue(), 0);
        for (int i = 1; i < s.getItemCount(); i++) {
            double x = s.getX(i).doubleValue();
            double y = s.getY(i).doubleValue();
            // y is exactly the fraction of samples <= x (no ties in continuous data)
            long atOrBelow = Arrays.stream(sorted).filter(v -> v <= x).count();
            assertEquals((double) atOrBelow / sorted.length, y, 1e-12);
            assertTrue(x >= s.getX(i - 1).doubleValue());
        }
    }

    @Test
    void cdfChartHasOneLinePerConfigurationFromItsPooledSamples() throws Exception {
        PointResult a = Fixtures.point(0).single().metrics(Fixtures.metrics(samples(2, 300, 800, 300), 5, 1, 1, 1, List.of()))
                .build();
        PointResult b = Fixtures.point(1).lcp(4, 0).metrics(Fixtures.metrics(samples(3, 300, 95, 10), 1, 1, 1, 1, List.of()))
                .build();
        Chart chart = DistributionCharts.cdfChart(List.of(a, b, Fixtures.point(2).oom().build())).orElseThrow();
        XYSeriesCollection data = (XYSeriesCollection) ((XYPlot) chart.chart().getPlot()).getDataset();
        assertEquals(2, data.getSeriesCount());
        XYSeries single = data.getSeries("single");
        assertEquals(Arrays.stream(a.metrics().latenciesMs()).max().orElseThrow(),
                single.getX(single.getItemCount() - 1).doubleValue(), 0);
        assertEquals(Arrays.stream(b.metrics().latenciesMs()).min().orElseThrow(),
                data.getSeries("lcp split4").getX(0).doubleValue(), 0);
        Rendered.check(chart, dir, "Latency distribution (CDF)", "latency per request (ms), linear scale",
                "fraction of requests ≤ latency", "single", "lcp split4");
    }

    @Test
    void histogramCountsEveryRequestOnceWithTheMeanMarked() throws Exception {
        double[] xs = samples(4, 900, 1019, 391);
        PointResult p = Fixtures.point(3).single().metrics(Fixtures.metrics(xs, 10, 1, 1, 1, List.of())).build();
        Chart chart = DistributionCharts.histogram(p, "single").orElseThrow();
        assertEquals("latency-histogram-p3", chart.name());
        HistogramDataset data = (HistogramDataset) ((XYPlot) chart.chart().getPlot()).getDataset();
        int bins = data.getItemCount(0);
        assertEquals(DistributionCharts.bins(xs), bins);
        assertTrue(bins >= 8 && bins <= 60);
        double total = 0;
        for (int i = 0; i < bins; i++) {
            total += data.getYValue(0, i);
        }
        assertEquals(900, total, 0);
        assertEquals(Arrays.stream(xs).min().orElseThrow(), data.getStartXValue(0, 0), 1e-9);
        assertEquals(Arrays.stream(xs).max().orElseThrow(), data.getEndXValue(0, bins - 1), 1e-9);
        Rendered.Files2 r = Rendered.check(chart, dir, "Latency histogram: single", "requests", "latency per request (ms), linear scale");
        String mean = String.format(java.util.Locale.ROOT, "mean %.1f ms", p.metrics().latencyMsMean());
        assertTrue(r.texts().contains(mean), mean + " not in " + r.texts());
    }

    @Test
    void binsFollowFreedmanDiaconisWithinLimits() {
        assertEquals(1, DistributionCharts.bins(new double[] {5, 5, 5}));
        assertEquals(8, DistributionCharts.bins(new double[] {1, 2, 3, 4}));
        double[] wide = samples(5, 100_000, 100, 30);
        assertEquals(60, DistributionCharts.bins(wide));
    }
}

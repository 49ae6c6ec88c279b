package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.awt.Font;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.lcpsim.reports.Num;
import org.lcpsim.results.PointResult;

/**
 * The distribution of per-request latency, from the pooled measured requests of every
 * replication: an empirical CDF that overlays configurations, and a histogram of one
 * configuration (the LCP paper shows one for a six-Pi model-parallel system).
 */
public final class DistributionCharts {
    /** A CDF line keeps at most this many steps: quantiles beyond that add bytes, not information. */
    public static final int MAX_CDF_STEPS = 500;

    private DistributionCharts() {
    }

    /**
     * The empirical CDF: x = latency, y = fraction of requests at or below it, one step per
     * sample (or per quantile when there are more than {@link #MAX_CDF_STEPS}).
     */
    public static XYSeries cdf(String key, double[] latenciesMs) {
        double[] sorted = latenciesMs.clone();
        Arrays.sort(sorted);
        XYSeries s = new XYSeries(key, false, true);
        int n = sorted.length;
        if (n == 0) {
            return s;
        }
        s.add(sorted[0], 0.0);
        int steps = Math.min(n, MAX_CDF_STEPS);
        for (int k = 1; k <= steps; k++) {
            // the k-th of `steps` equally spaced ranks; with steps == n, every sample
            int rank = (int) Math.ceil((double) k * n / steps);
            s.add(sorted[rank - 1], (double) rank / n);
        }
        return s;
    }

    public static XYSeriesCollection cdfDataset(List<PointResult> points) {
        List<PointResult> ok = points.stream().filter(p -> p.ok() && p.metrics().latenciesMs().length > 0).toList();
        Map<Integer, String> labels = Labels.unique(ok, Labels.manyModels(ok));
        XYSeriesCollection data = new XYSeriesCollection();
        for (PointResult p : ok) {
            data.addSeries(cdf(labels.get(p.pointId()), p.metrics().latenciesMs()));
        }
        return data;
    }

    public static Optional<Chart> cdfChart(List<PointResult> points) {
        XYSeriesCollection data = cdfDataset(points);
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        NumberAxis x = new NumberAxis("latency per request (ms), linear scale");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("fraction of requests ≤ latency");
        y.setRange(0, 1.02);
        XYStepRenderer renderer = new XYStepRenderer();
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Latency distribution (CDF)", plot);
        Theme.apply(chart);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Theme.color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        int n = 0;
        for (PointResult p : points) {
            if (p.ok()) {
                n = (int) Math.max(n, p.metrics().requestsPooled());
            }
        }
        chart.addSubtitle(new TextTitle("empirical CDF of the measured requests of all replications (up to " + n
                + " per configuration)", Theme.font(Font.PLAIN, 11)));
        String caption = "Empirical cumulative distribution of the latency per request, pooled over the measured requests"
                + " of every replication; a line further left is faster, a steeper line is more predictable.";
        return Optional.of(new Chart("latency-cdf", "Latency distribution (CDF)", caption, chart, 880, 540));
    }

    /** Bins by the Freedman-Diaconis rule, kept between 8 and 60. */
    public static int bins(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n < 2 || s[n - 1] == s[0]) {
            return 1;
        }
        double iqr = org.lcpsim.results.Stats.quantile(s, 0.75) - org.lcpsim.results.Stats.quantile(s, 0.25);
        double width = 2 * iqr / Math.cbrt(n);
        int bins = width > 0 ? (int) Math.ceil((s[n - 1] - s[0]) / width) : (int) Math.ceil(Math.sqrt(n));
        return Math.max(8, Math.min(60, bins));
    }

    public static HistogramDataset histogramDataset(PointResult p, String label) {
        double[] xs = p.metrics().latenciesMs();
        HistogramDataset data = new HistogramDataset();
        double min = Arrays.stream(xs).min().orElse(0);
        double max = Arrays.stream(xs).max().orElse(0);
        if (max == min) {
            // one value: a single bin of width 1 ms around it
            min -= 0.5;
            max += 0.5;
        }
        data.addSeries(label, xs, bins(xs), min, max);
        if (compacted(p)) {
            // the kept latencies are quantiles standing for more requests: bars show fractions
            data.setType(org.jfree.data.statistics.HistogramType.RELATIVE_FREQUENCY);
        }
        return data;
    }

    /** True when a point keeps quantiles of its latencies rather than every one. */
    static boolean compacted(PointResult p) {
        return p.metrics().requestsPooled() > p.metrics().latenciesMs().length;
    }

    public static Optional<Chart> histogram(PointResult p, String label) {
        if (!p.ok() || p.metrics().latenciesMs().length == 0) {
            return Optional.empty();
        }
        HistogramDataset data = histogramDataset(p, label);
        NumberAxis x = new NumberAxis("latency per request (ms), linear scale");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(compacted(p) ? "fraction of requests" : "requests");
        if (!compacted(p)) {
            y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYBarRenderer renderer = new XYBarRenderer(0.04);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Latency histogram: " + label, plot);
        Theme.apply(chart);
        renderer.setSeriesPaint(0, Theme.color(0));
        renderer.setDrawBarOutline(false);
        renderer.setShadowVisible(false);
        chart.removeLegend();
        double mean = p.metrics().latencyMsMean();
        ValueMarker m = new ValueMarker(mean, Theme.ALERT, new BasicStroke(1.6f));
        m.setLabel("mean " + Num.format(Math.round(mean * 10) / 10.0) + " ms");
        m.setLabelFont(Theme.font(Font.PLAIN, 11));
        m.setLabelPaint(Theme.ALERT);
        m.setLabelBackgroundColor(Theme.LABEL_BACKGROUND);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(m);
        chart.addSubtitle(new TextTitle(String.format(java.util.Locale.ROOT,
                "%d requests; mean %.1f ms, standard deviation %.1f ms, p95 %.1f ms, p99 %.1f ms",
                p.metrics().requestsPooled(), mean, p.metrics().latencyMsStd(), p.metrics().latencyMsP95(),
                p.metrics().latencyMsP99()), Theme.font(Font.PLAIN, 11)));
        String caption = "Histogram of the latency per request of " + label + " (point " + p.pointId()
                + "), all measured requests of every replication" + (compacted(p) ? " (drawn from "
                + p.metrics().latenciesMs().length + " evenly spaced quantiles of the " + p.metrics().requestsPooled()
                + " latencies)" : "") + "; the red line is the mean.";
        return Optional.of(new Chart("latency-histogram-p" + p.pointId(), "Latency histogram: " + label, caption, chart,
                880, 500));
    }
}

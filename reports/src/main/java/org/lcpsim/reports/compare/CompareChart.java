package org.lcpsim.reports.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.Theme;
import org.lcpsim.results.PointResult;

/**
 * Both runs' mean latency per matched design, side by side (A's bar, then B's), error bars at the
 * 95% confidence half-width (none with one replication). Designs without a latency in either run
 * (oom, error) are left out, and at most {@link #MAX_DESIGNS} are drawn: the ones whose latency
 * changed the most, in A's point order.
 */
public final class CompareChart {
    public static final int MAX_DESIGNS = 40;
    public static final String NAME = "compare-latency";

    private CompareChart() {
    }

    /** The designs drawn: matched, with a latency in both runs, the largest changes when there are too many. */
    static List<RunComparison.Pair> drawn(RunComparison.Result r) {
        List<RunComparison.Pair> both = r.matched().stream().filter(p -> p.a().hasMetrics() && p.b().hasMetrics()).toList();
        if (both.size() <= MAX_DESIGNS) {
            return both;
        }
        java.util.Set<RunComparison.Pair> biggest = new java.util.HashSet<>(both.stream().sorted((x, y) -> Double.compare(
                change(y), change(x))).limit(MAX_DESIGNS).toList());
        return both.stream().filter(biggest::contains).toList();
    }

    private static double change(RunComparison.Pair p) {
        double d = Math.abs(RunComparison.deltaPct(p.a().metrics().latencyMsMean(), p.b().metrics().latencyMsMean()));
        return Double.isNaN(d) ? -1 : d;
    }

    public static DefaultStatisticalCategoryDataset dataset(RunComparison.Result r) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (RunComparison.Pair p : drawn(r)) {
            add(data, p.a(), series(r.a()), p.label());
            add(data, p.b(), series(r.b()), p.label());
        }
        return data;
    }

    /** A side's bars: its name and its folder's, "A: before". */
    static String series(RunComparison.Side s) {
        Path name = s.dir().toAbsolutePath().normalize().getFileName();
        return s.name() + (name == null ? "" : ": " + name);
    }

    private static void add(DefaultStatisticalCategoryDataset data, PointResult p, String series, String design) {
        double ci = p.metrics().latencyMsCi95();
        data.add((Number) p.metrics().latencyMsMean(), Double.isNaN(ci) ? null : (Number) ci, series, design);
    }

    public static Optional<Chart> create(RunComparison.Result r) {
        DefaultStatisticalCategoryDataset data = dataset(r);
        if (data.getColumnCount() == 0) {
            return Optional.empty();
        }
        NumberAxis y = new NumberAxis("latency per request (ms)");
        y.setAutoRangeIncludesZero(true);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Theme.TEXT);
        renderer.setItemMargin(0.04);
        CategoryAxis x = new CategoryAxis("design");
        if (data.getColumnCount() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        x.setMaximumCategoryLabelLines(3);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Latency per design: " + r.a().name() + " and " + r.b().name(), plot);
        Theme.apply(chart);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, Theme.color(0));
        renderer.setSeriesPaint(1, Theme.color(1));
        int left = r.matched().size() - drawn(r).size();
        chart.addSubtitle(new TextTitle("error bars: 95% CI of the mean over replications" + (left == 0 ? ""
                : "; " + left + " more matched designs in compare.csv (the " + MAX_DESIGNS + " largest changes drawn)"),
                Theme.font(java.awt.Font.PLAIN, 11)));
        String caption = "Mean latency of each design matched in both runs, " + r.a().name() + " then " + r.b().name()
                + "; error bars: 95% confidence interval of the mean across replications.";
        int width = Math.max(720, Math.min(1600, 160 + 48 * data.getColumnCount()));
        return Optional.of(new Chart(NAME, "Latency per design", caption, chart, width, 560));
    }
}

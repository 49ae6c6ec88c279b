package org.lcpsim.reports.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import org.lcpsim.results.PointResult;

/**
 * Latency per configuration, like the LCP paper's Raspberry Pi figure: one group of bars per
 * model, one bar per configuration (single device, LCP splitK, ...), the bar at the mean
 * latency per inference and the error bar at the half-width of the 95% confidence interval of
 * the mean across replications (none with one replication). Only points that ran have bars; a
 * saturated point's bar is labelled so: its latency is that of a queue that grows with the run.
 */
public final class LatencyChart {
    /** When AUTO uses a logarithmic axis: the slowest bar is this many times the fastest. */
    public static final double AUTO_LOG_RATIO = 30;

    public enum Scale { AUTO, LINEAR, LOG }

    /** Appended to the label of a saturated point's bar. */
    public static final String SATURATED_MARK = "(saturated: queue grows)";

    private LatencyChart() {
    }

    /** The data the chart draws: rows are configurations, columns are models. */
    public static DefaultStatisticalCategoryDataset dataset(List<PointResult> points) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        Map<String, List<PointResult>> byModel = new LinkedHashMap<>();
        for (PointResult p : points) {
            if (p.hasMetrics()) {
                byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
            }
        }
        for (Map.Entry<String, List<PointResult>> e : byModel.entrySet()) {
            Map<Integer, String> labels = Labels.unique(e.getValue(), false);
            for (PointResult p : e.getValue()) {
                double ci = p.metrics().latencyMsCi95();
                String label = labels.get(p.pointId()) + (p.saturated() ? " " + SATURATED_MARK : "");
                data.add((Number) p.metrics().latencyMsMean(), Double.isNaN(ci) ? null : (Number) ci, label, e.getKey());
            }
        }
        return data;
    }

    public static Optional<Chart> create(List<PointResult> points, Scale scale) {
        return create(points, scale, FacetedBars.MAX_BARS);
    }

    /**
     * The chart; past {@link FacetedBars#CONFIGURATIONS} configurations or maxBars points, a
     * panel per model with its best bars ({@link FacetedBars}).
     */
    public static Optional<Chart> create(List<PointResult> points, Scale scale, int maxBars) {
        DefaultStatisticalCategoryDataset data = dataset(points);
        if (data.getRowCount() == 0) {
            return Optional.empty();
        }
        List<PointResult> ran = points.stream().filter(PointResult::hasMetrics).toList();
        if (FacetedBars.needed(ran, maxBars)) {
            return Optional.of(faceted(points, scale, maxBars));
        }
        boolean log = useLog(data, scale);
        ValueAxis y;
        if (log) {
            LogAxis a = new LogAxis("latency per inference (ms), log scale");
            a.setBase(10);
            a.setSmallestValue(1e-3);
            Theme.decades(a);
            y = a;
        } else {
            NumberAxis a = new NumberAxis("latency per inference (ms), linear scale");
            a.setAutoRangeIncludesZero(true);
            y = a;
        }
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Theme.TEXT);
        renderer.setItemMargin(0.05);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(data.getColumnCount() > 1 ? "model" : null), y, renderer);
        JFreeChart chart = new JFreeChart("Latency per configuration", plot);
        Theme.apply(chart);
        renderer.setDrawBarOutline(false);
        if (data.getRowCount() * data.getColumnCount() <= 24) {
            // on a log axis, values are hard to read off the ticks: write them on the bars
            renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", Theme.format("#,##0.#")));
            renderer.setDefaultItemLabelsVisible(true);
            renderer.setDefaultItemLabelFont(Theme.font(java.awt.Font.PLAIN, 10));
            renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                    TextAnchor.BOTTOM_CENTER, TextAnchor.BOTTOM_CENTER, 0));
            renderer.setItemLabelAnchorOffset(6);
            y.setUpperMargin(0.1);
        }
        if (log) {
            // bars grow from the bottom of the visible range, which a log axis must not put at zero
            double min = Double.MAX_VALUE;
            for (int r = 0; r < data.getRowCount(); r++) {
                for (int c = 0; c < data.getColumnCount(); c++) {
                    Number m = data.getMeanValue(r, c);
                    if (m != null && m.doubleValue() > 0) {
                        min = Math.min(min, m.doubleValue());
                    }
                }
            }
            y.setLowerBound(Math.pow(10, Math.floor(Math.log10(min))));
        }
        int skipped = (int) points.stream().filter(p -> !p.hasMetrics()).count();
        long saturated = points.stream().filter(PointResult::saturated).count();
        chart.addSubtitle(new TextTitle(subtitle(points, skipped) + (saturated == 0 ? ""
                : "; " + saturated + " saturated (offered load above capacity): their latency grows with the run"),
                Theme.font(java.awt.Font.PLAIN, 11)));
        String caption = "Mean latency per inference of each configuration, grouped by model"
                + "; error bars: 95% confidence interval of the mean across replications"
                + (saturated == 0 ? "" : "; bars marked saturated cannot keep up with the workload's arrivals, so their"
                + " latency is that of a growing queue and depends on how long the run lasted")
                + (log ? "; logarithmic axis." : "; linear axis.");
        int width = Math.max(720, Math.min(1600, 180 + 34 * data.getRowCount() * data.getColumnCount()));
        return Optional.of(new Chart("latency", "Latency per configuration", caption, chart, width, 540));
    }

    private static Chart faceted(List<PointResult> points, Scale scale, int maxBars) {
        FacetedBars.Spec spec = new FacetedBars.Spec(p -> p.metrics().latencyMsMean(), p -> p.metrics().latencyMsCi95(),
                false, b -> Theme.format("#,##0.#").format(b.value()) + (b.point().saturated() ? " (saturated)" : ""),
                "latency per inference (ms)");
        List<PointResult> ran = points.stream().filter(PointResult::hasMetrics).toList();
        List<FacetedBars.Panel> panels = FacetedBars.panels(ran, spec, maxBars);
        int skipped = points.size() - ran.size();
        long saturated = ran.stream().filter(PointResult::saturated).count();
        String cut = FacetedBars.cut(panels, "mean latency");
        JFreeChart chart = FacetedBars.chart(panels, spec, scale, "Latency per configuration",
                (cut.isEmpty() ? "" : cut + "; ") + subtitle(points, skipped));
        boolean log = FacetedBars.log(chart);
        String caption = "Mean latency per inference, a panel per model with its configurations fastest first"
                + (cut.isEmpty() ? "" : " (" + cut + ")") + "; error bars: 95% confidence interval of the mean across"
                + " replications; colour: strategy" + (saturated == 0 ? "" : "; bars marked saturated cannot keep up with"
                + " the workload's arrivals, so their latency is that of a growing queue")
                + (log ? "; logarithmic axis." : "; linear axis.");
        return new Chart("latency", "Latency per configuration", caption, chart, FacetedBars.WIDTH, FacetedBars.height(panels));
    }

    static boolean useLog(DefaultStatisticalCategoryDataset data, Scale scale) {
        if (scale != Scale.AUTO) {
            return scale == Scale.LOG;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int r = 0; r < data.getRowCount(); r++) {
            for (int c = 0; c < data.getColumnCount(); c++) {
                Number m = data.getMeanValue(r, c);
                if (m != null && m.doubleValue() > 0) {
                    min = Math.min(min, m.doubleValue());
                    max = Math.max(max, m.doubleValue());
                }
            }
        }
        return max > 0 && max / min >= AUTO_LOG_RATIO;
    }

    private static String subtitle(List<PointResult> points, int skipped) {
        String s = "error bars: 95% CI of the mean over replications";
        return skipped == 0 ? s : s + "; not shown: " + skipped + " infeasible point" + (skipped == 1 ? "" : "s") + " (see notes)";
    }
}

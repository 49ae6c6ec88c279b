package org.lcpsim.reports.charts;

import java.awt.Font;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

import org.lcpsim.results.PointResult;

/**
 * Communication per configuration, two panels over the same configurations: the application
 * bytes delivered per inference (a multicast to n devices counts n times), and the number of
 * distinct node pairs (the external source included) that exchanged data in one inference.
 */
public final class CommunicationChart {
    public static final String BYTES = "data per inference (kB)";
    public static final String PAIRS = "connected pairs";

    private CommunicationChart() {
    }

    /** Row 0: kilobytes (10^3 bytes) per inference; row 1: connected pairs; columns: configurations. */
    public static DefaultCategoryDataset[] datasets(List<PointResult> points) {
        List<PointResult> ok = points.stream().filter(PointResult::hasMetrics).toList();
        Map<Integer, String> labels = Labels.unique(ok, Labels.manyModels(ok));
        DefaultCategoryDataset bytes = new DefaultCategoryDataset();
        DefaultCategoryDataset pairs = new DefaultCategoryDataset();
        for (PointResult p : ok) {
            bytes.addValue(p.metrics().bytesPerRequest() / 1000.0, BYTES, labels.get(p.pointId()));
            pairs.addValue(p.metrics().connectedPairs(), PAIRS, labels.get(p.pointId()));
        }
        return new DefaultCategoryDataset[] {bytes, pairs};
    }

    public static Optional<Chart> create(List<PointResult> points) {
        return create(points, FacetedBars.MAX_BARS);
    }

    /**
     * The chart; past {@link FacetedBars#CONFIGURATIONS} configurations or maxBars points, a panel
     * per model of kB per inference, the connected pairs written after each bar.
     */
    public static Optional<Chart> create(List<PointResult> points, int maxBars) {
        DefaultCategoryDataset[] data = datasets(points);
        if (data[0].getColumnCount() == 0) {
            return Optional.empty();
        }
        List<PointResult> ran = points.stream().filter(PointResult::hasMetrics).toList();
        if (FacetedBars.needed(ran, maxBars)) {
            FacetedBars.Spec spec = new FacetedBars.Spec(p -> p.metrics().bytesPerRequest() / 1000.0, p -> Double.NaN, false,
                    b -> Theme.format("#,##0.#").format(b.value()) + " kB · "
                            + Theme.format("#,##0").format(b.point().metrics().connectedPairs()) + " pairs", BYTES);
            List<FacetedBars.Panel> panels = FacetedBars.panels(ran, spec, maxBars);
            String cut = FacetedBars.cut(panels, "data per inference");
            JFreeChart chart = FacetedBars.chart(panels, spec, LatencyChart.Scale.AUTO, "Communication per inference",
                    (cut.isEmpty() ? "" : cut + "; ") + "after each bar: kB per inference · connected node pairs");
            String caption = "Application data delivered per inference (kB = 1000 bytes; a message to n devices counts n"
                    + " times), a panel per model with its configurations leanest first" + (cut.isEmpty() ? "" : " (" + cut
                    + ")") + "; after each bar, the distinct node pairs, the external source included, that exchange data in"
                    + " one inference; colour: strategy" + (FacetedBars.log(chart) ? "; logarithmic axis." : "; linear axis.");
            return Optional.of(new Chart("communication", "Communication per inference", caption, chart, FacetedBars.WIDTH,
                    FacetedBars.height(panels)));
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setMaximumCategoryLabelLines(4);
        if (data[0].getColumnCount() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(x);
        plot.setGap(14);
        CategoryPlot top = panel(data[0], "kB per inference");
        CategoryPlot bottom = panel(data[1], "connected pairs");
        ((NumberAxis) bottom.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.add(top, 3);
        plot.add(bottom, 2);
        JFreeChart chart = new JFreeChart("Communication per inference", plot);
        Theme.apply(chart);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle("linear scales", Theme.font(Font.PLAIN, 11)));
        style(top, 0);
        style(bottom, 1);
        String caption = "Top: application data delivered per inference (kB = 1000 bytes; a message to n devices counts n"
                + " times). Bottom: distinct node pairs, the external source included, that exchange data in one inference."
                + " Linear axes.";
        int width = Math.max(720, Math.min(1600, 160 + 60 * data[0].getColumnCount()));
        return Optional.of(new Chart("communication", "Communication per inference", caption, chart, width, 600));
    }

    private static CategoryPlot panel(DefaultCategoryDataset data, String axis) {
        BarRenderer r = new BarRenderer();
        return new CategoryPlot(data, null, new NumberAxis(axis), r);
    }

    private static void style(CategoryPlot plot, int color) {
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setSeriesPaint(0, Theme.color(color));
        r.setDrawBarOutline(false);
        r.setMaximumBarWidth(0.08);
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                Theme.format("#,##0.#")));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(Theme.font(Font.PLAIN, 10));
        plot.getRangeAxis().setUpperMargin(0.15);
    }
}

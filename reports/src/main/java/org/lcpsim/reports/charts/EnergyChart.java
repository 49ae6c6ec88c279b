package org.lcpsim.reports.charts;

import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

import org.lcpsim.results.PointResult;

/**
 * Energy per inference per configuration, grouped by model like the latency chart, in the
 * run's energy scope (org.lcpsim.execution.EnergyScope: every device of the cluster or those
 * used, idle power included or not) plus the network's transfers, divided by the inferences
 * completed in the measured window. Points whose energy is unknown (a device without a power
 * figure) have no bar, and the subtitle says how many.
 */
public final class EnergyChart {
    private EnergyChart() {
    }

    /** Rows: configurations; columns: models; values: joules per inference. */
    public static DefaultCategoryDataset dataset(List<PointResult> points) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, List<PointResult>> byModel = new LinkedHashMap<>();
        for (PointResult p : points) {
            if (p.hasMetrics() && !Double.isNaN(p.metrics().energyJPerInference())) {
                byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
            }
        }
        for (Map.Entry<String, List<PointResult>> e : byModel.entrySet()) {
            Map<Integer, String> labels = Labels.unique(e.getValue(), false);
            for (PointResult p : e.getValue()) {
                data.addValue(p.metrics().energyJPerInference(), labels.get(p.pointId()), e.getKey());
            }
        }
        return data;
    }

    private static final String CAPTION = "Energy per inference in the run's energy scope (cluster: every device of the"
            + " cluster; used: the devices the configuration gives work; +idle: idle power over the measured window plus"
            + " the active increment while busy; -idle: active power while busy only) and the network's per-byte transfer"
            + " energy where the network gives one (no shipped network preset does: a radio's draw above idle is left out),"
            + " divided by the inferences completed in the measured window";

    private static String scope(List<PointResult> points) {
        List<String> scopes = points.stream().filter(PointResult::hasMetrics).map(p -> p.metrics().energyScope())
                .filter(s -> !s.isEmpty()).distinct().toList();
        long unknown = points.stream().filter(p -> p.hasMetrics() && Double.isNaN(p.metrics().energyJPerInference())).count();
        return "scope: " + (scopes.isEmpty() ? "devices used" : String.join(", ", scopes)) + (unknown == 0 ? ""
                : "; not shown: " + unknown + " point" + (unknown == 1 ? "" : "s")
                + " whose energy is unknown (a device without a power figure)");
    }

    private static Chart faceted(List<PointResult> points, List<PointResult> known, int maxBars) {
        FacetedBars.Spec spec = new FacetedBars.Spec(p -> p.metrics().energyJPerInference(), p -> Double.NaN, false,
                b -> Theme.format("0.###").format(b.value()), "energy per inference (J)");
        List<FacetedBars.Panel> panels = FacetedBars.panels(known, spec, maxBars);
        String cut = FacetedBars.cut(panels, "energy");
        JFreeChart chart = FacetedBars.chart(panels, spec, LatencyChart.Scale.AUTO, "Energy per inference",
                (cut.isEmpty() ? "" : cut + "; ") + scope(points));
        String caption = CAPTION + ", a panel per model with its configurations most frugal first"
                + (cut.isEmpty() ? "" : " (" + cut + ")") + "; colour: strategy"
                + (FacetedBars.log(chart) ? "; logarithmic axis." : "; linear axis.");
        return new Chart("energy", "Energy per inference", caption, chart, FacetedBars.WIDTH, FacetedBars.height(panels));
    }

    public static Optional<Chart> create(List<PointResult> points) {
        return create(points, FacetedBars.MAX_BARS);
    }

    /** The chart; past {@link FacetedBars#CONFIGURATIONS} configurations or maxBars points, a panel per model. */
    public static Optional<Chart> create(List<PointResult> points, int maxBars) {
        DefaultCategoryDataset data = dataset(points);
        if (data.getRowCount() == 0) {
            return Optional.empty();
        }
        List<PointResult> known = points.stream()
                .filter(p -> p.hasMetrics() && !Double.isNaN(p.metrics().energyJPerInference())).toList();
        if (FacetedBars.needed(known, maxBars)) {
            return Optional.of(faceted(points, known, maxBars));
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setItemMargin(0.05);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(data.getColumnCount() > 1 ? "model" : null),
                new NumberAxis("energy per inference (J), linear scale"), renderer);
        JFreeChart chart = new JFreeChart("Energy per inference", plot);
        Theme.apply(chart);
        renderer.setDrawBarOutline(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", Theme.format("0.###")));
        renderer.setDefaultItemLabelsVisible(data.getRowCount() * data.getColumnCount() <= 24);
        renderer.setDefaultItemLabelFont(Theme.font(Font.PLAIN, 10));
        plot.getRangeAxis().setUpperMargin(0.12);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(scope(points), Theme.font(Font.PLAIN, 11)));
        String caption = CAPTION + "; linear axis.";
        int width = Math.max(720, Math.min(1600, 180 + 34 * data.getRowCount() * data.getColumnCount()));
        return Optional.of(new Chart("energy", "Energy per inference", caption, chart, width, 540));
    }
}

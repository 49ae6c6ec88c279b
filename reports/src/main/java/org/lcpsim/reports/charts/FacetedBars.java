package org.lcpsim.reports.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAnchor;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import org.lcpsim.results.PointResult;

/**
 * Bars of one number per design point when a run has too many configurations for a group of
 * bars per model (past {@link #CONFIGURATIONS}): small multiples, a panel per model stacked over
 * one value axis, horizontal bars (their names read level, never cut) sorted best first, at most
 * {@link #perPanel} per panel, each panel saying how many of its points it shows, coloured by
 * strategy (one colour each, named in the legend), named by what varies ({@link Labels}).
 */
final class FacetedBars {
    /** Past this many configurations, bar charts facet by model. */
    static final int CONFIGURATIONS = 8;
    /** Bars in a chart at most, by default (ReportOptions.maxBars). */
    static final int MAX_BARS = 40;
    /** Bars per panel at most. */
    static final int MAX_PER_PANEL = 12;
    /** An axis turns logarithmic when its values span this factor, as the latency chart's. */
    static final double LOG_RATIO = LatencyChart.AUTO_LOG_RATIO;

    private FacetedBars() {
    }

    /** One bar: its point, its name, its value and its error bar (NaN: none). */
    record Bar(PointResult point, String label, double value, double error) {
    }

    /** A model's panel: the bars shown, best first, and how many points the model has with a value. */
    record Panel(String model, List<Bar> bars, int total) {
        int hidden() {
            return total - bars.size();
        }
    }

    /** What to draw of each point. */
    record Spec(ToDoubleFunction<PointResult> value, ToDoubleFunction<PointResult> error, boolean higherIsBetter,
                Function<Bar, String> itemLabel, String axisLabel) {
    }

    /** Whether the points have more configurations (names without the model) than grouped bars can show. */
    static boolean needed(List<PointResult> points, int maxBars) {
        long configurations = Labels.unique(points, false).values().stream().distinct().count();
        return configurations > CONFIGURATIONS || points.size() > maxBars;
    }

    /** Bars per panel: at most {@link #MAX_PER_PANEL}, fewer as models add up, so the chart holds maxBars in all. */
    static int perPanel(int models, int maxBars) {
        return Math.max(1, Math.min(MAX_PER_PANEL, maxBars / Math.max(1, models)));
    }

    /** The panels, models in the order they first appear, each point named among its model's points. */
    static List<Panel> panels(List<PointResult> points, Spec spec, int maxBars) {
        Map<String, List<PointResult>> byModel = new LinkedHashMap<>();
        for (PointResult p : points) {
            double v = spec.value().applyAsDouble(p);
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
            }
        }
        int perPanel = perPanel(byModel.size(), maxBars);
        List<Panel> panels = new ArrayList<>();
        for (Map.Entry<String, List<PointResult>> e : byModel.entrySet()) {
            Map<Integer, String> labels = Labels.unique(e.getValue(), false);
            Comparator<PointResult> best = Comparator.comparingDouble(spec.value());
            if (spec.higherIsBetter()) {
                best = best.reversed();
            }
            List<Bar> bars = e.getValue().stream().sorted(best.thenComparingInt(PointResult::pointId)).limit(perPanel)
                    .map(p -> new Bar(p, labels.get(p.pointId()), spec.value().applyAsDouble(p), spec.error().applyAsDouble(p)))
                    .toList();
            panels.add(new Panel(e.getKey(), bars, e.getValue().size()));
        }
        return panels;
    }

    /** The chart of the panels, with its title and subtitle; null when no panel has a bar. */
    static JFreeChart chart(List<Panel> panels, Spec spec, LatencyChart.Scale scale, String title, String subtitle) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Panel p : panels) {
            for (Bar b : p.bars()) {
                if (b.value() > 0) {
                    min = Math.min(min, b.value());
                    max = Math.max(max, b.value() + (Double.isNaN(b.error()) ? 0 : b.error()));
                }
            }
        }
        boolean log = scale == LatencyChart.Scale.AUTO ? max > 0 && max / min >= LOG_RATIO : scale == LatencyChart.Scale.LOG;
        // the share of the axis the text after the longest bar needs, the bars' names taking their column
        double labelColumn = 0;
        double valueText = 0;
        for (Panel p : panels) {
            for (Bar b : p.bars()) {
                labelColumn = Math.max(labelColumn, width(b.label(), TICK_FONT));
                valueText = Math.max(valueText, width(spec.itemLabel().apply(b), VALUE_FONT));
            }
        }
        double dataWidth = WIDTH - 70 - Math.min(labelColumn, 0.45 * (WIDTH - 40));
        double share = Math.min(0.6, (valueText + 12) / dataWidth);
        ValueAxis axis;
        double lower;
        if (log) {
            LogAxis a = new LogAxis(spec.axisLabel() + ", log scale");
            Theme.decades(a);
            lower = Math.pow(10, Math.floor(Math.log10(min)));
            a.setLowerBound(lower);
            double span = Math.log10(max) - Math.log10(lower);
            a.setUpperBound(Math.pow(10, Math.log10(max) + Math.max(span, 0.3) * share / (1 - share)));
            axis = a;
        } else {
            NumberAxis a = new NumberAxis(spec.axisLabel() + ", linear scale");
            lower = 0;
            a.setRange(0, Math.max(max, 1e-12) / (1 - share));
            axis = a;
        }
        Map<String, Color> colours = strategyColours(panels);
        CombinedRangeCategoryPlot plot = new CombinedRangeCategoryPlot(axis);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setGap(10);
        List<CategoryPlot> subplots = new ArrayList<>();
        for (Panel panel : panels) {
            DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
            for (Bar b : panel.bars()) {
                data.add((Number) b.value(), Double.isNaN(b.error()) ? null : (Number) b.error(), "value", b.label());
            }
            StatisticalBarRenderer r = new StatisticalBarRenderer() {
                private static final long serialVersionUID = 1L;

                @Override
                public Paint getItemPaint(int row, int column) {
                    return colours.get(strategy(panel.bars().get(column).point()));
                }
            };
            r.setErrorIndicatorPaint(Theme.TEXT);
            r.setDefaultItemLabelGenerator(new ItemLabels(panel, spec));
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
            r.setItemLabelAnchorOffset(4);
            r.setMaximumBarWidth(0.9);
            CategoryAxis x = new CategoryAxis(null);
            int n = Math.max(2, panel.bars().size());
            x.setCategoryMargin(0.15);
            // above the first bar, a row for the panel's header
            x.setLowerMargin(1.3 / (n + 1.4));
            x.setUpperMargin(0.1 / (n + 1.4));
            x.setMaximumCategoryLabelWidthRatio(0.45f);
            CategoryPlot sub = new CategoryPlot(data, x, null, r);
            plot.add(sub, n + 1);
            subplots.add(sub);
            CategoryTextAnnotation header = new CategoryTextAnnotation(panel.model() + (panel.hidden() > 0 ? ": best "
                    + panel.bars().size() + " of " + panel.total() : ""), panel.bars().get(0).label(), lower);
            header.setCategoryAnchor(CategoryAnchor.START);
            header.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            sub.addAnnotation(header);
        }
        JFreeChart chart = new JFreeChart(title, plot);
        Theme.apply(chart);
        for (CategoryPlot sub : subplots) {
            ((StatisticalBarRenderer) sub.getRenderer()).setDrawBarOutline(false);
            // after the theme, which would set its own
            sub.getRenderer().setDefaultItemLabelFont(VALUE_FONT);
            sub.getDomainAxis().setTickLabelFont(TICK_FONT);
            CategoryTextAnnotation header = (CategoryTextAnnotation) sub.getAnnotations().get(0);
            header.setFont(Theme.font(Font.BOLD, 12));
            header.setPaint(Theme.TEXT);
        }
        LegendItemCollection legend = new LegendItemCollection();
        colours.forEach((strategy, c) -> legend.add(new LegendItem(strategy, c)));
        plot.setFixedLegendItems(legend);
        chart.addSubtitle(new TextTitle(subtitle, Theme.font(Font.PLAIN, 11)));
        return chart;
    }

    static final int WIDTH = 960;
    private static final Font TICK_FONT = Theme.font(Font.PLAIN, 11);
    private static final Font VALUE_FONT = Theme.font(Font.PLAIN, 10);

    private static double width(String text, Font font) {
        return font.getStringBounds(text, new FontRenderContext(null, true, true)).getWidth();
    }

    /** A colour per strategy, in the order strategies first appear: one colour each, never two alike. */
    static Map<String, Color> strategyColours(List<Panel> panels) {
        Map<String, Color> out = new LinkedHashMap<>();
        for (Panel p : panels) {
            for (Bar b : p.bars()) {
                out.computeIfAbsent(strategy(b.point()), k -> Theme.color(out.size()));
            }
        }
        return out;
    }

    static String strategy(PointResult p) {
        return p.strategy() == null ? "?" : p.strategy();
    }

    /** Whether the axis of {@link #chart} is logarithmic (its label says so). */
    static boolean log(JFreeChart chart) {
        return ((CombinedRangeCategoryPlot) chart.getPlot()).getRangeAxis() instanceof LogAxis;
    }

    /** What the subtitle says of the bars left out, or "" when every point has its bar. */
    static String cut(List<Panel> panels, String by) {
        int hidden = panels.stream().mapToInt(Panel::hidden).sum();
        if (hidden == 0) {
            return "";
        }
        int total = panels.stream().mapToInt(Panel::total).sum();
        return "best " + panels.stream().mapToInt(p -> p.bars().size()).max().orElse(0) + " per model by " + by + "; "
                + hidden + " of " + total + " not shown (results.csv has every point)";
    }

    /** Pixels a chart needs for its panels: a row per bar and a header per panel. */
    static int height(List<Panel> panels) {
        int bars = panels.stream().mapToInt(p -> Math.max(2, p.bars().size())).sum();
        return Math.max(420, Math.min(2400, 190 + 24 * bars + 22 * panels.size()));
    }

    /** The text after each bar. */
    private static final class ItemLabels extends org.jfree.chart.labels.StandardCategoryItemLabelGenerator {
        private static final long serialVersionUID = 1L;
        private final transient Panel panel;
        private final transient Spec spec;

        ItemLabels(Panel panel, Spec spec) {
            this.panel = panel;
            this.spec = spec;
        }

        @Override
        public String generateLabel(org.jfree.data.category.CategoryDataset dataset, int row, int column) {
            return spec.itemLabel().apply(panel.bars().get(column));
        }
    }
}

package org.lcpsim.reports.charts;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import org.lcpsim.results.ComparisonRow;

/**
 * The paper's figures next to the simulation: for each figure (and metric, when a figure has
 * several), a bar pair per configuration, the paper's value and the simulated one, with the
 * error in percent above the pair. Bars without a published value show the simulation alone
 * ("n/a"). Used by {@code lcpsim reproduce paper}:
 * <pre>{@code List<Path> files = PaperCharts.write(rows, outDir.resolve("charts"));}</pre>
 */
public final class PaperCharts {
    public static final String PAPER = "paper";
    public static final String SIMULATED = "simulated";

    private PaperCharts() {
    }

    /** Renders every figure of {@code rows} into {@code dir} as NAME.png and NAME.svg; returns the files, in order. */
    public static List<Path> write(List<ComparisonRow> rows, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Chart c : charts(rows)) {
            files.addAll(c.write(dir));
        }
        return files;
    }

    /** One chart per (figure, metric), in the order figures first appear in the rows. */
    public static List<Chart> charts(List<ComparisonRow> rows) {
        Map<String, Map<String, List<ComparisonRow>>> byFigure = new LinkedHashMap<>();
        for (ComparisonRow r : rows) {
            byFigure.computeIfAbsent(r.figure(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r);
        }
        List<Chart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<ComparisonRow>>> f : byFigure.entrySet()) {
            boolean severalMetrics = f.getValue().size() > 1;
            for (Map.Entry<String, List<ComparisonRow>> m : f.getValue().entrySet()) {
                String name = "paper-" + slug(f.getKey()) + (severalMetrics ? "-" + slug(m.getKey()) : "");
                charts.add(chart(f.getKey(), m.getKey(), m.getValue(), name));
            }
        }
        return charts;
    }

    /** The label of a bar pair: model and configuration, and the devices when they are not implied. */
    public static String barLabel(ComparisonRow r, boolean withModel) {
        String label = (withModel ? r.model() + " " : "") + r.config();
        boolean implied = r.config().equals("single") || r.config().startsWith("lcp-split" + r.devices());
        return implied ? label : label + " (" + r.devices() + " dev)";
    }

    /** Rows: paper, simulated; columns: bar labels (unique: a repeated label gets a counter). */
    public static DefaultCategoryDataset dataset(List<ComparisonRow> rows) {
        boolean withModel = rows.stream().map(ComparisonRow::model).distinct().count() > 1;
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> labels = labels(rows, withModel);
        for (int i = 0; i < rows.size(); i++) {
            ComparisonRow r = rows.get(i);
            data.addValue(Double.isNaN(r.paperValue()) ? null : r.paperValue(), PAPER, labels.get(i));
            data.addValue(r.simulatedValue(), SIMULATED, labels.get(i));
        }
        return data;
    }

    static List<String> labels(List<ComparisonRow> rows, boolean withModel) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (ComparisonRow r : rows) {
            String base = barLabel(r, withModel);
            int n = seen.merge(base, 1, Integer::sum);
            out.add(n == 1 ? base : base + " #" + n);
        }
        return out;
    }

    /** The text above a bar pair: the signed error, or n/a without a published value. */
    public static String errorText(ComparisonRow r) {
        double e = r.errorPct();
        return Double.isNaN(e) ? "n/a" : String.format(Locale.ROOT, "%+.0f%%", e);
    }

    static Chart chart(String figure, String metric, List<ComparisonRow> rows, String name) {
        DefaultCategoryDataset data = dataset(rows);
        String unit = rows.get(0).unit() == null || rows.get(0).unit().isBlank() ? "" : " (" + rows.get(0).unit() + ")";
        double min = Double.MAX_VALUE;
        double max = 0;
        for (ComparisonRow r : rows) {
            for (double v : new double[] {r.paperValue(), r.simulatedValue()}) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        boolean log = max > 0 && max / min >= LatencyChart.AUTO_LOG_RATIO;
        ValueAxis y;
        if (log) {
            LogAxis a = new LogAxis(metric + unit + ", log scale");
            a.setSmallestValue(min / 2);
            Theme.decades(a);
            a.setLowerBound(Math.pow(10, Math.floor(Math.log10(min))));
            a.setUpperBound(max * 2.5);
            y = a;
        } else {
            NumberAxis a = new NumberAxis(metric + unit + ", linear scale");
            a.setUpperMargin(0.15);
            y = a;
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setMaximumCategoryLabelLines(4);
        if (data.getColumnCount() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setItemMargin(0.04);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Paper vs simulation: " + figure, plot);
        Theme.apply(chart);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, Theme.MUTED);
        renderer.setSeriesPaint(1, Theme.color(0));
        List<String> labels = labels(rows, rows.stream().map(ComparisonRow::model).distinct().count() > 1);
        double sumAbs = 0;
        int published = 0;
        for (int i = 0; i < rows.size(); i++) {
            ComparisonRow r = rows.get(i);
            double top = Double.isNaN(r.paperValue()) ? r.simulatedValue() : Math.max(r.paperValue(), r.simulatedValue());
            CategoryTextAnnotation a = new CategoryTextAnnotation(errorText(r), labels.get(i), top);
            a.setFont(Theme.font(Font.BOLD, 11));
            a.setPaint(Double.isNaN(r.errorPct()) ? Theme.MUTED : Math.abs(r.errorPct()) > 25 ? Theme.ALERT : Theme.TEXT);
            a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
            plot.addAnnotation(a);
            if (!Double.isNaN(r.errorPct())) {
                sumAbs += Math.abs(r.errorPct());
                published++;
            }
        }
        String summary = published == 0 ? "no published values in this figure"
                : String.format(Locale.ROOT, "mean |error| %.1f%% over %d bar%s with a published value; error = (simulated"
                        + " - paper) / paper", sumAbs / published, published, published == 1 ? "" : "s");
        chart.addSubtitle(new TextTitle(summary, Theme.font(Font.PLAIN, 11)));
        Set<String> sources = new LinkedHashSet<>();
        for (ComparisonRow r : rows) {
            if (r.source() != null && !r.source().isBlank()) {
                sources.add(r.source());
            }
        }
        String caption = "Figure " + figure + ", " + metric + unit + ": the paper's value (grey) and the simulated one"
                + " (blue) per configuration, with the error in percent above each pair"
                + (sources.isEmpty() ? "." : "; paper values from " + String.join(", ", sources) + ".");
        int width = Math.max(720, Math.min(1800, 200 + 70 * data.getColumnCount()));
        return new Chart(name, "Paper vs simulation: " + figure, caption, chart, width, data.getColumnCount() > 6 ? 620 : 540);
    }

    static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return t.isEmpty() ? "figure" : t;
    }
}

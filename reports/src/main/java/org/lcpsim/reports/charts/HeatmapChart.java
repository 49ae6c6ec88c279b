package org.lcpsim.reports.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

import org.lcpsim.reports.Num;
import org.lcpsim.results.PointResult;

/**
 * A metric (by default the mean latency) over two swept fields, e.g. branches x fatten: one
 * cell per pair of values, coloured from best (light) to worst (dark), on a logarithmic colour
 * scale when the values span more than 10x, with the value written in the cell. When the sweep has more fields, a cell shows the best point over the others. Cells
 * where no point ran say why (OOM, error).
 */
public final class HeatmapChart {
    /** The colour scale turns logarithmic when the values span more than this factor. */
    static final double LOG_RATIO = 10;
    /** Cells get their value written while the grid is at most this many cells wide and high. */
    static final int MAX_ANNOTATED = 16;
    private static final Color NO_DATA = new Color(0xE6E6E6);

    private HeatmapChart() {
    }

    /** The grid: axis values in order, the metric per cell (NaN when no point ran), and why not. */
    public record Grid(String xPath, String yPath, List<String> xs, List<String> ys, double[][] values, String[][] notes) {
        public double value(String x, String y) {
            return values[xs.indexOf(x)][ys.indexOf(y)];
        }

        public String note(String x, String y) {
            return notes[xs.indexOf(x)][ys.indexOf(y)];
        }
    }

    public static Grid grid(List<PointResult> points, String xPath, String yPath, Metric metric) {
        List<String> xs = values(points, xPath);
        List<String> ys = values(points, yPath);
        double[][] v = new double[xs.size()][ys.size()];
        String[][] notes = new String[xs.size()][ys.size()];
        for (double[] row : v) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (PointResult p : points) {
            int i = xs.indexOf(p.sweep().get(xPath));
            int j = ys.indexOf(p.sweep().get(yPath));
            if (i < 0 || j < 0) {
                continue;
            }
            double m = metric.of(p);
            if (!Double.isNaN(m)) {
                if (Double.isNaN(v[i][j]) || metric.better(m, v[i][j])) {
                    v[i][j] = m;
                }
            } else if (notes[i][j] == null) {
                notes[i][j] = p.status().startsWith("error") ? "error" : p.status().toUpperCase(Locale.ROOT);
            }
        }
        return new Grid(xPath, yPath, xs, ys, v, notes);
    }

    /** The distinct values of a swept field, numerically sorted when they are all numbers, else in sweep order. */
    static List<String> values(List<PointResult> points, String path) {
        Set<String> seen = new LinkedHashSet<>();
        for (PointResult p : points) {
            String v = p.sweep().get(path);
            if (v != null) {
                seen.add(v);
            }
        }
        List<String> out = new ArrayList<>(seen);
        if (out.stream().allMatch(HeatmapChart::numeric)) {
            out.sort(java.util.Comparator.comparingDouble(Double::parseDouble));
        }
        return out;
    }

    private static boolean numeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static Optional<Chart> create(List<PointResult> points, String xPath, String yPath, Metric metric) {
        Grid g = grid(points, xPath, yPath, metric);
        if (g.xs().size() < 2 || g.ys().size() < 2) {
            return Optional.empty();
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        DefaultXYZDataset data = new DefaultXYZDataset();
        List<double[]> cells = new ArrayList<>();
        for (int i = 0; i < g.xs().size(); i++) {
            for (int j = 0; j < g.ys().size(); j++) {
                double v = g.values()[i][j];
                if (!Double.isNaN(v)) {
                    cells.add(new double[] {i, j, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double[][] series = new double[3][cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            series[0][k] = cells.get(k)[0];
            series[1][k] = cells.get(k)[1];
            series[2][k] = cells.get(k)[2];
        }
        data.addSeries(metric.name(), series);
        if (cells.isEmpty()) {
            min = 0;
            max = 1;
        }
        boolean log = min > 0 && max / min > LOG_RATIO;
        Scale scale = new Scale(min, max == min ? min + 1 : max, metric.higherIsBetter(), log);
        SymbolAxis x = new SymbolAxis(g.xPath(), g.xs().toArray(new String[0]));
        SymbolAxis y = new SymbolAxis(g.yPath(), g.ys().toArray(new String[0]));
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        x.setRange(-0.5, g.xs().size() - 0.5);
        y.setRange(-0.5, g.ys().size() - 0.5);
        JFreeChart chart = new JFreeChart("Heatmap: " + metric.label().replaceAll(" \\(.*", ""), plot);
        // the theme restyles annotations: apply it before adding them
        Theme.apply(chart);
        boolean annotate = g.xs().size() <= MAX_ANNOTATED && g.ys().size() <= MAX_ANNOTATED;
        for (int i = 0; i < g.xs().size(); i++) {
            for (int j = 0; j < g.ys().size(); j++) {
                double v = g.values()[i][j];
                if (Double.isNaN(v)) {
                    plot.addAnnotation(new XYShapeAnnotation(new Rectangle2D.Double(i - 0.5, j - 0.5, 1, 1), null, null,
                            NO_DATA));
                }
                if (!annotate) {
                    continue;
                }
                String text = Double.isNaN(v) ? (g.notes()[i][j] == null ? "–" : g.notes()[i][j]) : cellText(v);
                XYTextAnnotation a = new XYTextAnnotation(text, i, j);
                a.setFont(Theme.font(Font.BOLD, 12));
                a.setPaint(Double.isNaN(v) ? Theme.ALERT : scale.textOn(v));
                plot.addAnnotation(a);
            }
        }
        chart.removeLegend();
        ValueAxis legendAxis;
        if (log) {
            LogAxis a = Theme.decades(new LogAxis(metric.label() + ", log scale"));
            a.setRange(scale.lower(), scale.upper());
            legendAxis = a;
        } else {
            legendAxis = new NumberAxis(metric.label() + ", linear scale");
        }
        legendAxis.setLabelFont(Theme.font(Font.PLAIN, 12));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setSubdivisionCount(log ? 600 : 100);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 4));
        legend.setStripWidth(16);
        legend.setAxisOffset(4);
        chart.addSubtitle(legend);
        boolean more = points.stream().anyMatch(p -> p.sweep().size() > 2);
        chart.addSubtitle(new TextTitle((metric.higherIsBetter() ? "higher" : "lower") + " is better (lighter)"
                + (more ? "; each cell: the best point over the other swept fields" : ""), Theme.font(Font.PLAIN, 11)));
        String caption = metric.label() + " for each combination of " + g.xPath() + " and " + g.yPath()
                + (more ? " (the best over the other swept fields)" : "")
                + "; grey cells have no point that ran (OOM: does not fit in memory); "
                + (log ? "logarithmic colour scale (the values span more than " + Num.format(LOG_RATIO) + "x)."
                : "linear colour scale.");
        int width = Math.max(640, Math.min(1600, 260 + 80 * g.xs().size()));
        int height = Math.max(420, Math.min(1200, 200 + 56 * g.ys().size()));
        return Optional.of(new Chart("heatmap-" + ParetoChart.slug(metric), "Heatmap over " + g.xPath() + " × "
                + g.yPath(), caption, chart, width, height));
    }

    static String cellText(double v) {
        double a = Math.abs(v);
        String fmt = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, fmt, v);
    }

    /**
     * Light yellow (best) to dark blue (worst), interpolated in sRGB over five stops of the
     * viridis map reversed: ordered in lightness, so it reads in greyscale.
     */
    record Scale(double lower, double upper, boolean higherIsBetter, boolean log) implements PaintScale {
        private static final Color[] STOPS = {
            new Color(0xFDE725), new Color(0x5EC962), new Color(0x21918C), new Color(0x3B528B), new Color(0x440154)
        };

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        /** 0 = best, 1 = worst. */
        double badness(double value) {
            double t = log ? (Math.log(Math.max(value, lower)) - Math.log(lower)) / (Math.log(upper) - Math.log(lower))
                    : (value - lower) / (upper - lower);
            t = Math.max(0, Math.min(1, t));
            return higherIsBetter ? 1 - t : t;
        }

        @Override
        public Paint getPaint(double value) {
            double t = badness(value) * (STOPS.length - 1);
            int k = Math.min(STOPS.length - 2, (int) Math.floor(t));
            double f = t - k;
            Color a = STOPS[k];
            Color b = STOPS[k + 1];
            return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
        }

        Color textOn(double value) {
            return badness(value) > 0.55 ? Color.WHITE : Theme.TEXT;
        }
    }
}

package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.lcpsim.results.PointResult;

/**
 * Any two metrics of the design points against each other, with the Pareto front marked: the
 * points no other point beats in both (for example the fastest design for each number of
 * devices, or for each model size). Points without both values (did not run) are left out.
 */
public final class ParetoChart {
    public static final String ALL = "design points";
    public static final String FRONT = "Pareto front";
    /** An axis turns logarithmic when its values span this factor. */
    static final double LOG_RATIO = 30;
    /** Front points get a text label while there are at most this many. */
    static final int MAX_LABELS = 12;

    private ParetoChart() {
    }

    /**
     * The non-dominated points for (x, y), ordered by x from better to worse: sorted by x then
     * y, a point is on the front when its y beats every y before it (or repeats the last front
     * point exactly). O(n log n), so sweeps of any size can be plotted.
     */
    public static List<PointResult> front(List<PointResult> points, Metric x, Metric y) {
        List<PointResult> valid = new ArrayList<>(points.stream().filter(p -> finite(x.of(p)) && finite(y.of(p))).toList());
        // both metrics turned into "lower is better"
        Comparator<PointResult> order = Comparator.comparingDouble((PointResult p) -> cost(x, p))
                .thenComparingDouble(p -> cost(y, p));
        valid.sort(order);
        List<PointResult> front = new ArrayList<>();
        double bestY = Double.POSITIVE_INFINITY;
        for (PointResult p : valid) {
            double py = cost(y, p);
            PointResult last = front.isEmpty() ? null : front.get(front.size() - 1);
            if (py < bestY) {
                front.add(p);
                bestY = py;
            } else if (last != null && py == cost(y, last) && cost(x, p) == cost(x, last)) {
                front.add(p);
            }
        }
        return front;
    }

    private static double cost(Metric m, PointResult p) {
        return m.higherIsBetter() ? -m.of(p) : m.of(p);
    }

    /** q dominates p: at least as good in both, better in one. */
    static boolean dominates(PointResult q, PointResult p, Metric x, Metric y) {
        double qx = cost(x, q);
        double px = cost(x, p);
        double qy = cost(y, q);
        double py = cost(y, p);
        return qx <= px && qy <= py && (qx < px || qy < py);
    }

    public static XYSeriesCollection dataset(List<PointResult> points, Metric x, Metric y) {
        XYSeries all = new XYSeries(ALL, false, true);
        for (PointResult p : points) {
            if (finite(x.of(p)) && finite(y.of(p))) {
                all.add(x.of(p), y.of(p));
            }
        }
        XYSeries front = new XYSeries(FRONT, false, true);
        for (PointResult p : front(points, x, y)) {
            front.add(x.of(p), y.of(p));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(all);
        data.addSeries(front);
        return data;
    }

    public static Optional<Chart> create(List<PointResult> points, Metric x, Metric y) {
        XYSeriesCollection data = dataset(points, x, y);
        if (data.getSeries(0).getItemCount() < 2) {
            return Optional.empty();
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        XYPlot plot = new XYPlot(data, axis(x, data.getSeries(0), true), axis(y, data.getSeries(0), false), renderer);
        JFreeChart chart = new JFreeChart(title(x, y), plot);
        Theme.apply(chart);
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesPaint(0, Theme.tint((java.awt.Color) Theme.color(0), 0.35));
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesPaint(1, Theme.ALERT);
        renderer.setSeriesStroke(1, new BasicStroke(1.8f));
        renderer.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-5.5, -5.5, 11, 11));
        renderer.setSeriesShapesFilled(1, false);
        List<PointResult> front = front(points, x, y);
        if (front.size() <= MAX_LABELS) {
            // room on the right for the label of the rightmost point
            plot.getDomainAxis().setUpperMargin(0.14);
            Map<Integer, String> labels = Labels.unique(front, Labels.manyModels(points));
            for (PointResult p : front) {
                XYTextAnnotation a = new XYTextAnnotation("  " + labels.get(p.pointId()), x.of(p), y.of(p));
                a.setFont(Theme.font(Font.PLAIN, 10));
                a.setPaint(Theme.TEXT);
                a.setTextAnchor(TextAnchor.BOTTOM_LEFT);
                plot.addAnnotation(a);
            }
        }
        chart.addSubtitle(new TextTitle(direction(x) + ", " + direction(y) + "; " + front.size() + " of "
                + data.getSeries(0).getItemCount() + " points on the front", Theme.font(Font.PLAIN, 11)));
        String caption = y.label() + " against " + x.label() + " for every design point that ran; the red line joins the"
                + " Pareto front, the points that no other point beats in both.";
        return Optional.of(new Chart("pareto-" + slug(y) + "-vs-" + slug(x), title(x, y), caption, chart, 880, 560));
    }

    private static String title(Metric x, Metric y) {
        return "Trade-off: " + shortName(y) + " vs " + shortName(x);
    }

    private static String shortName(Metric m) {
        String l = m.label();
        int paren = l.indexOf(" (");
        return paren < 0 ? l : l.substring(0, paren);
    }

    private static String direction(Metric m) {
        return shortName(m) + ": " + (m.higherIsBetter() ? "higher" : "lower") + " is better";
    }

    static String slug(Metric m) {
        return m.name().replace('_', '-');
    }

    private static ValueAxis axis(Metric m, XYSeries values, boolean isX) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < values.getItemCount(); i++) {
            double v = (isX ? values.getX(i) : values.getY(i)).doubleValue();
            if (v > 0) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean allPositive = true;
        for (int i = 0; i < values.getItemCount(); i++) {
            allPositive &= (isX ? values.getX(i) : values.getY(i)).doubleValue() > 0;
        }
        if (allPositive && max / min >= LOG_RATIO) {
            LogAxis a = new LogAxis(m.label() + ", log scale");
            a.setSmallestValue(min / 2);
            Theme.decades(a);
            return a;
        }
        NumberAxis a = new NumberAxis(m.label());
        a.setAutoRangeIncludesZero(false);
        if (m == Metric.DEVICES) {
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return a;
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }
}

package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.block.BlockContainer;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.block.LabelBlock;
import org.jfree.chart.text.TextBlockAnchor;
import org.jfree.chart.title.CompositeTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.chart.ui.RectangleInsets;
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
    /** Front points numbered at most (spread along the front beyond). */
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
        return create(points, x, y, null);
    }

    /**
     * The chart, the point {@code recommended} (a point id; null for none) marked. Points are
     * coloured by model when the run has several, else by strategy when it has several; the
     * front's points are numbered next to them, each number placed where it overlaps no other
     * (further out with a leader line when the spots nearby are taken), and listed with their
     * names beside the plot.
     */
    public static Optional<Chart> create(List<PointResult> points, Metric x, Metric y, Integer recommended) {
        XYSeriesCollection data = dataset(points, x, y);
        if (data.getSeries(0).getItemCount() < 2) {
            return Optional.empty();
        }
        List<PointResult> valid = points.stream().filter(p -> finite(x.of(p)) && finite(y.of(p))).toList();
        PointResult rec = recommended == null ? null
                : valid.stream().filter(p -> p.pointId() == recommended).findFirst().orElse(null);
        if (rec != null) {
            XYSeries r = new XYSeries(RECOMMENDED, false, true);
            r.add(x.of(rec), y.of(rec));
            data.addSeries(r);
        }
        Function<PointResult, String> group = grouping(valid);
        Map<String, Color> colours = new LinkedHashMap<>();
        for (PointResult p : valid) {
            colours.computeIfAbsent(group.apply(p), k -> Theme.color(colours.size()));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return series == 0 ? Theme.tint(colours.get(group.apply(valid.get(item))), 0.2) : super.getItemPaint(series, item);
            }
        };
        XYPlot plot = new XYPlot(data, axis(x, data.getSeries(0), true), axis(y, data.getSeries(0), false), renderer);
        JFreeChart chart = new JFreeChart(title(x, y), plot);
        Theme.apply(chart);
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesPaint(1, Theme.ALERT);
        renderer.setSeriesStroke(1, new BasicStroke(1.8f));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-5.5, -5.5, 11, 11));
        renderer.setSeriesShapesFilled(1, false);
        if (rec != null) {
            renderer.setSeriesLinesVisible(2, false);
            renderer.setSeriesPaint(2, Theme.TEXT);
            renderer.setSeriesShape(2, star(9));
            renderer.setSeriesShapesFilled(2, true);
        }
        LegendItemCollection legend = new LegendItemCollection();
        if (colours.size() > 1) {
            colours.forEach((name, c) -> legend.add(new LegendItem(name, null, null, null, new Ellipse2D.Double(-4, -4, 8, 8), c)));
        } else {
            legend.add(new LegendItem(ALL, null, null, null, new Ellipse2D.Double(-4, -4, 8, 8),
                    Theme.tint(colours.values().iterator().next(), 0.2)));
        }
        legend.add(new LegendItem(FRONT, null, null, null, true, new Ellipse2D.Double(-5.5, -5.5, 11, 11), false, Theme.ALERT,
                true, Theme.ALERT, new BasicStroke(1.8f), true, new java.awt.geom.Line2D.Double(-8, 0, 8, 0),
                new BasicStroke(1.8f), Theme.ALERT));
        if (rec != null) {
            legend.add(new LegendItem(RECOMMENDED, null, null, null, star(7), Theme.TEXT));
        }
        plot.setFixedLegendItems(legend);
        List<PointResult> front = front(points, x, y);
        Map<Integer, String> names = Labels.unique(valid, Labels.manyModels(valid));
        List<PointResult> numbered = numbered(front);
        // the plot keeps about 700 px beside the list of the front's points
        double listWidth = 0;
        for (PointResult p : numbered) {
            listWidth = Math.max(listWidth, Theme.font(Font.PLAIN, 10).getStringBounds(numbered.size() + "  "
                    + names.get(p.pointId()) + (rec == p ? "  (recommended)" : ""),
                    new java.awt.font.FontRenderContext(null, true, true)).getWidth());
        }
        int width = numbered.isEmpty() ? 880 : (int) Math.max(880, Math.min(1600, 720 + listWidth + 30));
        if (!numbered.isEmpty()) {
            // a column of lines: a TextTitle on the right would turn its text on its side
            BlockContainer list = new BlockContainer(new ColumnArrangement(HorizontalAlignment.LEFT,
                    VerticalAlignment.CENTER, 0, 2));
            for (int i = 0; i < numbered.size(); i++) {
                PointResult p = numbered.get(i);
                LabelBlock line = new LabelBlock((i + 1) + "  " + names.get(p.pointId()) + (rec == p ? "  (recommended)" : ""),
                        Theme.font(Font.PLAIN, 10), Theme.TEXT);
                line.setContentAlignmentPoint(TextBlockAnchor.CENTER_LEFT);
                line.setTextAnchor(org.jfree.chart.ui.RectangleAnchor.LEFT);
                list.add(line);
            }
            CompositeTitle t = new CompositeTitle(list);
            t.setPosition(RectangleEdge.RIGHT);
            t.setPadding(new RectangleInsets(0, 12, 0, 0));
            chart.addSubtitle(t);
        }
        chart.addSubtitle(0, new TextTitle(direction(x) + ", " + direction(y) + "; " + front.size() + " of "
                + data.getSeries(0).getItemCount() + " points on the front" + (numbered.size() < front.size()
                ? " (" + numbered.size() + " numbered, spread along it)" : "") + (rec == null ? ""
                : "; star: the recommended design"), Theme.font(Font.PLAIN, 11)));
        if (!numbered.isEmpty()) {
            placeNumbers(chart, plot, numbered, x, y, width, HEIGHT);
        }
        String caption = y.label() + " against " + x.label() + " for every design point that ran"
                + (colours.size() > 1 ? ", coloured by " + groupName(valid) : "") + "; the red line joins the Pareto"
                + " front, the points that no other point beats in both, numbered as listed on the right"
                + (rec == null ? "" : "; the star is the recommended design") + "; " + scales(plot) + ".";
        return Optional.of(new Chart("pareto-" + slug(y) + "-vs-" + slug(x), title(x, y), caption, chart, width, HEIGHT));
    }

    public static final String RECOMMENDED = "recommended";
    static final int HEIGHT = 560;

    /** Points by model when there are several models, else by strategy when several, else all alike. */
    private static Function<PointResult, String> grouping(List<PointResult> points) {
        if (points.stream().map(PointResult::model).distinct().count() > 1) {
            return PointResult::model;
        }
        if (points.stream().map(FacetedBars::strategy).distinct().count() > 1) {
            return FacetedBars::strategy;
        }
        return p -> ALL;
    }

    private static String groupName(List<PointResult> points) {
        return points.stream().map(PointResult::model).distinct().count() > 1 ? "model" : "strategy";
    }

    private static String scales(XYPlot plot) {
        return "x: " + (plot.getDomainAxis() instanceof LogAxis ? "logarithmic" : "linear") + " axis, y: "
                + (plot.getRangeAxis() instanceof LogAxis ? "logarithmic" : "linear") + " axis";
    }

    /** The front points that get a number: all of them up to MAX_LABELS, else MAX_LABELS spread along the front. */
    static List<PointResult> numbered(List<PointResult> front) {
        if (front.size() <= MAX_LABELS) {
            return front;
        }
        List<PointResult> out = new ArrayList<>();
        for (int i = 0; i < MAX_LABELS; i++) {
            PointResult p = front.get((int) Math.round((double) i * (front.size() - 1) / (MAX_LABELS - 1)));
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Lays the chart out once off-screen to learn where the points fall, then puts each number
     * at the first spot around its point (nearest first) that overlaps no number placed before
     * and no point, inside the plot; a number placed away from its point gets a leader line.
     */
    private static void placeNumbers(JFreeChart chart, XYPlot plot, List<PointResult> numbered, Metric x, Metric y,
                                     int width, int height) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height), info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        Font font = Theme.font(Font.BOLD, 11);
        FontMetrics fm = g.getFontMetrics(font);
        g.dispose();
        List<Rectangle2D> taken = new ArrayList<>();
        XYSeries all = ((XYSeriesCollection) plot.getDataset()).getSeries(0);
        for (int i = 0; i < all.getItemCount(); i++) {
            double px = plot.getDomainAxis().valueToJava2D(all.getX(i).doubleValue(), area, plot.getDomainAxisEdge());
            double py = plot.getRangeAxis().valueToJava2D(all.getY(i).doubleValue(), area, plot.getRangeAxisEdge());
            taken.add(new Rectangle2D.Double(px - 5, py - 5, 10, 10));
        }
        double[][] directions = {{1, -1}, {1, 1}, {-1, -1}, {-1, 1}, {1, 0}, {-1, 0}, {0, -1}, {0, 1}};
        for (int k = 0; k < numbered.size(); k++) {
            PointResult p = numbered.get(k);
            String text = Integer.toString(k + 1);
            double w = fm.stringWidth(text) + 4;
            double h = fm.getAscent() + fm.getDescent();
            double px = plot.getDomainAxis().valueToJava2D(x.of(p), area, plot.getDomainAxisEdge());
            double py = plot.getRangeAxis().valueToJava2D(y.of(p), area, plot.getRangeAxisEdge());
            Rectangle2D chosen = null;
            double radius = 0;
            search:
            for (double r : new double[] {9, 22, 38, 56, 80}) {
                for (double[] d : directions) {
                    double cx = px + d[0] * (r + w / 2);
                    double cy = py + d[1] * (r + h / 2);
                    Rectangle2D box = new Rectangle2D.Double(cx - w / 2, cy - h / 2, w, h);
                    Rectangle2D inner = new Rectangle2D.Double(area.getX() + 2, area.getY() + 2, area.getWidth() - 4,
                            area.getHeight() - 4);
                    if (inner.contains(box) && taken.stream().noneMatch(box::intersects)) {
                        chosen = box;
                        radius = r;
                        break search;
                    }
                }
            }
            if (chosen == null) {
                continue; // listed beside the plot all the same
            }
            taken.add(chosen);
            double lx = plot.getDomainAxis().java2DToValue(chosen.getCenterX(), area, plot.getDomainAxisEdge());
            double ly = plot.getRangeAxis().java2DToValue(chosen.getCenterY(), area, plot.getRangeAxisEdge());
            if (radius > 9) {
                double ex = plot.getDomainAxis().java2DToValue(chosen.getCenterX() - Math.signum(chosen.getCenterX() - px)
                        * w / 2, area, plot.getDomainAxisEdge());
                double ey = plot.getRangeAxis().java2DToValue(chosen.getCenterY() - Math.signum(chosen.getCenterY() - py)
                        * h / 2, area, plot.getRangeAxisEdge());
                plot.addAnnotation(new XYLineAnnotation(x.of(p), y.of(p), ex, ey, new BasicStroke(0.8f), Theme.MUTED));
            }
            XYTextAnnotation a = new XYTextAnnotation(text, lx, ly);
            a.setFont(font);
            a.setPaint(Theme.ALERT);
            a.setTextAnchor(TextAnchor.CENTER);
            plot.addAnnotation(a);
        }
    }

    /** A five-pointed star of the given outer radius, centred on the origin. */
    static Shape star(double r) {
        java.awt.geom.Path2D.Double s = new java.awt.geom.Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double rad = i % 2 == 0 ? r : r * 0.45;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            if (i == 0) {
                s.moveTo(rad * Math.cos(a), rad * Math.sin(a));
            } else {
                s.lineTo(rad * Math.cos(a), rad * Math.sin(a));
            }
        }
        s.closePath();
        return s;
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
        NumberAxis a = new NumberAxis(m.label() + ", linear scale");
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

package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import org.lcpsim.devices.MemoryReport;
import org.lcpsim.results.DeviceMemory;
import org.lcpsim.results.PointResult;

/**
 * Memory per device: one stacked bar per device of each design point (weights, activations,
 * communication buffers, framework), against the device's capacity. Consecutive devices of a
 * point that hold exactly the same (the branch devices of LCP) share one bar, labelled
 * "d1-d7". A bar that does not fit is marked "OOM" (swap off) or "swap N MB" (the part paged
 * per inference); a bar of a device whose framework memory is unknown shows the known part,
 * marked as a lower bound. Memory is known even for points that did not run, so they are shown too.
 */
public final class MemoryChart {
    public static final double MB = 1024.0 * 1024.0;
    public static final List<String> PARTS = List.of("weights", "activations", "buffers", "framework");
    /**
     * The mark of a bar whose framework memory is unknown: the bar is the known part, a lower
     * bound. Short, so that marks of neighbouring bars never overlap; the subtitle explains it.
     */
    public static final String UNKNOWN_MARK = "≥ ?";

    private MemoryChart() {
    }

    /** One bar: a point's devices that hold the same, and what they hold. */
    public record Bar(String category, PointResult point, List<String> devices, String type, MemoryReport report) {
        public String mark() {
            if (report.outOfMemory()) {
                return "OOM";
            }
            if (report.frameworkUnknown()) {
                return UNKNOWN_MARK;
            }
            if (report.swapping()) {
                return String.format(Locale.ROOT, "swap %.0f MB", report.swapBytes() / MB);
            }
            return "";
        }
    }

    public static List<Bar> bars(List<PointResult> points) {
        List<PointResult> withMemory = points.stream().filter(p -> !p.memory().isEmpty()).toList();
        Map<Integer, String> labels = Labels.unique(withMemory, Labels.manyModels(withMemory));
        boolean single = withMemory.size() == 1;
        List<Bar> bars = new ArrayList<>();
        for (PointResult p : withMemory) {
            List<DeviceMemory> mem = p.memory();
            int i = 0;
            while (i < mem.size()) {
                int j = i + 1;
                while (j < mem.size() && mem.get(j).report().equals(mem.get(i).report())
                        && mem.get(j).type().equals(mem.get(i).type())) {
                    j++;
                }
                List<String> devices = mem.subList(i, j).stream().map(DeviceMemory::device).toList();
                String range = devices.size() == 1 ? devices.get(0) : devices.get(0) + "–" + devices.get(devices.size() - 1);
                String category = single ? range : labels.get(p.pointId()) + " · " + range;
                bars.add(new Bar(category, p, devices, mem.get(i).type(), mem.get(i).report()));
                i = j;
            }
        }
        return bars;
    }

    public static DefaultCategoryDataset dataset(List<Bar> bars) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar b : bars) {
            MemoryReport r = b.report();
            data.addValue(r.weightBytes() / MB, PARTS.get(0), b.category());
            data.addValue(r.activationBytes() / MB, PARTS.get(1), b.category());
            data.addValue(r.bufferBytes() / MB, PARTS.get(2), b.category());
            data.addValue(r.frameworkBytes() / MB, PARTS.get(3), b.category());
        }
        return data;
    }

    /** Pixels a 45-degree label of the first category runs left of the plot: about its width times cos 45. */
    private static double slantRoom(CategoryAxis axis, DefaultCategoryDataset data) {
        if (data.getColumnCount() == 0) {
            return 8;
        }
        java.awt.FontMetrics fm = metrics(axis.getTickLabelFont());
        int widest = fm.stringWidth(String.valueOf(data.getColumnKey(0)));
        return Math.min(360, 8 + widest * 0.71);
    }

    /** Pixels the longest 45-degree category label runs below the plot (at most 360, as slantRoom). */
    private static double slantDepth(CategoryAxis axis, DefaultCategoryDataset data) {
        java.awt.FontMetrics fm = metrics(axis.getTickLabelFont());
        int widest = 0;
        for (int c = 0; c < data.getColumnCount(); c++) {
            widest = Math.max(widest, fm.stringWidth(String.valueOf(data.getColumnKey(c))));
        }
        return Math.min(360, 8 + widest * 0.71);
    }

    private static java.awt.FontMetrics metrics(Font font) {
        return new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB).getGraphics()
                .getFontMetrics(font);
    }

    public static Optional<Chart> create(List<PointResult> points) {
        List<Bar> bars = bars(points);
        if (bars.isEmpty()) {
            return Optional.empty();
        }
        DefaultCategoryDataset data = dataset(bars);
        CategoryAxis x = new CategoryAxis(null);
        if (bars.size() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        // level names wrap within their bar's width; slanted ones may run longer
        x.setMaximumCategoryLabelWidthRatio(bars.size() > 6 ? 1.6f : 0.98f);
        x.setMaximumCategoryLabelLines(4);
        NumberAxis y = new NumberAxis("resident memory per device (MB), linear scale");
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setMaximumBarWidth(0.12);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Memory per device", plot);
        Theme.apply(chart);
        if (bars.size() > 6) {
            // a slanted name ends left of its bar: room on the left for the first one's
            chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, slantRoom(x, data), 4, 8));
        }
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < PARTS.size(); i++) {
            renderer.setSeriesPaint(i, Theme.color(i));
        }
        Set<Long> capacities = new LinkedHashSet<>();
        for (Bar b : bars) {
            capacities.add(b.report().capacityBytes());
        }
        double top = 0;
        for (Bar b : bars) {
            top = Math.max(top, Math.max(b.report().totalBytes(), b.report().capacityBytes()) / MB);
        }
        if (capacities.size() == 1) {
            double cap = capacities.iterator().next() / MB;
            ValueMarker m = new ValueMarker(cap, Theme.ALERT, new BasicStroke(1.8f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f));
            m.setLabel(String.format(Locale.ROOT, "capacity %.0f MB", cap));
            m.setLabelFont(Theme.font(Font.PLAIN, 11));
            m.setLabelPaint(Theme.ALERT);
        m.setLabelBackgroundColor(Theme.LABEL_BACKGROUND);
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(m);
        } else {
            // capacities differ (a mixed cluster): a capacity tick on each bar
            DefaultCategoryDataset caps = new DefaultCategoryDataset();
            for (Bar b : bars) {
                caps.addValue(b.report().capacityBytes() / MB, "capacity", b.category());
            }
            LineAndShapeRenderer capRenderer = new LineAndShapeRenderer(false, true);
            capRenderer.setSeriesShape(0, new Rectangle2D.Double(-14, -1.5, 28, 3));
            capRenderer.setSeriesPaint(0, Theme.ALERT);
            plot.setDataset(1, caps);
            plot.setRenderer(1, capRenderer);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        int width = Math.max(720, Math.min(1800, 160 + 44 * bars.size()));
        // slanted names take room below the plot: a taller chart keeps the plot as tall as the axis label
        double depth = bars.size() > 6 ? slantDepth(x, data) : 0;
        int height = bars.size() > 6 ? 620 + (int) Math.max(0, depth - 150) : 540;
        // a mark wider than a bar's share of the plot would run into its neighbour's: marks stand upright above their bars
        Font markFont = Theme.font(Font.BOLD, 12);
        int widestMark = 0;
        for (Bar b : bars) {
            widestMark = Math.max(widestMark, metrics(markFont).stringWidth(b.mark()));
        }
        double plotWidth = width - 100 - (bars.size() > 6 ? slantRoom(x, data) : 0);
        boolean upright = widestMark > 0 && plotWidth / bars.size() < widestMark + 6;
        for (Bar b : bars) {
            String mark = b.mark();
            if (!mark.isEmpty()) {
                CategoryTextAnnotation a = new CategoryTextAnnotation(mark, b.category(), b.report().totalBytes() / MB);
                a.setFont(markFont);
                a.setPaint(Theme.ALERT);
                if (upright) {
                    a.setTextAnchor(TextAnchor.CENTER_LEFT);
                    a.setRotationAnchor(TextAnchor.CENTER_LEFT);
                    a.setRotationAngle(-Math.PI / 2);
                } else {
                    a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                }
                plot.addAnnotation(a);
            }
        }
        // room above the tallest bar for its mark: upright, the mark's length of the plot's height
        double plotHeight = height - 110 - depth;
        y.setRange(0, upright ? top / (1 - Math.min(0.6, (widestMark + 10) / Math.max(1, plotHeight))) : top * 1.12);
        boolean unknown = bars.stream().anyMatch(b -> b.report().frameworkUnknown());
        if (unknown) {
            chart.addSubtitle(new org.jfree.chart.title.TextTitle(UNKNOWN_MARK + ": framework memory unknown, the bar is the"
                    + " known part (a lower bound)", Theme.font(Font.PLAIN, 11)));
        }
        boolean unfit = bars.stream().anyMatch(b -> b.report().outOfMemory() || b.report().swapping());
        String caption = "Resident memory of each device, stacked by part, against the device's capacity (red)"
                + (unfit ? "; marked bars do not fit: OOM = out of memory (swap off), swap = paged per inference" : "")
                + (unknown ? "; bars marked " + UNKNOWN_MARK + " are devices whose framework memory is unknown: they show only"
                + " the known part (weights, activations, buffers), a lower bound, and their peak memory is blank in the results"
                : "")
                + ". Devices of a point holding the same share one bar (e.g. d1–d7).";
        return Optional.of(new Chart("memory", "Memory per device", caption, chart, width, height));
    }
}

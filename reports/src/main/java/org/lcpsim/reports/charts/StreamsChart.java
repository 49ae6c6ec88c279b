package org.lcpsim.reports.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import org.lcpsim.results.PointResult;
import org.lcpsim.results.StreamResult;

/**
 * Latency per stream, for experiments with several request streams: one group of bars per design
 * point that ran, one bar per stream at its mean latency per request with the others running
 * (their p95 and everything else are in the report's stream table and results.csv). A saturated
 * stream's name is marked: its latency is that of a queue that grows with the run. None for a
 * run of one stream.
 */
public final class StreamsChart {
    private StreamsChart() {
    }

    /** The points with streams that ran, as many as {@code maxBars} bars allow (at least one). */
    public static List<PointResult> points(List<PointResult> points, int maxBars) {
        List<PointResult> out = new ArrayList<>();
        int bars = 0;
        for (PointResult p : points) {
            if (!p.hasMetrics() || p.streams().isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && bars + p.streams().size() > maxBars) {
                break;
            }
            out.add(p);
            bars += p.streams().size();
        }
        return out;
    }

    /** Rows are streams (with a mark when saturated in some point), columns the points' labels. */
    public static DefaultCategoryDataset dataset(List<PointResult> points) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<Integer, String> labels = Labels.unique(points, Labels.manyModels(points));
        for (PointResult p : points) {
            for (StreamResult s : p.streams()) {
                if (!Double.isNaN(s.latencyMsMean())) {
                    data.addValue(s.latencyMsMean(), s.name() + (s.saturated() ? " " + LatencyChart.SATURATED_MARK : ""),
                            labels.get(p.pointId()));
                }
            }
        }
        return data;
    }

    public static Optional<Chart> create(List<PointResult> points, int maxBars) {
        List<PointResult> shown = points(points, maxBars);
        DefaultCategoryDataset data = dataset(shown);
        if (data.getRowCount() == 0) {
            return Optional.empty();
        }
        NumberAxis y = new NumberAxis("latency per request (ms)");
        y.setAutoRangeIncludesZero(true);
        BarRenderer renderer = new BarRenderer();
        renderer.setItemMargin(0.05);
        CategoryAxis x = new CategoryAxis(shown.size() > 1 ? "design point" : null);
        x.setMaximumCategoryLabelLines(3);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Latency per stream", plot);
        Theme.apply(chart);
        renderer.setDrawBarOutline(false);
        if (data.getRowCount() * data.getColumnCount() <= 32) {
            renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", Theme.format("#,##0.#")));
            renderer.setDefaultItemLabelsVisible(true);
            renderer.setDefaultItemLabelFont(Theme.font(java.awt.Font.PLAIN, 10));
            renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                    TextAnchor.BOTTOM_CENTER, TextAnchor.BOTTOM_CENTER, 0));
            renderer.setItemLabelAnchorOffset(6);
            y.setUpperMargin(0.1);
        }
        long ran = points.stream().filter(p -> p.hasMetrics() && !p.streams().isEmpty()).count();
        chart.addSubtitle(new TextTitle("mean latency of each stream's requests, the other streams running"
                + (shown.size() < ran ? "; the first " + shown.size() + " of " + ran + " design points" : ""),
                Theme.font(java.awt.Font.PLAIN, 11)));
        String caption = "Mean latency per request of each stream (camera), with every stream sharing the devices and the"
                + " network, grouped by design point; a stream marked saturated cannot keep up with its arrivals, so its"
                + " latency is that of a growing queue. The stream table below has p95, throughput, offered rate, share of"
                + " the capacity and latency alone.";
        int width = Math.max(720, Math.min(1600, 180 + 40 * data.getRowCount() * data.getColumnCount()));
        return Optional.of(new Chart("streams-latency", "Latency per stream", caption, chart, width, 540));
    }
}

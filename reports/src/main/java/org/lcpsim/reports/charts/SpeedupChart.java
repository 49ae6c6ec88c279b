package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.lcpsim.reports.Num;
import org.lcpsim.results.PointResult;

/**
 * Speedup over one device against the number of devices, one line per model (and per
 * strategy and fatten when a run mixes them), with the ideal linear speedup, like the LCP
 * paper's accelerator figure. Speedup = latency of the model on one device (strategy single) /
 * latency of the point, both for a request alone (closed loop, concurrency 1:
 * {@code latency_ms_unloaded}), so that a queue in front of the one device (an open-loop workload
 * it cannot keep up with) never makes a bar superlinear. When several points of a line use the
 * same number of devices (another swept field), the line takes the fastest.
 */
public final class SpeedupChart {
    public static final String IDEAL = "ideal (linear)";

    private SpeedupChart() {
    }

    /** One line's key: model, plus strategy and fatten when they vary. */
    record LineKey(String model, String strategy, double fatten) {
    }

    public static XYSeriesCollection dataset(List<PointResult> points) {
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (PointResult p : points) {
            if (p.hasMetrics() && "single".equals(p.strategy()) && p.devices() == 1 && unloaded(p) > 0) {
                baseline.merge(p.model(), unloaded(p), Math::min);
            }
        }
        Map<LineKey, Map<Integer, Double>> lines = new LinkedHashMap<>();
        for (PointResult p : points) {
            if (!p.hasMetrics() || "single".equals(p.strategy()) || !baseline.containsKey(p.model()) || p.devices() < 1
                    || !(unloaded(p) > 0)) {
                continue;
            }
            LineKey key = new LineKey(p.model(), p.strategy(), p.fatten());
            double speedup = baseline.get(p.model()) / unloaded(p);
            lines.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(p.devices(), speedup, Math::max);
        }
        boolean manyStrategies = lines.keySet().stream().map(LineKey::strategy).distinct().count() > 1;
        boolean manyFatten = lines.keySet().stream().map(LineKey::fatten).distinct().count() > 1;
        XYSeriesCollection data = new XYSeriesCollection();
        int maxDevices = 1;
        for (Map.Entry<LineKey, Map<Integer, Double>> e : lines.entrySet()) {
            LineKey k = e.getKey();
            String name = k.model() + (manyStrategies ? " " + k.strategy() : "")
                    + (manyFatten ? " f" + Num.format(k.fatten() * 100) : "");
            XYSeries s = new XYSeries(name, true, false);
            s.add(1, 1.0); // the one-device baseline itself
            for (Map.Entry<Integer, Double> d : e.getValue().entrySet()) {
                if (d.getKey() != 1) {
                    s.add(d.getKey().doubleValue(), d.getValue());
                } else {
                    s.update(1.0, d.getValue());
                }
                maxDevices = Math.max(maxDevices, d.getKey());
            }
            data.addSeries(s);
        }
        if (data.getSeriesCount() == 0) {
            return data;
        }
        XYSeries ideal = new XYSeries(IDEAL, true, false);
        ideal.add(1, 1);
        ideal.add(maxDevices, maxDevices);
        data.addSeries(ideal);
        return data;
    }

    private static double unloaded(PointResult p) {
        return p.metrics().latencyMsAlone();
    }

    public static Optional<Chart> create(List<PointResult> points) {
        XYSeriesCollection data = dataset(points);
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        NumberAxis x = new NumberAxis("devices (= branches for LCP)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("speedup over one device (×), linear scale");
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Speedup over one device", plot);
        Theme.apply(chart);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            if (IDEAL.equals(data.getSeriesKey(i))) {
                renderer.setSeriesPaint(i, Theme.MUTED);
                renderer.setSeriesStroke(i, Theme.DASHED);
                renderer.setSeriesShapesVisible(i, false);
            } else {
                renderer.setSeriesPaint(i, Theme.color(lines.size()));
                renderer.setSeriesStroke(i, new BasicStroke(2.2f));
                lines.add(String.valueOf(data.getSeriesKey(i)));
            }
        }
        chart.addSubtitle(new TextTitle("speedup = latency on one device / latency, each for a request alone (no queueing);"
                + " higher is better", Theme.font(java.awt.Font.PLAIN, 11)));
        String caption = "Speedup of the latency of a request alone (closed loop, one request in flight:"
                + " latency_ms_unloaded) over the same model on one device, against the number of devices used, so that"
                + " queueing under the workload's arrivals never inflates it; the dashed line is linear speedup. Lines: "
                + String.join(", ", lines) + ".";
        return Optional.of(new Chart("speedup", "Speedup over one device", caption, chart, 800, 540));
    }
}

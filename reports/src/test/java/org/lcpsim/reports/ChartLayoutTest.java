package org.lcpsim.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.LabelLayout;
import org.lcpsim.reports.charts.Metric;
import org.lcpsim.reports.charts.PaperCharts;
import org.lcpsim.reports.charts.ParetoChart;
import org.lcpsim.results.ComparisonRow;
import org.lcpsim.results.PointResult;

/**
 * Every chart the report draws for a sweep of 40+ points, and for a small one, measured as the
 * PNG draws it: no two labels overlap, none is cut by the edge or a clip, none is shortened.
 */
class ChartLayoutTest {
    static Map<Integer, PointResult> byId(List<PointResult> points) {
        Map<Integer, PointResult> m = new LinkedHashMap<>();
        points.forEach(p -> m.put(p.pointId(), p));
        return m;
    }

    static List<String> problems(List<Chart> charts) {
        List<String> out = new ArrayList<>();
        for (Chart c : charts) {
            for (String p : LabelLayout.problems(c)) {
                out.add(c.name() + ": " + p);
            }
        }
        return out;
    }

    @Test
    void everyChartOfALargeSweepHasItsLabelsApartAndWhole() {
        List<PointResult> points = LargeSweep.points();
        assertTrue(points.size() >= 40, points.size() + " points");
        ReportCharts.Result r = ReportCharts.build(points, byId(points), LargeSweep.SWEPT, ReportOptions.defaults());
        List<String> names = r.charts().stream().map(Chart::name).toList();
        for (String kind : List.of("latency", "speedup", "memory", "communication", "timeline-", "latency-cdf",
                "latency-histogram-", "energy", "heatmap-", "pareto-latency-ms-mean-vs-devices", "pareto-latency-ms-mean-vs-params")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(kind)), kind + " not drawn: " + names);
        }
        List<String> problems = problems(r.charts());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    @Test
    void everyChartOfASmallSweepHasItsLabelsApartAndWhole() {
        List<PointResult> points = ReporterTest.sweep();
        ReportCharts.Result r = ReportCharts.build(points, byId(points), List.of("strategy.branches", "strategy.fatten"),
                ReportOptions.defaults());
        assertTrue(r.charts().size() >= 10, r.charts().stream().map(Chart::name).toList().toString());
        List<String> problems = problems(r.charts());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    @Test
    void paperComparisonsAndAStarredRecommendationOfALargeSweepToo() {
        List<ComparisonRow> rows = new ArrayList<>();
        for (PointResult p : LargeSweep.points()) {
            if (p.hasMetrics() && p.sweep().get("network.preset").equals("wifi-rpi")) {
                double sim = p.metrics().latencyMsMean();
                rows.add(new ComparisonRow("rpi-latency", p.model(), p.branches() == 1 ? "single" : "lcp-split" + p.branches()
                        + (p.fatten() > 0 ? "-f" + Math.round(p.fatten() * 100) : ""), p.devices(), "latency", "ms",
                        p.pointId() % 3 == 0 ? Double.NaN : sim * (0.7 + 0.01 * p.pointId()), sim, "Fig. 7"));
            }
        }
        assertTrue(rows.size() >= 30, rows.size() + " bars");
        List<Chart> charts = new ArrayList<>(PaperCharts.charts(rows));
        List<PointResult> points = LargeSweep.points();
        charts.add(ParetoChart.create(points, Metric.ENERGY_J, Metric.LATENCY_MEAN_MS, 14).orElseThrow());
        charts.add(ParetoChart.create(points, Metric.THROUGHPUT_IPS, Metric.LATENCY_P95_MS, 3).orElseThrow());
        List<String> problems = problems(charts);
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}

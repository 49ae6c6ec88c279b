package org.lcpsim.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.LabelLayout;
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
}

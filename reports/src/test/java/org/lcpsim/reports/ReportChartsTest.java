package org.lcpsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.lcpsim.results.PointResult;

class ReportChartsTest {
    @Test
    void spreadKeepsTheFastestAndTheSlowestAndEvenlySpacedRanksBetween() {
        List<PointResult> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // latency falls with the id: rank r is point 9 - r
            points.add(Fixtures.point(i).latency(100 - i, 1).build());
        }
        assertEquals(List.of(0, 3, 6, 9), ReportCharts.spread(points, 4));
        assertEquals(List.of(9), ReportCharts.spread(points, 1));
        assertEquals(10, ReportCharts.spread(points, 12).size());
        assertEquals(List.of(), ReportCharts.spread(points, 0));
    }

    @Test
    void memoryShowsEachLayoutOnceWithinTheBarLimit() {
        List<PointResult> points = new ArrayList<>();
        int id = 0;
        for (int k : new int[] {2, 4}) {
            for (String net : new String[] {"10", "100"}) {
                points.add(Fixtures.point(id++).lcp(k, 0).sweep("network.bandwidthMbps", net).build());
            }
        }
        assertEquals(List.of(0, 2), ReportCharts.memoryPoints(points, 100).stream().map(PointResult::pointId).toList());
        // the fixture's devices of a point hold the same: one bar per point; a one-bar limit keeps the first
        assertEquals(List.of(0), ReportCharts.memoryPoints(points, 1).stream().map(PointResult::pointId).toList());
    }

    @Test
    void theHeatmapUsesTheFirstTwoSweptFieldsThatVary() {
        List<PointResult> points = List.of(
                Fixtures.point(0).sweep("seed", "1").sweep("a", "x").sweep("b", "1").build(),
                Fixtures.point(1).sweep("seed", "1").sweep("a", "y").sweep("b", "2").build());
        String[] axes = ReportCharts.heatmapAxes(points, List.of("seed", "a", "b")).orElseThrow();
        assertEquals(List.of("b", "a"), List.of(axes));
    }
}

package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

class LabelsTest {
    @Test
    void configurationsAreNamedByStrategyVariantAndDevicesWhenNotImplied() {
        assertEquals("single", Labels.config(Fixtures.point(0).single().build()));
        assertEquals("lcp split4", Labels.config(Fixtures.point(0).lcp(4, 0).build()));
        assertEquals("lcp split8-f40", Labels.config(Fixtures.point(0).lcp(8, 0.4).build()));
        assertEquals("lcp split8 on 4 dev", Labels.config(Fixtures.point(0).lcp(8, 0).devices(4).build()));
        PointResult original = new PointResult(0, "e", "alexnet", "lcp", 1, 1, 0, "original", "rpi3", "n", 1, 1, 1, 1, 1,
                List.of(), "oom", null, Map.of());
        assertEquals("lcp split1", Labels.config(original));
        PointResult dp = new PointResult(0, "e", "alexnet", "data-parallel", 4, 1, 0, "original", "rpi3", "n", 1, 1, 1, 1,
                1, List.of(), "oom", null, Map.of());
        assertEquals("data-parallel 4 dev", Labels.config(dp));
    }

    @Test
    void equalNamesGetTheSweptValuesThatDifferThenThePointId() {
        List<PointResult> points = List.of(
                Fixtures.point(0).lcp(2, 0).sweep("network.preset", "wifi").sweep("seed", "1").build(),
                Fixtures.point(1).lcp(2, 0).sweep("network.preset", "ethernet").sweep("seed", "1").build(),
                Fixtures.point(2).lcp(4, 0).build(),
                Fixtures.point(3).lcp(4, 0).build());
        Map<Integer, String> labels = Labels.unique(points, true);
        assertEquals("alexnet · lcp split2, preset=wifi", labels.get(0));
        assertEquals("alexnet · lcp split2, preset=ethernet", labels.get(1));
        assertEquals("alexnet · lcp split4 #2", labels.get(2));
        assertEquals("alexnet · lcp split4 #3", labels.get(3));
    }
}

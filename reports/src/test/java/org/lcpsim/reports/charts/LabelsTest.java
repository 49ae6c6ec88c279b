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
        assertEquals("alexnet · lcp split2, network=wifi", labels.get(0));
        assertEquals("alexnet · lcp split2, network=ethernet", labels.get(1));
        assertEquals("alexnet · lcp split4 #2", labels.get(2));
        assertEquals("alexnet · lcp split4 #3", labels.get(3));
    }

    @Test
    void aSweepOfPlainFieldsIsNamedByTheFieldsThatVaryAndNotByThoseThatDoNot() {
        List<PointResult> points = List.of(
                Fixtures.point(0).lcp(8, 0.4).sweep("strategy.branches", "8").sweep("strategy.fatten", "0.4")
                        .sweep("network.preset", "wifi-rpi").build(),
                Fixtures.point(1).lcp(4, 0.4).sweep("strategy.branches", "4").sweep("strategy.fatten", "0.4")
                        .sweep("network.preset", "wifi-rpi").build(),
                Fixtures.point(2).lcp(8, 0).sweep("strategy.branches", "8").sweep("strategy.fatten", "0.0")
                        .sweep("network.preset", "wifi-rpi").build());
        Map<Integer, String> labels = Labels.unique(points, false);
        assertEquals("branches=8, fatten=0.4", labels.get(0));
        assertEquals("branches=4, fatten=0.4", labels.get(1));
        assertEquals("branches=8, fatten=0.0", labels.get(2), "the network, the same for all, is left out");
        assertEquals("alexnet · branches=8, fatten=0.4", Labels.unique(points, true).get(0));
    }

    @Test
    void presetsAreNamedByWhatTheyAreThePresetOf() {
        List<PointResult> points = List.of(
                Fixtures.point(0).single().sweep("cluster.devices.0.preset", "rpi3").sweep("network.preset", "wifi-rpi").build(),
                Fixtures.point(1).single().sweep("cluster.devices.0.preset", "rpi3").sweep("network.preset", "ethernet-1g")
                        .build(),
                Fixtures.point(2).single().sweep("cluster.devices.0.preset", "aws-t2.micro")
                        .sweep("network.preset", "wifi-rpi").build());
        Map<Integer, String> labels = Labels.unique(points, false);
        assertEquals("devices=rpi3, network=wifi-rpi", labels.get(0));
        assertEquals("devices=rpi3, network=ethernet-1g", labels.get(1));
        assertEquals("devices=aws-t2.micro, network=wifi-rpi", labels.get(2));
        assertEquals(Map.of("network.preset", "network", "cluster.devices.0.preset", "devices"),
                Labels.names(List.of("network.preset", "cluster.devices.0.preset")));
        assertEquals(Map.of("a.x.preset", "a.x.preset", "b.x.preset", "b.x.preset"),
                Labels.names(List.of("a.x.preset", "b.x.preset")), "longer names where short ones clash");
    }

    @Test
    void wholeStrategiesKeepTheirConfigurationNames() {
        List<PointResult> points = List.of(
                Fixtures.point(0).single().sweep("strategy", "{kind: single}").build(),
                Fixtures.point(1).lcp(4, 0).sweep("strategy", "{kind: lcp, branches: 4}").build());
        Map<Integer, String> labels = Labels.unique(points, false);
        assertEquals("single", labels.get(0));
        assertEquals("lcp split4", labels.get(1));
    }
}

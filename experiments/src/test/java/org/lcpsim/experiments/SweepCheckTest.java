package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link SweepCheck}: the checks of a sweep's points without binding each point, by group of
 * coupled axes, with the combinations a filter leaves in, numbers at their extremes, and the
 * worst time of a run taken over the groups together.
 */
class SweepCheckTest {
    private static final String BASE = """
            name: s
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {preset: wifi-rpi}
            workload: {requests: 2, warmup: 0}
            """;

    private static List<String> errors(String sweep) {
        return ExperimentFile.parse(BASE + sweep, Path.of("s.yaml")).validate().stream().map(Object::toString).toList();
    }

    @Test
    void aBadCombinationOfCoupledAxesIsFoundInAHugeSweep() {
        // 8 counts x 2 strategies x 100,000 seeds: binding each point took minutes; d7 needs 8 devices
        List<String> errors = errors("""
                sweep:
                  cluster.devices.0.count: {from: 1, to: 8}
                  strategy: [{kind: lcp, branches: 2}, {kind: lcp, branches: 2, finalDevice: d7}]
                  seed: {from: 1, to: 100000}
                """);
        // the counts are checked at their ends and middle: d7 on 1 and on 5 devices
        assertEquals(List.of("s.yaml:9:78: $.strategy.finalDevice: device d7 does not exist; the cluster has 1 device (d0)",
                "s.yaml:9:78: $.strategy.finalDevice: device d7 does not exist; the cluster has 5 devices (d0..d4)"), errors);
    }

    @Test
    void aCombinationTheFilterLeavesOutIsNoError() {
        assertEquals(List.of(), errors("""
                sweep:
                  cluster.devices.0.count: {from: 1, to: 8}
                  strategy: [{kind: lcp, branches: 2}, {kind: lcp, branches: 2, finalDevice: d7}]
                  seed: {from: 1, to: 100000}
                  where: strategy.finalDevice != 'd7' or cluster.devices.0.count == 8
                """));
    }

    @Test
    void theEndsOfARangeAndTheExtremesOfAListAreChecked() {
        List<String> range = errors("sweep:\n  cluster.devices.0.count: {from: 1, to: 10001}\n  seed: {from: 1, to: 900}\n");
        assertEquals(List.of("s.yaml:8:28: $.cluster.devices[0].count: must be between 1 and 10000, got 10001"), range);
        List<String> list = errors("sweep:\n  strategy.branches: [4, 2, 9999, 3]\n  seed: {from: 1, to: 900}\n");
        assertEquals(List.of("s.yaml:8:29: $.strategy.branches: must be between 1 and 4096, got 9999"), list);
        // a value written another way is checked on its own
        List<String> hex = errors("sweep:\n  strategy.branches: [4, 2, 0x7fffffffff, 3]\n");
        assertEquals(1, hex.size(), hex.toString());
    }

    @Test
    void theWorstTimeTakesTheSlowestValueOfEachGroupTogether() {
        // each alone is fine: a slow link with 2 requests, or 10^7 requests on WiFi; together, years of simulated time
        List<String> errors = errors("""
                sweep:
                  network: [{preset: wifi-rpi}, {kind: point-to-point, bandwidthMbps: 0.001, latencyMs: 1}]
                  workload.requests: [2, 10000000]
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("s.yaml:9:26: $.workload.requests: one request takes up to"), errors.toString());
        assertTrue(errors.get(0).contains("beyond the 1e12 ms (31.7 years) the simulation represents"), errors.toString());
        assertEquals(List.of(), errors("""
                sweep:
                  network: [{preset: wifi-rpi}, {kind: point-to-point, bandwidthMbps: 0.001, latencyMs: 1}]
                """));
    }

    @Test
    void thousandsOfValuesThatAreNoNumbersAreSpreadOver() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 12_000; i++) {
            names.append(i == 0 ? "" : ", ").append("n").append(i);
        }
        ExperimentFile f = ExperimentFile.parse(BASE + "sweep:\n  cluster.devices.0.name: [" + names + "]\n", Path.of("s.yaml"));
        ExperimentFile.Validation quick = f.check(false);
        assertEquals(List.of(), quick.errors());
        assertFalse(quick.exhaustive());
        assertEquals("checked cluster.devices.0.name: 5000 of their 12000 values, not all 12000 combinations (a run checks"
                + " every combination before it simulates)", quick.note());
    }

    @Test
    void aGroupWithTooManyCombinationsIsCheckedValueByValueAndSaysSo() {
        // 100 x 100 counts and branches, 5,050 kept, times 2 fattens: beyond the budget of bound combinations
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  cluster.devices.0.count: {from: 1, to: 100}
                  strategy.branches: {from: 1, to: 100}
                  strategy.fatten: [0.0, 0.5]
                  where: strategy.branches <= cluster.devices.0.count
                """, Path.of("s.yaml"));
        ExperimentFile.Validation quick = f.check(false);
        assertEquals(List.of(), quick.errors());
        assertFalse(quick.exhaustive());
        assertEquals("checked cluster.devices.0.count x strategy.branches x strategy.fatten: each value and each pair of values,"
                + " not all 10100 combinations (a run checks every combination before it simulates)", quick.note());
        assertEquals(10100, f.pointCount());
        ExperimentFile.Validation every = f.check(true);
        assertEquals(List.of(), every.errors());
        assertTrue(every.exhaustive());
    }
}

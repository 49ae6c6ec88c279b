package org.lcpsim.experiments.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.ExperimentFile;

/** The documents the what-if runs simulate: which fields each change scales, and when it cannot. */
class SensitivityTest {
    private static Node doc(String network, String workload) {
        ExperimentFile f = ExperimentFile.parse("""
                name: s
                model: lenet
                strategy: {kind: lcp, branches: 2}
                cluster: {devices: [{preset: rpi3, count: 2}, {preset: jetson-nano, speedFactor: 2}]}
                network: %s
                workload: %s
                """.formatted(network, workload), Path.of("s.yaml"));
        Errors errors = new Errors();
        ExperimentFile.DesignPoint p = f.point(0, errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        assertNotNull(f.bind(p, errors), errors.list().toString());
        return p.document();
    }

    private static String text(Node doc, String... path) {
        return ((Node.Scalar) Node.at(doc, List.of(path))).text();
    }

    @Test
    void bandwidthScalesThePresetsCapacitiesAsOverrides() {
        Sensitivity.Edit e = Sensitivity.edit(doc("{preset: wifi-rpi}", "{requests: 2}"), Sensitivity.BANDWIDTH, 1.25);
        assertEquals("77.8", text(e.doc(), "network", "stationToStationMbps"));
        assertEquals("wifi-rpi", text(e.doc(), "network", "preset"));
        assertEquals("stationToStationMbps 62.24 -> 77.8", e.note());
        // the file's own rate replaces the preset's alternative: only it is scaled
        Sensitivity.Edit own = Sensitivity.edit(doc("{preset: wifi-rpi, bandwidthMbps: 100}", "{requests: 2}"),
                Sensitivity.BANDWIDTH, 0.75);
        assertEquals("75", text(own.doc(), "network", "bandwidthMbps"));
        assertNull(Node.at(own.doc(), List.of("network", "stationToStationMbps")));
        Sensitivity.Edit linear = Sensitivity.edit(doc("{kind: measured-linear, interceptMs: 2, slopeMsPerKB: 0.2}",
                "{requests: 2}"), Sensitivity.BANDWIDTH, 1.25);
        assertEquals("0.16", text(linear.doc(), "network", "slopeMsPerKB"), "a time per byte is divided");
        Sensitivity.Edit links = Sensitivity.edit(doc("{kind: point-to-point, bandwidthMbps: 40, latencyMs: 1}",
                "{requests: 2}"), Sensitivity.BANDWIDTH, 0.75);
        assertEquals("30", text(links.doc(), "network", "bandwidthMbps"));
        assertEquals("1", text(links.doc(), "network", "latencyMs"), "latencies stay");
    }

    @Test
    void speedMultipliesEveryEntrysSpeedFactor() {
        Sensitivity.Edit e = Sensitivity.edit(doc("{preset: ethernet-1g}", "{requests: 2}"), Sensitivity.SPEED, 0.75);
        assertEquals("0.75", text(e.doc(), "cluster", "devices", "0", "speedFactor"));
        assertEquals("1.5", text(e.doc(), "cluster", "devices", "1", "speedFactor"));
    }

    @Test
    void arrivalsScaleAnOpenLoopOnly() {
        Sensitivity.Edit periodic = Sensitivity.edit(doc("{preset: ethernet-1g}",
                "{requests: 2, arrival: {kind: periodic, fps: 4}}"), Sensitivity.ARRIVALS, 1.25);
        assertEquals("5", text(periodic.doc(), "workload", "arrival", "fps"));
        Sensitivity.Edit poisson = Sensitivity.edit(doc("{preset: ethernet-1g}",
                "{requests: 2, arrival: {kind: poisson, ratePerS: 8}}"), Sensitivity.ARRIVALS, 0.75);
        assertEquals("6", text(poisson.doc(), "workload", "arrival", "ratePerS"));
        for (String closed : List.of("{requests: 2}", "{requests: 2, arrival: {kind: closed, concurrency: 3}}")) {
            Sensitivity.Edit e = Sensitivity.edit(doc("{preset: ethernet-1g}", closed), Sensitivity.ARRIVALS, 1.25);
            assertNull(e.doc());
            assertTrue(e.note().startsWith("n/a: a closed loop"), e.note());
        }
    }
}

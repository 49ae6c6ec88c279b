package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several cameras on a topology: where a topology names `source`, each camera not placed by name stands. */
class StreamsOnTopologyTest {
    @TempDir
    Path dir;

    private Map<String, String> run(String network) throws IOException {
        Path f = dir.resolve("e.yaml");
        Files.writeString(f, """
                name: cameras
                cluster: {devices: [{preset: rpi3, count: 4}]}
                network: %s
                input: {bytes: 16000}
                workload:
                  requests: 6
                  warmup: 1
                  streams:
                    - {name: north, devices: [d0, d1], model: alexnet, strategy: {kind: lcp, branches: 2},
                       arrival: {kind: periodic, fps: 1}}
                    - {name: south, devices: [d2, d3], model: alexnet, strategy: {kind: lcp, branches: 2},
                       arrival: {kind: periodic, fps: 1}}
                replications: 1
                """.formatted(network));
        Path out = dir.resolve("out" + Math.abs(network.hashCode()));
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, String>> rows = Csv.records(out.resolve("results.csv"));
        return rows.get(0);
    }

    @Test
    void camerasTakeThePlaceOfTheSourceOrTheirOwn() throws IOException {
        // the preset puts every camera in cell0, with d0 and d1: the south camera's frames cross to cell1
        Map<String, String> preset = run("{preset: wifi-cells, cells: 2, stationsPerCell: 2}");
        // each camera in the cell of its own boards
        Map<String, String> placed = run("""
                {kind: topology, nodes: [ap0, ap1, switch],
                 links: [{name: cell0, kind: wifi, ap: ap0, stations: [d0, d1, source.north], stationToStationMbps: 62.24, latencyMs: 8.83},
                         {name: cell1, kind: wifi, ap: ap1, stations: [d2, d3, source.south], stationToStationMbps: 62.24, latencyMs: 8.83},
                         {name: up0, between: [ap0, switch], bandwidthMbps: 941.5, latencyMs: 0.031},
                         {name: up1, between: [ap1, switch], bandwidthMbps: 941.5, latencyMs: 0.031}]}""");
        assertEquals("ok", preset.get("status"));
        assertEquals("ok", placed.get("status"));
        double northPreset = Double.parseDouble(preset.get("stream.north.latency_ms_mean"));
        double southPreset = Double.parseDouble(preset.get("stream.south.latency_ms_mean"));
        double southPlaced = Double.parseDouble(placed.get("stream.south.latency_ms_mean"));
        // alike in the preset but for the uplinks the south camera's frames cross
        assertTrue(southPreset > northPreset, southPreset + " vs " + northPreset);
        // in its own cell the south camera no longer crosses the switch, nor shares cell0's air with the north one
        assertTrue(southPlaced < southPreset, southPlaced + " vs " + southPreset);
    }

    @Test
    void aCameraOffTheNetworkIsAPositionedError() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                name: cameras
                cluster: {devices: [{preset: rpi3, count: 2}]}
                network: {kind: topology, nodes: [ap0],
                          links: [{name: cell0, kind: wifi, ap: ap0, stations: [d0, d1, source.north], stationToStationMbps: 62.24,
                                   latencyMs: 8.83}]}
                workload:
                  streams:
                    - {name: north, devices: [d0], model: lenet, strategy: {kind: single}}
                    - {name: south, devices: [d1], model: lenet, strategy: {kind: single, device: d1}}
                """);
        CliHarness.Result r = CliHarness.run("validate", f.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("bad.yaml:4:") && r.err().contains("source.south is on no link or cell")
                && r.err().contains("(d0, d1, source.north, source.south)"), r.err());
    }
}

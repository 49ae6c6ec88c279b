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

/**
 * Topologies in experiment files (issue 13 section 1): a topology that describes the Pi cell gives
 * wifi-rpi's results.csv byte for byte; traces and down windows run; every bad topology is a
 * positioned error for validate and run alike.
 */
class TopologyRunTest {
    @TempDir
    Path dir;

    private static final String EXPERIMENT = """
            name: cell
            model: alexnet
            strategy: {kind: lcp, branches: 4}
            cluster:
              devices: [{preset: rpi3, count: 4}]
              source: external
            network: %s
            input: {bytes: 16000}
            workload: {requests: 4, warmup: 1}
            replications: 2
            sweep:
              strategy:
                - {kind: single}
                - {kind: lcp, branches: 4}
                - {kind: lcp, branches: 4, inputDelivery: unicast}
                - {kind: data-parallel}
                - {kind: model-parallel}
                - {kind: pipeline}
            """;

    /** A network mapping written in block style under {@code network:}. */
    private static String net(String body) {
        return "\n" + body.stripTrailing().indent(2).stripTrailing();
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private CliHarness.Result run(Path file, String out) {
        return CliHarness.run("run", file.toString(), "--out", dir.resolve(out).toString(), "--no-progress", "--no-report",
                "--threads", "2");
    }

    @Test
    void oneCellDescribedAsATopologyGivesWifiRpisResultsByteForByte() throws IOException {
        Path preset = write("preset.yaml", EXPERIMENT.formatted("{preset: wifi-rpi}"));
        // the cell is named air, as wifi-rpi's one resource (results name the bottleneck), and the network wifi-rpi
        Path topology = write("topology.yaml", EXPERIMENT.formatted(net("""
                  kind: topology
                  name: wifi-rpi
                  nodes: [ap]
                  links:
                    - name: air
                      kind: wifi
                      ap: ap
                      stations: [d0, d1, d2, d3, source]
                      stationToStationMbps: 62.24
                      latencyMs: 8.83""")));
        CliHarness.Result a = run(preset, "a");
        assertEquals(0, a.exitCode(), a.err());
        CliHarness.Result b = run(topology, "b");
        assertEquals(0, b.exitCode(), b.err());
        String expected = Files.readString(dir.resolve("a/results.csv"));
        assertEquals(expected, Files.readString(dir.resolve("b/results.csv")));
        List<Map<String, String>> rows = Csv.records(dir.resolve("b/results.csv"));
        assertEquals(6, rows.size());
        for (Map<String, String> r : rows) {
            assertEquals("ok", r.get("status"), r.toString());
        }
    }

    @Test
    void twoCellsOnASwitchAndALinkThatGoesDownRun() throws IOException {
        write("wan.csv", "time_s,bandwidth_mbps\n0,20\n0.5,5\n1,20\n");
        Path f = write("cells.yaml", EXPERIMENT.formatted(net("""
                  kind: topology
                  nodes: [ap0, ap1, switch, router]
                  links:
                    - {name: cell0, kind: wifi, ap: ap0, stations: [d0, d1, source], stationToStationMbps: 62.24, latencyMs: 8.83}
                    - {name: cell1, kind: wifi, ap: ap1, stations: [d2], stationToStationMbps: 62.24, latencyMs: 8.83,
                       stationRates: {d2: 24}}
                    - {name: up0, between: [ap0, switch], bandwidthMbps: 941.5, latencyMs: 0.031}
                    - {name: up1, between: [ap1, switch], bandwidthMbps: 941.5, latencyMs: 0.031}
                    - {name: wan, between: [switch, router], bandwidthMbps: 20, latencyMs: 10, trace: {file: wan.csv},
                       down: [{atS: 2, untilS: 3}]}
                    - {name: cloud, between: [router, d3], bandwidthMbps: 1000, latencyMs: 0.1}"""))
                .replace("replications: 2", "replications: 1"));
        CliHarness.Result v = CliHarness.run("validate", f.toString());
        assertEquals(0, v.exitCode(), v.err());
        CliHarness.Result r = run(f, "cells");
        assertEquals(0, r.exitCode(), r.err());
        for (Map<String, String> row : Csv.records(dir.resolve("cells/results.csv"))) {
            assertEquals("ok", row.get("status"), row.toString());
        }
    }

    /** validate and run: exit 2, one positioned line per problem, nothing simulated. */
    private String refused(String name, String network, String... extra) throws IOException {
        Path f = write(name, EXPERIMENT.formatted(network) + String.join("\n", extra));
        CliHarness.Result v = CliHarness.run("validate", f.toString());
        assertEquals(2, v.exitCode(), v.out() + v.err());
        CliHarness.Result r = run(f, "out-" + name);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(!Files.exists(dir.resolve("out-" + name + "/results.csv")), "nothing simulated");
        return v.err();
    }

    @Test
    void badTopologiesArePositionedErrors() throws IOException {
        String base = """
                  kind: topology
                  nodes: [ap1, r1]
                  links:
                    - {name: cell, kind: wifi, ap: ap1, stations: [d0, d1, d2, d3, source], bandwidthMbps: 100, latencyMs: 2}
                    - {name: wan, between: [ap1, r1], bandwidthMbps: 10, latencyMs: 5}
                    - %s""";
        String err = refused("unknown.yaml", net(base).formatted("{name: l2, between: [r1, ap9], bandwidthMbps: 10, latencyMs: 1}"));
        assertTrue(err.contains("unknown.yaml:13:32: $.network.links[2].between: unknown node 'ap9' (declared: ap1, r1)"), err);
        err = refused("self.yaml", net(base).formatted("{name: l2, between: [r1, r1], bandwidthMbps: 10, latencyMs: 1}"));
        assertTrue(err.contains("$.network.links[2].between: a link joins two different nodes; 'r1' twice (a self-link)"), err);
        err = refused("dup.yaml", net(base).formatted("{name: wan, between: [r1, d0], bandwidthMbps: 10, latencyMs: 1}"));
        assertTrue(err.contains("self.yaml") || err.contains("dup.yaml:13:14: $.network.links[2].name: another link is named"
                + " 'wan' (at line 12); link names are unique"), err);
        err = refused("neg.yaml", net(base).formatted("{name: l2, between: [r1, d0], bandwidthMbps: -5, latencyMs: -1}"));
        assertTrue(err.contains("$.network.links[2].bandwidthMbps: must be > 0, got -5"), err);
        assertTrue(err.contains("$.network.links[2].latencyMs: "), err);
        err = refused("device.yaml", net(base).formatted("{name: l2, between: [r1, d0], bandwidthMbps: 5, latencyMs: 1}")
                .replace("nodes: [ap1, r1]", "nodes: [ap1, r1, d7]"));
        assertTrue(err.contains("$.network.nodes[2]: 'd7' needs no declaring"), err);
        // d3, a device of the cluster, is on no link
        err = refused("missing.yaml", net(base).formatted("{name: l2, between: [r1, d0], bandwidthMbps: 5, latencyMs: 1}")
                .replace("d2, d3, source", "d2, source"));
        assertTrue(err.contains("missing.yaml:11:5: $.network.links: d3 is on no link or cell; every device of the cluster"
                + " and the source must be on the network (d0..d3, source)"), err);
        // a route over nodes no link joins
        err = refused("route.yaml", net(base).formatted("{name: l2, between: [r1, d0], bandwidthMbps: 5, latencyMs: 1}")
                + "\n  routes: [{from: d1, to: d0, via: [r1]}]");
        assertTrue(err.contains("$.network.routes[0].via[0]: no link or cell joins 'd1' and 'r1', next to each other on"
                + " this route"), err);
        // a cell's station rate faster than its air, on a node that is no station
        err = refused("rates.yaml", net(base).formatted("{name: l2, between: [r1, d0], bandwidthMbps: 5, latencyMs: 1}")
                .replace("latencyMs: 2}", "latencyMs: 2, stationRates: {d1: 200, r1: 5}}"));
        assertTrue(err.contains("$.network.links[0].stationRates.d1: faster than the cell's air: 200 > 100 Mbps per crossing"),
                err);
        assertTrue(!err.contains("on no link or cell"), "a cell with errors is not checked against the cluster: " + err);
        assertTrue(err.contains("$.network.links[0].stationRates.r1: 'r1' is not a station of this cell"), err);
    }

    @Test
    void twoPartsThatNoLinkJoinsAreAnError() throws IOException {
        String err = refused("apart.yaml", net("""
                  kind: topology
                  links:
                    - {name: a, between: [d0, d1], bandwidthMbps: 10, latencyMs: 1}
                    - {name: b, between: [d2, d3], bandwidthMbps: 10, latencyMs: 1}
                    - {name: c, between: [d3, source], bandwidthMbps: 10, latencyMs: 1}"""));
        assertTrue(err.contains("$.network.links: no route between d0 and d2: no chain of links and cells joins them; the"
                + " cluster's nodes are in 2 separate parts: {d0, d1}, {d2, d3, source}"), err);
    }

    @Test
    void aSweepOverTheClusterChecksEveryCountAgainstTheTopology() throws IOException {
        // 2 and 4 devices fit the cell; 8 do not: the points with 8 are refused before anything runs
        String err = refused("sweep.yaml", "{preset: wifi-cells, cells: 1, stationsPerCell: 4}",
                "  cluster.devices.0.count: [2, 4, 8]");
        assertTrue(err.contains("d4, d5, d6, d7 are on no link or cell"), err);
    }

    @Test
    void aLinkTooSlowOrDownTooLongForTheClockIsRefusedAtTheNetwork() throws IOException {
        String network = """
                kind: topology
                nodes: [ap]
                links:
                  - {name: cell, kind: wifi, ap: ap, stations: [d0, d1, d2, d3], bandwidthMbps: 100, latencyMs: 2}
                  - {name: wire, between: [ap, source], bandwidthMbps: 100, latencyMs: 1, %s}""";
        // slow for a moment in the middle of a trace: timed at the trace's slowest
        write("slow.csv", "time_s,bandwidth_mbps\n0,100\n5,1e-200\n6,100\n");
        String err = refused("slow.yaml", net(network).formatted("trace: {file: slow.csv}"));
        assertTrue(err.contains("slow.yaml:8:3: $.network: one request takes up to"), err);
        assertTrue(err.contains("the network is too slow for it"), err);
        // down for 1e9 s: every run may wait through it
        err = refused("down.yaml", net(network).formatted("down: [{atS: 1, untilS: 1e9}]"));
        assertTrue(err.contains("down.yaml:8:3: $.network: the links of network topology are down for 1.00e+12 ms in all"),
                err);
    }

    @Test
    void badTracesArePositionedInTheirFile() throws IOException {
        String network = """
                  kind: topology
                  nodes: [ap]
                  links:
                    - {name: cell, kind: wifi, ap: ap, stations: [d0, d1, d2, d3, source], bandwidthMbps: 100, latencyMs: 2,
                       trace: {file: %s}}""";
        write("bad.csv", "time_s,bandwidth_mbps\n0,50\n2,abc\n1,20\n3,-1\n4,0\n");
        String err = refused("trace.yaml", net(network).formatted("bad.csv"));
        String csv = dir.resolve("bad.csv").toString();
        assertTrue(err.contains(csv + ":3:3: $.bandwidth_mbps: expected a number >= 0, got 'abc'"), err);
        assertTrue(err.contains(csv + ":4:1: $.time_s: times must increase: 1 s comes after 2 s (line 3)"), err);
        assertTrue(err.contains(csv + ":5:3: $.bandwidth_mbps: expected a number >= 0, got '-1'"), err);
        assertTrue(err.contains("trace.yaml:12:22: $.network.links[0].trace.file: bandwidth trace bad.csv is not valid"), err);
        write("zero.csv", "time_s,bandwidth_mbps\n0,50\n4,0\n");
        err = refused("zero.yaml", net(network).formatted("zero.csv"));
        assertTrue(err.contains(":3:3: $.bandwidth_mbps: the last row holds to the end of the run, so it must be > 0"), err);
        write("header.csv", "t,bw\n0,50\n");
        err = refused("header.yaml", net(network).formatted("header.csv"));
        assertTrue(err.contains(":1:1: $: a bandwidth trace starts with a header naming time_s and bandwidth_mbps"), err);
        err = refused("outside.yaml", net(network).formatted("../elsewhere/bw.csv"));
        assertTrue(err.contains("$.network.links[0].trace.file: '../elsewhere/bw.csv' is outside the experiment's folder; pass"
                + " --allow-outside-files to read it"), err);
        err = refused("down.yaml", net(network).formatted("bad.csv").replace("trace: {file: bad.csv}",
                "down: [{atS: 5, untilS: 2}, {atS: 1}]"));
        assertTrue(err.contains("$.network.links[0].down[0].untilS: must be after atS (5 s), got 2 s"), err);
        assertTrue(err.contains("$.network.links[0].down[1].untilS: missing required field (the time the link is up again"), err);
    }
}

package org.lcpsim.network.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;
import org.lcpsim.network.presets.NetworkSpecs;

/** Every field of a topology, a cell, a route and a trace: positioned errors for what is wrong. */
class TopologySpecsTest {
    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        Errors errors = new Errors();
        Node root = Yaml.parse(yaml, "t.yaml");
        var m = NetworkSpecs.bind(((Node.MapNode) root).get("network"), "$.network", errors, dir,
                FileSource.within(dir, false));
        assertNull(m, "an invalid network binds to nothing");
        assertTrue(errors.size() > 0);
        return errors.list().stream().map(ConfigError::toString).toList();
    }

    private static final String HEAD = """
            network:
              kind: topology
              nodes: [ap, r1]
              links:
            """;

    @Test
    void nodesAndLinks() {
        assertEquals(List.of("t.yaml:3:19: $.network.nodes[2]: node 'ap' is declared twice (first at line 3)",
                "t.yaml:3:23: $.network.nodes[3]: 'source' needs no declaring: the devices d0, d1, ... and source are nodes"
                        + " of every topology; declare the routers, access points, switches and other nodes",
                "t.yaml:3:31: $.network.nodes[4]: a node name is letters, digits, '.', '_' or '-', at most 64, starting with"
                        + " a letter or digit; got 'a b'"),
                errors(HEAD.replace("[ap, r1]", "[ap, r1, ap, source, a b]")
                        + "    - {name: l, between: [d0, r1], bandwidthMbps: 1, latencyMs: 1}\n"));
        assertEquals(List.of("t.yaml:5:7: $.network.links[0].between: missing required field (the two nodes the link joins,"
                        + " [a, b])",
                "t.yaml:6:26: $.network.links[1].between: a link joins two nodes, [a, b]; got 3",
                "t.yaml:7:23: $.network.links[2].kind: unknown value 'fibre'; expected one of: wired, wifi",
                "t.yaml:8:7: $.network.links[3].latencyMs: missing required field (a number)",
                "t.yaml:8:63: $.network.links[3].sharing: unknown value 'half'; expected one of: full-duplex, shared",
                "t.yaml:8:69: $.network.links[3].color: unknown field; expected one of: bandwidthMbps, between, down, kind,"
                        + " latencyMs, name, sharing, trace"),
                errors(HEAD + """
                            - {name: a, bandwidthMbps: 1, latencyMs: 1}
                            - {name: b, between: [d0, d1, d2], bandwidthMbps: 1, latencyMs: 1}
                            - {name: c, kind: fibre, between: [d0, d1]}
                            - {name: d, between: [d0, d1], bandwidthMbps: 1, sharing: half, color: red}
                        """));
        assertEquals(List.of("t.yaml:2:3: $.network.links: missing required field (a list of links and WiFi cells, e.g."
                + " [{name: l1, between: [d0, r1], bandwidthMbps: 100, latencyMs: 1}])"), errors("network:\n  kind: topology\n"));
        assertEquals(List.of("t.yaml:1:34: $.network.links: a topology needs at least one link or WiFi cell"),
                errors("network: {kind: topology, links: []}\n"));
        assertEquals(List.of("t.yaml:5:51: $.network.links[0].bandwidthMbps: too large: 1.7976931348623157E308 Mbps"),
                errors(HEAD + "    - {name: l, between: [d0, r1], bandwidthMbps: 1.7976931348623157e308, latencyMs: 0}\n"));
        assertEquals(List.of("t.yaml:5:14: $.network.links[0].name: a link name is letters, digits, '.', '_' or '-', at most"
                + " 64, starting with a letter or digit; got '-x'"),
                errors(HEAD + "    - {name: -x, between: [d0, r1], bandwidthMbps: 1, latencyMs: 0}\n"));
    }

    @Test
    void cells() {
        assertEquals(List.of("t.yaml:5:52: $.network.links[0].stations[1]: 'ap' is the cell's access point; it cannot be one"
                        + " of its stations too",
                "t.yaml:5:56: $.network.links[0].stations[2]: station 'd0' is listed twice",
                "t.yaml:5:93: $.network.links[0].apLatencyMs: give either latencyMs (station to station, through the AP) or"
                        + " apLatencyMs (a station to its AP), not both"),
                errors(HEAD + "    - {name: c, kind: wifi, ap: ap, stations: [d0, ap, d0], bandwidthMbps: 10, apLatencyMs: 1,"
                        + " latencyMs: 2}\n"));
        assertEquals(List.of("t.yaml:5:7: $.network.links[0].ap: missing required field (the access point's node, declared in"
                        + " nodes)",
                "t.yaml:5:7: $.network.links[0].bandwidthMbps: missing required field (bandwidthMbps or stationToStationMbps)",
                "t.yaml:5:7: $.network.links[0].latencyMs: missing required field (a number)",
                "t.yaml:5:39: $.network.links[0].stations: a cell needs at least one station"),
                errors(HEAD + "    - {name: c, kind: wifi, stations: []}\n"));
        assertEquals(List.of("t.yaml:5:94: $.network.links[0].stationToStationMbps: give either bandwidthMbps (the channel's"
                        + " rate per crossing) or stationToStationMbps (a measured station-to-station throughput), not both",
                "t.yaml:5:132: $.network.links[0].multicastRateFactor: must be between 0 and 1, got 2"),
                errors(HEAD + "    - {name: c, kind: wifi, ap: ap, stations: [d0], bandwidthMbps: 10, stationToStationMbps: 5,"
                        + " latencyMs: 1, multicastRateFactor: 2}\n"));
    }

    @Test
    void routes() {
        String links = HEAD + """
                    - {name: c, kind: wifi, ap: ap, stations: [d0, d1], bandwidthMbps: 10, latencyMs: 1}
                    - {name: w, between: [ap, r1], bandwidthMbps: 10, latencyMs: 1}
                """;
        assertEquals(List.of("t.yaml:7:11: $.network.routes: unknown value 'fastest'; expected one of: shortest"),
                errors(links + "  routes: fastest\n"));
        assertEquals(List.of("t.yaml:8:36: $.network.routes[0].via[1]: the route passes 'd1' twice (a loop)",
                "t.yaml:9:14: $.network.routes[1].from: a second route from d0 to r1 (the first at line 8)",
                "t.yaml:10:22: $.network.routes[2].to: a route goes from a node to another; 'd1' twice",
                "t.yaml:11:32: $.network.routes[3].via[0]: unknown node 'x' (declared: ap, r1); declare routers, access"
                        + " points and switches in nodes (the devices d0, d1, ... and source need no declaring)",
                "t.yaml:12:7: $.network.routes[4].to: missing required field (the node the route ends at)"),
                errors(links + """
                          routes:
                            - {from: d0, to: r1, via: [d1, d1, ap]}
                            - {from: d0, to: r1, via: [ap]}
                            - {from: d1, to: d1}
                            - {from: d0, to: r1, via: [x]}
                            - {from: d0}
                        """).stream().filter(e -> !e.contains("routes[1]") || e.contains("second")).toList());
    }

    @Test
    void wifiCellsBounds() {
        assertEquals(List.of("t.yaml:1:58: $.network.stationsPerCell: cells x stationsPerCell is 20000 stations; at most 10000"
                + " (the most devices a cluster may have)"),
                errors("network: {preset: wifi-cells, cells: 2, stationsPerCell: 10000}\n"));
        assertEquals(List.of("t.yaml:1:65: $.network.stationRates.d8: 'd8' is not a station of these cells (d0..d7, source)"),
                errors("network: {preset: wifi-cells, stationRates: {d7: 24, source: 6, d8: 24}}\n"));
        assertEquals(List.of("t.yaml:1:39: $.network.source: unknown value 'cloud'; expected one of: station, wired"),
                errors("network: {preset: wifi-cells, source: cloud}\n"));
    }

    @Test
    void tracesAndDownWindows() throws IOException {
        String link = HEAD + "    - {name: l, between: [d0, r1], bandwidthMbps: 10, latencyMs: 1, %s}\n";
        Files.writeString(dir.resolve("empty.csv"), "# nothing\n");
        Files.writeString(dir.resolve("rows.csv"), "\uFEFFtime_s,bandwidth_mbps,note\n0,1e400,x\n1,5\n2,0x10,y\n-1,4,z\n");
        String at = dir.resolve("empty.csv").toString();
        assertEquals(List.of(at + ":1:1: $: empty bandwidth trace: expected a header (time_s,bandwidth_mbps) and rows",
                "t.yaml:5:83: $.network.links[0].trace.file: bandwidth trace empty.csv is not valid (errors above)"),
                errors(link.formatted("trace: {file: empty.csv}")));
        List<String> rows = errors(link.formatted("trace: {file: rows.csv}"));
        String r = dir.resolve("rows.csv").toString();
        // a row may leave out the columns after the two it needs
        assertEquals(List.of(r + ":2:3: $.bandwidth_mbps: too large: 1e400 Mbps",
                r + ":4:3: $.bandwidth_mbps: expected a number >= 0, got '0x10'",
                r + ":5:1: $.time_s: expected a number >= 0, got '-1'",
                "t.yaml:5:83: $.network.links[0].trace.file: bandwidth trace rows.csv is not valid (errors above)"), rows);
        assertEquals(List.of("t.yaml:5:83: $.network.links[0].trace.file: cannot read bandwidth trace none.csv: file not found"),
                errors(link.formatted("trace: {file: none.csv}")));
        assertEquals(List.of("t.yaml:5:82: $.network.links[0].down[0].atS: must be between 0 and 1000000000, got -1",
                "t.yaml:5:94: $.network.links[0].down[0].untilS: must be between 0 and 1000000000, got 2000000000"),
                errors(link.formatted("down: [{atS: -1, untilS: 2e9}]")));
    }
}

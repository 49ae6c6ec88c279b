package org.lcpsim.network.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcpsim.config.Errors;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.NetHarness;
import org.lcpsim.network.flow.NetHarness.Send;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Topology;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.presets.NetworkSpecs;

/**
 * Topologies against the models they generalize (one cell is wifi-rpi, one full-duplex link is
 * point to point) and against cases computed by hand: two cells and a switch, slow stations,
 * multicast trees, routes, capacities that change.
 */
class TopologyTest {
    private static final double TOL = 1e-9;

    @TempDir
    Path dir;

    FlowNetworkModel bind(String yaml) {
        Errors errors = new Errors();
        Node root = Yaml.parse(yaml, "t.yaml");
        var m = NetworkSpecs.bind(((Node.MapNode) root).get("network"), "$.network", errors, dir,
                FileSource.within(dir, false));
        errors.throwIfAny();
        return assertInstanceOf(FlowNetworkModel.class, m);
    }

    /** The Pi cell of wifi-rpi, with the source a station like the Pis, as a topology. */
    static final String ONE_CELL = """
            network:
              kind: topology
              nodes: [ap]
              links:
                - {name: air, kind: wifi, ap: ap, stations: [d0, d1, d2, d3, source], stationToStationMbps: 62.24, latencyMs: 8.83}
            """;

    /** Every pair sending at once, at staggered times, sizes from 64 B to 1 MB, some to several destinations. */
    private static List<Send> busy(int devices) {
        List<Send> sends = new ArrayList<>();
        long[] sizes = {64, 1_000, 16_000, 150_528, 1_000_000};
        int k = 0;
        for (int s = 0; s <= devices; s++) {
            for (int d = 0; d < devices; d++) {
                if (s != d) {
                    sends.add(Send.at(0.37 * k, s, sizes[k % sizes.length], d));
                    k++;
                }
            }
        }
        sends.add(Send.at(3.1, devices, 150_528, 0, 1, 2, 3));
        sends.add(Send.at(3.1, 0, 40_000, 1, 2, 3));
        return sends;
    }

    @Test
    void oneCellWithEveryNodeAStationIsWifiRpiToTheLastBit() {
        FlowNetworkModel topology = bind(ONE_CELL);
        FlowNetworkModel preset = bind("network: {preset: wifi-rpi}\n");
        List<String> names = NetHarness.stations(4, true);
        var a = NetHarness.run(topology, names, 7, busy(4));
        var b = NetHarness.run(preset, names, 7, busy(4));
        for (int i = 0; i < a.deliveredMs().length; i++) {
            assertArrayEquals(b.deliveredMs()[i], a.deliveredMs()[i], 0.0, "send " + i);
        }
        assertEquals(b.events(), a.events());
        assertEquals(b.stats(), a.stats(), "the air carries the same bytes, busy time and series, under the same name");
        // the same with multicast on both sides: one broadcast in the cell
        var ma = NetHarness.run(bind(ONE_CELL + "  multicast: true\n"), names, 7, busy(4));
        var mb = NetHarness.run(bind("network: {preset: wifi-rpi, multicast: true}\n"), names, 7, busy(4));
        for (int i = 0; i < ma.deliveredMs().length; i++) {
            assertArrayEquals(mb.deliveredMs()[i], ma.deliveredMs()[i], 0.0, "multicast send " + i);
        }
    }

    @Test
    void oneFullDuplexLinkIsPointToPointAndASharedOneIsHalfDuplex() {
        String link = """
                network:
                  kind: topology
                  links: [{name: l, between: [d0, d1], bandwidthMbps: 8, latencyMs: 10%s}]
                """;
        List<Send> both = List.of(Send.at(0, 0, 12_345, 1), Send.at(0, 1, 12_345, 0), Send.at(1, 0, 5_000, 1));
        List<String> names = NetHarness.stations(2, false);
        var duplex = NetHarness.run(bind(link.formatted("")), names, 1, both);
        var p2p = NetHarness.run(new FlowNetworkModel("p2p", new PointToPointLinks(10, 8)), names, 1, both);
        for (int i = 0; i < both.size(); i++) {
            assertEquals(p2p.at(i), duplex.at(i), 0.0, "send " + i);
        }
        // one message each way on a shared link: they share 1000 B/ms, 12.345 kB each -> 24.69 ms after the latency
        var shared = NetHarness.run(bind(link.formatted(", sharing: shared")), names, 1,
                List.of(Send.at(0, 0, 12_345, 1), Send.at(0, 1, 12_345, 0)));
        assertEquals(10 + 24.69, shared.at(0), TOL);
        assertEquals(10 + 24.69, shared.at(1), TOL);
        assertEquals(List.of("l"), shared.stats().resources().stream().map(LinkUsage::resource).toList());
        assertEquals(List.of("l:d0->d1", "l:d1->d0"), duplex.stats().resources().stream().map(LinkUsage::resource).toList());
    }

    /** Two cells of 16 Mbps air (2000 B/ms), 1 ms to the AP, APs on a switch by 8 Mbps (1000 B/ms) uplinks of 0.5 ms. */
    static final String TWO_CELLS = """
            network:
              kind: topology
              nodes: [ap0, ap1, switch]
              links:
                - {name: cellA, kind: wifi, ap: ap0, stations: [d0, d1], bandwidthMbps: 16, apLatencyMs: 1}
                - {name: cellB, kind: wifi, ap: ap1, stations: [d2, d3], bandwidthMbps: 16, apLatencyMs: 1}
                - {name: up0, between: [ap0, switch], bandwidthMbps: 8, latencyMs: 0.5}
                - {name: up1, between: [ap1, switch], bandwidthMbps: 8, latencyMs: 0.5}
            """;

    @Test
    void aFlowAcrossTwoCellsAndTheSwitchByHand() {
        // f1: d0 -> d2, 10,000 B, route d0-ap0-switch-ap1-d2: latency 1 + 0.5 + 0.5 + 1 = 3 ms;
        // f2: d1 -> d0, 4,000 B in cell A (its bytes cross A's air twice), latency 2 ms.
        // 2..3 ms: f2 alone, 2000 / 2 = 1000 B/ms: 1000 B sent.
        // from 3 ms: air A: x (f1) + 2 x (f2) = 2000 -> x = 666.67 each (the uplinks' 1000 B/ms is not reached);
        //   f2's 3000 B left end at 3 + 4.5 = 7.5 ms; f1 has sent 3000 B by then.
        // from 7.5 ms: f1 alone, bottleneck the uplinks at 1000 B/ms: 7000 B in 7 ms -> 14.5 ms.
        var r = NetHarness.run(bind(TWO_CELLS), NetHarness.stations(4, false), 1,
                List.of(Send.at(0, 0, 10_000, 2), Send.at(0, 1, 4_000, 0)));
        assertEquals(14.5, r.at(0), TOL);
        assertEquals(7.5, r.at(1), TOL);
        // alone: the uplink bounds it, 3 + 10 ms
        var alone = NetHarness.run(bind(TWO_CELLS), NetHarness.stations(4, false), 1, List.of(Send.at(0, 0, 10_000, 2)));
        assertEquals(13, alone.at(0), TOL);
        List<String> used = alone.stats().resources().stream().map(LinkUsage::resource).toList();
        assertEquals(List.of("cellA", "cellB", "up0:ap0->switch", "up1:switch->ap1"), used);
    }

    @Test
    void aSlowStationHoldsTheAirLongerPerByte() {
        String cell = """
                network:
                  kind: topology
                  nodes: [ap]
                  links:
                    - {name: c, kind: wifi, ap: ap, stations: [d0, d1, d2], bandwidthMbps: 16, apLatencyMs: 0, stationRates: {d1: 4}}
                """;
        List<String> names = NetHarness.stations(3, false);
        // d0 -> d1: one crossing at 16 (1 unit per byte), one at 4 (4 units): 5 units, 2000 / 5 = 400 B/ms
        assertEquals(5, NetHarness.run(bind(cell), names, 1, List.of(Send.at(0, 0, 2000, 1))).at(0), TOL);
        // d0 -> d2 (2 units) and d1 -> d2 (5 units) together at equal rates: 7 x = 2000
        var r = NetHarness.run(bind(cell), names, 1, List.of(Send.at(0, 0, 2000, 2), Send.at(0, 1, 2000, 2)));
        assertEquals(2000 / (2000 / 7.0), r.at(0), TOL);
        assertEquals(r.at(0), r.at(1), TOL);
    }

    @Test
    void multicastIsATreeWithOneBroadcastPerCell() {
        String yaml = """
                network:
                  kind: wifi-cells
                  cells: 2
                  stationsPerCell: 2
                  bandwidthMbps: 16
                  apLatencyMs: 1
                  uplinkMbps: 100
                  uplinkLatencyMs: 0.5
                  source: wired
                  multicast: true
                  multicastRateFactor: 0.5
                """;
        Topology t = bind(yaml).topology().build(NetHarness.stations(4, true));
        Route route = new Route();
        double latency = t.multicast(4, new int[] {0, 1, 2, 3}, route);
        // source -> switch -> ap0/ap1 -> stations: 0.5 + 0.5 + 1
        assertEquals(2, latency, TOL);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < route.length(); i++) {
            used.add(t.resources().get(route.resource(i)).name() + "=" + route.coefficient(i));
        }
        // each uplink once, each cell's air once for its broadcast, at twice the units (half the rate)
        assertEquals(List.of("source-uplink:source->switch=1.0", "uplink0:switch->ap0=1.0", "cell0=2.0",
                "uplink1:switch->ap1=1.0", "cell1=2.0"), used);
        // a station multicasting to its own cell and the other: up once in its cell, one broadcast in each
        Route r2 = new Route();
        t.multicast(0, new int[] {1, 2, 3}, r2);
        List<String> used2 = new ArrayList<>();
        for (int i = 0; i < r2.length(); i++) {
            used2.add(t.resources().get(r2.resource(i)).name() + "=" + r2.coefficient(i));
        }
        assertEquals(List.of("cell0=3.0", "uplink0:ap0->switch=1.0", "uplink1:switch->ap1=1.0", "cell1=2.0"), used2);
        // the flow: cell0 carries 3 units per byte, 2000 / 3 B/ms; delivered together after the slowest latency (3 ms, to cell1)
        var r = NetHarness.run(bind(yaml), NetHarness.stations(4, true), 1, List.of(Send.at(0, 0, 3000, 1, 2, 3)));
        for (int d = 0; d < 3; d++) {
            assertEquals(3 + 3000 / (2000 / 3.0), r.at(0, d), TOL);
        }
    }

    @Test
    void routesAreShortestByLatencyThenHopsUnlessGiven() {
        String base = """
                network:
                  kind: topology
                  nodes: [a, b]
                  links:
                    - {name: direct, between: [d0, d1], bandwidthMbps: 8, latencyMs: 2}
                    - {name: x, between: [d0, a], bandwidthMbps: 8, latencyMs: 1}
                    - {name: y, between: [a, d1], bandwidthMbps: 8, latencyMs: %s}
                    - {name: z, between: [d0, b], bandwidthMbps: 8, latencyMs: 0.5}
                    - {name: w, between: [b, d1], bandwidthMbps: 8, latencyMs: %s}
                %s
                """;
        List<String> names = NetHarness.stations(2, false);
        // a tie on latency (2 = 1 + 1 = 0.5 + 1.5): the fewest hops, the direct link
        assertEquals(List.of("direct:d0->d1"), resources(bind(base.formatted("1", "1.5", "")), names, 0, 1));
        // the two-hop paths tie on latency and hops: the first found (settled first: via a, 1 ms before b's 0.5? no:
        // b is settled first at 0.5 ms, a at 1 ms; d1 is reached through b first, at 2 ms, and a's 2 ms does not beat it)
        assertEquals(List.of("z:d0->b", "w:b->d1"), resources(bind(base.formatted("0.9", "1.4", "").replace("latencyMs: 2}",
                "latencyMs: 3}")), names, 0, 1));
        // a given route wins, and serves the way back reversed
        String given = base.formatted("1", "1.5", "  routes: [{from: d0, to: d1, via: [a]}]");
        assertEquals(List.of("x:d0->a", "y:a->d1"), resources(bind(given), names, 0, 1));
        assertEquals(List.of("y:d1->a", "x:a->d0"), resources(bind(given), names, 1, 0));
        assertEquals(List.of("direct:d0->d1"), resources(bind(base.formatted("1", "1.5", "  routes: shortest")), names, 0, 1));
    }

    private static List<String> resources(FlowNetworkModel m, List<String> names, int src, int dst) {
        Topology t = m.topology().build(names);
        Route r = new Route();
        t.unicast(src, dst, r);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) {
            out.add(t.resources().get(r.resource(i)).name());
        }
        return out;
    }

    @Test
    void aTraceAndDownWindowsChangeTheCapacityOverTime() throws IOException {
        Files.writeString(dir.resolve("bw.csv"), "# a link that halves, then doubles\ntime_s,bandwidth_mbps\n0.0005,4\n0.002,16\n");
        String yaml = """
                network:
                  kind: topology
                  links:
                    - {name: l, between: [d0, d1], bandwidthMbps: 8, latencyMs: 0, %s}
                """;
        List<String> names = NetHarness.stations(2, false);
        // 1000 B/ms until 0.5 ms (500 B), 500 B/ms until 2 ms (750 B): 250 B left at 2000 B/ms -> 2.125 ms
        var t = NetHarness.run(bind(yaml.formatted("trace: {file: bw.csv}")), names, 1, List.of(Send.at(0, 0, 1500, 1)));
        assertEquals(2.125, t.at(0), TOL);
        // down from 0.4 ms to 1.4 ms: 400 B before, 600 B after
        var d = NetHarness.run(bind(yaml.formatted("down: [{atS: 0.0004, untilS: 0.0014}]")), names, 1,
                List.of(Send.at(0, 0, 1000, 1)));
        assertEquals(2.0, d.at(0), TOL);
        // down wins over the trace, and both directions of the link follow it
        var both = NetHarness.run(bind(yaml.formatted("trace: {file: bw.csv}, down: [{atS: 0, untilS: 0.001}]")), names, 1,
                List.of(Send.at(0, 0, 1000, 1), Send.at(0, 1, 1000, 0)));
        // from 1 ms at 4 Mbps (500 B/ms) until 2 ms: 500 B; then 500 B at 2000 B/ms: 2.25 ms
        assertEquals(2.25, both.at(0), TOL);
        assertEquals(2.25, both.at(1), TOL);
    }

    @Test
    void aTopologyMustHoldTheClusterAndJoinIt() {
        TopologyNetwork t = (TopologyNetwork) bind(TWO_CELLS).topology();
        assertEquals(List.of(), t.check(NetHarness.stations(4, false)));
        // a device of the cluster the topology leaves out
        List<TopologyNetwork.Problem> missing = t.check(NetHarness.stations(5, true));
        assertEquals(1, missing.size());
        assertEquals("d4, source are on no link or cell; every device of the cluster and the source must be on the network"
                + " (d0..d4, source)", missing.get(0).message());
        assertEquals("$.network.links", missing.get(0).site().path());
        // fewer devices: the places left are empty, and that is fine
        assertEquals(List.of(), t.check(NetHarness.stations(3, false)));
        TopologyNetwork apart = (TopologyNetwork) bind(TWO_CELLS.replace(
                "    - {name: up1, between: [ap1, switch], bandwidthMbps: 8, latencyMs: 0.5}\n", "")).topology();
        assertEquals("no route between d0 and d2: no chain of links and cells joins them; the cluster's nodes are in 2 separate"
                + " parts: {d0, d1}, {d2, d3}", apart.check(NetHarness.stations(4, false)).get(0).message());
    }

    @Test
    void wifiCellsPutsConsecutiveDevicesInEachCell() {
        TopologyNetwork t = (TopologyNetwork) bind("network: {preset: wifi-cells, cells: 3, stationsPerCell: 2}\n").topology();
        List<String> cells = new ArrayList<>();
        for (Link l : t.links()) {
            if (l instanceof Link.Cell c) {
                cells.add(c.name() + ":" + c.ap() + ":" + c.stations());
            }
        }
        assertEquals(List.of("cell0:ap0:[d0, d1, source]", "cell1:ap1:[d2, d3]", "cell2:ap2:[d4, d5]"), cells);
        assertTrue(t.links().stream().anyMatch(l -> l.name().equals("uplink2")));
    }
}

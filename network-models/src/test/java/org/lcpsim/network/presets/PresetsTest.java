package org.lcpsim.network.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.NetHarness;
import org.lcpsim.network.flow.NetHarness.Send;
import org.lcpsim.network.links.MeasuredLinear;
import org.lcpsim.network.wifi.SharedMedium;

/**
 * Each preset against the measurements it is built from, and the evidence that the Pi WiFi
 * figures cannot all hold at once (docs/network-models.md, "wifi-rpi: the measurements disagree").
 */
class PresetsTest {
    static FlowNetworkModel preset(String name) {
        Errors errors = new Errors();
        Node node = Yaml.parse("preset: " + name + "\n", "test.yaml");
        NetworkModel m = NetworkSpecs.bind(node, "$.network", errors);
        errors.throwIfAny();
        return assertInstanceOf(FlowNetworkModel.class, m);
    }

    /** Time of one message alone between two cluster devices (stations), in ms. */
    static double aloneMs(NetworkModel m, long bytes) {
        return NetHarness.run(m, NetHarness.stations(2, true), 1, List.of(Send.at(0, 0, bytes, 1))).at(0);
    }

    /** The RA-L 2018 line, t[s] = 0.0002 d[kB] + 0.002, in ms with kB = 1000 B. */
    static double lineMs(long bytes) {
        return 1000 * (0.0002 * bytes / 1000.0 + 0.002);
    }

    @Test
    void everyListedPresetBindsWithProvenance() {
        assertEquals(List.of("wifi-rpi", "wifi-rpi-fast", "wifi-rpi-fit", "wifi-rpi-avro", "wifi-cells", "ethernet-1g",
                "aws-t2-same-host", "aws-t2-cross-host"), NetworkSpecs.PRESETS.names());
        for (String name : NetworkSpecs.PRESETS.names()) {
            assertEquals(name, preset(name).name());
            Node.MapNode raw = (Node.MapNode) NetworkSpecs.PRESETS.load(name);
            assertTrue(raw.get("provenance") instanceof Node.Scalar s && s.text().length() > 100, name + " provenance");
        }
    }

    @Test
    void wifiRpiIsBuiltFromItsTwoMeasurements() {
        FlowNetworkModel m = preset("wifi-rpi");
        SharedMedium cell = assertInstanceOf(SharedMedium.class, m.topology());
        assertEquals(2 * 62.24, cell.airMbps(), 1e-12);
        assertEquals(8.83, cell.latencyMs(), 0);
        assertFalse(cell.multicast());
        assertFalse(cell.sourceWired());
        // 64 B client to client in ~8.83 ms (8.83 + 0.008)
        assertEquals(8.83, aloneMs(m, 64), 0.01);
        // a long transfer at 62.24 Mbps: within 2%, in fact within 0.1% for 100 MB
        long bytes = 100_000_000;
        double mbps = bytes * 8 / (aloneMs(m, bytes) * 1000);
        assertEquals(62.24, mbps, 62.24 * 0.001);
    }

    /** wifi-cells: each cell is wifi-rpi, each uplink an ethernet-1g port at its TCP payload rate. */
    @Test
    void wifiCellsIsWifiRpiCellsOnAnEthernetSwitch() {
        FlowNetworkModel m = preset("wifi-cells");
        var t = assertInstanceOf(org.lcpsim.network.topology.TopologyNetwork.class, m.topology());
        FlowNetworkModel rpi = preset("wifi-rpi");
        FlowNetworkModel eth = preset("ethernet-1g");
        SharedMedium cell = (SharedMedium) rpi.topology();
        var switched = (org.lcpsim.network.ethernet.Switched) eth.topology();
        for (var l : t.links()) {
            if (l instanceof org.lcpsim.network.topology.Link.Cell c) {
                assertEquals(cell.airMbps(), c.airMbps(), 0);
                assertEquals(cell.latencyMs(), 2 * c.apLatencyMs(), 0);
            } else {
                var w = (org.lcpsim.network.topology.Link.Wired) l;
                assertEquals(switched.portMbps() * eth.options().tcp().bandwidthFactor(), w.mbps(), 1e-9);
                assertEquals(switched.latencyMs(), 2 * w.latencyMs(), 1e-12);
                assertFalse(w.shared());
            }
        }
        assertEquals(4, t.links().size(), "2 cells, 2 uplinks");
        // station to station in one cell is wifi-rpi's
        assertEquals(aloneMs(rpi, 100_000), aloneMs(m, 100_000), 0);
    }

    @Test
    void wifiRpiFitIsTheLineExactly() {
        FlowNetworkModel m = preset("wifi-rpi-fit");
        assertInstanceOf(MeasuredLinear.class, m.topology());
        for (long bytes = 1000; bytes <= 10_000_000; bytes *= 10) {
            assertEquals(lineMs(bytes), aloneMs(m, bytes), 1e-9 * lineMs(bytes), bytes + " B");
        }
        assertEquals(lineMs(64), aloneMs(m, 64), 1e-9);
    }

    /**
     * The evidence: built from 62.24 Mbps and 8.83 ms, wifi-rpi departs from the group's own line
     * by +307% at 1 kB and -35% at 10 MB; it is within 15% only between about 64 kB and 172 kB.
     * The line's slope is 40 Mbps (36% below 62.24) and its intercept 2 ms (77% below 8.83).
     */
    @Test
    void wifiRpiAndTheFittedLineCannotBothHold() {
        FlowNetworkModel m = preset("wifi-rpi");
        long[] sizes = {64, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};
        double[] ratios = {4.391, 4.072, 2.529, 0.9856, 0.6800, 0.6465};
        for (int i = 0; i < sizes.length; i++) {
            double ratio = aloneMs(m, sizes[i]) / lineMs(sizes[i]);
            assertEquals(ratios[i], ratio, 0.001, sizes[i] + " B");
        }
        assertTrue(Math.abs(aloneMs(m, 100_000) / lineMs(100_000) - 1) < 0.15);
        assertTrue(Math.abs(aloneMs(m, 1_000) / lineMs(1_000) - 1) > 0.15);
        assertTrue(Math.abs(aloneMs(m, 10_000_000) / lineMs(10_000_000) - 1) > 0.15);
        // where the 15% band begins and ends: 8.83 + 0.128535 d = (1 +- 0.15)(2 + 0.2 d), d in kB
        double wire = 8 / 62.24;
        double lower = (8.83 - 1.15 * 2) / (1.15 * 0.2 - wire);
        double upper = (8.83 - 0.85 * 2) / (0.85 * 0.2 - wire);
        assertEquals(64.35, lower, 0.01);
        assertEquals(171.9, upper, 0.1);
        assertEquals(1.15, aloneMs(m, Math.round(lower * 1000)) / lineMs(Math.round(lower * 1000)), 1e-4);
        assertEquals(0.85, aloneMs(m, Math.round(upper * 1000)) / lineMs(Math.round(upper * 1000)), 1e-4);
    }

    /**
     * The hypothesis that reconciles the slope: the same wire plus (de)serialization on both Pis.
     * End to end (sender CPU + network + receiver CPU) the slope is the line's 0.2 ms/kB; the
     * intercept stays 8.83 ms, so within 15% of the line only from ~218 kB up.
     */
    @Test
    void serializationOnThePisExplainsTheSlopeButNotTheIntercept() {
        FlowNetworkModel m = preset("wifi-rpi-avro");
        var net = NetHarness.run(m, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 1, 1))).network();
        java.util.function.LongToDoubleFunction endToEnd = b -> net.senderCpuMs(b) + aloneMs(m, b) + net.receiverCpuMs(b);
        double slopeMsPerKB = (endToEnd.applyAsDouble(10_000_000) - endToEnd.applyAsDouble(1_000_000)) / 9_000;
        assertEquals(0.2, slopeMsPerKB, 1e-8);
        assertEquals(8.83, endToEnd.applyAsDouble(0), 1e-9);
        assertEquals(1.0338, endToEnd.applyAsDouble(1_000_000) / lineMs(1_000_000), 1e-4);
        assertEquals(4.105, endToEnd.applyAsDouble(1_000) / lineMs(1_000), 1e-3);
        // ~28 MB/s of (de)serialization per side
        assertEquals(27.99, 1000 / net.senderCpuMs(1_000_000), 0.01);
    }

    @Test
    void theOtherPresetsCarryTheirFigures() {
        assertEquals(94.1, throughputMbps(preset("wifi-rpi-fast")), 94.1 * 0.001);
        assertEquals(0.3, aloneMs(preset("wifi-rpi-fast"), 64), 0.01);
        // 1000 Mb/s x 1448/1538 payload efficiency; 12 us switch + 2 x 25 us
        assertEquals(941.5, throughputMbps(preset("ethernet-1g")), 0.5);
        assertEquals(0.062, aloneMs(preset("ethernet-1g"), 64), 0.001);
        assertEquals(70, throughputMbps(preset("aws-t2-cross-host")), 0.1);
        assertEquals(0.13, aloneMs(preset("aws-t2-cross-host"), 64), 0.01);
        assertEquals(70, throughputMbps(preset("aws-t2-same-host")), 0.1);
        assertEquals(0.05, aloneMs(preset("aws-t2-same-host"), 64), 0.01);
    }

    private static double throughputMbps(NetworkModel m) {
        long bytes = 500_000_000;
        return bytes * 8 / (aloneMs(m, bytes) * 1000);
    }
}

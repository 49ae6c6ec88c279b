package org.lcpsim.network.wifi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.NetHarness;
import org.lcpsim.network.flow.NetHarness.Send;

class SharedMediumTest {
    private static final double TOL = 1e-9;
    // 8 Mbps of air = 1000 B/ms per crossing
    private static final double AIR_MBPS = 8;

    private static SharedMedium cell(boolean sourceWired, boolean multicast) {
        return new SharedMedium(AIR_MBPS, 1.0, 3.0, sourceWired, 1.0, Double.POSITIVE_INFINITY, multicast, 1.0);
    }

    private static double deliver(SharedMedium m, List<String> names, Send send, int destIndex) {
        return NetHarness.run(new FlowNetworkModel("cell", m), names, 1, List.of(send)).at(0, destIndex);
    }

    @Test
    void stationToStationCrossesTheAirTwice() {
        assertEquals(3.0 + 2 * 5.0, deliver(cell(false, false), NetHarness.stations(2, false), Send.at(0, 0, 5000, 1), 0), TOL);
    }

    @Test
    void aWiredSourceCrossesTheAirOnceWithItsOwnLatency() {
        var names = NetHarness.stations(2, true); // d0, d1, source
        assertEquals(1.0 + 5.0, deliver(cell(true, false), names, Send.at(0, 2, 5000, 0), 0), TOL);
        assertEquals(1.0 + 5.0, deliver(cell(true, false), names, Send.at(0, 0, 5000, 2), 0), TOL);
        // a source that is a station is like any other
        assertEquals(3.0 + 10.0, deliver(cell(false, false), names, Send.at(0, 2, 5000, 0), 0), TOL);
    }

    @Test
    void aWiredSourceLinkCanBeTheBottleneck() {
        var slowLink = new SharedMedium(AIR_MBPS, 1.0, 3.0, true, 1.0, 2.0, false, 1.0); // 250 B/ms wired
        assertEquals(1.0 + 20.0, deliver(slowLink, NetHarness.stations(1, true), Send.at(0, 1, 5000, 0), 0), TOL);
    }

    /**
     * Several external cameras (one node "source.NAME" per external stream): each is wired like the
     * one source, with its own link to the AP; two cameras sending at once share the air but not
     * their links: 5000 B each over 250 B/ms links take 20 ms, the air (1000 B/ms) carries both.
     */
    @Test
    void everyExternalCameraIsWiredWithItsOwnLink() {
        var slowLinks = new SharedMedium(AIR_MBPS, 1.0, 3.0, true, 1.0, 2.0, false, 1.0);
        var names = List.of("d0", "d1", "source.a", "source.b");
        var r = NetHarness.run(new FlowNetworkModel("cell", slowLinks), names, 1,
                List.of(Send.at(0, 2, 5000, 0), Send.at(0, 3, 5000, 1)));
        assertEquals(1.0 + 20.0, r.at(0), TOL);
        assertEquals(1.0 + 20.0, r.at(1), TOL);
        List<String> resources = r.stats().resources().stream().map(u -> u.resource()).sorted().toList();
        assertEquals(List.of("air", "source.a.up", "source.b.up"), resources.stream()
                .filter(x -> r.stats().resources().stream().anyMatch(u -> u.resource().equals(x) && u.wireBytes() > 0))
                .toList());
        // a device is never a source, whatever the order of the nodes
        assertEquals(3.0 + 10.0, deliver(cell(true, false), names, Send.at(0, 0, 5000, 1), 0), TOL);
    }

    @Test
    void airtimeEfficiencyScalesTheChannel() {
        var half = new SharedMedium(AIR_MBPS, 0.5, 3.0, false, 3.0, Double.POSITIVE_INFINITY, false, 1.0);
        assertEquals(3.0 + 20.0, deliver(half, NetHarness.stations(2, false), Send.at(0, 0, 5000, 1), 0), TOL);
    }

    /**
     * 4 receivers, 1000 B each, from a station: unicast is 4 copies of 2 crossings sharing the air
     * (8 x 1 ms), multicast one flow up once and broadcast down once (2 ms), or with a broadcast
     * rate a quarter of unicast, 1 + 4 = 5 ms.
     */
    @Test
    void multicastPaysOneAirtimeForAllReceivers() {
        var names = NetHarness.stations(5, false);
        Send send = Send.at(0, 0, 1000, 1, 2, 3, 4);
        var unicast = NetHarness.run(new FlowNetworkModel("u", cell(false, false)), names, 1, List.of(send));
        var multicast = NetHarness.run(new FlowNetworkModel("m", cell(false, true)), names, 1, List.of(send));
        var slowBroadcast = new SharedMedium(AIR_MBPS, 1.0, 3.0, false, 3.0, Double.POSITIVE_INFINITY, true, 0.25);
        var slow = NetHarness.run(new FlowNetworkModel("s", slowBroadcast), names, 1, List.of(send));
        for (int i = 0; i < 4; i++) {
            assertEquals(3.0 + 8.0, unicast.at(0, i), TOL);
            assertEquals(3.0 + 2.0, multicast.at(0, i), TOL);
            assertEquals(3.0 + 5.0, slow.at(0, i), TOL);
        }
        assertEquals(8000, unicast.stats().resources().get(0).wireBytes());
        assertEquals(2000, multicast.stats().resources().get(0).wireBytes());
        // every receiver got the payload, whatever the air carried
        assertEquals(4000, multicast.stats().payloadBytes());
        // from a wired source the broadcast is the only crossing
        var wired = NetHarness.run(new FlowNetworkModel("w", cell(true, true)), NetHarness.stations(4, true), 1,
                List.of(Send.at(0, 4, 1000, 0, 1, 2, 3)));
        assertEquals(1.0 + 1.0, wired.at(0, 3), TOL);
    }

    /** Gather: 7 stations send 100 B each to d0 at once: 14 crossings of 100 B share the air. */
    @Test
    void concurrentStationsShareTheAir() {
        var names = NetHarness.stations(8, false);
        List<Send> sends = new java.util.ArrayList<>();
        for (int d = 1; d < 8; d++) {
            sends.add(Send.at(0, d, 100, 0));
        }
        var r = NetHarness.run(new FlowNetworkModel("g", cell(false, false)), names, 1, sends);
        for (int i = 0; i < 7; i++) {
            assertEquals(3.0 + 14 * 0.1, r.at(i), TOL);
        }
    }
}

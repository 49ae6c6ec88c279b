package org.lcpsim.network.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.NetHarness;
import org.lcpsim.network.flow.NetHarness.Send;

class SwitchedTest {
    private static final double TOL = 1e-9;
    // 8 Mbps ports = 1000 B/ms; latency 0.5 + 2 x 0.25 = 1 ms
    private static final Switched STAR = Switched.star(8, 0.5, 0.25);

    private static NetHarness.Result run(Switched s, int nodes, List<Send> sends) {
        return NetHarness.run(new FlowNetworkModel("sw", s), NetHarness.stations(nodes, false), 1, sends);
    }

    @Test
    void oneMessagePaysSwitchAndHopLatencyThenThePortRate() {
        assertEquals(1.0 + 4.0, run(STAR, 2, List.of(Send.at(0, 0, 4000, 1))).at(0), TOL);
    }

    @Test
    void portsAreFullDuplex() {
        var r = run(STAR, 2, List.of(Send.at(0, 0, 4000, 1), Send.at(0, 1, 4000, 0)));
        assertEquals(5.0, r.at(0), TOL);
        assertEquals(5.0, r.at(1), TOL);
    }

    @Test
    void disjointPairsDoNotInterfere() {
        var r = run(STAR, 4, List.of(Send.at(0, 0, 4000, 1), Send.at(0, 2, 4000, 3)));
        assertEquals(5.0, r.at(0), TOL);
        assertEquals(5.0, r.at(1), TOL);
    }

    /** Incast: three senders into one downlink get a third each. */
    @Test
    void sendersIntoOneReceiverShareItsDownlink() {
        List<Send> sends = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            sends.add(Send.at(0, s, 1000, 0));
        }
        var r = run(STAR, 4, sends);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0 + 3.0, r.at(i), TOL);
        }
        LinkUsage down = r.stats().resources().stream().filter(u -> u.resource().equals("d0.down")).findFirst().orElseThrow();
        assertEquals(3000, down.wireBytes());
        assertEquals(3.0, down.busyMs(), TOL);
    }

    /**
     * Two bottlenecks: d0 sends to d1 and d2, d3 sends to d2. d0's uplink splits 1000 B/ms between
     * its two flows, d2's downlink splits between d0's and d3's: all three flows get 500 B/ms,
     * so d3's spare uplink stays unused (max-min, not max throughput).
     */
    @Test
    void sharedUplinkAndDownlink() {
        var r = run(STAR, 4, List.of(Send.at(0, 0, 1000, 1), Send.at(0, 0, 1000, 2), Send.at(0, 3, 1000, 2)));
        assertEquals(3.0, r.at(0), TOL);
        assertEquals(3.0, r.at(1), TOL);
        assertEquals(3.0, r.at(2), TOL);
    }

    /** Every external camera (node "source.NAME") has the source's port: 4 Mbps = 500 B/ms here, devices 1000 B/ms. */
    @Test
    void everyExternalCameraHasTheSourcesPort() {
        var slowSources = new Switched(8, 4, 0.5, 0.25, Double.POSITIVE_INFINITY, false);
        var r = NetHarness.run(new FlowNetworkModel("sw", slowSources), List.of("d0", "d1", "source.a", "source.b"), 1,
                List.of(Send.at(0, 2, 2000, 0), Send.at(0, 3, 2000, 1), Send.at(0, 0, 2000, 1)));
        assertEquals(1.0 + 4.0, r.at(0), TOL);
        assertEquals(1.0 + 4.0, r.at(1), TOL);
        // d0 to d1 shares d1's downlink with camera b's flow, which its slow port holds at 500 B/ms: the other 500
        assertEquals(1.0 + 4.0, r.at(2), TOL);
    }

    @Test
    void aBlockingBackplaneLimitsTheWholeSwitch() {
        var blocking = new Switched(8, 8, 0.5, 0.25, 8, false);
        var r = run(blocking, 4, List.of(Send.at(0, 0, 4000, 1), Send.at(0, 2, 4000, 3)));
        assertEquals(1.0 + 8.0, r.at(0), TOL);
        assertEquals(1.0 + 8.0, r.at(1), TOL);
    }

    @Test
    void multicastCrossesTheSendersUplinkOnce() {
        var unicast = run(STAR, 4, List.of(Send.at(0, 0, 1000, 1, 2, 3)));
        var multicast = run(new Switched(8, 8, 0.5, 0.25, Double.POSITIVE_INFINITY, true), 4,
                List.of(Send.at(0, 0, 1000, 1, 2, 3)));
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0 + 3.0, unicast.at(0, i), TOL);
            assertEquals(1.0 + 1.0, multicast.at(0, i), TOL);
        }
    }

    @Test
    void theSourceMayHaveItsOwnPortSpeed() {
        var fastSource = new Switched(8, 80, 0.5, 0.25, Double.POSITIVE_INFINITY, false);
        var r = NetHarness.run(new FlowNetworkModel("sw", fastSource), NetHarness.stations(2, true), 1,
                List.of(Send.at(0, 2, 1000, 0, 1)));
        // two copies share the source's 10000 B/ms uplink; each receiver's 1000 B/ms port limits
        assertEquals(1.0 + 1.0, r.at(0, 0), TOL);
        assertEquals(1.0 + 1.0, r.at(0, 1), TOL);
    }
}

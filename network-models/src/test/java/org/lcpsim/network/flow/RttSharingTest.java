package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.flow.NetHarness.Send;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.tcp.TcpOverlay;

/**
 * {@code sharing: rtt} by hand, SimGrid's CM02 and LV08 rules: a flow's share of a bottleneck is
 * proportional to 1 / p, p its route's latency plus weightS / bandwidth per link crossed. The
 * expected times are derived in the comments; SimGrid 3.32 gives the same (scripts/simgrid-flows,
 * to the printed digits).
 */
class RttSharingTest {
    private static final double TOL = 1e-9;

    /**
     * Two routes over one 8 Mbps link (1000 B/ms): d0 -> d1 crosses it alone (10 ms), d2 -> d3
     * crosses it and a fast 8 Gbps link (30 ms more, 40 ms in all).
     */
    record TwoRoutes(double latencyA, double latencyB) implements TopologySpec {
        @Override
        public String kind() {
            return "two-routes";
        }

        @Override
        public Topology build(List<String> nodeNames) {
            return new Topology() {
                @Override
                public List<ResourceSpec> resources() {
                    return List.of(new ResourceSpec("l", 8), new ResourceSpec("x", 8000));
                }

                @Override
                public double unicast(int src, int dst, Route route) {
                    route.add(0, 1);
                    if (src == 2) {
                        route.add(1, 1);
                        return latencyA + latencyB;
                    }
                    return latencyA;
                }
            };
        }
    }

    private static double[] run(TopologySpec topology, TcpOverlay tcp, Sharing sharing, long bytes) {
        var model = new FlowNetworkModel("two", topology, FlowOptions.NONE.withTcp(tcp).withSharing(sharing));
        var r = NetHarness.run(model, NetHarness.stations(4, false), 1,
                List.of(Send.at(0, 0, bytes, 1), Send.at(0, 2, bytes, 3)));
        return new double[] {r.at(0), r.at(1)};
    }

    /**
     * CM02 (penalty = latency): flow A (10 ms) is alone from 10 to 40 ms and sends 30,000 B; then
     * the weights 1/10 and 1/40 share the link 4:1, A at 800 B/ms ends its 70,000 B at 127.5 ms;
     * B sent 17,500 B at 200 B/ms and finishes its 82,500 B alone at 210 ms. Equal sharing
     * instead: 500 B/ms each from 40 ms, A ends at 180 and B, 30,000 B left, at 210.
     */
    @Test
    void cm02SharesInInverseProportionToLatency() {
        var cm02 = new TcpOverlay(1, 1, 4_194_304, 0, 0);
        assertArrayEquals(new double[] {127.5, 210}, run(new TwoRoutes(10, 30), cm02, Sharing.RTT, 100_000), TOL);
        assertArrayEquals(new double[] {180, 210}, run(new TwoRoutes(10, 30), cm02, Sharing.EQUAL, 100_000), TOL);
    }

    /**
     * LV08 without ACKs, 1 MB each: latencies 10 x 13.01 = 130.1 ms and 40 x 13.01 = 520.4 ms; the
     * payload rate is 0.97 of the wire rate; penalties 10 + 20537 / 1000 = 30.537 ms and
     * 40 + 20537 / 1000 + 20537 / 1e6 = 60.557537 ms. A alone from 130.1 to 520.4 ms sends
     * 378,591 B, then gets 60.557537 / (30.537 + 60.557537) of the wire: it ends at
     * 1484.0735394858 ms, and B at 2191.9556701031 ms (SimGrid: 1.484073539485811 s,
     * 2.1919556701030927 s).
     */
    @Test
    void lv08AddsTheWeightSTermPerLink() {
        var lv08 = new TcpOverlay(0.97, 13.01, 4_194_304, 0, 20_537);
        double p1 = 10 + 20_537 / 1000.0;
        double p2 = 40 + 20_537 / 1000.0 + 20_537 / 1e6;
        double sentAlone = (520.4 - 130.1) * 970;
        double a = 520.4 + (1e6 - sentAlone) / (970 * p2 / (p1 + p2));
        double b = a + (1e6 - (a - 520.4) * 970 * p1 / (p1 + p2)) / 970;
        double[] t = run(new TwoRoutes(10, 30), lv08, Sharing.RTT, 1_000_000);
        assertArrayEquals(new double[] {a, b}, t, 1e-6);
        assertEquals(1484.0735394858, t[0], 1e-6);
        assertEquals(2191.9556701031, t[1], 1e-6);
    }

    /**
     * A route without latency keeps SimGrid's initial penalty of 1 s: A (no latency) starts at
     * once and is alone until B's 30 x 13.01 = 390.3 ms, then B (penalty 30 + 20.537 + 0.020537
     * = 50.557537 ms) gets 1000 / 1050.557537 of the wire. SimGrid: B ends at 1.4733490072164948 s,
     * A at 2.0618556701030926 s.
     */
    @Test
    void aRouteWithoutLatencyHasTheInitialPenaltyOfOneSecond() {
        var lv08 = new TcpOverlay(0.97, 13.01, 4_194_304, 0, 20_537);
        double[] t = run(new TwoRoutes(0, 30), lv08, Sharing.RTT, 1_000_000);
        assertEquals(2061.8556701031, t[0], 1e-6);
        assertEquals(1473.3490072165, t[1], 1e-6);
    }

    /** SimGrid caps the wire rate at window / RTT: the payload gets 0.97 of it. */
    @Test
    void theWindowCapsTheWireRate() {
        var lv08 = new TcpOverlay(0.97, 13.01, 4_194_304, 0, 20_537);
        var model = new FlowNetworkModel("wan", new PointToPointLinks(50, 8000), FlowOptions.NONE.withTcp(lv08));
        var r = NetHarness.run(model, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 10_000_000, 1)));
        // SimGrid: 0.8962923495892398 s
        assertEquals(50 * 13.01 + 10_000_000 / (0.97 * 4_194_304 / 100.0), r.at(0), 1e-6);
        assertEquals(896.2923495892398, r.at(0), 1e-9);
    }

    @Test
    void weightsMustBePositiveAndFinite() {
        var engine = new FlowEngine(new org.lcpsim.engine.BareEventLoop(), List.of(new ResourceSpec("l", 8)), 8);
        Route route = new Route().add(0, 1);
        assertThrows(IllegalArgumentException.class, () -> engine.start(1, 100, route, 1, 0, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> engine.start(1, 100, route, 1, Double.NaN, () -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> engine.start(1, 100, route, 1, Double.POSITIVE_INFINITY, () -> { }));
    }
}

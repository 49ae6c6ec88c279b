package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.flow.NetHarness.Send;

/**
 * Capacities that change while flows are in flight ({@link FlowEngine#setCapacity}, played by
 * {@link CapacityChanges}): exact times by hand, flows that stall on a link that is down and
 * resume when it comes back, and changes that the run never reaches.
 */
class CapacityChangesTest {
    private static final double TOL = 1e-9;

    /** Every message crosses one resource of 8 Mbps (1000 B/ms), whose capacity follows {@code changes}. */
    record OneLink(double latencyMs, CapacityChanges changes) implements TopologySpec {
        @Override
        public String kind() {
            return "test";
        }

        @Override
        public Topology build(List<String> nodeNames) {
            return new Topology() {
                @Override
                public List<ResourceSpec> resources() {
                    return List.of(new ResourceSpec("link", 8));
                }

                @Override
                public double unicast(int src, int dst, Route route) {
                    route.add(0, 1);
                    return latencyMs;
                }

                @Override
                public CapacityChanges capacityChanges() {
                    return changes;
                }
            };
        }
    }

    private static CapacityChanges changes(double... timeAndMbps) {
        int n = timeAndMbps.length / 2;
        double[] t = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = timeAndMbps[2 * i];
            c[i] = timeAndMbps[2 * i + 1];
        }
        return new CapacityChanges(t, new int[n], c);
    }

    private static NetHarness.Result run(double latencyMs, CapacityChanges changes, List<Send> sends) {
        return NetHarness.run(new FlowNetworkModel("one", new OneLink(latencyMs, changes)), NetHarness.stations(2, false), 1,
                sends);
    }

    @Test
    void aFlowSlowsDownWhenTheCapacityHalves() {
        // 1000 B: 500 B in the first 0.5 ms at 1000 B/ms, the other 500 at 500 B/ms
        var r = run(0, changes(0.5, 4), List.of(Send.at(0, 0, 1000, 1)));
        assertEquals(1.5, r.at(0), TOL);
        // and speeds up when it doubles (16 Mbps = 2000 B/ms from 0.5 ms: 500 B in 0.25 ms)
        assertEquals(0.75, run(0, changes(0.5, 16), List.of(Send.at(0, 0, 1000, 1))).at(0), TOL);
    }

    @Test
    void aFlowStallsWhileTheLinkIsDownAndResumes() {
        // down from 0.4 to 1.4 ms: 400 B before, 600 B after, 1 ms lost
        var r = run(0, changes(0.4, 0, 1.4, 8), List.of(Send.at(0, 0, 1000, 1)));
        assertEquals(2.0, r.at(0), TOL);
        // two flows sharing the link stall together and share again afterwards
        var two = run(0, changes(0.4, 0, 1.4, 8), List.of(Send.at(0, 0, 1000, 1), Send.at(0, 1, 400, 0)));
        // 0..0.4: 500 B/ms each (200 B each); 1.4..: 200 B left of the second at 500 B/ms -> 1.8;
        // then the first (800 B left at 1.4 ms, 200 B of it by 1.8) 600 B alone at 1000 B/ms -> 2.4
        assertEquals(2.4, two.at(0), TOL);
        assertEquals(1.8, two.at(1), TOL);
    }

    @Test
    void aFlowThatStartsOnADownLinkWaitsForIt() {
        // down from the start (applied before any flow) until 3 ms; 2 ms latency first
        var r = run(2, changes(0, 0, 3, 8), List.of(Send.at(0, 0, 1000, 1)));
        assertEquals(4.0, r.at(0), TOL);
        // a change after every flow has ended is never played: the run ends with the last delivery
        var later = run(0, changes(100, 4, 200, 8), List.of(Send.at(0, 0, 1000, 1)));
        assertEquals(1.0, later.at(0), TOL);
        assertEquals(1.0, later.endMs(), TOL);
    }

    @Test
    void aLinkDownForGoodLeavesItsFlowsInFlightWithoutAnError() {
        // the harness asserts every delivery: the flow never ends, and nothing divides by zero
        AssertionError e = assertThrows(AssertionError.class,
                () -> run(0, changes(0.5, 0), List.of(Send.at(0, 0, 1000, 1))));
        assertTrue(e.getMessage().contains("not every destination was delivered"), e.getMessage());
    }

    @Test
    void changesAreOnePendingEventAtATime() {
        // 1000 changes alternating 8 and 4 Mbps every 0.001 ms; a flow of 1 B ends before the second
        double[] tc = new double[2000];
        for (int i = 0; i < 1000; i++) {
            tc[2 * i] = 0.5 + i * 0.001;
            tc[2 * i + 1] = i % 2 == 0 ? 4 : 8;
        }
        var r = run(0, changes(tc), List.of(Send.at(0, 0, 100, 1)));
        assertEquals(0.1, r.at(0), TOL);
        // the send, the completion: nothing of the trace was played before the flow ended
        assertEquals(2, r.events());
    }

    @Test
    void badChangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> changes(1, 8, 0.5, 8));
        assertThrows(IllegalArgumentException.class, () -> changes(1, -1));
        assertThrows(IllegalArgumentException.class, () -> changes(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> changes(1, Double.POSITIVE_INFINITY));
    }
}

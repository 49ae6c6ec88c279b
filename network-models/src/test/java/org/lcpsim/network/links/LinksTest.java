package org.lcpsim.network.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.NetHarness;
import org.lcpsim.network.flow.NetHarness.Send;

class LinksTest {
    private static final double TOL = 1e-9;

    @Test
    void pointToPointMatchesTheContentionFreeReferenceForOneMessagePerPair() {
        var reference = new org.lcpsim.network.PointToPointNetwork("ref", 2.0, 8.0);
        var model = new FlowNetworkModel("p2p", new PointToPointLinks(2.0, 8.0));
        var r = NetHarness.run(model, NetHarness.stations(3, false), 1,
                List.of(Send.at(0, 0, 1000, 1, 2), Send.at(0, 1, 3000, 2), Send.at(0, 2, 500, 0)));
        assertEquals(reference.transferMs(1000), r.at(0, 0), TOL);
        assertEquals(reference.transferMs(1000), r.at(0, 1), TOL);
        assertEquals(reference.transferMs(3000), r.at(1), TOL);
        assertEquals(reference.transferMs(500), r.at(2), TOL);
    }

    @Test
    void messagesOnOnePairShareItsLink() {
        var model = new FlowNetworkModel("p2p", new PointToPointLinks(2.0, 8.0));
        var r = NetHarness.run(model, NetHarness.stations(2, false), 1,
                List.of(Send.at(0, 0, 1000, 1), Send.at(0, 0, 1000, 1)));
        assertEquals(2.0 + 2.0, r.at(0), TOL);
        assertEquals(2.0 + 2.0, r.at(1), TOL);
    }

    /** The RA-L 2018 line exactly, for sizes from 64 B to 10 MB. */
    @Test
    void measuredLinearIsTheLineForOneTransfer() {
        var line = new MeasuredLinear(2.0, 0.2, 1000, true);
        assertEquals(40.0, line.rateMbps(), TOL);
        for (long bytes : new long[] {64, 1000, 10_000, 100_000, 1_000_000, 10_000_000}) {
            var r = NetHarness.run(new FlowNetworkModel("fit", line), NetHarness.stations(2, false), 1,
                    List.of(Send.at(0, 0, bytes, 1)));
            double expectedMs = 1000 * (0.0002 * bytes / 1000.0 + 0.002);
            assertEquals(expectedMs, r.at(0), 1e-9 * expectedMs, bytes + " B");
            assertEquals(expectedMs, line.transferMs(bytes), 1e-9 * expectedMs);
        }
    }

    /** Two concurrent 100 kB transfers: shared, both end at 2 + 2 * 20 ms; independent, at 2 + 20. */
    @Test
    void measuredLinearConcurrencyIsSharedOrIndependent() {
        List<Send> two = List.of(Send.at(0, 0, 100_000, 1), Send.at(0, 2, 100_000, 3));
        var shared = NetHarness.run(new FlowNetworkModel("s", new MeasuredLinear(2.0, 0.2, 1000, true)),
                NetHarness.stations(4, false), 1, two);
        var independent = NetHarness.run(new FlowNetworkModel("i", new MeasuredLinear(2.0, 0.2, 1000, false)),
                NetHarness.stations(4, false), 1, two);
        assertEquals(42.0, shared.at(0), TOL);
        assertEquals(42.0, shared.at(1), TOL);
        assertEquals(22.0, independent.at(0), TOL);
        assertEquals(22.0, independent.at(1), TOL);
        assertEquals(200_000, independent.stats().resources().get(0).wireBytes());
    }
}

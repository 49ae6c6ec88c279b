package org.lcpsim.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.flow.FlowNetwork;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.FlowOptions;
import org.lcpsim.network.flow.NetHarness;
import org.lcpsim.network.flow.NetHarness.Send;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.wifi.SharedMedium;

class TcpOverlayTest {
    /**
     * SimGrid's documented LV08 example: 100 kB over a 1 Mbps, 10 ms link used in both directions
     * takes 0.01 * 13.01 + 800000 / ((0.97 * 1e6) / 1.05) = 0.996079 s. A wired host and a
     * station on a 1 Mbps cell reproduce it: the ACKs share the air with the data.
     */
    @Test
    void reproducesSimGridsLv08Example() {
        var cell = new SharedMedium(1, 1.0, 10, true, 10, Double.POSITIVE_INFINITY, false, 1.0);
        var model = new FlowNetworkModel("lv08", cell, FlowOptions.NONE.withTcp(TcpOverlay.LV08));
        var r = NetHarness.run(model, NetHarness.stations(1, true), 1, List.of(Send.at(0, 1, 100_000, 0)));
        assertEquals(996.079, r.at(0), 0.001);
        assertEquals(10 * 13.01 + 800_000 / (0.97e6 / 1.05) * 1000, r.at(0), 1e-6);
    }

    /** The window bound: 4 MiB per RTT of 100 ms caps a 10 Gbps link at 41.94 MB/s. */
    @Test
    void windowLimitsLongFatPipes() {
        var tcp = new TcpOverlay(1.0, 1.0, 4_194_304, 0);
        var model = new FlowNetworkModel("wan", new PointToPointLinks(50, 10_000), FlowOptions.NONE.withTcp(tcp));
        var r = NetHarness.run(model, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 10_000_000, 1)));
        assertEquals(50 + 10_000_000 / (4_194_304 / 100.0), r.at(0), 1e-6);
        // with a short RTT the link is the limit again
        var lan = new FlowNetworkModel("lan", new PointToPointLinks(0.05, 10_000), FlowOptions.NONE.withTcp(tcp));
        var l = NetHarness.run(lan, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 10_000_000, 1)));
        assertEquals(0.05 + 10_000_000 / 1.25e6, l.at(0), 1e-6);
    }

    /** Payload efficiency: wire bytes are payload / 0.97, and the ACK share loads the reverse link. */
    @Test
    void headersInflateWireBytesAndAcksLoadTheReverseDirection() {
        var model = new FlowNetworkModel("p2p", new PointToPointLinks(1, 8),
                FlowOptions.NONE.withTcp(new TcpOverlay(0.97, 1.0, 0, 0.05)));
        var r = NetHarness.run(model, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 97_000, 1)));
        assertEquals(1 + 100.0, r.at(0), 1e-9); // the ACKs use the other direction's link
        var usage = r.stats().resources();
        assertEquals("d0->d1", usage.get(0).resource());
        assertEquals(100_000, usage.get(0).wireBytes());
        assertEquals("d1->d0", usage.get(1).resource());
        assertEquals(5_000, usage.get(1).wireBytes());
    }

    @Test
    void rpcCostsAreChargedToSenderAndReceiver() {
        var rpc = new RpcCost(0.5, 0.04, 0.3, 0.02, 1000);
        var model = new FlowNetworkModel("rpc", SharedMedium.stations(10, 1), FlowOptions.NONE.withRpc(rpc));
        var r = NetHarness.run(model, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 10, 1)));
        FlowNetwork net = r.network();
        assertEquals(0.5 + 0.04 * 250, net.senderCpuMs(250_000), 1e-12);
        assertEquals(0.3 + 0.02 * 250, net.receiverCpuMs(250_000), 1e-12);
        var plain = NetHarness.run(new FlowNetworkModel("plain", SharedMedium.stations(10, 1)),
                NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 10, 1))).network();
        assertEquals(0.0, plain.senderCpuMs(250_000));
        assertEquals(0.0, plain.receiverCpuMs(250_000));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TcpOverlay(1.2, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TcpOverlay(0.9, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TcpOverlay(0.9, 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RpcCost(-1, 0, 0, 0, 1000));
    }
}

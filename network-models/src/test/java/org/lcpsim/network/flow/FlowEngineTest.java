package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.network.NetworkStats;
import org.lcpsim.network.PairTraffic;
import org.lcpsim.network.RateSeries;
import org.lcpsim.network.flow.NetHarness.Send;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.variability.FactorDistribution;
import org.lcpsim.network.variability.Variability;
import org.lcpsim.network.wifi.SharedMedium;

class FlowEngineTest {
    private static final double TOL = 1e-9;

    /** Air of 16 Mbps = 2000 B/ms; a station-to-station byte crosses it twice: 1000 B/ms alone. */
    private static FlowNetworkModel air16(double latencyMs) {
        return new FlowNetworkModel("air16", SharedMedium.stations(16, latencyMs));
    }

    @Test
    void oneFlowTakesLatencyPlusSizeOverBandwidth() {
        var p2p = new FlowNetworkModel("p2p", new PointToPointLinks(10, 8)); // 8 Mbps = 1000 B/ms
        var r = NetHarness.run(p2p, NetHarness.stations(2, false), 1, List.of(Send.at(0, 0, 12_345, 1)));
        assertEquals(10 + 12.345, r.at(0), TOL);
        // odd numbers: 1 MB at 62.24 Mbps after 8.83 ms
        var wifi = new FlowNetworkModel("w", SharedMedium.stations(124.48, 8.83));
        var w = NetHarness.run(wifi, NetHarness.stations(2, false), 1, List.of(Send.at(3.5, 1, 1_000_000, 0)));
        assertEquals(3.5 + 8.83 + 1_000_000 * 8 / 62_240.0, w.at(0), TOL);
    }

    @Test
    void equalFlowsOnASharedMediumFinishTogetherAtNTimesTheSingleFlowTime() {
        long bytes = 50_000;
        double latency = 2.0;
        double single = NetHarness.run(air16(latency), NetHarness.stations(2, false), 1,
                List.of(Send.at(0, 0, bytes, 1))).at(0) - latency;
        assertEquals(50.0, single, TOL);
        for (int n : new int[] {2, 5, 8}) {
            List<Send> sends = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sends.add(Send.at(0, i, bytes, (i + 1) % n)); // a ring: every flow station to station
            }
            var r = NetHarness.run(air16(latency), NetHarness.stations(n, false), 1, sends);
            for (int i = 0; i < n; i++) {
                assertEquals(latency + n * single, r.at(i), TOL, "n=" + n + " flow " + i);
            }
            // one activation batch and one completion batch: events do not grow with n
            assertEquals(n + 2, r.events(), "n sends + 1 activation + 1 completion");
        }
    }

    /**
     * By hand, 1000 B/ms for one station-to-station flow: A (3000 B) alone on [0, 1) sends 1000 B;
     * B (1000 B) arrives at 1 and both get 500 B/ms, so B ends at 3 and A has 1000 B left; A alone
     * again ends at 4.
     */
    @Test
    void laterFlowsGetTheirShareOnArrivalAndSpeedUpWhenOthersFinish() {
        var r = NetHarness.run(air16(0), NetHarness.stations(4, false), 1,
                List.of(Send.at(0, 0, 3000, 1), Send.at(1, 2, 1000, 3)));
        assertEquals(4.0, r.at(0), TOL);
        assertEquals(3.0, r.at(1), TOL);
        // with 2 ms latency each flow starts loading the air 2 ms after its send:
        // A alone [2, 3): 1000 B; both [3, 5): B done at 5, A 1000 B left; A alone: done at 6
        var l = NetHarness.run(air16(2), NetHarness.stations(4, false), 1,
                List.of(Send.at(0, 0, 3000, 1), Send.at(1, 2, 1000, 3)));
        assertEquals(6.0, l.at(0), TOL);
        assertEquals(5.0, l.at(1), TOL);
    }

    /**
     * Three flows of 1000, 2000 and 4000 B start together at 1000/3 B/ms each: the first ends at 3
     * (the others have 1000 and 3000 B left); at 500 B/ms the second ends at 5 (the third has 2000
     * B left); alone at 1000 B/ms the third ends at 7.
     */
    @Test
    void flowsSpeedUpAsOthersFinish() {
        var r = NetHarness.run(air16(0), NetHarness.stations(6, false), 1,
                List.of(Send.at(0, 0, 1000, 1), Send.at(0, 2, 2000, 3), Send.at(0, 4, 4000, 5)));
        assertEquals(3.0, r.at(0), TOL);
        assertEquals(5.0, r.at(1), TOL);
        assertEquals(7.0, r.at(2), TOL);
    }

    @Test
    void zeroByteMessagesTakeTheLatencyOnly() {
        var r = NetHarness.run(air16(1.5), NetHarness.stations(2, false), 1, List.of(Send.at(2, 0, 0, 1)));
        assertEquals(3.5, r.at(0), TOL);
    }

    /**
     * A capacity in range whose rate underflows (1e-320 Mbps) would leave the flow in flight
     * forever and the run would end with requests missing; it is an error instead.
     */
    @Test
    void aFlowThatCanNeverFinishFailsTheRun() {
        var crawl = new FlowNetworkModel("crawl", new PointToPointLinks(1, 1e-320));
        var e = assertThrows(IllegalStateException.class, () -> NetHarness.run(crawl, NetHarness.stations(2, false), 1,
                List.of(Send.at(0, 0, 1_000_000, 1))));
        assertTrue(e.getMessage().startsWith("no flow in flight can finish"), e.getMessage());
    }

    @Test
    void statsCountWireBytesBusyTimeAndSeries() {
        var r = NetHarness.run(air16(1), NetHarness.stations(4, false), 1,
                List.of(Send.at(0, 0, 3000, 1), Send.at(1, 2, 1000, 3)));
        NetworkStats s = r.stats();
        LinkUsage air = s.resources().get(0);
        assertEquals("air", air.resource());
        assertEquals(2 * 4000, air.wireBytes()); // both flows cross the air twice
        assertEquals(4.0, air.busyMs(), TOL); // flows load the air from 1 to 5
        assertEquals(16.0, air.capacityMbps(), 0);
        RateSeries u = air.utilization();
        assertEquals(8000, u.bytesUntil(r.endMs()), 1e-6);
        assertEquals(16.0, u.mbps(0), TOL); // the air is saturated while anything flows
        assertEquals(0.0, u.mbps(u.size() - 1), 0);
        assertEquals(List.of(new PairTraffic("d0", "d1", 3000, 1), new PairTraffic("d2", "d3", 1000, 1)), s.pairs());
        assertEquals(4000, s.payloadBytes());
    }

    @Test
    void seriesStaysBoundedAndKeepsTheBytes() {
        var model = new FlowNetworkModel("p2p", new PointToPointLinks(0.5, 8), FlowOptions.NONE, 8);
        List<Send> sends = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 100; i++) {
            long bytes = 100 + 37L * i;
            sends.add(Send.at(3.0 * i, 0, bytes, 1));
            total += bytes;
        }
        var r = NetHarness.run(model, NetHarness.stations(2, false), 1, sends);
        LinkUsage link = r.stats().resources().get(0);
        assertEquals("d0->d1", link.resource());
        assertTrue(link.utilization().size() <= 8, "bounded: " + link.utilization().size());
        assertEquals(total, link.wireBytes());
        assertEquals(total, link.utilization().bytesUntil(r.endMs()), 1e-6 * total);
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        var noisy = new FlowNetworkModel("noisy", SharedMedium.stations(50, 5), FlowOptions.NONE.withVariability(
                new Variability(FactorDistribution.of("lognormal", 0.5), FactorDistribution.of("gamma", 0.3))));
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sends.add(Send.at(i * 0.7, i % 4, 5000 + 100 * i, (i + 1) % 4));
        }
        var a = NetHarness.run(noisy, NetHarness.stations(4, false), 42, sends);
        var b = NetHarness.run(noisy, NetHarness.stations(4, false), 42, sends);
        var c = NetHarness.run(noisy, NetHarness.stations(4, false), 43, sends);
        assertArrayEquals(flatten(a.deliveredMs()), flatten(b.deliveredMs()));
        assertNotEquals(flatten(a.deliveredMs())[5], flatten(c.deliveredMs())[5]);
        // and the DSOL engine gives the same times as the bare loop
        var d = NetHarness.run(noisy, NetHarness.stations(4, false), 42, sends, true);
        assertArrayEquals(flatten(a.deliveredMs()), flatten(d.deliveredMs()));
    }

    /**
     * A bandwidth factor x gives a lone flow x times the rate (it uses 1/x airtime per byte) and a
     * latency factor y stretches its latency: replaying the seeded stream gives each flow's draw.
     */
    @Test
    void variabilityFactorsScaleLatencyAndRateOfEachFlow() {
        var latencyDist = FactorDistribution.of("lognormal", 0.4);
        var bandwidthDist = FactorDistribution.of("gamma", 0.3);
        var model = new FlowNetworkModel("v", SharedMedium.stations(16, 2), FlowOptions.NONE.withVariability(
                new Variability(latencyDist, bandwidthDist)));
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sends.add(Send.at(1000.0 * i, 0, 1000, 1)); // far apart: every flow alone
        }
        var r = NetHarness.run(model, NetHarness.stations(2, false), 99, sends);
        var replay = new java.util.SplittableRandom(99);
        for (int i = 0; i < 20; i++) {
            double y = latencyDist.sample(replay);
            double x = bandwidthDist.sample(replay);
            assertEquals(1000.0 * i + 2 * y + 1.0 / x, r.at(i), 1e-9, "flow " + i);
        }
    }

    @Test
    void deliveriesMayStartNewTransfersAtOnce() {
        // a relay chain through the callbacks: d0 -> d1 -> d2, each hop 1 ms latency + 1 ms bytes
        var model = new FlowNetworkModel("p2p", new PointToPointLinks(1, 8));
        double[] done = new double[1];
        org.lcpsim.engine.BareEventLoop.run(new org.lcpsim.engine.SimulationBody() {
            boolean finished;

            @Override
            public void start(org.lcpsim.engine.Scheduler s) {
                var net = model.instantiate(new org.lcpsim.network.NetworkContext(s, NetHarness.stations(3, false),
                        new java.util.SplittableRandom(1)));
                net.send(new org.lcpsim.network.Transfer(0, 0, new int[] {1}, 1000, "a"),
                        d -> net.send(new org.lcpsim.network.Transfer(1, 1, new int[] {2}, 1000, "b"), e -> {
                            done[0] = s.nowMs();
                            finished = true;
                        }));
            }

            @Override
            public boolean finished() {
                return finished;
            }
        }, 1e9);
        assertEquals(4.0, done[0], TOL);
    }

    private static double[] flatten(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}

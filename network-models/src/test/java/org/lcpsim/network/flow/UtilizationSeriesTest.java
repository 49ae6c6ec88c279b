package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.Scheduler;
import org.lcpsim.engine.SimEngine;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.NetworkStats;
import org.lcpsim.network.Transfer;
import org.lcpsim.network.wifi.SharedMedium;

/** A replication whose utilization series nobody reads records none, and nothing else changes. */
class UtilizationSeriesTest {

    private static NetworkStats run(boolean series) {
        FlowNetworkModel model = new FlowNetworkModel("air", SharedMedium.stations(54, 2));
        List<String> names = List.of("d0", "d1", "d2", "d3");
        NetworkModel.Instance[] net = new NetworkModel.Instance[1];
        int[] pending = {0};
        BareEventLoop.run(new SimulationBody() {
            @Override
            public void start(Scheduler s) {
                net[0] = model.instantiate(new NetworkContext(s, names, new SplittableRandom(3), series));
                for (int i = 0; i < 30; i++) {
                    int src = i % 4;
                    pending[0]++;
                    s.at(i * 3.0, () -> net[0].send(new Transfer(src, src, new int[] {(src + 1) % 4}, 20_000 + 1000L * src,
                            "t"), dst -> pending[0]--));
                }
            }

            @Override
            public boolean finished() {
                return pending[0] == 0;
            }
        }, SimEngine.NO_HORIZON_MS);
        assertEquals(0, pending[0]);
        return net[0].stats();
    }

    @Test
    void withoutSeriesTheSameUsageAndPairs() {
        NetworkStats with = run(true);
        NetworkStats without = run(false);
        assertEquals(with.resources().size(), without.resources().size());
        assertTrue(with.resources().stream().anyMatch(u -> u.utilization().size() > 1), "the series is recorded when asked");
        for (int i = 0; i < with.resources().size(); i++) {
            LinkUsage a = with.resources().get(i);
            LinkUsage b = without.resources().get(i);
            assertEquals(a.resource(), b.resource());
            assertEquals(a.wireBytes(), b.wireBytes());
            assertEquals(a.busyMs(), b.busyMs(), 0);
            assertEquals(0, b.utilization().size());
        }
        assertEquals(with.pairs(), without.pairs());
    }
}

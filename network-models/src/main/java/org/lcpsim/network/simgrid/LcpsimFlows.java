package org.lcpsim.network.simgrid;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.Scheduler;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.Transfer;
import org.lcpsim.network.flow.FlowEngine;
import org.lcpsim.network.flow.FlowNetwork;

/** Runs a {@link FlowScenario} through lcpsim's flow network on the bare event loop. */
public final class LcpsimFlows {
    private LcpsimFlows() {
    }

    /** Each flow's completion time in seconds, in the scenario's order. */
    public static double[] finishSeconds(FlowScenario scenario, FlowEngine.Mode mode) {
        var model = scenario.lcpsimModel();
        List<String> hosts = scenario.hosts();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            index.put(hosts.get(i), i);
        }
        List<FlowScenario.Flow> flows = scenario.flows();
        double[] done = new double[flows.size()];
        Arrays.fill(done, Double.NaN);
        int[] pending = {flows.size()};
        BareEventLoop.run(new SimulationBody() {
            @Override
            public void start(Scheduler s) {
                FlowNetwork net = model.instantiate(new NetworkContext(s, hosts, new SplittableRandom(1)), mode);
                for (int i = 0; i < flows.size(); i++) {
                    FlowScenario.Flow f = flows.get(i);
                    int id = i;
                    Transfer t = new Transfer(i, index.get(f.src()), new int[] {index.get(f.dst())}, f.bytes(), "f" + i);
                    s.at(f.startS() * 1000, () -> net.send(t, dst -> {
                        done[id] = s.nowMs() / 1000;
                        pending[0]--;
                    }));
                }
            }

            @Override
            public boolean finished() {
                return pending[0] == 0;
            }
        }, Double.POSITIVE_INFINITY);
        if (pending[0] != 0) {
            throw new IllegalStateException(scenario.name() + ": " + pending[0] + " flows did not finish");
        }
        return done;
    }
}

package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.Residency;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Phase;
import org.lcpsim.execution.RequestPlanner;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.workload.Model;

/**
 * Data parallelism as the LCP paper defines it: a whole replica of the model on every device;
 * each request is served by one replica, chosen round robin or as the least loaded (fewest
 * unfinished requests when the request arrives, those whose input is still on its way included;
 * lowest index on ties), skipping the replicas the balancer knows are down
 * ({@link RequestPlanner.LoadView#knownDown}). It raises throughput, not
 * single-image latency, and every device holds the whole model.
 */
public record DataParallel(Balance balance) implements Strategy {
    public enum Balance { ROUND_ROBIN, LEAST_LOADED }

    public DataParallel {
        if (balance == null) {
            throw new IllegalArgumentException("balance must be given");
        }
    }

    @Override
    public String kind() {
        return "data-parallel";
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        int n = ctx.devices();
        ComputeWork work = ComputeWork.of(model.name(), model.layers(), ctx.weights(), ctx.activations());
        List<TaskGraph> graphs = new ArrayList<>();
        List<Residency> residency = new ArrayList<>();
        Residency replica = new Residency(model.weightBytes(ctx.weights()), model.peakActivationBytes(ctx.activations()),
                ctx.inputBytes());
        for (int d = 0; d < n; d++) {
            TaskGraph.Builder g = TaskGraph.builder();
            int[] deps = {};
            if (ctx.sourceNode() != d) {
                deps = new int[] {g.send("input", Phase.INPUT, ctx.sourceNode(), d, ctx.inputBytes())};
            }
            g.compute(model.name() + " replica d" + d, d, work, deps);
            graphs.add(g.build());
            residency.add(replica);
        }
        // a replica the balancer knows is down (its failover timeout passed) gets nothing until it is back:
        // round robin takes the next one that is up, least loaded the least loaded among those up
        RequestPlanner planner = balance == Balance.ROUND_ROBIN
                ? (index, load) -> {
                    int first = (int) (index % n);
                    for (int k = 0; k < n; k++) {
                        int d = (first + k) % n;
                        if (!load.knownDown(d)) {
                            return graphs.get(d);
                        }
                    }
                    return graphs.get(first);
                }
                : (index, load) -> {
                    int best = -1;
                    for (int d = 0; d < n; d++) {
                        if (!load.knownDown(d) && (best < 0 || load.unfinishedTasks(d) < load.unfinishedTasks(best))) {
                            best = d;
                        }
                    }
                    return graphs.get(Math.max(best, 0));
                };
        return new Deployment(kind(), residency, planner, model.params(), model.macs(), 1, 0.0, "original");
    }
}

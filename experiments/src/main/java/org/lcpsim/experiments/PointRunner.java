package org.lcpsim.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.engine.Seeds;
import org.lcpsim.engine.SimulationException;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.ModelCostEstimator;
import org.lcpsim.results.DeviceMemory;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DeployContext;

/**
 * Simulates one design point in two steps. {@link #prepare} deploys the model with the strategy
 * and prepares each device for what it holds: memory, parameters and MACs are then known, and a
 * point that cannot fit ("oom") or cannot be deployed ("error") is finished. {@link #simulate}
 * runs the replications on DSOL and summarizes them. Replication r uses a seed derived from the
 * point's seed and r only, so the same replication of two design points sees the same random
 * streams (common random numbers make comparisons between designs sharper).
 */
public final class PointRunner {
    private final Duration wallLimit;

    public PointRunner(Duration wallLimit) {
        this.wallLimit = wallLimit;
    }

    /** A point after deployment: its result so far (no metrics), and what simulating it needs. */
    public record Prepared(PointResult result, ExperimentSpec spec, Deployment deployment,
                           List<DeviceModel.Prepared> devices) {
        /** True when the point still needs simulating (it deployed and fits). */
        public boolean runnable() {
            return deployment != null && PointResult.OK.equals(result.status());
        }
    }

    public PointResult run(int pointId, ExperimentSpec spec, Map<String, String> sweep, String key) {
        return simulate(prepare(pointId, spec, sweep, key));
    }

    public Prepared prepare(int pointId, ExperimentSpec spec, Map<String, String> sweep, String key) {
        int n = spec.devices().size();
        Deployment deployment;
        try {
            deployment = spec.strategy().deploy(spec.model(), new DeployContext(n, spec.sourceNode(), spec.weights(),
                    spec.activations(), spec.inputBytes(), new ModelCostEstimator(spec.devices(), spec.network(), spec.nodeNames())));
        } catch (RuntimeException e) {
            // a point that cannot be deployed is reported in its row; the other points go on
            return new Prepared(failed(pointId, spec, sweep, "error: " + message(e), key), spec, null, List.of());
        }
        List<DeviceModel.Prepared> prepared = new ArrayList<>(n);
        List<DeviceMemory> memory = new ArrayList<>();
        boolean oom = false;
        try {
            for (int i = 0; i < n; i++) {
                DeviceModel.Prepared p = spec.devices().get(i).prepare(deployment.residency().get(i));
                prepared.add(p);
                if (!deployment.residency().get(i).isEmpty()) {
                    memory.add(new DeviceMemory(spec.nodeNames().get(i), spec.devices().get(i).type(), p.memory()));
                    oom |= p.memory().outOfMemory();
                }
            }
        } catch (RuntimeException e) {
            // a device that cannot take its share is this point's failure, like a strategy that cannot deploy
            return new Prepared(failed(pointId, spec, sweep, "error: " + message(e), key), spec, null, List.of());
        }
        return new Prepared(result(pointId, spec, sweep, deployment, memory, oom ? PointResult.OOM : PointResult.OK, key),
                spec, deployment, prepared);
    }

    public PointResult simulate(Prepared p) {
        if (!p.runnable()) {
            return p.result();
        }
        ExperimentSpec spec = p.spec();
        Executor.Setup setup = new Executor.Setup(p.deployment(), p.devices(), spec.nodeNames(), spec.network(),
                spec.workload(), wallLimit);
        List<ReplicationResult> reps = new ArrayList<>();
        try {
            for (int r = 0; r < spec.replications(); r++) {
                reps.add(Executor.run(setup, replicationSeed(spec.seed(), r)));
            }
        } catch (RuntimeException e) {
            return p.result().with("error: " + message(e), null);
        }
        return p.result().with(PointResult.OK, Metrics.summarize(reps));
    }

    private static String message(RuntimeException e) {
        return e instanceof IllegalArgumentException || e instanceof SimulationException ? e.getMessage() : e.toString();
    }

    /** The seed of replication r of a point with seed {@code seed}. */
    public static long replicationSeed(long seed, int replication) {
        return Seeds.mix(seed, replication);
    }

    private static String deviceType(ExperimentSpec spec, Deployment d) {
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < spec.devices().size(); i++) {
            if (d == null || !d.residency().get(i).isEmpty()) {
                types.add(spec.devices().get(i).type());
            }
        }
        return String.join("+", types);
    }

    private static PointResult result(int id, ExperimentSpec spec, Map<String, String> sweep, Deployment d,
                                      List<DeviceMemory> memory, String status, String key) {
        return new PointResult(id, spec.name(), spec.modelName(), d.strategy(), d.devicesUsed(), d.branches(), d.fatten(),
                d.variant(), deviceType(spec, d), spec.network().name(), spec.workload().requests(), spec.replications(),
                spec.seed(), d.params(), d.macs(), memory, status, null, sweep, key);
    }

    private static PointResult failed(int id, ExperimentSpec spec, Map<String, String> sweep, String status, String key) {
        return new PointResult(id, spec.name(), spec.modelName(), spec.strategy().kind(), 0, 0, 0, "", deviceType(spec, null),
                spec.network().name(), spec.workload().requests(), spec.replications(), spec.seed(), spec.model().params(),
                spec.model().macs(), List.of(), status, null, sweep, key);
    }
}

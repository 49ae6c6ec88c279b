package org.lcpsim.network;

import java.util.List;
import java.util.random.RandomGenerator;

import org.lcpsim.engine.Scheduler;

/**
 * What a network instance gets for one replication: the scheduler, the names of the network
 * nodes (devices d0..dN-1, then the external source if any), its own random stream, and whether
 * anything will read its resources' utilization over time ({@link LinkUsage#utilization()}: only
 * a point's first replication is written out; recording the others' is work thrown away, a fifth
 * of a run's time at 1,024 devices).
 */
public record NetworkContext(Scheduler scheduler, List<String> nodeNames, RandomGenerator random,
                             boolean utilizationSeries) {
    public NetworkContext {
        nodeNames = List.copyOf(nodeNames);
    }

    /** With the utilization series recorded. */
    public NetworkContext(Scheduler scheduler, List<String> nodeNames, RandomGenerator random) {
        this(scheduler, nodeNames, random, true);
    }

    public int nodeCount() {
        return nodeNames.size();
    }
}

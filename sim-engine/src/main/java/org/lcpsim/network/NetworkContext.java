package org.lcpsim.network;

import java.util.List;
import java.util.random.RandomGenerator;

import org.lcpsim.engine.Scheduler;

/**
 * What a network instance gets for one replication: the scheduler, the names of the network
 * nodes (devices d0..dN-1, then the external source if any), and its own random stream.
 */
public record NetworkContext(Scheduler scheduler, List<String> nodeNames, RandomGenerator random) {
    public NetworkContext {
        nodeNames = List.copyOf(nodeNames);
    }

    public int nodeCount() {
        return nodeNames.size();
    }
}

package org.lcpsim.network.flow;

import java.util.List;

/**
 * The resources of one network instance and the routes over them. Built per replication from a
 * {@link TopologySpec} and the run's node names; node indices follow
 * {@link org.lcpsim.network.NetworkContext#nodeNames()}.
 */
public interface Topology {
    List<ResourceSpec> resources();

    /** Fills {@code route} for one copy from {@code src} to {@code dst}; returns the one-way latency (ms). */
    double unicast(int src, int dst, Route route);

    /** Whether a transfer to several destinations goes as one flow ({@link #multicast}). */
    default boolean multicastEnabled() {
        return false;
    }

    /** Fills {@code route} for one flow reaching every destination; returns its latency (ms). */
    default double multicast(int src, int[] dsts, Route route) {
        throw new UnsupportedOperationException("this network does not multicast");
    }

    /** Changes of the resources' capacities over the run (a bandwidth trace, a link down); none by default. */
    default CapacityChanges capacityChanges() {
        return CapacityChanges.NONE;
    }

    /** Whether the node pays transfer energy (a radio or NIC the model accounts for). */
    default boolean paysTransferEnergy(int node) {
        return true;
    }
}

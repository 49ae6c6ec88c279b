package org.lcpsim.network.flow;

import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;

/**
 * A network made of a topology (which resources a transfer loads, and its latency) and the
 * options any topology can take (TCP, RPC costs, variability, energy). Immutable: one model
 * serves many concurrent replications, each with its own {@link FlowNetwork}.
 */
public record FlowNetworkModel(String name, TopologySpec topology, FlowOptions options, int seriesPoints)
        implements NetworkModel {
    public static final int DEFAULT_SERIES_POINTS = 256;

    public FlowNetworkModel {
        if (name == null || topology == null || options == null) {
            throw new IllegalArgumentException("a flow network needs a name, a topology and options");
        }
        if (seriesPoints < 2 || seriesPoints % 2 != 0) {
            throw new IllegalArgumentException("seriesPoints must be an even number >= 2");
        }
    }

    public FlowNetworkModel(String name, TopologySpec topology, FlowOptions options) {
        this(name, topology, options, DEFAULT_SERIES_POINTS);
    }

    public FlowNetworkModel(String name, TopologySpec topology) {
        this(name, topology, FlowOptions.NONE);
    }

    @Override
    public boolean random() {
        return !options.variability().equals(org.lcpsim.network.variability.Variability.NONE);
    }

    @Override
    public FlowNetwork instantiate(NetworkContext context) {
        return new FlowNetwork(this, context, FlowEngine.Mode.INCREMENTAL);
    }

    /** An instance whose engine solves the rates in the given mode (benchmarks and cross-checks). */
    public FlowNetwork instantiate(NetworkContext context, FlowEngine.Mode mode) {
        return new FlowNetwork(this, context, mode);
    }
}

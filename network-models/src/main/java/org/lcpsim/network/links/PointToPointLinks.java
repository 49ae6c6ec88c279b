package org.lcpsim.network.links;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.network.flow.ResourceSpec;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Topology;
import org.lcpsim.network.flow.TopologySpec;

/**
 * A dedicated link per ordered pair of nodes: a message takes {@code latencyMs + bytes / bandwidth}
 * when alone on its link; concurrent messages between the same two nodes in the same direction
 * share that link fairly, and nothing else is shared. (sim-engine's PointToPointNetwork is the
 * same with no sharing even on one pair.)
 */
public record PointToPointLinks(double latencyMs, double bandwidthMbps) implements TopologySpec {
    public static final String KIND = "point-to-point";

    public PointToPointLinks {
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs) || !(bandwidthMbps > 0) || Double.isInfinite(bandwidthMbps)) {
            throw new IllegalArgumentException("point-to-point needs finite latencyMs >= 0 and bandwidthMbps > 0");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Topology build(List<String> nodeNames) {
        int n = nodeNames.size();
        List<ResourceSpec> resources = new ArrayList<>(n * n);
        for (int s = 0; s < n; s++) {
            for (int d = 0; d < n; d++) {
                // the diagonal is never used; keeping it makes the index s * n + d
                resources.add(new ResourceSpec(nodeNames.get(s) + "->" + nodeNames.get(d), bandwidthMbps));
            }
        }
        List<ResourceSpec> fixed = List.copyOf(resources);
        return new Topology() {
            @Override
            public List<ResourceSpec> resources() {
                return fixed;
            }

            @Override
            public double unicast(int src, int dst, Route route) {
                route.add(src * n + dst, 1);
                return latencyMs;
            }
        };
    }
}

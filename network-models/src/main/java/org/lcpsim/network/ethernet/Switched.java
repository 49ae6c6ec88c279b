package org.lcpsim.network.ethernet;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.network.flow.ResourceSpec;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Topology;
import org.lcpsim.network.flow.TopologySpec;

/**
 * A star of full-duplex links around one switch: every node has an uplink (node to switch) and a
 * downlink (switch to node) of {@code portMbps} each (the external source may have its own
 * {@code sourcePortMbps}); a message loads its sender's uplink and its receiver's downlink, and the
 * switch fabric when {@code backplaneMbps} is finite. Latency: {@code switchLatencyMs} plus
 * {@code hopLatencyMs} per cable (two hops). With {@code multicast} (IGMP snooping), a transfer to
 * several destinations crosses the sender's uplink once and each receiver's downlink.
 */
public record Switched(double portMbps, double sourcePortMbps, double switchLatencyMs, double hopLatencyMs,
                       double backplaneMbps, boolean multicast) implements TopologySpec {
    public static final String KIND = "switched";

    public Switched {
        check(portMbps > 0 && !Double.isInfinite(portMbps), "portMbps must be finite and > 0");
        check(sourcePortMbps > 0 && !Double.isInfinite(sourcePortMbps), "sourcePortMbps must be finite and > 0");
        check(switchLatencyMs >= 0 && !Double.isInfinite(switchLatencyMs), "switchLatencyMs must be finite and >= 0");
        check(hopLatencyMs >= 0 && !Double.isInfinite(hopLatencyMs), "hopLatencyMs must be finite and >= 0");
        check(backplaneMbps > 0, "backplaneMbps must be > 0 (infinite for a non-blocking switch)");
    }

    public static Switched star(double portMbps, double switchLatencyMs, double hopLatencyMs) {
        return new Switched(portMbps, portMbps, switchLatencyMs, hopLatencyMs, Double.POSITIVE_INFINITY, false);
    }

    public double latencyMs() {
        return switchLatencyMs + 2 * hopLatencyMs;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Topology build(List<String> nodeNames) {
        int n = nodeNames.size();
        List<ResourceSpec> resources = new ArrayList<>(2 * n + 1);
        for (int i = 0; i < n; i++) {
            // every external source (one per external stream) has the source's port
            double mbps = TopologySpec.isSource(nodeNames.get(i)) ? sourcePortMbps : portMbps;
            resources.add(new ResourceSpec(nodeNames.get(i) + ".up", mbps));
            resources.add(new ResourceSpec(nodeNames.get(i) + ".down", mbps));
        }
        int fabric = backplaneMbps == Double.POSITIVE_INFINITY ? -1 : resources.size();
        if (fabric >= 0) {
            resources.add(new ResourceSpec("backplane", backplaneMbps));
        }
        List<ResourceSpec> fixed = List.copyOf(resources);
        double latency = latencyMs();
        return new Topology() {
            @Override
            public List<ResourceSpec> resources() {
                return fixed;
            }

            @Override
            public double unicast(int src, int dst, Route route) {
                route.add(2 * src, 1).add(2 * dst + 1, 1);
                if (fabric >= 0) {
                    route.add(fabric, 1);
                }
                return latency;
            }

            @Override
            public boolean multicastEnabled() {
                return multicast;
            }

            @Override
            public double multicast(int src, int[] dsts, Route route) {
                route.add(2 * src, 1);
                for (int d : dsts) {
                    route.add(2 * d + 1, 1);
                }
                if (fabric >= 0) {
                    route.add(fabric, 1);
                }
                return latency;
            }
        };
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("switched: " + message);
        }
    }
}

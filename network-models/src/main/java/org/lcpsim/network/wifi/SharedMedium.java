package org.lcpsim.network.wifi;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.network.flow.ResourceSpec;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Topology;
import org.lcpsim.network.flow.TopologySpec;

/**
 * One WiFi cell (infrastructure mode, one access point): a single channel whose airtime every
 * transfer of the cell shares. The air carries {@code bandwidthMbps * airtimeEfficiency} of payload
 * per crossing; a station-to-station byte is relayed by the access point and crosses the air
 * twice, a byte between a station and a wired host behind the AP once. Flows share airtime
 * max-min fairly with equal rates (802.11 DCF's per-station throughput fairness).
 *
 * <p>The external source (node "source", last; with several streams one node "source.NAME" per
 * external camera, each with its own link) is a station unless {@code sourceWired}; then its
 * messages take {@code sourceLatencyMs} and, when {@code sourceLinkMbps} is finite, also load a
 * full-duplex wired link to the AP. With {@code multicast}, a transfer to several destinations is
 * one flow: up to the AP once (from a station) and one broadcast down at
 * {@code multicastRateFactor} of the unicast rate (802.11 sends group frames at a basic rate
 * unless the AP converts them to unicast).
 */
public record SharedMedium(double bandwidthMbps, double airtimeEfficiency, double latencyMs, boolean sourceWired,
                           double sourceLatencyMs, double sourceLinkMbps, boolean multicast,
                           double multicastRateFactor) implements TopologySpec {
    public static final String KIND = "shared-medium";

    public SharedMedium {
        check(bandwidthMbps > 0 && !Double.isInfinite(bandwidthMbps), "bandwidthMbps must be finite and > 0");
        check(airtimeEfficiency > 0 && airtimeEfficiency <= 1, "airtimeEfficiency must be in (0, 1]");
        check(latencyMs >= 0 && !Double.isInfinite(latencyMs), "latencyMs must be finite and >= 0");
        check(sourceLatencyMs >= 0 && !Double.isInfinite(sourceLatencyMs), "sourceLatencyMs must be finite and >= 0");
        check(sourceLinkMbps > 0, "sourceLinkMbps must be > 0 (infinite for no wired bottleneck)");
        check(multicastRateFactor > 0 && multicastRateFactor <= 1, "multicastRateFactor must be in (0, 1]");
    }

    /** A cell with every node a station, unicast only. */
    public static SharedMedium stations(double bandwidthMbps, double latencyMs) {
        return new SharedMedium(bandwidthMbps, 1.0, latencyMs, false, latencyMs, Double.POSITIVE_INFINITY, false, 1.0);
    }

    /**
     * Calibrated from a measured station-to-station throughput: the air then carries twice that
     * (each byte crosses it twice), with the efficiency already inside the measurement.
     */
    public static double airMbpsForStationToStation(double stationToStationMbps) {
        return 2 * stationToStationMbps;
    }

    /** Payload Mbps of one air crossing. */
    public double airMbps() {
        return bandwidthMbps * airtimeEfficiency;
    }

    public SharedMedium withMulticast(boolean on) {
        return new SharedMedium(bandwidthMbps, airtimeEfficiency, latencyMs, sourceWired, sourceLatencyMs, sourceLinkMbps,
                on, multicastRateFactor);
    }

    public SharedMedium withSourceWired(boolean wired) {
        return new SharedMedium(bandwidthMbps, airtimeEfficiency, latencyMs, wired, sourceLatencyMs, sourceLinkMbps,
                multicast, multicastRateFactor);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Topology build(List<String> nodeNames) {
        // every external source (one per external stream) is wired when the source is: each its own link to the AP
        int n = nodeNames.size();
        boolean[] wired = new boolean[n];
        int[] up = new int[n];
        java.util.Arrays.fill(up, -1);
        List<ResourceSpec> resources = new ArrayList<>();
        resources.add(new ResourceSpec("air", airMbps()));
        for (int i = 0; i < n; i++) {
            wired[i] = sourceWired && TopologySpec.isSource(nodeNames.get(i));
            if (wired[i] && sourceLinkMbps != Double.POSITIVE_INFINITY) {
                up[i] = resources.size();
                resources.add(new ResourceSpec(nodeNames.get(i) + ".up", sourceLinkMbps));
                resources.add(new ResourceSpec(nodeNames.get(i) + ".down", sourceLinkMbps));
            }
        }
        List<ResourceSpec> fixed = List.copyOf(resources);
        return new Topology() {
            static final int AIR = 0;

            @Override
            public List<ResourceSpec> resources() {
                return fixed;
            }

            @Override
            public double unicast(int src, int dst, Route route) {
                route.add(AIR, (wired[src] ? 0 : 1) + (wired[dst] ? 0 : 1));
                if (up[src] >= 0) {
                    route.add(up[src], 1);
                }
                if (up[dst] >= 0) {
                    route.add(up[dst] + 1, 1);
                }
                return wired[src] || wired[dst] ? sourceLatencyMs : latencyMs;
            }

            @Override
            public boolean multicastEnabled() {
                return multicast;
            }

            @Override
            public double multicast(int src, int[] dsts, Route route) {
                boolean stationReceives = false;
                double latency = 0;
                for (int d : dsts) {
                    stationReceives |= !wired[d];
                    latency = Math.max(latency, wired[src] || wired[d] ? sourceLatencyMs : latencyMs);
                }
                route.add(AIR, (wired[src] ? 0 : 1) + (stationReceives ? 1 / multicastRateFactor : 0));
                if (up[src] >= 0) {
                    route.add(up[src], 1);
                }
                for (int d : dsts) {
                    if (up[d] >= 0) {
                        route.add(up[d] + 1, 1);
                    }
                }
                return latency;
            }

            @Override
            public boolean paysTransferEnergy(int node) {
                return !wired[node];
            }
        };
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("shared-medium: " + message);
        }
    }
}

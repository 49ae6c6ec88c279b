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
 * <p>The external source (node "source", last) is a station unless {@code sourceWired}; then its
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
        int source = TopologySpec.sourceIndex(nodeNames);
        int wired = sourceWired ? source : -1;
        boolean link = wired >= 0 && sourceLinkMbps != Double.POSITIVE_INFINITY;
        List<ResourceSpec> resources = new ArrayList<>();
        resources.add(new ResourceSpec("air", airMbps()));
        if (link) {
            resources.add(new ResourceSpec("source.up", sourceLinkMbps));
            resources.add(new ResourceSpec("source.down", sourceLinkMbps));
        }
        List<ResourceSpec> fixed = List.copyOf(resources);
        return new Topology() {
            static final int AIR = 0;
            static final int UP = 1;
            static final int DOWN = 2;

            @Override
            public List<ResourceSpec> resources() {
                return fixed;
            }

            @Override
            public double unicast(int src, int dst, Route route) {
                route.add(AIR, (src == wired ? 0 : 1) + (dst == wired ? 0 : 1));
                if (link && src == wired) {
                    route.add(UP, 1);
                }
                if (link && dst == wired) {
                    route.add(DOWN, 1);
                }
                return src == wired || dst == wired ? sourceLatencyMs : latencyMs;
            }

            @Override
            public boolean multicastEnabled() {
                return multicast;
            }

            @Override
            public double multicast(int src, int[] dsts, Route route) {
                boolean stationReceives = false;
                boolean wiredReceives = false;
                double latency = 0;
                for (int d : dsts) {
                    stationReceives |= d != wired;
                    wiredReceives |= d == wired;
                    latency = Math.max(latency, src == wired || d == wired ? sourceLatencyMs : latencyMs);
                }
                route.add(AIR, (src == wired ? 0 : 1) + (stationReceives ? 1 / multicastRateFactor : 0));
                if (link && src == wired) {
                    route.add(UP, 1);
                }
                if (link && wiredReceives) {
                    route.add(DOWN, 1);
                }
                return latency;
            }

            @Override
            public boolean paysTransferEnergy(int node) {
                return node != wired;
            }
        };
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("shared-medium: " + message);
        }
    }
}

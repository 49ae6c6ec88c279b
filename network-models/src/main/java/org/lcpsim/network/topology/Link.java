package org.lcpsim.network.topology;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A part of a topology that carries traffic between nodes: a wired link between two nodes, or a
 * WiFi cell (one access point, its stations, one air that all of them share).
 */
public sealed interface Link permits Link.Wired, Link.Cell {
    String name();

    /** The capacity over time (a trace, windows down); {@link CapacityProfile#CONSTANT} for none. */
    CapacityProfile capacity();

    Site site();

    /** The Mbps the link's resources have before any change: a wired link's bandwidth, a cell's air. */
    double nominalMbps();

    /**
     * A cable (or any point-to-point hop) between {@code a} and {@code b}: {@code full-duplex} is
     * two resources of {@code mbps}, one per direction; {@code shared} (half duplex) is one resource
     * both directions use. A message crossing it waits {@code latencyMs}.
     */
    record Wired(String name, String a, String b, double mbps, double latencyMs, boolean shared, CapacityProfile capacity,
                 Site site) implements Link {
        public Wired {
            Names.check(name, "link name");
            Names.check(a, "node name");
            Names.check(b, "node name");
            if (a.equals(b)) {
                throw new IllegalArgumentException("link " + name + " joins " + a + " to itself");
            }
            if (!(mbps > 0) || Double.isInfinite(mbps) || !(latencyMs >= 0) || Double.isInfinite(latencyMs)) {
                throw new IllegalArgumentException("link " + name + " needs finite bandwidthMbps > 0 and latencyMs >= 0");
            }
            if (capacity == null || site == null) {
                throw new IllegalArgumentException("link " + name + " needs a capacity profile and a site");
            }
        }

        @Override
        public double nominalMbps() {
            return mbps;
        }
    }

    /**
     * A WiFi cell in infrastructure mode: the access point {@code ap} relays between its stations,
     * and between them and whatever is wired to it. One resource, the air, of {@code airMbps} of
     * payload per crossing; a byte from a station to the AP (or back) crosses once, so station to
     * station crosses twice (as {@link org.lcpsim.network.wifi.SharedMedium} has it). A station at
     * a lower rate ({@code stationRates}: its Mbps per crossing) holds the air longer per byte:
     * each of its bytes uses {@code airMbps / rate} units of the air. A crossing waits
     * {@code apLatencyMs}; station to station is {@code 2 x apLatencyMs}, {@code latencyMs}
     * by default. With multicast, the AP sends one broadcast down to every receiving station at
     * {@code multicastRateFactor} of the air's rate.
     */
    record Cell(String name, String ap, List<String> stations, double airMbps, double apLatencyMs,
                Map<String, Double> stationRates, double multicastRateFactor, CapacityProfile capacity, Site site)
            implements Link {
        public Cell {
            Names.check(name, "cell name");
            Names.check(ap, "node name");
            stations = List.copyOf(stations);
            stationRates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stationRates));
            if (stations.isEmpty()) {
                throw new IllegalArgumentException("cell " + name + " needs at least one station");
            }
            Set<String> seen = new HashSet<>();
            for (String s : stations) {
                Names.check(s, "node name");
                if (s.equals(ap) || !seen.add(s)) {
                    throw new IllegalArgumentException("cell " + name + ": station " + s + " is listed twice or is its AP");
                }
            }
            if (!(airMbps > 0) || Double.isInfinite(airMbps) || !(apLatencyMs >= 0) || Double.isInfinite(apLatencyMs)) {
                throw new IllegalArgumentException("cell " + name + " needs a finite air bandwidth > 0 and latency >= 0");
            }
            for (Map.Entry<String, Double> e : stationRates.entrySet()) {
                if (!seen.contains(e.getKey()) || !(e.getValue() > 0) || e.getValue() > airMbps) {
                    throw new IllegalArgumentException("cell " + name + ": the rate of " + e.getKey()
                            + " must be a station's, in (0, " + airMbps + "] Mbps");
                }
            }
            if (!(multicastRateFactor > 0 && multicastRateFactor <= 1)) {
                throw new IllegalArgumentException("cell " + name + ": multicastRateFactor must be in (0, 1]");
            }
            if (capacity == null || site == null) {
                throw new IllegalArgumentException("cell " + name + " needs a capacity profile and a site");
            }
        }

        @Override
        public double nominalMbps() {
            return airMbps;
        }

        /** Units of the air one byte of {@code station} uses per crossing: 1 at the cell's rate. */
        public double airPerByte(String station) {
            Double rate = stationRates.get(station);
            return rate == null ? 1.0 : airMbps / rate;
        }
    }
}

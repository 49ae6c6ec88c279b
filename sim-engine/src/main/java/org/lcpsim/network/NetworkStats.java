package org.lcpsim.network;

import java.util.List;

/**
 * Usage of the network's resources over one run, the application payload each ordered pair of
 * nodes exchanged, and the energy the radios/NICs spent on it (0 where the model knows no
 * energy figure).
 */
public record NetworkStats(List<LinkUsage> resources, double transferEnergyJ, List<PairTraffic> pairs) {
    public static final NetworkStats EMPTY = new NetworkStats(List.of(), 0);

    public NetworkStats {
        resources = List.copyOf(resources);
        pairs = List.copyOf(pairs);
        if (transferEnergyJ < 0) {
            throw new IllegalArgumentException("transfer energy must be >= 0");
        }
    }

    public NetworkStats(List<LinkUsage> resources, double transferEnergyJ) {
        this(resources, transferEnergyJ, List.of());
    }

    /** Application bytes delivered, each destination counted (from {@link #pairs}). */
    public long payloadBytes() {
        long s = 0;
        for (PairTraffic p : pairs) {
            s += p.payloadBytes();
        }
        return s;
    }

    /** Energy per delivered application byte; NaN when nothing was delivered. */
    public double energyJPerByte() {
        long bytes = payloadBytes();
        return bytes == 0 ? Double.NaN : transferEnergyJ / bytes;
    }
}

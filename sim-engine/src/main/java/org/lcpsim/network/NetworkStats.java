package org.lcpsim.network;

import java.util.List;

/** Usage of the network's resources over one run, and the energy its radios/NICs spent on it. */
public record NetworkStats(List<LinkUsage> resources, double transferEnergyJ) {
    public static final NetworkStats EMPTY = new NetworkStats(List.of(), 0);

    public NetworkStats {
        resources = List.copyOf(resources);
    }
}

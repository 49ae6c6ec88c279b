package org.lcpsim.network.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.flow.FlowNetworkModel;

/**
 * Link faults of an experiment ({@code faults: [{link: NAME, atS, untilS}]}) on a topology: each
 * is a window in which the link (a wired link, or a cell's air) is down, exactly as a
 * {@code down:} window written on the link: its capacity is 0 over the window, whatever its trace
 * says, and its flows stall and resume (docs/network-models.md, "Capacity over time").
 */
public final class LinkFaults {
    private LinkFaults() {
    }

    /** The topology of a network, or null when it has none (a shared medium, a switch, point to point). */
    public static TopologyNetwork topology(NetworkModel network) {
        return network instanceof FlowNetworkModel f && f.topology() instanceof TopologyNetwork t ? t : null;
    }

    /** At most 8 names, then how many more (as a topology's messages list them). */
    public static String list(List<String> names) {
        return TopologyNetwork.list(names);
    }

    /** The names of a topology's links and cells, in the order written. */
    public static List<String> names(TopologyNetwork t) {
        List<String> out = new ArrayList<>();
        for (Link l : t.links()) {
            out.add(l.name());
        }
        return out;
    }

    /**
     * The same network with these links down in these windows ({@code down}: per link name, its
     * windows as {from ms, until ms}); a network without a topology, or no windows, is returned as is.
     */
    public static NetworkModel withDown(NetworkModel network, Map<String, List<double[]>> down) {
        TopologyNetwork t = topology(network);
        if (t == null || down.isEmpty()) {
            return network;
        }
        List<Link> links = new ArrayList<>();
        for (Link l : t.links()) {
            List<double[]> windows = down.get(l.name());
            if (windows == null || windows.isEmpty()) {
                links.add(l);
                continue;
            }
            CapacityProfile p = overlay(l.capacity(), l.nominalMbps(), windows);
            if (l instanceof Link.Wired w) {
                links.add(new Link.Wired(w.name(), w.a(), w.b(), w.mbps(), w.latencyMs(), w.shared(), p, w.site()));
            } else {
                Link.Cell c = (Link.Cell) l;
                links.add(new Link.Cell(c.name(), c.ap(), c.stations(), c.airMbps(), c.apLatencyMs(), c.stationRates(),
                        c.multicastRateFactor(), p, c.site()));
            }
        }
        FlowNetworkModel f = (FlowNetworkModel) network;
        return new FlowNetworkModel(f.name(), new TopologyNetwork(t.nodes(), links, t.routes(), t.multicast(), t.site()),
                f.options(), f.seriesPoints());
    }

    /** A profile with windows at 0 over it: 0 inside any window, the profile's own capacity elsewhere. */
    static CapacityProfile overlay(CapacityProfile p, double nominalMbps, List<double[]> windows) {
        double[] from = new double[windows.size()];
        double[] until = new double[windows.size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = windows.get(i)[0];
            until[i] = windows.get(i)[1];
        }
        // the profile's own changes are a trace as any other; the windows win over it
        return CapacityProfile.of(nominalMbps, p.timeMs(), p.mbps(), from, until);
    }
}

package org.lcpsim.network;

import java.util.Arrays;

/**
 * One message of {@code bytes} application payload from {@code source} to one or more
 * destinations (network node indices). Several destinations mean "the same bytes to each":
 * a network that can multicast sends them once, others send one copy per destination.
 */
public record Transfer(long id, int source, int[] destinations, long bytes, String label) {
    public Transfer {
        if (bytes < 0) {
            throw new IllegalArgumentException("transfer bytes must be >= 0");
        }
        if (destinations.length == 0) {
            throw new IllegalArgumentException("transfer needs a destination");
        }
        destinations = destinations.clone();
        for (int d : destinations) {
            if (d == source) {
                throw new IllegalArgumentException("transfer " + label + " sends to its own source " + source);
            }
        }
    }

    @Override
    public int[] destinations() {
        return destinations.clone();
    }

    public int destinationCount() {
        return destinations.length;
    }

    public int destination(int i) {
        return destinations[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transfer t && t.id == id && t.source == source && t.bytes == bytes
                && Arrays.equals(t.destinations, destinations) && t.label.equals(label);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(destinations);
    }

    @Override
    public String toString() {
        return "Transfer[" + label + " " + source + "->" + Arrays.toString(destinations) + " " + bytes + " B]";
    }
}

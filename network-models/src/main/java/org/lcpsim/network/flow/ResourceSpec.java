package org.lcpsim.network.flow;

/**
 * A network resource flows share: a link direction, a switch port, the air of a WiFi cell.
 * An infinite capacity makes it an accounting-only resource: it is never a bottleneck but its
 * traffic is still counted (a contention-free link).
 */
public record ResourceSpec(String name, double capacityMbps) {
    public ResourceSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a resource needs a name");
        }
        if (!(capacityMbps > 0)) {
            throw new IllegalArgumentException("resource " + name + " needs a capacity > 0 Mbps, got " + capacityMbps);
        }
    }

    /** Capacity in bytes per millisecond (1 Mbps = 125 bytes per ms). */
    public double bytesPerMs() {
        return Units.bytesPerMs(capacityMbps);
    }
}

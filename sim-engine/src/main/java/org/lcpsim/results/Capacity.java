package org.lcpsim.results;

/**
 * The largest rate a design sustains ({@code ips}, images (inferences) per second: requests per
 * second times the images each request carries, the same at batch 1), measured by
 * {@link org.lcpsim.execution.CapacityProbe}; the busiest resource at that rate
 * ({@code bottleneck}: a device such as d0, or a network resource such as air) and its
 * utilization (near 1 when it is what limits the design); {@code probe} says how the saturating
 * run offered its requests. Infinite when a request uses no resource time at all.
 */
public record Capacity(double ips, String bottleneck, double utilization, String probe) {
    public Capacity {
        bottleneck = bottleneck == null ? "" : bottleneck;
        probe = probe == null ? "" : probe;
    }
}

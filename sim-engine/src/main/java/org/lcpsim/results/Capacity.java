package org.lcpsim.results;

/**
 * The largest rate a design sustains ({@code ips}, images (inferences) per second: requests per
 * second times the images each request carries, the same at batch 1), measured by
 * {@link org.lcpsim.execution.CapacityProbe}; the busiest resource at that rate
 * ({@code bottleneck}: a device such as d0, or a network resource such as air) and its
 * utilization (near 1 when it is what limits the design); {@code probe} says how the saturating
 * run offered its requests. Infinite when a request uses no resource time at all.
 *
 * @param ips the capacity in images per second
 * @param bottleneck the busiest resource at that rate
 * @param utilization the bottleneck's utilization at that rate, 0 to 1
 * @param probe how the saturating run offered its requests
 */
public record Capacity(double ips, String bottleneck, double utilization, String probe) {
    /**
     * Reads null texts as empty.
     *
     * @param ips the capacity in images per second
     * @param bottleneck the busiest resource at that rate
     * @param utilization the bottleneck's utilization at that rate, 0 to 1
     * @param probe how the saturating run offered its requests
     */
    public Capacity {
        bottleneck = bottleneck == null ? "" : bottleneck;
        probe = probe == null ? "" : probe;
    }
}

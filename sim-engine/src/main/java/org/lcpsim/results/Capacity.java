package org.lcpsim.results;

/**
 * The largest request rate a design sustains ({@code ips}, requests per second), measured by
 * {@link org.lcpsim.execution.CapacityProbe} with {@code concurrency} requests in flight; the
 * busiest resource at that rate ({@code bottleneck}: a device such as d0, or a network resource)
 * and its utilization (near 1 when it is what limits the design). Infinite when a request uses no
 * resource time at all.
 */
public record Capacity(double ips, int concurrency, String bottleneck, double utilization) {
    public Capacity {
        bottleneck = bottleneck == null ? "" : bottleneck;
    }
}

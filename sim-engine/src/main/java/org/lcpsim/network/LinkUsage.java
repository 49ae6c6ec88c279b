package org.lcpsim.network;

/**
 * Traffic over one network resource (a link, a port, the shared medium) during a run.
 * {@code wireBytes} counts a byte each time it used the resource (a WiFi station-to-station byte
 * crosses the air twice) and includes protocol overhead the model adds; {@code busyMs} is the time
 * the resource carried at least one flow; {@code capacityMbps} is NaN when the resource has no
 * meaningful capacity (contention-free links); {@code utilization} is the carried rate over time.
 */
public record LinkUsage(String resource, long wireBytes, double busyMs, double capacityMbps, RateSeries utilization) {
    public LinkUsage {
        if (wireBytes < 0 || busyMs < 0) {
            throw new IllegalArgumentException("link usage must be >= 0");
        }
        if (utilization == null) {
            utilization = RateSeries.EMPTY;
        }
    }

    /** Without capacity or time series (the contention-free point-to-point reference). */
    public LinkUsage(String resource, long wireBytes, double busyMs) {
        this(resource, wireBytes, busyMs, Double.NaN, RateSeries.EMPTY);
    }

    /** Mean fraction of the capacity used over a window; NaN without a finite capacity. */
    public double utilization(double windowMs) {
        if (!(capacityMbps > 0) || Double.isInfinite(capacityMbps) || !(windowMs > 0)) {
            return Double.NaN;
        }
        return wireBytes * 8.0 / (capacityMbps * 1000.0 * windowMs);
    }
}

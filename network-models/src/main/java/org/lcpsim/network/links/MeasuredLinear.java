package org.lcpsim.network.links;

import java.util.List;

import org.lcpsim.network.flow.ResourceSpec;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Topology;
import org.lcpsim.network.flow.TopologySpec;
import org.lcpsim.network.flow.Units;

/**
 * An empirical line t = interceptMs + slopeMsPerKB * bytes / bytesPerKB for one transfer alone,
 * such as the RA-L 2018 fit on the Pi WiFi (t[s] = 0.0002 d[kB] + 0.002). Taken apart as a
 * latency (the intercept) and a rate (1 / slope). Concurrent transfers: with {@code shared} they
 * share one channel of that rate max-min fairly (the line was measured on a shared WiFi cell, so
 * two concurrent transfers each take about twice as long); without, each transfer gets the whole
 * rate whatever else is in flight (the line applied blindly, as a per-transfer cost).
 */
public record MeasuredLinear(double interceptMs, double slopeMsPerKB, double bytesPerKB, boolean shared)
        implements TopologySpec {
    public static final String KIND = "measured-linear";

    public MeasuredLinear {
        if (!(interceptMs >= 0) || Double.isInfinite(interceptMs)) {
            throw new IllegalArgumentException("measured-linear: interceptMs must be finite and >= 0");
        }
        if (!(slopeMsPerKB > 0) || Double.isInfinite(slopeMsPerKB)) {
            throw new IllegalArgumentException("measured-linear: slopeMsPerKB must be finite and > 0");
        }
        if (!(bytesPerKB > 0)) {
            throw new IllegalArgumentException("measured-linear: bytesPerKB must be > 0");
        }
    }

    /** The rate the slope stands for. */
    public double rateMbps() {
        return Units.mbps(bytesPerKB / slopeMsPerKB);
    }

    /** The line itself, for one transfer alone. */
    public double transferMs(long bytes) {
        return interceptMs + slopeMsPerKB * bytes / bytesPerKB;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Topology build(List<String> nodeNames) {
        double rateBytesPerMs = bytesPerKB / slopeMsPerKB;
        List<ResourceSpec> resources = List.of(new ResourceSpec("channel",
                shared ? rateMbps() : Double.POSITIVE_INFINITY));
        return new Topology() {
            @Override
            public List<ResourceSpec> resources() {
                return resources;
            }

            @Override
            public double unicast(int src, int dst, Route route) {
                route.add(0, 1);
                if (!shared) {
                    route.bound(rateBytesPerMs);
                }
                return interceptMs;
            }
        };
    }
}

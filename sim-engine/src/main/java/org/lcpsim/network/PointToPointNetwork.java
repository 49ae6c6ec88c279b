package org.lcpsim.network;

import java.util.List;

/**
 * Every pair of nodes has its own link, never shared: a message takes
 * {@code latencyMs + bytes * 8 / (bandwidthMbps * 1000)} ms, whatever else is in flight.
 * The contention-free reference the flow-level models reduce to with one flow.
 */
public record PointToPointNetwork(String name, double latencyMs, double bandwidthMbps) implements NetworkModel {
    public PointToPointNetwork {
        if (!(latencyMs >= 0) || !(bandwidthMbps > 0)) {
            throw new IllegalArgumentException("point-to-point needs latencyMs >= 0 and bandwidthMbps > 0");
        }
    }

    public double transferMs(long bytes) {
        // Mbps = 1000 bits per ms
        return latencyMs + bytes * 8.0 / (bandwidthMbps * 1000.0);
    }

    @Override
    public Instance instantiate(NetworkContext context) {
        return new Instance() {
            private long wireBytes;
            private double busyMs;

            @Override
            public void send(Transfer t, DeliveryListener listener) {
                double ms = transferMs(t.bytes());
                for (int i = 0; i < t.destinationCount(); i++) {
                    int dst = t.destination(i);
                    wireBytes += t.bytes();
                    busyMs += ms;
                    context.scheduler().after(ms, () -> listener.delivered(dst));
                }
            }

            @Override
            public NetworkStats stats() {
                return new NetworkStats(List.of(new LinkUsage("point-to-point links", wireBytes, busyMs)), 0);
            }
        };
    }
}

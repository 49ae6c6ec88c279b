package org.lcpsim.network.tcp;

/**
 * TCP on top of any flow model, after SimGrid's LV08 model (Velho and Legrand 2009, "Accuracy
 * study and improvement of network simulation in the SimGrid framework"; SimGrid docs, "The TCP
 * models"):
 * <ul>
 * <li>only {@code bandwidthFactor} of the capacity carries payload (headers): a message of B bytes
 * puts B / bandwidthFactor bytes on the wire (LV08: 0.97);</li>
 * <li>the one-way latency is multiplied by {@code latencyFactor}, an empirical stand-in for slow
 * start (LV08: 13.01);</li>
 * <li>a flow's payload rate never exceeds {@code windowBytes / RTT} with RTT = 2 x the route's
 * physical latency (CM02's window limit; SimGrid's TCP_gamma, default 4 MiB); 0 disables it;</li>
 * <li>ACKs: the flow also loads its reverse route with {@code ackFactor} of its rate (LV08's
 * cross-traffic, 0.05); on a full-duplex link that is another resource, on a shared medium the
 * same one.</li>
 * </ul>
 * SimGrid shares a saturated link in inverse proportion to RTT; here sharing stays max-min with
 * equal weights (all flows of one cluster have similar RTTs).
 */
public record TcpOverlay(double bandwidthFactor, double latencyFactor, double windowBytes, double ackFactor) {
    public static final TcpOverlay NONE = new TcpOverlay(1.0, 1.0, 0, 0);
    public static final TcpOverlay LV08 = new TcpOverlay(0.97, 13.01, 4_194_304, 0.05);

    public TcpOverlay {
        if (!(bandwidthFactor > 0 && bandwidthFactor <= 1)) {
            throw new IllegalArgumentException("bandwidthFactor must be in (0, 1], got " + bandwidthFactor);
        }
        if (!(latencyFactor > 0) || Double.isInfinite(latencyFactor)) {
            throw new IllegalArgumentException("latencyFactor must be > 0, got " + latencyFactor);
        }
        if (!(windowBytes >= 0) || Double.isInfinite(windowBytes)) {
            throw new IllegalArgumentException("windowBytes must be >= 0, got " + windowBytes);
        }
        if (!(ackFactor >= 0) || Double.isInfinite(ackFactor)) {
            throw new IllegalArgumentException("ackFactor must be >= 0, got " + ackFactor);
        }
    }

    public boolean isNone() {
        return bandwidthFactor == 1 && latencyFactor == 1 && windowBytes == 0 && ackFactor == 0;
    }

    /** Bytes on the wire for a payload. */
    public double wireBytes(double payloadBytes) {
        return payloadBytes / bandwidthFactor;
    }

    public double latencyMs(double physicalLatencyMs) {
        return physicalLatencyMs * latencyFactor;
    }

    /** The window limit on the wire rate (bytes per ms), +infinity when off or without latency. */
    public double windowBoundWireBytesPerMs(double physicalLatencyMs) {
        if (windowBytes == 0 || physicalLatencyMs <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return windowBytes / (2 * physicalLatencyMs) / bandwidthFactor;
    }
}

package org.lcpsim.network.tcp;

/**
 * TCP on top of any flow model, after SimGrid's LV08 model (Velho and Legrand 2009, "Accuracy
 * study and improvement of network simulation in the SimGrid framework"; SimGrid docs, "The TCP
 * models"), with SimGrid 3.32's defaults:
 * <ul>
 * <li>only {@code bandwidthFactor} of the capacity carries payload (headers): a message of B bytes
 * puts B / bandwidthFactor bytes on the wire (LV08: 0.97, SimGrid's network/bandwidth-factor);</li>
 * <li>the one-way latency is multiplied by {@code latencyFactor}, an empirical stand-in for slow
 * start (LV08: 13.01, network/latency-factor);</li>
 * <li>a flow's <em>wire</em> rate never exceeds {@code windowBytes / RTT} with RTT = 2 x the route's
 * physical latency, so its payload rate is at most {@code bandwidthFactor * windowBytes / RTT}, as
 * SimGrid bounds its flows (network/TCP-gamma, default 4 MiB); 0 disables it;</li>
 * <li>ACKs: the flow also loads its reverse route with {@code ackFactor} of its rate (LV08's
 * cross-traffic, network/crosstraffic: 0.05); on a full-duplex link that is another resource, on
 * a shared medium the same one;</li>
 * <li>{@code weightS} (bytes, LV08: 20537, network/weight-S) enters the sharing weight when the
 * network shares by round-trip time ({@code sharing: rtt}): a flow's penalty is its latency plus
 * weightS / bandwidth of every link it crosses. With equal sharing it has no effect.</li>
 * </ul>
 * {@link #CM02} is SimGrid's CM02 model in the same terms: no factors, no weight-S term, the window
 * and the cross-traffic kept.
 */
public record TcpOverlay(double bandwidthFactor, double latencyFactor, double windowBytes, double ackFactor,
        double weightS) {
    public static final TcpOverlay NONE = new TcpOverlay(1.0, 1.0, 0, 0, 0);
    public static final TcpOverlay LV08 = new TcpOverlay(0.97, 13.01, 4_194_304, 0.05, 20_537);
    public static final TcpOverlay CM02 = new TcpOverlay(1.0, 1.0, 4_194_304, 0.05, 0);
    /** The largest weightS accepted, in bytes (1e15: a petabyte, far beyond any message). */
    public static final double MAX_WEIGHT_S = 1e15;

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
        if (!(weightS >= 0 && weightS <= MAX_WEIGHT_S)) {
            throw new IllegalArgumentException("weightS must be between 0 and " + MAX_WEIGHT_S + " bytes, got " + weightS);
        }
    }

    /** Without the weight-S term (it matters only with {@code sharing: rtt}). */
    public TcpOverlay(double bandwidthFactor, double latencyFactor, double windowBytes, double ackFactor) {
        this(bandwidthFactor, latencyFactor, windowBytes, ackFactor, 0);
    }

    public boolean isNone() {
        return bandwidthFactor == 1 && latencyFactor == 1 && windowBytes == 0 && ackFactor == 0 && weightS == 0;
    }

    /** Bytes on the wire for a payload. */
    public double wireBytes(double payloadBytes) {
        return payloadBytes / bandwidthFactor;
    }

    public double latencyMs(double physicalLatencyMs) {
        return physicalLatencyMs * latencyFactor;
    }

    /**
     * The window limit on the wire rate (bytes per ms), +infinity when off or without latency:
     * {@code windowBytes / (2 L)} on the wire, as SimGrid bounds a flow's variable by
     * TCP_gamma / (2 L); the payload gets {@code bandwidthFactor} of it.
     */
    public double windowBoundWireBytesPerMs(double physicalLatencyMs) {
        if (windowBytes == 0 || physicalLatencyMs <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return windowBytes / (2 * physicalLatencyMs);
    }
}

package org.lcpsim.network.tcp;

/**
 * CPU time a message costs its endpoints outside the network: RPC framing and (de)serialization,
 * e.g. Apache Avro on a Raspberry Pi. The executor queues it on the sender's device before the
 * transfer and on each receiver's device after delivery, so it competes with compute and many
 * small messages cost what they cost. {@code bytesPerKB} says what a "kB" is (1000 or 1024).
 */
public record RpcCost(double senderFixedMs, double senderPerKBMs, double receiverFixedMs, double receiverPerKBMs,
                      double bytesPerKB) {
    public static final RpcCost NONE = new RpcCost(0, 0, 0, 0, 1000);

    public RpcCost {
        for (double v : new double[] {senderFixedMs, senderPerKBMs, receiverFixedMs, receiverPerKBMs}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("RPC costs must be finite and >= 0");
            }
        }
        if (!(bytesPerKB > 0)) {
            throw new IllegalArgumentException("bytesPerKB must be > 0");
        }
    }

    /** The same cost on both sides. */
    public static RpcCost symmetric(double fixedMs, double perKBMs) {
        return new RpcCost(fixedMs, perKBMs, fixedMs, perKBMs, 1000);
    }

    public double senderMs(long bytes) {
        return senderFixedMs + senderPerKBMs * bytes / bytesPerKB;
    }

    public double receiverMs(long bytes) {
        return receiverFixedMs + receiverPerKBMs * bytes / bytesPerKB;
    }
}

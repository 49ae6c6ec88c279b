package org.lcpsim.devices;

/**
 * What a deployment asks one device to hold: the weights of everything placed on it, the peak
 * of live activations while it computes, and the communication buffers for what it receives
 * and sends per request.
 */
public record Residency(long weightBytes, long activationBytes, long bufferBytes) {
    public static final Residency NONE = new Residency(0, 0, 0);

    public Residency {
        if (weightBytes < 0 || activationBytes < 0 || bufferBytes < 0) {
            throw new IllegalArgumentException("residency bytes must be >= 0");
        }
    }

    public long totalBytes() {
        return weightBytes + activationBytes + bufferBytes;
    }

    public boolean isEmpty() {
        return totalBytes() == 0;
    }
}

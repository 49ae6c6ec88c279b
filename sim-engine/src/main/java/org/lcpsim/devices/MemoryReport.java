package org.lcpsim.devices;

/**
 * Resident memory of one device under a deployment, by part, against its capacity.
 * {@code swapBytes} is the part that does not fit and is paged per inference when swap is on;
 * when swap is off and something does not fit the device is out of memory.
 *
 * <p>{@code frameworkUnknown}: the device's framework (runtime) memory is unknown, so
 * {@code frameworkBytes} is 0 and {@link #totalBytes()} is only the known part, a lower bound
 * of what the device holds; the total is then not a figure to show (see {@link #totalKnown()}).
 * Out of memory stays certain when the known part alone exceeds the capacity with swap off;
 * otherwise the device may or may not fit. (Devices refuse swap with an unknown framework
 * memory, since the swap time would depend on it.) It is boxed so that journals written before
 * it existed read back (absent: false).
 */
public record MemoryReport(long weightBytes, long activationBytes, long bufferBytes, long frameworkBytes,
                           long capacityBytes, long swapBytes, boolean swapEnabled, Boolean frameworkUnknown) {

    /** Null (a record written before the field existed) is false: every part known. */
    public MemoryReport {
        frameworkUnknown = Boolean.TRUE.equals(frameworkUnknown);
    }

    /** A report whose every part is known. */
    public MemoryReport(long weightBytes, long activationBytes, long bufferBytes, long frameworkBytes,
                        long capacityBytes, long swapBytes, boolean swapEnabled) {
        this(weightBytes, activationBytes, bufferBytes, frameworkBytes, capacityBytes, swapBytes, swapEnabled, false);
    }

    /** Every part; with {@code frameworkUnknown}, the known part only (a lower bound). */
    public long totalBytes() {
        return weightBytes + activationBytes + bufferBytes + frameworkBytes;
    }

    /** Whether {@link #totalBytes()} is the whole resident memory, not a lower bound. */
    public boolean totalKnown() {
        return !frameworkUnknown;
    }

    public boolean outOfMemory() {
        return totalBytes() > capacityBytes && !swapEnabled;
    }

    public boolean swapping() {
        return swapBytes > 0;
    }

    /** Everything fits, nothing pages: the simple case, with no framework overhead or swap. */
    public static MemoryReport fitting(Residency r, long capacityBytes, boolean swapEnabled) {
        long excess = Math.max(0, r.totalBytes() - capacityBytes);
        return new MemoryReport(r.weightBytes(), r.activationBytes(), r.bufferBytes(), 0, capacityBytes,
                swapEnabled ? excess : 0, swapEnabled);
    }
}

package org.lcpsim.devices;

/**
 * Resident memory of one device under a deployment, by part, against its capacity.
 * {@code swapBytes} is the part that does not fit and is paged per inference when swap is on;
 * when swap is off and something does not fit the device is out of memory.
 */
public record MemoryReport(long weightBytes, long activationBytes, long bufferBytes, long frameworkBytes,
                           long capacityBytes, long swapBytes, boolean swapEnabled) {

    public long totalBytes() {
        return weightBytes + activationBytes + bufferBytes + frameworkBytes;
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

package org.lcpsim.devices.memory;

import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.Residency;

/**
 * Memory of a device: {@code capacityMb} usable by the inference process (physical memory less
 * what the OS and GPU carve-out keep), of which the framework runtime takes {@code frameworkMb}.
 * Resident memory = weights x {@code weightCopies} + peak live activations + communication
 * buffers (the {@link Residency}) + framework. {@code weightCopies} > 1 is for frameworks that
 * keep a second copy of the weights (TensorFlow 1.x with Keras on the Pi: see
 * docs/device-models.md); MB here are MiB (2^20 bytes), as in the results. What exceeds the capacity is paged: every inference touches
 * all its weights, so under LRU the whole excess is read back from the swap device once per
 * inference, taking {@code excess / swapBandwidthMBps}. With swap off the device is out of memory.
 *
 * <p>{@code frameworkMb} NaN ({@link #UNKNOWN_FRAMEWORK}) is a framework memory nobody measured:
 * reports then carry only the known part and say so ({@link MemoryReport#frameworkUnknown()}).
 * Swap needs it known, since what is paged depends on it.
 */
public record MemorySpec(double capacityMb, double frameworkMb, double weightCopies, boolean swapEnabled,
                         double swapBandwidthMBps) {
    private static final double MB = 1024.0 * 1024.0;
    /** The {@code frameworkMb} of a framework memory nobody measured. */
    public static final double UNKNOWN_FRAMEWORK = Double.NaN;

    public MemorySpec {
        boolean unknown = Double.isNaN(frameworkMb);
        if (!(capacityMb > 0) || !(unknown || frameworkMb >= 0) || Double.isInfinite(frameworkMb) || !(weightCopies >= 1)
                || Double.isInfinite(weightCopies) || (swapEnabled && !(swapBandwidthMBps > 0))) {
            throw new IllegalArgumentException("memory parameters out of range");
        }
        if (unknown && swapEnabled) {
            throw new IllegalArgumentException("the framework memory is unknown, so the swap per inference would be too: "
                    + "give frameworkMb or turn swap off");
        }
    }

    public boolean frameworkKnown() {
        return !Double.isNaN(frameworkMb);
    }

    public long capacityBytes() {
        return Math.round(capacityMb * MB);
    }

    /** The framework's bytes; 0 when unknown (reports then say it is unknown). */
    public long frameworkBytes() {
        return frameworkKnown() ? Math.round(frameworkMb * MB) : 0;
    }

    /** The breakdown for a residency; an empty residency (unused device) holds no framework. */
    public MemoryReport report(Residency r) {
        long framework = r.isEmpty() ? 0 : frameworkBytes();
        long weights = Math.round(r.weightBytes() * weightCopies);
        long total = weights + r.activationBytes() + r.bufferBytes() + framework;
        long excess = Math.max(0, total - capacityBytes());
        return new MemoryReport(weights, r.activationBytes(), r.bufferBytes(), framework, capacityBytes(),
                swapEnabled ? excess : 0, swapEnabled, !r.isEmpty() && !frameworkKnown());
    }

    /** Paging time per inference for a report from {@link #report}. */
    public double swapMsPerInference(MemoryReport m) {
        // MB/s = MB bytes per 1000 ms
        return m.swapBytes() == 0 ? 0 : m.swapBytes() / (swapBandwidthMBps * MB) * 1000.0;
    }
}

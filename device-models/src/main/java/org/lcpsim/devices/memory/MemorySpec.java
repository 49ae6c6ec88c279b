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
 */
public record MemorySpec(double capacityMb, double frameworkMb, double weightCopies, boolean swapEnabled,
                         double swapBandwidthMBps) {
    private static final double MB = 1024.0 * 1024.0;

    public MemorySpec {
        if (!(capacityMb > 0) || !(frameworkMb >= 0) || !(weightCopies >= 1) || Double.isInfinite(weightCopies)
                || (swapEnabled && !(swapBandwidthMBps > 0))) {
            throw new IllegalArgumentException("memory parameters out of range");
        }
    }

    public long capacityBytes() {
        return Math.round(capacityMb * MB);
    }

    public long frameworkBytes() {
        return Math.round(frameworkMb * MB);
    }

    /** The breakdown for a residency; an empty residency (unused device) holds no framework. */
    public MemoryReport report(Residency r) {
        long framework = r.isEmpty() ? 0 : frameworkBytes();
        long weights = Math.round(r.weightBytes() * weightCopies);
        long total = weights + r.activationBytes() + r.bufferBytes() + framework;
        long excess = Math.max(0, total - capacityBytes());
        return new MemoryReport(weights, r.activationBytes(), r.bufferBytes(), framework, capacityBytes(),
                swapEnabled ? excess : 0, swapEnabled);
    }

    /** Paging time per inference for a report from {@link #report}. */
    public double swapMsPerInference(MemoryReport m) {
        // MB/s = MB bytes per 1000 ms
        return m.swapBytes() == 0 ? 0 : m.swapBytes() / (swapBandwidthMBps * MB) * 1000.0;
    }
}

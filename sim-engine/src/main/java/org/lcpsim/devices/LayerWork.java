package org.lcpsim.devices;

import org.lcpsim.workload.LayerKind;

/**
 * One layer (or a slice of one, under model parallelism) as a device sees it: the counts and
 * the bytes it reads and writes. {@code fraction} is the share of the original layer (1 when whole).
 */
public record LayerWork(String layer, LayerKind kind, long macs, long flops, long weightBytes, long inputBytes,
                        long outputBytes, double fraction) {
    public LayerWork {
        if (macs < 0 || flops < 0 || weightBytes < 0 || inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("layer work counts must be >= 0: " + layer);
        }
    }

    /** Bytes moved between memory and the compute units if nothing stays in cache. */
    public long bytesMoved() {
        return weightBytes + inputBytes + outputBytes;
    }
}

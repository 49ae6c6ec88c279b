package org.lcpsim.devices;

import org.lcpsim.workload.LayerKind;

/**
 * One layer (or a slice of one, under model parallelism) as a device sees it: the counts and
 * the bytes it reads and writes. {@code fraction} is the share of the original layer (1 when whole);
 * {@code geometry} its GEMM view in elements, for models that map layers onto hardware.
 */
public record LayerWork(String layer, LayerKind kind, long macs, long flops, long weightBytes, long inputBytes,
                        long outputBytes, double fraction, LayerGeometry geometry) {
    public LayerWork {
        if (macs < 0 || flops < 0 || weightBytes < 0 || inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("layer work counts must be >= 0: " + layer);
        }
        if (geometry == null) {
            geometry = LayerGeometry.UNKNOWN;
        }
    }

    /** Work without geometry (device models fall back to the counts). */
    public LayerWork(String layer, LayerKind kind, long macs, long flops, long weightBytes, long inputBytes,
                     long outputBytes, double fraction) {
        this(layer, kind, macs, flops, weightBytes, inputBytes, outputBytes, fraction, LayerGeometry.UNKNOWN);
    }

    /** Bytes moved between memory and the compute units if nothing stays in cache. */
    public long bytesMoved() {
        return weightBytes + inputBytes + outputBytes;
    }
}

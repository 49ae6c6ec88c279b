package org.lcpsim.devices;

import org.lcpsim.workload.LayerKind;

/**
 * One layer (or a slice of one, under model parallelism) as a device sees it: the counts and
 * the bytes it reads and writes. {@code fraction} is the share of the original layer (1 when whole);
 * {@code geometry} its GEMM view in elements, for models that map layers onto hardware. The
 * counts are those of one image unless the work was {@link #batched}.
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

    /**
     * The work of {@code images} images through the layer in one call (a batch): MACs, FLOPs and
     * the input and output tensors {@code images} times, the weights once (a layer reads its
     * weights once per call, whatever the batch), the GEMM geometry with {@code images} times the
     * rows ({@link LayerGeometry#batched}). The work itself at 1.
     */
    public LayerWork batched(int images) {
        if (images == 1) {
            return this;
        }
        if (images < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + images);
        }
        return new LayerWork(layer, kind, Math.multiplyExact(macs, (long) images), Math.multiplyExact(flops, (long) images),
                weightBytes, Math.multiplyExact(inputBytes, (long) images), Math.multiplyExact(outputBytes, (long) images),
                fraction, geometry.batched(images));
    }

    /** Bytes moved between memory and the compute units if nothing stays in cache. */
    public long bytesMoved() {
        return weightBytes + inputBytes + outputBytes;
    }
}

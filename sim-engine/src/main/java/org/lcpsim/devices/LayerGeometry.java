package org.lcpsim.devices;

import org.lcpsim.workload.Layer;
import org.lcpsim.workload.Op;

/**
 * The shape of a layer's work in elements, independent of data types, for device models that
 * map layers onto hardware (a systolic array tiles a GEMM): {@code groups} independent GEMMs of
 * {@code m} rows (output pixels), {@code n} columns (output channels) and reduction depth
 * {@code k}, plus the element counts of the input, output and weights. Layers that are no GEMM
 * (pooling, element-wise, reshape) have {@code m = n = k = 0}. {@link #UNKNOWN} is for work
 * built without a layer; models then fall back to the byte and MAC counts of {@link LayerWork}.
 */
public record LayerGeometry(long groups, long m, long n, long k, long inputElements, long outputElements,
                            long weightElements) {
    public static final LayerGeometry UNKNOWN = new LayerGeometry(0, 0, 0, 0, 0, 0, 0);

    public LayerGeometry {
        if (groups < 0 || m < 0 || n < 0 || k < 0 || inputElements < 0 || outputElements < 0 || weightElements < 0) {
            throw new IllegalArgumentException("layer geometry counts must be >= 0");
        }
    }

    public boolean known() {
        return inputElements > 0 || outputElements > 0;
    }

    public boolean isGemm() {
        return groups > 0 && m > 0 && n > 0 && k > 0;
    }

    /** Multiply-accumulates of the GEMM view: groups * m * n * k. */
    public long gemmMacs() {
        return groups * m * n * k;
    }

    /** Geometry of a layer of a model; convolutions become GEMMs as im2col lowers them. */
    public static LayerGeometry of(Layer l) {
        long in = 0;
        for (var s : l.inputShapes()) {
            in += s.elements();
        }
        long out = l.outputShape().elements();
        long pixels = (long) l.outputShape().height() * l.outputShape().width();
        long weights = l.params();
        if (l.op() instanceof Op.Conv2d c) {
            long cin = l.inputShapes().get(0).channels();
            return new LayerGeometry(c.groups(), pixels, c.filters() / c.groups(), cin / c.groups() * c.kernelH() * c.kernelW(),
                    in, out, weights);
        }
        if (l.op() instanceof Op.DepthwiseConv2d d) {
            // one k x k filter per output channel: channel-many GEMMs of width 1
            return new LayerGeometry(l.outputShape().channels(), pixels, 1, (long) d.kernelH() * d.kernelW(), in, out, weights);
        }
        if (l.op() instanceof Op.Dense d) {
            return new LayerGeometry(1, 1, d.units(), in, in, out, weights);
        }
        return new LayerGeometry(0, 0, 0, 0, in, out, weights);
    }

    /**
     * The geometry of {@code images} inputs through the layer at once (a batch): every GEMM
     * streams {@code images} times the rows ({@code m}: output pixels, or 1 for a dense layer)
     * through the same weights, and the input and output tensors are {@code images} times as
     * large; the weights are the same. The geometry itself at 1.
     */
    public LayerGeometry batched(int images) {
        if (images == 1) {
            return this;
        }
        if (images < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + images);
        }
        return new LayerGeometry(groups, m * images, n, k, inputElements * images, outputElements * images, weightElements);
    }

    /**
     * A share of the layer as model parallelism slices it: the output columns (channels or
     * units) are divided, which is what output, channel and filter splitting do to the GEMM;
     * a spatial split would divide {@code m} instead, with the same MACs.
     */
    public LayerGeometry scaled(double computeShare, double weightShare, double activationShare) {
        if (computeShare == 1.0 && weightShare == 1.0 && activationShare == 1.0) {
            return this;
        }
        long n2 = n == 0 ? 0 : Math.max(1, Math.round(n * computeShare));
        return new LayerGeometry(groups, m, n2, k, Math.round(inputElements * activationShare),
                Math.round(outputElements * activationShare), Math.round(weightElements * weightShare));
    }
}

package org.lcpsim.devices;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Layer;

/**
 * The layers one compute task runs, in order. {@code workload} names the network variant the
 * layers belong to (e.g. {@code vgg16} or {@code vgg16/split8-f40/branch}), so that a device's
 * measured per-layer profile applies only to the variant it was measured on.
 *
 * <p>{@code batch}: how many images the task runs through every layer together (a request of
 * {@code workload: {batch: N}}). {@code layers} always hold the work of one image; a device
 * model costs the batch with {@link LayerWork#batched}, each layer called once for all images
 * (its per-call overhead once, its weights read once), not as {@code batch} separate images.
 *
 * <p>{@code weights} and {@code activations}: the data types the layers' bytes were counted in
 * (the deployment's precision). A device model may run int8 layers on int8 kernels
 * ({@link #int8()}); the byte counts already follow the types.
 */
public record ComputeWork(String workload, List<LayerWork> layers, int batch, DataType weights, DataType activations) {
    public ComputeWork {
        layers = List.copyOf(layers);
        if (batch < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + batch);
        }
        if (weights == null || activations == null) {
            throw new IllegalArgumentException("a compute task needs the data types of its weights and activations");
        }
    }

    /** FP32 work of {@code batch} images. */
    public ComputeWork(String workload, List<LayerWork> layers, int batch) {
        this(workload, layers, batch, DataType.FP32, DataType.FP32);
    }

    /** FP32 work of one image. */
    public ComputeWork(String workload, List<LayerWork> layers) {
        this(workload, layers, 1);
    }

    /** The same layers for {@code images} images per call. */
    public ComputeWork withBatch(int images) {
        return images == batch ? this : new ComputeWork(workload, layers, images, weights, activations);
    }

    /** Weights and activations both 8-bit integers: the arithmetic int8 kernels would run. */
    public boolean int8() {
        return isInt8(weights) && isInt8(activations);
    }

    private static boolean isInt8(DataType t) {
        return t == DataType.INT8 || t == DataType.UINT8;
    }

    public static ComputeWork of(String workload, List<Layer> layers, DataType weights, DataType activations) {
        return slice(workload, layers, weights, activations, 1.0, 1.0, 1.0);
    }

    /**
     * A share of each layer: {@code computeShare} of its MACs/FLOPs, {@code weightShare} of its
     * weights, {@code activationShare} of its input and output tensors.
     */
    public static ComputeWork slice(String workload, List<Layer> layers, DataType weights, DataType activations,
                                    double computeShare, double weightShare, double activationShare) {
        List<LayerWork> work = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            work.add(new LayerWork(l.name(), l.kind(), Math.round(l.macs() * computeShare),
                    Math.round(l.flops() * computeShare), Math.round(l.weightBytes(weights) * weightShare),
                    Math.round(l.inputBytes(activations) * activationShare),
                    Math.round(l.outputBytes(activations) * activationShare), computeShare,
                    LayerGeometry.of(l).scaled(computeShare, weightShare, activationShare)));
        }
        return new ComputeWork(workload, work, 1, weights, activations);
    }

    /** Multiply-accumulates of the whole batch. */
    public long macs() {
        long s = 0;
        for (LayerWork l : layers) {
            s += l.macs();
        }
        return s * batch;
    }

    /** FLOPs of the whole batch. */
    public long flops() {
        long s = 0;
        for (LayerWork l : layers) {
            s += l.flops();
        }
        return s * batch;
    }

    /** Weight bytes the task reads: once, whatever the batch. */
    public long weightBytes() {
        long s = 0;
        for (LayerWork l : layers) {
            s += l.weightBytes();
        }
        return s;
    }
}

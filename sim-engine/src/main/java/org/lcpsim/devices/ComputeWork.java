package org.lcpsim.devices;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Layer;

/**
 * The layers one compute task runs, in order. {@code workload} names the network variant the
 * layers belong to (e.g. {@code vgg16} or {@code vgg16/split8-f40/branch}), so that a device's
 * measured per-layer profile applies only to the variant it was measured on.
 */
public record ComputeWork(String workload, List<LayerWork> layers) {
    public ComputeWork {
        layers = List.copyOf(layers);
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
        return new ComputeWork(workload, work);
    }

    public long macs() {
        long s = 0;
        for (LayerWork l : layers) {
            s += l.macs();
        }
        return s;
    }

    public long flops() {
        long s = 0;
        for (LayerWork l : layers) {
            s += l.flops();
        }
        return s;
    }

    public long weightBytes() {
        long s = 0;
        for (LayerWork l : layers) {
            s += l.weightBytes();
        }
        return s;
    }
}

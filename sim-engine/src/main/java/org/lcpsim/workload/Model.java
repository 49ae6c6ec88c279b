package org.lcpsim.workload;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DNN as a graph of layers in topological order, batch 1. The graph has one input tensor,
 * named {@value #INPUT}, and its last layer is the output. {@link #headStart()} names the first
 * layer of the classifier ("head") that the LCP transform keeps whole; null when the model has
 * none marked.
 */
public final class Model {
    public static final String INPUT = "input";

    /*
     * What a model file may describe: counts are 64-bit integers, and the LCP transform may widen a
     * model's layers 11-fold (fatten 10) and feed its head with up to 4096 branches; these bounds
     * keep every count of every variant within a long with room to spare.
     */
    /** The most elements one tensor may have: 2^40 (4 TiB at fp32). */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 40;
    /** The most multiply-accumulates per inference: 1e14 (VGG16 has 1.5e10). */
    public static final long MAX_MACS = 100_000_000_000_000L;
    /** The most operations per inference, element-wise ones included: 1e15. */
    public static final long MAX_FLOPS = 1_000_000_000_000_000L;
    /** The most parameters: 1e12. */
    public static final long MAX_PARAMS = 1_000_000_000_000L;

    private final String name;
    private final Shape inputShape;
    private final List<Layer> layers;
    private final Map<String, Layer> byName;
    private final String headStart;
    private final List<String> notes;

    Model(String name, Shape inputShape, List<Layer> layers, String headStart) {
        this(name, inputShape, layers, headStart, List.of());
    }

    Model(String name, Shape inputShape, List<Layer> layers, String headStart, List<String> notes) {
        this.name = name;
        this.inputShape = inputShape;
        this.layers = List.copyOf(layers);
        Map<String, Layer> map = new HashMap<>();
        for (Layer l : layers) {
            map.put(l.name(), l);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.headStart = headStart;
        this.notes = List.copyOf(notes);
    }

    public String name() {
        return name;
    }

    public Shape inputShape() {
        return inputShape;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(String layerName) {
        return byName.get(layerName);
    }

    public String headStart() {
        return headStart;
    }

    /**
     * What a user should know about how the model was built, one sentence each (e.g. operators of
     * an imported graph costed as element-wise ops); a run copies them into its points' notes.
     */
    public List<String> notes() {
        return notes;
    }

    public Shape outputShape() {
        return layers.isEmpty() ? inputShape : layers.get(layers.size() - 1).outputShape();
    }

    /** Shape of a named tensor: the model input or a layer's output. */
    public Shape shapeOf(String tensor) {
        if (INPUT.equals(tensor)) {
            return inputShape;
        }
        Layer l = byName.get(tensor);
        if (l == null) {
            throw new IllegalArgumentException("no tensor named " + tensor + " in " + name);
        }
        return l.outputShape();
    }

    public long params() {
        long s = 0;
        for (Layer l : layers) {
            s += l.params();
        }
        return s;
    }

    public long macs() {
        long s = 0;
        for (Layer l : layers) {
            s += l.macs();
        }
        return s;
    }

    public long flops() {
        long s = 0;
        for (Layer l : layers) {
            s += l.flops();
        }
        return s;
    }

    public long weightBytes(DataType type) {
        return params() * type.bytes();
    }

    /**
     * The largest sum of activation tensors alive at once when the layers run in order: a tensor
     * lives from the layer that produces it to the last layer that reads it, the model input
     * included, the output kept at the end.
     */
    public long peakActivationBytes(DataType type) {
        int n = layers.size();
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String in : layers.get(i).inputs()) {
                lastUse.put(in, i);
            }
        }
        long[] freedAfter = new long[n];
        long live = inputShape.bytes(type);
        long peak = live;
        freedAfter[lastUse.getOrDefault(INPUT, 0)] += inputShape.bytes(type);
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            long out = l.outputBytes(type);
            live += out;
            peak = Math.max(peak, live);
            if (i < n - 1) {
                freedAfter[Math.max(i, lastUse.getOrDefault(l.name(), i))] += out;
            }
            live -= freedAfter[i];
        }
        return peak;
    }

    @Override
    public String toString() {
        return name + "[" + layers.size() + " layers, " + params() + " params, " + macs() + " MACs]";
    }
}

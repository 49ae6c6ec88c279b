package org.lcpsim.workload;

import java.util.List;
import java.util.function.Function;

/**
 * Where an imported model's classifier head starts when the file does not say: the last layer
 * with weights (a convolution or a dense layer) of a chain that only weightless layers follow
 * (activations, softmax, dropout, flatten, reshape, pooling), each fed by the one before. Shared
 * by the ONNX and Keras importers, whose layer lists differ only in their record type.
 */
public final class ClassifierHead {
    private ClassifierHead() {
    }

    /**
     * @param kept the layers in order, the model's output last
     * @param name a layer's name
     * @param op a layer's operation
     * @param inputs the names of a layer's inputs
     * @param <T> the importer's layer record
     * @return the head's first layer, or null when the model does not end in such a chain
     */
    public static <T> String find(List<T> kept, Function<T, String> name, Function<T, Op> op,
                                  Function<T, List<String>> inputs) {
        for (int i = kept.size() - 1; i > 0; i--) {
            T p = kept.get(i);
            List<String> in = inputs.apply(p);
            if (in.size() != 1 || !in.get(0).equals(name.apply(kept.get(i - 1)))) {
                return null;
            }
            Op o = op.apply(p);
            if (o instanceof Op.Conv2d || o instanceof Op.Dense) {
                return name.apply(p);
            }
            boolean weightless = o instanceof Op.Activation || o instanceof Op.Softmax || o instanceof Op.Dropout
                    || o instanceof Op.Flatten || o instanceof Op.Reshape || o instanceof Op.GlobalPool
                    || o instanceof Op.Pool || o instanceof Op.Elementwise e && !e.trainable();
            if (!weightless) {
                return null;
            }
        }
        return null;
    }
}

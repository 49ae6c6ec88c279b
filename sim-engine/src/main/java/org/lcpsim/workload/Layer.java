package org.lcpsim.workload;

import java.util.List;

/** One node of a model graph with its inferred shapes and counts. */
public record Layer(String name, Op op, List<String> inputs, List<Shape> inputShapes, Shape outputShape, Op.Counts counts) {
    public Layer {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
    }

    public LayerKind kind() {
        return op.kind();
    }

    public long macs() {
        return counts.macs();
    }

    public long flops() {
        return counts.flops();
    }

    public long params() {
        return counts.params();
    }

    public long weightBytes(DataType type) {
        return counts.params() * type.bytes();
    }

    public long inputBytes(DataType type) {
        long sum = 0;
        for (Shape s : inputShapes) {
            sum += s.bytes(type);
        }
        return sum;
    }

    public long outputBytes(DataType type) {
        return outputShape.bytes(type);
    }
}

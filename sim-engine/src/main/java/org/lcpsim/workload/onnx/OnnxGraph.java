package org.lcpsim.workload.onnx;

import java.util.List;
import java.util.Map;

import onnx.Onnx;

/**
 * What {@link OnnxReader} keeps of an ONNX model: the main graph's structure without weight
 * data. Initializers keep their name, type and dimensions, and their values only when they are
 * small (shapes, pads, scales: at most {@link OnnxReader#SMALL_DATA_BYTES} bytes); attribute
 * tensors likewise. {@code opsets} maps an operator domain ("" for the default ONNX domain) to
 * its version.
 */
public record OnnxGraph(long irVersion, Map<String, Long> opsets, String producer, String name,
                        List<Onnx.NodeProto> nodes, List<Onnx.ValueInfoProto> inputs, List<Onnx.ValueInfoProto> outputs,
                        List<Onnx.ValueInfoProto> valueInfo, Map<String, Onnx.TensorProto> initializers) {
    public OnnxGraph {
        opsets = Map.copyOf(opsets);
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        valueInfo = List.copyOf(valueInfo);
        initializers = Map.copyOf(initializers);
    }

    /** The version of the default ONNX operator set the model imports, or 0 when it imports none. */
    public long opset() {
        Long v = opsets.get("");
        if (v == null) {
            v = opsets.get("ai.onnx");
        }
        return v == null ? 0 : v;
    }
}

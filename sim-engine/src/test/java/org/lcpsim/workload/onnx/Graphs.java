package org.lcpsim.workload.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;

import onnx.Onnx;

/** Hand-made ONNX graphs for tests, written with the classes generated from onnx.proto3. */
final class Graphs {
    final List<Onnx.NodeProto> nodes = new ArrayList<>();
    final List<Onnx.ValueInfoProto> inputs = new ArrayList<>();
    final List<Onnx.TensorProto> initializers = new ArrayList<>();
    String output;
    final long opset;

    Graphs(long opset, long... imageDims) {
        this.opset = opset;
        inputs.add(value("image", imageDims));
    }

    static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("n")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    /** A weight given as a graph input (a model exported without parameters). */
    Graphs weightInput(String name, long... dims) {
        inputs.add(value(name, dims));
        return this;
    }

    /** A float initializer with its dimensions only (as the reader keeps large ones). */
    Graphs weight(String name, long... dims) {
        initializers.add(Onnx.TensorProto.newBuilder().setName(name).setDataType(1)
                .addAllDims(List.of(box(dims))).build());
        return this;
    }

    /** A float initializer with {@code bytes} of raw data. */
    Graphs weightWithData(String name, int bytes, long... dims) {
        initializers.add(Onnx.TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(List.of(box(dims)))
                .setRawData(ByteString.copyFrom(new byte[bytes])).build());
        return this;
    }

    /** An int64 initializer with its values (raw, little endian). */
    Graphs int64s(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        initializers.add(Onnx.TensorProto.newBuilder().setName(name).setDataType(7).addDims(values.length)
                .setRawData(ByteString.copyFrom(b.array())).build());
        return this;
    }

    /** A float initializer with its values. */
    Graphs floats(String name, long[] dims, float... values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(List.of(box(dims)));
        for (float v : values) {
            t.addFloatData(v);
        }
        initializers.add(t.build());
        return this;
    }

    static Long[] box(long[] v) {
        Long[] b = new Long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    /** Adds a node; {@code attrs} are Onnx.AttributeProto values. Its first output becomes the graph output. */
    Graphs node(String op, String name, List<String> ins, List<String> outs, Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(ins).addAllOutput(outs);
        for (Onnx.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
        output = outs.get(0);
        return this;
    }

    /** A node of one output named like the node. */
    Graphs node(String op, String name, List<String> ins, Onnx.AttributeProto... attrs) {
        return node(op, name, ins, List.of(name), attrs);
    }

    static Onnx.AttributeProto ints(String name, long... v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS)
                .addAllInts(List.of(box(v))).build();
    }

    static Onnx.AttributeProto i(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    static Onnx.AttributeProto f(String name, float v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static Onnx.AttributeProto s(String name, String v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    /** A Constant node's tensor value of int64s. */
    static Onnx.AttributeProto intsValue(long... v) {
        return Onnx.AttributeProto.newBuilder().setName("value").setType(Onnx.AttributeProto.AttributeType.TENSOR)
                .setT(Onnx.TensorProto.newBuilder().setDataType(7).addDims(v.length).addAllInt64Data(List.of(box(v)))).build();
    }

    Onnx.ModelProto model() {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("test").addAllNode(nodes).addAllInput(inputs)
                .addAllInitializer(initializers).addOutput(Onnx.ValueInfoProto.newBuilder().setName(output));
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("lcpsim-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(g).build();
    }

    Path write(Path dir, String file) throws IOException {
        Path p = dir.resolve(file);
        Files.write(p, model().toByteArray());
        return p;
    }
}

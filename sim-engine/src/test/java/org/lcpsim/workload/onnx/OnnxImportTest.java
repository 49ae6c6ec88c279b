package org.lcpsim.workload.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcpsim.workload.onnx.Graphs.f;
import static org.lcpsim.workload.onnx.Graphs.i;
import static org.lcpsim.workload.onnx.Graphs.ints;
import static org.lcpsim.workload.onnx.Graphs.intsValue;
import static org.lcpsim.workload.onnx.Graphs.s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/** Every supported operator from hand-made graphs, opset forms, weights without data, and the errors. */
@Timeout(60)
class OnnxImportTest {
    @TempDir
    Path dir;

    private Model load(Graphs g) throws IOException {
        return load(g, OnnxImporter.Options.DEFAULT);
    }

    private Model load(Graphs g, OnnxImporter.Options o) throws IOException {
        return OnnxImporter.importFile(g.write(dir, "m.onnx"), o);
    }

    private String error(Graphs g) throws IOException {
        Path p = g.write(dir, "bad.onnx");
        return assertThrows(OnnxException.class, () -> OnnxImporter.importFile(p, OnnxImporter.Options.DEFAULT)).getMessage();
    }

    /** One graph with every supported operator that computes on the image (opset 13 forms). */
    static Graphs everyOp() {
        Graphs g = new Graphs(13, 1, 3, 32, 32);
        g.weight("c1.w", 16, 3, 3, 3).weightInput("c1.b", 16)
                .weight("bn.s", 16).weight("bn.b", 16).weight("bn.m", 16).weight("bn.v", 16)
                .weight("dw.w", 16, 1, 3, 3).floats("lo", new long[0], 0f).floats("hi", new long[0], 6f)
                .weight("g.w", 32, 4, 3, 3).weight("se.w", 32, 32, 1, 1).weight("mean", 1, 32, 1, 1)
                .weight("c2.w", 32, 32, 1, 1).int64s("pads", 0, 0, 1, 1, 0, 0, 0, 0)
                .floats("scales", new long[] {4}, 1f, 1f, 2f, 2f)
                .int64s("starts", 0).int64s("ends", 32).int64s("axes1", 1).int64s("halves", 16, 16).int64s("hw", 2, 3)
                .weight("fc.w", 8, 16).weight("fc.b", 8).weight("slope", 8).weight("mm.w", 8, 10);
        g.node("Conv", "c1", List.of("image", "c1.w", "c1.b"), ints("pads", 1, 1, 1, 1))
                .node("BatchNormalization", "bn", List.of("c1", "bn.s", "bn.b", "bn.m", "bn.v"))
                .node("Relu", "r1", List.of("bn"))
                .node("Conv", "dw", List.of("r1", "dw.w"), i("group", 16), ints("strides", 2, 2), s("auto_pad", "SAME_UPPER"))
                .node("Clip", "clip", List.of("dw", "lo", "hi"))
                .node("Conv", "g", List.of("clip", "g.w"), i("group", 4), ints("dilations", 2, 2), ints("pads", 2, 2, 2, 2))
                .node("HardSwish", "hs", List.of("g"))
                .node("GlobalAveragePool", "se_pool", List.of("hs"))
                .node("Conv", "se_fc", List.of("se_pool", "se.w"))
                .node("HardSigmoid", "hsig", List.of("se_fc"))
                .node("Mul", "se_mul", List.of("hs", "hsig"))
                .node("Sub", "sub", List.of("se_mul", "mean"))
                .node("Constant", "two", List.of(), f("value_float", 2f))
                .node("Div", "div", List.of("sub", "two"))
                .node("Conv", "c2", List.of("div", "c2.w"))
                .node("Add", "res", List.of("c2", "div"))
                .node("LeakyRelu", "lr", List.of("res"), f("alpha", 0.1f))
                .node("Tanh", "th", List.of("lr"))
                .node("MaxPool", "mp", List.of("th"), ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 0, 0, 1, 1))
                .node("AveragePool", "ap", List.of("mp"), ints("kernel_shape", 2, 2), i("ceil_mode", 1))
                .node("Pad", "pad", List.of("ap", "pads"))
                .node("Resize", "rs", List.of("pad", "", "scales"), s("mode", "linear"))
                .node("LRN", "lrn", List.of("rs"), i("size", 5))
                .node("Sigmoid", "sg", List.of("lrn"))
                .node("Concat", "cat", List.of("lrn", "sg"), i("axis", 1))
                .node("Slice", "sl", List.of("cat", "starts", "ends", "axes1"))
                .node("Split", "sp", List.of("sl", "halves"), List.of("sp0", "sp1"), i("axis", 1))
                .node("Add", "halfsum", List.of("sp0", "sp1"))
                .node("Erf", "erf", List.of("halfsum"))
                .node("Transpose", "tr", List.of("erf"), ints("perm", 0, 1, 3, 2))
                .node("ReduceMean", "rm", List.of("tr"), ints("axes", 2, 3), i("keepdims", 0))
                .node("Unsqueeze", "uq", List.of("rm", "hw"))
                .node("Squeeze", "sq", List.of("uq", "hw"))
                .node("Constant", "target", List.of(), intsValue(1, 4, 4))
                .node("Reshape", "rsh", List.of("sq", "target"))
                .node("Flatten", "fl", List.of("rsh"))
                .node("Gemm", "fc", List.of("fl", "fc.w", "fc.b"), i("transB", 1))
                .node("PRelu", "pr", List.of("fc", "slope"))
                .node("MatMul", "mm", List.of("pr", "mm.w"))
                .node("Dropout", "dp", List.of("mm"))
                .node("Identity", "id", List.of("dp"))
                .node("Softmax", "sm", List.of("id"), i("axis", 1));
        return g;
    }

    @Test
    void everySupportedOperatorImports() throws IOException {
        Model m = load(everyOp());
        assertEquals(new Shape(3, 32, 32), m.inputShape());
        assertEquals(Shape.vector(10), m.outputShape());
        assertEquals(16 * 27 + 16, m.layer("c1").params());
        assertEquals(new Shape(16, 32, 32), m.shapeOf("bn"));
        assertEquals(LayerKind.DEPTHWISE_CONV, m.layer("dw").kind());
        assertEquals(new Shape(16, 16, 16), m.shapeOf("dw"));
        assertEquals(new Op.Activation(Op.ActivationKind.RELU6), m.layer("clip").op());
        Op.Conv2d grouped = (Op.Conv2d) m.layer("g").op();
        assertEquals(4, grouped.groups());
        assertEquals(2, grouped.dilationH());
        assertEquals(new Shape(32, 16, 16), m.shapeOf("g"));
        assertEquals(32L * 4 * 9, m.layer("g").params());
        assertEquals(List.of("hs", "hsig"), m.layer("se_mul").inputs());
        assertEquals(32, m.layer("sub").params(), "a per-channel initializer is a parameter");
        assertEquals(0, m.layer("div").params(), "a Constant node is not");
        assertInstanceOf(Op.Add.class, m.layer("res").op());
        assertEquals(new Shape(32, 8, 8), m.shapeOf("mp"));
        assertEquals(new Shape(32, 7, 7), m.shapeOf("ap"));
        assertEquals(new Shape(32, 8, 8), m.shapeOf("pad"));
        assertEquals(new Shape(32, 16, 16), m.shapeOf("rs"));
        assertEquals(new Shape(64, 16, 16), m.shapeOf("cat"));
        assertEquals(new Shape(32, 16, 16), m.shapeOf("sl"));
        assertEquals(new Shape(16, 16, 16), m.shapeOf("sp"));
        assertEquals(new Shape(16, 16, 16), m.shapeOf("sp:1"));
        assertEquals(List.of("sp", "sp:1"), m.layer("halfsum").inputs());
        assertInstanceOf(Op.GlobalPool.class, m.layer("rm").op());
        // reshapes that keep the channel x height x width view leave no layer: Transpose (tr), Unsqueeze, Squeeze, Identity
        for (String none : List.of("tr", "uq", "sq", "id")) {
            assertNull(m.layer(none), none);
        }
        assertEquals(List.of("erf"), m.layer("rm").inputs());
        assertEquals(new Op.Reshape(new Shape(4, 4, 1)), m.layer("rsh").op());
        assertInstanceOf(Op.Flatten.class, m.layer("fl").op());
        assertEquals(16 * 8 + 8, m.layer("fc").params());
        assertEquals(8, m.layer("pr").params());
        assertEquals(80, m.layer("mm").params());
        assertEquals("mm", m.headStart());
        assertTrue(m.notes().isEmpty());
    }

    @Test
    void olderOpsetForms() throws IOException {
        // opset 9: Clip bounds and Pad, Squeeze and Unsqueeze axes as attributes, Upsample with scales as an input
        Graphs g = new Graphs(9, 1, 3, 8, 8);
        g.weight("w", 4, 3, 3, 3).floats("scales", new long[] {4}, 1f, 1f, 2f, 2f);
        g.node("Conv", "c", List.of("image", "w"))
                .node("Clip", "clip", List.of("c"), f("min", 0f), f("max", 6f))
                .node("Pad", "pad", List.of("clip"), ints("pads", 0, 0, 1, 1, 0, 0, 1, 1))
                .node("Upsample", "up", List.of("pad", "scales"))
                .node("GlobalMaxPool", "gp", List.of("up"))
                .node("Squeeze", "sq", List.of("gp"), ints("axes", 2, 3))
                .node("Unsqueeze", "uq", List.of("sq"), ints("axes", 2))
                .node("Dropout", "dp", List.of("uq"), f("ratio", 0.5f));
        Model m = load(g);
        assertEquals(new Op.Activation(Op.ActivationKind.RELU6), m.layer("clip").op());
        assertEquals(new Shape(4, 8, 8), m.shapeOf("pad"));
        assertEquals(new Shape(4, 16, 16), m.shapeOf("up"));
        assertEquals(Shape.vector(4), m.outputShape());
    }

    @Test
    void weightsWithoutDataFromInitializersInputsOrExternalFiles() throws IOException {
        Graphs g = new Graphs(17, -1, 3, 16, 16); // a symbolic batch is batch 1
        g.weightInput("w", 8, 3, 3, 3);
        g.initializers.add(onnx.Onnx.TensorProto.newBuilder().setName("b").setDataType(1).addDims(8)
                .setDataLocation(onnx.Onnx.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(onnx.Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue("missing.bin"))
                .build());
        g.weightWithData("fc.w", 4 * 10 * 8 * 14 * 14, 10, 8 * 14 * 14); // 62 kB of data, read past
        g.node("Conv", "c", List.of("image", "w", "b")).node("Flatten", "fl", List.of("c"))
                .node("Gemm", "fc", List.of("fl", "fc.w"), i("transB", 1));
        Model m = load(g);
        assertEquals(8 * 27 + 8 + 10 * 8 * 14 * 14, m.params());
        assertEquals(14L * 14 * 8 * 27 + 10 * 8 * 14 * 14, m.macs());
    }

    @Test
    void largeEmbeddedWeightsAreSkippedNotLoaded() throws IOException {
        Graphs g = new Graphs(13, 1, 64);
        g.weightWithData("w", 4 * 64 * 32768, 32768, 64); // 8 MiB of weights inside the file
        g.node("Gemm", "fc", List.of("image", "w"), i("transB", 1));
        Path p = g.write(dir, "big.onnx");
        assertTrue(Files.size(p) > 8_000_000);
        OnnxGraph read = OnnxReader.read(p);
        assertTrue(read.initializers().get("w").getRawData().isEmpty(), "weight bytes are not kept");
        assertEquals(64L * 32768, OnnxImporter.convert(read, OnnxImporter.Options.DEFAULT).macs());
    }

    @Test
    void nodesOutOfOrderAndUnnamedNodes() throws IOException {
        Graphs g = new Graphs(13, 1, 3, 8, 8);
        g.weight("w", 4, 3, 1, 1);
        g.node("Relu", "", List.of("conv_out"), List.of("relu_out"));
        g.node("Conv", "", List.of("image", "w"), List.of("conv_out"));
        java.util.Collections.swap(g.nodes, 0, 1);
        java.util.Collections.reverse(g.nodes);
        g.output = "relu_out";
        Model m = load(g);
        assertEquals(List.of("conv_out", "relu_out"), m.layers().stream().map(l -> l.name()).toList());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void unsupportedOperatorIsPositionedAndListsTheSupportedOnes() throws IOException {
        Graphs g = new Graphs(13, 1, 3, 8, 8);
        g.weight("w", 4, 3, 3, 3);
        g.node("Conv", "c", List.of("image", "w")).node("Softplus", "soft/plus", List.of("c")).node("Relu", "r", List.of("soft/plus"));
        String e = error(g);
        assertTrue(e.startsWith("node 'soft/plus' (Softplus): unsupported operator; lcpsim imports Add, AveragePool"), e);
        assertTrue(e.contains("unknownOps: elementwise"), e);
        // with unknownOps: elementwise it is costed as one, and the model says so
        Model m = load(g, new OnnxImporter.Options(OnnxImporter.UnknownOps.ELEMENTWISE, null, "x"));
        assertInstanceOf(Op.Generic.class, m.layer("soft/plus").op());
        assertEquals(4L * 6 * 6, m.layer("soft/plus").flops());
        assertEquals(1, m.notes().size());
        assertTrue(m.notes().get(0).contains("Softplus (1)"), m.notes().toString());
    }

    @Test
    void badGraphsAreCleanErrors() throws IOException {
        Graphs wrongChannels = new Graphs(13, 1, 3, 8, 8);
        wrongChannels.weight("w", 4, 5, 3, 3).node("Conv", "c", List.of("image", "w"));
        assertEquals("node 'c' (Conv): weight [4, 5, 3, 3] with 1 group(s) does not match the input's 3 channels",
                error(wrongChannels));

        Graphs missing = new Graphs(13, 1, 3, 8, 8);
        missing.node("Relu", "r", List.of("nowhere"));
        assertTrue(error(missing).startsWith("node 'r' (Relu): reads 'nowhere', which no node produces"));

        Graphs symbolic = new Graphs(13, 1, 3, -1, 8);
        symbolic.node("Relu", "r", List.of("image"));
        assertTrue(error(symbolic).contains("dimension of unknown size ('n') at axis 2"), error(symbolic));

        Graphs batch = new Graphs(13, 8, 3, 8, 8);
        batch.node("Relu", "r", List.of("image"));
        assertTrue(error(batch).contains("batch size 8"), error(batch));

        Graphs huge = new Graphs(13, 1, 3, 1_000_000, 1_000_000);
        huge.node("Relu", "r", List.of("image"));
        assertTrue(error(huge).contains("more than lcpsim handles"), error(huge));

        Graphs hugeWeight = new Graphs(13, 1, 3, 8, 8);
        hugeWeight.weight("w", 1L << 40, 3, 3, 3).node("Conv", "c", List.of("image", "w"));
        assertTrue(error(hugeWeight).startsWith("node 'c' (Conv): its weight has dimensions"), error(hugeWeight));

        Graphs old = new Graphs(6, 1, 3, 8, 8);
        old.node("Relu", "r", List.of("image"));
        assertTrue(error(old).startsWith("opset 6 is older than 7"), error(old));

        Graphs attention = new Graphs(13, 1, 16);
        attention.node("MatMul", "qk", List.of("image", "image"));
        assertTrue(error(attention).contains("a product of two tensors computed from the image"), error(attention));

        Graphs lrn = new Graphs(13, 1, 3, 8, 8);
        lrn.node("LRN", "n", List.of("image"));
        assertTrue(error(lrn).startsWith("node 'n' (LRN): "), error(lrn));
    }

    @Test
    void namedHead() throws IOException {
        Graphs g = new Graphs(13, 1, 3, 8, 8);
        g.weight("w", 4, 3, 3, 3).weight("w2", 4, 4, 1, 1).weight("fc", 10, 144);
        g.node("Conv", "c", List.of("image", "w")).node("Conv", "c2", List.of("c", "w2")).node("Flatten", "f", List.of("c2"))
                .node("Gemm", "fc", List.of("f", "fc"), i("transB", 1));
        assertEquals("fc", load(g).headStart());
        Model named = load(g, new OnnxImporter.Options(null, "c2", null));
        assertEquals("c2", named.headStart());
        // split2: two branches of c with 2 filters (2 x 54 params), c2 and fc whole on the 4 concatenated channels
        assertEquals(2 * 54 + 16 + 1440, LcpTransform.split(named, 2, 0).params());
        assertTrue(assertThrows(OnnxException.class, () -> load(g, new OnnxImporter.Options(null, "nope", null)))
                .getMessage().contains("no node or tensor named 'nope'"));
    }

    @Test
    void lcpOfAFixedReshapeSaysWhichLayer() throws IOException {
        Model m = load(everyOp());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 2, 0));
        assertTrue(e.getMessage().startsWith("layer 'rsh': "), e.getMessage());
    }

    // ---------------------------------------------------------------- files that are no models

    @Test
    void filesThatAreNoModels() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "these are not the bytes you are looking for\n");
        assertTrue(readError(text).startsWith("not an ONNX model"), readError(text));
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertEquals("not an ONNX model (the file is empty)", readError(empty));
        Path zeros = Files.write(dir.resolve("zeros.onnx"), new byte[4096]);
        assertTrue(readError(zeros).startsWith("not an ONNX model (malformed protobuf data"), readError(zeros));
        byte[] whole = everyOp().model().toByteArray();
        Path truncated = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
        assertEquals("not an ONNX model (the file ends in the middle of a message: truncated?)", readError(truncated));
        assertEquals("no such file", readError(dir.resolve("nope.onnx")));
        assertEquals("is a directory, not an ONNX model file", readError(dir));
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            assertTrue(readError(devNull).startsWith("not a regular file"), readError(devNull));
        }
        // a protobuf message that is no model: no graph
        Path noGraph = Files.write(dir.resolve("nograph.onnx"), onnx.Onnx.ModelProto.newBuilder().setIrVersion(8).build()
                .toByteArray());
        assertEquals("not an ONNX model (it has no graph)", readError(noGraph));
    }

    @Test
    void pipesAreRefusedWithoutBlocking() throws IOException, InterruptedException {
        Path fifo = dir.resolve("pipe.onnx");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor() != 0 || !Files.exists(fifo)) {
            return; // no mkfifo here
        }
        assertTrue(readError(fifo).startsWith("not a regular file"), readError(fifo));
    }

    private static String readError(Path p) {
        return assertThrows(OnnxException.class, () -> OnnxImporter.importFile(p, OnnxImporter.Options.DEFAULT)).getMessage();
    }
}

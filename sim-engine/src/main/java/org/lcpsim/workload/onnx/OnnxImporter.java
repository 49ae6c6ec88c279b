package org.lcpsim.workload.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import onnx.Onnx;

import org.lcpsim.workload.ImportedLayers;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Padding;
import org.lcpsim.workload.Shape;

/**
 * Turns the graph of an ONNX model ({@link OnnxReader}) into a {@link Model}: one layer per node
 * that computes on the image (convolutions, dense layers, pooling, normalization, activations,
 * element-wise arithmetic, concatenations, reshapes), with {@code inputs} for graphs that are no
 * chain. Nodes that only compute on constants (shape arithmetic, Identity of a weight) are
 * evaluated here and leave no layer, and so do reshapes that keep the channel x height x width
 * view of a tensor (a Flatten after global pooling). Shapes are inferred node by node from the
 * image input's shape; weights need only their dimensions, from initializers, graph inputs (a
 * model exported without parameters) or external data (never read).
 *
 * <p>A tensor of rank r maps onto lcpsim's channels x height x width with batch 1: [N, C, H, W]
 * to C x H x W, [N, C, L] to C x L x 1, [N, F] to F, and higher ranks fold their leading axes
 * into the channels. The classifier head for LCP is named ({@link Options#head}) or found: the
 * last layer with weights (the final dense or 1x1 convolution) when only weightless layers
 * (flatten, softmax, dropout, activations, pooling) follow it; the pooling before it stays in
 * the branches, as in the LCP paper's ResNet-18.
 */
public final class OnnxImporter {
    /** What to do with an operator lcpsim does not model. */
    public enum UnknownOps { ERROR, ELEMENTWISE }

    /** Import options: unknown operators, the head's first node (null: found), the model's name (null: the file's). */
    public record Options(UnknownOps unknownOps, String head, String name) {
        public static final Options DEFAULT = new Options(UnknownOps.ERROR, null, null);

        public Options {
            if (unknownOps == null) {
                unknownOps = UnknownOps.ERROR;
            }
        }
    }

    /** The operators of the default ONNX domain lcpsim imports (opsets 7 to 21). */
    public static final List<String> SUPPORTED = List.copyOf(new TreeSet<>(List.of("Add", "AveragePool",
            "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv", "Div", "Dropout", "Erf",
            "Flatten", "Gather", "Gelu", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid", "HardSwish", "Identity",
            "LRN", "LeakyRelu", "LogSoftmax", "MatMul", "MaxPool", "Mul", "PRelu", "Pad", "ReduceMax", "ReduceMean", "Relu",
            "Reshape", "Resize", "Shape", "Sigmoid", "Slice", "Softmax", "Split", "Squeeze", "Sub", "Tanh", "Transpose",
            "Unsqueeze", "Upsample")));

    /** The oldest opset whose operators lcpsim reads. */
    public static final long MIN_OPSET = 7;
    /** Elements of one tensor at most (8 GiB of fp32). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int UINT16 = 4;
    private static final int INT16 = 5;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int BOOL = 9;
    private static final int DOUBLE = 11;
    private static final int UINT32 = 12;
    private static final int UINT64 = 13;

    /** What the importer knows of one ONNX tensor. */
    private static final class T {
        long[] dims; // null: unknown
        boolean dynamic; // computed from the image
        String layer; // a dynamic tensor's producer: a layer name or Model.INPUT
        long[] ints; // known integer values
        double[] floats; // known floating-point values
        boolean param; // a trainable parameter (initializer, weight input)
        boolean constant; // a constant (node or folded): not a parameter

        static T of(long[] dims) {
            T t = new T();
            t.dims = dims;
            return t;
        }
    }

    /** A layer to be: node, op, the layers it reads, and its output's dims. */
    private record Pending(String name, Onnx.NodeProto node, Op op, List<String> inputs) {
    }

    private final OnnxGraph graph;
    private final Options options;
    private final long opset;
    private final Map<String, T> tensors = new HashMap<>();
    private final Map<String, long[]> valueInfo = new HashMap<>();
    private final List<Pending> layers = new ArrayList<>();
    private final Map<String, Pending> layerByName = new HashMap<>();
    private final Map<String, Shape> layerShape = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    /** Node name and output tensor name to the layer that node became (for {@code head:}). */
    private final Map<String, String> nodeLayer = new HashMap<>();
    private final Map<String, String> aliasedNodes = new HashMap<>();
    private final Map<String, Integer> unknownCount = new LinkedHashMap<>();
    private Onnx.NodeProto current;

    private OnnxImporter(OnnxGraph graph, Options options) {
        this.graph = graph;
        this.options = options;
        this.opset = graph.opset();
    }

    /** Reads and imports {@code file}; {@link OnnxException} says what is wrong (the caller names the file). */
    public static Model importFile(Path file, Options options) {
        OnnxGraph g = OnnxReader.read(file);
        String name = options.name();
        if (name == null) {
            String f = String.valueOf(file.getFileName());
            name = f.toLowerCase(Locale.ROOT).endsWith(".onnx") ? f.substring(0, f.length() - 5) : f;
        }
        return convert(g, new Options(options.unknownOps(), options.head(), name));
    }

    /** Imports a graph already read. */
    public static Model convert(OnnxGraph graph, Options options) {
        try {
            return new OnnxImporter(graph, options).run();
        } catch (ArithmeticException e) {
            throw new OnnxException("sizes too large to count (" + e.getMessage() + ")", e);
        }
    }

    // ================================================================ the walk

    private Model run() {
        if (opset == 0) {
            throw new OnnxException("the model imports no ONNX operator set (opset_import)");
        }
        if (opset < MIN_OPSET) {
            throw new OnnxException("opset " + opset + " is older than " + MIN_OPSET
                    + ", the oldest lcpsim imports: export the model again with a newer opset");
        }
        if (graph.nodes().isEmpty()) {
            throw new OnnxException("the graph has no nodes");
        }
        for (Onnx.ValueInfoProto v : graph.valueInfo()) {
            long[] d = dims(v);
            if (d != null) {
                valueInfo.put(v.getName(), d);
            }
        }
        for (Onnx.ValueInfoProto v : graph.outputs()) {
            long[] d = dims(v);
            if (d != null) {
                valueInfo.put(v.getName(), d);
            }
        }
        graph.initializers().forEach((name, t) -> tensors.put(name, initializer(t)));
        Onnx.ValueInfoProto image = imageInput();
        Shape inputShape = inputShape(image);
        T in = T.of(fromShape(inputShape, dims(image).length));
        in.dynamic = true;
        in.layer = Model.INPUT;
        tensors.put(image.getName(), in);
        names.add(Model.INPUT);
        for (Onnx.ValueInfoProto v : graph.inputs()) {
            if (!tensors.containsKey(v.getName())) {
                T w = T.of(dims(v));
                w.param = true;
                tensors.put(v.getName(), w);
            }
        }
        for (Onnx.NodeProto n : ordered()) {
            current = n;
            try {
                node(n);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            } catch (ArithmeticException e) {
                throw fail("sizes too large to count (" + e.getMessage() + ")");
            }
        }
        current = null;
        return build(inputShape);
    }

    /** The graph input that carries the image: the one input that is no initializer and is read as data. */
    private Onnx.ValueInfoProto imageInput() {
        List<Onnx.ValueInfoProto> candidates = new ArrayList<>();
        for (Onnx.ValueInfoProto v : graph.inputs()) {
            if (!graph.initializers().containsKey(v.getName())) {
                candidates.add(v);
            }
        }
        if (candidates.isEmpty()) {
            throw new OnnxException("the graph has no input (every input is an initializer)");
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        // parameters exported as inputs: keep the inputs some node reads as data
        Map<String, Integer> roles = new HashMap<>();
        for (Onnx.NodeProto n : graph.nodes()) {
            if (n.getOpType().equals("Identity")) {
                continue;
            }
            for (int i = 0; i < n.getInputCount(); i++) {
                int role = role(n.getOpType(), i);
                roles.merge(n.getInput(i), role, Math::max);
            }
        }
        // Identity passes the role of what reads its output back to its input
        for (int pass = 0; pass < 4; pass++) {
            for (Onnx.NodeProto n : graph.nodes()) {
                if (n.getOpType().equals("Identity") && n.getInputCount() == 1 && n.getOutputCount() == 1) {
                    Integer r = roles.get(n.getOutput(0));
                    if (r != null) {
                        roles.merge(n.getInput(0), r, Math::max);
                    }
                }
            }
        }
        for (int wanted = 2; wanted >= 1; wanted--) {
            List<Onnx.ValueInfoProto> data = new ArrayList<>();
            for (Onnx.ValueInfoProto v : candidates) {
                if (roles.getOrDefault(v.getName(), 0) == wanted) {
                    data.add(v);
                }
            }
            if (data.size() == 1) {
                return data.get(0);
            }
            if (data.size() > 1) {
                List<String> n = new ArrayList<>();
                data.forEach(v -> n.add("'" + v.getName() + "'"));
                throw new OnnxException("the graph has " + data.size() + " data inputs (" + String.join(", ", n)
                        + "): lcpsim imports models of one input, the image");
            }
        }
        return candidates.get(0);
    }

    /** 2: input {@code i} of {@code op} is data; 1: data or a constant operand; 0: a weight or setting. */
    private static int role(String op, int i) {
        return switch (op) {
            case "Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization", "Reshape", "Squeeze", "Unsqueeze", "Pad",
                    "Resize", "Upsample", "Clip", "Dropout", "PRelu", "Slice", "Gather" -> i == 0 ? 2 : 0;
            case "Add", "Sub", "Mul", "Div", "Concat", "Sum", "Max", "Min", "Pow" -> 1;
            default -> 2;
        };
    }

    private Shape inputShape(Onnx.ValueInfoProto v) {
        String name = "input '" + v.getName() + "'";
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            throw new OnnxException(name + " has no shape: export the model with a fixed input size");
        }
        List<Onnx.TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        if (dims.isEmpty()) {
            throw new OnnxException(name + " is a scalar, not an image");
        }
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            Onnx.TensorShapeProto.Dimension x = dims.get(i);
            boolean known = x.hasDimValue() && x.getDimValue() > 0;
            if (i == 0 && d.length > 1) {
                if (known && x.getDimValue() != 1) {
                    throw new OnnxException(name + " has batch size " + x.getDimValue()
                            + ": lcpsim simulates one image per request, export the model with batch size 1");
                }
                d[i] = 1;
            } else if (!known) {
                throw new OnnxException(name + " has a dimension of unknown size"
                        + (x.hasDimParam() ? " ('" + x.getDimParam() + "')" : "") + " at axis " + i
                        + ": export the model with a fixed input size");
            } else {
                d[i] = x.getDimValue();
            }
        }
        return toShape(d, name);
    }

    /** The nodes in an order where every node comes after the nodes whose outputs it reads. */
    private List<Onnx.NodeProto> ordered() {
        List<Onnx.NodeProto> nodes = graph.nodes();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty()) {
                    producer.putIfAbsent(out, i);
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty()) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    if (!tensors.containsKey(in) && !isGraphInput(in)) {
                        throw new OnnxException(describe(nodes.get(i)) + ": reads '" + in
                                + "', which no node produces and which is neither a graph input nor an initializer");
                    }
                } else if (p != i && deps.add(p)) {
                    readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                }
            }
            waiting[i] = deps.size();
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Onnx.NodeProto> out = new ArrayList<>(nodes.size());
        // keep the file's order where it is already topological: always take the lowest ready index
        java.util.PriorityQueue<Integer> queue = new java.util.PriorityQueue<>(ready);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            out.add(nodes.get(i));
            for (int r : readers.getOrDefault(i, List.of())) {
                if (--waiting[r] == 0) {
                    queue.add(r);
                }
            }
        }
        if (out.size() < nodes.size()) {
            for (int i = 0; i < nodes.size(); i++) {
                if (waiting[i] > 0) {
                    throw new OnnxException(describe(nodes.get(i)) + ": the graph has a cycle through this node");
                }
            }
        }
        return out;
    }

    private boolean isGraphInput(String name) {
        for (Onnx.ValueInfoProto v : graph.inputs()) {
            if (v.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    // ================================================================ one node

    private void node(Onnx.NodeProto n) {
        String op = n.getOpType();
        String domain = n.getDomain();
        boolean standard = domain.isEmpty() || domain.equals("ai.onnx");
        boolean anyDynamic = false;
        for (String in : n.getInputList()) {
            T t = in.isEmpty() ? null : tensors.get(in);
            if (t != null && t.dynamic) {
                anyDynamic = true;
            }
        }
        if (n.getOutputCount() == 0) {
            return;
        }
        if (!anyDynamic) {
            if (standard) {
                constantNode(n);
            } else {
                for (String out : n.getOutputList()) {
                    tensors.put(out, T.of(null));
                }
            }
            return;
        }
        if (!standard || !SUPPORTED.contains(op)) {
            unknown(n, standard ? "" : " of domain '" + domain + "'");
            return;
        }
        switch (op) {
            case "Conv" -> conv(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matMul(n);
            case "BatchNormalization" -> layer(n, new Op.BatchNorm(), data(n, 0));
            case "Relu" -> layer(n, new Op.Activation(Op.ActivationKind.RELU), data(n, 0));
            case "Sigmoid" -> layer(n, new Op.Activation(Op.ActivationKind.SIGMOID), data(n, 0));
            case "Tanh" -> layer(n, new Op.Activation(Op.ActivationKind.TANH), data(n, 0));
            case "HardSigmoid" -> layer(n, new Op.Activation(Op.ActivationKind.HARD_SIGMOID), data(n, 0));
            case "HardSwish" -> layer(n, new Op.Activation(Op.ActivationKind.HARD_SWISH), data(n, 0));
            case "LeakyRelu" -> layer(n, new Op.Activation(Op.ActivationKind.LEAKY_RELU), data(n, 0));
            case "Gelu" -> layer(n, new Op.Activation(Op.ActivationKind.GELU), data(n, 0));
            case "Erf" -> layer(n, new Op.Activation(Op.ActivationKind.ERF), data(n, 0));
            case "Clip" -> clip(n);
            case "PRelu" -> prelu(n);
            case "Add", "Sub", "Mul", "Div" -> binary(n);
            case "Softmax", "LogSoftmax" -> layer(n, new Op.Softmax(), data(n, 0));
            case "LRN" -> layer(n, new Op.Lrn(intAttr(n, "size", 0, 1)), data(n, 0));
            case "Dropout" -> layer(n, new Op.Dropout(), data(n, 0));
            case "MaxPool", "AveragePool" -> pool(n);
            case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(n);
            case "Concat" -> concat(n);
            case "Identity" -> alias(n, data(n, 0));
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "Squeeze", "Unsqueeze" -> squeeze(n);
            case "Transpose" -> transpose(n);
            case "Pad" -> pad(n);
            case "Resize", "Upsample" -> resize(n);
            case "Shape" -> shapeOf(n);
            case "Cast" -> alias(n, data(n, 0));
            case "ReduceMean", "ReduceMax" -> reduce(n);
            case "Slice" -> slice(n);
            case "Split" -> split(n);
            default -> {
                // Gather, Slice, ConstantOfShape: shape arithmetic on constants
                if (options.unknownOps() == UnknownOps.ELEMENTWISE) {
                    unknown(n, "");
                } else {
                    fail("is imported where it computes on constants (shape arithmetic), not on the image's features");
                }
            }
        }
    }

    private void unknown(Onnx.NodeProto n, String domain) {
        if (options.unknownOps() == UnknownOps.ERROR) {
            fail("unsupported operator" + domain + "; lcpsim imports " + String.join(", ", SUPPORTED)
                    + " (unknownOps: elementwise costs other operators as element-wise ops)");
        }
        List<T> inputs = new ArrayList<>();
        for (String in : n.getInputList()) {
            T t = in.isEmpty() ? null : tensors.get(in);
            if (t != null && t.dynamic) {
                inputs.add(t);
            }
        }
        unknownCount.merge(n.getOpType(), 1, Integer::sum);
        for (int o = 0; o < n.getOutputCount(); o++) {
            String out = n.getOutput(o);
            if (out.isEmpty()) {
                continue;
            }
            long[] d = valueInfo.get(out);
            Shape fixed = d == null ? null : toShape(d, "output '" + out + "'");
            if (d == null && n.getOutputCount() > 1) {
                fail("an operator of several outputs costed as element-wise needs their shapes in the graph's value_info");
            }
            Op op = new Op.Generic(n.getOpType(), fixed);
            long[] dims = d != null ? d : broadcast(inputs);
            emit(n, o, op, inputs, dims);
        }
    }

    // ---------------------------------------------------------------- weighted layers

    private void conv(Onnx.NodeProto n) {
        T x = data(n, 0);
        T w = weight(n, 1, "weight");
        int rank = x.dims.length;
        if (rank != 4 && rank != 3) {
            fail("only 1-D and 2-D convolutions are imported; the input has rank " + rank);
        }
        if (w.dims.length != rank) {
            fail("weight of rank " + w.dims.length + " for an input of rank " + rank);
        }
        int group = intAttr(n, "group", 1, 1);
        long channels = x.dims[1];
        if (w.dims[1] * group != channels) {
            fail("weight " + Arrays.toString(w.dims) + " with " + group + " group(s) does not match the input's " + channels
                    + " channels");
        }
        int filters = dim(w.dims[0], "filters");
        boolean bias = present(n, 2);
        long[] kernel = Arrays.copyOfRange(w.dims, 2, w.dims.length);
        Window win = window(n, rank - 2, kernel, false);
        Op op;
        if (group == 1) {
            op = new Op.Conv2d(filters, win.kh, win.kw, win.sh, win.sw, win.padding, 1, bias, win.dh, win.dw);
        } else if (group == channels && filters % channels == 0) {
            op = new Op.DepthwiseConv2d(win.kh, win.kw, win.sh, win.sw, win.padding, (int) (filters / channels), bias, win.dh,
                    win.dw);
        } else {
            if (filters % group != 0) {
                fail(filters + " filters cannot form " + group + " groups");
            }
            op = new Op.Conv2d(filters, win.kh, win.kw, win.sh, win.sw, win.padding, group, bias, win.dh, win.dw);
        }
        layer(n, op, x);
    }

    private void gemm(Onnx.NodeProto n) {
        T a = data(n, 0);
        if (intAttr(n, "transA", 0, 0) != 0) {
            fail("transA = 1 (a transposed image) is not imported");
        }
        if (a.dims.length != 2) {
            fail("input of rank " + a.dims.length + " (Gemm multiplies matrices)");
        }
        T b = weight(n, 1, "matrix B");
        if (b.dims.length != 2) {
            fail("matrix B of rank " + b.dims.length);
        }
        boolean transB = intAttr(n, "transB", 0, 0) != 0;
        long k = transB ? b.dims[1] : b.dims[0];
        long units = transB ? b.dims[0] : b.dims[1];
        if (k != a.dims[1]) {
            fail("matrix B " + Arrays.toString(b.dims) + (transB ? " (transposed)" : "") + " does not match the input's "
                    + a.dims[1] + " features");
        }
        if (present(n, 2) && tensor(n, 2).dynamic) {
            fail("a bias C computed from the image is not imported");
        }
        layer(n, new Op.Dense(dim(units, "units"), present(n, 2)), a);
    }

    private void matMul(Onnx.NodeProto n) {
        T a = tensor(n, 0);
        T b = tensor(n, 1);
        if (b.dynamic) {
            fail("a product of two tensors computed from the image (attention) is not imported; only a weight matrix as B");
        }
        if (a.dims.length != 2) {
            fail("input of rank " + a.dims.length + ": only a matrix of features (rank 2) times a weight matrix is imported");
        }
        T w = weight(n, 1, "matrix B");
        if (w.dims.length != 2 || w.dims[0] != a.dims[1]) {
            fail("matrix B " + Arrays.toString(w.dims) + " does not match the input's " + a.dims[1] + " features");
        }
        layer(n, new Op.Dense(dim(w.dims[1], "units"), false), a);
    }

    // ---------------------------------------------------------------- element-wise

    private void clip(Onnx.NodeProto n) {
        T x = data(n, 0);
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        boolean known = true;
        if (opset < 11) {
            lo = floatAttr(n, "min", -Float.MAX_VALUE);
            hi = floatAttr(n, "max", Float.MAX_VALUE);
        } else {
            for (int i = 1; i <= 2; i++) {
                if (present(n, i)) {
                    double[] v = tensor(n, i).floats;
                    if (v == null || v.length != 1) {
                        known = false;
                    } else if (i == 1) {
                        lo = v[0];
                    } else {
                        hi = v[0];
                    }
                }
            }
        }
        Op.ActivationKind kind = Op.ActivationKind.CLIP;
        if (known && lo == 0 && hi == 6) {
            kind = Op.ActivationKind.RELU6;
        } else if (known && lo == 0 && hi >= Float.MAX_VALUE) {
            kind = Op.ActivationKind.RELU;
        }
        layer(n, new Op.Activation(kind), x);
    }

    private void prelu(Onnx.NodeProto n) {
        T x = data(n, 0);
        T slope = weight(n, 1, "slope");
        Shape c = constantShape(slope.dims, x.dims.length);
        layer(n, new Op.Elementwise("prelu", 1, c, slope.param && c.elements() > 1), x);
    }

    private void binary(Onnx.NodeProto n) {
        String fn = n.getOpType().toLowerCase(Locale.ROOT);
        T a = tensor(n, 0);
        T b = tensor(n, 1);
        if (a.dynamic && b.dynamic) {
            long[] out = broadcastDims(a.dims, b.dims);
            Shape sa = toShape(align(a.dims, out.length), "input");
            Shape sb = toShape(align(b.dims, out.length), "input");
            Op op = fn.equals("add") && sa.equals(sb) ? new Op.Add() : new Op.Elementwise(fn, 1, null, false);
            List<T> ins = List.of(a, b);
            if (a.layer.equals(b.layer)) {
                ins = List.of(a); // x * x, x + x: one tensor read twice
                op = new Op.Elementwise(fn, 1, null, false);
            }
            emit(n, 0, op, ins, out);
            return;
        }
        T x = a.dynamic ? a : b;
        T c = a.dynamic ? b : a;
        if (c.dims == null) {
            fail("the shape of its constant operand '" + (a.dynamic ? n.getInput(1) : n.getInput(0)) + "' is unknown");
        }
        long[] out = broadcastDims(x.dims, c.dims);
        Shape cs = constantShape(c.dims, out.length);
        boolean trainable = c.param && !c.constant && cs.elements() > 1;
        emit(n, 0, new Op.Elementwise(fn, 1, cs, trainable), List.of(x), out);
    }

    // ---------------------------------------------------------------- pooling

    private void pool(Onnx.NodeProto n) {
        T x = data(n, 0);
        int rank = x.dims.length;
        if (rank != 4 && rank != 3) {
            fail("only 1-D and 2-D pooling is imported; the input has rank " + rank);
        }
        long[] kernel = intsAttr(n, "kernel_shape");
        if (kernel == null) {
            fail("no kernel_shape");
        }
        Window win = window(n, rank - 2, kernel, true);
        if (win.dh != 1 || win.dw != 1) {
            fail("dilated pooling is not imported");
        }
        Op.PoolKind kind = n.getOpType().equals("MaxPool") ? Op.PoolKind.MAX : Op.PoolKind.AVG;
        layer(n, new Op.Pool(kind, win.kh, win.kw, win.sh, win.sw, win.padding), x);
    }

    private void globalPool(Onnx.NodeProto n) {
        T x = data(n, 0);
        if (x.dims.length < 3) {
            fail("input of rank " + x.dims.length + " has no spatial axes");
        }
        long[] out = x.dims.clone();
        Arrays.fill(out, 2, out.length, 1);
        emit(n, 0, new Op.GlobalPool(n.getOpType().equals("GlobalMaxPool") ? Op.PoolKind.MAX : Op.PoolKind.AVG), List.of(x),
                out);
    }

    // ---------------------------------------------------------------- layout

    private void concat(Onnx.NodeProto n) {
        List<T> ins = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            T t = tensor(n, i);
            if (!t.dynamic) {
                fail("concatenating a constant with the image's features is not imported");
            }
            ins.add(t);
        }
        int rank = ins.get(0).dims.length;
        int axis = axis(intAttr(n, "axis", 1, Integer.MIN_VALUE), rank);
        long[] out = ins.get(0).dims.clone();
        out[axis] = 0;
        for (T t : ins) {
            if (t.dims.length != rank) {
                fail("inputs of different ranks");
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && t.dims[d] != ins.get(0).dims[d]) {
                    fail("inputs " + Arrays.toString(ins.get(0).dims) + " and " + Arrays.toString(t.dims) + " differ off axis "
                            + axis);
                }
            }
            out[axis] += t.dims[axis];
        }
        if (axis != 1) {
            fail("concatenation along axis " + axis + ": lcpsim concatenates channels (axis 1) only");
        }
        emit(n, 0, new Op.Concat(), ins, out);
    }

    private void flatten(Onnx.NodeProto n) {
        T x = data(n, 0);
        int axis = axis(intAttr(n, "axis", 1, Integer.MIN_VALUE), x.dims.length + 1);
        long lead = 1;
        long rest = 1;
        for (int d = 0; d < x.dims.length; d++) {
            if (d < axis) {
                lead = Math.multiplyExact(lead, x.dims[d]);
            } else {
                rest = Math.multiplyExact(rest, x.dims[d]);
            }
        }
        relayout(n, x, new long[] {lead, rest});
    }

    private void reshape(Onnx.NodeProto n) {
        T x = data(n, 0);
        long[] target;
        if (opset < 5 || n.getInputCount() < 2) {
            target = intsAttr(n, "shape");
        } else {
            target = tensor(n, 1).ints;
        }
        long[] out;
        if (target == null) {
            out = valueInfo.get(n.getOutput(0));
            if (out == null) {
                fail("its target shape is computed in a way lcpsim cannot follow and the graph's value_info does not state it");
            }
        } else {
            out = reshapeDims(x.dims, target, intAttr(n, "allowzero", 0, 0) != 0);
        }
        relayout(n, x, out);
    }

    private long[] reshapeDims(long[] in, long[] target, boolean allowZero) {
        long[] out = target.clone();
        long total = product(in);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= in.length) {
                    fail("target shape " + Arrays.toString(target) + " copies a dimension the input does not have");
                }
                out[i] = in[i];
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    fail("target shape " + Arrays.toString(target) + " infers two dimensions");
                }
                infer = i;
            } else if (out[i] < 1) {
                fail("target shape " + Arrays.toString(target) + " has a dimension < 1");
            } else {
                known = Math.multiplyExact(known, out[i]);
            }
        }
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                fail("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
            }
            out[infer] = total / known;
        }
        if (product(out) != total) {
            fail("cannot reshape " + Arrays.toString(in) + " (" + total + " elements) to " + Arrays.toString(target));
        }
        return out;
    }

    private void squeeze(Onnx.NodeProto n) {
        T x = data(n, 0);
        boolean un = n.getOpType().equals("Unsqueeze");
        long[] axes = opset < 13 ? intsAttr(n, "axes") : present(n, 1) ? tensor(n, 1).ints : null;
        if (opset >= 13 && present(n, 1) && axes == null) {
            fail("its axes are not a constant");
        }
        relayout(n, x, un ? unsqueezeDims(x.dims, axes) : squeezeDims(x.dims, axes));
    }

    private long[] squeezeDims(long[] in, long[] axes) {
        Set<Integer> drop = new HashSet<>();
        if (axes == null) {
            for (int i = 0; i < in.length; i++) {
                if (in[i] == 1) {
                    drop.add(i);
                }
            }
        } else {
            for (long a : axes) {
                int ax = axis(a, in.length);
                if (in[ax] != 1) {
                    fail("squeezes axis " + ax + " of size " + in[ax]);
                }
                drop.add(ax);
            }
        }
        long[] out = new long[in.length - drop.size()];
        int j = 0;
        for (int i = 0; i < in.length; i++) {
            if (!drop.contains(i)) {
                out[j++] = in[i];
            }
        }
        return out;
    }

    private long[] unsqueezeDims(long[] in, long[] axes) {
        if (axes == null) {
            fail("no axes");
        }
        int rank = in.length + axes.length;
        Set<Integer> add = new HashSet<>();
        for (long a : axes) {
            add.add(axis(a, rank));
        }
        long[] out = new long[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = add.contains(i) ? 1 : in[j++];
        }
        return out;
    }

    private void transpose(Onnx.NodeProto n) {
        T x = data(n, 0);
        long[] perm = intsAttr(n, "perm");
        int rank = x.dims.length;
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            int p = perm == null ? rank - 1 - i : axis(perm[i], rank);
            out[i] = x.dims[p];
        }
        if (perm != null && perm.length != rank) {
            fail("perm " + Arrays.toString(perm) + " for rank " + rank);
        }
        relayout(n, x, out);
    }

    /** A reshape: no layer when the C x H x W view stays, a flatten to all elements, else a fixed reshape. */
    private void relayout(Onnx.NodeProto n, T x, long[] out) {
        Shape from = toShape(x.dims, "input");
        Shape to = toShape(out, "output");
        if (from.equals(to)) {
            T t = alias(n, x);
            t.dims = out;
            return;
        }
        Op op = to.equals(Shape.vector(Math.toIntExact(from.elements()))) ? new Op.Flatten() : new Op.Reshape(to);
        emit(n, 0, op, List.of(x), out);
    }

    private void pad(Onnx.NodeProto n) {
        T x = data(n, 0);
        String mode = stringAttr(n, "mode", "constant");
        if (!List.of("constant", "reflect", "edge", "wrap").contains(mode)) {
            fail("mode '" + mode + "'");
        }
        long[] pads = opset < 11 ? intsAttr(n, "pads") : present(n, 1) ? tensor(n, 1).ints : null;
        if (pads == null) {
            fail("its pads are not a constant");
        }
        int rank = x.dims.length;
        long[] full = new long[2 * rank];
        if (opset >= 18 && present(n, 3)) {
            long[] axes = tensor(n, 3).ints;
            if (axes == null || pads.length != 2 * axes.length) {
                fail("its axes are not a constant matching the pads");
            }
            for (int i = 0; i < axes.length; i++) {
                int ax = axis(axes[i], rank);
                full[ax] = pads[i];
                full[ax + rank] = pads[i + axes.length];
            }
        } else {
            if (pads.length != 2 * rank) {
                fail(pads.length + " pads for a tensor of rank " + rank);
            }
            full = pads;
        }
        if (rank < 3 || full[0] != 0 || full[1] != 0 || full[rank] != 0 || full[rank + 1] != 0) {
            fail("padding other axes than height and width is not imported: pads " + Arrays.toString(full));
        }
        int top = Math.toIntExact(full[2]);
        int bottom = Math.toIntExact(full[rank + 2]);
        int left = rank == 4 ? Math.toIntExact(full[3]) : 0;
        int right = rank == 4 ? Math.toIntExact(full[rank + 3]) : 0;
        long[] out = x.dims.clone();
        out[2] += top + bottom;
        if (rank == 4) {
            out[3] += left + right;
        }
        emit(n, 0, new Op.Pad(top, left, bottom, right), List.of(x), out);
    }

    private void resize(Onnx.NodeProto n) {
        T x = data(n, 0);
        int rank = x.dims.length;
        long[] out = null;
        double[] scales = null;
        if (n.getOpType().equals("Upsample") && opset < 9) {
            scales = floatsAttr(n, "scales");
        } else if (n.getOpType().equals("Upsample") || opset < 11) {
            scales = present(n, 1) ? tensor(n, 1).floats : null;
        } else {
            if (present(n, 3)) {
                long[] sizes = tensor(n, 3).ints;
                if (sizes != null && sizes.length == rank) {
                    out = sizes.clone();
                }
            }
            if (out == null && present(n, 2)) {
                scales = tensor(n, 2).floats;
            }
        }
        if (out == null && scales != null && scales.length == rank) {
            out = new long[rank];
            for (int i = 0; i < rank; i++) {
                out[i] = (long) Math.floor(x.dims[i] * scales[i]);
            }
        }
        if (out == null) {
            out = valueInfo.get(n.getOutput(0));
        }
        if (out == null) {
            fail("its output size (scales or sizes) is not a constant");
        }
        if (out.length != rank || rank < 3 || out[0] != x.dims[0] || out[1] != x.dims[1]) {
            fail("resizing other axes than height and width is not imported: " + Arrays.toString(x.dims) + " to "
                    + Arrays.toString(out));
        }
        String mode = stringAttr(n, "mode", "nearest");
        int flops = switch (mode) {
            case "linear", "bilinear" -> 4;
            case "cubic" -> 16;
            default -> 1;
        };
        emit(n, 0, new Op.Resize(dim(out[2], "height"), rank == 4 ? dim(out[3], "width") : 1, flops), List.of(x), out);
    }

    /** A mean or max over the height and width: global pooling (mnasnet's x.mean([2, 3])). */
    private void reduce(Onnx.NodeProto n) {
        T x = data(n, 0);
        int rank = x.dims.length;
        long[] axes = opset < 18 || n.getOpType().equals("ReduceMax") && opset < 18 ? intsAttr(n, "axes")
                : present(n, 1) ? tensor(n, 1).ints : null;
        if (opset >= 18 && present(n, 1) && axes == null) {
            fail("its axes are not a constant");
        }
        Set<Integer> set = new TreeSet<>();
        if (axes != null) {
            for (long a : axes) {
                set.add(axis(a, rank));
            }
        }
        Set<Integer> spatial = new TreeSet<>();
        for (int i = 2; i < rank; i++) {
            spatial.add(i);
        }
        boolean keep = intAttr(n, "keepdims", 1, 0) != 0;
        if (rank < 3 || !set.equals(spatial)) {
            if (options.unknownOps() != UnknownOps.ELEMENTWISE) {
                fail("a reduction over axes " + set + " is imported only over the height and width (global pooling); "
                        + "unknownOps: elementwise costs it as an element-wise op");
            }
            List<Long> dims = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                if (!set.contains(i) && !set.isEmpty()) {
                    dims.add(x.dims[i]);
                } else if (keep) {
                    dims.add(1L);
                }
            }
            long[] out = dims.stream().mapToLong(Long::longValue).toArray();
            unknownCount.merge(n.getOpType(), 1, Integer::sum);
            emit(n, 0, new Op.Generic(n.getOpType(), toShape(out, "output")), List.of(x), out);
            return;
        }
        long[] out = keep ? x.dims.clone() : new long[] {x.dims[0], x.dims[1]};
        if (keep) {
            Arrays.fill(out, 2, rank, 1);
        }
        emit(n, 0, new Op.GlobalPool(n.getOpType().equals("ReduceMax") ? Op.PoolKind.MAX : Op.PoolKind.AVG), List.of(x), out);
    }

    /** A slice of the channels (ShuffleNet's channel split); other slices of the image's features are not imported. */
    private void slice(Onnx.NodeProto n) {
        T x = data(n, 0);
        int rank = x.dims.length;
        long[] starts = opset < 10 ? intsAttr(n, "starts") : tensor(n, 1).ints;
        long[] ends = opset < 10 ? intsAttr(n, "ends") : tensor(n, 2).ints;
        long[] axes = opset < 10 ? intsAttr(n, "axes") : present(n, 3) ? tensor(n, 3).ints : null;
        long[] steps = opset >= 10 && present(n, 4) ? tensor(n, 4).ints : null;
        if (starts == null || ends == null || opset >= 10 && present(n, 3) && axes == null) {
            fail("its bounds are not constants");
        }
        long[] out = x.dims.clone();
        long from = 0;
        long to = x.dims[1];
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(axes == null ? i : axes[i], rank);
            long len = x.dims[ax];
            long s = starts[i] < 0 ? starts[i] + len : starts[i];
            long e = ends[i] < 0 ? ends[i] + len : ends[i];
            s = Math.max(0, Math.min(len, s));
            e = Math.max(s, Math.min(len, e));
            if (steps != null && steps[i] != 1 || ax != 1 && (s != 0 || e != len)) {
                fail("a slice along axis " + ax + (steps != null && steps[i] != 1 ? " with step " + steps[i] : "")
                        + ": lcpsim slices channels (axis 1, step 1) only");
            }
            if (ax == 1) {
                from = s;
                to = e;
            }
        }
        if (to <= from) {
            fail("an empty slice");
        }
        out[1] = to - from;
        emit(n, 0, new Op.ChannelSlice((int) from, (int) to, (int) x.dims[1]), List.of(x), out);
    }

    /** Channels split into parts, each a layer of its own. */
    private void split(Onnx.NodeProto n) {
        T x = data(n, 0);
        int rank = x.dims.length;
        int axis = axis(intAttr(n, "axis", 0, Integer.MIN_VALUE), rank);
        if (axis != 1) {
            fail("a split along axis " + axis + ": lcpsim splits channels (axis 1) only");
        }
        int parts = n.getOutputCount();
        long[] sizes = opset < 13 ? intsAttr(n, "split") : present(n, 1) ? tensor(n, 1).ints : null;
        if (sizes == null) {
            sizes = new long[parts];
            long c = x.dims[1];
            long each = (c + parts - 1) / parts;
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(each, c - i * each));
            }
        }
        if (sizes.length != parts) {
            fail(sizes.length + " sizes for " + parts + " outputs");
        }
        long from = 0;
        for (int i = 0; i < parts; i++) {
            long[] out = x.dims.clone();
            out[1] = sizes[i];
            if (sizes[i] < 1 || from + sizes[i] > x.dims[1]) {
                fail("split sizes " + Arrays.toString(sizes) + " of " + x.dims[1] + " channels");
            }
            if (!n.getOutput(i).isEmpty()) {
                emit(n, i, new Op.ChannelSlice((int) from, (int) (from + sizes[i]), (int) x.dims[1]), List.of(x), out);
            }
            from += sizes[i];
        }
    }

    private void shapeOf(Onnx.NodeProto n) {
        T x = tensor(n, 0);
        long[] d = x.dims;
        int start = axisClamp(intAttr(n, "start", 0, Integer.MIN_VALUE), d.length);
        int end = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("end"))
                ? axisClamp(intAttr(n, "end", 0, Integer.MIN_VALUE), d.length) : d.length;
        T t = T.of(new long[] {Math.max(0, end - start)});
        t.ints = Arrays.copyOfRange(d, start, Math.max(start, end));
        t.constant = true;
        tensors.put(n.getOutput(0), t);
    }

    // ---------------------------------------------------------------- constants

    /** A node that computes on constants only: evaluated where that is cheap, else of unknown value. */
    private void constantNode(Onnx.NodeProto n) {
        String op = n.getOpType();
        T out = switch (op) {
            case "Constant" -> constant(n);
            case "Identity", "Cast", "Dropout" -> cast(n);
            case "Shape" -> {
                T x = tensor(n, 0);
                if (x.dims == null) {
                    yield T.of(null);
                }
                int start = axisClamp(intAttr(n, "start", 0, Integer.MIN_VALUE), x.dims.length);
                int end = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("end"))
                        ? axisClamp(intAttr(n, "end", 0, Integer.MIN_VALUE), x.dims.length) : x.dims.length;
                T t = T.of(new long[] {Math.max(0, end - start)});
                t.ints = Arrays.copyOfRange(x.dims, start, Math.max(start, end));
                yield t;
            }
            case "Gather" -> gather(n);
            case "Unsqueeze", "Squeeze", "Reshape", "Flatten" -> reshapeConstant(n);
            case "Concat" -> concatConstant(n);
            case "Slice" -> sliceConstant(n);
            case "Add", "Sub", "Mul", "Div" -> arithmetic(n);
            case "ConstantOfShape" -> {
                long[] shape = tensor(n, 0).ints;
                yield T.of(shape);
            }
            default -> T.of(null);
        };
        out.constant = out.constant || !op.equals("Identity");
        tensors.put(n.getOutput(0), out);
        for (int i = 1; i < n.getOutputCount(); i++) {
            tensors.put(n.getOutput(i), T.of(null));
        }
    }

    private T constant(Onnx.NodeProto n) {
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    T t = initializer(a.getT());
                    t.param = false;
                    return t;
                }
                case "value_int" -> {
                    T t = T.of(new long[0]);
                    t.ints = new long[] {a.getI()};
                    t.floats = new double[] {a.getI()};
                    return t;
                }
                case "value_ints" -> {
                    T t = T.of(new long[] {a.getIntsCount()});
                    t.ints = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                    t.floats = Arrays.stream(t.ints).asDoubleStream().toArray();
                    return t;
                }
                case "value_float" -> {
                    T t = T.of(new long[0]);
                    t.floats = new double[] {a.getF()};
                    return t;
                }
                case "value_floats" -> {
                    T t = T.of(new long[] {a.getFloatsCount()});
                    t.floats = a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
                    return t;
                }
                default -> {
                    // sparse_value, strings: value unknown
                }
            }
        }
        return T.of(null);
    }

    private T cast(Onnx.NodeProto n) {
        T x = tensor(n, 0);
        T t = T.of(x.dims);
        t.ints = x.ints != null ? x.ints : x.floats == null ? null : Arrays.stream(x.floats).mapToLong(v -> (long) v).toArray();
        t.floats = x.floats != null ? x.floats : x.ints == null ? null : Arrays.stream(x.ints).asDoubleStream().toArray();
        t.param = x.param;
        t.constant = x.constant;
        return t;
    }

    private T gather(Onnx.NodeProto n) {
        T data = tensor(n, 0);
        T idx = tensor(n, 1);
        if (data.ints == null || idx.ints == null || data.dims == null || data.dims.length != 1 || idx.dims == null
                || intAttr(n, "axis", 0, Integer.MIN_VALUE) != 0) {
            return T.of(null);
        }
        long[] v = new long[idx.ints.length];
        for (int i = 0; i < v.length; i++) {
            int at = (int) (idx.ints[i] < 0 ? idx.ints[i] + data.ints.length : idx.ints[i]);
            if (at < 0 || at >= data.ints.length) {
                fail("index " + idx.ints[i] + " out of range");
            }
            v[i] = data.ints[at];
        }
        T t = T.of(idx.dims);
        t.ints = v;
        return t;
    }

    private T reshapeConstant(Onnx.NodeProto n) {
        T x = tensor(n, 0);
        T t = T.of(null);
        t.ints = x.ints;
        t.floats = x.floats;
        if (x.dims == null) {
            return t;
        }
        String op = n.getOpType();
        switch (op) {
            case "Unsqueeze" -> {
                long[] axes = opset < 13 ? intsAttr(n, "axes") : present(n, 1) ? tensor(n, 1).ints : null;
                t.dims = axes == null ? null : unsqueezeDims(x.dims, axes);
            }
            case "Squeeze" -> {
                long[] axes = opset < 13 ? intsAttr(n, "axes") : present(n, 1) ? tensor(n, 1).ints : null;
                t.dims = opset >= 13 && present(n, 1) && axes == null ? null : squeezeDims(x.dims, axes);
            }
            case "Flatten" -> {
                int axis = axis(intAttr(n, "axis", 1, Integer.MIN_VALUE), x.dims.length + 1);
                t.dims = new long[] {product(Arrays.copyOfRange(x.dims, 0, axis)),
                    product(Arrays.copyOfRange(x.dims, axis, x.dims.length))};
            }
            default -> { // Reshape
                long[] target = opset < 5 ? intsAttr(n, "shape") : present(n, 1) ? tensor(n, 1).ints : null;
                t.dims = target == null ? null : reshapeDims(x.dims, target, intAttr(n, "allowzero", 0, 0) != 0);
            }
        }
        t.param = x.param;
        return t;
    }

    private T concatConstant(Onnx.NodeProto n) {
        List<Long> v = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            T t = tensor(n, i);
            if (t.ints == null || t.dims == null || t.dims.length > 1) {
                return T.of(null);
            }
            for (long x : t.ints) {
                v.add(x);
            }
        }
        T t = T.of(new long[] {v.size()});
        t.ints = v.stream().mapToLong(Long::longValue).toArray();
        return t;
    }

    private T sliceConstant(Onnx.NodeProto n) {
        T x = tensor(n, 0);
        if (x.ints == null || x.dims == null || x.dims.length != 1) {
            return T.of(null);
        }
        long[] starts = opset < 10 ? intsAttr(n, "starts") : tensor(n, 1).ints;
        long[] ends = opset < 10 ? intsAttr(n, "ends") : tensor(n, 2).ints;
        long[] steps = opset >= 10 && present(n, 4) ? tensor(n, 4).ints : null;
        if (starts == null || ends == null || starts.length != 1 || ends.length != 1) {
            return T.of(null);
        }
        long len = x.ints.length;
        long step = steps == null ? 1 : steps[0];
        if (step != 1) {
            return T.of(null);
        }
        long s = starts[0] < 0 ? starts[0] + len : starts[0];
        long e = ends[0] < 0 ? ends[0] + len : ends[0];
        s = Math.max(0, Math.min(len, s));
        e = Math.max(s, Math.min(len, e));
        T t = T.of(new long[] {e - s});
        t.ints = Arrays.copyOfRange(x.ints, (int) s, (int) e);
        return t;
    }

    private T arithmetic(Onnx.NodeProto n) {
        T a = tensor(n, 0);
        T b = tensor(n, 1);
        long[] dims = a.dims != null && b.dims != null ? broadcastDims(a.dims, b.dims) : null;
        T t = T.of(dims);
        if (a.ints != null && b.ints != null && (a.ints.length == b.ints.length || a.ints.length == 1 || b.ints.length == 1)) {
            int len = Math.max(a.ints.length, b.ints.length);
            long[] v = new long[len];
            for (int i = 0; i < len; i++) {
                long x = a.ints[a.ints.length == 1 ? 0 : i];
                long y = b.ints[b.ints.length == 1 ? 0 : i];
                v[i] = switch (n.getOpType()) {
                    case "Add" -> x + y;
                    case "Sub" -> x - y;
                    case "Mul" -> x * y;
                    default -> y == 0 ? 0 : Math.floorDiv(x, y);
                };
            }
            t.ints = v;
        }
        return t;
    }

    private T initializer(Onnx.TensorProto p) {
        long[] dims = p.getDimsList().stream().mapToLong(Long::longValue).toArray();
        for (long d : dims) {
            if (d < 0) {
                throw new OnnxException("initializer '" + p.getName() + "' has a negative dimension");
            }
        }
        T t = T.of(dims);
        int type = p.getDataType();
        t.param = type == FLOAT || type == DOUBLE || type == 10 || type == 16;
        long count = 1;
        for (long d : dims) {
            count = d == 0 ? 0 : count > Long.MAX_VALUE / Math.max(1, d) ? Long.MAX_VALUE : count * d;
        }
        if (count > OnnxReader.SMALL_DATA_BYTES) {
            return t;
        }
        int n = (int) count;
        long[] ints = null;
        double[] floats = null;
        ByteBuffer raw = p.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case INT64 -> ints = p.getInt64DataCount() == n ? p.getInt64DataList().stream().mapToLong(Long::longValue).toArray()
                    : raw.remaining() == 8L * n ? longs(raw, n, 8) : null;
            case INT32, INT16, INT8, UINT16, UINT8, BOOL -> {
                int width = type == INT32 ? 4 : type == INT16 || type == UINT16 ? 2 : 1;
                ints = p.getInt32DataCount() == n ? p.getInt32DataList().stream().mapToLong(Integer::longValue).toArray()
                        : raw.remaining() == (long) width * n ? longs(raw, n, width) : null;
            }
            case UINT32, UINT64 -> ints = p.getUint64DataCount() == n ? p.getUint64DataList().stream().mapToLong(Long::longValue)
                    .toArray() : raw.remaining() == (type == UINT32 ? 4L : 8L) * n ? longs(raw, n, type == UINT32 ? 4 : 8) : null;
            case FLOAT -> {
                if (p.getFloatDataCount() == n) {
                    floats = p.getFloatDataList().stream().mapToDouble(Float::doubleValue).toArray();
                } else if (raw.remaining() == 4L * n) {
                    floats = new double[n];
                    for (int i = 0; i < n; i++) {
                        floats[i] = raw.getFloat();
                    }
                }
            }
            case DOUBLE -> {
                if (p.getDoubleDataCount() == n) {
                    floats = p.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
                } else if (raw.remaining() == 8L * n) {
                    floats = new double[n];
                    for (int i = 0; i < n; i++) {
                        floats[i] = raw.getDouble();
                    }
                }
            }
            default -> {
                // float16, bfloat16, strings: values not needed
            }
        }
        if (ints != null && floats == null) {
            floats = Arrays.stream(ints).asDoubleStream().toArray();
        }
        if (floats != null && ints == null && type != FLOAT && type != DOUBLE) {
            ints = Arrays.stream(floats).mapToLong(v -> (long) v).toArray();
        }
        t.ints = ints;
        t.floats = floats;
        return t;
    }

    private static long[] longs(ByteBuffer raw, int n, int width) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (width) {
                case 8 -> raw.getLong();
                case 4 -> raw.getInt();
                case 2 -> raw.getShort();
                default -> raw.get();
            };
        }
        return v;
    }

    // ================================================================ layers

    private T alias(Onnx.NodeProto n, T x) {
        T t = T.of(x.dims);
        t.dynamic = true;
        t.layer = x.layer;
        tensors.put(n.getOutput(0), t);
        aliasedNodes.put(n.getName(), n.getOpType());
        aliasedNodes.put(n.getOutput(0), n.getOpType());
        return t;
    }

    /** A layer whose output has the input's rank: [1, C, H, W], [1, C, L] or [1, F]. */
    private void layer(Onnx.NodeProto n, Op op, T x) {
        emit(n, 0, op, List.of(x), null);
    }

    private void emit(Onnx.NodeProto n, int output, Op op, List<T> inputs, long[] dims) {
        List<String> ins = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (T t : inputs) {
            ins.add(t.layer);
            shapes.add(t.layer.equals(Model.INPUT) ? toShape(t.dims, "input") : layerShape.get(t.layer));
        }
        Shape out;
        try {
            out = op.outputShape(shapes);
            op.counts(shapes, out);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        if (dims == null) {
            long[] first = inputs.get(0).dims;
            dims = toShape(first, "input").equals(out) ? first.clone() : fromShape(out, first.length);
        } else if (!toShape(dims, "output").equals(out)) {
            throw fail("output " + Arrays.toString(dims) + " does not match the layer's " + out);
        }
        String name = unique(n.getName().isEmpty() ? n.getOutput(output) : output == 0 ? n.getName()
                : n.getName() + ":" + output);
        Pending p = new Pending(name, n, op, ins);
        layers.add(p);
        layerByName.put(name, p);
        layerShape.put(name, out);
        if (output == 0) {
            nodeLayer.putIfAbsent(n.getName(), name);
        }
        nodeLayer.putIfAbsent(n.getOutput(output), name);
        T t = T.of(dims);
        t.dynamic = true;
        t.layer = name;
        tensors.put(n.getOutput(output), t);
        for (int i = 1; i < n.getOutputCount() && output == 0; i++) {
            if (!n.getOutput(i).isEmpty() && !tensors.containsKey(n.getOutput(i))) {
                tensors.put(n.getOutput(i), T.of(null)); // masks, indices: not followed
            }
        }
    }

    private String unique(String base) {
        String name = base.isBlank() ? "node" : base;
        String candidate = name;
        for (int k = 2; names.contains(candidate); k++) {
            candidate = name + "#" + k;
        }
        names.add(candidate);
        return candidate;
    }

    private Model build(Shape inputShape) {
        if (graph.outputs().isEmpty()) {
            throw new OnnxException("the graph has no output");
        }
        String outName = graph.outputs().get(0).getName();
        T out = tensors.get(outName);
        if (out == null || !out.dynamic) {
            throw new OnnxException("the graph's output '" + outName + "' is not computed from the image");
        }
        if (out.layer.equals(Model.INPUT)) {
            throw new OnnxException("the graph's output '" + outName + "' is its input: there is nothing to compute");
        }
        List<Pending> kept = ImportedLayers.neededBy(out.layer, layers, layerByName, Pending::name, Pending::inputs);
        String name = options.name() == null || options.name().isBlank() ? (graph.name().isBlank() ? "onnx-model" : graph.name())
                : options.name();
        ModelBuilder b = new ModelBuilder(name, inputShape);
        for (Pending p : kept) {
            current = p.node();
            try {
                b.add(p.name(), p.op(), p.inputs());
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }
        current = null;
        String head = head(kept);
        if (head != null) {
            b.headStart(head);
        }
        if (graph.outputs().size() > 1) {
            List<String> others = new ArrayList<>();
            for (int i = 1; i < graph.outputs().size(); i++) {
                others.add("'" + graph.outputs().get(i).getName() + "'");
            }
            b.note("imported " + name + ": only the graph's first output '" + outName + "' is simulated; "
                    + String.join(", ", others) + " and the nodes only they need are left out");
        }
        if (!unknownCount.isEmpty()) {
            b.note("imported " + name + ": operators lcpsim does not model costed as element-wise ops (unknownOps: "
                    + "elementwise), one FLOP per element, no parameters: " + ImportedLayers.counted(unknownCount));
        }
        return b.build();
    }

    /** The head's first layer: the named one, or the last layer with weights when only weightless layers follow it. */
    private String head(List<Pending> kept) {
        if (options.head() != null) {
            String want = options.head();
            String layer = nodeLayer.get(want);
            if (layer == null) {
                if (aliasedNodes.containsKey(want)) {
                    throw new OnnxException("head: node '" + want + "' (" + aliasedNodes.get(want)
                            + ") only renames a tensor and becomes no layer: name the classifier's first node");
                }
                throw new OnnxException("head: the graph has no node or tensor named '" + want + "'");
            }
            boolean present = kept.stream().anyMatch(p -> p.name().equals(layer));
            if (!present) {
                throw new OnnxException("head: node '" + want + "' does not lead to the graph's output");
            }
            return layer;
        }
        return org.lcpsim.workload.ClassifierHead.find(kept, Pending::name, Pending::op, Pending::inputs);
    }

    // ================================================================ helpers

    private record Window(int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
    }

    private Window window(Onnx.NodeProto n, int spatial, long[] kernelFromWeights, boolean pooling) {
        long[] k = intsAttr(n, "kernel_shape");
        if (k == null) {
            k = kernelFromWeights;
        }
        if (k.length != spatial) {
            fail("kernel " + Arrays.toString(k) + " for " + spatial + " spatial axes");
        }
        long[] s = orOnes(intsAttr(n, "strides"), spatial, "strides");
        long[] d = orOnes(intsAttr(n, "dilations"), spatial, "dilations");
        long[] pads = intsAttr(n, "pads");
        if (pads == null) {
            pads = new long[2 * spatial];
        }
        if (pads.length != 2 * spatial) {
            fail("pads " + Arrays.toString(pads) + " for " + spatial + " spatial axes");
        }
        for (long p : pads) {
            if (p < 0 || p > Integer.MAX_VALUE) {
                fail("pads " + Arrays.toString(pads) + " out of range");
            }
        }
        boolean ceil = pooling && intAttr(n, "ceil_mode", 0, 0) != 0;
        String auto = stringAttr(n, "auto_pad", "NOTSET");
        Padding padding = switch (auto) {
            case "SAME_UPPER", "SAME_LOWER" -> Padding.SAME;
            case "VALID" -> Padding.VALID;
            case "NOTSET", "" -> spatial == 2 ? Padding.of((int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3], ceil)
                    : Padding.of((int) pads[0], 0, (int) pads[1], 0, ceil);
            default -> throw fail("auto_pad '" + auto + "'");
        };
        int kh = dim(k[0], "kernel");
        int kw = spatial == 2 ? dim(k[1], "kernel") : 1;
        return new Window(kh, kw, dim(s[0], "stride"), spatial == 2 ? dim(s[1], "stride") : 1, dim(d[0], "dilation"),
                spatial == 2 ? dim(d[1], "dilation") : 1, padding);
    }

    private long[] orOnes(long[] v, int spatial, String what) {
        if (v == null) {
            long[] ones = new long[spatial];
            Arrays.fill(ones, 1);
            return ones;
        }
        if (v.length != spatial) {
            fail(what + " " + Arrays.toString(v) + " for " + spatial + " spatial axes");
        }
        return v;
    }

    /** Input {@code i}, which must be computed from the image. */
    private T data(Onnx.NodeProto n, int i) {
        T t = tensor(n, i);
        if (!t.dynamic) {
            fail("input " + i + " ('" + n.getInput(i) + "') is expected to be computed from the image");
        }
        return t;
    }

    /** Input {@code i}, a weight whose dimensions must be known. */
    private T weight(Onnx.NodeProto n, int i, String what) {
        T t = tensor(n, i);
        if (t.dynamic) {
            fail("its " + what + " '" + n.getInput(i) + "' is computed from the image; only weights are imported there");
        }
        if (t.dims == null) {
            fail("the dimensions of its " + what + " '" + n.getInput(i) + "' are unknown");
        }
        for (long d : t.dims) {
            if (d < 1 || d > MAX_ELEMENTS) {
                fail("its " + what + " has dimensions " + Arrays.toString(t.dims));
            }
        }
        return t;
    }

    private T tensor(Onnx.NodeProto n, int i) {
        if (!present(n, i)) {
            throw fail("has no input " + i);
        }
        T t = tensors.get(n.getInput(i));
        if (t == null) {
            throw fail("reads '" + n.getInput(i) + "', which is not defined before it");
        }
        return t;
    }

    private static boolean present(Onnx.NodeProto n, int i) {
        return i < n.getInputCount() && !n.getInput(i).isEmpty();
    }

    private Onnx.AttributeProto attr(Onnx.NodeProto n, String name) {
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private int intAttr(Onnx.NodeProto n, String name, int def, int min) {
        Onnx.AttributeProto a = attr(n, name);
        if (a == null) {
            return def;
        }
        long v = a.getI();
        if (v < min || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            fail("attribute " + name + " = " + v + " is out of range");
        }
        return (int) v;
    }

    private double floatAttr(Onnx.NodeProto n, String name, double def) {
        Onnx.AttributeProto a = attr(n, name);
        return a == null ? def : a.getF();
    }

    private long[] intsAttr(Onnx.NodeProto n, String name) {
        Onnx.AttributeProto a = attr(n, name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private double[] floatsAttr(Onnx.NodeProto n, String name) {
        Onnx.AttributeProto a = attr(n, name);
        return a == null ? null : a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
    }

    private String stringAttr(Onnx.NodeProto n, String name, String def) {
        Onnx.AttributeProto a = attr(n, name);
        return a == null ? def : a.getS().toStringUtf8();
    }

    private int axis(long a, int rank) {
        long ax = a < 0 ? a + rank : a;
        if (ax < 0 || ax >= rank) {
            fail("axis " + a + " out of range for rank " + rank);
        }
        return (int) ax;
    }

    private static int axisClamp(long a, int rank) {
        long ax = a < 0 ? a + rank : a;
        return (int) Math.max(0, Math.min(rank, ax));
    }

    private int dim(long v, String what) {
        if (v < 1 || v > Integer.MAX_VALUE) {
            fail(what + " " + v + " out of range");
        }
        return (int) v;
    }

    private static long[] dims(Onnx.ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return null;
        }
        List<Onnx.TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() < 1) {
                if (i == 0 && d.length > 1) {
                    d[i] = 1; // batch
                    continue;
                }
                return null;
            }
            d[i] = dims.get(i).getDimValue();
        }
        return d;
    }

    private long product(long[] d) {
        long p = 1;
        for (long x : d) {
            p = Math.multiplyExact(p, x);
        }
        return p;
    }

    /** lcpsim's view of an ONNX shape (batch first): see the class comment. */
    private Shape toShape(long[] d, String what) {
        for (long x : d) {
            if (x < 1) {
                throw fail(what + " has an empty dimension: " + Arrays.toString(d));
            }
        }
        long elements;
        try {
            elements = product(d);
        } catch (ArithmeticException e) {
            elements = Long.MAX_VALUE;
        }
        if (elements > MAX_ELEMENTS) {
            throw fail(what + " " + Arrays.toString(d) + " has " + (elements == Long.MAX_VALUE ? "too many" : elements)
                    + " elements, more than lcpsim handles (" + MAX_ELEMENTS + ")");
        }
        return switch (d.length) {
            case 0 -> new Shape(1, 1, 1);
            case 1 -> new Shape((int) d[0], 1, 1);
            case 2 -> new Shape((int) (d[0] * d[1]), 1, 1);
            case 3 -> new Shape((int) (d[0] * d[1]), (int) d[2], 1);
            default -> {
                long c = 1;
                for (int i = 0; i < d.length - 2; i++) {
                    c *= d[i];
                }
                yield new Shape((int) c, (int) d[d.length - 2], (int) d[d.length - 1]);
            }
        };
    }

    private static long[] fromShape(Shape s, int rank) {
        return switch (rank) {
            case 1 -> new long[] {s.elements()};
            case 2 -> new long[] {1, s.elements()};
            case 3 -> new long[] {1, s.channels(), (long) s.height() * s.width()};
            default -> {
                long[] d = new long[rank];
                Arrays.fill(d, 1);
                d[rank - 3] = s.channels();
                d[rank - 2] = s.height();
                d[rank - 1] = s.width();
                yield d;
            }
        };
    }

    /** A constant operand's shape as lcpsim broadcasts it against an activation of rank {@code rank}. */
    private Shape constantShape(long[] dims, int rank) {
        long[] a = align(dims, Math.max(rank, dims.length));
        if (a.length > rank) {
            for (int i = 0; i < a.length - rank; i++) {
                if (a[i] != 1) {
                    fail("its constant operand " + Arrays.toString(dims) + " has more axes than the tensor it meets");
                }
            }
            a = Arrays.copyOfRange(a, a.length - rank, a.length);
        }
        return toShape(a, "constant operand");
    }

    private static long[] align(long[] dims, int rank) {
        long[] a = new long[rank];
        Arrays.fill(a, 1);
        System.arraycopy(dims, 0, a, rank - dims.length, dims.length);
        return a;
    }

    private long[] broadcastDims(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] x = align(a, rank);
        long[] y = align(b, rank);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            if (x[i] == y[i] || y[i] == 1) {
                out[i] = x[i];
            } else if (x[i] == 1) {
                out[i] = y[i];
            } else {
                throw fail("operands " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
        }
        return out;
    }

    private long[] broadcast(List<T> inputs) {
        long[] out = inputs.get(0).dims;
        for (int i = 1; i < inputs.size(); i++) {
            out = broadcastDims(out, inputs.get(i).dims);
        }
        return out;
    }

    private static String describe(Onnx.NodeProto n) {
        String name = n.getName().isEmpty() ? (n.getOutputCount() > 0 ? n.getOutput(0) : "?") : n.getName();
        return "node '" + name + "' (" + n.getOpType() + ")";
    }

    /** Throws the positioned error of the node being imported. */
    private OnnxException fail(String message) {
        throw new OnnxException(current == null ? message : describe(current) + ": " + message);
    }

    /** The known supported operators, for messages. */
    static Set<String> supported() {
        return new LinkedHashSet<>(SUPPORTED);
    }
}

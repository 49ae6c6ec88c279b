package org.lcpsim.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Values;
import org.lcpsim.config.Yaml;

/**
 * Reads a user model from YAML:
 * <pre>
 * name: tiny-cnn
 * input: [3, 32, 32]            # channels, height, width
 * layers:
 *   - {name: conv1, type: conv2d, filters: 16, kernel: 3, stride: 1, padding: same}
 *   - {type: activation, function: relu}
 *   - {type: max-pool, kernel: 2, stride: 2}
 *   - {type: flatten}
 *   - {name: fc, type: dense, units: 10, head: true}   # first layer of the classifier head
 *   - {type: softmax}
 * </pre>
 * A layer reads the previous layer unless it names {@code inputs}; names default to type_n.
 * Padding is same, valid, a pixel count, or {pad: N, ceil: true}.
 */
public final class ModelYaml {
    static final List<String> TYPES = List.of("conv2d", "depthwise-conv2d", "dense", "max-pool", "avg-pool",
            "global-avg-pool", "global-max-pool", "batch-norm", "activation", "lrn", "add", "concat", "flatten",
            "dropout", "softmax");

    private ModelYaml() {
    }

    public static Model read(Path file) {
        Errors errors = new Errors();
        Model m = bind(Yaml.read(file), errors);
        errors.throwIfAny();
        return m;
    }

    /** Binds a model mapping; returns null (with errors recorded) when it is not valid. */
    public static Model bind(Node root, Errors errors) {
        return org.lcpsim.config.ReadLog.document("model", () -> bind0(root, errors));
    }

    private static Model bind0(Node root, Errors errors) {
        int before = errors.size();
        MapReader r = MapReader.of(root, "$", errors);
        String name = r.requiredString("name");
        Shape input = shape(r, "input", errors);
        List<Node> layers = r.list("layers");
        if (r.has("layers") && layers.isEmpty()) {
            r.error("layers", "a model needs at least one layer");
        } else if (!r.has("layers")) {
            r.error("layers", "missing required field (a list of layers)");
        }
        r.end();
        if (name == null || input == null) {
            return null;
        }
        ModelBuilder b = new ModelBuilder(name, input);
        boolean building = true;
        String headAt = null;
        long macs = 0;
        long flops = 0;
        long params = 0;
        for (int i = 0; i < layers.size(); i++) {
            String path = "$.layers[" + i + "]";
            MapReader l = MapReader.of(layers.get(i), path, errors);
            String type = l.requiredChoice("type", TYPES);
            String layerName = l.string("name", null);
            List<String> inputs = new ArrayList<>();
            for (Node n : l.list("inputs")) {
                String s = Values.string(n, l.path("inputs"), errors);
                if (s != null) {
                    inputs.add(s);
                }
            }
            boolean head = Boolean.TRUE.equals(l.bool("head", false));
            if (head && headAt != null) {
                // the second mark moved the head silently: LCP would have split another model than the one described
                l.error("head", "a model has one classifier head, and " + headAt + " starts it already");
                head = false;
            } else if (head) {
                headAt = path + (layerName == null ? "" : " ('" + layerName + "')");
            }
            Op op = type == null ? null : op(type, l);
            l.end();
            if (op == null || !building || errors.size() > before) {
                building = false;
                continue;
            }
            try {
                String n = layerName != null ? layerName : b.autoName(op.type());
                if (head) {
                    b.head();
                }
                b.add(n, op, inputs.isEmpty() ? List.of(b.last()) : inputs);
                Shape out = b.shape(n);
                Layer added = b.layer(n);
                macs = Math.addExact(macs, added.macs());
                flops = Math.addExact(flops, added.flops());
                params = Math.addExact(params, added.params());
                String limit = out.elements() > Model.MAX_TENSOR_ELEMENTS
                        ? "its output has " + out.elements() + " elements (" + out + "); a tensor may have at most 2^40 ("
                        + Model.MAX_TENSOR_ELEMENTS + ")"
                        : macs > Model.MAX_MACS ? "the model's multiply-accumulates reach " + macs + " here; at most 1e14 per"
                        + " inference" : flops > Model.MAX_FLOPS ? "the model's operations reach " + flops + " here; at most"
                        + " 1e15 per inference" : params > Model.MAX_PARAMS ? "the model's parameters reach " + params
                        + " here; at most 1e12" : null;
                if (limit != null) {
                    errors.add(layers.get(i), path, "layer sizes too large: " + limit + " (counts are 64-bit integers, with"
                            + " room for LCP's wider and more numerous branches)");
                    building = false;
                }
            } catch (IllegalArgumentException e) {
                errors.add(layers.get(i), path, e.getMessage());
                building = false;
            } catch (ArithmeticException e) {
                // shapes and counts are exact: a dimension beyond 2^31 - 1, or a count beyond a long
                errors.add(layers.get(i), path, "layer sizes too large: " + (e.getMessage() == null
                        || e.getMessage().contains("overflow") ? "its sizes multiply beyond a 64-bit integer" : e.getMessage()));
                building = false;
            }
        }
        if (!building || errors.size() > before) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(root, "$", e.getMessage());
            return null;
        }
    }

    private static Shape shape(MapReader r, String key, Errors errors) {
        List<Node> dims = r.list(key);
        if (!r.has(key)) {
            r.error(key, "missing required field (a list [channels, height, width])");
            return null;
        }
        if (dims.size() != 3 && dims.size() != 1) {
            r.error(key, "expected [channels, height, width] or [features]");
            return null;
        }
        int[] d = {1, 1, 1};
        for (int i = 0; i < dims.size(); i++) {
            Integer v = Values.integer(dims.get(i), r.path(key) + "[" + i + "]", errors, 1, Integer.MAX_VALUE);
            if (v == null) {
                return null;
            }
            d[i] = v;
        }
        Shape shape = new Shape(d[0], d[1], d[2]);
        long elements = (long) d[0] * d[1] * (long) d[2];
        if (elements / d[2] / d[1] != d[0] || elements > Model.MAX_TENSOR_ELEMENTS) {
            r.error(key, "the input has " + new java.math.BigInteger(Long.toString(d[0])).multiply(java.math.BigInteger.valueOf(d[1]))
                    .multiply(java.math.BigInteger.valueOf(d[2])) + " elements; a tensor may have at most 2^40 ("
                    + Model.MAX_TENSOR_ELEMENTS + ")");
            return null;
        }
        return shape;
    }

    private static Op op(String type, MapReader l) {
        try {
            return switch (type) {
                case "conv2d" -> {
                    int[] k = pair(l, "kernel", null);
                    int[] s = pair(l, "stride", 1);
                    Integer filters = l.requiredInteger("filters", 1, Integer.MAX_VALUE);
                    Integer groups = l.integer("groups", 1, 1, Integer.MAX_VALUE);
                    Padding p = padding(l);
                    Boolean bias = l.bool("bias", true);
                    if (k == null || s == null || filters == null || groups == null || p == null || bias == null) {
                        yield null;
                    }
                    yield new Op.Conv2d(filters, k[0], k[1], s[0], s[1], p, groups, bias);
                }
                case "depthwise-conv2d" -> {
                    Integer k = l.requiredInteger("kernel", 1, Integer.MAX_VALUE);
                    Integer s = l.integer("stride", 1, 1, Integer.MAX_VALUE);
                    Integer m = l.integer("multiplier", 1, 1, Integer.MAX_VALUE);
                    Padding p = padding(l);
                    Boolean bias = l.bool("bias", true);
                    if (k == null || s == null || m == null || p == null || bias == null) {
                        yield null;
                    }
                    yield new Op.DepthwiseConv2d(k, s, p, m, bias);
                }
                case "dense" -> {
                    Integer units = l.requiredInteger("units", 1, Integer.MAX_VALUE);
                    Boolean bias = l.bool("bias", true);
                    yield units == null || bias == null ? null : new Op.Dense(units, bias);
                }
                case "max-pool", "avg-pool" -> {
                    Integer k = l.requiredInteger("kernel", 1, Integer.MAX_VALUE);
                    Integer s = l.integer("stride", k, 1, Integer.MAX_VALUE);
                    Padding p = padding(l);
                    if (k == null || s == null || p == null) {
                        yield null;
                    }
                    yield new Op.Pool(type.startsWith("max") ? Op.PoolKind.MAX : Op.PoolKind.AVG, k, s, p);
                }
                case "global-avg-pool" -> new Op.GlobalPool(Op.PoolKind.AVG);
                case "global-max-pool" -> new Op.GlobalPool(Op.PoolKind.MAX);
                case "batch-norm" -> new Op.BatchNorm();
                case "activation" -> {
                    String f = l.choice("function", Op.ActivationKind.yamlNames(), "relu");
                    yield f == null ? null : new Op.Activation(Op.ActivationKind.fromYaml(f));
                }
                case "lrn" -> {
                    Integer size = l.integer("size", 5, 1, Integer.MAX_VALUE);
                    yield size == null ? null : new Op.Lrn(size);
                }
                case "add" -> new Op.Add();
                case "concat" -> new Op.Concat();
                case "flatten" -> new Op.Flatten();
                case "dropout" -> {
                    l.number("rate", 0.5, 0, 1);
                    yield new Op.Dropout();
                }
                case "softmax" -> new Op.Softmax();
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            l.errors().add(l.location(), l.path(), e.getMessage());
            return null;
        }
    }

    /** An int or [h, w]; {@code def} when absent (null: required). */
    private static int[] pair(MapReader l, String key, Integer def) {
        if (!l.has(key)) {
            if (def == null) {
                l.error(key, "missing required field (an integer or [height, width])");
                return null;
            }
            return new int[] {def, def};
        }
        Node n = l.node(key);
        if (n instanceof Node.ListNode list) {
            if (list.items().size() != 2) {
                l.error(key, "expected an integer or [height, width]");
                return null;
            }
            Integer h = Values.integer(list.items().get(0), l.path(key) + "[0]", l.errors(), 1, Integer.MAX_VALUE);
            Integer w = Values.integer(list.items().get(1), l.path(key) + "[1]", l.errors(), 1, Integer.MAX_VALUE);
            return h == null || w == null ? null : new int[] {h, w};
        }
        Integer v = Values.integer(n, l.path(key), l.errors(), 1, Integer.MAX_VALUE);
        return v == null ? null : new int[] {v, v};
    }

    private static Padding padding(MapReader l) {
        if (!l.has("padding")) {
            return Padding.VALID;
        }
        Node n = l.node("padding");
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.STRING) {
            String v = Values.choice(n, l.path("padding"), l.errors(), List.of("same", "valid"));
            return v == null ? null : v.equals("same") ? Padding.SAME : Padding.VALID;
        }
        if (n instanceof Node.MapNode) {
            MapReader p = MapReader.of(n, l.path("padding"), l.errors());
            Integer pad = p.requiredInteger("pad", 0, Integer.MAX_VALUE);
            Boolean ceil = p.bool("ceil", false);
            p.end();
            return pad == null || ceil == null ? null : ceil ? Padding.ceil(pad) : Padding.of(pad);
        }
        Integer pad = Values.integer(n, l.path("padding"), l.errors(), 0, Integer.MAX_VALUE);
        return pad == null ? null : Padding.of(pad);
    }
}

package org.lcpsim.workload.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.lcpsim.workload.ImportedLayers;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Padding;
import org.lcpsim.workload.Shape;

/**
 * Turns the configuration of a Keras model ({@link KerasReader}: a Keras 3 {@code .keras} file's
 * config.json or {@code model.to_json()}, of Keras 3 or Keras 2) into a {@link Model}: Sequential
 * and Functional models, nested models inlined (their layers named {@code model/layer}), one
 * lcpsim layer per Keras layer that computes (convolutions, dense layers, pooling, normalization,
 * activations, merges, reshapes), with the layer's own name. A layer's {@code activation}
 * argument becomes a layer of its own, {@code name/relu}; a SeparableConv2D is a depthwise
 * convolution {@code name/depthwise} followed by the 1x1 pointwise convolution {@code name}.
 * Layers that compute nothing (InputLayer, Identity, a linear Activation) leave no layer.
 *
 * <p>Shapes are inferred layer by layer from the input's. Keras's default data format,
 * channels_last, maps to lcpsim's channels-first shapes: a Keras tensor [H, W, C] is C x H x W,
 * [L, C] (1-D convolutions) C x L x 1, [F] is F; a model whose layers say channels_first reads
 * [C, H, W]. A Dense layer on a tensor of rank 2 or 3 acts on the channels of every position, as
 * a 1x1 convolution. Keras 3 configurations record every input tensor's shape: the import checks
 * its own inference against them.
 *
 * <p>Counts: lcpsim's parameters are the weights inference uses, trainable or frozen (batch norm:
 * scale and shift); Keras's model.summary() adds the batch-norm moving mean and variance as
 * non-trainable parameters ({@link Imported#kerasTotalParams}). The classifier head for LCP is
 * named ({@link Options#head}, a Keras layer) or found as for ONNX: the last layer with weights
 * when only weightless layers (flatten, reshape, softmax, dropout, activations, pooling) follow it.
 */
public final class KerasImporter {
    /** What to do with a layer lcpsim does not model. */
    public enum UnknownLayers { ERROR, ELEMENTWISE }

    /** Import options: unknown layers, the head's first layer (null: found), the model's name (null: the file's). */
    public record Options(UnknownLayers unknownLayers, String head, String name) {
        public static final Options DEFAULT = new Options(UnknownLayers.ERROR, null, null);

        public Options {
            if (unknownLayers == null) {
                unknownLayers = UnknownLayers.ERROR;
            }
        }
    }

    /**
     * An imported model with Keras's own parameter counts: {@code kerasTotalParams} as
     * model.summary() prints "Total params" (lcpsim's parameters plus the batch-norm moving
     * statistics and other non-trainable state), {@code kerasTrainableParams} its "Trainable
     * params" (without frozen layers' weights); {@code format} "Keras 3" or "Keras 2".
     */
    public record Imported(Model model, long kerasTotalParams, long kerasTrainableParams, String format) {
    }

    /** The Keras layer classes lcpsim imports (Keras 2 aliases included). */
    public static final List<String> SUPPORTED = List.copyOf(new TreeSet<>(List.of("Activation", "ActivityRegularization",
            "Add", "AlphaDropout", "Average", "AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D",
            "BatchNormalization", "CenterCrop", "Concatenate", "Conv1D", "Conv2D", "Convolution1D", "Convolution2D",
            "Cropping1D", "Cropping2D", "Dense", "DepthwiseConv2D", "Dropout", "ELU", "Flatten", "GaussianDropout",
            "GaussianNoise", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D",
            "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "Identity", "InputLayer",
            "LeakyReLU", "MaxPool1D", "MaxPool2D", "MaxPooling1D", "MaxPooling2D", "Maximum", "Minimum", "Multiply",
            "Normalization", "PReLU", "Permute", "ReLU", "Rescaling", "Reshape", "Resizing", "SeparableConv2D",
            "SeparableConvolution2D", "Softmax", "SpatialDropout1D", "SpatialDropout2D", "Subtract", "ThresholdedReLU",
            "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D")));

    /** Activations that map onto lcpsim's activation kinds (and softmax onto its softmax). */
    private static final Map<String, Op.ActivationKind> KINDS = Map.ofEntries(Map.entry("relu", Op.ActivationKind.RELU),
            Map.entry("relu6", Op.ActivationKind.RELU6), Map.entry("sigmoid", Op.ActivationKind.SIGMOID),
            Map.entry("tanh", Op.ActivationKind.TANH), Map.entry("hard_sigmoid", Op.ActivationKind.HARD_SIGMOID),
            Map.entry("hard_swish", Op.ActivationKind.HARD_SWISH), Map.entry("hard_silu", Op.ActivationKind.HARD_SWISH),
            Map.entry("gelu", Op.ActivationKind.GELU), Map.entry("leaky_relu", Op.ActivationKind.LEAKY_RELU));
    /** Keras activations lcpsim has no kind for: costed as element-wise ops, one FLOP per element, with a note. */
    private static final Set<String> ELEMENTWISE_ACTIVATIONS = Set.of("swish", "silu", "elu", "selu", "softplus", "softsign",
            "exponential", "mish", "celu", "log_sigmoid", "tanh_shrink", "hard_shrink", "hard_tanh", "soft_shrink",
            "sparse_plus", "squareplus", "threshold");
    private static final Set<String> SOFTMAX = Set.of("softmax", "log_softmax", "sparsemax");
    /** Every activation name lcpsim knows, for messages. */
    public static final List<String> ACTIVATIONS;

    static {
        TreeSet<String> all = new TreeSet<>(KINDS.keySet());
        all.addAll(ELEMENTWISE_ACTIVATIONS);
        all.addAll(SOFTMAX);
        all.add("linear");
        ACTIVATIONS = List.copyOf(all);
    }

    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

    /** A tensor of the Keras graph: its Keras shape without the batch axis, and the lcpsim layer (or input) that holds it. */
    private record KT(long[] dims, String layer) {
    }

    /** A layer to be. */
    private record Pending(String name, Op op, List<String> inputs, String position) {
    }

    private final Options options;
    private final boolean keras3;
    private boolean channelsFirst;
    private final List<Pending> layers = new ArrayList<>();
    private final Map<String, Pending> byName = new HashMap<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    /** A Keras layer's full name to the first lcpsim layer it became (for {@code head:}), or its class when it became none. */
    private final Map<String, String> firstLayer = new HashMap<>();
    private final Map<String, String> aliasClass = new HashMap<>();
    private final Map<String, Integer> unknownCount = new LinkedHashMap<>();
    private final Map<String, Integer> elementwiseActivations = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Shape inputShape;
    private long statistics;
    private long frozen;
    /** Parameters of every layer of the file, whether the output needs it or not (Keras counts them all). */
    private long emittedParams;
    /** The Keras layer being imported, for messages. */
    private String current;
    private long currentParams;
    private String currentFirst;

    private KerasImporter(Options options, boolean keras3) {
        this.options = options;
        this.keras3 = keras3;
    }

    /** Reads and imports {@code file}; {@link KerasException} says what is wrong (the caller names the file). */
    public static Model importFile(Path file, Options options) {
        return load(file, options).model();
    }

    /** Reads and imports {@code file}, with Keras's own parameter counts. */
    public static Imported load(Path file, Options options) {
        KerasReader.Document d = KerasReader.read(file);
        String name = options.name();
        if (name == null) {
            String f = String.valueOf(file.getFileName());
            String lower = f.toLowerCase(Locale.ROOT);
            name = lower.endsWith(".keras") ? f.substring(0, f.length() - 6)
                    : lower.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
        }
        return convert(d.root(), new Options(options.unknownLayers(), options.head(), name));
    }

    /** Imports a configuration already read (the serialized model: {@code class_name}, {@code config}). */
    public static Imported convert(JsonNode root, Options options) {
        boolean keras3 = root.has("module") || root.has("registered_name") || mentions(root, "__keras_tensor__", 0);
        try {
            return new KerasImporter(options, keras3).run(root);
        } catch (ArithmeticException e) {
            throw new KerasException("sizes too large to count (" + e.getMessage() + ")", e);
        } catch (StackOverflowError e) {
            throw new KerasException("models nested too deeply");
        }
    }

    // ================================================================ the model

    private Imported run(JsonNode root) {
        String cls = root.path("class_name").asText("");
        JsonNode config = root.get("config");
        if (cls.isEmpty() || config == null) {
            throw new KerasException("not a Keras model (JSON without the class_name and config of a serialized Keras model:"
                    + " lcpsim reads model.to_json() or a .keras file)");
        }
        if (!isModel(root)) {
            throw new KerasException("not a Keras model lcpsim imports: a " + cls + (config.has("layers") || config.isArray()
                    ? "" : " whose configuration lists no layers (a subclassed model?)")
                    + "; lcpsim imports Sequential and Functional models");
        }
        channelsFirst = dataFormat(root);
        List<KT> outs = model(root, "", null, false, root.path("build_config").path("input_shape"));
        KT out = outs.get(0);
        if (outs.size() > 1) {
            notes.add("only the model's first output is simulated; the other " + (outs.size() - 1)
                    + " output(s) and the layers only they need are left out");
        }
        if (Model.INPUT.equals(out.layer())) {
            throw new KerasException("the model's output is its input: there is nothing to compute");
        }
        return build(out);
    }

    private static boolean isModel(JsonNode entry) {
        String cls = entry.path("class_name").asText("");
        JsonNode config = entry.path("config");
        return MODEL_CLASSES.contains(cls) && (config.isArray() || config.has("layers")) || config.isObject()
                && config.path("layers").isArray() && (config.has("input_layers") || cls.equals("Sequential"));
    }

    /** The model's data format: channels_first when its layers say so (all of them), else channels_last. */
    private boolean dataFormat(JsonNode root) {
        Set<String> formats = new TreeSet<>();
        collectFormats(root, formats, 0);
        formats.remove("null");
        if (formats.size() > 1) {
            throw new KerasException("the model mixes layers of data_format " + String.join(" and ", formats)
                    + ": lcpsim imports models of one layout");
        }
        if (!formats.isEmpty() && !formats.contains("channels_last") && !formats.contains("channels_first")) {
            throw new KerasException("data_format '" + formats.iterator().next() + "' is neither channels_last nor channels_first");
        }
        return formats.contains("channels_first");
    }

    private static void collectFormats(JsonNode n, Set<String> out, int depth) {
        if (depth > KerasReader.MAX_DEPTH) {
            return;
        }
        if (n.isObject()) {
            JsonNode f = n.get("data_format");
            if (f != null && (f.isTextual() || f.isNull())) {
                out.add(f.isNull() ? "null" : f.asText());
            }
            for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
                collectFormats(it.next(), out, depth + 1);
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                collectFormats(c, out, depth + 1);
            }
        }
    }

    private static boolean mentions(JsonNode n, String text, int depth) {
        if (depth > KerasReader.MAX_DEPTH) {
            return false;
        }
        if (n.isTextual()) {
            return n.asText().equals(text);
        }
        for (JsonNode c : n) {
            if (mentions(c, text, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Imports a Sequential or Functional model whose layers are named {@code prefix + name}; at the
     * top ({@code inputs} null) its input becomes the model's, nested it reads {@code inputs}.
     * Returns its outputs.
     */
    private List<KT> model(JsonNode entry, String prefix, List<KT> inputs, boolean frozenAbove, JsonNode buildShape) {
        JsonNode config = entry.get("config");
        boolean frozenHere = frozenAbove || config.isObject() && !config.path("trainable").asBoolean(true)
                || !entry.path("trainable").asBoolean(true);
        if (entry.path("class_name").asText("").equals("Sequential") || config.isArray()) {
            return sequential(config, prefix, inputs, frozenHere, buildShape);
        }
        return functional(config, prefix, inputs, frozenHere);
    }

    private List<KT> sequential(JsonNode config, String prefix, List<KT> inputs, boolean frozenHere, JsonNode buildShape) {
        JsonNode list = config.isArray() ? config : config.get("layers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new KerasException(where(prefix) + "the Sequential model has no layers");
        }
        int start = 0;
        KT x;
        if (inputs == null) {
            JsonNode first = list.get(0);
            JsonNode cfg = first.path("config");
            JsonNode shape = batchShape(cfg);
            String name = cfg.path("name").asText("input");
            if (first.path("class_name").asText("").equals("InputLayer")) {
                start = 1;
            }
            if (shape == null && config.isObject()) {
                shape = config.get("build_input_shape");
            }
            if ((shape == null || shape.isNull()) && isModel(first)) {
                shape = nestedInputShape(first, 0); // Sequential([base_model, ...]): the base's input
            }
            if (shape == null || shape.isNull()) {
                shape = buildShape;
            }
            if (shape == null || shape.isNull() || shape.isMissingNode()) {
                throw new KerasException("the Sequential model has no input shape: start it with keras.Input(shape=(224, 224,"
                        + " 3)) or build it (model.build((None, 224, 224, 3))) before saving");
            }
            x = input(shape, name);
        } else {
            if (inputs.size() != 1) {
                throw new KerasException(where(prefix) + "a Sequential model reads one tensor, not " + inputs.size());
            }
            x = inputs.get(0);
        }
        for (int i = start; i < list.size(); i++) {
            JsonNode layer = list.get(i);
            List<KT> out = layer(layer, prefix, List.of(x), frozenHere, null);
            if (out.size() != 1) {
                throw new KerasException(where(prefix) + "layer " + i + " of the Sequential model has " + out.size()
                        + " outputs; a Sequential model passes one tensor on");
            }
            x = out.get(0);
        }
        return List.of(x);
    }

    /** The input shape (with the batch axis) of a nested model's first input, or null. */
    private static JsonNode nestedInputShape(JsonNode model, int depth) {
        JsonNode config = model.path("config");
        JsonNode list = config.isArray() ? config : config.path("layers");
        if (depth > 32 || !list.isArray() || list.isEmpty()) {
            return null;
        }
        JsonNode first = list.get(0);
        if (config.isObject() && config.has("input_layers")) {
            JsonNode ins = config.get("input_layers");
            JsonNode ref = ins.isArray() && !ins.isEmpty() && ins.get(0).isArray() ? ins.get(0) : ins;
            String name = ref.path(0).asText("");
            for (JsonNode l : list) {
                if (name.equals(l.path("name").asText(l.path("config").path("name").asText("")))) {
                    first = l;
                }
            }
        }
        JsonNode shape = batchShape(first.path("config"));
        if (shape == null && config.isObject() && config.path("build_input_shape").isArray()) {
            shape = config.get("build_input_shape");
        }
        return shape == null && isModel(first) ? nestedInputShape(first, depth + 1) : shape;
    }

    /** A reference to a layer's output: layer name, call (node) index, output index. */
    private record Ref(String layer, int node, int tensor, long[] recorded) {
    }

    private List<KT> functional(JsonNode config, String prefix, List<KT> inputs, boolean frozenHere) {
        JsonNode list = config.get("layers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new KerasException(where(prefix) + "the model has no layers");
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        Map<String, List<Ref>> reads = new HashMap<>();
        Map<String, long[]> recorded = new HashMap<>();
        for (JsonNode e : list) {
            String name = e.has("name") ? e.path("name").asText() : e.path("config").path("name").asText("");
            if (name.isEmpty()) {
                throw new KerasException(where(prefix) + "a " + e.path("class_name").asText("layer") + " without a name");
            }
            if (entries.put(name, e) != null) {
                throw new KerasException(where(prefix) + "two layers are named '" + name + "'");
            }
            current = describe(prefix + name, e);
            List<Ref> refs = inbound(e);
            reads.put(name, refs);
            for (Ref r : refs) {
                if (r.recorded() != null) {
                    recorded.put(r.layer() + "#" + r.tensor(), r.recorded());
                }
            }
        }
        current = null;
        List<Ref> ins = refs(config.get("input_layers"), "input_layers", prefix);
        List<Ref> outs = refs(config.get("output_layers"), "output_layers", prefix);
        if (outs.isEmpty()) {
            throw new KerasException(where(prefix) + "the model names no output_layers");
        }
        Map<String, List<KT>> values = new HashMap<>();
        if (inputs == null) {
            if (ins.size() != 1) {
                List<String> n = new ArrayList<>();
                ins.forEach(r -> n.add("'" + r.layer() + "'"));
                throw new KerasException("the model has " + ins.size() + " inputs" + (n.isEmpty() ? "" : " (" + String.join(", ",
                        n) + ")") + ": lcpsim imports models of one input, the image");
            }
            JsonNode in = entries.get(ins.get(0).layer());
            if (in == null) {
                throw new KerasException("input_layers names '" + ins.get(0).layer() + "', which is no layer of the model");
            }
            JsonNode shape = batchShape(in.path("config"));
            if (shape == null) {
                throw new KerasException("input '" + ins.get(0).layer() + "' (" + in.path("class_name").asText()
                        + ") has no shape: build the model on keras.Input(shape=(224, 224, 3))");
            }
            values.put(ins.get(0).layer(), List.of(input(shape, ins.get(0).layer())));
        } else {
            if (ins.size() != inputs.size()) {
                throw new KerasException(where(prefix) + "the nested model has " + ins.size() + " inputs and is given "
                        + inputs.size());
            }
            for (int i = 0; i < ins.size(); i++) {
                if (!entries.containsKey(ins.get(i).layer())) {
                    throw new KerasException(where(prefix) + "input_layers names '" + ins.get(i).layer()
                            + "', which is no layer of the model");
                }
                values.put(ins.get(i).layer(), List.of(inputs.get(i)));
            }
        }
        for (String name : order(entries, reads, prefix)) {
            if (values.containsKey(name)) {
                continue; // an input
            }
            JsonNode e = entries.get(name);
            List<Ref> refs = reads.get(name);
            if (refs.isEmpty()) {
                if (e.path("class_name").asText("").equals("InputLayer")) {
                    continue; // an input the outputs do not need; the count of inputs was checked
                }
                continue; // a layer the model holds but never calls: Keras keeps it out of the graph too
            }
            List<KT> args = new ArrayList<>();
            for (Ref r : refs) {
                List<KT> v = values.get(r.layer());
                current = describe(prefix + name, e);
                if (v == null) {
                    throw fail("reads '" + r.layer() + "', which is no layer of the model");
                }
                if (r.tensor() < 0 || r.tensor() >= v.size()) {
                    throw fail("reads output " + r.tensor() + " of '" + r.layer() + "', which has " + v.size());
                }
                args.add(v.get(r.tensor()));
            }
            current = null;
            List<KT> out = layer(e, prefix, args, frozenHere, recorded);
            values.put(name, out);
        }
        List<KT> result = new ArrayList<>();
        for (Ref r : outs) {
            List<KT> v = values.get(r.layer());
            if (v == null || r.tensor() >= v.size()) {
                throw new KerasException(where(prefix) + "output_layers names '" + r.layer() + "'"
                        + (v == null ? ", which is no layer the model computes" : " output " + r.tensor()));
            }
            result.add(v.get(r.tensor()));
        }
        return result;
    }

    private static String where(String prefix) {
        return prefix.isEmpty() ? "" : "model '" + prefix.substring(0, prefix.length() - 1) + "': ";
    }

    /** The layers in an order where each comes after the layers it reads; the file's order where it already is one. */
    private List<String> order(Map<String, JsonNode> entries, Map<String, List<Ref>> reads, String prefix) {
        List<String> names = new ArrayList<>(entries.keySet());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        int[] waiting = new int[names.size()];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (Ref r : reads.get(names.get(i))) {
                Integer p = index.get(r.layer());
                if (p == null) {
                    current = describe(prefix + names.get(i), entries.get(names.get(i)));
                    throw fail("reads '" + r.layer() + "', which is no layer of the model");
                }
                if (p != i && deps.add(p)) {
                    readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                } else if (p == i) {
                    current = describe(prefix + names.get(i), entries.get(names.get(i)));
                    throw fail("reads its own output");
                }
            }
            waiting[i] = deps.size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < names.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(names.get(i));
            for (int r : readers.getOrDefault(i, List.of())) {
                if (--waiting[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (out.size() < names.size()) {
            for (int i = 0; i < names.size(); i++) {
                if (waiting[i] > 0) {
                    current = describe(prefix + names.get(i), entries.get(names.get(i)));
                    throw fail("the model's graph has a cycle through this layer");
                }
            }
        }
        current = null;
        return out;
    }

    /** What a Functional layer reads: its one call's input tensors (Keras 3 or Keras 2 form). */
    private List<Ref> inbound(JsonNode e) {
        JsonNode nodes = e.get("inbound_nodes");
        if (nodes == null || nodes.isNull()) {
            return List.of();
        }
        if (!nodes.isArray()) {
            throw fail("inbound_nodes is not a list");
        }
        if (nodes.size() > 1) {
            throw fail("is called " + nodes.size() + " times (a shared layer): lcpsim imports layers called once");
        }
        if (nodes.isEmpty()) {
            return List.of();
        }
        JsonNode node = nodes.get(0);
        List<Ref> refs = new ArrayList<>();
        if (node.isObject()) {
            // Keras 3: {"args": [...], "kwargs": {...}} with keras tensors anywhere in the arguments
            collectTensors(node.path("args"), refs, 0);
            if (refs.isEmpty()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.path("kwargs").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> kw = it.next();
                    if (!kw.getKey().equals("mask") && !kw.getKey().equals("training")) {
                        collectTensors(kw.getValue(), refs, 0);
                    }
                }
            }
        } else if (node.isArray()) {
            // Keras 2: [[layer, node, tensor, kwargs], ...]
            for (JsonNode r : node) {
                if (r.isArray() && !r.isEmpty() && r.get(0).isTextual()) {
                    refs.add(new Ref(r.get(0).asText(), r.path(1).asInt(0), r.path(2).asInt(0), null));
                } else {
                    throw fail("an inbound node entry that is not [layer, node, tensor, kwargs]: " + excerpt(r));
                }
            }
        } else {
            throw fail("an inbound node that is neither a list nor {args, kwargs}: " + excerpt(node));
        }
        if (refs.isEmpty()) {
            throw fail("its call reads no tensor");
        }
        return refs;
    }

    private void collectTensors(JsonNode n, List<Ref> refs, int depth) {
        if (depth > 16) {
            return;
        }
        if (n.isObject() && n.path("class_name").asText("").equals("__keras_tensor__")) {
            JsonNode h = n.path("config").path("keras_history");
            if (!h.isArray() || h.size() < 3 || !h.get(0).isTextual()) {
                throw fail("a keras tensor without keras_history [layer, node, tensor]: " + excerpt(n));
            }
            refs.add(new Ref(h.get(0).asText(), h.get(1).asInt(0), h.get(2).asInt(0), dimsOrNull(n.path("config").path("shape"))));
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                collectTensors(c, refs, depth + 1);
            }
        }
    }

    /** {@code input_layers} / {@code output_layers}: [[name, node, tensor], ...], [name, node, tensor] or a mapping of them. */
    private List<Ref> refs(JsonNode n, String what, String prefix) {
        List<Ref> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray() && !n.isEmpty() && n.get(0).isTextual()) {
            out.add(new Ref(n.get(0).asText(), n.path(1).asInt(0), n.path(2).asInt(0), null));
            return out;
        }
        Iterable<JsonNode> items = n.isObject() ? () -> n.elements() : n;
        for (JsonNode r : items) {
            if (r.isArray() && !r.isEmpty() && r.get(0).isTextual()) {
                out.add(new Ref(r.get(0).asText(), r.path(1).asInt(0), r.path(2).asInt(0), null));
            } else if (r.isArray() || r.isObject()) {
                out.addAll(refs(r, what, prefix));
            } else {
                throw new KerasException(where(prefix) + what + " holds " + excerpt(r) + ", not [layer, node, tensor]");
            }
        }
        return out;
    }

    // ================================================================ the input

    /** A layer config's input shape with the batch axis (batch_shape, batch_input_shape), or null. */
    private static JsonNode batchShape(JsonNode cfg) {
        for (String key : List.of("batch_shape", "batch_input_shape")) {
            JsonNode s = cfg.get(key);
            if (s != null && s.isArray()) {
                return s;
            }
        }
        for (String key : List.of("shape", "input_shape")) {
            JsonNode s = cfg.get(key);
            if (s != null && s.isArray()) {
                // without the batch axis: put one in front
                com.fasterxml.jackson.databind.node.ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .arrayNode();
                a.addNull();
                a.addAll((com.fasterxml.jackson.databind.node.ArrayNode) s);
                return a;
            }
        }
        return null;
    }

    private KT input(JsonNode batchShape, String name) {
        String what = "input '" + name + "'";
        if (!batchShape.isArray() || batchShape.size() < 2) {
            throw new KerasException(what + " has shape " + excerpt(batchShape) + ": lcpsim imports models of an image, a "
                    + "sequence or a vector");
        }
        JsonNode batch = batchShape.get(0);
        if (!batch.isNull() && !(batch.canConvertToLong() && batch.asLong() == 1)) {
            throw new KerasException(what + " has batch size " + excerpt(batch)
                    + ": lcpsim simulates one image per request; build the model with batch size None or 1");
        }
        long[] dims = new long[batchShape.size() - 1];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = batchShape.get(i + 1);
            if (d.isNull()) {
                throw new KerasException(what + " has a dimension of unknown size (None) at axis " + (i + 1)
                        + ": build the model with a fixed input size, e.g. keras.Input(shape=(224, 224, 3))");
            }
            if (!d.canConvertToExactIntegral() || d.asLong() < 1 || d.asLong() > Integer.MAX_VALUE) {
                throw new KerasException(what + " has dimension " + excerpt(d) + " at axis " + (i + 1));
            }
            dims[i] = d.asLong();
        }
        if (dims.length > 3) {
            throw new KerasException(what + " has rank " + dims.length + " " + Arrays.toString(dims)
                    + ": lcpsim imports models of images (rank 3), sequences (rank 2) and vectors");
        }
        inputShape = shape(dims, what);
        shapes.put(Model.INPUT, inputShape);
        names.add(Model.INPUT);
        return new KT(dims, Model.INPUT);
    }

    // ================================================================ one layer

    private List<KT> layer(JsonNode e, String prefix, List<KT> ins, boolean frozenAbove, Map<String, long[]> recorded) {
        String cls = e.path("class_name").asText("");
        JsonNode cfg = e.path("config");
        String name = e.has("name") ? e.path("name").asText() : cfg.path("name").asText("");
        if (name.isEmpty()) {
            name = cls.toLowerCase(Locale.ROOT);
        }
        String full = prefix + name;
        if (isModel(e)) {
            List<KT> out = model(e, full + "/", ins, frozenAbove, e.path("build_config").path("input_shape"));
            // a nested model's name leads to its first layer (head) and its outputs (other layers)
            return out;
        }
        boolean frozenHere = frozenAbove || !cfg.path("trainable").asBoolean(true);
        current = describe(full, e);
        currentParams = 0;
        currentFirst = null;
        List<KT> out = List.of(one(cls, cfg, full, ins));
        if (frozenHere) {
            frozen += currentParams;
        }
        if (currentFirst != null) {
            firstLayer.putIfAbsent(full, currentFirst);
        } else {
            aliasClass.putIfAbsent(full, cls);
        }
        if (recorded != null) {
            long[] want = recorded.get(name + "#0");
            long[] got = out.get(0).dims();
            if (want != null && !matches(want, got)) {
                throw fail("lcpsim infers the output shape " + keras(got) + " where the file records " + keras(want));
            }
        }
        current = null;
        return out;
    }

    private static boolean matches(long[] recorded, long[] inferred) {
        if (recorded.length != inferred.length) {
            return false;
        }
        for (int i = 0; i < recorded.length; i++) {
            if (recorded[i] >= 0 && recorded[i] != inferred[i]) {
                return false;
            }
        }
        return true;
    }

    private KT one(String cls, JsonNode cfg, String name, List<KT> ins) {
        switch (cls) {
            case "InputLayer", "Identity" -> {
                return single(ins);
            }
            case "Conv2D", "Convolution2D" -> {
                return conv(cfg, name, single(ins), 2);
            }
            case "Conv1D", "Convolution1D" -> {
                return conv(cfg, name, single(ins), 1);
            }
            case "DepthwiseConv2D" -> {
                return depthwise(cfg, name, single(ins));
            }
            case "SeparableConv2D", "SeparableConvolution2D" -> {
                return separable(cfg, name, single(ins));
            }
            case "Dense" -> {
                return dense(cfg, name, single(ins));
            }
            case "BatchNormalization" -> {
                return batchNorm(cfg, name, single(ins));
            }
            case "Activation" -> {
                return activation(activationName(cfg.get("activation")), name, single(ins), true);
            }
            case "ReLU" -> {
                return relu(cfg, name, single(ins));
            }
            case "LeakyReLU" -> {
                return emit(name, new Op.Activation(Op.ActivationKind.LEAKY_RELU), single(ins));
            }
            case "ELU", "ThresholdedReLU" -> {
                return activation(cls.equals("ELU") ? "elu" : "threshold", name, single(ins), true);
            }
            case "PReLU" -> {
                return prelu(cfg, name, single(ins));
            }
            case "Softmax" -> {
                return emit(name, new Op.Softmax(), single(ins));
            }
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> {
                return merge(cls, name, ins);
            }
            case "Concatenate" -> {
                return concat(cfg, name, ins);
            }
            case "Flatten" -> {
                KT x = single(ins);
                return emit(name, new Op.Flatten(), List.of(x), new long[] {product(x.dims())});
            }
            case "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianDropout", "GaussianNoise", "AlphaDropout",
                    "ActivityRegularization" -> {
                return emit(name, new Op.Dropout(), single(ins));
            }
            case "GlobalAveragePooling2D", "GlobalAvgPool2D", "GlobalMaxPooling2D", "GlobalMaxPool2D" -> {
                return globalPool(cfg, name, single(ins), 2, cls.contains("Max"));
            }
            case "GlobalAveragePooling1D", "GlobalAvgPool1D", "GlobalMaxPooling1D", "GlobalMaxPool1D" -> {
                return globalPool(cfg, name, single(ins), 1, cls.contains("Max"));
            }
            case "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D" -> {
                return pool(cfg, name, single(ins), 2, cls.startsWith("Max"));
            }
            case "MaxPooling1D", "MaxPool1D", "AveragePooling1D", "AvgPool1D" -> {
                return pool(cfg, name, single(ins), 1, cls.startsWith("Max"));
            }
            case "ZeroPadding2D", "Cropping2D" -> {
                return pad2d(cfg, name, single(ins), cls.startsWith("Cropping"));
            }
            case "ZeroPadding1D", "Cropping1D" -> {
                return pad1d(cfg, name, single(ins), cls.startsWith("Cropping"));
            }
            case "Rescaling" -> {
                return emit(name, new Op.Elementwise("rescaling", 2, null, false), single(ins));
            }
            case "Normalization" -> {
                return normalization(cfg, name, single(ins));
            }
            case "Reshape" -> {
                return reshape(cfg, name, single(ins));
            }
            case "Permute" -> {
                return permute(cfg, name, single(ins));
            }
            case "UpSampling2D", "UpSampling1D" -> {
                return upsample(cfg, name, single(ins), cls.endsWith("2D") ? 2 : 1);
            }
            case "Resizing", "CenterCrop" -> {
                return resizing(cfg, name, single(ins), cls.equals("CenterCrop"));
            }
            default -> {
                return unknown(cls, name, ins);
            }
        }
    }

    private KT unknown(String cls, String name, List<KT> ins) {
        if (options.unknownLayers() == UnknownLayers.ERROR) {
            throw fail("unsupported layer; lcpsim imports " + String.join(", ", SUPPORTED)
                    + " (unknownLayers: elementwise costs other layers as element-wise ops)");
        }
        unknownCount.merge(cls, 1, Integer::sum);
        long[] dims = ins.get(0).dims();
        for (int i = 1; i < ins.size(); i++) {
            dims = broadcast(dims, ins.get(i).dims());
        }
        return emit(name, new Op.Generic(cls, null), ins, dims);
    }

    private KT single(List<KT> ins) {
        if (ins.size() != 1) {
            throw fail("reads " + ins.size() + " tensors; this layer takes one");
        }
        return ins.get(0);
    }

    // ---------------------------------------------------------------- weighted layers

    /** Window settings of a convolution or pooling layer over {@code spatial} axes. */
    private record Window(int[] kernel, int[] strides, int[] dilation, Padding padding) {
    }

    private Window window(JsonNode cfg, String kernelKey, int spatial, boolean pooling) {
        int[] k = ints(cfg, kernelKey, spatial, null);
        int[] s = ints(cfg, "strides", spatial, pooling ? k : new int[] {1, 1});
        int[] d = pooling ? new int[] {1, 1} : ints(cfg, "dilation_rate", spatial, new int[] {1, 1});
        String pad = cfg.path("padding").asText("valid").toLowerCase(Locale.ROOT);
        Padding padding = switch (pad) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            case "causal" -> {
                if (spatial != 1) {
                    throw fail("padding 'causal' is for 1-D convolutions");
                }
                yield Padding.of((k[0] - 1) * d[0], 0, 0, 0, false);
            }
            default -> throw fail("padding '" + pad + "' (Keras pads 'valid' or 'same')");
        };
        return new Window(k, s, d, padding);
    }

    private void spatial(KT x, int spatial, String cls) {
        int rank = spatial + 1;
        if (x.dims().length != rank) {
            throw fail("reads a tensor of shape " + keras(x.dims()) + "; a " + cls + " reads " + (spatial == 2
                    ? "an image (batch, height, width, channels)" : "a sequence (batch, steps, channels)"));
        }
    }

    private KT conv(JsonNode cfg, String name, KT x, int spatial) {
        spatial(x, spatial, spatial == 2 ? "2-D convolution" : "1-D convolution");
        int filters = positive(cfg, "filters");
        Window w = window(cfg, "kernel_size", spatial, false);
        int groups = cfg.path("groups").isMissingNode() || cfg.path("groups").isNull() ? 1 : positive(cfg, "groups");
        boolean bias = bool(cfg, "use_bias", true);
        int channels = shape(x).channels();
        if (channels % groups != 0 || filters % groups != 0) {
            throw fail(groups + " groups do not divide the input's " + channels + " channels and the " + filters + " filters");
        }
        Op op;
        if (groups > 1 && groups == channels) {
            op = new Op.DepthwiseConv2d(w.kernel()[0], kh(w.kernel(), spatial), w.strides()[0], kh(w.strides(), spatial),
                    w.padding(), filters / channels, bias, w.dilation()[0], kh(w.dilation(), spatial));
        } else {
            op = new Op.Conv2d(filters, w.kernel()[0], kh(w.kernel(), spatial), w.strides()[0], kh(w.strides(), spatial),
                    w.padding(), groups, bias, w.dilation()[0], kh(w.dilation(), spatial));
        }
        KT y = emit(name, op, x);
        return activation(activationName(cfg.get("activation")), name + "/", y, false);
    }

    /** The second spatial value, or 1 for a 1-D window (lcpsim's width axis). */
    private static int kh(int[] v, int spatial) {
        return spatial == 2 ? v[1] : 1;
    }

    private KT depthwise(JsonNode cfg, String name, KT x) {
        spatial(x, 2, "depthwise convolution");
        Window w = window(cfg, "kernel_size", 2, false);
        int multiplier = cfg.has("depth_multiplier") ? positive(cfg, "depth_multiplier") : 1;
        Op op = new Op.DepthwiseConv2d(w.kernel()[0], w.kernel()[1], w.strides()[0], w.strides()[1], w.padding(), multiplier,
                bool(cfg, "use_bias", true), w.dilation()[0], w.dilation()[1]);
        KT y = emit(name, op, x);
        return activation(activationName(cfg.get("activation")), name + "/", y, false);
    }

    private KT separable(JsonNode cfg, String name, KT x) {
        spatial(x, 2, "separable convolution");
        Window w = window(cfg, "kernel_size", 2, false);
        int multiplier = cfg.has("depth_multiplier") ? positive(cfg, "depth_multiplier") : 1;
        int filters = positive(cfg, "filters");
        KT dw = emit(name + "/depthwise", new Op.DepthwiseConv2d(w.kernel()[0], w.kernel()[1], w.strides()[0], w.strides()[1],
                w.padding(), multiplier, false, w.dilation()[0], w.dilation()[1]), x);
        KT pw = emit(name, new Op.Conv2d(filters, 1, 1, 1, 1, Padding.VALID, 1, bool(cfg, "use_bias", true)), dw);
        return activation(activationName(cfg.get("activation")), name + "/", pw, false);
    }

    private KT dense(JsonNode cfg, String name, KT x) {
        int units = positive(cfg, "units");
        boolean bias = bool(cfg, "use_bias", true);
        KT y;
        if (x.dims().length == 1) {
            y = emit(name, new Op.Dense(units, bias), x);
        } else if (channelsFirst) {
            throw fail("a Dense layer on a channels_first tensor of shape " + keras(x.dims())
                    + " acts on its last axis (the width); lcpsim does not import it: flatten the tensor first");
        } else {
            // Keras's Dense acts on the last axis: the channels of every position, a 1x1 convolution
            y = emit(name, new Op.Conv2d(units, 1, 1, 1, 1, Padding.VALID, 1, bias), x);
        }
        return activation(activationName(cfg.get("activation")), name + "/", y, false);
    }

    // ---------------------------------------------------------------- normalization and activations

    /** The position (batch axis 0) of a layer's axis argument in a tensor of {@code rank} axes without the batch. */
    private int axis(JsonNode cfg, String key, int rank, int def) {
        JsonNode a = cfg.get(key);
        if (a == null || a.isNull()) {
            return def < 0 ? def + rank + 1 : def;
        }
        if (a.isArray()) {
            if (a.size() != 1) {
                throw fail(key + " " + excerpt(a) + ": lcpsim imports layers over one axis, the channels");
            }
            a = a.get(0);
        }
        if (!a.canConvertToExactIntegral()) {
            throw fail(key + " " + excerpt(a) + " is not an axis");
        }
        long v = a.asLong();
        long p = v < 0 ? v + rank + 1 : v;
        if (p < 1 || p > rank) {
            throw fail(key + " " + v + " is out of range for a tensor of shape " + "(batch, ...) of rank " + (rank + 1));
        }
        return (int) p;
    }

    /** The channel axis (batch axis 0) of a tensor of {@code rank} axes without the batch. */
    private int channelAxis(int rank) {
        return channelsFirst && rank > 1 ? 1 : rank;
    }

    private KT batchNorm(JsonNode cfg, String name, KT x) {
        int rank = x.dims().length;
        int ax = axis(cfg, "axis", rank, -1);
        if (ax != channelAxis(rank)) {
            throw fail("normalizes axis " + ax + " of " + keras(x.dims()) + ", not the channels (axis " + channelAxis(rank)
                    + "): lcpsim imports batch norm over channels");
        }
        int c = shape(x).channels();
        statistics += 2L * c; // moving mean and variance: Keras counts them as non-trainable parameters
        boolean center = bool(cfg, "center", true);
        boolean scale = bool(cfg, "scale", true);
        if (center && scale) {
            return emit(name, new Op.BatchNorm(), x);
        }
        // scale=False (InceptionV3) or center=False: a per-channel multiply-add with fewer weights
        int weights = (center ? 1 : 0) + (scale ? 1 : 0);
        return emit(name, new Op.Elementwise("batch-norm", 2, new Shape(c, 1, 1), weights > 0), x);
    }

    private KT normalization(JsonNode cfg, String name, KT x) {
        int rank = x.dims().length;
        int ax = axis(cfg, "axis", rank, -1);
        if (ax != channelAxis(rank)) {
            throw fail("normalizes along axis " + ax + " of " + keras(x.dims()) + ": lcpsim imports normalization per channel");
        }
        int c = shape(x).channels();
        JsonNode mean = cfg.get("mean");
        if (mean == null || mean.isNull()) {
            // adapted statistics are weights: mean and variance (and Keras 2's sample count)
            statistics += 2L * c + (keras3 ? 0 : 1);
        }
        return emit(name, new Op.Elementwise("normalization", 2, new Shape(c, 1, 1), false), x);
    }

    private static String activationName(JsonNode a) {
        if (a == null || a.isNull()) {
            return "linear";
        }
        if (a.isTextual()) {
            return a.asText();
        }
        if (a.isObject()) {
            // a serialized function: {"module": "keras.activations", "class_name": "function", "config": "relu"}
            JsonNode c = a.get("config");
            if (c != null && c.isTextual()) {
                return c.asText();
            }
            if (c != null && c.isObject() && c.path("name").isTextual()) {
                return c.path("name").asText();
            }
            return a.path("class_name").asText("?");
        }
        return a.toString();
    }

    /**
     * An activation: for an Activation layer ({@code own}) a layer named {@code name}, for a layer's
     * activation argument a layer {@code name + fn} after it; linear is none.
     */
    private KT activation(String fn, String name, KT x, boolean own) {
        String key = fn.toLowerCase(Locale.ROOT);
        if (key.equals("linear") || key.isEmpty()) {
            return x;
        }
        String layerName = own ? name : name + key;
        Op.ActivationKind kind = KINDS.get(key);
        if (kind != null) {
            return emit(layerName, new Op.Activation(kind), x);
        }
        if (SOFTMAX.contains(key)) {
            return emit(layerName, new Op.Softmax(), x);
        }
        if (ELEMENTWISE_ACTIVATIONS.contains(key)) {
            elementwiseActivations.merge(key, 1, Integer::sum);
            return emit(layerName, new Op.Elementwise(key, 1, null, false), x);
        }
        if (options.unknownLayers() == UnknownLayers.ERROR) {
            throw fail("unsupported activation '" + excerpt(fn) + "'; lcpsim imports " + String.join(", ", ACTIVATIONS)
                    + " (unknownLayers: elementwise costs others as element-wise ops)");
        }
        unknownCount.merge("activation " + fn, 1, Integer::sum);
        return emit(layerName, new Op.Generic(fn, null), x);
    }

    private KT relu(JsonNode cfg, String name, KT x) {
        JsonNode max = cfg.get("max_value");
        double slope = cfg.path("negative_slope").asDouble(0);
        double threshold = cfg.path("threshold").asDouble(0);
        boolean unbounded = max == null || max.isNull();
        Op.ActivationKind kind;
        if (slope == 0 && threshold == 0) {
            kind = unbounded ? Op.ActivationKind.RELU : max.asDouble() == 6.0 ? Op.ActivationKind.RELU6 : Op.ActivationKind.CLIP;
        } else if (slope > 0 && threshold == 0 && unbounded) {
            kind = Op.ActivationKind.LEAKY_RELU;
        } else {
            kind = Op.ActivationKind.CLIP;
        }
        return emit(name, new Op.Activation(kind), x);
    }

    private KT prelu(JsonNode cfg, String name, KT x) {
        long[] alpha = x.dims().clone();
        JsonNode shared = cfg.get("shared_axes");
        if (shared != null && !shared.isNull()) {
            for (JsonNode a : shared.isArray() ? shared : List.of(shared)) {
                long ax = a.asLong(-99);
                if (ax < 1 || ax > alpha.length) {
                    throw fail("shared_axes " + excerpt(shared) + " out of range for " + keras(x.dims()));
                }
                alpha[(int) ax - 1] = 1;
            }
        }
        Shape c = shape(alpha, "alpha");
        return emit(name, new Op.Elementwise("prelu", 1, c, true), x);
    }

    // ---------------------------------------------------------------- merges

    private KT merge(String cls, String name, List<KT> ins) {
        if (ins.size() < 2) {
            throw fail("merges " + ins.size() + " tensor(s); a " + cls + " layer merges at least two");
        }
        long[] out = ins.get(0).dims();
        boolean same = true;
        for (int i = 1; i < ins.size(); i++) {
            same &= Arrays.equals(ins.get(i).dims(), out);
            out = broadcast(out, ins.get(i).dims());
        }
        Set<String> distinct = new HashSet<>();
        List<KT> unique = new ArrayList<>();
        for (KT t : ins) {
            if (distinct.add(t.layer())) {
                unique.add(t);
            }
        }
        String fn = cls.toLowerCase(Locale.ROOT);
        int n = ins.size();
        int flops = fn.equals("average") ? n : n - 1;
        if (fn.equals("add") && same && unique.size() == n) {
            return emit(name, new Op.Add(), ins, out);
        }
        return emit(name, new Op.Elementwise(fn, flops, null, false), unique, out);
    }

    private KT concat(JsonNode cfg, String name, List<KT> ins) {
        if (ins.isEmpty()) {
            throw fail("concatenates nothing");
        }
        int rank = ins.get(0).dims().length;
        int ax = axis(cfg, "axis", rank, -1);
        if (ax != channelAxis(rank)) {
            throw fail("concatenates along axis " + ax + " of " + keras(ins.get(0).dims()) + ": lcpsim concatenates channels"
                    + " (axis " + channelAxis(rank) + ") only");
        }
        long[] out = ins.get(0).dims().clone();
        out[ax - 1] = 0;
        for (KT t : ins) {
            if (t.dims().length != rank) {
                throw fail("concatenates tensors of different ranks: " + keras(ins.get(0).dims()) + " and " + keras(t.dims()));
            }
            for (int d = 0; d < rank; d++) {
                if (d != ax - 1 && t.dims()[d] != ins.get(0).dims()[d]) {
                    throw fail("concatenates " + keras(ins.get(0).dims()) + " and " + keras(t.dims())
                            + ", which differ off the channel axis");
                }
            }
            out[ax - 1] += t.dims()[ax - 1];
        }
        return emit(name, new Op.Concat(), ins, out);
    }

    // ---------------------------------------------------------------- pooling and layout

    private KT globalPool(JsonNode cfg, String name, KT x, int spatial, boolean max) {
        spatial(x, spatial, "global pooling layer");
        boolean keep = bool(cfg, "keepdims", false);
        long c = shape(x).channels();
        long[] out;
        if (!keep) {
            out = new long[] {c};
        } else {
            out = new long[spatial + 1];
            Arrays.fill(out, 1);
            out[channelAxis(spatial + 1) - 1] = c;
        }
        return emit(name, new Op.GlobalPool(max ? Op.PoolKind.MAX : Op.PoolKind.AVG), List.of(x), out);
    }

    private KT pool(JsonNode cfg, String name, KT x, int spatial, boolean max) {
        spatial(x, spatial, "pooling layer");
        Window w = window(cfg, "pool_size", spatial, true);
        return emit(name, new Op.Pool(max ? Op.PoolKind.MAX : Op.PoolKind.AVG, w.kernel()[0], kh(w.kernel(), spatial),
                w.strides()[0], kh(w.strides(), spatial), w.padding()), x);
    }

    private KT pad2d(JsonNode cfg, String name, KT x, boolean crop) {
        spatial(x, 2, crop ? "Cropping2D" : "ZeroPadding2D");
        JsonNode p = cfg.get(crop ? "cropping" : "padding");
        int[] tlbr; // top, left, bottom, right
        if (p == null || p.isNull()) {
            tlbr = new int[] {1, 1, 1, 1};
            if (crop) {
                tlbr = new int[4];
            }
        } else if (p.canConvertToExactIntegral()) {
            int v = nonNegative(p, "padding");
            tlbr = new int[] {v, v, v, v};
        } else if (p.isArray() && p.size() == 2 && p.get(0).canConvertToExactIntegral()) {
            int h = nonNegative(p.get(0), "padding");
            int w = nonNegative(p.get(1), "padding");
            tlbr = new int[] {h, w, h, w};
        } else if (p.isArray() && p.size() == 2 && p.get(0).isArray() && p.get(0).size() == 2 && p.get(1).isArray()
                && p.get(1).size() == 2) {
            tlbr = new int[] {nonNegative(p.get(0).get(0), "padding"), nonNegative(p.get(1).get(0), "padding"),
                nonNegative(p.get(0).get(1), "padding"), nonNegative(p.get(1).get(1), "padding")};
        } else {
            throw fail((crop ? "cropping " : "padding ") + excerpt(p) + " is neither n, (h, w) nor ((top, bottom), (left, right))");
        }
        int s = crop ? -1 : 1;
        return emit(name, new Op.Pad(s * tlbr[0], s * tlbr[1], s * tlbr[2], s * tlbr[3]), x);
    }

    private KT pad1d(JsonNode cfg, String name, KT x, boolean crop) {
        spatial(x, 1, crop ? "Cropping1D" : "ZeroPadding1D");
        JsonNode p = cfg.get(crop ? "cropping" : "padding");
        int[] lr;
        if (p == null || p.isNull()) {
            lr = crop ? new int[2] : new int[] {1, 1};
        } else if (p.canConvertToExactIntegral()) {
            int v = nonNegative(p, "padding");
            lr = new int[] {v, v};
        } else if (p.isArray() && p.size() == 2) {
            lr = new int[] {nonNegative(p.get(0), "padding"), nonNegative(p.get(1), "padding")};
        } else {
            throw fail((crop ? "cropping " : "padding ") + excerpt(p) + " is neither n nor (begin, end)");
        }
        int s = crop ? -1 : 1;
        return emit(name, new Op.Pad(s * lr[0], 0, s * lr[1], 0), x);
    }

    private KT reshape(JsonNode cfg, String name, KT x) {
        JsonNode t = cfg.get("target_shape");
        if (t == null || !t.isArray() || t.isEmpty()) {
            throw fail("target_shape " + excerpt(t) + " is not a list of dimensions");
        }
        long[] target = new long[t.size()];
        long total = product(x.dims());
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            JsonNode d = t.get(i);
            long v = d.isNull() ? -1 : d.canConvertToExactIntegral() ? d.asLong() : 0;
            if (v == -1) {
                if (infer >= 0) {
                    throw fail("target_shape " + excerpt(t) + " leaves two dimensions to infer");
                }
                infer = i;
            } else if (v < 1) {
                throw fail("target_shape " + excerpt(t) + " has a dimension < 1");
            } else {
                target[i] = v;
                known = Math.multiplyExact(known, v);
            }
        }
        if (infer >= 0) {
            if (total % known != 0) {
                throw fail("cannot reshape " + keras(x.dims()) + " to " + excerpt(t));
            }
            target[infer] = total / known;
        }
        if (product(target) != total) {
            throw fail("cannot reshape " + keras(x.dims()) + " (" + total + " elements) to " + excerpt(t));
        }
        return relayout(name, x, target);
    }

    private KT permute(JsonNode cfg, String name, KT x) {
        JsonNode d = cfg.get("dims");
        int rank = x.dims().length;
        if (d == null || !d.isArray() || d.size() != rank) {
            throw fail("dims " + excerpt(d) + " is not a permutation of the " + rank + " axes of " + keras(x.dims()));
        }
        long[] out = new long[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int a = d.get(i).asInt(0);
            if (a < 1 || a > rank || seen[a - 1]) {
                throw fail("dims " + excerpt(d) + " is not a permutation of the " + rank + " axes of " + keras(x.dims()));
            }
            seen[a - 1] = true;
            out[i] = x.dims()[a - 1];
        }
        return relayout(name, x, out);
    }

    /** A tensor laid out anew: no layer work; a layer keeps its name (zero cost) even when lcpsim's view does not change. */
    private KT relayout(String name, KT x, long[] target) {
        if (target.length > 3) {
            throw fail("reshapes to rank " + target.length + " " + keras(target) + ": lcpsim's tensors have at most three axes");
        }
        Shape in = shape(x);
        Shape out = shape(target, "target shape");
        return emit(name, new Op.Reshape(out.equals(in) ? null : out), List.of(x), target);
    }

    private static int interpolationFlops(String interpolation) {
        return switch (interpolation.toLowerCase(Locale.ROOT)) {
            case "nearest" -> 1;
            case "bicubic", "lanczos3", "lanczos5" -> 16;
            default -> 4; // bilinear, area, gaussian, mitchellcubic
        };
    }

    private KT upsample(JsonNode cfg, String name, KT x, int spatial) {
        spatial(x, spatial, spatial == 2 ? "UpSampling2D" : "UpSampling1D");
        int[] size = ints(cfg, "size", spatial, new int[] {2, 2});
        Shape s = shape(x);
        int flops = interpolationFlops(cfg.path("interpolation").asText("nearest"));
        Op op = new Op.Resize(Math.toIntExact((long) s.height() * size[0]), Math.toIntExact((long) s.width()
                * (spatial == 2 ? size[1] : 1)), flops);
        return emit(name, op, x);
    }

    private KT resizing(JsonNode cfg, String name, KT x, boolean crop) {
        spatial(x, 2, crop ? "CenterCrop" : "Resizing");
        int h = positive(cfg, "height");
        int w = positive(cfg, "width");
        Shape s = shape(x);
        if (crop) {
            if (h > s.height() || w > s.width()) {
                // Keras resizes a smaller image up before it crops
                return emit(name, new Op.Resize(h, w, 4), x);
            }
            int top = (s.height() - h) / 2;
            int left = (s.width() - w) / 2;
            return emit(name, new Op.Pad(-top, -left, -(s.height() - h - top), -(s.width() - w - left)), x);
        }
        return emit(name, new Op.Resize(h, w, interpolationFlops(cfg.path("interpolation").asText("bilinear"))), x);
    }

    // ================================================================ shapes

    /** lcpsim's view of a Keras shape without the batch axis (see the class comment). */
    private Shape shape(long[] d, String what) {
        for (long v : d) {
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw fail(what + " " + keras(d) + " has a dimension out of range");
            }
        }
        long elements = product(d);
        if (elements > Integer.MAX_VALUE) {
            throw fail(what + " " + keras(d) + " has " + elements + " elements, more than lcpsim handles ("
                    + Integer.MAX_VALUE + ")");
        }
        return switch (d.length) {
            case 0 -> new Shape(1, 1, 1);
            case 1 -> new Shape((int) d[0], 1, 1);
            case 2 -> channelsFirst ? new Shape((int) d[0], (int) d[1], 1) : new Shape((int) d[1], (int) d[0], 1);
            case 3 -> channelsFirst ? new Shape((int) d[0], (int) d[1], (int) d[2]) : new Shape((int) d[2], (int) d[0], (int) d[1]);
            default -> throw fail(what + " " + keras(d) + " has rank " + d.length + "; lcpsim's tensors have at most three axes");
        };
    }

    private Shape shape(KT x) {
        return shapes.get(x.layer());
    }

    /** The Keras shape of an lcpsim shape of {@code rank} axes. */
    private long[] dims(Shape s, int rank) {
        return switch (rank) {
            case 1 -> new long[] {s.elements()};
            case 2 -> channelsFirst ? new long[] {s.channels(), s.height()} : new long[] {s.height(), s.channels()};
            default -> channelsFirst ? new long[] {s.channels(), s.height(), s.width()}
                    : new long[] {s.height(), s.width(), s.channels()};
        };
    }

    private long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.length);
            int ib = i - (rank - b.length);
            long x = ia >= 0 ? a[ia] : 1;
            long y = ib >= 0 ? b[ib] : 1;
            if (x != y && x != 1 && y != 1) {
                throw fail("merges " + keras(a) + " and " + keras(b) + ", which do not broadcast");
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    private static long product(long[] d) {
        long p = 1;
        for (long x : d) {
            p = Math.multiplyExact(p, x);
        }
        return p;
    }

    /** A shape as Keras prints it: (None, 224, 224, 3). */
    private static String keras(long[] d) {
        StringBuilder b = new StringBuilder("(None");
        for (long x : d) {
            b.append(", ").append(x < 0 ? "None" : Long.toString(x));
        }
        return b.append(')').toString();
    }

    private static long[] dimsOrNull(JsonNode shape) {
        if (!shape.isArray() || shape.isEmpty()) {
            return null;
        }
        long[] d = new long[shape.size() - 1];
        for (int i = 0; i < d.length; i++) {
            JsonNode v = shape.get(i + 1);
            d[i] = v.canConvertToExactIntegral() ? v.asLong() : -1;
        }
        return d;
    }

    // ================================================================ emitting layers

    private KT emit(String name, Op op, KT x) {
        return emit(name, op, List.of(x), null);
    }

    /** Adds a layer reading {@code ins}; its Keras shape is {@code dims}, or when null the output's in the input's rank. */
    private KT emit(String name, Op op, List<KT> ins, long[] dims) {
        List<Shape> inShapes = new ArrayList<>();
        List<String> inNames = new ArrayList<>();
        for (KT t : ins) {
            inShapes.add(shapes.get(t.layer()));
            inNames.add(t.layer());
        }
        Shape out;
        Op.Counts counts;
        try {
            out = op.outputShape(inShapes);
            counts = op.counts(inShapes, out);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        long[] d = dims != null ? dims : dims(out, ins.get(0).dims().length);
        if (!shape(d, "output").equals(out)) {
            throw fail("output " + keras(d) + " does not match lcpsim's " + out);
        }
        String unique = unique(name);
        Pending p = new Pending(unique, op, inNames, current);
        layers.add(p);
        byName.put(unique, p);
        shapes.put(unique, out);
        currentParams += counts.params();
        emittedParams += counts.params();
        if (currentFirst == null) {
            currentFirst = unique;
        }
        return new KT(d, unique);
    }

    private String unique(String name) {
        String n = name;
        for (int i = 2; names.contains(n); i++) {
            n = name + "_" + i;
        }
        names.add(n);
        return n;
    }

    // ================================================================ the model built

    private Imported build(KT out) {
        List<Pending> kept = ImportedLayers.neededBy(out.layer(), layers, byName, Pending::name, Pending::inputs);
        String name = options.name() == null || options.name().isBlank() ? "keras-model" : options.name();
        ModelBuilder b = new ModelBuilder(name, inputShape);
        for (Pending p : kept) {
            current = p.position();
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
        for (String n : notes) {
            b.note("imported " + name + ": " + n);
        }
        if (!elementwiseActivations.isEmpty()) {
            b.note("imported " + name + ": activations lcpsim has no kind for costed as element-wise ops, one FLOP per "
                    + "element: " + ImportedLayers.counted(elementwiseActivations));
        }
        if (!unknownCount.isEmpty()) {
            b.note("imported " + name + ": layers lcpsim does not model costed as element-wise ops (unknownLayers: "
                    + "elementwise), one FLOP per element, no parameters: " + ImportedLayers.counted(unknownCount));
        }
        Model model = b.build();
        return new Imported(model, Math.addExact(emittedParams, statistics), emittedParams - frozen,
                keras3 ? "Keras 3" : "Keras 2");
    }

    /** The head's first layer: the named Keras layer's, or the last layer with weights when only weightless layers follow it. */
    private String head(List<Pending> kept) {
        if (options.head() != null) {
            String want = options.head();
            String layer = firstLayer.get(want);
            if (layer == null && names.contains(want) && !want.equals(Model.INPUT)) {
                layer = want; // an lcpsim layer name (name/relu, name/depthwise)
            }
            if (layer == null) {
                if (aliasClass.containsKey(want)) {
                    throw new KerasException("head: layer '" + want + "' (" + aliasClass.get(want) + ") computes nothing "
                            + "lcpsim keeps as a layer: name the classifier's first layer");
                }
                throw new KerasException("head: the model has no layer named '" + want + "'");
            }
            String l = layer;
            if (kept.stream().noneMatch(p -> p.name().equals(l))) {
                throw new KerasException("head: layer '" + want + "' does not lead to the model's output");
            }
            return layer;
        }
        return org.lcpsim.workload.ClassifierHead.find(kept, Pending::name, Pending::op, Pending::inputs);
    }

    // ================================================================ config values

    private int[] ints(JsonNode cfg, String key, int n, int[] def) {
        JsonNode v = cfg.get(key);
        if (v == null || v.isNull()) {
            if (def == null) {
                throw fail("has no " + key);
            }
            return Arrays.copyOf(def, Math.max(n, def.length));
        }
        int[] out = new int[Math.max(n, 2)];
        if (v.canConvertToExactIntegral()) {
            Arrays.fill(out, positive(v, key));
            return out;
        }
        if (!v.isArray() || v.size() != n && v.size() != 1) {
            throw fail(key + " " + excerpt(v) + " is not " + (n == 1 ? "a positive integer" : n + " positive integers"));
        }
        for (int i = 0; i < n; i++) {
            JsonNode e = v.get(v.size() == 1 ? 0 : i);
            if (!e.canConvertToExactIntegral() || e.asLong() < 1 || e.asLong() > Integer.MAX_VALUE) {
                throw fail(key + " " + excerpt(v) + " is not " + (n == 1 ? "a positive integer" : n + " positive integers"));
            }
            out[i] = (int) e.asLong();
        }
        if (n == 1) {
            out[1] = 1;
        }
        return out;
    }

    private int positive(JsonNode cfg, String key) {
        JsonNode v = cfg.isObject() ? cfg.get(key) : cfg;
        if (v == null || v.isNull()) {
            throw fail("has no " + key);
        }
        if (!v.canConvertToExactIntegral() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
            throw fail(key + " " + excerpt(v) + " is not a positive integer");
        }
        return (int) v.asLong();
    }

    private int nonNegative(JsonNode v, String key) {
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
            throw fail(key + " " + excerpt(v) + " is not a count of pixels");
        }
        return (int) v.asLong();
    }

    private boolean bool(JsonNode cfg, String key, boolean def) {
        JsonNode v = cfg.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            throw fail(key + " " + excerpt(v) + " is not true or false");
        }
        return v.asBoolean();
    }

    private static String excerpt(Object v) {
        String s = String.valueOf(v);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.length() < s.length() ? b + "..." : b.toString();
    }

    private static String describe(String name, JsonNode entry) {
        return "layer '" + excerpt(name) + "' (" + excerpt(entry.path("class_name").asText("?")) + ")";
    }

    /** Throws the positioned error of the layer being imported. */
    private KerasException fail(String message) {
        throw new KerasException(current == null ? message : current + ": " + message);
    }
}

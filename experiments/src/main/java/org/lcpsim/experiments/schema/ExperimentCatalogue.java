package org.lcpsim.experiments.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.config.Node;
import org.lcpsim.config.Presets;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.network.flow.Sharing;
import org.lcpsim.network.presets.NetworkSpecs;
import org.lcpsim.network.variability.FactorDistribution;
import org.lcpsim.workload.ModelZoo;
import org.lcpsim.workload.Op;

/**
 * The field catalogue: every field of the experiment file, the model file and the device file,
 * with its type, bounds, allowed values, default, unit and meaning. It is the one source of
 * {@code schema/*.schema.json} ({@link JsonSchema}) and of {@code lcpsim explain}; the binders
 * ({@code ExperimentBinder}, {@code DeviceSpecs}, {@code NetworkSpecs}, {@code ModelYaml}, ...)
 * are checked against it by {@code CatalogueAgreementTest}, which records every field they read.
 *
 * <p>To add a field: add a {@code field(...)} line to its shape below (the test's message names
 * the shape, the variant and the line to write), then run {@code lcpsim schema} to regenerate
 * the schema files (docs/validation.md, "One source of truth").
 */
public final class ExperimentCatalogue {
    private ExperimentCatalogue() {
    }

    // ---- types ----

    static Field field(String name, Type type) {
        return new Field(name, type);
    }

    static Type text() {
        return new Type.Text(List.of(), null, null);
    }

    static Type text(String what) {
        return new Type.Text(List.of(), null, what);
    }

    static Type pattern(String regex, String what) {
        return new Type.Text(List.of(), regex, what);
    }

    static Type choice(List<String> values) {
        return new Type.Text(values, null, null);
    }

    static Type choice(String... values) {
        return choice(List.of(values));
    }

    static Type integer(long min, long max) {
        return new Type.Int(min, max);
    }

    static Type number(double min, double max) {
        return new Type.Num(min, max, false);
    }

    /** A number above 0, at most {@code max}. */
    static Type positive(double max) {
        return new Type.Num(0, max, true);
    }

    static Type bool() {
        return new Type.Bool();
    }

    static Type list(Type item) {
        return new Type.ListOf(item, 0, Integer.MAX_VALUE);
    }

    static Type list(Type item, int min, int max) {
        return new Type.ListOf(item, min, max);
    }

    static Type ref(Shape s) {
        return new Type.Ref(s);
    }

    static Type anyOf(Type... ts) {
        return new Type.AnyOf(List.of(ts));
    }

    static Type any(String what) {
        return new Type.Anything(what);
    }

    static Type mapOf(Type value, String keyPattern, String keys) {
        return new Type.MapOf(value, keyPattern, keys);
    }

    static Shape shape(String name, String doc) {
        return new Shape(name, doc);
    }

    static final double MAX = Type.MAX;
    static final long IMAX = Integer.MAX_VALUE;
    /** A device of the cluster, as strategies and streams name it. */
    static final String DEVICE_ID = "d(0|[1-9][0-9]{0,5})";
    static final Type DEVICE = pattern("^" + DEVICE_ID + "$", "a device id: d0, d1, ...");
    /** What a topology's nodes, links and cells may be called. */
    static final Type NAME = pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
            "a name: letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit");
    static final List<String> DTYPES = List.of("fp32", "fp16", "int8", "uint8", "fixed16");
    static final List<String> SWEEPABLE = List.of("model", "strategy", "cluster", "network", "input", "precision",
            "workload", "energy", "replications", "seed", "faults");
    static final String SWEPT_PATH = "^(" + String.join("|", SWEEPABLE) + ")(\\.[^.]+)*$";

    // ---- the model (zoo name or file) ----

    private static Type modelField() {
        Shape onnx = shape("onnxModel", "An ONNX model with options: the file, what to do with operators lcpsim does not"
                + " model, and where the classifier starts.").fields(
                field("file", text("a file name")).required().doc("The .onnx file, relative to the experiment file's folder."),
                field("unknownOps", choice("error", "elementwise")).def("error").doc("An operator lcpsim does not model:"
                        + " an error naming the node (error), or costed as an element-wise op, one FLOP per element, with a"
                        + " note in the report (elementwise)."),
                field("head", text("a node name")).derived("the final classifier: the last layer with weights followed"
                        + " only by flatten, softmax, dropout, activations or pooling").doc("The first node of the"
                        + " classifier head, which LCP keeps whole."));
        Shape keras = shape("kerasModel", "A Keras model with options: the file, what to do with layers lcpsim does not"
                + " model, and where the classifier starts.").fields(
                field("file", text("a file name")).required().doc("The .keras file (or the JSON of model.to_json()),"
                        + " relative to the experiment file's folder."),
                field("unknownLayers", choice("error", "elementwise")).def("error").doc("A layer lcpsim does not model: an"
                        + " error naming it (error), or costed as an element-wise op with a note (elementwise)."),
                field("head", text("a layer name")).derived("the final classifier, found as for ONNX").doc("The first Keras"
                        + " layer of the classifier head, which LCP keeps whole."));
        Shape source = shape("modelSource", "A model read from a file: a model YAML file, an ONNX graph or a Keras"
                + " model; exactly one of file, onnx, keras.").fields(
                field("file", text("a file name")).requiredWhen("unless onnx or keras is given").doc("A model YAML file"
                        + " (schema/model.schema.json), relative to the experiment file's folder."),
                field("onnx", anyOf(text("a file name"), ref(onnx))).requiredWhen("unless file or keras is given")
                        .doc("An ONNX model (opsets 7 to 21): the file name, or {file, unknownOps, head}. Only the graph and"
                        + " the weights' shapes are read."),
                field("keras", anyOf(text("a file name"), ref(keras))).requiredWhen("unless file or onnx is given")
                        .doc("A Keras model: a .keras file or the JSON of model.to_json(), or {file, unknownLayers, head}."))
                .exactlyOne(List.of("file"), List.of("onnx"), List.of("keras"));
        return anyOf(choice(ModelZoo.names()), ref(source));
    }

    private static final String MODEL_DOC = "The DNN: a zoo name (lcpsim models lists them), {file: my-model.yaml},"
            + " {onnx: my-model.onnx} or {keras: my-model.keras}; files are relative to the experiment file's folder.";

    // ---- strategies ----

    /** The most devices a cluster has, and so the most replicas, groups and stage devices a strategy names. */
    static final long MAX_DEVICES = 10_000;
    /** The longest source timeout and gather deadline: 1e9 ms. */
    static final double MAX_TIMEOUT_MS = 1e9;

    private static Shape strategy() {
        Shape split = shape("splitPolicy", "How model parallelism splits each kind of layer.").fields(
                field("conv", choice("output", "channel", "input", "filter", "spatial")).def("output").doc("How convolutions"
                        + " are split: by output channels (output, channel), by input channels (input, filter), or by rows"
                        + " of the image (spatial)."),
                field("dense", choice("output", "input")).def("output").doc("How dense layers are split: by output or by"
                        + " input units."));
        Shape s = shape("strategy", "How the model is placed on the cluster's devices: one device, data, model or"
                + " pipeline parallelism, or LCP's independent branches; the hybrid forms replicate pipeline stages, LCP"
                + " groups, or run a strategy per group of devices (docs/strategies.md).");
        Type balance = choice("round-robin", "least-loaded");
        s.fields(field("kind", choice("single", "data-parallel", "model-parallel", "pipeline", "lcp")).required()
                        .doc("The parallelization strategy."),
                field("failoverTimeoutMs", number(0, MAX_TIMEOUT_MS)).def(1000.0).unit("ms").doc("The source's request"
                        + " timeout: the source (a camera's front end, data parallelism's balancer) learns that a device"
                        + " crashed when a request it sent gets no answer in this time; then data parallelism skips the"
                        + " dead replica and the other strategies hold new requests at the source until the device is"
                        + " back. A closed loop retries a failed request no earlier than this after sending it. Set on the"
                        + " outer strategy only, not in a group (docs/engine.md, \"Faults\")."))
                .discriminator("kind", null)
                .variant("single", "The whole model on one device.",
                        field("device", DEVICE).def("d0").doc("The device that runs the model."))
                .variant("data-parallel", "Whole requests go to the devices in turn, each holding the whole model; or,"
                                + " with group, to groups of consecutive devices, each running the group's strategy.",
                        List.of(), List.of(),
                        field("balance", balance).def("round-robin").doc("Which device (or group) takes the next"
                                + " request: the next in turn, or the one with the least work queued (the fewest unfinished"
                                + " compute tasks)."),
                        field("groups", integer(1, MAX_DEVICES)).derived("as many groups as fit (with group)").unit("groups")
                                .doc("G: the devices cut into G groups of consecutive devices, each deploying group on its"
                                + " first floor(n / G) devices; needs group."),
                        field("group", ref(s)).doc("The strategy each group of devices runs (data parallelism over"
                                + " groups), e.g. {kind: pipeline} or {kind: lcp, branches: 4}; its device ids are the"
                                + " group's own (d0: the group's first). Groups nest, 8 deep at most; failoverTimeoutMs,"
                                + " gatherDeadlineMs and minBranches belong to the outer strategy, not to a group."))
                .variant("model-parallel", "Every layer split over every device of the cluster, merged after every"
                                + " mergeEvery layers.",
                        field("split", anyOf(choice("auto", "output", "channel", "input", "filter", "spatial"), ref(split)))
                                .def("auto").doc("How layers are split: auto (per layer, the fastest by the cost"
                                + " estimates), one name for every layer, or {conv, dense}."),
                        field("merge", choice("coordinator", "all-to-all")).def("coordinator").doc("How the parts of a"
                                + " split layer are merged: through a coordinator device, or every device to every other."),
                        field("mergeEvery", integer(1, 100_000)).def(1).unit("layers").doc("Merge the parts after every"
                                + " this many layers (1: a global barrier per layer)."),
                        field("coordinator", DEVICE).def("d0").doc("The device that merges the parts (merge: coordinator)."))
                .variant("pipeline", "Consecutive groups of layers (stages); requests flow through them. A stage may be"
                                + " replicated on several devices (data parallelism inside the stage).",
                        List.of(), List.of(List.of("plan", "cuts"), List.of("plan", "replicas"), List.of("plan", "devices")),
                        field("cuts", list(anyOf(text("a layer name"), integer(0, IMAX)))).derived("stages balanced by"
                                + " estimated time").doc("The last layer of each stage but the last: layer names, or 0-based"
                                + " layer indices in the model's layer order (a cut comes before the last layer); one fewer"
                                + " than the stages."),
                        field("replicas", list(integer(1, MAX_DEVICES), 1, Integer.MAX_VALUE)).derived("one device per"
                                + " stage").unit("devices per stage").doc("One number per stage: its devices, consecutive,"
                                + " stage 0 first ([5, 3]: stage 0 on d0..d4, stage 1 on d5..d7); with cuts, one more"
                                + " number than cuts; without, the cuts are balanced with these replicas."),
                        field("devices", list(list(DEVICE, 1, Integer.MAX_VALUE))).derived("consecutive devices, as"
                                + " replicas says").doc("Instead of replicas, the devices of each stage by id ([[d0, d1],"
                                + " [d2]]); a device serves one stage only."),
                        field("balance", balance).def("round-robin").doc("Which replica of a replicated stage a"
                                + " request takes, chosen when it arrives: round-robin (request i on replica i mod r) or"
                                + " least-loaded (the fewest unfinished compute tasks; the lowest index on ties)."),
                        field("plan", choice("auto")).doc("auto: the planner heuristic chooses the number of stages, the"
                                + " cuts and the replicas over every device (docs/strategies.md, section 2); then cuts,"
                                + " replicas and devices are errors."))
                .variant("lcp", "Low-Communication Parallelization: the model split into K narrow, independent branches"
                                + " sharing the input and the classifier, one branch per device; with replicas, G such"
                                + " groups of devices.",
                        field("branches", integer(1, 4096)).required().unit("branches").doc("K, the number of branches; each"
                                + " has 1/K of the original width (times 1 + fatten)."),
                        field("fatten", number(0, 10)).def(0.0).unit("fraction of the branch width").doc("How much wider"
                                + " than 1/K each branch is: 0.4 makes every branch 40% wider (LCP's splitK-f40)."),
                        field("finalDevice", DEVICE).derived("d0").doc("The device that gathers the branches' outputs and"
                                + " runs the classifier head (an error with replicas above 1: each group gathers at its"
                                + " own first device)."),
                        field("inputDelivery", choice("multicast", "unicast")).def("multicast").doc("How the input reaches"
                                + " the branch devices: one multicast transfer (on networks that multicast), or a copy each."),
                        field("widths", anyOf(choice("proportional", "equal"), list(number(1e-6, 1), 1, Integer.MAX_VALUE)))
                                .def("equal").doc("Branch widths: equal, proportional (to each device's speed), or a list"
                                + " of K fractions of the original width that sum to 1."),
                        field("replicas", integer(1, MAX_DEVICES)).def(1).unit("groups").doc("G: G groups of consecutive"
                                + " devices, each running the whole LCP (its own copy of the branches, gathered at the"
                                + " group's first device); each request is served by one group."),
                        field("balance", balance).def("round-robin").doc("Which LCP group takes the next request"
                                + " (with replicas): the next in turn, or the one with the fewest unfinished compute tasks."),
                        field("gatherDeadlineMs", number(0, MAX_TIMEOUT_MS)).derived("none: the final node waits for every"
                                + " branch").unit("ms").doc("The final node runs the classifier head when every branch"
                                + " output has arrived, or this long after the first one arrived, with those that did:"
                                + " an answer with fewer than K branches is degraded (its missing outputs are zeros), and a"
                                + " lost branch no longer fails the request (docs/engine.md, \"Faults\")."),
                        field("minBranches", integer(1, 4096)).def(1).unit("branches").doc("With gatherDeadlineMs, the"
                                + " fewest branch outputs an answer needs at the deadline, else the request fails; at most"
                                + " branches. An error without a deadline."))
                .schema(dependentRequired(List.of("minBranches", "gatherDeadlineMs"), List.of("groups", "group")));
        return s;
    }

    /** A JSON Schema condition: each pair's first field, when given, needs the second. */
    @SafeVarargs
    private static Map<String, Object> dependentRequired(List<String>... pairs) {
        Map<String, Object> needs = new LinkedHashMap<>();
        for (List<String> p : pairs) {
            needs.put(p.get(0), List.of(p.get(1)));
        }
        return Map.of("dependentRequired", needs);
    }

    // ---- devices ----

    private static List<Shape.Preset> presets(Presets presets, String what) {
        List<Shape.Preset> out = new ArrayList<>();
        for (String name : presets.names()) {
            Node n = presets.load(name);
            String kind = null;
            String doc = "";
            if (n instanceof Node.MapNode m) {
                if (m.get("kind") instanceof Node.Scalar k) {
                    kind = k.text();
                }
                if (m.get("description") instanceof Node.Scalar d) {
                    doc = d.text();
                }
            }
            if (kind == null) {
                throw new IllegalStateException(what + " preset " + name + " has no kind");
            }
            out.add(new Shape.Preset(name, kind, doc));
        }
        return out;
    }

    /** The fields of a device's compute, memory, power and noise, shared by cpu and systolic devices and their frameworks. */
    private static final class DeviceFields {
        final Shape swap = shape("swap", "Whether the device pages memory that does not fit, and how fast.")
                .fields(field("enabled", bool()).def(true).doc("Whether the device swaps; off, a design that does not fit"
                        + " is out of memory (status oom)."),
                        field("source", text()).doc("Where the figure comes from."))
                .discriminator("enabled", "true")
                .variant("true", "Swap on: every inference pages the excess back in.",
                        field("bandwidthMBps", positive(MAX)).required().unit("MB/s").doc("The rate at which swapped"
                                + " pages come back (the excess over memoryMb, per inference)."))
                .variant("false", "Swap off.",
                        field("bandwidthMBps", number(0, MAX)).def(0.0).unit("MB/s").doc("Not used with swap off."));
        final Shape power = shape("power", "The device's power draw: idleW and activeW, or for accelerators staticW and"
                + " dynamicW (idle = static, active = static + dynamic). Absent: unknown, so energy that counts the device is"
                + " blank.").fields(
                field("idleW", number(0, 1e9)).requiredWhen("unless staticW and dynamicW are given").unit("W")
                        .doc("Power while idle."),
                field("activeW", number(0, 1e9)).requiredWhen("unless staticW and dynamicW are given").unit("W")
                        .doc("Power while computing; at least idleW."),
                field("staticW", number(0, 1e9)).requiredWhen("with dynamicW, instead of idleW and activeW").unit("W")
                        .doc("An accelerator's static power (its idle power)."),
                field("dynamicW", number(0, 1e9)).requiredWhen("with staticW, instead of idleW and activeW").unit("W")
                        .doc("An accelerator's dynamic power, added to staticW while it computes."),
                field("source", text()).doc("Where the figures come from."))
                .exactlyOne(List.of("idleW", "activeW"), List.of("staticW", "dynamicW"));
        final Shape noise = shape("noise", "Random variation of each task's time on the device.").fields(
                field("distribution", choice("lognormal", "none")).def("lognormal").doc("The factor's distribution (mean"
                        + " 1): log-normal, or none."),
                field("cv", number(0, 10)).def(0.0).doc("Its coefficient of variation; 0: no noise."));
        final Shape profileEntry = shape("profileEntry", "One measured layer time that replaces the formula.").fields(
                field("workload", text()).required().doc("The workload the layer belongs to, e.g. vgg16 (an LCP branch,"
                        + " vgg16/split8/branch, does not use vgg16's profile)."),
                field("layer", text()).required().doc("The layer's name in the model."),
                field("ms", number(0, MAX)).required().unit("ms").doc("The measured time of the layer."),
                field("source", text()).def("inline").doc("Where the figure comes from."));
        final Shape profileSource = shape("profileSource", "A profile in a CSV file (columns workload, layer, ms):"
                + " exactly one of resource or file.").fields(
                field("resource", text("a file name")).requiredWhen("unless file is given").doc("A CSV shipped with the"
                        + " device presets, e.g. rpi3-vgg16-keras-profile.csv."),
                field("file", text("a file name")).requiredWhen("unless resource is given").doc("A CSV relative to the"
                        + " experiment file's folder (not in a device file)."))
                .exactlyOne(List.of("resource"), List.of("file"));
        final Shape efficiency = efficiencyShape();
        final Shape int8Speedup = int8SpeedupShape();
        final Shape offChip = shape("offChip", "The accelerator's off-chip memory interface.").fields(
                field("pins", integer(1, 4096)).required().doc("Data pins to off-chip memory."),
                field("mbpsPerPin", positive(MAX)).required().unit("Mbps").doc("The rate of each pin."),
                field("memory", text()).doc("What the memory is (a note)."));

        final List<Field> memory = List.of(
                field("memoryMb", positive(1e9)).required().unit("MB (MiB)").doc("Memory available to inference: weights,"
                        + " activations, buffers and the framework."),
                field("frameworkMb", anyOf(number(0, 1e9), choice("unknown"))).derived("unknown").unit("MB (MiB)")
                        .doc("Memory the runtime takes before any model; unknown (the default) leaves the peak memory blank"
                        + " and forbids swap."),
                field("weightCopies", number(1, 16)).def(1.0).doc("How many copies of the weights the framework keeps"
                        + " (TensorFlow/Keras on the Pi: about 2)."),
                field("swap", ref(swap)).derived("off").doc("Swap: {enabled, bandwidthMBps}."),
                field("profile", anyOf(list(ref(profileEntry)), ref(profileSource))).doc("Measured layer times that"
                        + " replace the formula: a list of {workload, layer, ms}, or {resource: NAME.csv} or {file: PATH}."),
                field("power", ref(power)).derived("unknown").doc("Power draw: {idleW, activeW} or {staticW, dynamicW}."),
                field("noise", ref(noise)).derived("none").doc("Variation of task times: {distribution, cv}."));
        final List<Field> cpu = List.of(
                field("coreGflops", positive(MAX)).required().unit("GFLOP/s").doc("Peak of one core."),
                field("cores", integer(1, 4096)).def(1).unit("cores").doc("Cores used by the framework."),
                field("parallelEfficiency", number(0, 1)).def(1.0).doc("What each core beyond the first adds:"
                        + " peak = coreGflops x (1 + (cores - 1) x parallelEfficiency)."),
                field("memoryBandwidthGBps", positive(MAX)).required().unit("GB/s").doc("Memory bandwidth for weights and"
                        + " activations (the roofline's slope)."),
                field("layerOverheadMs", number(0, MAX)).def(0.0).unit("ms").doc("The framework's fixed cost per layer"
                        + " (none for reshapes)."),
                field("efficiency", ref(efficiency)).required().doc("The fraction of the peak reached per layer kind."),
                field("int8Speedup", ref(int8Speedup)).derived("1 for every layer kind").doc("How many times as fast the"
                        + " framework's int8 kernels run each layer kind's arithmetic as its fp32 ones, when weights and"
                        + " activations are both int8: {conv: 2.5, default: 1}. Absent: int8 only shrinks the bytes"
                        + " (docs/device-models.md, \"int8 on CPUs\")."));
        final List<Field> systolic = List.of(
                field("rows", integer(1, 1 << 16)).required().unit("cells").doc("Rows of the array: output columns"
                        + " (filters) computed in parallel."),
                field("cols", integer(1, 1 << 16)).required().unit("cells").doc("Columns: products reduced per cycle."),
                field("clockMHz", positive(MAX)).required().unit("MHz").doc("The array's clock."),
                field("reduction", choice("adder-tree", "mac-chain")).def("adder-tree").doc("How a column is reduced:"
                        + " a pipelined adder tree, or a chain of MACs."),
                field("pipelineStages", integer(0, 1 << 16)).def(0).unit("cycles").doc("Pipeline stages of the adder"
                        + " tree (its fill)."),
                field("cellBufferWords", integer(1, 1 << 20)).def(2).unit("words").doc("Weight words per cell; 2 or more"
                        + " hides loading a tile behind streaming."),
                field("dataBits", integer(1, 64)).def(16).unit("bits").doc("Bits per element moved off chip."),
                field("offChip", ref(offChip)).required().doc("The off-chip interface: {pins, mbpsPerPin}."),
                field("onChipKb", number(0, MAX)).def(0.0).unit("kB").doc("On-chip buffer; an input that fits in half of"
                        + " it is read once."),
                field("pruning", number(0, 0.99)).def(0.0).doc("The fraction of filters removed by structured pruning"
                        + " (convolutions)."),
                field("layerSetupCycles", number(0, MAX)).def(0.0).unit("cycles").doc("Fixed cycles per layer."),
                field("efficiency", positive(1)).def(1.0).doc("Derates the compute rate for stalls the model does not"
                        + " see."),
                field("fuseElementwise", bool()).def(true).doc("Whether element-wise layers of one input (bias, BN,"
                        + " activations, LRN, softmax) are fused into the preceding layer's output stage (free)."));
        final Shape cpuFramework = framework("cpuFramework", cpu, memory);
        final Shape systolicFramework = framework("systolicFramework", systolic, memory);

        private static Shape efficiencyShape() {
            Shape s = shape("efficiency", "The fraction of a CPU's peak reached per layer kind; default covers the kinds"
                    + " not given.");
            s.fields(field("default", positive(1)).requiredWhen("unless every layer kind is given").doc("The"
                    + " efficiency of the kinds not given."));
            for (String k : List.of("conv", "depthwise-conv", "dense", "pool", "elementwise", "reshape")) {
                s.fields(field(k, positive(1)).derived("default").doc("The efficiency of " + k + " layers."));
            }
            return s;
        }

        private static Shape int8SpeedupShape() {
            Shape s = shape("int8Speedup", "How much faster a CPU's int8 kernels run each layer kind's arithmetic than"
                    + " its fp32 ones; default covers the kinds not given.");
            s.fields(field("default", positive(100)).def(1.0).doc("The speedup of the kinds not given."));
            for (String k : List.of("conv", "depthwise-conv", "dense", "pool", "elementwise", "reshape")) {
                s.fields(field(k, positive(100)).derived("default").doc("The int8 speedup of " + k + " layers."));
            }
            return s;
        }

        private static Shape framework(String name, List<Field> compute, List<Field> memory) {
            Shape s = shape(name, "The parameters that depend on the software (a framework): any compute or memory field"
                    + " of the device; a field at the device's top level wins over it.");
            s.fields(field("fittedTo", text()).doc("What the parameters were fitted to (written by lcpsim calibrate)."),
                    field("provenance", any("any value")).doc("Where the figures come from (a note)."));
            for (Field f : compute) {
                s.fields(f.presence() == Field.Presence.REQUIRED ? f.withPresence(Field.Presence.CONDITIONAL,
                        "at the device's top level or in every framework section") : f);
            }
            for (Field f : memory) {
                s.fields(f.presence() == Field.Presence.REQUIRED ? f.withPresence(Field.Presence.CONDITIONAL,
                        "at the device's top level or in every framework section") : f);
            }
            return s;
        }
    }

    /**
     * A device mapping: a preset with overrides, an inline model, or (in the cluster, {@code entry})
     * a device file with overrides.
     */
    private static Shape device(String name, String doc, boolean entry, DeviceFields d) {
        Shape s = shape(name, doc);
        if (entry) {
            s.fields(field("count", integer(1, 10_000)).def(1).unit("devices").doc("How many devices of this entry (d0,"
                            + " d1, ... in the order listed)."),
                    field("speedFactor", positive(1e6)).def(1.0).doc("Makes this entry's devices compute this many times as"
                            + " fast (a what-if knob; memory and power stay)."),
                    field("file", text("a file name")).doc("A device file (e.g. written by lcpsim calibrate), relative to"
                            + " the experiment file's folder; the other fields of the entry override it."));
        }
        s.fields(field("preset", choice(DeviceSpecs.PRESETS.names())).doc("A device preset; the entry's other fields"
                        + " override it. lcpsim explain cluster.devices lists them."),
                field("kind", choice(DeviceSpecs.KINDS)).requiredWhen("unless a preset" + (entry ? " or a file" : "")
                        + " is given").doc("The device model: roofline (peak and bandwidth), cpu (per-layer-kind roofline"
                        + " with cores and framework overhead), systolic (a weight-stationary array)."),
                field("name", text()).derived("the preset's name, else the kind").doc("The device type's name, as the"
                        + " device_type column shows it."),
                field("description", text()).doc("What the device is."),
                field("provenance", any("any value")).doc("Where the figures come from (a note, shown in the report)."),
                field("fittedTo", text()).doc("What the parameters were fitted to (written by lcpsim calibrate)."))
                .discriminator("kind", null)
                .presets("preset", presets(DeviceSpecs.PRESETS, "device"))
                .requiredUnless(entry ? new String[] {"preset", "file", "frameworks"} : new String[] {"preset", "frameworks"});
        if (entry) {
            s.openWith("file").exclusive("file", "preset");
        }
        List<Field> roofline = new ArrayList<>(List.of(
                field("peakGflops", positive(MAX)).required().unit("GFLOP/s").doc("Peak compute rate."),
                field("efficiency", positive(1)).def(1.0).doc("The fraction of the peak reached."),
                field("memoryBandwidthGBps", positive(MAX)).required().unit("GB/s").doc("Memory bandwidth (the roofline's"
                        + " slope)."),
                field("memoryMb", positive(1e9)).required().unit("MB (MiB)").doc("Memory for weights, activations and"
                        + " buffers (a roofline device has no framework memory)."),
                field("layerOverheadMs", number(0, MAX)).def(0.0).unit("ms").doc("A fixed cost per layer."),
                field("power", ref(d.power)).derived("unknown").doc("Power draw: {idleW, activeW} or {staticW, dynamicW}."),
                field("noise", ref(d.noise)).derived("none").doc("Variation of task times: {distribution, cv}.")));
        s.variant("roofline", "A roofline: max(FLOPs / (peak x efficiency), bytes / bandwidth) + overhead per layer.",
                roofline.toArray(Field[]::new));
        s.variant("cpu", "A CPU or GPU: a roofline per layer kind, with cores, the framework's per-layer overhead, and"
                + " memory with framework, weight copies and swap.", edge(d.cpu, d.memory, d.cpuFramework));
        s.variant("systolic", "A weight-stationary systolic array (the LCP paper's FPGA and ASIC, VTA): GEMM tiles,"
                + " off-chip traffic, fused element-wise layers.", edge(d.systolic, d.memory, d.systolicFramework));
        return s;
    }

    private static Field[] edge(List<Field> compute, List<Field> memory, Shape framework) {
        List<Field> out = new ArrayList<>(compute);
        out.addAll(memory);
        out.add(field("frameworks", mapOf(ref(framework), null, "framework names")).doc("Parameters per framework"
                + " (tensorflow, tflite, pytorch, ...); framework picks one, and every section is checked."));
        out.add(field("framework", text("a framework name")).derived("the first of frameworks").doc("The framework whose"
                + " section applies. The presets' frameworks (the default first): " + presetFrameworks() + "."));
        return out.toArray(Field[]::new);
    }

    /** Each device preset's frameworks, its default first: {@code rpi3: tensorflow, tflite, pytorch; ...}. */
    private static String presetFrameworks() {
        List<String> parts = new ArrayList<>();
        for (String name : DeviceSpecs.PRESETS.names()) {
            if (DeviceSpecs.PRESETS.load(name) instanceof Node.MapNode m && m.get("frameworks") instanceof Node.MapNode fw) {
                List<String> names = new ArrayList<>(fw.entries().keySet());
                if (m.get("framework") instanceof Node.Scalar def && names.remove(def.text())) {
                    names.add(0, def.text());
                }
                parts.add(name + ": " + String.join(", ", names));
            }
        }
        return String.join("; ", parts);
    }

    // ---- networks ----

    private static Shape network() {
        Shape dist = shape("factorDistribution", "A random factor of mean 1, drawn per flow.").fields(
                field("distribution", choice(FactorDistribution.NAMES)).required().doc("none, lognormal, gamma, uniform"
                        + " (cv <= 0.57) or exponential (cv 1)."))
                .discriminator("distribution", null);
        for (String d : FactorDistribution.NAMES) {
            double maxCv = d.equals("uniform") ? 0.57 : 10;
            Field cv = field("cv", number(0, maxCv)).def(0.0).doc("The coefficient of variation.");
            if (d.equals("lognormal") || d.equals("gamma") || d.equals("uniform")) {
                cv.requiredWhen("for " + d);
            }
            if (d.equals("exponential")) {
                cv.doc("Not given: the exponential factor has cv 1.");
            }
            dist.variant(d, d.equals("none") ? "No variation." : "A " + d + " factor.", cv);
        }
        Shape variability = shape("variability", "Random factors per flow, off by default.").fields(
                field("latency", ref(dist)).derived("none").doc("Multiplies each flow's latency."),
                field("bandwidth", ref(dist)).derived("none").doc("Multiplies each flow's share of every resource."));
        Shape tcp = shape("tcp", "A TCP overlay after SimGrid's LV08 model; tcp: {} gives LV08's values.").fields(
                field("bandwidthFactor", positive(1)).def(0.97).doc("Payload over wire bytes (headers)."),
                field("latencyFactor", positive(MAX)).def(13.01).doc("Multiplies the latency (slow start, empirical)."),
                field("windowBytes", number(0, MAX)).def(4_194_304.0).unit("bytes").doc("The window: the wire rate is at"
                        + " most windowBytes / (2 x latency)."),
                field("ackFactor", number(0, MAX)).def(0.05).doc("The ACKs' load on the reverse route, as a fraction of"
                        + " the rate."),
                field("weightS", number(0, 1e15)).def(20_537.0).unit("bytes").doc("Enters a flow's penalty with sharing:"
                        + " rtt (latency + weightS / bandwidth per link)."));
        Shape rpc = shape("rpc", "(De)serialization CPU time charged to the sending and receiving devices.").fields(
                field("fixedMs", number(0, MAX)).def(0.0).unit("ms").doc("The sender's fixed cost per message."),
                field("perKBMs", number(0, MAX)).def(0.0).unit("ms per kB").doc("The sender's cost per kB."),
                field("receiverFixedMs", number(0, MAX)).derived("fixedMs").unit("ms").doc("The receiver's fixed cost."),
                field("receiverPerKBMs", number(0, MAX)).derived("perKBMs").unit("ms per kB").doc("The receiver's cost per"
                        + " kB."),
                field("bytesPerKB", positive(MAX)).def(1000.0).unit("bytes").doc("Bytes in a kB."),
                field("source", text()).doc("Where the figures come from."));
        Shape energy = shape("networkEnergy", "Radio or NIC energy per payload byte; none by default (not a measured"
                + " 0: docs/network-models.md).").fields(
                field("txNjPerByte", number(0, 1e9)).def(0.0).unit("nJ per byte").doc("Per byte sent."),
                field("rxNjPerByte", number(0, 1e9)).def(0.0).unit("nJ per byte").doc("Per byte received."),
                field("source", text()).doc("Where the figures come from."));
        Shape trace = shape("bandwidthTrace", "A link's bandwidth over time.").fields(
                field("file", text("a file name")).required().doc("A CSV with columns time_s,bandwidth_mbps, relative to"
                        + " the experiment file's folder."));
        Shape down = shape("downWindow", "A time the link is down: its flows stall and resume.").fields(
                field("atS", number(0, 1e9)).required().unit("s").doc("When the link goes down."),
                field("untilS", number(0, 1e9)).required().unit("s").doc("When it is up again; after atS."));
        Type stationRates = mapOf(positive(MAX / 250), null, "station names");
        Field airRate = field("bandwidthMbps", positive(MAX)).requiredWhen("unless stationToStationMbps is given")
                .unit("Mbps").doc("The air's payload rate per crossing (before airtimeEfficiency).");
        Field s2s = field("stationToStationMbps", positive(MAX)).requiredWhen("unless bandwidthMbps is given").unit("Mbps")
                .doc("A measured station-to-station throughput on an idle cell (the air carries twice that).");
        Field airtime = field("airtimeEfficiency", positive(1)).def(1.0).doc("The fraction of the air's rate that carries"
                + " payload (with bandwidthMbps only).");
        Field cellLatency = field("latencyMs", number(0, MAX)).requiredWhen("unless apLatencyMs is given").unit("ms")
                .doc("Station-to-station latency, through the AP.");
        Field apLatency = field("apLatencyMs", number(0, MAX)).derived("latencyMs / 2").unit("ms").doc("A station's"
                + " latency to its AP.");
        Field mcastRate = field("multicastRateFactor", positive(1)).def(1.0).doc("The broadcast rate over the unicast"
                + " rate: a group frame takes 1/factor the airtime of a unicast crossing.");
        Field rates = field("stationRates", stationRates).doc("Slower stations: their rate in Mbps per crossing, by"
                + " name (a slow station holds the air longer per byte).");
        Field multicast = field("multicast", bool()).def(false).doc("Whether a transfer to several destinations is one"
                + " flow (multicast).");
        Shape link = shape("link", "A wired link between two nodes, or a WiFi cell (kind: wifi).")
                .fields(field("kind", choice("wired", "wifi")).def("wired").doc("A wired link or a WiFi cell."),
                        field("name", NAME).required().doc("The link's name, unique in the topology."),
                        field("trace", ref(trace)).doc("A bandwidth trace: {file: bw.csv}."),
                        field("down", list(ref(down))).doc("Windows the link is down: [{atS, untilS}]."))
                .discriminator("kind", "wired")
                .variant("wired", "A wired link.",
                        field("between", list(NAME, 2, 2)).required().doc("The two nodes it joins, [a, b]."),
                        field("bandwidthMbps", positive(MAX)).required().unit("Mbps").doc("Its rate."),
                        field("latencyMs", number(0, MAX)).required().unit("ms").doc("Its latency."),
                        field("sharing", choice("full-duplex", "shared")).def("full-duplex").doc("A rate each way, or"
                                + " one shared by both directions."))
                .variant("wifi", "A WiFi cell: one air its stations share through an access point.",
                        List.of(List.of("bandwidthMbps", "stationToStationMbps"), List.of("latencyMs", "apLatencyMs")),
                        List.of(List.of("bandwidthMbps", "stationToStationMbps"), List.of("latencyMs", "apLatencyMs"),
                                List.of("stationToStationMbps", "airtimeEfficiency")),
                        field("ap", NAME).required().doc("The access point's node (declared in nodes)."),
                        field("stations", list(NAME, 1, Integer.MAX_VALUE)).required().doc("The nodes on the cell."),
                        airRate, s2s, airtime, cellLatency, apLatency, rates, mcastRate);
        Shape route = shape("route", "A route a message takes, instead of the shortest.").fields(
                field("from", NAME).required().doc("The node it starts at."),
                field("to", NAME).required().doc("The node it ends at."),
                field("via", list(NAME)).doc("The nodes in between, in order, each joined to the one before."));
        Shape net = shape("network", "The network model: a preset (with overrides), or inline with a kind.")
                .fields(field("preset", choice(NetworkSpecs.PRESETS.names())).doc("A network preset; the other fields"
                                + " override it. lcpsim explain network lists them."),
                        field("kind", choice(NetworkSpecs.KINDS)).requiredWhen("unless a preset is given").doc("The network"
                                + " model."),
                        field("name", text()).derived("the preset's name, else the kind").doc("The network's name, as the"
                                + " network column shows it."),
                        field("description", text()).doc("What the network is."),
                        field("provenance", any("any value")).doc("Where the figures come from (a note)."),
                        field("sharing", choice(Sharing.NAMES)).def("equal").doc("How flows share a bottleneck: equally"
                                + " (max-min), or by round-trip time as SimGrid's CM02/LV08 (rtt)."),
                        field("tcp", ref(tcp)).derived("none").doc("A TCP overlay (LV08's values by default)."),
                        field("rpc", ref(rpc)).derived("none").doc("(De)serialization costs on the devices."),
                        field("variability", ref(variability)).derived("none").doc("Random latency and bandwidth factors."),
                        field("energy", ref(energy)).derived("none").doc("Radio energy per byte."))
                .discriminator("kind", null)
                .presets("preset", presets(NetworkSpecs.PRESETS, "network"))
                .requiredUnless("preset");
        net.variant("point-to-point", "A dedicated link per ordered pair of nodes: t = latencyMs + B / bandwidthMbps.",
                field("latencyMs", number(0, MAX)).required().unit("ms").doc("Latency of every link."),
                field("bandwidthMbps", positive(MAX)).required().unit("Mbps").doc("Rate of every link."));
        net.variant("shared-medium", "One WiFi cell: every transfer shares the air (a station-to-station byte crosses it"
                        + " twice).",
                List.of(List.of("bandwidthMbps", "stationToStationMbps")),
                List.of(List.of("bandwidthMbps", "stationToStationMbps"), List.of("stationToStationMbps", "airtimeEfficiency")),
                airRate, s2s, airtime,
                field("latencyMs", number(0, MAX)).required().unit("ms").doc("Per-message latency."),
                field("sourceWired", bool()).def(false).doc("Whether the external source is a wired host behind the AP"
                        + " (its messages cross the air once)."),
                field("sourceLatencyMs", number(0, MAX)).derived("latencyMs").unit("ms").doc("The wired source's latency"
                        + " (with sourceWired)."),
                field("sourceLinkMbps", positive(MAX)).derived("no limit").unit("Mbps").doc("The wired source's link to the"
                        + " AP (with sourceWired)."),
                multicast, mcastRate);
        net.variant("switched", "A star of full-duplex ports around one switch.",
                field("portMbps", positive(MAX)).required().unit("Mbps").doc("Every port's rate, each way."),
                field("sourcePortMbps", positive(MAX)).derived("portMbps").unit("Mbps").doc("The external source's port."),
                field("switchLatencyMs", number(0, MAX)).def(0.0).unit("ms").doc("The switch's latency."),
                field("hopLatencyMs", number(0, MAX)).def(0.0).unit("ms").doc("Each link's latency (two per message)."),
                field("backplaneMbps", positive(MAX)).derived("non-blocking").unit("Mbps").doc("The switch fabric's rate."),
                multicast);
        net.variant("measured-linear", "An empirical line: t = interceptMs + slopeMsPerKB x B / bytesPerKB.",
                field("interceptMs", number(0, MAX)).required().unit("ms").doc("The line's intercept (the latency)."),
                field("slopeMsPerKB", positive(MAX)).required().unit("ms per kB").doc("The line's slope."),
                field("bytesPerKB", positive(MAX)).def(1000.0).unit("bytes").doc("Bytes in a kB."),
                field("concurrency", choice("shared", "independent")).def("shared").doc("Whether concurrent transfers share"
                        + " one channel of the line's rate, or each gets the whole rate."));
        net.variant("topology", "A graph of devices, routers, access points and switches joined by wired links and WiFi"
                        + " cells; messages take the shortest route unless routes says.",
                field("nodes", list(NAME)).doc("Routers, access points and switches; d0, d1, ... and source need no"
                        + " declaring."),
                field("links", list(ref(link), 1, Integer.MAX_VALUE)).required().doc("Wired links and WiFi cells."),
                field("routes", anyOf(choice("shortest"), list(ref(route)))).def("shortest").doc("Routes given by hand:"
                        + " [{from, to, via}]; shortest (latency, then hops) for the others."),
                multicast);
        net.variant("wifi-cells", "Cells of stations (cell k holds d(k x M) .. d(k x M + M - 1)), each AP wired to one"
                        + " switch.",
                List.of(List.of("bandwidthMbps", "stationToStationMbps"), List.of("latencyMs", "apLatencyMs")),
                List.of(List.of("bandwidthMbps", "stationToStationMbps"), List.of("latencyMs", "apLatencyMs"),
                        List.of("stationToStationMbps", "airtimeEfficiency")),
                field("cells", integer(1, 1000)).required().unit("cells").doc("The number of WiFi cells."),
                field("stationsPerCell", integer(1, 10_000)).required().unit("stations").doc("Devices per cell (at most"
                        + " 10,000 in all)."),
                airRate, s2s, airtime, cellLatency, apLatency, mcastRate,
                field("uplinkMbps", positive(MAX)).required().unit("Mbps").doc("Each AP's wired link to the switch."),
                field("uplinkLatencyMs", number(0, MAX)).required().unit("ms").doc("Each uplink's latency."),
                field("uplinkSharing", choice("full-duplex", "shared")).def("full-duplex").doc("Each uplink's sharing."),
                field("source", choice("station", "wired")).def("station").doc("The external source: a station of cell0,"
                        + " or wired to the switch."),
                rates, multicast);
        return net;
    }

    // ---- workload ----

    private static Shape arrival() {
        return shape("arrival", "How requests arrive.")
                .fields(field("kind", choice("closed", "periodic", "poisson")).required().doc("A closed loop, a camera at"
                        + " a fixed rate, or Poisson arrivals."))
                .discriminator("kind", null)
                .variant("closed", "A closed loop: a new request as soon as one finishes.",
                        field("concurrency", integer(1, 1_000_000)).def(1).unit("requests").doc("Requests in flight."))
                .variant("periodic", "A camera at a fixed frame rate (open loop).",
                        field("fps", positive(1e9)).required().unit("requests per s").doc("Frames per second."))
                .variant("poisson", "Poisson arrivals (open loop).",
                        field("ratePerS", positive(1e9)).required().unit("requests per s").doc("The mean arrival rate."));
    }

    private static Shape input() {
        return shape("input", "What crosses the network for the input image: a raw image of a data type, or a"
                + " compressed size.").fields(
                field("dtype", choice(DTYPES)).def("uint8").doc("The raw image's element type (its bytes: channels x"
                        + " height x width x size)."),
                field("bytes", integer(0, 1_000_000_000_000L)).unit("bytes").doc("A compressed image's size, e.g. 16000"
                        + " for a 16 kB JPEG."))
                .exclusive("dtype", "bytes");
    }

    // ---- faults ----

    /** A JSON Schema mapping of these keys and values, in order. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> anyRequired(String... keys) {
        List<Object> any = new ArrayList<>();
        for (String k : keys) {
            any.add(map("required", List.of(k)));
        }
        return map("anyOf", any);
    }

    /**
     * One entry of {@code faults}: a window of one device ({@code device, atS, untilS, kind,
     * factor}), a window of one link ({@code link, atS, untilS}), or random faults ({@code kind,
     * mtbfS, mttrS, devices, factor}), told apart by the fields given (ExperimentBinder.faults).
     */
    private static Shape fault() {
        Shape s = shape("fault", "Something that goes wrong during a run (docs/engine.md, \"Faults\"): a device down or"
                + " slowed in a window {device, atS, untilS, kind, factor}, a link down in a window {link, atS, untilS},"
                + " or random faults on devices {kind, mtbfS, mttrS, devices, factor}.").fields(
                field("device", DEVICE).requiredWhen("for a fault of one device (else link, or mtbfS and mttrS)")
                        .doc("The device that crashes or slows down in the window."),
                field("link", NAME).requiredWhen("for a link down (else device, or mtbfS and mttrS)").doc("The link"
                        + " down in the window: on a topology (topology, wifi-cells) one of its links or cells, exactly as"
                        + " a down window written on it; on another network a node's connection (d3, source,"
                        + " source.NAME): its messages wait until it is back. Nothing is lost."),
                field("atS", number(0, 1e9)).requiredWhen("for a device's or a link's fault").unit("s").doc("When the"
                        + " window starts, from the start of the run."),
                field("untilS", number(0, 1e9)).requiredWhen("for a device's or a link's fault").unit("s").doc("When it"
                        + " ends: the device serves again, the link carries again; after atS."),
                field("kind", anyOf(choice("crash", "slowdown"), choice("down"))).derived("crash; down for a link")
                        .doc("crash: the device stops, its running job, queue and the work of the requests that need it"
                        + " are lost, and it accepts nothing until untilS; slowdown: every job it starts in the window"
                        + " takes factor times as long, nothing is lost; down: a link's only kind."),
                field("factor", number(1, 1e6)).requiredWhen("with kind: slowdown (a crash and a link take none)")
                        .doc("How many times as long a slowed device's jobs take (compute and (de)serialization)."),
                field("mtbfS", number(1e-3, 1e9)).requiredWhen("for random faults, with mttrS").unit("s").doc("Random"
                        + " faults: the mean time to failure of each device, drawn from an exponential distribution,"
                        + " per replication and device from the seed."),
                field("mttrS", number(1e-3, 1e9)).requiredWhen("for random faults, with mtbfS").unit("s").doc("Random"
                        + " faults: the mean time to repair, exponential; then the next failure."),
                field("devices", list(DEVICE, 1, Integer.MAX_VALUE)).derived("every device of the cluster").doc("Random"
                        + " faults: the devices they strike, each listed once."))
                .exclusive("device", "link");
        s.schema(map("if", anyRequired("device", "link"),
                "then", map("required", List.of("atS", "untilS"), "not", anyRequired("mtbfS", "mttrS", "devices")),
                "else", map("required", List.of("mtbfS", "mttrS"), "not", anyRequired("atS", "untilS"))));
        s.schema(map("if", map("required", List.of("link")),
                "then", map("properties", map("kind", map("const", "down")), "not", map("required", List.of("factor"))),
                "else", map("properties", map("kind", map("enum", List.of("crash", "slowdown"))))));
        s.schema(map("if", map("required", List.of("kind"), "properties", map("kind", map("const", "slowdown"))),
                "then", map("required", List.of("factor")),
                "else", map("not", map("required", List.of("factor")))));
        return s;
    }

    // ---- the experiment ----

    private static Shape buildExperiment() {
        Type model = modelField();
        Shape strategy = strategy();
        Shape arrival = arrival();
        Shape input = input();
        DeviceFields d = new DeviceFields();
        Shape device = device("clusterDevice", "A device entry of the cluster: a preset with overrides ({preset: rpi3,"
                + " count: 8}), an inline device ({kind: cpu, ...}) or a device file ({file: rpi4.yaml}).", true, d);
        Shape cluster = shape("cluster", "The devices and where the input comes from.").fields(
                field("devices", list(ref(device), 1, Integer.MAX_VALUE)).required().doc("Device entries; devices are"
                        + " d0, d1, ... in the order listed (at most 10,000)."),
                field("source", pattern("^(external|" + DEVICE_ID + ")$", "external, or a device id")).def("external")
                        .doc("Where the image comes from: an external camera on the network, or a device."));
        Shape stream = shape("stream", "A request stream (a camera) with its own model, strategy and arrivals, sharing"
                + " the devices and the network.").fields(
                field("name", pattern("^[A-Za-z][A-Za-z0-9_-]{0,39}$", "a letter, then letters, digits, - or _ (at most"
                        + " 40)")).required().doc("The stream's name: it names its columns (stream.NAME.latency_ms_mean)"
                        + " and its camera's network node (source.NAME)."),
                field("devices", list(DEVICE, 1, Integer.MAX_VALUE)).derived("every device").doc("The devices it deploys"
                        + " on, in that order."),
                field("source", pattern("^(external|" + DEVICE_ID + ")$", "external, or a device id")).def("external")
                        .doc("Its camera: a node of its own on the network (source.NAME), or a device."),
                field("model", model).required().doc(MODEL_DOC),
                field("strategy", ref(strategy)).required().doc("Its strategy, as the top-level strategy; device ids"
                        + " among its devices."),
                field("input", ref(input)).derived("the file's input").doc("What crosses the network per image."),
                field("requests", integer(1, 10_000_000)).derived("workload.requests").unit("requests").doc("Measured"
                        + " requests per replication."),
                field("warmup", integer(0, 10_000_000)).derived("workload.warmup").unit("requests").doc("Requests before"
                        + " measuring."),
                field("batch", integer(1, 1024)).derived("workload.batch").unit("images per request").doc("Images per"
                        + " request."),
                field("arrival", ref(arrival)).derived("workload.arrival").doc("How its requests arrive."));
        Shape workload = shape("workload", "The requests: how many, how they arrive, how many images each; or several"
                + " streams.").fields(
                field("requests", integer(1, 10_000_000)).def(50).unit("requests").doc("Measured requests per"
                        + " replication."),
                field("warmup", integer(0, 10_000_000)).def(5).unit("requests").doc("Requests run before measuring."),
                field("horizonS", number(0, 1e9)).def(0.0).unit("s").doc("A limit on simulated time (0: none)."),
                field("batch", integer(1, 1024)).def(1).unit("images per request").doc("Images per request; a request"
                        + " of N images is N inferences."),
                field("arrival", ref(arrival)).derived("{kind: closed, concurrency: 1}").doc("How requests arrive."),
                field("streams", list(ref(stream), 1, 100)).doc("Several request streams (cameras), each with its own"
                        + " model, strategy and arrivals; the workload's fields are their defaults. Then the file has no"
                        + " top-level model or strategy."));
        Shape precision = shape("precision", "The data types of weights and activations.").fields(
                field("weights", choice(DTYPES)).def("fp32").doc("The weights' type (their bytes in memory and"
                        + " traffic)."),
                field("activations", choice(DTYPES)).def("fp32").doc("The activations' type (the bytes sent between"
                        + " devices)."));
        Shape energy = shape("energy", "What energy per inference counts.").fields(
                field("scope", choice("cluster", "used")).def("cluster").doc("Every device of the cluster, or only those"
                        + " the strategy uses."),
                field("idle", choice("include", "exclude")).def("include").doc("Whether idle power counts (exclude: busy"
                        + " time at active power only)."));
        Shape range = shape("range", "A range of numbers, both ends included (at most 1,000,000 values).").fields(
                field("from", number(-MAX, MAX)).required().doc("The first value."),
                field("to", number(-MAX, MAX)).required().doc("The last value (included when a step lands on it)."),
                field("step", positive(MAX)).def(1.0).doc("The step."));
        Type axis = anyOf(list(any("any value (a scalar or a whole mapping)"), 1, Integer.MAX_VALUE), ref(range));
        Field axisField = field("PATH", axis).doc("A swept field path (strategy.branches, cluster.devices.0.count, a whole"
                + " mapping such as strategy) and its values: a list, or a range {from, to, step}.");
        Shape zip = shape("zip", "Paths varied together: lists of the same length, one axis.")
                .keys(SWEPT_PATH, axisField);
        Shape sample = shape("sample", "A random subset of the design points, after the filter.").fields(
                field("count", integer(1, IMAX)).required().unit("points").doc("How many points to keep."),
                field("seed", integer(Long.MIN_VALUE, Long.MAX_VALUE)).def(1).doc("The sampling's seed."));
        Shape sweep = shape("sweep", "Design points: the cartesian product of the swept paths (at most 10,000,000),"
                + " filtered by where, sampled by sample.")
                .fields(field("zip", anyOf(ref(zip), list(ref(zip)))).doc("Paths varied together (one axis), or a list"
                                + " of such groups."),
                        field("where", anyOf(text("a condition"), list(text("a condition"), 1, Integer.MAX_VALUE)))
                                .doc("A condition the kept points meet, e.g. strategy.branches <= cluster.devices.0.count;"
                                + " or a list of conditions, all of which hold."),
                        field("sample", ref(sample)).doc("A random subset: {count, seed}."))
                .keys(SWEPT_PATH, axisField);
        Shape refValue = shape("referenceValue", "One published bar.").fields(
                field("model", text("a zoo name, or all")).required().doc("The model (all: the figure's geometric mean)."),
                field("config", text("single, dp, mp, pipeline, lcp-splitK, lcp-splitK-fF, geomean")).required()
                        .doc("The configuration."),
                field("devices", integer(0, 100_000)).required().unit("devices").doc("Devices used."),
                field("value", number(0, MAX)).required().doc("The published value, in the figure's unit."),
                field("role", choice("validation", "fitted")).def("validation").doc("fitted when a preset was calibrated"
                        + " on this very number (its error is a fit error, reported apart from the validation);"
                        + " validation otherwise."));
        Shape figure = shape("referenceFigure", "A figure of the paper the file's points are compared with (lcpsim"
                + " reproduce paper).").fields(
                field("figure", text()).required().doc("The figure's name in paper-comparison.csv, e.g. rpi-latency."),
                field("metric", choice("latency", "energy", "memory", "weights", "speedup", "throughput")).required()
                        .doc("What it shows: weights is the weight bytes per device (weights_mb_max), memory the peak"
                        + " memory."),
                field("unit", text()).required().doc("The unit of its values."),
                field("source", text()).required().doc("Where the values are published."),
                field("note", text()).def("").doc("Why this reading."),
                field("points", text("a condition")).doc("Which points form the figure (a condition on their fields)."),
                field("baseline", text("a condition")).derived("strategy == 'single'").doc("Speedup: the one-device"
                        + " bars to divide by."),
                field("values", list(ref(refValue))).doc("The published bars; none: simulated only."));
        Shape objective = shape("objective", "What to minimize or maximize: a result column.").fields(
                field("minimize", text("a result column")).requiredWhen("unless maximize is given").doc("A column to"
                        + " minimize, e.g. latency_ms_mean."),
                field("maximize", text("a result column")).requiredWhen("unless minimize is given").doc("A column to"
                        + " maximize, e.g. accuracy_pct."))
                .exactlyOne(List.of("minimize"), List.of("maximize"));
        Shape accuracyRow = shape("accuracyRow", "One measured accuracy.").fields(
                field("model", text()).required().doc("The model."),
                field("branches", integer(1, 100_000)).def(1).unit("branches").doc("LCP's branches (1: the original)."),
                field("fatten", number(0, 100)).def(0.0).doc("LCP's fatten."),
                field("top1Pct", number(0, 100)).required().unit("%").doc("Top-1 accuracy."),
                field("branchesArrived", integer(1, 100_000)).derived("all the branches").unit("branches").doc("The"
                        + " branches the answer had: a row for an LCP answer made with that many of its K branches, the"
                        + " others lost or late (faults with a gather deadline); at most branches."),
                field("source", text()).def("").doc("Where it comes from."));
        Shape accuracy = shape("accuracy", "Top-1 accuracy per model and LCP variant: a CSV file, or rows.").fields(
                field("file", text("a file name")).doc("A CSV (model, branches, fatten, top1_pct, and optionally"
                        + " branches_arrived), relative to the experiment file's folder."),
                field("rows", list(ref(accuracyRow))).doc("The table inline."));
        Shape nsga2 = shape("nsga2", "The genetic search's parameters.").fields(
                field("population", integer(4, 100_000)).def(40).unit("designs").doc("Designs per generation (made even)."),
                field("generations", integer(1, 100_000)).def(25).doc("Generations."),
                field("seed", integer(Long.MIN_VALUE, Long.MAX_VALUE)).def(1).doc("The search's seed."));
        Shape explore = shape("explore", "What lcpsim explore optimizes, under which constraints, and how it searches.")
                .fields(field("method", choice("auto", "exhaustive", "nsga2")).def("auto").doc("auto: exhaustive up to"
                                + " maxExhaustive points, else NSGA-II."),
                        field("maxExhaustive", integer(1, IMAX)).def(2000).unit("points").doc("The most points auto"
                                + " simulates exhaustively."),
                        field("objectives", list(ref(objective), 1, Integer.MAX_VALUE)).required().doc("Result columns"
                                + " to minimize or maximize."),
                        field("constraints", list(text("a condition on result columns"))).doc("Conditions a feasible"
                                + " design meets, e.g. 'accuracy_drop_pct <= 3'."),
                        field("accuracy", ref(accuracy)).doc("The accuracy table behind accuracy_pct and"
                                + " accuracy_drop_pct."),
                        field("nsga2", ref(nsga2)).doc("NSGA-II's parameters."),
                        field("recommend", text("a result column")).derived("the first objective").doc("The objective"
                                + " that picks the recommendation among the feasible Pareto front."),
                        field("cost", mapOf(number(0, 1e15), null, "device types")).doc("What one device of each type"
                                + " costs (any unit), summed over the cluster: the cost column."),
                        field("whatIf", bool()).def(true).doc("Re-simulate the recommendation with bandwidth, speed and"
                                + " arrivals at +-25%."));
        Shape network = network();
        Map<String, Object> streamsCondition = new LinkedHashMap<>();
        Map<String, Object> withStreams = new LinkedHashMap<>();
        withStreams.put("required", List.of("workload"));
        withStreams.put("properties", Map.of("workload", Map.of("required", List.of("streams"))));
        streamsCondition.put("if", withStreams);
        streamsCondition.put("then", Map.of("not", Map.of("anyOf", List.of(Map.of("required", List.of("model")),
                Map.of("required", List.of("strategy"))))));
        streamsCondition.put("else", Map.of("required", List.of("model", "strategy")));
        return shape("experiment", "An lcpsim experiment file: a model, a strategy, a cluster of devices, a network, a"
                + " workload, and optionally a sweep over any of them.").fields(
                field("name", text()).required().doc("The experiment's name: it titles the report and tells results"
                        + " folders apart."),
                field("description", text()).doc("What the experiment is about."),
                field("model", model).requiredWhen("unless workload.streams is given").doc(MODEL_DOC),
                field("strategy", ref(strategy)).requiredWhen("unless workload.streams is given").doc("How the model is"
                        + " placed on the devices: {kind: single | data-parallel | model-parallel | pipeline | lcp, ...}."),
                field("cluster", ref(cluster)).required().doc("The devices ({devices: [...]}) and the input's source."),
                field("network", ref(network)).required().doc("The network: a preset ({preset: wifi-rpi}) or inline"
                        + " ({kind: point-to-point, ...})."),
                field("input", ref(input)).derived("{dtype: uint8}").doc("What crosses the network per image: raw {dtype}"
                        + " or compressed {bytes: N}."),
                field("precision", ref(precision)).derived("{weights: fp32, activations: fp32}").doc("Data types of"
                        + " weights and activations."),
                field("workload", ref(workload)).derived("{requests: 50, warmup: 5, arrival: {kind: closed}}").doc("The"
                        + " requests."),
                field("energy", ref(energy)).derived("{scope: cluster, idle: include}").doc("What energy counts."),
                field("replications", integer(1, 100_000)).def(1).doc("Independent runs per design point, each with its"
                        + " own seed (the 95% CIs come from them)."),
                field("seed", integer(Long.MIN_VALUE, Long.MAX_VALUE)).def(1).doc("The seed; the same file and seed give"
                        + " the same results."),
                field("faults", list(ref(fault()), 0, 10_000)).derived("none: nothing goes wrong").doc("What goes wrong during a run: devices"
                        + " that crash or slow down in a window, links down in a window, random crashes or slowdowns"
                        + " (mean times to failure and repair); the strategy's failoverTimeoutMs, gatherDeadlineMs and"
                        + " minBranches say how the deployment reacts. Adds the columns requests_failed,"
                        + " requests_degraded, availability, accuracy_pct_mean and latency_ms_accuracy_weighted"
                        + " (docs/engine.md, \"Faults\")."),
                field("accuracy", ref(accuracy)).doc("Top-1 accuracy per model and LCP variant (and branches arrived),"
                        + " behind accuracy_pct_mean and latency_ms_accuracy_weighted of runs with faults: a CSV file or"
                        + " rows, as explore.accuracy. Absent: those columns stay blank."),
                field("sweep", ref(sweep)).doc("Design points: swept paths and their values, zip, where, sample."),
                field("reference", anyOf(list(ref(figure)), ref(figure))).doc("The paper's published values the points"
                        + " are compared with (lcpsim reproduce paper)."),
                field("explore", ref(explore)).doc("Objectives, constraints and search of lcpsim explore."))
                .schema(streamsCondition);
    }

    // ---- the model file ----

    private static Shape buildModelFile() {
        Type dim = integer(1, IMAX);
        Type pairOf = anyOf(dim, list(dim, 2, 2));
        Shape pad = shape("padding", "Explicit padding.").fields(
                field("pad", integer(0, IMAX)).required().unit("pixels").doc("Pixels added on each side."),
                field("ceil", bool()).def(false).doc("Whether the output size rounds up (Caffe-style pooling)."));
        Field padding = field("padding", anyOf(choice("same", "valid"), integer(0, IMAX), ref(pad))).def("valid")
                .doc("same (output size = input / stride), valid (no padding), a pixel count, or {pad, ceil}.");
        Field bias = field("bias", bool()).def(true).doc("Whether the layer adds a bias (its parameters).");
        Shape layer = shape("layer", "One layer; it reads the previous layer unless it names inputs.")
                .fields(field("type", choice("conv2d", "depthwise-conv2d", "dense", "max-pool", "avg-pool",
                                "global-avg-pool", "global-max-pool", "batch-norm", "activation", "lrn", "add", "concat",
                                "flatten", "dropout", "softmax")).required().doc("The layer's type."),
                        field("name", text()).derived("type_n").doc("The layer's name (inputs, cuts, heads and profiles"
                                + " name it)."),
                        field("inputs", list(text("a layer name"))).derived("the previous layer").doc("The layers it reads,"
                                + " for graphs that are not chains (add, concat)."),
                        field("head", bool()).def(false).doc("Marks the first layer of the classifier head, which LCP keeps"
                                + " whole (one per model)."))
                .discriminator("type", null)
                .variant("conv2d", "A 2-D convolution.",
                        field("filters", dim).required().unit("channels").doc("Output channels."),
                        field("kernel", pairOf).required().unit("pixels").doc("Kernel size: n, or [height, width]."),
                        field("stride", pairOf).def(1).unit("pixels").doc("Stride: n, or [height, width]."),
                        field("groups", dim).def(1).doc("Groups (channels split into groups convolved apart)."),
                        padding, bias)
                .variant("depthwise-conv2d", "A depthwise convolution (one filter per input channel).",
                        field("kernel", dim).required().unit("pixels").doc("Kernel size."),
                        field("stride", dim).def(1).unit("pixels").doc("Stride."),
                        field("multiplier", dim).def(1).doc("Output channels per input channel."),
                        padding, bias)
                .variant("dense", "A fully connected layer.",
                        field("units", dim).required().doc("Output units."), bias)
                .variant("max-pool", "Max pooling.", pool(dim, padding))
                .variant("avg-pool", "Average pooling.", pool(dim, padding))
                .variant("global-avg-pool", "Average over height and width.")
                .variant("global-max-pool", "Maximum over height and width.")
                .variant("batch-norm", "Batch normalization.")
                .variant("activation", "An element-wise activation.",
                        field("function", choice(Op.ActivationKind.yamlNames())).def("relu").doc("The function; each is"
                                + " costed at its FLOPs per element (docs/workloads.md)."))
                .variant("lrn", "Local response normalization.",
                        field("size", dim).def(5).unit("channels").doc("The window across channels."))
                .variant("add", "Element-wise sum of its inputs.")
                .variant("concat", "Concatenation of its inputs' channels.")
                .variant("flatten", "Flattens to one dimension.")
                .variant("dropout", "Dropout (nothing at inference).",
                        field("rate", number(0, 1)).def(0.5).doc("The training-time rate (no effect on costs)."))
                .variant("softmax", "Softmax.");
        return shape("modelFile", "A DNN as a list of layers (model: {file: this.yaml} in an experiment).").fields(
                field("name", text()).required().doc("The model's name (the model column)."),
                field("input", list(dim, 1, 3)).required().doc("The input's shape: [channels, height, width], or"
                        + " [features]."),
                field("layers", list(ref(layer), 1, Integer.MAX_VALUE)).required().doc("The layers, in order."));
    }

    private static Field[] pool(Type dim, Field padding) {
        return new Field[] {
            field("kernel", dim).required().unit("pixels").doc("Window size."),
            field("stride", dim).derived("kernel").unit("pixels").doc("Stride."),
            padding};
    }

    /** The device file (a device entry without count, speedFactor and file): what lcpsim calibrate writes, and the presets. */
    private static Shape buildDeviceFile() {
        return device("device", "A device: a preset with overrides, or inline with a kind (a device file, e.g. written by"
                + " lcpsim calibrate; the device presets).", false, new DeviceFields());
    }

    private static final class Holder {
        static final Shape EXPERIMENT = buildExperiment();
        static final Shape MODEL_FILE = buildModelFile();
        static final Shape DEVICE_FILE = buildDeviceFile();
    }

    /** @return the experiment file's shape, the root of schema/experiment.schema.json */
    public static Shape experiment() {
        return Holder.EXPERIMENT;
    }

    /** @return the model file's shape, the root of schema/model.schema.json */
    public static Shape modelFile() {
        return Holder.MODEL_FILE;
    }

    /** @return the device file's shape, the root of schema/device.schema.json */
    public static Shape deviceFile() {
        return Holder.DEVICE_FILE;
    }
}

package org.lcpsim.experiments;

import org.lcpsim.config.FileSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.ReferencedFile;
import org.lcpsim.config.Values;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.execution.Arrival;
import org.lcpsim.execution.EnergyScope;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.presets.NetworkSpecs;
import org.lcpsim.strategies.DataParallel;
import org.lcpsim.strategies.GroupReplicas;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.ModelParallel;
import org.lcpsim.strategies.Pipeline;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.strategies.Strategy;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelYaml;
import org.lcpsim.workload.ModelZoo;
import org.lcpsim.workload.keras.KerasException;
import org.lcpsim.workload.keras.KerasImporter;
import org.lcpsim.workload.onnx.OnnxException;
import org.lcpsim.workload.onnx.OnnxImporter;

/**
 * Binds one experiment mapping (after sweep substitution) to an {@link ExperimentSpec},
 * recording every error with its position. The file shape is the one in DESIGN.md.
 */
public final class ExperimentBinder {
    static final List<String> STRATEGIES = List.of("single", "data-parallel", "model-parallel", "pipeline", "lcp");
    static final Map<String, ModelParallel.Split> SPLITS = Map.of("output", ModelParallel.Split.OUTPUT, "channel",
            ModelParallel.Split.OUTPUT, "input", ModelParallel.Split.INPUT, "filter", ModelParallel.Split.INPUT, "spatial",
            ModelParallel.Split.SPATIAL);
    static final List<String> DTYPES = List.of("fp32", "fp16", "int8", "uint8", "fixed16");
    /** Top-level fields a sweep may vary. */
    static final List<String> SWEEPABLE = List.of("model", "strategy", "cluster", "network", "input", "precision",
            "workload", "energy", "replications", "seed", "faults");
    /** The most devices a cluster may have (all entries' counts together). */
    static final int MAX_DEVICES = 10_000;
    /** The most requests (and warm-up requests) of a replication. */
    static final int MAX_REQUESTS = 10_000_000;
    /** The most measured requests of a point, all replications together: their latencies are kept for exact percentiles. */
    static final long MAX_MEASURED = 10_000_000;
    /**
     * A device entry's {@code speedFactor}: its compute times divided by it (see {@link SpeedScaledDevice});
     * at most {@link #MAX_SPEED_FACTOR}.
     */
    static final String SPEED_FACTOR = "speedFactor";
    static final double MAX_SPEED_FACTOR = 1e6;
    /** The largest input a file may give ({@code input.bytes}): 1e12 bytes (a terabyte). */
    static final long MAX_INPUT_BYTES = 1_000_000_000_000L;

    private final Path baseDir;
    private final FileSource files;
    /** Zoo models are immutable; one build per binder serves every point of a sweep. */
    private final java.util.Map<String, Model> zoo = new java.util.concurrent.ConcurrentHashMap<>();
    /** So are models read from files: each valid file is bound once (the binder's FileSource reads it once too). */
    private final java.util.Map<Path, Model> modelFiles = new java.util.concurrent.ConcurrentHashMap<>();
    /** And imported ONNX graphs and Keras models, by kind, file, unknown-operator choice and head. */
    private final java.util.Map<String, Model> onnxModels = new java.util.concurrent.ConcurrentHashMap<>();

    /** Reads the files an experiment names from the disk, inside {@code baseDir}'s folder tree only. */
    public ExperimentBinder(Path baseDir) {
        this(baseDir, FileSource.within(baseDir, false));
    }

    /** Reads the files an experiment names (model files) from {@code files}. */
    public ExperimentBinder(Path baseDir, FileSource files) {
        this.baseDir = baseDir;
        this.files = files;
    }

    /** Returns null when invalid; errors recorded. */
    public ExperimentSpec bind(Node root, Errors errors) {
        int before = errors.size();
        MapReader r = MapReader.of(root, "$", errors);
        String name = r.requiredString("name");
        if (name != null && name.isBlank()) {
            // the name titles the report and tells results folders apart
            r.error("name", "must not be empty");
            name = null;
        }
        r.string("description", null);
        r.node("sweep"); // expanded before binding
        r.node("reference"); // reference values, read by the paper comparison
        r.node("explore"); // objectives and constraints, read by lcpsim explore
        // several request streams: each names its model, strategy, source and workload
        Node streamsNode = Node.at(root, List.of("workload", "streams"));
        boolean multi = streamsNode != null && !(streamsNode instanceof Node.Scalar sc && sc.type() == Node.Scalar.Type.NULL);
        String[] modelName = new String[1];
        Model model = null;
        if (!multi) {
            model = model(r, modelName);
        } else if (r.has("model")) {
            r.error("model", "with workload.streams every stream names its own model (workload.streams[i].model):"
                    + " remove this one");
        }
        List<DeviceModel> devices = new ArrayList<>();
        int source = cluster(r, devices, multi);
        Strategy strategy = null;
        org.lcpsim.execution.Resilience[] resilience = {org.lcpsim.execution.Resilience.DEFAULT};
        if (!multi) {
            strategy = strategy(r, devices.size(), model, null, resilience);
        } else if (r.has("strategy")) {
            r.error("strategy", "with workload.streams every stream names its own strategy"
                    + " (workload.streams[i].strategy): remove this one");
        }
        NetworkModel network = r.has("network") ? NetworkSpecs.bind(r.node("network"), r.path("network"), errors, baseDir,
                files) : null;
        if (!r.has("network")) {
            r.error("network", "missing required field (a network preset or model)");
        }
        if (network != null && source >= 0 && !multi
                && !NetworkSpecs.checkNodes(network, nodeNames(devices.size(), source), errors)) {
            // a topology that leaves a device or the source off the network, or apart
            network = null;
        }
        DataType weights = DataType.FP32;
        DataType activations = DataType.FP32;
        MapReader p = r.map("precision");
        if (p != null) {
            weights = dtype(p, "weights", DataType.FP32);
            activations = dtype(p, "activations", DataType.FP32);
            p.end();
        }
        Input input = inputSection(r.map("input"));
        long inputBytes = input.bytesFor(model);
        Workload workload = workload(r);
        List<StreamSpec> streams = List.of();
        long measuredPerReplication = workload == null ? 0 : workload.requests();
        if (multi) {
            // the workload's own fields are the streams' defaults; without a valid workload, the streams are still checked
            streams = streams(streamsNode, r.path("workload") + ".streams", errors,
                    workload == null ? Workload.closed(50, 5) : workload, input, devices, source >= 0);
            measuredPerReplication = 0;
            for (StreamSpec st : streams == null ? List.<StreamSpec>of() : streams) {
                measuredPerReplication += st.workload().requests();
            }
        }
        EnergyScope energy = energy(r);
        // faults name devices, links and nodes: bound once the cluster, the network and the streams' cameras are known
        FaultBinding faults = null;
        if (source >= 0 && network != null && (!multi || streams != null)) {
            faults = faults(r, devices.size(), network, multi ? streamNodeNames(devices.size(), streams)
                    : nodeNames(devices.size(), source));
        } else if (r.has("faults")) {
            r.node("faults");
        }
        org.lcpsim.experiments.explore.AccuracyTable accuracy = org.lcpsim.experiments.explore.AccuracyTable.EMPTY;
        if (r.has("accuracy")) {
            accuracy = org.lcpsim.experiments.explore.AccuracyTable.bind(r.map("accuracy"), baseDir, files);
        }
        Integer replications = r.integer("replications", 1, 1, 100_000);
        if (workload != null && replications != null && measuredPerReplication * replications > MAX_MEASURED) {
            // their latencies are pooled in one array for exact percentiles: 10^10 of them overflowed its size
            String key = r.has("replications") ? "replications" : "workload";
            r.error(key, "requests x replications is " + measuredPerReplication * replications + " measured requests"
                    + (multi ? " (the requests of every stream together)" : "") + ";"
                    + " at most " + MAX_MEASURED + " (every latency is kept for exact percentiles)");
            replications = null;
        }
        Long seed = r.longValue("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
        r.end();
        if (multi) {
            if (errors.size() > before || streams == null || network == null || workload == null || weights == null
                    || activations == null || replications == null || seed == null || source < 0 || energy == null) {
                return null;
            }
            StreamSpec first = streams.get(0);
            java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
            int sourceNode = first.sourceNode();
            for (StreamSpec st : streams) {
                names.add(st.modelName());
                if (st.sourceNode() >= devices.size()) {
                    sourceNode = devices.size();
                }
            }
            if (faults == null) {
                return null;
            }
            ExperimentSpec spec = new ExperimentSpec(name, String.join("+", names), first.model(), first.strategy(), devices,
                    sourceNode, network, first.inputBytes(), weights, activations, first.workload(), replications, seed, energy,
                    streams, faults.faults(), faults.network(), first.resilience(), accuracy);
            // each stream's camera is a node of its own: a topology must hold every one of them
            return NetworkSpecs.checkNodes(network, spec.nodeNames(), errors) ? spec : null;
        }
        if (errors.size() > before || model == null || strategy == null || network == null || workload == null
                || weights == null || activations == null || replications == null || seed == null || source < 0
                || energy == null || faults == null) {
            return null;
        }
        return new ExperimentSpec(name, modelName[0], model, strategy, devices, source, network, inputBytes, weights,
                activations, workload, replications, seed, energy, List.of(), faults.faults(), faults.network(),
                resilience[0], accuracy);
    }

    /** The network nodes of a cluster whose streams' cameras are nodes of their own (as {@link ExperimentSpec#nodeNames}). */
    private static List<String> streamNodeNames(int devices, List<StreamSpec> streams) {
        List<String> names = nodeNames(devices, -1);
        for (StreamSpec st : streams) {
            if (st.sourceNode() >= devices) {
                names.add(ExperimentSpec.sourceName(st.name()));
            }
        }
        return names;
    }

    /** The most fault entries a file may give. */
    static final int MAX_FAULTS = 10_000;
    /** The latest a fault may begin or end, and the longest mean time of random faults: 1e9 s. */
    static final double MAX_FAULT_S = 1e9;
    /** The shortest mean time to failure or repair of random faults: 1 ms. */
    static final double MIN_MEAN_S = 1e-3;
    /** The largest slowdown factor. */
    static final double MAX_SLOWDOWN = 1e6;

    /** The faults of a point: what the executor plays, and the network with a topology's links down in their windows. */
    record FaultBinding(org.lcpsim.execution.Faults faults, NetworkModel network) {
    }

    /**
     * {@code faults: [...]}: fixed windows of a device ({@code {device, atS, untilS, kind: crash|slowdown,
     * factor}}), of a link ({@code {link, atS, untilS}}: a topology's link or cell, or on other networks
     * a node's connection), and random faults ({@code {kind, mtbfS, mttrS, devices, factor}}). Null
     * (errors recorded) when invalid; no faults when absent.
     */
    private FaultBinding faults(MapReader r, int devices, NetworkModel network, List<String> nodes) {
        if (!r.has("faults")) {
            if (r.node("faults") != null) {
                return null;
            }
            return new FaultBinding(org.lcpsim.execution.Faults.NONE, network);
        }
        String path = r.path("faults");
        Node node = r.node("faults");
        if (!(node instanceof Node.ListNode list)) {
            r.error("faults", "expected a list of faults ({device: d3, atS: 10, untilS: 20, kind: crash}, {link: NAME,"
                    + " atS, untilS}, {kind: crash, mtbfS: 600, mttrS: 30}), found " + node.kindName());
            return null;
        }
        if (list.items().size() > MAX_FAULTS) {
            r.error("faults", "has " + list.items().size() + " faults; at most " + MAX_FAULTS);
            return null;
        }
        org.lcpsim.network.topology.TopologyNetwork topology = org.lcpsim.network.topology.LinkFaults.topology(network);
        List<String> linkNames = topology == null ? List.of() : org.lcpsim.network.topology.LinkFaults.names(topology);
        List<org.lcpsim.execution.Faults.Window> windows = new ArrayList<>();
        List<org.lcpsim.execution.Faults.RandomFaults> random = new ArrayList<>();
        List<org.lcpsim.execution.Faults.Outage> outages = new ArrayList<>();
        java.util.Map<String, List<double[]>> down = new java.util.LinkedHashMap<>();
        int errorsBefore = r.errors().size();
        for (int i = 0; i < list.items().size(); i++) {
            String at = path + "[" + i + "]";
            MapReader f = MapReader.of(list.items().get(i), at, r.errors());
            if (!(list.items().get(i) instanceof Node.MapNode)) {
                continue;
            }
            boolean device = f.has("device");
            boolean link = f.has("link");
            boolean randomEntry = f.has("mtbfS") || f.has("mttrS");
            if (device && link) {
                f.error("link", "a fault is of a device or of a link, not both: give device or link");
                f.accept("atS", "untilS", "kind", "factor", "mtbfS", "mttrS", "devices").end();
                continue;
            }
            if (randomEntry && (device || link)) {
                f.error(device ? "device" : "link", "random faults (mtbfS, mttrS) strike every device, or those of"
                        + " devices: [d0, ...]; a fault of one " + (device ? "device" : "link") + " is a window: atS, untilS");
                f.accept("atS", "untilS", "kind", "factor", "mtbfS", "mttrS", "devices").end();
                continue;
            }
            if (!device && !link && !randomEntry) {
                r.errors().add(list.items().get(i), at, "a fault names a device ({device: d3, atS: 10, untilS: 20, kind:"
                        + " crash}), a link ({link: NAME, atS, untilS}) or the mean times of random faults ({kind: crash,"
                        + " mtbfS: 600, mttrS: 30})");
                f.accept("atS", "untilS", "kind", "factor", "devices").end();
                continue;
            }
            if (randomEntry) {
                String kind = f.choice("kind", List.of("crash", "slowdown"), "crash");
                // at most a fault (and a repair) per millisecond per device on average: a run's events stay bounded
                Double mtbf = f.requiredNumber("mtbfS", MIN_MEAN_S, MAX_FAULT_S);
                Double mttr = f.requiredNumber("mttrS", MIN_MEAN_S, MAX_FAULT_S);
                Double factor = slowdownFactor(f, kind);
                int[] which = faultDevices(f, devices);
                f.end();
                if (kind != null && mtbf != null && mttr != null && factor != null && which != null) {
                    random.add(new org.lcpsim.execution.Faults.RandomFaults(which, kindOf(kind), factor, mtbf * 1000,
                            mttr * 1000));
                }
                continue;
            }
            double[] window = window(f);
            if (device) {
                String id = f.string("device", null);
                String kind = f.choice("kind", List.of("crash", "slowdown"), "crash");
                Double factor = slowdownFactor(f, kind);
                f.end();
                int d = id == null ? -1 : deviceIndex(id, Integer.MAX_VALUE);
                if (id != null && d < 0) {
                    f.error("device", "expected a device id such as d0, got '" + org.lcpsim.config.Excerpt.of(id) + "'");
                } else if (id != null && d >= devices) {
                    f.error("device", "device " + id + " does not exist; the cluster has " + clusterSize(devices));
                    d = -1;
                }
                if (d >= 0 && window != null && kind != null && factor != null) {
                    windows.add(new org.lcpsim.execution.Faults.Window(d, window[0], window[1], kindOf(kind), factor));
                }
                continue;
            }
            String name = f.string("link", null);
            f.choice("kind", List.of("down"), "down");
            if (f.has("factor")) {
                f.error("factor", "a link is down in its window; a slower link is a bandwidth trace (trace: {file: ...}"
                        + " on a topology's link)");
            }
            f.end();
            if (name == null) {
                continue;
            }
            if (topology != null) {
                if (!linkNames.contains(name)) {
                    f.error("link", "unknown link '" + org.lcpsim.config.Excerpt.of(name) + "'; the topology's links and"
                            + " cells: " + org.lcpsim.network.topology.LinkFaults.list(linkNames));
                } else if (window != null) {
                    down.computeIfAbsent(name, k -> new ArrayList<>()).add(window);
                    outages.add(new org.lcpsim.execution.Faults.Outage(name, -1, window[0], window[1]));
                }
                continue;
            }
            int idx = nodes.indexOf(name);
            if (idx < 0) {
                f.error("link", "unknown link '" + org.lcpsim.config.Excerpt.of(name) + "': on network " + network.name()
                        + " (no links of its own) a link is a node's connection: "
                        + org.lcpsim.network.topology.LinkFaults.list(nodes));
            } else if (window != null) {
                outages.add(new org.lcpsim.execution.Faults.Outage(name, idx, window[0], window[1]));
            }
        }
        if (r.errors().size() > errorsBefore) {
            return null;
        }
        NetworkModel faulty = org.lcpsim.network.topology.LinkFaults.withDown(network, down);
        return new FaultBinding(new org.lcpsim.execution.Faults(windows, random, outages), faulty);
    }

    private static org.lcpsim.execution.Faults.Kind kindOf(String kind) {
        return kind.equals("slowdown") ? org.lcpsim.execution.Faults.Kind.SLOWDOWN : org.lcpsim.execution.Faults.Kind.CRASH;
    }

    /** {@code atS} and {@code untilS} of a fault window, in ms; null (errors recorded) when invalid. */
    private static double[] window(MapReader f) {
        Double at = f.requiredNumber("atS", 0, MAX_FAULT_S);
        Double until = f.requiredNumber("untilS", 0, MAX_FAULT_S);
        if (at == null || until == null) {
            return null;
        }
        if (!(until > at)) {
            // a device that never came back would hold the requests that need it for good
            f.error("untilS", "must be after atS (" + seconds(at) + " s), got " + seconds(until) + " s");
            return null;
        }
        return new double[] {at * 1000, until * 1000};
    }

    private static String seconds(double s) {
        return s == Math.rint(s) && Math.abs(s) < 1e15 ? Long.toString((long) s) : Double.toString(s);
    }

    /** A slowdown's factor (required, in [1, 1e6]); 1 for a crash, which takes none. Null when invalid. */
    private static Double slowdownFactor(MapReader f, String kind) {
        if ("slowdown".equals(kind)) {
            return f.requiredNumber("factor", 1, MAX_SLOWDOWN);
        }
        if (f.has("factor")) {
            f.error("factor", "a crash has no factor; a device that keeps working, slower, is kind: slowdown");
            return null;
        }
        return 1.0;
    }

    /** The devices of random faults: {@code devices: [d0, ...]}, or every device. Null when invalid. */
    private static int[] faultDevices(MapReader f, int devices) {
        if (!f.has("devices")) {
            return java.util.stream.IntStream.range(0, devices).toArray();
        }
        List<Node> ids = f.list("devices");
        if (f.node("devices") instanceof Node.ListNode && ids.isEmpty()) {
            f.error("devices", "random faults need at least one device; leave devices out for every device");
            return null;
        }
        List<Integer> chosen = new ArrayList<>();
        boolean ok = !ids.isEmpty();
        for (int j = 0; j < ids.size(); j++) {
            String idPath = f.path("devices") + "[" + j + "]";
            String id = Values.string(ids.get(j), idPath, f.errors());
            int idx = id == null ? -1 : deviceIndex(id, Integer.MAX_VALUE);
            if (id == null) {
                ok = false;
            } else if (idx < 0) {
                f.errors().add(ids.get(j), idPath, "expected a device id such as d0, got '" + org.lcpsim.config.Excerpt.of(id)
                        + "'");
                ok = false;
            } else if (idx >= devices) {
                f.errors().add(ids.get(j), idPath, "device " + id + " does not exist; the cluster has " + clusterSize(devices));
                ok = false;
            } else if (chosen.contains(idx)) {
                f.errors().add(ids.get(j), idPath, "device " + id + " is listed twice");
                ok = false;
            } else {
                chosen.add(idx);
            }
        }
        return ok ? chosen.stream().mapToInt(Integer::intValue).toArray() : null;
    }

    /** The most request streams an experiment may have (each adds its columns to results.csv). */
    static final int MAX_STREAMS = 100;
    /** What a stream's name may be: it names results.csv columns and a network node ("source.NAME"). */
    static final java.util.regex.Pattern STREAM_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");

    /**
     * {@code workload.streams}: a list of {@code {name, source, devices, model, strategy, arrival,
     * requests, warmup, batch, input}}; the workload's own fields and the file's input are the
     * defaults. Null (errors recorded) when invalid. {@code clusterOk}: the devices were bound
     * (device ids are checked against them only then).
     */
    private List<StreamSpec> streams(Node node, String path, Errors all, Workload defaults, Input input,
                                     List<DeviceModel> devices, boolean clusterOk) {
        // errors of its own: the caller's merge duplicates, so a point bound twice would not tell
        Errors errors = new Errors();
        List<StreamSpec> out = streams(node, path, errors, defaults, input, devices, clusterOk, 0);
        all.addAll(errors.list());
        return errors.isEmpty() ? out : null;
    }

    private List<StreamSpec> streams(Node node, String path, Errors errors, Workload defaults, Input input,
                                     List<DeviceModel> devices, boolean clusterOk, int unused) {
        if (!(node instanceof Node.ListNode list)) {
            errors.add(node, path, "expected a list of streams ({name, model, strategy, ...} each), found "
                    + node.kindName());
            return null;
        }
        if (list.items().isEmpty()) {
            errors.add(node, path, "needs at least one stream ({name, model, strategy, ...}); or leave streams out and"
                    + " give model and strategy at the top level for one stream");
            return null;
        }
        if (list.items().size() > MAX_STREAMS) {
            errors.add(node, path, "has " + list.items().size() + " streams; at most " + MAX_STREAMS);
            return null;
        }
        int n = devices.size();
        List<StreamSpec> out = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        int externals = 0;
        for (int i = 0; i < list.items().size(); i++) {
            String at = path + "[" + i + "]";
            MapReader s = MapReader.of(list.items().get(i), at, errors);
            String name = s.requiredString("name");
            if (name != null && !STREAM_NAME.matcher(name).matches()) {
                s.error("name", "expected a letter, then letters, digits, - or _ (at most 40 characters): the name of a"
                        + " stream names columns of results.csv (stream.NAME.latency_ms_mean) and the network node of its"
                        + " camera (source.NAME); got '" + org.lcpsim.config.Excerpt.of(name) + "'");
                name = null;
            } else if (name != null && seen.containsKey(name)) {
                s.error("name", "stream name '" + name + "' is also the name of streams[" + seen.get(name)
                        + "]; every stream needs its own name");
                name = null;
            } else if (name != null) {
                seen.put(name, i);
            }
            int[] subset = null;
            if (s.has("devices")) {
                List<Node> ids = s.list("devices");
                if (s.node("devices") instanceof Node.ListNode && ids.isEmpty()) {
                    s.error("devices", "a stream needs at least one device; leave devices out to deploy on every device");
                }
                List<Integer> chosen = new ArrayList<>();
                boolean ok = !ids.isEmpty();
                for (int j = 0; j < ids.size(); j++) {
                    String idPath = s.path("devices") + "[" + j + "]";
                    String id = Values.string(ids.get(j), idPath, errors);
                    if (id == null) {
                        ok = false;
                        continue;
                    }
                    int idx = deviceIndex(id, Integer.MAX_VALUE);
                    if (idx < 0) {
                        errors.add(ids.get(j), idPath, "expected a device id such as d0, got '" + org.lcpsim.config.Excerpt.of(id) + "'");
                        ok = false;
                    } else if (clusterOk && idx >= n) {
                        errors.add(ids.get(j), idPath, "device " + id + " does not exist; the cluster has " + clusterSize(n));
                        ok = false;
                    } else if (chosen.contains(idx)) {
                        errors.add(ids.get(j), idPath, "device " + id + " is listed twice");
                        ok = false;
                    } else {
                        chosen.add(idx);
                    }
                }
                subset = ok ? chosen.stream().mapToInt(Integer::intValue).toArray() : null;
            } else if (clusterOk) {
                subset = java.util.stream.IntStream.range(0, n).toArray();
            }
            String source = s.string("source", "external");
            Integer sourceNode = null;
            if (source != null && source.equals("external")) {
                sourceNode = n + externals++;
            } else if (source != null) {
                int idx = deviceIndex(source, Integer.MAX_VALUE);
                if (idx < 0 || (clusterOk && idx >= n)) {
                    s.error("source", "expected 'external' (a camera of its own on the network) or a device id"
                            + (clusterOk ? " d0..d" + (n - 1) : "") + ", got '" + org.lcpsim.config.Excerpt.of(source) + "'");
                } else {
                    sourceNode = idx;
                }
            }
            String[] modelName = new String[1];
            Model model = model(s, modelName);
            org.lcpsim.execution.Resilience[] resilience = {org.lcpsim.execution.Resilience.DEFAULT};
            Strategy strategy = subset == null ? null : strategy(s, n, model, subset, resilience);
            if (subset == null && s.has("strategy")) {
                s.node("strategy");
            } else if (subset == null && !s.has("strategy")) {
                s.error("strategy", "missing required field (a mapping)");
            }
            Input own = s.has("input") ? inputSection(s.map("input")) : input;
            Integer requests = s.integer("requests", defaults.requests(), 1, MAX_REQUESTS);
            Integer warmup = s.integer("warmup", defaults.warmup(), 0, MAX_REQUESTS);
            Integer batch = s.integer("batch", defaults.batch(), 1, Workload.MAX_BATCH);
            Arrival arrival = s.has("arrival") ? arrival(s.map("arrival")) : defaults.arrival();
            s.end();
            if (name == null || subset == null || sourceNode == null || model == null || strategy == null || own == null
                    || requests == null || warmup == null || batch == null || arrival == null) {
                continue;
            }
            out.add(new StreamSpec(name, modelName[0], model, strategy, subset, sourceNode, own.bytesFor(model),
                    new Workload(requests, warmup, arrival, defaults.horizonMs(), batch), resilience[0]));
        }
        return out;
    }

    private static String clusterSize(int devices) {
        return devices == 1 ? "1 device (d0)" : devices + " devices (d0..d" + (devices - 1) + ")";
    }

    private Model model(MapReader r, String[] name) {
        if (!r.has("model")) {
            r.error("model", "missing required field (a zoo name such as alexnet, {file: my-model.yaml}, {onnx: model.onnx} or "
                    + "{keras: model.keras})");
            return null;
        }
        Node n = r.node("model");
        if (n instanceof Node.Scalar) {
            String s = Values.choice(n, r.path("model"), r.errors(), ModelZoo.names());
            name[0] = s;
            return s == null ? null : zoo.computeIfAbsent(s, ModelZoo::get);
        }
        MapReader m = MapReader.of(n, r.path("model"), r.errors());
        if (m.has("onnx") && m.has("keras")) {
            m.error("keras", "a model is an ONNX file or a Keras file, not both: give onnx or keras");
        }
        if (m.has("onnx")) {
            if (m.has("file")) {
                m.error("file", "a model is a YAML file or an ONNX file, not both: give file or onnx");
            }
            m.end();
            return m.has("keras") ? null : onnx(m, name);
        }
        if (m.has("keras")) {
            if (m.has("file")) {
                m.error("file", "a model is a YAML file or a Keras file, not both: give file or keras");
            }
            m.end();
            return keras(m, name);
        }
        String file = m.requiredString("file");
        m.end();
        if (file == null) {
            return null;
        }
        Path path;
        try {
            path = baseDir.resolve(file);
        } catch (java.nio.file.InvalidPathException e) {
            path = null;
        }
        Model bound = path == null ? null : modelFiles.get(path);
        if (bound != null) {
            name[0] = bound.name();
            return bound;
        }
        ReferencedFile ref = ReferencedFile.read(files, baseDir, file, m.location("file"), m.path("file"), "model file",
                r.errors());
        if (ref == null) {
            return null;
        }
        Node parsed = ref.parseYaml(m.location("file"), m.path("file"), "model file", r.errors());
        if (parsed == null) {
            return null;
        }
        Errors modelErrors = new Errors();
        Model model = ModelYaml.bind(parsed, modelErrors);
        if (!modelErrors.isEmpty() || model == null) {
            ref.report(modelErrors.list(), m.location("file"), m.path("file"), "model file", r.errors());
            return null;
        }
        name[0] = model.name();
        modelFiles.put(path, model);
        return model;
    }

    /**
     * {@code model: {onnx: FILE}} or {@code model: {onnx: {file: FILE, unknownOps: error|elementwise,
     * head: NODE}}}: an imported ONNX graph (relative to this file). A file that cannot be imported
     * is an error at {@code $.model.onnx}: {@code FILE: node 'name' (OpType): message}.
     */
    private Model onnx(MapReader m, String[] name) {
        Node node = m.node("onnx");
        String path = m.path("onnx");
        String file;
        OnnxImporter.UnknownOps unknown = OnnxImporter.UnknownOps.ERROR;
        String head = null;
        if (node instanceof Node.MapNode) {
            MapReader o = MapReader.of(node, path, m.errors());
            file = o.requiredString("file");
            String u = o.choice("unknownOps", List.of("error", "elementwise"), "error");
            head = o.string("head", null);
            o.end();
            if (file == null || u == null || o.has("head") && head == null) {
                return null;
            }
            unknown = u.equals("elementwise") ? OnnxImporter.UnknownOps.ELEMENTWISE : OnnxImporter.UnknownOps.ERROR;
        } else {
            file = Values.string(node, path, m.errors());
            if (file == null) {
                return null;
            }
        }
        Path resolved = importable(m, node, path, file, "ONNX");
        if (resolved == null) {
            return null;
        }
        String key = resolved + "|" + unknown + "|" + head;
        Model cached = onnxModels.get(key);
        if (cached == null) {
            try {
                cached = OnnxImporter.importFile(resolved, new OnnxImporter.Options(unknown, head, null));
            } catch (OnnxException e) {
                // a file outside the experiment's folder is named, never described from its content
                m.errors().add(node, path, files.quotable(resolved) ? file + ": " + e.getMessage()
                        : file + ": not an ONNX model lcpsim can import (details not shown for a file outside the"
                        + " experiment's folder)");
                return null;
            }
            onnxModels.put(key, cached);
        }
        name[0] = cached.name();
        return cached;
    }

    /**
     * The path of a model file that is imported rather than read as text (ONNX, Keras), relative to
     * this file and within its folder unless outside files are allowed; null (an error recorded at
     * {@code path}) when it may not be read.
     */
    private Path importable(MapReader m, Node node, String path, String file, String kind) {
        if (file.isBlank()) {
            m.errors().add(node, path, "the " + kind + " file name must not be empty");
            return null;
        }
        Path resolved;
        try {
            resolved = baseDir.resolve(file).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            m.errors().add(node, path, "'" + file + "' is not a file name here: " + e.getReason());
            return null;
        }
        try {
            files.checkMayRead(resolved);
        } catch (FileSource.OutsideFolderException e) {
            m.errors().add(node, path, "'" + file + "' is outside the experiment's folder; pass --allow-outside-files to read it");
            return null;
        }
        return resolved;
    }

    /**
     * {@code model: {keras: FILE}} or {@code model: {keras: {file: FILE, unknownLayers:
     * error|elementwise, head: LAYER}}}: a Keras model (a Keras 3 .keras file, or the JSON of
     * model.to_json(), Keras 3 or Keras 2) imported from its configuration, relative to this file. A
     * file that cannot be imported is an error at {@code $.model.keras}: {@code FILE: layer 'name'
     * (ClassName): message} or {@code FILE: not a Keras model (...)}.
     */
    private Model keras(MapReader m, String[] name) {
        Node node = m.node("keras");
        String path = m.path("keras");
        String file;
        KerasImporter.UnknownLayers unknown = KerasImporter.UnknownLayers.ERROR;
        String head = null;
        if (node instanceof Node.MapNode) {
            MapReader o = MapReader.of(node, path, m.errors());
            file = o.requiredString("file");
            String u = o.choice("unknownLayers", List.of("error", "elementwise"), "error");
            head = o.string("head", null);
            o.end();
            if (file == null || u == null || o.has("head") && head == null) {
                return null;
            }
            unknown = u.equals("elementwise") ? KerasImporter.UnknownLayers.ELEMENTWISE : KerasImporter.UnknownLayers.ERROR;
        } else {
            file = Values.string(node, path, m.errors());
            if (file == null) {
                return null;
            }
        }
        Path resolved = importable(m, node, path, file, "Keras");
        if (resolved == null) {
            return null;
        }
        String key = "keras|" + resolved + "|" + unknown + "|" + head;
        Model cached = onnxModels.get(key);
        if (cached == null) {
            try {
                cached = KerasImporter.importFile(resolved, new KerasImporter.Options(unknown, head, null));
            } catch (KerasException e) {
                // a file outside the experiment's folder is named, never described from its content
                m.errors().add(node, path, files.quotable(resolved) ? file + ": " + e.getMessage()
                        : file + ": not a Keras model lcpsim can import (details not shown for a file outside the"
                        + " experiment's folder)");
                return null;
            }
            onnxModels.put(key, cached);
        }
        name[0] = cached.name();
        return cached;
    }

    /**
     * {@code widths: [f1, ..., fK]} (each branch's fraction of the original width, summing to 1) or
     * {@code widths: proportional}; absent: equal branches. Null (errors recorded) when invalid.
     */
    private static org.lcpsim.strategies.BranchWidths widths(MapReader s, Integer branches) {
        Node node = s.node("widths");
        if (node == null || !s.has("widths")) {
            return org.lcpsim.strategies.BranchWidths.EQUAL;
        }
        if (node instanceof Node.Scalar) {
            String v = Values.choice(node, s.path("widths"), s.errors(), List.of("proportional", "equal"));
            return v == null ? null : v.equals("equal") ? org.lcpsim.strategies.BranchWidths.EQUAL
                    : new org.lcpsim.strategies.BranchWidths.Proportional();
        }
        List<Node> items = s.list("widths");
        if (!(node instanceof Node.ListNode)) {
            return null;
        }
        double[] f = new double[items.size()];
        boolean ok = true;
        double sum = 0;
        for (int i = 0; i < items.size(); i++) {
            Double v = Values.number(items.get(i), s.path("widths") + "[" + i + "]", s.errors(), 1e-6, 1.0);
            if (v == null) {
                ok = false;
            } else {
                f[i] = v;
                sum += v;
            }
        }
        if (!ok) {
            return null;
        }
        if (branches != null && items.size() != branches) {
            s.error("widths", "expected " + branches + " widths, one per branch, got " + items.size());
            return null;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            s.error("widths", "the branch widths are fractions of the original width and must sum to 1, got "
                    + String.format(java.util.Locale.ROOT, "%.6g", sum));
            return null;
        }
        return new org.lcpsim.strategies.BranchWidths.Given(f);
    }

    /**
     * Fills {@code devices}; returns the source node index, or -1 when invalid. With several
     * streams ({@code multi}) each stream names its source, and {@code cluster.source} is an error.
     */
    private int cluster(MapReader r, List<DeviceModel> devices, boolean multi) {
        MapReader c = r.requiredMap("cluster");
        if (c == null) {
            return -1;
        }
        List<Node> entries = c.list("devices");
        if (entries.isEmpty()) {
            c.error("devices", "a cluster needs at least one device ({preset: NAME, count: N} entries)");
        }
        boolean ok = true;
        long total = 0;
        for (int i = 0; i < entries.size(); i++) {
            String path = c.path("devices") + "[" + i + "]";
            Node entry = entries.get(i);
            Integer count = 1;
            if (entry instanceof Node.MapNode m && m.get("count") != null) {
                count = Values.integer(m.get("count"), path + ".count", r.errors(), 1, 10_000);
            }
            Double speed = 1.0;
            if (entry instanceof Node.MapNode m && m.get(SPEED_FACTOR) != null) {
                speed = Values.positiveNumber(m.get(SPEED_FACTOR), path + "." + SPEED_FACTOR, r.errors(), MAX_SPEED_FACTOR);
            }
            DeviceModel d = DeviceSpecs.bind(entry, path, r.errors(), baseDir, files, "count", SPEED_FACTOR);
            if (d == null || count == null || speed == null) {
                ok = false;
                continue;
            }
            if (speed != 1.0) {
                d = new SpeedScaledDevice(d, speed);
            }
            total += count;
            for (int k = 0; k < count && devices.size() <= MAX_DEVICES; k++) {
                devices.add(d);
            }
        }
        if (multi && c.has("source")) {
            c.error("source", "with workload.streams every stream names its own source (workload.streams[i].source:"
                    + " external, or a device id): remove this one");
        }
        String source = multi ? "external" : c.string("source", "external");
        c.end();
        if (!ok || devices.isEmpty() || source == null) {
            return -1;
        }
        if (total > MAX_DEVICES) {
            c.error("devices", "the cluster has " + total + " devices (the counts together); at most " + MAX_DEVICES);
            return -1;
        }
        if (source.equals("external")) {
            return devices.size();
        }
        int idx = deviceIndex(source, devices.size());
        if (idx < 0) {
            c.error("source", "expected 'external' or a device id d0..d" + (devices.size() - 1) + ", got '" + source + "'");
        }
        return idx;
    }

    /** The network's node names: d0..dN-1, then source for an external source (as {@link ExperimentSpec#nodeNames}). */
    private static List<String> nodeNames(int devices, int source) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            names.add("d" + i);
        }
        if (source == devices) {
            names.add("source");
        }
        return names;
    }

    static int deviceIndex(String id, int devices) {
        if (id.matches("d\\d{1,6}")) {
            int i = Integer.parseInt(id.substring(1));
            return i < devices ? i : -1;
        }
        return -1;
    }

    /**
     * The strategy; {@code devices} (0 when the cluster is invalid) and {@code model} (null when
     * invalid) check the devices and layers it names, so that a strategy that cannot deploy on this
     * cluster is a positioned error and not a failed point.
     */
    private Strategy strategy(MapReader r, int devices, Model model, int[] subset,
                              org.lcpsim.execution.Resilience[] resilience) {
        MapReader s = r.requiredMap("strategy");
        if (s == null) {
            return null;
        }
        return strategy(s, devices, model, subset, 0, resilience);
    }

    /** The most strategies nested as groups of each other ({@code group: {kind: data-parallel, group: ...}}). */
    static final int MAX_GROUP_DEPTH = 8;

    /**
     * The strategy of the mapping {@code s}; {@code depth} counts the groups it is inside (a
     * group's strategy names the group's own devices: {@code devices} is the group's size).
     */
    private Strategy strategy(MapReader s, int devices, Model model, int[] subset, int depth,
                              org.lcpsim.execution.Resilience[] resilience) {
        String kind = s.requiredChoice("kind", STRATEGIES);
        Strategy strategy = null;
        // how the deployment reacts to faults (docs/engine.md, "Faults"): the source's timeout, for every strategy
        Double failover = s.number("failoverTimeoutMs", org.lcpsim.execution.Resilience.DEFAULT_FAILOVER_MS, 0, MAX_TIMEOUT_MS);
        Double deadline = Double.NaN;
        Integer minBranches = 1;
        if ("single".equals(kind)) {
            String device = s.string("device", "d0");
            int idx = device == null ? -1 : deviceIndex(device, Integer.MAX_VALUE);
            if (device != null && idx < 0) {
                s.error("device", "expected a device id such as d0, got '" + device + "'");
            }
            idx = inSubset(s, "device", inCluster(s, "device", idx, devices), subset);
            strategy = idx < 0 ? null : new SingleDevice(idx);
        } else if ("lcp".equals(kind)) {
            Integer branches = s.requiredInteger("branches", 1, 4096);
            Double fatten = s.number("fatten", 0.0, 0.0, 10.0);
            String fin = s.string("finalDevice", null);
            Integer finalIdx = null;
            if (fin != null) {
                finalIdx = deviceIndex(fin, Integer.MAX_VALUE);
                if (finalIdx < 0) {
                    s.error("finalDevice", "expected a device id such as d0, got '" + fin + "'");
                }
                finalIdx = inSubset(s, "finalDevice", inCluster(s, "finalDevice", finalIdx, devices), subset);
            }
            String delivery = s.choice("inputDelivery", List.of("multicast", "unicast"), "multicast");
            String problem = model == null ? null : org.lcpsim.workload.LcpTransform.check(model);
            if (problem != null) {
                s.error("kind", "LCP cannot split this model: " + problem);
                branches = null;
            }
            org.lcpsim.strategies.BranchWidths widths = widths(s, branches);
            Integer replicas = s.integer("replicas", 1, 1, MAX_DEVICES);
            DataParallel.Balance balance = balance(s);
            int available = subset == null ? devices : subset.length;
            if (replicas != null && replicas > 1 && finalIdx != null) {
                s.error("finalDevice", "with replicas, each group of devices gathers at its own first device: remove"
                        + " finalDevice, or use replicas: 1");
                finalIdx = -1;
            }
            if (replicas != null && available > 0 && replicas > available) {
                s.error("replicas", replicas + " replicas of the LCP need at least " + replicas + " devices (a group"
                        + " each); the " + (subset == null ? "cluster" : "stream") + " has " + available);
                replicas = null;
            }
            deadline = s.number("gatherDeadlineMs", Double.NaN, 0, MAX_TIMEOUT_MS);
            minBranches = s.integer("minBranches", 1, 1, 4096);
            if (minBranches != null && branches != null && minBranches > branches) {
                s.error("minBranches", "the final node cannot have more than the " + branches + " branches of the model;"
                        + " got " + minBranches);
                minBranches = null;
            }
            if (s.has("minBranches") && deadline != null && Double.isNaN(deadline)) {
                s.error("minBranches", "applies with a gather deadline (gatherDeadlineMs): without one the final node"
                        + " waits for every branch");
                minBranches = null;
            }
            if (branches != null && fatten != null && delivery != null && (finalIdx == null || finalIdx >= 0)
                    && widths != null && replicas != null && balance != null) {
                strategy = new Lcp(branches, fatten, finalIdx, delivery.equals("multicast"), widths);
                if (replicas > 1) {
                    strategy = new GroupReplicas(strategy, replicas, balance, "lcp");
                }
            }
        } else if ("data-parallel".equals(kind)) {
            DataParallel.Balance balance = balance(s);
            MapReader group = s.map("group");
            Integer groups = s.integer("groups", null, 1, MAX_DEVICES);
            int available = subset == null ? devices : subset.length;
            if (group == null) {
                if (s.has("groups")) {
                    s.error("groups", "groups of devices need the strategy each group runs, e.g. group: {kind: lcp,"
                            + " branches: 4}; without group, every device holds a whole model");
                    balance = null;
                }
                strategy = balance == null ? null : new DataParallel(balance);
            } else if (depth >= MAX_GROUP_DEPTH) {
                s.error("group", "groups nest at most " + MAX_GROUP_DEPTH + " deep");
            } else {
                if (groups != null && available > 0 && groups > available) {
                    s.error("groups", groups + " groups need at least " + groups + " devices; the "
                            + (subset == null ? "cluster" : "stream") + " has " + available);
                    groups = null;
                }
                // a group's strategy names the group's own devices, d0 its first
                int size = available == 0 ? 0 : Math.max(1, available / (groups == null ? 1 : groups));
                Strategy inner = strategy(group, size, model, null, depth + 1,
                        new org.lcpsim.execution.Resilience[] {org.lcpsim.execution.Resilience.DEFAULT});
                if (inner != null && balance != null && (groups != null || !s.has("groups"))) {
                    strategy = new GroupReplicas(inner, groups == null ? 0 : groups, balance, "data-parallel");
                }
            }
        } else if ("model-parallel".equals(kind)) {
            strategy = modelParallel(s, devices, subset);
        } else if ("pipeline".equals(kind)) {
            strategy = pipeline(s, devices, model, subset);
        }
        if (depth > 0) {
            // the source's timeout and the gather deadline are the deployment's: one per strategy, the outer one's
            // (the deadline's fields are LCP's: on another kind they are unknown fields, as at the top level)
            for (String key : "lcp".equals(kind) ? List.of("failoverTimeoutMs", "gatherDeadlineMs", "minBranches")
                    : List.of("failoverTimeoutMs")) {
                if (s.has(key)) {
                    s.error(key, "applies to the whole deployment, not to a group: set it on the outer strategy"
                            + " (a gather deadline with groups: kind: lcp, replicas: N)");
                }
            }
        }
        s.end();
        if (failover == null || deadline == null || minBranches == null) {
            return null;
        }
        resilience[0] = new org.lcpsim.execution.Resilience(failover, deadline, minBranches);
        return strategy;
    }

    /** {@code balance: round-robin | least-loaded} (default round robin); null when invalid. */
    private static DataParallel.Balance balance(MapReader s) {
        String balance = s.choice("balance", List.of("round-robin", "least-loaded"), "round-robin");
        return balance == null ? null : balance.equals("round-robin") ? DataParallel.Balance.ROUND_ROBIN
                : DataParallel.Balance.LEAST_LOADED;
    }

    /** The most devices a pipeline's stages name or replicate, and the most stages it may have. */
    static final int MAX_STAGES = 10_000;

    /**
     * {@code pipeline {cuts, replicas, devices, balance, plan}}: cuts are layer names or indices
     * (0-based, in the model's layer order: the stage ends after that layer); replicas one
     * number per stage; devices one list of device ids per stage; plan: auto alone.
     */
    private Strategy pipeline(MapReader s, int devices, Model model, int[] subset) {
        int before = s.errors().size();
        List<String> cuts = null;
        if (s.has("cuts")) {
            cuts = new ArrayList<>();
            List<Node> items = s.list("cuts");
            for (int i = 0; i < items.size(); i++) {
                Node n = items.get(i);
                String at = s.path("cuts") + "[" + i + "]";
                if (n instanceof Node.Scalar sc && sc.type() == Node.Scalar.Type.INTEGER) {
                    Long index = Values.longValue(n, at, s.errors(), 0, Integer.MAX_VALUE);
                    if (index == null) {
                        continue;
                    }
                    if (model != null && index >= model.layers().size() - 1) {
                        s.errors().add(n, at, "layer index " + index + " is not a cut of " + model.name() + ": its "
                                + model.layers().size() + " layers are 0.." + (model.layers().size() - 1)
                                + ", and a cut comes before the last");
                        continue;
                    }
                    cuts.add(model == null ? "#" + index : model.layers().get(index.intValue()).name());
                } else {
                    String cut = Values.string(n, at, s.errors());
                    if (cut != null) {
                        cuts.add(cut);
                    }
                }
            }
        }
        List<Integer> replicas = null;
        if (s.has("replicas")) {
            replicas = new ArrayList<>();
            List<Node> items = s.list("replicas");
            if (items.isEmpty() && s.node("replicas") instanceof Node.ListNode) {
                s.error("replicas", "one number of devices per stage, e.g. [1, 2, 1]");
            }
            for (int i = 0; i < items.size(); i++) {
                Integer r = Values.integer(items.get(i), s.path("replicas") + "[" + i + "]", s.errors(), 1, MAX_DEVICES);
                if (r != null) {
                    replicas.add(r);
                }
            }
        }
        List<List<Integer>> stageDevices = null;
        if (s.has("devices")) {
            stageDevices = new ArrayList<>();
            List<Node> items = s.list("devices");
            for (int i = 0; i < items.size(); i++) {
                String at = s.path("devices") + "[" + i + "]";
                if (!(items.get(i) instanceof Node.ListNode l) || l.items().isEmpty()) {
                    s.errors().add(items.get(i), at, "expected the devices of stage " + i + " as a non-empty list, e.g. [d1, d2]");
                    continue;
                }
                List<Integer> ids = new ArrayList<>();
                for (int k = 0; k < l.items().size(); k++) {
                    Node item = l.items().get(k);
                    String id = Values.string(item, at + "[" + k + "]", s.errors());
                    if (id == null) {
                        continue;
                    }
                    int idx = deviceIndex(id, Integer.MAX_VALUE);
                    if (idx < 0) {
                        s.errors().add(item, at + "[" + k + "]", "expected a device id such as d0, got '" + id + "'");
                        continue;
                    }
                    if (devices > 0 && idx >= devices) {
                        s.errors().add(item, at + "[" + k + "]", "device d" + idx + " does not exist; the cluster has "
                                + devices + (devices == 1 ? " device (d0)" : " devices (d0..d" + (devices - 1) + ")"));
                        continue;
                    }
                    if (subset != null) {
                        int local = -1;
                        for (int j = 0; j < subset.length; j++) {
                            local = subset[j] == idx ? j : local;
                        }
                        if (local < 0) {
                            s.errors().add(item, at + "[" + k + "]", "device d" + idx + " is not among the devices of this stream");
                            continue;
                        }
                        idx = local;
                    }
                    ids.add(idx);
                }
                stageDevices.add(ids);
            }
        }
        DataParallel.Balance balance = balance(s);
        String plan = s.choice("plan", List.of("auto"), null);
        if (plan != null) {
            for (String other : List.of("cuts", "replicas", "devices")) {
                if (s.has(other)) {
                    s.error(other, "plan: auto chooses the cuts and the replicas of every stage: remove " + other
                            + ", or plan");
                }
            }
        }
        if (s.errors().size() > before || balance == null) {
            return null;
        }
        if (plan != null) {
            return Pipeline.planned(balance);
        }
        int available = subset == null ? devices : subset.length;
        if (model != null && available > 0) {
            String problem = Pipeline.check(model, cuts, replicas, stageDevices, available);
            if (problem != null) {
                s.error(stageDevices != null && (problem.contains("device") || problem.startsWith("stage")) ? "devices"
                        : replicas != null && !problem.startsWith("pipeline cut") ? "replicas" : "cuts", problem);
                return null;
            }
        }
        return new Pipeline(cuts, replicas, stageDevices, balance, false);
    }

    /** The longest source timeout and gather deadline: 1e9 ms (11.6 days). */
    static final double MAX_TIMEOUT_MS = 1e9;

    /** A device index the strategy names, or -1 (error recorded) when the cluster has no such device. */
    private static int inCluster(MapReader s, String key, int index, int devices) {
        if (index >= 0 && devices > 0 && index >= devices) {
            s.error(key, "device d" + index + " does not exist; the cluster has " + devices + (devices == 1 ? " device (d0)"
                    : " devices (d0..d" + (devices - 1) + ")"));
            return -1;
        }
        return index;
    }

    /**
     * A device a stream's strategy names (a cluster device index, -1 when invalid) as the
     * strategy's own index among the stream's devices ({@code subset}; null: the whole cluster);
     * -1 (error recorded) when the stream does not deploy on it.
     */
    private static int inSubset(MapReader s, String key, int index, int[] subset) {
        if (subset == null || index < 0) {
            return index;
        }
        for (int i = 0; i < subset.length; i++) {
            if (subset[i] == index) {
                return i;
            }
        }
        List<String> ids = new ArrayList<>();
        for (int d : subset) {
            ids.add("d" + d);
        }
        s.error(key, "device d" + index + " is not among the devices of this stream (" + String.join(", ", ids) + ")");
        return -1;
    }

    private Strategy modelParallel(MapReader s, int devices, int[] subset) {
        ModelParallel.SplitPolicy policy = ModelParallel.SplitPolicy.AUTO;
        List<String> names = new ArrayList<>(List.of("auto"));
        names.addAll(List.of("output", "channel", "input", "filter", "spatial"));
        Node split = s.node("split");
        if (split instanceof Node.MapNode) {
            MapReader m = MapReader.of(split, s.path("split"), s.errors());
            String conv = m.choice("conv", List.of("output", "channel", "input", "filter", "spatial"), "output");
            String dense = m.choice("dense", List.of("output", "input"), "output");
            m.end();
            policy = conv == null || dense == null ? null : ModelParallel.SplitPolicy.fixed(SPLITS.get(conv), SPLITS.get(dense));
        } else if (split != null) {
            String v = Values.choice(split, s.path("split"), s.errors(), names);
            if (v == null) {
                policy = null;
            } else if (!v.equals("auto")) {
                ModelParallel.Split conv = SPLITS.get(v);
                // one name for both layer kinds; dense layers cannot be split spatially
                policy = ModelParallel.SplitPolicy.fixed(conv, conv == ModelParallel.Split.SPATIAL ? ModelParallel.Split.OUTPUT : conv);
            }
        }
        String merge = s.choice("merge", List.of("coordinator", "all-to-all"), "coordinator");
        Integer every = s.integer("mergeEvery", 1, 1, 100_000);
        String coord = s.string("coordinator", "d0");
        int c = coord == null ? -1 : deviceIndex(coord, Integer.MAX_VALUE);
        if (coord != null && c < 0) {
            s.error("coordinator", "expected a device id such as d0, got '" + coord + "'");
        }
        c = inSubset(s, "coordinator", inCluster(s, "coordinator", c, devices), subset);
        if (policy == null || merge == null || every == null || c < 0) {
            return null;
        }
        return new ModelParallel(policy, merge.equals("coordinator") ? ModelParallel.Merge.COORDINATOR
                : ModelParallel.Merge.ALL_TO_ALL, every, c);
    }

    private DataType dtype(MapReader r, String key, DataType def) {
        String s = r.choice(key, DTYPES, def.yamlName());
        return s == null ? null : DataType.parse(s);
    }

    /** What the input section says: a raw image of a data type, or a given (compressed) size; null dtype when invalid. */
    private record Input(DataType dtype, Long bytes) {
        /** Bytes of one input image of {@code model} on the network: raw elements x dtype, or the given size. */
        long bytesFor(Model model) {
            if (bytes != null) {
                return bytes;
            }
            return model == null || dtype == null ? 0 : model.inputShape().bytes(dtype);
        }
    }

    /** Reads an input section ({@code in}: null when absent, a raw uint8 image). */
    private Input inputSection(MapReader in) {
        if (in == null) {
            return new Input(DataType.UINT8, null);
        }
        DataType dt = dtype(in, "dtype", DataType.UINT8);
        Long bytes = in.longValue("bytes", null, 0, MAX_INPUT_BYTES);
        if (in.has("bytes") && in.has("dtype")) {
            in.error("bytes", "give either dtype (raw image) or bytes (compressed size), not both");
        }
        in.end();
        return new Input(dt, bytes);
    }

    /** {@code energy: {scope: cluster | used, idle: include | exclude}}; absent: the whole cluster, idle included. */
    private static EnergyScope energy(MapReader r) {
        MapReader e = r.map("energy");
        if (e == null) {
            return EnergyScope.DEFAULT;
        }
        String scope = e.choice("scope", List.of("cluster", "used"), "cluster");
        String idle = e.choice("idle", List.of("include", "exclude"), "include");
        e.end();
        return scope == null || idle == null ? null : new EnergyScope(scope.equals("cluster"), idle.equals("include"));
    }

    private Workload workload(MapReader r) {
        MapReader w = r.map("workload");
        if (w == null) {
            return Workload.closed(50, 5);
        }
        Integer requests = w.integer("requests", 50, 1, MAX_REQUESTS);
        Integer warmup = w.integer("warmup", 5, 0, MAX_REQUESTS);
        Double horizonS = w.number("horizonS", 0.0, 0.0, 1e9);
        Integer batch = w.integer("batch", 1, 1, Workload.MAX_BATCH);
        Arrival arrival = w.has("arrival") ? arrival(w.map("arrival")) : new Arrival.Closed(1);
        if (w.node().get("streams") != null) {
            // read by streams(): the fields above are its defaults (a null value is an error here)
            w.has("streams");
        }
        w.end();
        if (requests == null || warmup == null || horizonS == null || batch == null || arrival == null) {
            return null;
        }
        return new Workload(requests, warmup, arrival, horizonS * 1000.0, batch);
    }

    /** An arrival section: {@code {kind: closed, concurrency} | {kind: periodic, fps} | {kind: poisson, ratePerS}}. */
    private static Arrival arrival(MapReader a) {
        if (a == null) {
            return null;
        }
        Arrival arrival;
        String kind = a.requiredChoice("kind", List.of("closed", "periodic", "poisson"));
        if ("closed".equals(kind)) {
            Integer c = a.integer("concurrency", 1, 1, 1_000_000);
            arrival = c == null ? null : new Arrival.Closed(c);
        } else if ("periodic".equals(kind)) {
            Double fps = a.requiredPositiveNumber("fps", 1e9);
            arrival = fps == null ? null : new Arrival.Periodic(fps);
        } else if ("poisson".equals(kind)) {
            Double rate = a.requiredPositiveNumber("ratePerS", 1e9);
            arrival = rate == null ? null : new Arrival.Poisson(rate);
        } else {
            arrival = null;
        }
        a.end();
        return arrival;
    }
}

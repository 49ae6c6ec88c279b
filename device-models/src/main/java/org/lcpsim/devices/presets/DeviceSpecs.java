package org.lcpsim.devices.presets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Location;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Presets;
import org.lcpsim.config.ReferencedFile;
import org.lcpsim.config.Yaml;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.devices.accel.SystolicArray;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.compute.LayerCost;
import org.lcpsim.devices.compute.MeasuredProfile;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.memory.MemorySpec;
import org.lcpsim.engine.Noise;
import org.lcpsim.workload.LayerKind;

/**
 * Binds a device description, from a preset ({@code preset: rpi3}, inline fields override it)
 * or inline ({@code kind: cpu | systolic | roofline, ...}), to a {@link DeviceModel}.
 *
 * <p>Software-dependent parameters (efficiencies, per-layer overhead, framework memory, ...) may
 * sit in {@code frameworks: {NAME: {...}}}; {@code framework: NAME} picks one (an experiment
 * writes {@code {preset: rpi3, framework: pytorch}}). A field written at the top level wins over
 * the picked framework's, so inline overrides work whatever the framework. Every framework
 * section is validated, not only the picked one.
 */
public final class DeviceSpecs {
    public static final Presets PRESETS = new Presets("org/lcpsim/devices/presets");
    public static final List<String> KINDS = List.of("roofline", "cpu", "systolic");
    /**
     * The most memory a device may have, in MB: 1e9 (a petabyte). Memory is counted in bytes as
     * 64-bit integers, with the model's weights and activations added to it.
     */
    public static final double MAX_MEMORY_MB = 1e9;
    /** The most power a device may draw, in W: 1e9. Energy is power times time, which must stay a finite number. */
    public static final double MAX_POWER_W = 1e9;
    static final String PRESET_DIR = "org/lcpsim/devices/presets/";

    /** YAML names of the layer kinds in {@code efficiency} maps. */
    public static String kindName(LayerKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private DeviceSpecs() {
    }

    /**
     * Where a device file and a profile's {@code file:} are read from: relative to the experiment
     * file's folder; and the device file read, whose problems are counted, not shown, when it may
     * not be quoted (outside the experiment's folder).
     */
    private static final class Sources {
        final Path baseDir;
        final FileSource files;
        ReferencedFile deviceFile;
        Location deviceFileAt;
        String deviceFilePath;

        Sources(Path baseDir, FileSource files) {
            this.baseDir = baseDir;
            this.files = files;
        }
    }

    /** A preset with the named framework (null: the preset's default); throws ConfigException when invalid. */
    public static DeviceModel preset(String name, String framework) {
        String text = "preset: " + name + (framework == null ? "" : "\nframework: " + framework) + "\n";
        Errors errors = new Errors();
        DeviceModel m = bind(Yaml.parse(text, "preset-" + name + ".yaml"), "$", errors);
        errors.throwIfAny();
        return m;
    }

    /**
     * Binds the device mapping at {@code node}; {@code callerKeys} are fields the caller reads
     * itself (such as {@code count}). Returns null when invalid, with the errors recorded.
     */
    public static DeviceModel bind(Node node, String path, Errors errors, String... callerKeys) {
        return bind(node, path, errors, Path.of(""), FileSource.DISK, callerKeys);
    }

    /**
     * The same, reading a profile {@code file} relative to {@code baseDir} (the experiment file's
     * folder) through {@code files}.
     */
    public static DeviceModel bind(Node node, String path, Errors errors, Path baseDir, FileSource files,
                                   String... callerKeys) {
        Sources sources = new Sources(baseDir, files);
        Errors local = new Errors();
        DeviceModel model = bind(node, path, local, sources, callerKeys);
        ReferencedFile f = sources.deviceFile;
        if (f != null && !f.quotable()) {
            // what a device file outside the experiment's folder holds is counted, never quoted
            List<org.lcpsim.config.ConfigError> inFile = new ArrayList<>();
            for (org.lcpsim.config.ConfigError e : local.list()) {
                if (e.location().file().equals(f.name())) {
                    inFile.add(e);
                } else {
                    errors.add(e.location(), e.path(), e.message());
                }
            }
            f.report(inFile, sources.deviceFileAt, sources.deviceFilePath, "device file", errors);
        } else {
            errors.addAll(local.list());
        }
        return local.isEmpty() ? model : null;
    }

    private static DeviceModel bind(Node node, String path, Errors errors, Sources sources, String... callerKeys) {
        int before = errors.size();
        MapReader outer = MapReader.of(node, path, errors);
        String file = outer.string("file", null);
        Node.MapNode device = outer.node();
        if (file != null) {
            device = deviceFile(outer, file, sources);
            if (device == null) {
                return null;
            }
        }
        // the preset named beside the entry, or in its device file
        MapReader named = file == null ? outer : MapReader.of(device, path, errors);
        String preset = named.string("preset", null);
        Node merged = device;
        if (preset != null) {
            if (!PRESETS.exists(preset)) {
                named.error("preset", "unknown device preset '" + preset + "'; known: " + String.join(", ", PRESETS.names()));
                return null;
            }
            merged = PRESETS.merged(preset, device);
        }
        MapReader r = MapReader.of(merged, path, errors).accept(callerKeys).accept("preset", "file");
        r.string("description", null);
        r.node("provenance");
        r.string("fittedTo", null);
        String name = r.string("name", preset);
        String kind = r.requiredChoice("kind", KINDS);
        DeviceModel model = null;
        if ("roofline".equals(kind)) {
            model = roofline(r, name == null ? "roofline" : name);
        } else if ("cpu".equals(kind) || "systolic".equals(kind)) {
            model = edge(r, name == null ? kind : name, kind, sources);
        } else {
            // which fields exist depends on the kind: without one, do not call every field unknown
            r.accept(r.node().entries().keySet().toArray(String[]::new));
        }
        r.end();
        return errors.size() > before ? null : model;
    }

    /**
     * {@code {file: PATH, ...}}: the device mapping of the YAML file at PATH (relative to the
     * experiment file's folder), e.g. what {@code lcpsim calibrate --out} writes, with the other
     * fields of the entry put over it (as over a preset). The file may name a preset itself; it
     * may not name other files. Null when it cannot be used, with the errors recorded.
     */
    private static Node.MapNode deviceFile(MapReader outer, String file, Sources sources) {
        if (outer.has("preset")) {
            outer.error("preset", "give a preset or a device file, not both (a device file may name its preset itself)");
            return null;
        }
        ReferencedFile ref = ReferencedFile.read(sources.files, sources.baseDir, file, outer.location("file"),
                outer.path("file"), "device file", outer.errors());
        if (ref == null) {
            return null;
        }
        sources.deviceFile = ref;
        sources.deviceFileAt = outer.location("file");
        sources.deviceFilePath = outer.path("file");
        Node parsed = ref.parseYaml(outer.location("file"), outer.path("file"), "device file", outer.errors());
        if (parsed == null) {
            return null;
        }
        if (!(parsed instanceof Node.MapNode m)) {
            outer.errors().add(parsed, outer.path(), "device file " + file + ": expected a device mapping ({kind: cpu, ...}),"
                    + " found " + parsed.kindName());
            return null;
        }
        int before = outer.errors().size();
        for (Node.Entry e : m.entries().values()) {
            if (e.key().equals("file")) {
                outer.errors().add(e.keyLocation(), outer.path("file"), "a device file cannot name another device file");
            }
        }
        noProfileFile(m, outer.path(), outer.errors());
        if (outer.errors().size() > before) {
            return null;
        }
        java.util.Map<String, Node.Entry> entries = new java.util.LinkedHashMap<>(m.entries());
        for (Node.Entry e : outer.node().entries().values()) {
            if (!e.key().equals("file")) {
                entries.put(e.key(), e);
            }
        }
        return new Node.MapNode(outer.node().location(), entries);
    }

    /**
     * A device file gives its profile inline or as a resource: a profile {@code file} would be
     * read from the disk without entering the point's configuration key or reaching cluster workers.
     */
    private static void noProfileFile(Node.MapNode device, String path, Errors errors) {
        if (Node.at(device, List.of("profile", "file")) instanceof Node.Scalar s) {
            errors.add(s, path + ".profile.file", "a device file cannot name a profile file: give the profile inline"
                    + " (a list of {workload, layer, ms}) or in the experiment file");
        }
        if (device.get("frameworks") instanceof Node.MapNode fws) {
            for (Node.Entry e : fws.entries().values()) {
                if (e.value() instanceof Node.MapNode fw) {
                    noProfileFile(fw, path + ".frameworks." + e.key(), errors);
                }
            }
        }
    }

    private static DeviceModel roofline(MapReader r, String name) {
        Double peak = r.requiredPositiveNumber("peakGflops", Double.MAX_VALUE);
        Double eff = r.positiveNumber("efficiency", 1.0, 1.0);
        Double bw = r.requiredPositiveNumber("memoryBandwidthGBps", Double.MAX_VALUE);
        Double mem = r.requiredPositiveNumber("memoryMb", MAX_MEMORY_MB);
        Double overhead = r.number("layerOverheadMs", 0.0, 0.0, Double.MAX_VALUE);
        PowerSpec power = power(r);
        Noise noise = noise(r);
        if (peak == null || eff == null || bw == null || mem == null || overhead == null || power == null || noise == null) {
            return null;
        }
        return new RooflineDevice(name, peak, eff, bw, mem, overhead, power, noise);
    }

    /** Top-level fields first, then the picked framework's section. */
    private record Fields(MapReader top, MapReader fw) {
        MapReader at(String key) {
            // ask both, so that a framework field overridden at the top level is not "unknown"
            boolean inTop = top.has(key);
            boolean inFw = fw != null && fw.has(key);
            return inTop || !inFw ? top : fw;
        }

        Double number(String key, Double def, double min, double max) {
            return at(key).number(key, def, min, max);
        }

        Double positiveNumber(String key, Double def, double max) {
            return at(key).positiveNumber(key, def, max);
        }

        Double requiredPositiveNumber(String key, double max) {
            return at(key).requiredPositiveNumber(key, max);
        }

        Integer integer(String key, Integer def, int min, int max) {
            return at(key).integer(key, def, min, max);
        }

        Integer requiredInteger(String key, int min, int max) {
            return at(key).requiredInteger(key, min, max);
        }

        MapReader map(String key) {
            return at(key).map(key);
        }

        Node node(String key) {
            return at(key).node(key);
        }

        String choice(String key, List<String> options, String def) {
            return at(key).choice(key, options, def);
        }
    }

    private static DeviceModel edge(MapReader r, String name, String kind, Sources sources) {
        MapReader frameworks = r.map("frameworks");
        List<String> names = new ArrayList<>();
        if (frameworks != null) {
            names.addAll(frameworks.node().entries().keySet());
            frameworks.accept(names.toArray(String[]::new));
            frameworks.end();
        }
        String framework = r.string("framework", names.isEmpty() ? null : names.get(0));
        if (framework != null && !names.isEmpty() && !names.contains(framework)) {
            r.error("framework", "unknown framework '" + framework + "' for " + name + "; known: " + String.join(", ", names));
            framework = null;
        } else if (framework != null && names.isEmpty()) {
            // a plain label: nothing to pick
            names.add(framework);
        }
        DeviceModel chosen = null;
        boolean bad = false;
        // a profile given once (at the top level) serves every framework: read and parse it once
        Map<Node, MeasuredProfile> profiles = new IdentityHashMap<>();
        for (String fwName : names.isEmpty() ? List.of("") : names) {
            MapReader fw = null;
            if (frameworks != null && frameworks.has(fwName)) {
                fw = MapReader.of(frameworks.node(fwName), frameworks.path(fwName), r.errors());
                fw.string("fittedTo", null);
                fw.node("provenance");
            }
            Fields f = new Fields(r, fw);
            DeviceModel m = buildEdge(f, r, name, kind, fwName, profiles, sources);
            if (fw != null) {
                fw.end();
            }
            if (m == null) {
                bad = true;
            }
            if (fwName.equals(framework == null ? "" : framework)) {
                chosen = m;
            }
        }
        return bad ? null : chosen;
    }

    private static DeviceModel buildEdge(Fields f, MapReader r, String name, String kind, String framework,
                                         Map<Node, MeasuredProfile> profiles, Sources sources) {
        LayerCost cost = "cpu".equals(kind) ? cpu(f) : systolic(f);
        Double memoryMb = f.requiredPositiveNumber("memoryMb", MAX_MEMORY_MB);
        Double frameworkMb = frameworkMb(f.at("frameworkMb"));
        Double copies = f.number("weightCopies", 1.0, 1.0, 16);
        MapReader swap = f.map("swap");
        Boolean swapOn = false;
        Double swapBw = 0.0;
        if (swap != null) {
            swapOn = swap.bool("enabled", true);
            swapBw = Boolean.TRUE.equals(swapOn) ? swap.requiredPositiveNumber("bandwidthMBps", Double.MAX_VALUE)
                    : swap.number("bandwidthMBps", 0.0, 0, Double.MAX_VALUE);
            swap.string("source", null);
            swap.end();
        }
        MeasuredProfile profile = profile(f, r, profiles, sources);
        PowerSpec power = power(f.at("power"));
        Noise noise = noise(f.at("noise"));
        if (cost == null || memoryMb == null || frameworkMb == null || copies == null || swapOn == null || swapBw == null || profile == null
                || power == null || noise == null) {
            return null;
        }
        if (Double.isNaN(frameworkMb) && swapOn) {
            // at what the user wrote: the swap turned on, else the framework memory made unknown (not a preset's field)
            String at = !fromPreset(f.at("swap").location("swap")) || fromPreset(f.at("frameworkMb").location("frameworkMb"))
                    ? "swap" : "frameworkMb";
            f.at(at).error(at, "swap is on but the framework memory is unknown, so the swap per inference would be too: give"
                    + " frameworkMb (MB) or turn swap off");
            return null;
        }
        if (frameworkMb >= memoryMb) {
            f.at("frameworkMb").error("frameworkMb", "framework memory " + frameworkMb + " MB leaves nothing of memoryMb "
                    + memoryMb);
            return null;
        }
        return new EdgeDevice(name, framework, cost, profile, new MemorySpec(memoryMb, frameworkMb, copies, swapOn, swapBw),
                power, noise);
    }

    private static boolean fromPreset(org.lcpsim.config.Location at) {
        return at.file().startsWith("preset:");
    }

    /** The spelling of a figure nobody measured, e.g. {@code frameworkMb: unknown}. */
    public static final String UNKNOWN = "unknown";

    /**
     * {@code frameworkMb}: MB, or {@code unknown}; absent (or null) is unknown too, since a
     * device runs some runtime and its memory is never 0 by default. NaN when unknown.
     */
    private static Double frameworkMb(MapReader r) {
        Node n = r.node("frameworkMb");
        if (n == null || (n instanceof Node.Scalar s && (s.type() == Node.Scalar.Type.NULL
                || (s.type() == Node.Scalar.Type.STRING && s.text().strip().equals(UNKNOWN))))) {
            return org.lcpsim.devices.memory.MemorySpec.UNKNOWN_FRAMEWORK;
        }
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.STRING) {
            r.error("frameworkMb", "expected a number of MB or 'unknown', found '" + org.lcpsim.config.Excerpt.of(s.text()) + "'");
            return null;
        }
        return r.number("frameworkMb", null, 0, MAX_MEMORY_MB);
    }

    private static CpuCompute cpu(Fields f) {
        Double core = f.requiredPositiveNumber("coreGflops", Double.MAX_VALUE);
        Integer cores = f.integer("cores", 1, 1, 4096);
        Double pe = f.number("parallelEfficiency", 1.0, 0, 1);
        Double bw = f.requiredPositiveNumber("memoryBandwidthGBps", Double.MAX_VALUE);
        Double overhead = f.number("layerOverheadMs", 0.0, 0, Double.MAX_VALUE);
        Map<LayerKind, Double> eff = efficiency(f);
        Map<LayerKind, Double> int8 = int8Speedup(f);
        if (core == null || cores == null || pe == null || bw == null || overhead == null || eff == null || int8 == null) {
            return null;
        }
        return new CpuCompute(core, cores, pe, eff, bw, overhead, int8);
    }

    /**
     * {@code int8Speedup: {conv: 2.0, default: 1}}: how much faster the framework's int8 kernels
     * run each layer kind's arithmetic than its fp32 ones, for deployments whose weights and
     * activations are both int8. Absent: 1 for every kind (int8 only shrinks the bytes); a kind not
     * named takes {@code default}, else 1. Empty map (not null) when absent; null when invalid.
     */
    private static Map<LayerKind, Double> int8Speedup(Fields f) {
        MapReader m = f.map("int8Speedup");
        Map<LayerKind, Double> out = new EnumMap<>(LayerKind.class);
        if (m == null) {
            return out;
        }
        Double def = m.positiveNumber("default", 1.0, CpuCompute.MAX_INT8_SPEEDUP);
        boolean ok = def != null;
        for (LayerKind k : LayerKind.values()) {
            String key = kindName(k);
            Double v = m.has(key) ? m.positiveNumber(key, null, CpuCompute.MAX_INT8_SPEEDUP) : def;
            if (v == null) {
                ok = false;
            } else {
                out.put(k, v);
            }
        }
        m.end();
        return ok ? out : null;
    }

    private static Map<LayerKind, Double> efficiency(Fields f) {
        MapReader e = f.map("efficiency");
        if (e == null) {
            f.at("efficiency").error("efficiency", "missing required field (efficiency per layer kind: "
                    + String.join(", ", kindNames()) + ", or default)");
            return null;
        }
        Double def = e.positiveNumber("default", null, 1.0);
        Map<LayerKind, Double> out = new EnumMap<>(LayerKind.class);
        boolean ok = true;
        for (LayerKind k : LayerKind.values()) {
            String key = kindName(k);
            Double v = e.has(key) ? e.positiveNumber(key, null, 1.0) : def;
            if (v == null) {
                if (!e.has(key)) {
                    e.error(key, "missing efficiency for " + key + " (give it or a default)");
                }
                ok = false;
            } else {
                out.put(k, v);
            }
        }
        e.end();
        return ok ? out : null;
    }

    private static List<String> kindNames() {
        List<String> l = new ArrayList<>();
        for (LayerKind k : LayerKind.values()) {
            l.add(kindName(k));
        }
        return l;
    }

    private static SystolicArray systolic(Fields f) {
        Integer rows = f.requiredInteger("rows", 1, 1 << 16);
        Integer cols = f.requiredInteger("cols", 1, 1 << 16);
        Double clock = f.requiredPositiveNumber("clockMHz", Double.MAX_VALUE);
        String red = f.choice("reduction", List.of("adder-tree", "mac-chain"), "adder-tree");
        Integer stages = f.integer("pipelineStages", 0, 0, 1 << 16);
        Integer buffer = f.integer("cellBufferWords", 2, 1, 1 << 20);
        Integer bits = f.integer("dataBits", 16, 1, 64);
        MapReader off = f.map("offChip");
        Integer pins = null;
        Double mbps = null;
        if (off == null) {
            f.at("offChip").error("offChip", "missing required field (offChip: {pins, mbpsPerPin})");
        } else {
            pins = off.requiredInteger("pins", 1, 4096);
            mbps = off.requiredPositiveNumber("mbpsPerPin", Double.MAX_VALUE);
            off.string("memory", null);
            off.end();
        }
        Double onChip = f.number("onChipKb", 0.0, 0, Double.MAX_VALUE);
        Double pruning = f.number("pruning", 0.0, 0, 0.99);
        Double setup = f.number("layerSetupCycles", 0.0, 0, Double.MAX_VALUE);
        Double eff = f.positiveNumber("efficiency", 1.0, 1.0);
        Boolean fuse = f.at("fuseElementwise").bool("fuseElementwise", true);
        if (fuse == null || rows == null || cols == null || clock == null || red == null || stages == null || buffer == null || bits == null
                || pins == null || mbps == null || onChip == null || pruning == null || setup == null || eff == null) {
            return null;
        }
        return new SystolicArray(rows, cols, clock, "mac-chain".equals(red) ? SystolicArray.Reduction.MAC_CHAIN
                : SystolicArray.Reduction.ADDER_TREE, stages, buffer, bits, pins, mbps, onChip, pruning, setup, eff, fuse);
    }

    /** {@code profile:} a list of {workload, layer, ms, source}, or {resource: NAME.csv} / {file: PATH}. */
    private static MeasuredProfile profile(Fields f, MapReader r, Map<Node, MeasuredProfile> read, Sources sources) {
        Node n = f.node("profile");
        if (n == null || (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL)) {
            return MeasuredProfile.EMPTY;
        }
        if (read.containsKey(n)) {
            return read.get(n); // null when invalid: its errors are recorded already
        }
        MeasuredProfile p = readProfile(n, f.at("profile"), r, sources);
        read.put(n, p);
        return p;
    }

    private static MeasuredProfile readProfile(Node n, MapReader owner, MapReader r, Sources sources) {
        if (n instanceof Node.ListNode list) {
            List<MeasuredProfile.Entry> entries = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.items().size(); i++) {
                MapReader e = MapReader.of(list.items().get(i), owner.path("profile") + "[" + i + "]", r.errors());
                String wl = e.requiredString("workload");
                String layer = e.requiredString("layer");
                Double ms = e.requiredNumber("ms", 0, Double.MAX_VALUE);
                String src = e.string("source", "inline");
                e.end();
                if (wl == null || layer == null || ms == null) {
                    ok = false;
                } else {
                    entries.add(new MeasuredProfile.Entry(wl, layer, ms, src));
                }
            }
            return ok ? new MeasuredProfile(entries) : null;
        }
        MapReader m = MapReader.of(n, owner.path("profile"), r.errors());
        String resource = m.string("resource", null);
        String file = m.string("file", null);
        m.end();
        if ((resource == null) == (file == null)) {
            owner.error("profile", "give a list of measured layers, or exactly one of resource or file");
            return null;
        }
        if (resource != null) {
            String text;
            try {
                text = resource(PRESET_DIR + resource);
            } catch (IllegalStateException | InvalidPathException e) {
                owner.error("profile", "cannot read profile: " + e.getMessage());
                return null;
            }
            try {
                return MeasuredProfile.parseCsv(text, resource);
            } catch (ConfigException e) {
                r.errors().addAll(e.errors());
                return null;
            }
        }
        ReferencedFile ref = ReferencedFile.read(sources.files, sources.baseDir, file, m.location("file"), m.path("file"),
                "profile file", r.errors());
        if (ref == null) {
            return null;
        }
        try {
            return MeasuredProfile.parseCsv(ref.text(), ref.name());
        } catch (ConfigException e) {
            ref.report(e.errors(), m.location("file"), m.path("file"), "profile file", r.errors());
            return null;
        }
    }

    static String resource(String path) {
        try (InputStream in = DeviceSpecs.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }

    /**
     * {@code power: {idleW, activeW}} or, for accelerators, {@code {staticW, dynamicW}} (idle =
     * static, active = static + dynamic). Absent: unknown, so the energy that counts this device is
     * blank (never 0).
     */
    static PowerSpec power(MapReader r) {
        MapReader p = r.map("power");
        if (p == null) {
            return PowerSpec.UNKNOWN;
        }
        p.string("source", null);
        PowerSpec out = null;
        if (p.has("staticW") || p.has("dynamicW")) {
            Double st = p.requiredNumber("staticW", 0, MAX_POWER_W);
            Double dyn = p.requiredNumber("dynamicW", 0, MAX_POWER_W);
            if (p.has("idleW") || p.has("activeW")) {
                p.error(p.has("idleW") ? "idleW" : "activeW", "give idleW/activeW or staticW/dynamicW, not both");
            } else if (st != null && dyn != null) {
                out = new PowerSpec(st, st + dyn);
            }
        } else {
            Double idle = p.requiredNumber("idleW", 0, MAX_POWER_W);
            Double active = p.requiredNumber("activeW", 0, MAX_POWER_W);
            if (idle != null && active != null) {
                if (active < idle) {
                    p.error("activeW", "active power " + active + " W is below idle power " + idle + " W");
                } else {
                    out = new PowerSpec(idle, active);
                }
            }
        }
        p.end();
        return out;
    }

    /** {@code noise: {distribution: lognormal | none, cv}}; absent or cv 0: no noise (the default). */
    static Noise noise(MapReader r) {
        MapReader n = r.map("noise");
        if (n == null) {
            return Noise.NONE;
        }
        String dist = n.choice("distribution", List.of("lognormal", "none"), "lognormal");
        Double cv = n.number("cv", 0.0, 0, 10);
        n.end();
        if (dist == null || cv == null) {
            return null;
        }
        return dist.equals("none") ? Noise.NONE : Noise.logNormal(cv);
    }
}

package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.config.Node;
import org.lcpsim.config.Presets;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.network.presets.NetworkSpecs;
import org.lcpsim.reports.RunInfo;

/**
 * Describes a run for its report ({@link RunInfo}): the experiment file's text, the versions,
 * the seed, and every device and network preset any design point names, with the preset's
 * description and provenance and the fields the file sets over it.
 */
public final class RunEnvironment {
    private RunEnvironment() {
    }

    public static RunInfo describe(ExperimentFile experiment, Long seedOverride) {
        return new RunInfo(RunInfo.FORMAT, name(experiment), experiment.path().toString(), experiment.text(), lcpsimVersion(),
                System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                        + System.getProperty("java.vendor", "unknown vendor") + ")",
                seedOverride != null ? seedOverride : fileSeed(experiment), seedOverride != null, experiment.sweptPaths(),
                experiment.pointCount(), presets(experiment));
    }

    public static String lcpsimVersion() {
        String v = RunEnvironment.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** The experiment's name: its {@code name} field, else the file's name. */
    public static String name(ExperimentFile f) {
        return f.root() instanceof Node.MapNode m && m.get("name") instanceof Node.Scalar s ? s.text()
                : f.path().getFileName().toString();
    }

    static long fileSeed(ExperimentFile f) {
        if (Node.at(f.root(), List.of("seed")) instanceof Node.Scalar s) {
            try {
                return Long.parseLong(s.text());
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }

    /**
     * Every preset named by any design point, in order of first use; one entry per distinct set of
     * overrides. Only the values of the swept cluster and network sections are visited, not every point.
     */
    static List<RunInfo.PresetInfo> presets(ExperimentFile experiment) {
        Map<String, RunInfo.PresetInfo> found = new LinkedHashMap<>();
        experiment.forEachCombination(java.util.Set.of("cluster", "network"), p -> {
            if (Node.at(p.document(), List.of("cluster", "devices")) instanceof Node.ListNode devices) {
                for (Node d : devices.items()) {
                    add(found, "device", d, DeviceSpecs.PRESETS, "count");
                }
            }
            Node network = Node.at(p.document(), List.of("network"));
            if (network != null) {
                add(found, "network", network, NetworkSpecs.PRESETS);
            }
        });
        return new ArrayList<>(found.values());
    }

    private static void add(Map<String, RunInfo.PresetInfo> found, String kind, Node entry, Presets presets,
                            String... notOverrides) {
        if (!(entry instanceof Node.MapNode m) || !(m.get("preset") instanceof Node.Scalar name)
                || !presets.exists(name.text())) {
            return;
        }
        List<String> overrides = new ArrayList<>();
        for (Node.Entry e : m.entries().values()) {
            if (!e.key().equals("preset") && !List.of(notOverrides).contains(e.key())) {
                overrides.add(e.key() + ": " + render(e.value()));
            }
        }
        String key = kind + "/" + name.text() + "/" + overrides;
        if (found.containsKey(key)) {
            return;
        }
        Node preset = presets.load(name.text());
        found.put(key, new RunInfo.PresetInfo(kind, name.text(), text(preset, "description"), text(preset, "provenance"),
                overrides));
    }

    private static String text(Node preset, String field) {
        return preset instanceof Node.MapNode m && m.get(field) instanceof Node.Scalar s ? s.text() : "";
    }

    private static String render(Node n) {
        return ExperimentFile.render(n);
    }
}

package org.lcpsim.reports;

import java.util.List;

/**
 * What a report says about how a run was made, besides its results: the experiment file (its
 * path and text), the seed, the lcpsim and Java versions, the swept fields in sweep order, and
 * the device and network presets the file uses with their description and provenance. Written
 * as DIR/run.json when a run starts, so {@code lcpsim report DIR} can rebuild the report later.
 * No clock values: two runs of the same file give the same run.json.
 */
public record RunInfo(String format, String experiment, String file, String experimentText, String lcpsimVersion,
                      String javaVersion, long seed, boolean seedOverridden, List<String> sweptPaths, int points,
                      List<PresetInfo> presets) {
    /**
     * The version of the run.json and points.jsonl formats this code writes; part of every point's
     * configuration key, so a results folder of an older format is simulated again, not reused
     * (3: capacity, saturation, energy scope and notes).
     */
    public static final String FORMAT = "lcpsim-results/3";

    public RunInfo {
        sweptPaths = sweptPaths == null ? List.of() : List.copyOf(sweptPaths);
        presets = presets == null ? List.of() : List.copyOf(presets);
    }

    /**
     * A preset the experiment names: {@code kind} is "device" or "network"; {@code overrides}
     * are the fields the file sets beside {@code preset: NAME}, which replace the preset's.
     */
    public record PresetInfo(String kind, String name, String description, String provenance, List<String> overrides) {
        public PresetInfo {
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }
    }
}

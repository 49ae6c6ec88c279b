package org.lcpsim.network.presets;

import java.util.List;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Presets;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.PointToPointNetwork;

/**
 * Binds a network description, from a preset ({@code preset: wifi-rpi}, inline fields override
 * it) or inline ({@code kind: point-to-point, ...}), to a {@link NetworkModel}.
 */
public final class NetworkSpecs {
    public static final Presets PRESETS = new Presets("org/lcpsim/network/presets");
    public static final List<String> KINDS = List.of("point-to-point");

    private NetworkSpecs() {
    }

    /** Returns null when invalid, with the errors recorded. */
    public static NetworkModel bind(Node node, String path, Errors errors) {
        MapReader outer = MapReader.of(node, path, errors);
        String preset = outer.string("preset", null);
        Node merged = node;
        if (preset != null) {
            if (!PRESETS.exists(preset)) {
                outer.error("preset", "unknown network preset '" + preset + "'; known: " + String.join(", ", PRESETS.names()));
                return null;
            }
            merged = PRESETS.merged(preset, outer.node());
        }
        MapReader r = MapReader.of(merged, path, errors).accept("preset");
        r.string("description", null);
        r.node("provenance");
        String name = r.string("name", preset);
        String kind = r.requiredChoice("kind", KINDS);
        NetworkModel model = null;
        if ("point-to-point".equals(kind)) {
            Double latency = r.requiredNumber("latencyMs", 0, Double.MAX_VALUE);
            Double bw = r.requiredNumber("bandwidthMbps", Double.MIN_VALUE, Double.MAX_VALUE);
            if (latency != null && bw != null) {
                model = new PointToPointNetwork(name == null ? kind : name, latency, bw);
            }
        }
        r.end();
        return model;
    }
}

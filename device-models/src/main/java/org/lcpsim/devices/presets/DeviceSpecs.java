package org.lcpsim.devices.presets;

import java.util.List;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Presets;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.engine.Noise;

/**
 * Binds a device description, from a preset ({@code preset: rpi3}, inline fields override it)
 * or inline ({@code kind: roofline, ...}), to a {@link DeviceModel}.
 */
public final class DeviceSpecs {
    public static final Presets PRESETS = new Presets("org/lcpsim/devices/presets");
    public static final List<String> KINDS = List.of("roofline");

    private DeviceSpecs() {
    }

    /**
     * Binds the device mapping at {@code node}; {@code callerKeys} are fields the caller reads
     * itself (such as {@code count}). Returns null when invalid, with the errors recorded.
     */
    public static DeviceModel bind(Node node, String path, Errors errors, String... callerKeys) {
        MapReader outer = MapReader.of(node, path, errors);
        String preset = outer.string("preset", null);
        Node merged = node;
        if (preset != null) {
            if (!PRESETS.exists(preset)) {
                outer.error("preset", "unknown device preset '" + preset + "'; known: " + String.join(", ", PRESETS.names()));
                return null;
            }
            merged = PRESETS.merged(preset, outer.node());
        }
        MapReader r = MapReader.of(merged, path, errors).accept(callerKeys).accept("preset");
        r.string("description", null);
        r.node("provenance");
        String name = r.string("name", preset);
        String kind = r.requiredChoice("kind", KINDS);
        DeviceModel model = null;
        if ("roofline".equals(kind)) {
            model = roofline(r, name == null ? "roofline" : name);
        }
        r.end();
        return model;
    }

    private static DeviceModel roofline(MapReader r, String name) {
        Double peak = r.requiredNumber("peakGflops", Double.MIN_VALUE, Double.MAX_VALUE);
        Double eff = r.number("efficiency", 1.0, Double.MIN_VALUE, 1.0);
        Double bw = r.requiredNumber("memoryBandwidthGBps", Double.MIN_VALUE, Double.MAX_VALUE);
        Double mem = r.requiredNumber("memoryMb", Double.MIN_VALUE, Double.MAX_VALUE);
        Double overhead = r.number("layerOverheadMs", 0.0, 0.0, Double.MAX_VALUE);
        PowerSpec power = power(r);
        Noise noise = noise(r);
        if (peak == null || eff == null || bw == null || mem == null || overhead == null || power == null || noise == null) {
            return null;
        }
        return new RooflineDevice(name, peak, eff, bw, mem, overhead, power, noise);
    }

    static PowerSpec power(MapReader r) {
        MapReader p = r.map("power");
        if (p == null) {
            return PowerSpec.UNKNOWN;
        }
        Double idle = p.requiredNumber("idleW", 0, Double.MAX_VALUE);
        Double active = p.requiredNumber("activeW", 0, Double.MAX_VALUE);
        p.string("source", null);
        p.end();
        return idle == null || active == null ? null : new PowerSpec(idle, active);
    }

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

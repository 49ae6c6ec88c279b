package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regenerates every calibrated preset from the committed measurement files:
 * {@code java ... org.lcpsim.devices.calibration.RegeneratePresets DIR} writes the preset of each
 * {@link Recipes recipe} (rpi3, jetson-tx2, jetson-nano, aws-t2.micro) into DIR (the presets
 * resource directory) and prints each fit's table to stderr. The tests refit and compare with
 * the shipped files. aws-t2.micro reads rpi3's framework memory from the rpi3 preset on the
 * classpath: after a change of the rpi3 fit, run it twice (or rebuild in between).
 */
public final class RegeneratePresets {
    private RegeneratePresets() {
    }

    /** Preset name to YAML text, refitted now. */
    public static Map<String, String> generate() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Recipes.Recipe recipe : Recipes.ALL) {
            List<CalibrationReport> reports = recipe.run();
            for (CalibrationReport r : reports) {
                System.err.println(r.table());
            }
            out.put(recipe.device(), recipe.yaml().apply(reports));
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "device-models/src/main/resources/org/lcpsim/devices/presets");
        for (Map.Entry<String, String> e : generate().entrySet()) {
            Path f = dir.resolve(e.getKey() + ".yaml");
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            System.err.println("wrote " + f);
        }
    }
}

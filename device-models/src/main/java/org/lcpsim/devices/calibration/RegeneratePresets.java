package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Regenerates every calibrated preset from the committed measurement files:
 * {@code java ... org.lcpsim.devices.calibration.RegeneratePresets DIR} writes rpi3.yaml,
 * jetson-tx2.yaml and jetson-nano.yaml into DIR (the presets resource directory) and prints
 * each fit's table to stderr. The tests refit and compare with the shipped files.
 */
public final class RegeneratePresets {
    private RegeneratePresets() {
    }

    /** Preset name to YAML text, refitted now. */
    public static Map<String, String> generate() {
        List<CalibrationReport> rpi = Rpi3Calibration.run();
        CalibrationReport tx2 = JetsonCalibration.tx2();
        CalibrationReport nano = JetsonCalibration.nano();
        for (CalibrationReport r : rpi) {
            System.err.println(r.table());
        }
        System.err.println(tx2.table());
        System.err.println(nano.table());
        return Map.of("rpi3", Rpi3Calibration.yaml(rpi), "jetson-tx2", JetsonCalibration.yaml(tx2), "jetson-nano",
                JetsonCalibration.yaml(nano));
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

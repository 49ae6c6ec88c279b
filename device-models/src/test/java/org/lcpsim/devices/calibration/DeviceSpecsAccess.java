package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a shipped preset's text for comparison. */
final class DeviceSpecsAccess {
    private DeviceSpecsAccess() {
    }

    static String resource(String preset) {
        String path = "org/lcpsim/devices/presets/" + preset + ".yaml";
        try (InputStream in = DeviceSpecsAccess.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

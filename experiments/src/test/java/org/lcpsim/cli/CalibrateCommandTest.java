package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped presets come from this command and the committed measurement files. */
class CalibrateCommandTest {
    static final Path CALIBRATION = Path.of("../device-models/src/main/resources/org/lcpsim/devices/calibration");
    static final Path PRESETS = Path.of("../device-models/src/main/resources/org/lcpsim/devices/presets");

    @TempDir
    Path dir;

    @Test
    void rederivesTheShippedRpi3PresetExactly() throws IOException {
        Path out = dir.resolve("rpi3.yaml");
        CliHarness.Result r = CliHarness.run("calibrate", CALIBRATION.resolve("rpi3-measurements.csv").toString(),
                "--device", "rpi3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Files.readString(PRESETS.resolve("rpi3.yaml")), Files.readString(out));
        assertTrue(r.out().contains("rpi3/tensorflow: MAPE"), r.out());
    }

    @Test
    void fitsChosenParametersOfAnyCpuPreset() {
        CliHarness.Result r = CliHarness.run("calibrate", CALIBRATION.resolve("rpi3-measurements.csv").toString(),
                "--device", "rpi3", "--framework", "tflite", "--fit", "efficiency.conv,layerOverheadMs");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("kind: cpu"), r.out());
        assertTrue(r.out().contains("MAPE"), r.out());
    }

    @Test
    void badInputIsExitTwo() throws IOException {
        assertEquals(2, CliHarness.run("calibrate", dir.resolve("none.csv").toString(), "--device", "rpi3").exitCode());
        CliHarness.Result unknown = CliHarness.run("calibrate", CALIBRATION.resolve("rpi3-measurements.csv").toString(),
                "--device", "rpi3", "--fit", "warpFactor");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("warpFactor"), unknown.err());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "device,framework\nrpi3\n");
        CliHarness.Result malformed = CliHarness.run("calibrate", bad.toString(), "--device", "rpi3");
        assertEquals(2, malformed.exitCode(), malformed.err());
        assertTrue(malformed.err().startsWith(bad.toString() + ":"), malformed.err());
    }
}

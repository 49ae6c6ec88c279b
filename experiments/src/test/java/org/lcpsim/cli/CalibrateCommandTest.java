package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** Measurements of a device no preset describes, taken on a test bench. */
    static final String RPI4_ROWS = """
            device,framework,kind,model,layers,latency_ms,use,source,note,memory_mb
            rpi4,tensorflow,model,resnet18,,450,fit,test bench,,
            rpi4,tensorflow,model,mobilenet-v2,,600,fit,test bench,,
            rpi4,tensorflow,model,alexnet,,210,fit,test bench,,
            rpi4,tensorflow,model,resnet50,,1100,fit,test bench,,
            """;

    private CliHarness.Result calibrateRpi4(String... more) throws IOException {
        Path csv = dir.resolve("rpi4.csv");
        Files.writeString(csv, RPI4_ROWS);
        List<String> args = new java.util.ArrayList<>(List.of("calibrate", csv.toString(), "--device", "rpi4", "--start", "rpi3",
                "--fit", "efficiency.conv,layerOverheadMs"));
        args.addAll(List.of(more));
        return CliHarness.run(args.toArray(String[]::new));
    }

    /** The model_ms the fit table prints for a whole-model row. */
    private static double predictedMs(String table, String model) {
        for (String line : table.split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 5 && f[1].equals("model") && f[3].equals(model)) {
                return Double.parseDouble(f[5]);
            }
        }
        throw new AssertionError("no row for " + model + " in\n" + table);
    }

    /**
     * What calibrate writes is a device file an experiment uses as {@code {file: rpi4.yaml}}: it
     * validates, runs, and one device gives the latency the fit predicts. Its power is unknown
     * (nothing was measured for rpi4), so its energy is blank with a note, never copied from rpi3.
     */
    @Test
    void theWrittenDeviceIsUsableAsADeviceFile() throws IOException {
        CliHarness.Result cal = calibrateRpi4("--out", dir.resolve("rpi4.yaml").toString());
        assertEquals(0, cal.exitCode(), cal.err());
        double predicted = predictedMs(cal.out(), "resnet18");

        Files.writeString(dir.resolve("exp.yaml"), """
                name: on-rpi4
                model: resnet18
                strategy: {kind: single}
                cluster:
                  devices: [{file: rpi4.yaml, count: 4}]
                  source: d0
                network: {preset: ethernet-1g}
                workload: {requests: 5, warmup: 1}
                replications: 1
                """);
        CliHarness.Result validate = CliHarness.run("validate", dir.resolve("exp.yaml").toString());
        assertEquals(0, validate.exitCode(), validate.out() + validate.err());
        CliHarness.Result run = CliHarness.run("run", dir.resolve("exp.yaml").toString(), "--out", dir.resolve("out").toString(),
                "--no-report");
        assertEquals(0, run.exitCode(), run.err());
        List<String[]> rows = Csv.read(dir.resolve("out/results.csv"));
        List<String> head = List.of(rows.get(0));
        String[] row = rows.get(1);
        assertEquals("ok", row[head.indexOf("status")]);
        assertEquals("rpi4", row[head.indexOf("device_type")]);
        // the input is on d0: the latency is the device's compute time, the fit's prediction (printed to 0.1 ms)
        assertEquals(predicted, Double.parseDouble(row[head.indexOf("latency_ms_mean")]), 0.05 + 1e-9);
        String yaml = Files.readString(dir.resolve("rpi4.yaml"));
        assertTrue(yaml.contains("\nkind: cpu\n") && yaml.contains("\nname: rpi4\n"), yaml);
        assertTrue(yaml.contains("taken from preset rpi3 (another device: --start)"), yaml);
        assertFalse(yaml.contains("\npower:"), "no power was measured for rpi4: none is written\n" + yaml);
        assertTrue(yaml.contains("# power: unknown (no power figure measured for rpi4)"), yaml);
        assertTrue(cal.err().contains("lcpsim: power: unknown for rpi4"), cal.err());
        assertEquals("", row[head.indexOf("energy_j_per_inference")]);
        assertTrue(row[head.indexOf("notes")].contains("(rpi4) ha"), row[head.indexOf("notes")]);
    }

    /** Power comes from the user, copied with a statement of where from, or not at all. */
    @Test
    void powerIsNeverCopiedSilently() throws IOException {
        CliHarness.Result copied = calibrateRpi4("--power-from", "rpi3");
        assertEquals(0, copied.exitCode(), copied.err());
        String said = "copied from rpi3 (idle 1.33 W, active 2.73 W), not measured for rpi4";
        assertTrue(copied.out().contains("power: {idleW: 1.33, activeW: 2.73, source: '" + said + "'}"), copied.out());
        assertTrue(copied.err().contains("lcpsim: power: " + said), copied.err());

        CliHarness.Result given = calibrateRpi4("--power", "2.7,6.4");
        assertEquals(0, given.exitCode(), given.err());
        assertTrue(given.out().contains("power: {idleW: 2.7, activeW: 6.4, source: 'given with --power for rpi4"), given.out());

        // the start preset is the same device: its own power figure, said so
        Path csv = CALIBRATION.resolve("rpi3-measurements.csv");
        CliHarness.Result own = CliHarness.run("calibrate", csv.toString(), "--device", "rpi3", "--framework", "tflite",
                "--fit", "efficiency.conv");
        assertEquals(0, own.exitCode(), own.err());
        assertTrue(own.out().contains("source: 'from preset rpi3 (idle 1.33 W, active 2.73 W)'"), own.out());

        for (String[] bad : List.of(new String[] {"--power", "2.7"}, new String[] {"--power", "6.4,2.7"},
                new String[] {"--power", "a,b"}, new String[] {"--power-from", "aws-t2.micro"},
                new String[] {"--power-from", "rpi9"}, new String[] {"--power", "1,2", "--power-from", "rpi3"})) {
            CliHarness.Result r = calibrateRpi4(bad);
            assertEquals(2, r.exitCode(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith("lcpsim: ") && !r.err().contains("Exception"), r.err());
        }
    }

    /** Rows no device within the fit's bounds can meet: the parameter ends at its bound, and both outputs say so. */
    @Test
    void aFittedParameterAtABoundIsAWarning() throws IOException {
        Path csv = dir.resolve("fast.csv");
        Files.writeString(csv, RPI4_ROWS.replace(",450,", ",45,").replace(",600,", ",60,").replace(",210,", ",21,")
                .replace(",1100,", ",110,"));
        CliHarness.Result r = CliHarness.run("calibrate", csv.toString(), "--device", "rpi4", "--start", "rpi3",
                "--fit", "efficiency.conv");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("lcpsim: warning: rpi4/tensorflow: efficiency.conv ended at the upper bound of the fit (1,"),
                r.err());
        assertTrue(r.out().contains("# WARNING (tensorflow): efficiency.conv ended at the upper bound"), r.out());
        CliHarness.Result fine = calibrateRpi4();
        assertFalse(fine.err().contains("warning"), fine.err());
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

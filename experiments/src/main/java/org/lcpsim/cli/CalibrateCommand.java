package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.calibration.Calibration;
import org.lcpsim.devices.calibration.CalibrationReport;
import org.lcpsim.devices.calibration.CpuParams;
import org.lcpsim.devices.calibration.JetsonCalibration;
import org.lcpsim.devices.calibration.Measurement;
import org.lcpsim.devices.calibration.Rpi3Calibration;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit a device's parameters to measured latencies (per model or per layer) by least squares, print the "
                + "fit error per row and the MAPE, and write a device YAML.",
                "For rpi3, jetson-tx2 and jetson-nano without --fit, the command runs the recipe that produced the shipped "
                        + "preset, so that 'lcpsim calibrate device-models/src/main/resources/org/lcpsim/devices/calibration/"
                        + "rpi3-measurements.csv --device rpi3' re-derives rpi3.yaml exactly.",
                "CSV columns: " + Measurement.HEADER})
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MEASUREMENTS", description = "CSV of single-device measurements.")
    Path measurements;

    @Option(names = "--device", required = true, paramLabel = "NAME", description = "Device name of the rows to fit.")
    String device;

    @Option(names = "--framework", paramLabel = "NAME", description = "Framework of the rows to fit (with --fit).")
    String framework;

    @Option(names = "--start", paramLabel = "PRESET", description = "Preset giving the hardware and starting values "
            + "(default: the preset named like --device).")
    String start;

    @Option(names = "--fit", split = ",", paramLabel = "PARAM", description = "Parameters to fit, e.g. "
            + "efficiency.conv,layerOverheadMs,memoryBandwidthGBps (default: the device's shipped recipe).")
    List<String> fit;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the device YAML here (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(measurements)) {
            throw new Main.UserInputException("no measurement file " + measurements);
        }
        List<Measurement> rows = Measurement.readCsv(measurements);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String yaml;
        List<CalibrationReport> reports;
        if (fit == null && device.equals("rpi3")) {
            reports = Rpi3Calibration.run(rows);
            yaml = Rpi3Calibration.yaml(reports);
        } else if (fit == null && (device.equals("jetson-tx2") || device.equals("jetson-nano"))) {
            CalibrationReport r = device.equals("jetson-tx2") ? JetsonCalibration.tx2(rows) : JetsonCalibration.nano(rows);
            reports = List.of(r);
            yaml = JetsonCalibration.yaml(r);
        } else {
            if (fit == null || fit.isEmpty()) {
                throw new Main.UserInputException("--fit is needed for device " + device + " (no shipped recipe)");
            }
            String preset = start != null ? start : device;
            if (!DeviceSpecs.PRESETS.exists(preset)) {
                throw new Main.UserInputException("no preset '" + preset + "' to start from; use --start (known: "
                        + String.join(", ", DeviceSpecs.PRESETS.names()) + ")");
            }
            DeviceModel m = DeviceSpecs.preset(preset, framework);
            if (!(m instanceof EdgeDevice edge)) {
                throw new Main.UserInputException("preset '" + preset + "' is not a CPU-class device; calibrate fits cpu presets");
            }
            CpuParams params = CpuParams.of(edge);
            for (String f : fit) {
                try {
                    params.get(f);
                } catch (IllegalArgumentException e) {
                    throw new Main.UserInputException("unknown parameter '" + f + "': " + e.getMessage());
                }
            }
            String fw = framework != null ? framework : edge.framework();
            PowerSpec power = edge.prepare(org.lcpsim.devices.Residency.NONE).power();
            try {
                reports = List.of(Calibration.fit(new Calibration.Problem(device, fw, rows, params, fit, power)));
            } catch (IllegalArgumentException e) {
                throw new Main.UserInputException(e.getMessage());
            }
            yaml = reports.get(0).toYaml();
        }
        for (CalibrationReport r : reports) {
            stdout.println(r.table());
            stdout.printf(Locale.ROOT, "%s/%s: MAPE %.1f%% over whole models%s%n%n", r.device(), r.framework(), r.mapePct(),
                    Double.isNaN(r.layerMapePct()) ? "" : String.format(Locale.ROOT, ", %.1f%% over layers", r.layerMapePct()));
        }
        if (out == null) {
            stdout.print(yaml);
        } else {
            Files.writeString(out, yaml, StandardCharsets.UTF_8);
            stderr.println("wrote " + out);
        }
        return Main.OK;
    }
}

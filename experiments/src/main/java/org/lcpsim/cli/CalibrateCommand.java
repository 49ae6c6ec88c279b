package org.lcpsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.ConfigException;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.calibration.Calibration;
import org.lcpsim.devices.calibration.CalibrationReport;
import org.lcpsim.devices.calibration.CpuParams;
import org.lcpsim.devices.calibration.Measurement;
import org.lcpsim.devices.calibration.MeasurementCsv;
import org.lcpsim.devices.calibration.Recipes;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit a device's parameters to measured latencies (per model or per layer) by least squares, print the "
                + "fit error per row and the MAPE, and write a device YAML that an experiment uses as "
                + "cluster: {devices: [{file: DEVICE.yaml, count: N}]}.",
                "For rpi3, jetson-tx2, jetson-nano and aws-t2.micro without --fit, the command runs the recipe that produced the shipped "
                        + "preset, so that 'lcpsim calibrate device-models/src/main/resources/org/lcpsim/devices/calibration/"
                        + "rpi3-measurements.csv --device rpi3' re-derives rpi3.yaml exactly.",
                "Any other device needs --fit and starts from a preset (--start, default the preset named like --device): "
                        + "every parameter not fitted is that preset's, and the written provenance lists them.",
                "Power is never borrowed silently: the written device has the power of its own preset (--start naming the same "
                        + "device), the figures of --power, or those of --power-from PRESET (said to be copied, in the file and "
                        + "on the console); otherwise it has no power figure, and its energy is blank.",
                "A fitted parameter that ends at a bound of the fit is reported (stderr, and a comment in the YAML).",
                "CSV columns: " + Measurement.HEADER + " (UTF-8, a byte-order mark allowed; '#' comment lines; a quoted"
                        + " field ends on its line). Every error is FILE:LINE:COL: column: message (exit 2). The file is read"
                        + " as a stream: rows of other devices are checked and skipped; at most 5,000 rows of the device are"
                        + " kept, files of at most 256 MiB. --out is checked (its folder exists and takes files) before the"
                        + " fit, and written whole or not at all."})
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MEASUREMENTS", description = "CSV of single-device measurements.")
    Path measurements;

    @Option(names = "--device", required = true, paramLabel = "NAME", description = "Device name of the rows to fit; the "
            + "written device has this name.")
    String device;

    @Option(names = "--framework", paramLabel = "NAME", description = "Framework of the rows to fit (with --fit; default: "
            + "the start preset's default framework).")
    String framework;

    @Option(names = "--start", paramLabel = "PRESET", description = "Preset giving the hardware and starting values "
            + "(default: the preset named like --device).")
    String start;

    @Option(names = "--fit", split = ",", paramLabel = "PARAM", description = "Parameters to fit, e.g. "
            + "efficiency.conv,layerOverheadMs,memoryBandwidthGBps (default: the device's shipped recipe).")
    List<String> fit;

    @Option(names = "--power", paramLabel = "IDLE_W,ACTIVE_W", description = "The device's measured power, idle and while "
            + "running a DNN (W), e.g. 2.7,6.4 (with --fit).")
    String power;

    @Option(names = "--power-from", paramLabel = "PRESET", description = "Copy the power figures of this preset (with --fit); "
            + "the file and the console say they are copied, not measured for --device.")
    String powerFrom;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the device YAML here (default: standard output).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Recipes.Recipe shipped = fit == null ? Recipes.of(device) : null;
        boolean recipe = shipped != null;
        // every option is checked, and --out tried, before the file is read and the fit runs
        if (recipe && (power != null || powerFrom != null)) {
            throw new Main.UserInputException("--power and --power-from go with --fit: the shipped recipe of " + device
                    + " uses the power measured for it");
        }
        if (recipe && (framework != null || start != null)) {
            throw new Main.UserInputException((framework != null ? "--framework" : "--start") + " goes with --fit: the shipped"
                    + " recipe of " + device + " fits the frameworks " + String.join(", ", shipped.frameworks()) + " from its own start");
        }
        if (power != null && powerFrom != null) {
            throw new Main.UserInputException("give --power or --power-from, not both");
        }
        if (!recipe && (fit == null || fit.isEmpty())) {
            throw new Main.UserInputException("--fit is needed for device " + device + " (no shipped recipe)");
        }
        String preset = null;
        EdgeDevice edge = null;
        CpuParams params = null;
        String fw = null;
        Power p = null;
        if (!recipe) {
            preset = start != null ? start : device;
            edge = cpuPreset(preset, framework);
            params = CpuParams.of(edge);
            for (String f : fit) {
                try {
                    params.get(f);
                } catch (IllegalArgumentException e) {
                    throw new Main.UserInputException("--fit: unknown parameter '" + f + "'; known: " + String.join(", ",
                            params.values().keySet()));
                }
            }
            fw = framework != null ? framework : edge.framework();
            p = power(preset, edge);
        }
        Path outFile = out == null ? null : UserFiles.outputFile(out, "--out");
        if (outFile != null && sameFile(outFile, measurements)) {
            throw new Main.UserInputException("--out " + outFile + " is the measurement file: the device file would replace the"
                    + " measurements; name another file");
        }

        String keepFramework = fw;
        MeasurementCsv.Table table = MeasurementCsv.read(measurements, r -> r.device().equals(device)
                && (keepFramework == null || r.framework().equals(keepFramework)));
        List<String> frameworks = recipe ? shipped.frameworks() : List.of(fw);
        for (String f : frameworks) {
            table.requireRows(device, f);
            table.requireFitRows(device, f);
        }
        stderr.println("lcpsim: fitting " + (recipe ? "the " + device + " recipe (" + String.join(", ", frameworks) + ")"
                : String.join(", ", fit) + " of " + device + "/" + fw) + " to " + table.rows().size() + " row"
                + (table.rows().size() == 1 ? "" : "s") + " of " + measurements);
        stderr.flush();
        String yaml;
        List<CalibrationReport> reports;
        try {
            if (recipe) {
                reports = shipped.fit().apply(table.rows());
                yaml = shipped.yaml().apply(reports);
            } else {
                CalibrationReport r = Calibration.fit(new Calibration.Problem(device, fw, table.rows(), params, fit, p.spec()));
                reports = List.of(r);
                stderr.println("lcpsim: power: " + p.said());
                yaml = CalibrationReport.toYaml(device + " (" + fw + "), calibrated by lcpsim calibrate from " + r.rows().size()
                        + " measurements", provenance(r, preset, edge), reports, p.source());
            }
        } catch (Calibration.RowException e) {
            throw new ConfigException(table.error(e.row(), e.column(), e.detail()));
        } catch (IllegalArgumentException e) {
            throw new Main.UserInputException(measurements + ": " + e.getMessage());
        }
        for (CalibrationReport r : reports) {
            stdout.println(r.table());
            stdout.printf(Locale.ROOT, "%s/%s: MAPE %s%n%n", r.device(), r.framework(), r.mapeSummary());
            for (String w : r.warnings()) {
                stderr.println("lcpsim: warning: " + r.device() + "/" + r.framework() + ": " + w);
            }
        }
        if (outFile == null) {
            stdout.print(yaml);
            return Main.OK;
        }
        try {
            write(outFile, yaml);
        } catch (IOException e) {
            // the fit is not lost: the file goes to standard output instead
            stderr.println("lcpsim: cannot write " + outFile + ": " + UserFiles.reason(e) + "; the device file follows on"
                    + " standard output");
            stdout.print(yaml);
            return Main.FAILED;
        }
        stderr.println("wrote " + outFile);
        return Main.OK;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())
                    || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the file whole or not at all: aside in its folder, then moved over. */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().normalize().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static EdgeDevice cpuPreset(String preset, String framework) {
        if (!DeviceSpecs.PRESETS.exists(preset)) {
            throw new Main.UserInputException("no preset '" + preset + "' to start from; use --start (known: "
                    + String.join(", ", DeviceSpecs.PRESETS.names()) + ")");
        }
        DeviceModel m;
        try {
            m = DeviceSpecs.preset(preset, framework);
        } catch (ConfigException e) {
            // the preset is bound from a line of YAML made here: its position means nothing to the user
            throw new Main.UserInputException("--framework: " + e.errors().get(0).message());
        }
        if (!(m instanceof EdgeDevice edge) || !(edge.compute() instanceof org.lcpsim.devices.compute.CpuCompute)) {
            throw new Main.UserInputException("preset '" + preset + "' is not a CPU-class device; calibrate fits cpu presets");
        }
        return edge;
    }

    /** The written power, where it comes from (the YAML's power source), and what the console says. */
    private record Power(PowerSpec spec, String source, String said) {
    }

    private Power power(String startPreset, EdgeDevice start) {
        if (power != null) {
            String[] parts = power.split(",", -1);
            double idle;
            double active;
            try {
                idle = parts.length == 2 ? Double.parseDouble(parts[0].strip()) : Double.NaN;
                active = parts.length == 2 ? Double.parseDouble(parts[1].strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                idle = Double.NaN;
                active = Double.NaN;
            }
            if (!(idle >= 0) || !(active >= idle) || Double.isInfinite(active)) {
                throw new Main.UserInputException("--power expects IDLE_W,ACTIVE_W with 0 <= idle <= active, got '" + power + "'");
            }
            String source = String.format(Locale.ROOT, "given with --power for %s (idle %s W, active %s W)", device,
                    CalibrationReport.num(idle), CalibrationReport.num(active));
            return new Power(new PowerSpec(idle, active), source, source);
        }
        String from = powerFrom != null ? powerFrom : startPreset.equals(device) ? startPreset : null;
        if (from == null) {
            return new Power(PowerSpec.UNKNOWN, null, "unknown for " + device + ": no power figure was measured for it, so its"
                    + " energy will be blank; give --power IDLE_W,ACTIVE_W (measured) or --power-from PRESET (copied)");
        }
        if (!DeviceSpecs.PRESETS.exists(from)) {
            throw new Main.UserInputException("no preset '" + from + "' to take power from (known: "
                    + String.join(", ", DeviceSpecs.PRESETS.names()) + ")");
        }
        PowerSpec p = (from.equals(startPreset) ? start : DeviceSpecs.preset(from, null)).prepare(Residency.NONE).power();
        if (!p.known()) {
            if (powerFrom != null) {
                throw new Main.UserInputException("preset '" + from + "' has no power figure to copy");
            }
            return new Power(PowerSpec.UNKNOWN, null, "unknown: preset " + from + " has no power figure, so the energy of "
                    + device + " will be blank; give --power IDLE_W,ACTIVE_W (measured)");
        }
        String figures = String.format(Locale.ROOT, "idle %s W, active %s W", CalibrationReport.num(p.idleW()),
                CalibrationReport.num(p.activeW()));
        String source = from.equals(device) ? "from preset " + from + " (" + figures + ")"
                : "copied from " + from + " (" + figures + "), not measured for " + device;
        return new Power(p, source, source);
    }

    /** What the file rests on: the measurements, what was fitted, and every other parameter with its origin. */
    private String provenance(CalibrationReport r, String preset, EdgeDevice start) {
        // the values written are the fit's: for a parameter not fitted, the start preset's
        List<String> taken = new java.util.ArrayList<>();
        r.params().values().forEach((k, v) -> {
            if (!r.free().contains(k) && !k.startsWith("harness.")) {
                taken.add(k + " " + (Double.isNaN(v) ? DeviceSpecs.UNKNOWN : CalibrationReport.num(v)));
            }
        });
        return "Calibrated by lcpsim calibrate from " + measurements.getFileName() + " (" + r.rows().size() + " rows of "
                + r.device() + "/" + r.framework() + "); fitted: " + String.join(", ", r.free()) + "; MAPE " + r.mapeSummary()
                + ". Not fitted, taken from preset " + preset + (preset.equals(device) ? "" : " (another device: --start)")
                + (r.memoryNote().isEmpty() ? "" : " except frameworkMb and weightCopies, set by the memory rows (fittedTo)")
                + ": " + String.join(", ", taken) + (start.framework().isEmpty() ? "." : "; start framework " + start.framework()
                + ".");
    }
}

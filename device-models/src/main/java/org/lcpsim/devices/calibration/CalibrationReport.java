package org.lcpsim.devices.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.workload.LayerKind;

/**
 * The result of {@link Calibration#fit}: the fitted parameters, the fit of every row (including
 * {@code check} rows and memory observations) and summary errors. {@link #toYaml()} writes a
 * device YAML ({@code kind: cpu}) that {@link DeviceSpecs} binds.
 */
public record CalibrationReport(String device, String framework, CpuParams params, List<String> free, List<RowFit> rows,
                                int iterations, String memoryNote, PowerSpec power, List<String> warnings) {

    /** One row: predicted latency and signed error (NaN for memory rows), working set and swap. */
    public record RowFit(Measurement row, double predictedMs, double errorPct, double workingSetMb, double swapMb,
                         boolean ok) {
    }

    public CalibrationReport {
        free = List.copyOf(free);
        rows = List.copyOf(rows);
        power = power == null ? PowerSpec.UNKNOWN : power;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Mean absolute percentage error over whole-model rows used by the fit. */
    public double mapePct() {
        return mape(Measurement.Kind.MODEL, Measurement.Use.FIT);
    }

    /** Mean absolute percentage error over per-layer rows used by the fit. */
    public double layerMapePct() {
        return mape(Measurement.Kind.LAYER, Measurement.Use.FIT);
    }

    public double mape(Measurement.Kind kind, Measurement.Use use) {
        double s = 0;
        int n = 0;
        for (RowFit r : rows) {
            if (r.row().kind() == kind && (use == null || r.row().use() == use)) {
                s += Math.abs(r.errorPct());
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public double maxAbsErrorPct(Measurement.Kind kind) {
        double m = 0;
        for (RowFit r : rows) {
            if (r.row().kind() == kind && r.row().use() == Measurement.Use.FIT) {
                m = Math.max(m, Math.abs(r.errorPct()));
            }
        }
        return m;
    }

    /** Whether every fits/swaps observation agrees with the fitted memory model. */
    public boolean memoryObservationsHold() {
        return rows.stream().allMatch(RowFit::ok);
    }

    /** A plain-text table of every row and the summary; what {@code lcpsim calibrate} prints. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "device %s, framework %s: %d iterations%n", device, framework, iterations));
        b.append(String.format(Locale.ROOT, "%-5s %-6s %-5s %-34s %12s %12s %8s %10s %8s%n", "line", "kind", "use",
                "model/layers", "measured_ms", "model_ms", "err_%", "memory_MB", "swap_MB"));
        for (RowFit r : rows) {
            Measurement m = r.row();
            String label = m.label().length() > 34 ? m.label().substring(0, 31) + "..." : m.label();
            b.append(String.format(Locale.ROOT, "%-5d %-6s %-5s %-34s %12s %12s %8s %10.1f %8.1f%s%n", m.line(),
                    m.kind().name().toLowerCase(Locale.ROOT), m.use().name().toLowerCase(Locale.ROOT), label,
                    m.kind() == Measurement.Kind.MEMORY ? String.format(Locale.ROOT, "%.0f MB", m.memoryMb())
                            : Double.isNaN(m.latencyMs()) ? "-" : String.format(Locale.ROOT, "%.1f", m.latencyMs()),
                    m.kind() == Measurement.Kind.MEMORY ? String.format(Locale.ROOT, "%.0f MB", r.workingSetMb())
                            : Double.isNaN(r.predictedMs()) ? "-" : String.format(Locale.ROOT, "%.1f", r.predictedMs()),
                    Double.isNaN(r.errorPct()) ? "-" : String.format(Locale.ROOT, "%+.1f", r.errorPct()),
                    r.workingSetMb(), r.swapMb(), r.ok() ? "" : m.kind() == Measurement.Kind.MODEL || m.kind() == Measurement.Kind.LAYER
                            ? "  <- out of memory, yet measured" : "  <- memory observation NOT reproduced"));
        }
        b.append("MAPE whole models (fit rows): ").append(pct(mapePct(), "no whole-model rows")).append("; per-layer rows: ")
                .append(Double.isNaN(layerMapePct()) ? "no layer rows" : String.format(Locale.ROOT, "%.1f%% (max |err| %.1f%%)",
                        layerMapePct(), maxAbsErrorPct(Measurement.Kind.LAYER))).append(System.lineSeparator());
        double check = mape(Measurement.Kind.MODEL, Measurement.Use.CHECK);
        if (!Double.isNaN(check)) {
            b.append(String.format(Locale.ROOT, "MAPE whole models (check rows, not fitted): %.1f%%%n", check));
        }
        if (!memoryNote.isEmpty()) {
            b.append(memoryNote).append(System.lineSeparator());
        }
        for (String w : warnings) {
            b.append("warning: ").append(w).append(System.lineSeparator());
        }
        b.append("parameters (* = fitted):").append(System.lineSeparator());
        params.values().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s%-26s %s%n", free.contains(k) ? "*" : " ", k,
                Double.isNaN(v) ? DeviceSpecs.UNKNOWN : num(v))));
        return b.toString();
    }

    /** A device YAML with this framework only. */
    public String toYaml() {
        return toYaml(device, "calibrated by lcpsim from " + rows.size() + " measurements", List.of(this), null);
    }

    /**
     * A device YAML with one {@code frameworks} section per report (the first is the default);
     * hardware fields come from the first report. Each section says what it was fitted to.
     * {@code powerSource} (or null) says where the first report's power figure comes from,
     * written as the power's {@code source}; without a known power, the file has no power and a
     * comment says so. Fit warnings (a parameter at a bound) are comments at the top.
     */
    public static String toYaml(String description, String provenance, List<CalibrationReport> reports, String powerSource) {
        CalibrationReport first = reports.get(0);
        CpuParams hw = first.params();
        StringBuilder b = new StringBuilder();
        b.append("# Generated by org.lcpsim.devices.calibration (Calibration.fit); do not edit by hand:\n");
        b.append("# rerun the calibration and replace this file.\n");
        for (CalibrationReport r : reports) {
            for (String w : r.warnings()) {
                b.append("# WARNING (").append(r.framework()).append("): ").append(w.replace("\n", " ")).append('\n');
            }
        }
        if (!first.power().known()) {
            b.append("# power: unknown (no power figure measured for ").append(first.device())
                    .append("): energy is blank for this device; add power: {idleW, activeW} when measured.\n");
        }
        b.append("kind: cpu\n");
        b.append("name: ").append(first.device()).append('\n');
        b.append("description: ").append(yamlString(description)).append('\n');
        b.append("provenance: ").append(yamlString(provenance)).append('\n');
        b.append("coreGflops: ").append(num(hw.get("coreGflops"))).append('\n');
        b.append("cores: ").append(Math.round(hw.get("cores"))).append('\n');
        b.append("parallelEfficiency: ").append(num(hw.get("parallelEfficiency"))).append('\n');
        b.append("memoryMb: ").append(num(hw.get("memoryMb"))).append('\n');
        double swap = hw.get("swapBandwidthMBps");
        b.append("swap: {enabled: ").append(swap > 0).append(swap > 0 ? ", bandwidthMBps: " + num(swap) : "").append("}\n");
        if (first.power().known()) {
            b.append("power: {idleW: ").append(num(first.power().idleW())).append(", activeW: ")
                    .append(num(first.power().activeW()))
                    .append(powerSource == null ? "" : ", source: " + yamlString(powerSource)).append("}\n");
        }
        b.append("framework: ").append(first.framework()).append('\n');
        b.append("frameworks:\n");
        for (CalibrationReport r : reports) {
            CpuParams p = r.params();
            b.append("  ").append(r.framework()).append(":\n");
            b.append("    fittedTo: ").append(yamlString(r.fittedTo())).append('\n');
            b.append("    efficiency: {");
            List<String> parts = new ArrayList<>();
            for (LayerKind k : LayerKind.values()) {
                parts.add(DeviceSpecs.kindName(k) + ": " + num(p.get(CpuParams.eff(k))));
            }
            b.append(String.join(", ", parts)).append("}\n");
            b.append("    memoryBandwidthGBps: ").append(num(p.get("memoryBandwidthGBps"))).append('\n');
            b.append("    layerOverheadMs: ").append(num(p.get("layerOverheadMs"))).append('\n');
            double fw = p.get("frameworkMb");
            b.append("    frameworkMb: ").append(Double.isNaN(fw) ? DeviceSpecs.UNKNOWN : num(fw)).append('\n');
            if (p.get("weightCopies") != 1.0) {
                b.append("    weightCopies: ").append(num(p.get("weightCopies"))).append('\n');
            }
        }
        return b.toString();
    }

    /** One line on what the section was fitted to, with the errors. */
    public String fittedTo() {
        List<String> parts = new ArrayList<>();
        for (RowFit r : rows) {
            Measurement m = r.row();
            if (m.kind() == Measurement.Kind.MODEL || m.kind() == Measurement.Kind.LAYER) {
                parts.add(String.format(Locale.ROOT, "%s%s %.0f ms (%s) -> %.0f ms, %+.1f%%%s", m.use() == Measurement.Use.CHECK
                        ? "[check, not fitted] " : "", m.label(), m.latencyMs(), m.source(), r.predictedMs(), r.errorPct(),
                        r.ok() ? "" : " (out of memory, yet measured)"));
            } else if (m.kind() == Measurement.Kind.MEMORY) {
                parts.add(Double.isNaN(r.errorPct()) ? String.format(Locale.ROOT, "%s resident %.0f MB (%s): not predicted,"
                        + " the framework memory is unknown", m.label(), m.memoryMb(), m.source())
                        : String.format(Locale.ROOT, "%s resident %.0f MB (%s) -> %.0f MB, %+.1f%%", m.label(), m.memoryMb(),
                        m.source(), r.workingSetMb(), r.errorPct()));
            } else {
                parts.add(String.format(Locale.ROOT, "%s %s (%s): %s", m.label(), m.kind().name().toLowerCase(Locale.ROOT),
                        m.source(), r.ok() ? "reproduced" : "NOT reproduced"));
            }
        }
        return "fitted parameters " + free + "; MAPE " + mapeSummary() + "; " + String.join("; ", parts)
                + (memoryNote.isEmpty() ? "" : "; " + memoryNote);
    }

    /** "5.8% over whole models, 6.7% over layers", leaving out a kind of row the fit did not have. */
    public String mapeSummary() {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(mapePct())) {
            parts.add(String.format(Locale.ROOT, "%.1f%% over whole models", mapePct()));
        }
        if (!Double.isNaN(layerMapePct())) {
            parts.add(String.format(Locale.ROOT, "%.1f%% over layers", layerMapePct()));
        }
        return parts.isEmpty() ? "not computed (no fitted latency rows)" : String.join(", ", parts) + (Double.isNaN(
                layerMapePct()) ? " (no layer rows)" : Double.isNaN(mapePct()) ? " (no whole-model rows)" : "");
    }

    private static String pct(double v, String none) {
        return Double.isNaN(v) ? none : String.format(Locale.ROOT, "%.1f%%", v);
    }

    /** A parameter as the YAML writes it: five significant digits, integers without a point. */
    public static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a number to write: " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.5g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e");
    }

    static String yamlString(String s) {
        return "'" + s.replace("'", "''").replace("\n", " ") + "'";
    }
}

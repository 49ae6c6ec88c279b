package org.lcpsim.experiments.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.lcpsim.config.Csv;
import org.lcpsim.devices.calibration.CalibrationReport;
import org.lcpsim.devices.calibration.Measurement;
import org.lcpsim.devices.calibration.Recipes;
import org.lcpsim.network.LinkProbe;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.results.ComparisonRow;

/**
 * Every measurement set the project knows, compared with what the shipped presets predict:
 * <ul>
 * <li>single-device fits, per-layer profiles and memory observations: the calibration files of
 * {@link Recipes} (rows {@code use: fit} are fitted, {@code use: check} validation), each row
 * predicted with the recipe's fitted parameters, which are the shipped presets' (a test refits
 * and compares them with the shipped files);</li>
 * <li>link micro-benchmarks: {@code org/lcpsim/reference/link-measurements.csv}, each probe one
 * message alone on the preset ({@link LinkProbe});</li>
 * <li>the paper's figures: the rows of paper-comparison.csv ({@code reproduce paper});</li>
 * <li>pipeline systems: none in the project; a row says so.</li>
 * </ul>
 */
public final class MeasurementSets {
    public static final String LINKS = "org/lcpsim/reference/link-measurements.csv";
    static final String DEVICE_PRESETS = "org/lcpsim/devices/presets/presets.list";
    static final String NETWORK_PRESETS = "org/lcpsim/network/presets/presets.list";

    public static final String SINGLE_DEVICE = "single-device";
    public static final String PER_LAYER = "per-layer profile";
    public static final String MEMORY = "memory";
    public static final String LINK = "link micro-benchmark";
    public static final String PAPER = "paper figure";
    public static final String PIPELINE = "pipeline systems";

    private MeasurementSets() {
    }

    /** Everything but the paper's figures, which need the simulations of {@code reproduce paper}. */
    public static List<Scorecard.Row> withoutPaper() {
        List<Scorecard.Row> rows = new ArrayList<>(calibrations());
        rows.addAll(links());
        return rows;
    }

    /** The rows of the calibration files: whole models, layers, resident memory, fits-or-swaps observations. */
    public static List<Scorecard.Row> calibrations() {
        List<Scorecard.Row> single = new ArrayList<>();
        List<Scorecard.Row> layers = new ArrayList<>();
        List<Scorecard.Row> memory = new ArrayList<>();
        for (Recipes.Recipe recipe : Recipes.ALL) {
            List<CalibrationReport.RowFit> fits = new ArrayList<>();
            recipe.run().forEach(r -> fits.addAll(r.rows()));
            String file = recipe.measurements().substring(recipe.measurements().lastIndexOf('/') + 1);
            List<String> presets = List.of(recipe.device());
            for (Measurement.Use use : Measurement.Use.values()) {
                String role = use == Measurement.Use.FIT ? Scorecard.FITTED : Scorecard.VALIDATION;
                List<CalibrationReport.RowFit> of = fits.stream().filter(f -> f.row().use() == use).toList();
                List<CalibrationReport.RowFit> models = kind(of, Measurement.Kind.MODEL);
                if (!models.isEmpty()) {
                    single.add(Scorecard.row(SINGLE_DEVICE + ": " + recipe.device() + " (" + frameworks(models) + ")",
                            SINGLE_DEVICE, presets, role, entries(models), false, "model", sources(file, models),
                            "whole-model latency on one device; winner: the fastest framework per model"));
                }
                List<CalibrationReport.RowFit> ls = kind(of, Measurement.Kind.LAYER);
                if (!ls.isEmpty()) {
                    layers.add(Scorecard.row(PER_LAYER + ": " + recipe.device() + " " + models(ls) + " (" + frameworks(ls) + ")",
                            PER_LAYER, presets, role, entries(ls), false, "model", sources(file, ls),
                            "each row some layers run alone, as the profile measured them"));
                }
                List<CalibrationReport.RowFit> resident = kind(of, Measurement.Kind.MEMORY).stream()
                        .filter(f -> !Double.isNaN(f.errorPct())).toList();
                if (!resident.isEmpty()) {
                    List<Scorecard.Entry> es = resident.stream().map(f -> new Scorecard.Entry(f.row().label(), f.row().label(),
                            f.row().memoryMb(), f.workingSetMb())).toList();
                    memory.add(Scorecard.row(MEMORY + ": " + recipe.device() + " resident memory", MEMORY, presets, role, es,
                            false, "model", sources(file, resident), "resident MiB while the layers run"));
                }
                List<CalibrationReport.RowFit> observations = of.stream().filter(f -> f.row().kind() == Measurement.Kind.FITS
                        || f.row().kind() == Measurement.Kind.SWAPS).toList();
                if (!observations.isEmpty()) {
                    long held = observations.stream().filter(CalibrationReport.RowFit::ok).count();
                    memory.add(new Scorecard.Row(MEMORY + ": " + recipe.device() + " fits or swaps", MEMORY, presets, role,
                            observations.size(), List.of(), Scorecard.NA, "observations, no design choice",
                            sources(file, observations), held + "/" + observations.size()
                            + " observations reproduced (runs without swap, or only with it, as measured); no error in %"));
                }
            }
        }
        List<Scorecard.Row> all = new ArrayList<>(single);
        all.addAll(layers);
        all.addAll(memory);
        return all;
    }

    private static List<CalibrationReport.RowFit> kind(List<CalibrationReport.RowFit> rows, Measurement.Kind kind) {
        return rows.stream().filter(f -> f.row().kind() == kind).toList();
    }

    private static List<Scorecard.Entry> entries(List<CalibrationReport.RowFit> rows) {
        return rows.stream().map(f -> new Scorecard.Entry(f.row().label(), f.row().framework(), f.row().latencyMs(),
                f.predictedMs())).toList();
    }

    private static String frameworks(List<CalibrationReport.RowFit> rows) {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(f -> s.add(f.row().framework()));
        return String.join(", ", s);
    }

    private static String models(List<CalibrationReport.RowFit> rows) {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(f -> s.add(f.row().model()));
        return String.join(", ", s);
    }

    private static String sources(String file, List<CalibrationReport.RowFit> rows) {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(f -> s.add(f.row().source()));
        return file + ": " + String.join("; ", s);
    }

    /** One row of link-measurements.csv. */
    record LinkMeasurement(String set, String preset, String probe, long bytes, double measured, String unit, String role,
                           String source) {
    }

    /** The link micro-benchmarks, each probed on its preset: a row per set, preset and role. */
    public static List<Scorecard.Row> links() {
        Map<String, List<LinkMeasurement>> groups = new LinkedHashMap<>();
        for (LinkMeasurement m : readLinks()) {
            groups.computeIfAbsent(m.set() + "|" + m.preset() + "|" + m.role(), k -> new ArrayList<>()).add(m);
        }
        List<Scorecard.Row> rows = new ArrayList<>();
        Map<String, NetworkModel> models = new LinkedHashMap<>();
        for (List<LinkMeasurement> g : groups.values()) {
            LinkMeasurement first = g.get(0);
            NetworkModel model = models.computeIfAbsent(first.preset(), LinkProbe::preset);
            List<Scorecard.Entry> es = new ArrayList<>();
            List<String> probes = new ArrayList<>();
            for (LinkMeasurement m : g) {
                double sim = m.probe().equals("throughput") ? LinkProbe.throughputMbps(model, m.bytes())
                        : LinkProbe.aloneMs(model, m.bytes());
                es.add(new Scorecard.Entry(m.probe() + "@" + m.bytes(), first.preset(), m.measured(), sim));
                probes.add(m.probe() + " of " + m.bytes() + " B " + trim(m.measured()) + " " + m.unit() + " -> "
                        + String.format(java.util.Locale.ROOT, "%.4g", sim));
            }
            Scorecard.Row r = Scorecard.row(LINK + ": " + first.set() + " on " + first.preset(), LINK, List.of(first.preset()),
                    first.role(), es, false, "probe", first.source(), String.join("; ", probes));
            rows.add(new Scorecard.Row(r.set(), r.kind(), r.presets(), r.role(), r.n(), r.errors(), Scorecard.NA,
                    "a link benchmark compares no designs", r.source(), r.note()));
        }
        return rows;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static List<LinkMeasurement> readLinks() {
        List<LinkMeasurement> out = new ArrayList<>();
        List<String> lines = resourceLines(LINKS);
        List<String> header = Csv.split(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> c = Csv.split(line);
            out.add(new LinkMeasurement(c.get(header.indexOf("set")), c.get(header.indexOf("preset")),
                    c.get(header.indexOf("probe")), Long.parseLong(c.get(header.indexOf("bytes"))),
                    Double.parseDouble(c.get(header.indexOf("measured"))), c.get(header.indexOf("unit")),
                    c.get(header.indexOf("role")), c.get(header.indexOf("source"))));
        }
        return out;
    }

    /**
     * The paper's figures from paper-comparison.csv's rows: a row per figure and role, n the bars
     * with a published and a simulated value. {@code presetsByBar}: the device and network presets
     * of each bar's points, by {@link #barKey}. The winner ordering of a validation row is over
     * every published bar of the figure, fitted ones included (a one-device bar a calibration was
     * fitted to is still one of the designs the best is chosen from); a fitted row's over its own.
     */
    public static List<Scorecard.Row> paper(List<ComparisonRow> comparison, Map<String, Set<String>> presetsByBar) {
        Map<String, List<ComparisonRow>> byFigure = new LinkedHashMap<>();
        for (ComparisonRow r : comparison) {
            byFigure.computeIfAbsent(r.figure(), k -> new ArrayList<>()).add(r);
        }
        List<Scorecard.Row> rows = new ArrayList<>();
        for (var f : byFigure.entrySet()) {
            List<ComparisonRow> all = f.getValue();
            boolean higher = all.get(0).unit().equals("x") || all.get(0).metric().equals("throughput");
            for (String role : List.of(Scorecard.FITTED, Scorecard.VALIDATION)) {
                List<ComparisonRow> of = all.stream().filter(r -> r.role().equals(role)).toList();
                if (of.isEmpty()) {
                    continue;
                }
                Set<String> presets = new TreeSet<>();
                for (ComparisonRow r : of) {
                    presets.addAll(presetsByBar.getOrDefault(barKey(r.figure(), r.model(), r.config(), r.devices()), Set.of()));
                }
                long unpublished = of.stream().filter(r -> Double.isNaN(r.paperValue())).count();
                long unsimulated = of.stream().filter(r -> !Double.isNaN(r.paperValue()) && Double.isNaN(r.simulatedValue()))
                        .count();
                List<String> notes = new ArrayList<>();
                notes.add(all.get(0).metric() + " (" + all.get(0).unit() + ")");
                if (unpublished > 0) {
                    notes.add(unpublished + " simulated bars with no published value");
                }
                if (unsimulated > 0) {
                    notes.add(unsimulated + " published bars not simulated");
                }
                Scorecard.Row errors = Scorecard.row(f.getKey(), PAPER, List.copyOf(presets), role, bars(of), higher,
                        "model", all.get(0).source(), String.join("; ", notes));
                String[] w = Scorecard.winner(designs(role.equals(Scorecard.VALIDATION) ? all : of), higher, "model");
                rows.add(new Scorecard.Row(errors.set(), errors.kind(), errors.presets(), role, errors.n(), errors.errors(),
                        w[0], w[1], errors.source(), errors.note()));
            }
        }
        return rows;
    }

    /** Every bar; a geometric mean over the figure's bars ("all", "geomean") is a measurement, never a design. */
    private static List<Scorecard.Entry> bars(List<ComparisonRow> rows) {
        return rows.stream().map(r -> new Scorecard.Entry(isGeomean(r) ? "geomean" : r.model(), r.config() + " on "
                + r.devices(), r.paperValue(), r.simulatedValue())).toList();
    }

    private static List<Scorecard.Entry> designs(List<ComparisonRow> rows) {
        return bars(rows.stream().filter(r -> !isGeomean(r)).toList());
    }

    private static boolean isGeomean(ComparisonRow r) {
        return r.model().equals("all") && r.config().equals("geomean");
    }

    /** The key of a bar of a figure: figure|model|config|devices. */
    public static String barKey(String figure, String model, String config, int devices) {
        return figure + "|" + model + "|" + config + "|" + devices;
    }

    /**
     * The pipeline systems of issue 15 (published Pi systems that pipeline a network over 4-10
     * Pis): no measurement of them is in the project, so nothing is compared; the row says so.
     */
    public static Scorecard.Row pipelineSystems() {
        return new Scorecard.Row(PIPELINE, PIPELINE, List.of(), "-", 0, List.of(), Scorecard.NA, "nothing measured",
                "-", "absent: no measurement of a published pipeline system (layer pipelines with replicated stages over"
                + " 4-10 Pis) is in the project's reference files; nothing is compared until one is added with its source");
    }

    /** The shipped device presets, in the order of their list. */
    public static List<String> devicePresets() {
        return presetList(DEVICE_PRESETS);
    }

    /** The shipped network presets, in the order of their list. */
    public static List<String> networkPresets() {
        return presetList(NETWORK_PRESETS);
    }

    private static List<String> presetList(String resource) {
        return resourceLines(resource).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                .map(s -> s.endsWith(".yaml") ? s.substring(0, s.length() - ".yaml".length()) : s)
                .filter(s -> !s.contains(".csv")).toList();
    }

    private static List<String> resourceLines(String resource) {
        try (InputStream in = MeasurementSets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

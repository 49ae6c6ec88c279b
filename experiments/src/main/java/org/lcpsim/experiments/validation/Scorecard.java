package org.lcpsim.experiments.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validation scorecard ({@code lcpsim validate-models}): one row per measurement set the
 * project knows and role (a set with fitted and validation measurements gives two rows), with the
 * presets it exercises, the number of measurements compared, the median and the worst absolute
 * error, and whether the simulator picks the same best design as the measurement (winner
 * ordering). Built by {@link MeasurementSets}; written by {@link ScorecardFiles}.
 */
public final class Scorecard {
    public static final String FITTED = "fitted";
    public static final String VALIDATION = "validation";

    public static final String YES = "yes";
    public static final String NO = "no";
    public static final String NA = "n.a.";

    /**
     * One measurement compared: {@code group} is the question a winner answers (a model: which
     * design runs it best), {@code design} the answer this measurement is of. Values are in the
     * set's unit; NaN when missing (then the measurement is not counted).
     */
    public record Entry(String group, String design, double measured, double simulated) {
        public boolean complete() {
            return Double.isFinite(measured) && Double.isFinite(simulated) && measured != 0;
        }

        public double absErrorPct() {
            return Math.abs(100 * (simulated - measured) / measured);
        }
    }

    /**
     * A row of the scorecard. {@code n} measurements compared; {@code errors} the absolute errors
     * in % of those that have a value (a fits-or-swaps observation has none); {@code winner} is {@link #YES}, {@link #NO} or {@link #NA}, {@code winnerDetail}
     * how many groups agree and which do not.
     */
    public record Row(String set, String kind, List<String> presets, String role, int n, List<Double> errors, String winner,
                      String winnerDetail, String source, String note) {
        public Row {
            presets = List.copyOf(presets);
            errors = List.copyOf(errors);
        }

        public double medianAbsErrorPct() {
            return median(errors);
        }

        public double worstAbsErrorPct() {
            return errors.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private final List<Row> rows;

    public Scorecard(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * A row from compared measurements: the errors of the complete ones, the winner ordering per
     * group ({@code higherIsBetter} for speedups and throughputs, else the lowest value wins).
     */
    public static Row row(String set, String kind, List<String> presets, String role, List<Entry> entries,
                          boolean higherIsBetter, String groupWord, String source, String note) {
        List<Double> errors = entries.stream().filter(Entry::complete).map(Entry::absErrorPct).toList();
        String[] w = winner(entries, higherIsBetter, groupWord);
        return new Row(set, kind, presets, role, errors.size(), errors, w[0], w[1], source, note);
    }

    /**
     * Winner ordering: in each group with at least two complete entries, does the design the
     * simulator ranks best have the best measured value (ties in the measurement: any of them)?
     * {"yes" | "no" | "n.a.", "k/m GROUPWORDs agree[; group: measured X, simulated Y]"}.
     */
    static String[] winner(List<Entry> entries, boolean higherIsBetter, String groupWord) {
        Map<String, List<Entry>> byGroup = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.complete()) {
                byGroup.computeIfAbsent(e.group(), k -> new ArrayList<>()).add(e);
            }
        }
        int groups = 0;
        int agree = 0;
        List<String> disagreements = new ArrayList<>();
        for (var g : byGroup.entrySet()) {
            List<Entry> es = g.getValue();
            Set<String> designs = new LinkedHashSet<>();
            es.forEach(e -> designs.add(e.design()));
            if (designs.size() < 2) {
                continue;
            }
            groups++;
            double bestMeasured = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            Entry bestSimulated = null;
            for (Entry e : es) {
                bestMeasured = higherIsBetter ? Math.max(bestMeasured, e.measured()) : Math.min(bestMeasured, e.measured());
                if (bestSimulated == null || (higherIsBetter ? e.simulated() > bestSimulated.simulated()
                        : e.simulated() < bestSimulated.simulated())) {
                    bestSimulated = e;
                }
            }
            Set<String> measuredBest = new LinkedHashSet<>();
            for (Entry e : es) {
                if (e.measured() == bestMeasured) {
                    measuredBest.add(e.design());
                }
            }
            if (measuredBest.contains(bestSimulated.design())) {
                agree++;
            } else {
                disagreements.add(g.getKey() + ": measured " + String.join(" or ", measuredBest) + ", simulated "
                        + bestSimulated.design());
            }
        }
        if (groups == 0) {
            return new String[] {NA, "no " + groupWord + " with two designs measured"};
        }
        String detail = agree + "/" + groups + " " + groupWord + (groups == 1 ? "" : "s") + " agree"
                + (disagreements.isEmpty() ? "" : "; " + String.join("; ", disagreements));
        return new String[] {agree == groups ? YES : NO, detail};
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** How far a preset has been validated: the sets that fitted it and those it was checked against. */
    public record PresetCoverage(String preset, String type, List<Row> fitted, List<Row> validation) {
        /** Validation measurements in all. */
        public int n() {
            return validation.stream().mapToInt(Row::n).sum();
        }

        /** Median |error| over every validation measurement of the preset (pooled). */
        public double medianAbsErrorPct() {
            List<Double> all = new ArrayList<>();
            validation.forEach(r -> all.addAll(r.errors()));
            return median(all);
        }

        /** "k/m" validation sets whose winner ordering agrees, over those that have one. */
        public String winners() {
            long with = validation.stream().filter(r -> !r.winner().equals(NA)).count();
            long yes = validation.stream().filter(r -> r.winner().equals(YES)).count();
            return with == 0 ? NA : yes + "/" + with;
        }
    }

    /**
     * One entry per shipped preset (devices first, in the order of their lists), with the sets that
     * name it; a fitted paper figure counts for its device presets only (the one-device bars a
     * calibration used fit a device; no network preset is fitted to a paper bar).
     */
    public List<PresetCoverage> coverage(List<String> devicePresets, List<String> networkPresets) {
        List<PresetCoverage> out = new ArrayList<>();
        for (String p : devicePresets) {
            out.add(coverage(p, "device"));
        }
        for (String p : networkPresets) {
            out.add(coverage(p, "network"));
        }
        return out;
    }

    private PresetCoverage coverage(String preset, String type) {
        List<Row> fitted = new ArrayList<>();
        List<Row> validation = new ArrayList<>();
        for (Row r : rows) {
            if (!r.presets().contains(preset) || r.n() == 0) {
                continue;
            }
            // a paper bar a calibration used was fitted by the device preset; the network that carried its input was not
            if (r.role().equals(FITTED) && r.kind().equals(MeasurementSets.PAPER) && type.equals("network")) {
                continue;
            }
            (r.role().equals(FITTED) ? fitted : validation).add(r);
        }
        return new PresetCoverage(preset, type, fitted, validation);
    }

    /** A percentage as the scorecard prints it: one decimal, "-" when there is none. */
    public static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v);
    }
}

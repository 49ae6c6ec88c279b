package org.lcpsim.experiments.reproduce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lcpsim.results.ComparisonRow;
import org.lcpsim.results.PointResult;

/**
 * Puts simulated points beside a paper figure: one row per simulated bar of the figure's
 * metric, with the published value where the paper gives one. A published bar that no point
 * simulates still gets a row (with no simulated value), so gaps show.
 */
public final class Comparison {
    private Comparison() {
    }

    /** The paper's name of a design point's configuration: single, dp, mp, pipeline, lcp-split8, lcp-split8-f40. */
    public static String config(PointResult r) {
        return switch (r.strategy()) {
            case "single" -> "single";
            case "data-parallel" -> "dp";
            case "model-parallel" -> "mp";
            case "pipeline" -> "pipeline";
            case "lcp" -> "lcp-" + (r.branches() == 1 && r.fatten() == 0 ? "split1" : r.variant());
            default -> r.strategy();
        };
    }

    /** The points of an experiment that form the figure (its {@code points} filter; every point without one). */
    public static List<PointResult> points(ReferenceFigure figure, List<PointResult> all) {
        return figure.points() == null ? all : all.stream().filter(r -> figure.points().test(name -> value(r, name))).toList();
    }

    public static List<ComparisonRow> rows(ReferenceFigure figure, List<PointResult> all) {
        List<PointResult> points = points(figure, all);
        Map<String, ReferenceFigure.Value> published = new LinkedHashMap<>();
        for (ReferenceFigure.Value v : figure.values()) {
            published.put(key(v.model(), v.config(), v.devices()), v);
        }
        // the one-device bars a speedup divides, from every point of the experiment
        Map<String, Double> singleLatency = new HashMap<>();
        java.util.Set<PointResult> baselines = new java.util.HashSet<>();
        for (PointResult r : all) {
            boolean base = figure.baseline() != null ? figure.baseline().test(name -> value(r, name))
                    : r.strategy().equals("single");
            if (r.hasMetrics() && base && !singleLatency.containsKey(r.model())) {
                singleLatency.put(r.model(), r.metrics().latencyMsAlone());
                baselines.add(r);
            }
        }
        List<ComparisonRow> rows = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PointResult r : points) {
            String config = config(r);
            if (figure.metric().equals("speedup") && baselines.contains(r)) {
                continue;
            }
            String key = key(r.model(), config, r.devices());
            if (!seen.add(key)) {
                continue;
            }
            ReferenceFigure.Value v = published.get(key);
            rows.add(new ComparisonRow(figure.figure(), r.model(), config, r.devices(), metricName(figure), figure.unit(),
                    v == null ? Double.NaN : v.value(), simulated(figure.metric(), r, singleLatency), figure.source(),
                    v == null ? ComparisonRow.VALIDATION : v.role()));
        }
        for (ReferenceFigure.Value v : figure.values()) {
            if (v.model().equals("all") && v.config().equals("geomean")) {
                rows.add(new ComparisonRow(figure.figure(), "all", "geomean", v.devices(), metricName(figure), figure.unit(),
                        v.value(), geomean(rows, figure.metric().equals("speedup") ? singleLatency.size() : 0), figure.source(),
                        v.role()));
                continue;
            }
            if (!seen.contains(key(v.model(), v.config(), v.devices()))) {
                rows.add(new ComparisonRow(figure.figure(), v.model(), v.config(), v.devices(), metricName(figure),
                        figure.unit(), v.value(), Double.NaN, figure.source(), v.role()));
            }
        }
        return rows;
    }

    /** A result column, or a swept value as sweep.PATH, for a figure's point filter. */
    private static Object value(PointResult r, String name) {
        if (name.startsWith("sweep.")) {
            String v = r.sweep().get(name.substring("sweep.".length()));
            if (v == null) {
                return null;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return org.lcpsim.experiments.explore.ResultColumns.value(r, name, org.lcpsim.experiments.explore.AccuracyTable.EMPTY);
    }

    private static String metricName(ReferenceFigure f) {
        return switch (f.metric()) {
            case "memory" -> "memory per device";
            case "weights" -> "weights per device";
            default -> f.metric();
        };
    }

    private static String key(String model, String config, int devices) {
        return model + "|" + config + "|" + devices;
    }

    private static double simulated(String metric, PointResult r, Map<String, Double> singleLatency) {
        if (metric.equals("memory")) {
            return r.memory().isEmpty() ? Double.NaN : r.peakMemoryMbMax();
        }
        if (metric.equals("weights")) {
            return r.memory().isEmpty() ? Double.NaN : r.weightsMbMax();
        }
        if (!r.hasMetrics()) {
            return Double.NaN;
        }
        return switch (metric) {
            // a saturated point's mean latency is that of a growing queue: no figure to compare
            case "latency" -> r.ok() ? r.metrics().latencyMsMean() : Double.NaN;
            case "energy" -> r.metrics().energyJPerInference();
            case "throughput" -> r.metrics().throughputIps();
            // both of a request alone: a queue in front of one device must not make a speedup
            case "speedup" -> singleLatency.getOrDefault(r.model(), Double.NaN) / r.metrics().latencyMsAlone();
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    /**
     * Geometric mean of the simulated values of {@code rows}, counting {@code ones} extra bars
     * of value 1 (a speedup figure's one-device bars, as the paper's average counts them).
     */
    static double geomean(List<ComparisonRow> rows, int ones) {
        double logSum = 0;
        int n = ones;
        for (ComparisonRow r : rows) {
            if (!Double.isNaN(r.simulatedValue()) && r.simulatedValue() > 0) {
                logSum += Math.log(r.simulatedValue());
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(logSum / n);
    }

    /** Median of |error %| over the rows that have both values; NaN when none. */
    public static double medianAbsErrorPct(List<ComparisonRow> rows) {
        double[] errs = rows.stream().mapToDouble(ComparisonRow::errorPct).filter(e -> !Double.isNaN(e)).map(Math::abs)
                .sorted().toArray();
        if (errs.length == 0) {
            return Double.NaN;
        }
        return errs.length % 2 == 1 ? errs[errs.length / 2] : (errs[errs.length / 2 - 1] + errs[errs.length / 2]) / 2;
    }

    /**
     * "FIGURE median |error| X% over N validation bars (UNIT)", and where the figure has bars a
     * calibration was fitted to, their count and median apart: a fit error is no validation.
     */
    public static String medianLine(String figure, List<ComparisonRow> rows) {
        List<ComparisonRow> validation = rows.stream().filter(r -> !r.fitted()).toList();
        List<ComparisonRow> fitted = rows.stream().filter(ComparisonRow::fitted).toList();
        String line = String.format(Locale.ROOT, "%-26s median |error| %s over %d validation bars (%s)", figure,
                pctOrDash(medianAbsErrorPct(validation)), published(validation), rows.get(0).unit());
        if (published(fitted) > 0) {
            line += String.format(Locale.ROOT, "; %d fitted bars apart: median |error| %s", published(fitted),
                    pctOrDash(medianAbsErrorPct(fitted)));
        }
        return line;
    }

    private static long published(List<ComparisonRow> rows) {
        return rows.stream().filter(r -> !Double.isNaN(r.errorPct())).count();
    }

    private static String pctOrDash(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v);
    }

    public static String formatPct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f%%", v);
    }
}

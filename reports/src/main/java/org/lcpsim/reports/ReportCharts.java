package org.lcpsim.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.CommunicationChart;
import org.lcpsim.reports.charts.DistributionCharts;
import org.lcpsim.reports.charts.EnergyChart;
import org.lcpsim.reports.charts.FaultsTimelineChart;
import org.lcpsim.reports.charts.HeatmapChart;
import org.lcpsim.reports.charts.Labels;
import org.lcpsim.reports.charts.LatencyChart;
import org.lcpsim.reports.charts.MemoryChart;
import org.lcpsim.reports.charts.Metric;
import org.lcpsim.reports.charts.ParetoChart;
import org.lcpsim.reports.charts.SpeedupChart;
import org.lcpsim.reports.charts.StreamsChart;
import org.lcpsim.reports.charts.TimelineChart;
import org.lcpsim.results.PointResult;

/**
 * Which charts a run's report has, within the limits of {@link ReportOptions}: what applies
 * (a speedup needs a one-device point, a heatmap two swept fields) and what stays readable
 * (bars for at most maxBars points; timelines and histograms for a few points spread over the
 * latency range). What is left out is said in a note, never silently.
 */
public final class ReportCharts {
    private ReportCharts() {
    }

    /** The points whose per-request detail (samples, timeline, the faults' requests) the charts need. */
    public record Plan(List<Integer> timelines, List<Integer> cdf, List<Integer> histograms, List<Integer> faults) {
        public Plan {
            faults = faults == null ? List.of() : List.copyOf(faults);
        }

        public Plan(List<Integer> timelines, List<Integer> cdf, List<Integer> histograms) {
            this(timelines, cdf, histograms, List.of());
        }

        public Set<Integer> detailed() {
            Set<Integer> s = new LinkedHashSet<>(timelines);
            s.addAll(cdf);
            s.addAll(histograms);
            s.addAll(faults);
            return s;
        }
    }

    public record Result(List<Chart> charts, List<String> notes) {
    }

    public static Plan plan(List<PointResult> points, ReportOptions o) {
        // timelines for every point that ran; distributions only where they are stationary (not saturated)
        List<PointResult> ran = points.stream().filter(PointResult::hasMetrics).toList();
        List<PointResult> ok = points.stream().filter(PointResult::ok).toList();
        // a spread below a nanosecond per second is floating-point rounding, not a distribution
        List<PointResult> spread = ok.stream()
                .filter(p -> p.metrics().latencyMsStd() > 1e-9 * Math.abs(p.metrics().latencyMsMean())).toList();
        // the faults' timeline of every point with faults, as many as the timelines
        List<PointResult> faulty = ran.stream().filter(p -> p.faults() != null).toList();
        return new Plan(spread(ran, o.maxPointCharts()), spread(ok, o.maxCdfLines()),
                spread(spread, Math.min(4, o.maxPointCharts())), spread(faulty, o.maxPointCharts()));
    }

    /**
     * Up to k points, evenly spaced in the ranking by mean latency, the fastest and the slowest
     * included; returned in point order. All of them when there are at most k.
     */
    static List<Integer> spread(List<PointResult> points, int k) {
        List<PointResult> ranked = new ArrayList<>(points);
        ranked.sort(Comparator.comparingDouble((PointResult p) -> p.metrics().latencyMsMean())
                .thenComparingInt(PointResult::pointId));
        Set<Integer> chosen = new LinkedHashSet<>();
        int n = ranked.size();
        if (k <= 0 || n == 0) {
            return List.of();
        }
        if (n <= k) {
            ranked.forEach(p -> chosen.add(p.pointId()));
        } else if (k == 1) {
            chosen.add(ranked.get(0).pointId());
        } else {
            for (int i = 0; i < k; i++) {
                chosen.add(ranked.get((int) Math.round((double) i * (n - 1) / (k - 1))).pointId());
            }
        }
        return chosen.stream().sorted().toList();
    }

    public static Result build(List<PointResult> points, Map<Integer, PointResult> detailed, List<String> sweptPaths,
                               ReportOptions o) {
        List<Chart> charts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<PointResult> ok = points.stream().filter(PointResult::hasMetrics).toList();
        List<PointResult> stationary = points.stream().filter(PointResult::ok).toList();
        Plan plan = plan(points, o);
        LatencyChart.create(points, o.latencyScale(), o.maxBars()).ifPresent(charts::add);
        if (ok.size() > o.maxBars()) {
            notes.add(ok.size() + " points ran: more than " + o.maxBars() + ", so the bar charts of latency, communication"
                    + " and energy show the best of each model (the heatmap and scatter plots show every point, results.csv"
                    + " has the numbers).");
        }
        // experiments with several request streams: the latency of each stream (nothing for one stream)
        StreamsChart.create(points, o.maxBars()).ifPresent(charts::add);
        SpeedupChart.create(points).ifPresent(charts::add);
        List<PointResult> memoryPoints = memoryPoints(points, o.maxBars());
        if (memoryPoints.size() < memoryPoints(points, Integer.MAX_VALUE).size()) {
            notes.add("Memory chart: the first " + memoryPoints.size() + " distinct memory layouts (at most " + o.maxBars()
                    + " bars); peak_memory_mb_max in results.csv covers every point.");
        }
        MemoryChart.create(memoryPoints).ifPresent(charts::add);
        CommunicationChart.create(points, o.maxBars()).ifPresent(charts::add);
        EnergyChart.create(points, o.maxBars()).ifPresent(charts::add);
        List<PointResult> cdf = pick(plan.cdf(), detailed);
        DistributionCharts.cdfChart(cdf).ifPresent(charts::add);
        if (cdf.size() < stationary.size()) {
            notes.add("Latency CDF: " + cdf.size() + " of " + stationary.size() + " configurations, spread from the fastest"
                    + " to the slowest.");
        }
        if (stationary.size() < ok.size()) {
            notes.add("Latency CDF, histograms, heatmap and scatter plots of latency leave out the "
                    + (ok.size() - stationary.size()) + " saturated point(s): their latency grows with the length of the run.");
        }
        Map<Integer, String> labels = Labels.unique(ok, Labels.manyModels(ok));
        for (PointResult p : pick(plan.histograms(), detailed)) {
            DistributionCharts.histogram(p, labels.get(p.pointId())).ifPresent(charts::add);
        }
        if (plan.histograms().isEmpty() && !stationary.isEmpty()) {
            notes.add("No latency histogram: every configuration has the same latency for every request (no noise and no"
                    + " queueing); add device noise or random arrivals to see a distribution.");
        }
        for (PointResult p : pick(plan.timelines(), detailed)) {
            TimelineChart.create(p, labels.get(p.pointId())).ifPresent(charts::add);
        }
        if (plan.timelines().size() < ok.size()) {
            notes.add("Timelines: " + plan.timelines().size() + " of " + ok.size() + " configurations, spread from the"
                    + " fastest to the slowest.");
        }
        for (PointResult p : pick(plan.faults(), detailed)) {
            FaultsTimelineChart.create(p, labels.get(p.pointId())).ifPresent(charts::add);
        }
        long faulty = ok.stream().filter(p -> p.faults() != null).count();
        if (plan.faults().size() < faulty) {
            notes.add("Faults timelines: " + plan.faults().size() + " of " + faulty + " configurations with faults, spread"
                    + " from the fastest to the slowest.");
        }
        long summariesOnly = plan.detailed().stream().map(detailed::get).filter(p -> p != null && p.hasMetrics()
                && p.metrics().latenciesMs().length == 0 && p.metrics().timeline().isEmpty()).count();
        if (summariesOnly > 0) {
            notes.add("points.jsonl holds the summaries only of " + summariesOnly + " of the configurations these charts would"
                    + " draw one by one (a sweep of more than 1,000 points keeps no latency samples, timelines or utilization"
                    + " series unless run with --detail): their latency distributions and timelines are not drawn.");
        }
        heatmapAxes(points, sweptPaths).flatMap(a -> HeatmapChart.create(points, a[0], a[1], Metric.LATENCY_MEAN_MS))
                .ifPresent(charts::add);
        for (Metric x : List.of(Metric.DEVICES, Metric.PARAMS_M)) {
            if (varies(ok, x)) {
                ParetoChart.create(points, x, Metric.LATENCY_MEAN_MS).ifPresent(charts::add);
            }
        }
        return new Result(charts, notes);
    }

    /** The first two swept fields with at least two values, the second along x (it varies fastest). */
    static Optional<String[]> heatmapAxes(List<PointResult> points, List<String> sweptPaths) {
        List<String> axes = new ArrayList<>();
        for (String path : sweptPaths) {
            if (points.stream().map(p -> p.sweep().get(path)).filter(v -> v != null).distinct().count() >= 2) {
                axes.add(path);
            }
        }
        return axes.size() < 2 ? Optional.empty() : Optional.of(new String[] {axes.get(1), axes.get(0)});
    }

    private static boolean varies(List<PointResult> points, Metric m) {
        return points.size() >= 3 && points.stream().mapToDouble(m::of).distinct().count() >= 2;
    }

    /**
     * Points in id order while their devices fit in {@code maxBars} bars (at least one point),
     * each distinct memory layout once: memory does not depend on, say, the network, so a sweep
     * over it would otherwise repeat the same bars.
     */
    static List<PointResult> memoryPoints(List<PointResult> points, int maxBars) {
        List<PointResult> out = new ArrayList<>();
        Set<List<Object>> layouts = new java.util.HashSet<>();
        int bars = 0;
        for (PointResult p : points) {
            if (p.memory().isEmpty() || !layouts.add(List.of(p.model(), p.strategy(), p.variant(), p.memory()))) {
                continue;
            }
            int n = MemoryChart.bars(List.of(p)).size();
            if (!out.isEmpty() && bars + n > maxBars) {
                break;
            }
            out.add(p);
            bars += n;
        }
        return out;
    }

    private static List<PointResult> pick(List<Integer> ids, Map<Integer, PointResult> detailed) {
        List<PointResult> out = new ArrayList<>();
        for (int id : ids) {
            PointResult p = detailed.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}

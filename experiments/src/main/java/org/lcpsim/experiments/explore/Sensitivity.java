package org.lcpsim.experiments.explore;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.ExperimentSpec;
import org.lcpsim.experiments.Futures;
import org.lcpsim.experiments.PointRunner;
import org.lcpsim.network.presets.NetworkSpecs;
import org.lcpsim.reports.ExploreSummary.WhatIf;
import org.lcpsim.results.PointResult;

/**
 * "What if": the recommended design simulated again with one input scaled, each a fresh
 * simulation through the normal pipeline (the point's resolved document edited, bound, deployed
 * and simulated like any point; nothing is extrapolated):
 * <ul>
 *   <li><b>bandwidth</b>: every capacity of the network multiplied by the factor: {@code
 *       bandwidthMbps}, {@code stationToStationMbps}, {@code sourceLinkMbps}, {@code portMbps},
 *       {@code sourcePortMbps}, {@code backplaneMbps}, and {@code slopeMsPerKB} divided by it
 *       (a preset's values are read and given back as overrides); latencies and per-message costs stay;</li>
 *   <li><b>device speed</b>: every device entry's {@code speedFactor} multiplied by the factor
 *       (compute times divided by it, see the binder);</li>
 *   <li><b>arrival rate</b>: an open loop's {@code fps} or {@code ratePerS} multiplied by the
 *       factor; a closed loop has no arrival rate (n/a).</li>
 * </ul>
 * The runs use the point's seeds (common random numbers), so a change in the figures is the
 * change's, not noise's. They run on this machine, in parallel, and give the same figures whatever
 * the thread count.
 */
public final class Sensitivity {
    /** The factors each input is scaled by. */
    public static final double[] FACTORS = {0.75, 1.25};
    public static final String BANDWIDTH = "bandwidth";
    public static final String SPEED = "device speed";
    public static final String ARRIVALS = "arrival rate";

    /** Network fields that are a capacity (scaled by the factor) and one that is a time per byte (divided). */
    static final List<String> RATES = List.of("bandwidthMbps", "stationToStationMbps", "sourceLinkMbps", "portMbps",
            "sourcePortMbps", "backplaneMbps");
    static final String SLOPE = "slopeMsPerKB";
    /** Alternative ways to give one rate: the one the file gives replaces the preset's (as NetworkSpecs reads them). */
    private static final List<String> ALTERNATIVES = List.of("bandwidthMbps", "stationToStationMbps");

    private Sensitivity() {
    }

    /** A document with one input scaled, or why it cannot be ({@code doc} null). */
    record Edit(Node doc, String note) {
    }

    /**
     * Simulates point {@code pointId} of {@code file} with each change at each factor; {@code base}
     * is the point's own result, the reference of the changes. In the order change, factor.
     */
    public static List<WhatIf> run(ExperimentFile file, int pointId, Long seedOverride, PointResult base,
                                   Duration wallLimit, int threads) {
        Errors errors = new Errors();
        ExperimentFile.DesignPoint point = file.point(pointId, errors);
        List<String> changes = List.of(BANDWIDTH, SPEED, ARRIVALS);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, changes.size() * FACTORS.length)),
                r -> {
                    Thread t = new Thread(r, "lcpsim-what-if");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<WhatIf>> futures = new ArrayList<>();
            for (String change : changes) {
                for (double factor : FACTORS) {
                    futures.add(pool.submit(() -> one(file, point, seedOverride, base, wallLimit, change, factor)));
                }
            }
            List<WhatIf> out = new ArrayList<>();
            for (Future<WhatIf> f : futures) {
                out.add(Futures.get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static WhatIf one(ExperimentFile file, ExperimentFile.DesignPoint point, Long seedOverride, PointResult base,
                              Duration wallLimit, String change, double factor) {
        Edit edit = edit(point.document(), change, factor);
        if (edit.doc() == null) {
            return new WhatIf(change, factor, "n/a", null, null, null, null, null, null, edit.note());
        }
        ExperimentFile.DesignPoint changed = new ExperimentFile.DesignPoint(point.id(), point.values(), edit.doc());
        Errors errors = new Errors();
        ExperimentSpec spec = file.bind(changed, errors);
        if (spec == null) {
            return new WhatIf(change, factor, "n/a", null, null, null, null, null, null, "the changed design is not valid: "
                    + (errors.list().isEmpty() ? "it does not bind" : errors.list().get(0).message()));
        }
        if (seedOverride != null) {
            spec = ExperimentRunner.withSeed(spec, seedOverride);
        }
        PointRunner runner = new PointRunner(wallLimit);
        PointResult r = runner.simulate(runner.prepare(point.id(), spec, point.values(),
                file.configKey(changed, seedOverride)));
        Double latency = null;
        Double energy = null;
        Double throughput = null;
        Double capacity = null;
        if (r.metrics() != null) {
            latency = Verdict.round(r.metrics().latencyMsMean());
            energy = Verdict.round(r.metrics().energyJPerInference());
            throughput = Verdict.round(r.metrics().throughputIps());
            capacity = Verdict.round(r.metrics().capacityIps());
        }
        Double baseLatency = base.metrics() == null ? null : Verdict.round(base.metrics().latencyMsMean());
        Double baseEnergy = base.metrics() == null ? null : Verdict.round(base.metrics().energyJPerInference());
        String note = edit.note();
        if (r.saturated()) {
            note = note + "; saturated: it cannot keep up with the arrivals (latency of a growing queue)";
        }
        return new WhatIf(change, factor, r.status(), latency, change(latency, baseLatency), energy, change(energy, baseEnergy),
                throughput, capacity, note);
    }

    private static Double change(Double v, Double base) {
        if (v == null || base == null || base == 0) {
            return null;
        }
        return Math.round(10000 * (v - base) / base) / 100.0;
    }

    /** The network's capacities scaled by {@code factor}. */
    static Edit bandwidth(Node doc, double factor) {
        if (!(Node.at(doc, List.of("network")) instanceof Node.MapNode net)) {
            return new Edit(null, "n/a: no network mapping");
        }
        Node merged = net;
        if (net.get("preset") instanceof Node.Scalar p && NetworkSpecs.PRESETS.exists(p.text())) {
            merged = NetworkSpecs.PRESETS.merged(p.text(), net);
        }
        if (!(merged instanceof Node.MapNode m)) {
            return new Edit(null, "n/a: no network mapping");
        }
        boolean fileGivesOne = ALTERNATIVES.stream().anyMatch(k -> net.get(k) != null);
        Node out = doc;
        List<String> scaled = new ArrayList<>();
        for (String key : m.entries().keySet()) {
            boolean rate = RATES.contains(key);
            if (!rate && !key.equals(SLOPE)) {
                continue;
            }
            if (fileGivesOne && ALTERNATIVES.contains(key) && net.get(key) == null) {
                continue; // the file's own rate replaces the preset's alternative
            }
            Double v = number(m.get(key));
            if (v == null || Double.isInfinite(v)) {
                continue;
            }
            double nv = rate ? v * factor : v / factor;
            out = Node.with(out, List.of("network", key), scalar(m.get(key), nv));
            scaled.add(key + " " + org.lcpsim.reports.Num.format(v) + " -> " + org.lcpsim.reports.Num.format(nv));
        }
        if (scaled.isEmpty()) {
            return new Edit(null, "n/a: the network gives no capacity lcpsim knows how to scale ("
                    + String.join(", ", RATES) + ", " + SLOPE + ")");
        }
        return new Edit(out, String.join(", ", scaled));
    }

    /** Every device entry's speedFactor multiplied by {@code factor}. */
    static Edit speed(Node doc, double factor) {
        if (!(Node.at(doc, List.of("cluster", "devices")) instanceof Node.ListNode devices) || devices.items().isEmpty()) {
            return new Edit(null, "n/a: no device entries");
        }
        Node out = doc;
        for (int i = 0; i < devices.items().size(); i++) {
            Node entry = devices.items().get(i);
            if (!(entry instanceof Node.MapNode m)) {
                return new Edit(null, "n/a: device entry " + i + " is not a mapping");
            }
            Node old = m.get("speedFactor");
            double current = old == null ? 1.0 : number(old) == null ? Double.NaN : number(old);
            if (Double.isNaN(current)) {
                return new Edit(null, "n/a: device entry " + i + " has a speedFactor that is not a number");
            }
            out = Node.with(out, List.of("cluster", "devices", Integer.toString(i), "speedFactor"),
                    scalar(old == null ? entry : old, current * factor));
        }
        return new Edit(out, "compute times / " + org.lcpsim.reports.Num.format(factor));
    }

    /** An open loop's arrival rate multiplied by {@code factor}. */
    static Edit arrivals(Node doc, double factor) {
        Node arrival = Node.at(doc, List.of("workload", "arrival"));
        String kind = arrival != null && Node.at(arrival, List.of("kind")) instanceof Node.Scalar k ? k.text() : "closed";
        String key = switch (kind) {
            case "periodic" -> "fps";
            case "poisson" -> "ratePerS";
            default -> null;
        };
        if (key == null) {
            return new Edit(null, "n/a: a closed loop issues a request when one finishes; it has no arrival rate to change");
        }
        Double v = number(Node.at(arrival, List.of(key)));
        if (v == null) {
            return new Edit(null, "n/a: the arrival " + key + " is not a number");
        }
        return new Edit(Node.with(doc, List.of("workload", "arrival", key), scalar(Node.at(arrival, List.of(key)), v * factor)),
                key + " " + org.lcpsim.reports.Num.format(v) + " -> " + org.lcpsim.reports.Num.format(v * factor));
    }

    private static Double number(Node n) {
        if (n instanceof Node.Scalar s && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.FLOAT)) {
            try {
                return Double.parseDouble(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A number as a YAML scalar, placed where {@code at} is (errors about it point there). */
    private static Node.Scalar scalar(Node at, double v) {
        return new Node.Scalar(at.location(), new BigDecimal(v).round(new java.math.MathContext(15)).stripTrailingZeros()
                .toPlainString(), Node.Scalar.Type.FLOAT);
    }

    /** The point's document with one change at one factor. */
    static Edit edit(Node doc, String change, double factor) {
        return switch (change) {
            case BANDWIDTH -> bandwidth(doc, factor);
            case SPEED -> speed(doc, factor);
            default -> arrivals(doc, factor);
        };
    }
}

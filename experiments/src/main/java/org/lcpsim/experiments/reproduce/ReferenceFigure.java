package org.lcpsim.experiments.reproduce;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.Filter;

/**
 * One figure of the paper that an experiment file is compared against, from its
 * {@code reference} section:
 * <pre>
 * reference:
 *   - figure: rpi-latency
 *     metric: latency            # latency | energy | memory | weights | speedup | throughput
 *                                # (memory: peak_memory_mb_max, resident; weights: weights_mb_max, stored once)
 *     unit: ms
 *     source: LCP paper Fig. 12
 *     note: why this reading      # optional
 *     points: "sweep.cluster.devices.0.framework == 'pytorch'"   # optional: which points form the figure
 *     baseline: "sweep.cluster.devices.0.dataBits == 32"   # optional, speedup: the one-device bars to divide
 *                                                            # (default: strategy == 'single'); not bars themselves
 *     values:
 *       - {model: alexnet, config: single, devices: 1, value: 2801}
 *       - {model: vgg16, config: single, devices: 1, value: 9381, role: fitted}   # a calibration input
 * </pre>
 * A figure may list no values: its bars are simulated and reported with an empty paper value.
 * A value with {@code model: all, config: geomean} is the geometric mean of the figure's
 * simulated bars (a speedup figure counts each model's one-device bar as 1, as the paper does).
 * A value's {@code role} is {@code fitted} when a preset was calibrated on that very number (its
 * error is then a fit error, kept apart from the validation), {@code validation} by default.
 */
public record ReferenceFigure(String figure, String metric, String unit, String source, String note, Filter points,
                              Filter baseline, List<Value> values) {
    public static final List<String> METRICS = List.of("latency", "energy", "memory", "weights", "speedup", "throughput");

    public static final List<String> ROLES = List.of(org.lcpsim.results.ComparisonRow.VALIDATION,
            org.lcpsim.results.ComparisonRow.FITTED);

    /** One published bar; {@code role} fitted or validation. */
    public record Value(String model, String config, int devices, double value, String role) {
    }

    public ReferenceFigure {
        values = List.copyOf(values);
    }

    /** Reads the reference section of an experiment file; empty when it has none. */
    public static List<ReferenceFigure> read(Node root, Errors errors) {
        Node ref = root instanceof Node.MapNode m ? m.get("reference") : null;
        if (ref == null) {
            return List.of();
        }
        List<Node> items = ref instanceof Node.ListNode l ? l.items() : List.of(ref);
        List<ReferenceFigure> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MapReader r = MapReader.of(items.get(i), "$.reference[" + i + "]", errors);
            String figure = r.requiredString("figure");
            String metric = r.requiredChoice("metric", METRICS);
            String unit = r.requiredString("unit");
            String source = r.requiredString("source");
            String note = r.string("note", "");
            Filter points = filter(r, "points");
            Filter baseline = filter(r, "baseline");
            List<Value> values = new ArrayList<>();
            List<Node> vs = r.list("values");
            for (int k = 0; k < vs.size(); k++) {
                MapReader v = MapReader.of(vs.get(k), r.path("values") + "[" + k + "]", errors);
                String model = v.requiredString("model");
                String config = v.requiredString("config");
                Integer devices = v.requiredInteger("devices", 0, 100_000);
                Double value = v.requiredNumber("value", 0, Double.MAX_VALUE);
                String role = v.choice("role", ROLES, ROLES.get(0));
                v.end();
                if (model != null && config != null && devices != null && value != null && role != null) {
                    values.add(new Value(model, config, devices, value, role));
                }
            }
            r.end();
            if (figure != null && metric != null && unit != null && source != null) {
                out.add(new ReferenceFigure(figure, metric, unit, source, note, points, baseline, values));
            }
        }
        return out;
    }

    private static Filter filter(MapReader r, String key) {
        String text = r.string(key, null);
        if (text == null) {
            return null;
        }
        try {
            return Filter.parse(text);
        } catch (IllegalArgumentException e) {
            r.error(key, e.getMessage());
            return null;
        }
    }
}

package org.lcpsim.experiments.reproduce;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.config.Errors;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;

/**
 * One figure of the paper that an experiment file is compared against, from its
 * {@code reference} section:
 * <pre>
 * reference:
 *   - figure: rpi-latency
 *     metric: latency            # latency | energy | memory | speedup | throughput
 *     unit: ms
 *     source: LCP paper Fig. 12
 *     note: why this reading      # optional
 *     values:
 *       - {model: alexnet, config: single, devices: 1, value: 2801}
 * </pre>
 * A figure may list no values: its bars are simulated and reported with an empty paper value.
 */
public record ReferenceFigure(String figure, String metric, String unit, String source, String note, List<Value> values) {
    public static final List<String> METRICS = List.of("latency", "energy", "memory", "speedup", "throughput");

    /** One published bar. */
    public record Value(String model, String config, int devices, double value) {
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
            List<Value> values = new ArrayList<>();
            List<Node> vs = r.list("values");
            for (int k = 0; k < vs.size(); k++) {
                MapReader v = MapReader.of(vs.get(k), r.path("values") + "[" + k + "]", errors);
                String model = v.requiredString("model");
                String config = v.requiredString("config");
                Integer devices = v.requiredInteger("devices", 1, 100_000);
                Double value = v.requiredNumber("value", 0, Double.MAX_VALUE);
                v.end();
                if (model != null && config != null && devices != null && value != null) {
                    values.add(new Value(model, config, devices, value));
                }
            }
            r.end();
            if (figure != null && metric != null && unit != null && source != null) {
                out.add(new ReferenceFigure(figure, metric, unit, source, note, values));
            }
        }
        return out;
    }
}

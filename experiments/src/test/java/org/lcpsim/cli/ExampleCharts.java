package org.lcpsim.cli;

import java.util.List;
import java.util.Map;

/**
 * Which charts each shipped example is there to show (file names in DIR/charts, without
 * extension), as its header comment says. ExamplesTest checks that every example draws them;
 * ExampleChartsTest that together they cover every kind of chart a run's report can draw.
 */
final class ExampleCharts {
    static final Map<String, List<String>> EXPECTED = Map.of(
            "01-quickstart.yaml", List.of("latency", "speedup", "timeline-p3", "memory", "communication", "energy",
                    "pareto-latency-ms-mean-vs-devices"),
            "02-custom-model.yaml", List.of("latency", "memory", "timeline-p3"),
            "03-compare-models.yaml", List.of("latency", "speedup", "energy", "communication"),
            "04-sweep-branches-fatten.yaml", List.of("heatmap-latency-ms-mean", "pareto-latency-ms-mean-vs-params",
                    "pareto-latency-ms-mean-vs-devices", "memory"),
            "05-noisy-latency.yaml", List.of("latency-cdf", "latency-histogram-p0", "latency-histogram-p1", "timeline-p1"),
            "07-five-strategies.yaml", List.of("latency", "speedup", "timeline-p4"),
            "08-own-model.yaml", List.of("latency", "timeline-p1", "memory"),
            "09-four-cameras.yaml", List.of("streams-latency", "latency", "memory", "timeline-p0"),
            "09-city.yaml", List.of("faults-timeline-p0", "faults-timeline-p1", "faults-timeline-p2", "streams-latency"),
            "10-hybrid-pipeline.yaml", List.of("latency", "memory", "timeline-p1"));

    /** Every kind of chart `lcpsim run` draws, by file name prefix. */
    static final List<String> KINDS = List.of("latency", "speedup", "memory", "communication", "timeline-",
            "latency-cdf", "latency-histogram-", "energy", "heatmap-", "pareto-", "streams-latency", "faults-timeline-");

    private ExampleCharts() {
    }
}

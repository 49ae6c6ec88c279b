package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.ReportOptions;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.LabelLayout;

/**
 * A sweep like the shipped examples but of 48 design points, run through the command line: its
 * report draws every kind of chart, and in every chart no two labels overlap and none is cut or
 * shortened (measured as the PNG draws them, {@link LabelLayout}). ExamplesTest checks the
 * charts of every shipped example the same way.
 */
class ChartLayoutCliTest {
    @TempDir
    Path dir;

    static final String SWEEP = """
            name: large-sweep
            model: alexnet
            strategy: {kind: single}
            cluster:
              devices: [{preset: rpi3, count: 8, noise: {cv: 0.1}}]
            network: {preset: wifi-rpi}
            workload: {requests: 12, warmup: 2, arrival: {kind: closed}}
            replications: 2
            seed: 7
            sweep:
              model: [lenet, cifarnet, alexnet, vgg-s]
              strategy:
                - {kind: single}
                - {kind: data-parallel}
                - {kind: pipeline}
                - {kind: lcp, branches: 2}
                - {kind: lcp, branches: 2, fatten: 0.2}
                - {kind: lcp, branches: 2, fatten: 0.4}
                - {kind: lcp, branches: 4}
                - {kind: lcp, branches: 4, fatten: 0.2}
                - {kind: lcp, branches: 4, fatten: 0.4}
                - {kind: lcp, branches: 8}
                - {kind: lcp, branches: 8, fatten: 0.2}
                - {kind: lcp, branches: 8, fatten: 0.4}
            """;

    /** The problems of every chart the report of a results folder draws, each line naming its chart. */
    static List<String> problems(Path results) throws Exception {
        List<String> out = new ArrayList<>();
        for (Chart c : Reporter.charts(results, ReportOptions.defaults(), List.of()).charts()) {
            for (String p : LabelLayout.problems(c)) {
                out.add(c.name() + ": " + p);
            }
        }
        return out;
    }

    @Test
    void everyChartOfA48PointSweepHasItsLabelsApartAndWhole() throws Exception {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        Path out = dir.resolve("out");
        CliHarness.Result r = CliHarness.run("run", file.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(48, Csv.read(out.resolve("results.csv")).size() - 1);
        List<String> names = Reporter.charts(out, ReportOptions.defaults(), List.of()).charts().stream().map(Chart::name)
                .toList();
        for (String kind : ExampleCharts.KINDS) {
            if (kind.equals("streams-latency") || kind.equals("faults-timeline-")) {
                continue; // only for runs of several request streams or with faults: examples 09 draw them, and ExamplesTest checks their labels
            }
            assertTrue(names.stream().anyMatch(n -> n.startsWith(kind)), kind + " not drawn: " + names);
        }
        List<String> problems = problems(out);
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}

package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.ResultsCsv;

/** Experiments with several request streams ({@code workload: {streams: [...]}}) through the command line. */
class StreamsRunTest {
    @TempDir
    Path dir;

    /** Point-to-point links: streams on disjoint devices share nothing. */
    private static final String HEAD = """
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {kind: point-to-point, bandwidthMbps: 62.24, latencyMs: 8.83}
            input: {bytes: 16000}
            replications: 2
            seed: 3
            """;

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private List<Map<String, String>> run(String name, String yaml, String... more) throws IOException {
        Path out = dir.resolve("out-" + name);
        List<String> args = new java.util.ArrayList<>(List.of("run", write(name, yaml).toString(), "--out", out.toString(),
                "--no-progress"));
        args.addAll(List.of(more));
        CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return Csv.records(out.resolve("results.csv"));
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /** Two identical cameras, each on its own four Pis, measure what one camera measures alone on four. */
    @Test
    void identicalStreamsOnDisjointDevicesMeasureWhatOneDoesAlone() throws IOException {
        var both = run("both", "name: two\n" + HEAD + """
                workload:
                  requests: 20
                  warmup: 2
                  arrival: {kind: periodic, fps: 3}
                  streams:
                    - {name: left, devices: [d0, d1, d2, d3], model: alexnet, strategy: {kind: lcp, branches: 4}}
                    - {name: right, devices: [d4, d5, d6, d7], model: alexnet, strategy: {kind: lcp, branches: 4}}
                """).get(0);
        var alone = run("alone", ("name: one\n" + HEAD).replace("count: 8", "count: 4") + """
                model: alexnet
                strategy: {kind: lcp, branches: 4}
                workload: {requests: 20, warmup: 2, arrival: {kind: periodic, fps: 3}}
                """).get(0);
        for (String s : List.of("left", "right")) {
            for (String c : List.of("latency_ms_mean", "latency_ms_p95", "latency_ms_max", "throughput_ips",
                    "latency_ms_unloaded", "offered_ips")) {
                assertEquals(num(alone, c), num(both, "stream." + s + "." + c), 1e-9 * num(alone, c), s + " " + c);
            }
            assertEquals("ok", both.get("stream." + s + ".status"));
            assertEquals("alexnet", both.get("stream." + s + ".model"));
            assertEquals("split4", both.get("stream." + s + ".variant"));
            assertEquals("4", both.get("stream." + s + ".devices"));
            assertEquals("external", both.get("stream." + s + ".source"));
            // each camera's share of the capacity: what four Pis sustain for one camera
            assertEquals(num(alone, "capacity_ips"), num(both, "stream." + s + ".capacity_ips"),
                    0.02 * num(alone, "capacity_ips"));
        }
        // the cluster's columns: latencies pooled (equal here), throughput, offered rate and capacity added up
        assertEquals(num(alone, "latency_ms_mean"), num(both, "latency_ms_mean"), 1e-9 * num(alone, "latency_ms_mean"));
        assertEquals(2 * num(alone, "throughput_ips"), num(both, "throughput_ips"), 1e-9 * num(alone, "throughput_ips"));
        assertEquals(6, num(both, "offered_ips"));
        assertEquals(2 * num(alone, "capacity_ips"), num(both, "capacity_ips"), 0.04 * num(alone, "capacity_ips"));
        assertEquals("8", both.get("devices"));
        assertEquals("40", both.get("requests"));
        assertEquals("alexnet", both.get("model"));
        assertEquals("lcp", both.get("strategy"));
        assertEquals("ok", both.get("status"));
        assertEquals(2 * Long.parseLong(alone.get("params")), Long.parseLong(both.get("params")));
        // the same memory per device: each holds one stream's share
        assertEquals(alone.get("peak_memory_mb_max"), both.get("peak_memory_mb_max"));
    }

    /** One camera overloads its board, the other keeps up on its own: one stream saturated, the point saturated. */
    @Test
    void aStreamThatOverloadsItsDevicesIsSaturatedAndTheOtherIsNot() throws IOException {
        var r = run("over", "name: over\n" + HEAD + """
                workload:
                  requests: 30
                  warmup: 2
                  streams:
                    - {name: busy, devices: [d0], model: alexnet, strategy: {kind: single, device: d0},
                       arrival: {kind: periodic, fps: 4}}
                    - {name: calm, devices: [d1], model: alexnet, strategy: {kind: single, device: d1},
                       arrival: {kind: periodic, fps: 1}}
                """, "--no-report").get(0);
        assertEquals("saturated", r.get("stream.busy.status"));
        assertEquals("ok", r.get("stream.calm.status"));
        assertEquals("saturated", r.get("status"));
        assertTrue(r.get("notes").contains("stream busy is saturated") && r.get("notes").contains("d0 (rpi3)"),
                r.get("notes"));
        assertFalse(r.get("notes").contains("stream calm is"), r.get("notes"));
        assertTrue(num(r, "stream.busy.latency_ms_mean") > 3 * num(r, "stream.busy.latency_ms_unloaded"), r.toString());
        assertEquals(num(r, "stream.calm.latency_ms_unloaded"), num(r, "stream.calm.latency_ms_mean"), 1e-6);
        // the common scale of 4 and 1 fps the cluster sustains is below 1: the busy board's bound
        assertTrue(num(r, "capacity_ips") < 5 && r.get("capacity_bottleneck").equals("d0"), r.toString());
        assertEquals(4 * num(r, "stream.calm.capacity_ips"), num(r, "stream.busy.capacity_ips"), 1e-6);
    }

    /**
     * Two cameras on one board: each model fits alone, both do not (a device holds the sum of the
     * streams' weights, activations and buffers).
     */
    @Test
    void aDeviceHoldsEveryStreamsShareAndIsOutOfMemoryWhenTheSumDoesNotFit() throws IOException {
        String device = "cluster: {devices: [{kind: roofline, peakGflops: 10, efficiency: 0.5, memoryBandwidthGBps: 4,"
                + " memoryMb: 300, power: {idleW: 1, activeW: 3}}]}\n";
        String rest = "network: {preset: wifi-rpi}\nreplications: 1\n";
        var one = run("fits", "name: fits\n" + device + rest + """
                model: alexnet
                strategy: {kind: single}
                workload: {requests: 3, warmup: 0}
                """, "--no-report").get(0);
        assertEquals("ok", one.get("status"));
        var two = run("oom", "name: oom\n" + device + rest + """
                workload:
                  requests: 3
                  warmup: 0
                  streams:
                    - {name: a, model: alexnet, strategy: {kind: single}}
                    - {name: b, model: alexnet, strategy: {kind: single}}
                """, "--no-report").get(0);
        assertEquals("oom", two.get("status"));
        assertTrue(num(two, "peak_memory_mb_max") > 300 && num(two, "peak_memory_mb_max") <= 2 * num(one, "peak_memory_mb_max") + 1e-6,
                two.toString());
        assertEquals("", two.get("stream.a.status"));
        assertEquals("", two.get("stream.a.latency_ms_mean"));
        assertEquals("alexnet", two.get("stream.a.model"));
    }

    /**
     * A sweep over what one stream runs: the same header for every point (the file's streams), a
     * stream on a device camera, a closed loop whose offered rate is blank, and a report.
     */
    @Test
    void aSweepOverAStreamKeepsItsColumnsAndTheReportShowsTheStreams() throws IOException {
        Path out = dir.resolve("out-sweep");
        Path f = write("sweep", "name: sweep\n" + HEAD + """
                workload:
                  requests: 10
                  warmup: 1
                  streams:
                    - {name: cam1, devices: [d0, d1, d2, d3], model: alexnet, strategy: {kind: lcp, branches: 4},
                       arrival: {kind: periodic, fps: 2}}
                    - {name: cam2, source: d4, devices: [d4, d5], model: cifarnet, strategy: {kind: data-parallel}}
                sweep:
                  workload.streams.0.strategy.branches: [2, 4]
                """);
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = Csv.read(out.resolve("results.csv"));
        List<String> header = List.of(rows.get(0));
        int fixed = ResultsCsv.COLUMNS.size();
        assertEquals("stream.cam1.model", header.get(fixed));
        assertEquals("stream.cam2.latency_ms_unloaded", header.get(fixed + 2 * ResultsCsv.STREAM_FIELDS.size() - 1));
        assertEquals("sweep.workload.streams.0.strategy.branches", header.get(header.size() - 1));
        var records = Csv.records(out.resolve("results.csv"));
        assertEquals(2, records.size());
        assertEquals("split2", records.get(0).get("stream.cam1.variant"));
        assertEquals("split4", records.get(1).get("stream.cam1.variant"));
        for (var row : records) {
            assertEquals("d4", row.get("stream.cam2.source"));
            assertEquals("", row.get("stream.cam2.offered_ips"));
            assertEquals("2", row.get("offered_ips"));
            assertEquals("ok", row.get("status"), row.toString());
            assertEquals("lcp+data-parallel", row.get("strategy"));
            assertEquals("alexnet+cifarnet", row.get("model"));
        }
        String html = Files.readString(out.resolve("report/index.html"));
        assertTrue(html.contains("id=\"streams\""), "no per-stream table");
        assertTrue(html.contains("cam2"), "no stream in the report");
        assertTrue(Files.isRegularFile(out.resolve("charts/streams-latency.png")));
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("cam2", summary.get("results").get(0).get("streams").get(1).get("name").asText());
        // the report is rebuilt from points.jsonl with the streams
        CliHarness.Result again = CliHarness.run("report", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.readString(out.resolve("report/index.html")).contains("id=\"streams\""));
    }

    /** explore takes the streams' columns as objectives and constraints; a stream the file does not have is an error. */
    @Test
    void exploreReadsTheStreamsColumns() throws IOException {
        String yaml = "name: ex\n" + HEAD.replace("count: 8", "count: 6").replace("replications: 2", "replications: 1") + """
                workload:
                  requests: 8
                  warmup: 1
                  streams:
                    - {name: cam1, devices: [d0, d1, d2, d3], model: alexnet, strategy: {kind: lcp, branches: 4},
                       arrival: {kind: periodic, fps: 1}}
                    - {name: cam2, devices: [d4, d5], model: cifarnet, strategy: {kind: data-parallel}}
                sweep:
                  workload.streams.0.strategy.branches: [2, 4]
                explore:
                  objectives: [{minimize: stream.cam1.latency_ms_mean}, {minimize: params}]
                  constraints: ["stream.cam2.latency_ms_p95 < 10000", "stream.cam1.status == 'ok'"]
                """;
        Path out = dir.resolve("out-explore");
        CliHarness.Result r = CliHarness.run("explore", write("ex", yaml).toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("lowest stream.cam1.latency_ms_mean"), r.out());
        assertTrue(Csv.records(out.resolve("pareto.csv")).get(0).containsKey("stream.cam1.latency_ms_mean"));
        r = CliHarness.run("validate", write("ex9", yaml.replace("minimize: stream.cam1", "minimize: stream.cam9")).toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("$.explore.objectives[0]: unknown column 'stream.cam9.latency_ms_mean'"), r.err());
    }

    /** A file of one stream has no stream columns and its points.jsonl lines no streams field. */
    @Test
    void aFileOfOneStreamHasNoStreamColumns() throws IOException {
        Path out = dir.resolve("out-single");
        Path f = write("single", ("name: single\n" + HEAD).replace("count: 8", "count: 2") + """
                model: lenet
                strategy: {kind: lcp, branches: 2}
                workload: {requests: 3, warmup: 0}
                """);
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(ResultsCsv.COLUMNS.stream().map(c -> c.name()).toList(), List.of(Csv.read(out.resolve("results.csv")).get(0)));
        assertFalse(Files.readString(out.resolve("points.jsonl")).contains("\"streams\""));
    }

    /** Streams are validated like every field: positioned errors, exit 2, for validate and run alike. */
    @Test
    void badStreamsArePositionedErrors() throws IOException {
        String base = "name: bad\n" + HEAD;
        Object[][] cases = {
            {"    - {name: a, devices: [d0, d8], model: lenet, strategy: {kind: single}}\n",
                "$.workload.streams[0].devices[1]: device d8 does not exist; the cluster has 8 devices (d0..d7)"},
            {"    - {name: a, model: lenet, strategy: {kind: single}}\n    - {name: a, model: lenet, strategy: {kind: single}}\n",
                "$.workload.streams[1].name: stream name 'a' is also the name of streams[0]"},
            {"    - {name: a, strategy: {kind: single}}\n", "$.workload.streams[0].model: missing required field"},
            {"    - {name: a, source: d9, model: lenet, strategy: {kind: single}}\n",
                "$.workload.streams[0].source: expected 'external'"},
            {"    - {name: a, source: camera, model: lenet, strategy: {kind: single}}\n",
                "$.workload.streams[0].source: expected 'external'"},
            {"    - {name: a, devices: [d1, d2], model: lenet, strategy: {kind: single, device: d0}}\n",
                "$.workload.streams[0].strategy.device: device d0 is not among the devices of this stream (d1, d2)"},
            {"    - {name: a.b, model: lenet, strategy: {kind: single}}\n", "$.workload.streams[0].name: expected a letter"},
            {"    - {name: a, model: lenet, strategy: {kind: single}, arrival: {kind: periodic, fps: 0}}\n",
                "$.workload.streams[0].arrival.fps"},
            {"    - {name: a, model: lenet, strategy: {kind: single}, requests: 0}\n", "$.workload.streams[0].requests"},
        };
        for (Object[] c : cases) {
            Path f = write("bad" + Math.abs(c[0].hashCode()), base + "workload:\n  streams:\n" + c[0]);
            for (String command : List.of("validate", "run")) {
                CliHarness.Result r = command.equals("run")
                        ? CliHarness.run("run", f.toString(), "--out", dir.resolve("o").toString(), "--no-progress")
                        : CliHarness.run("validate", f.toString());
                assertEquals(2, r.exitCode(), command + " " + c[0] + r.out() + r.err());
                assertTrue(r.err().contains((String) c[1]) || r.out().contains((String) c[1]), command + ": " + r.err());
                assertTrue(r.err().matches("(?s).*bad\\d+\\.yaml:\\d+:\\d+: .*"), r.err());
            }
        }
        // the top-level model and strategy belong to a file of one stream
        Path both = write("both", base + "model: lenet\nworkload:\n  streams:\n    - {name: a, model: lenet, strategy: {kind: single}}\n");
        CliHarness.Result r = CliHarness.run("validate", both.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("$.model: with workload.streams every stream names its own model"), r.err());
        // a sweep may change what a stream runs, not which streams there are
        Path renamed = write("renamed", base + "workload:\n  streams:\n    - {name: a, model: lenet, strategy: {kind: single}}\n"
                + "sweep:\n  workload.streams.0.name: [a, b]\n");
        r = CliHarness.run("validate", renamed.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("$.sweep.workload.streams.0.name: changes the request streams to b where the file has a"),
                r.err());
    }
}

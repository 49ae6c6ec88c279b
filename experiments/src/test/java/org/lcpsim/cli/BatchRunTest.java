package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.results.PointResult;

/**
 * {@code workload: {batch: N}} through the whole pipeline: a request of N images carries N
 * times the bytes, computes N images, and is counted as N inferences (throughput, capacity,
 * offered rate and energy per image; latency per request).
 */
class BatchRunTest {
    @TempDir
    Path dir;

    /** One 1 GFLOP/s roofline device behind a 2 ms, 8 Mbps link; a 4000-byte input per image (4 ms). */
    private static final String EXPERIMENT = """
            name: batches
            model: {file: wide.yaml}
            strategy: {kind: single}
            cluster:
              devices: [{kind: roofline, peakGflops: 1, memoryBandwidthGBps: 1000000, memoryMb: 1024,
                         power: {idleW: 1, activeW: 3}}]
            network: {kind: point-to-point, bandwidthMbps: 8, latencyMs: 2}
            input: {bytes: 4000}
            workload: {requests: 10, warmup: 1%s}
            replications: 2
            seed: 5
            %s
            """;

    private List<Map<String, String>> run(String name, String workloadExtra, String sweep) throws IOException {
        WideModel.write(dir);
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, EXPERIMENT.formatted(workloadExtra, sweep));
        Path out = dir.resolve(name);
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        return Csv.records(out.resolve("results.csv"));
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void aBatchOfFourCarriesFourTimesTheBytesAndCountsImages() throws IOException {
        var rows = run("closed", "", "sweep: {workload.batch: [1, 4]}");
        Map<String, String> one = rows.get(0);
        Map<String, String> four = rows.get(1);
        assertEquals("1", one.get("batch"));
        assertEquals("4", four.get("batch"));
        assertEquals("4", four.get("sweep.workload.batch"));
        // latency per request: 2 ms + 4 x 4000 B at 8 Mbps (16 ms) + 4 x 20 ms of compute
        assertEquals(2 + 4 + 20, num(one, "latency_ms_mean"), 1e-6);
        assertEquals(2 + 16 + 80, num(four, "latency_ms_mean"), 1e-6);
        assertEquals(80, num(four, "compute_ms_mean"), 1e-6);
        assertEquals(18, num(four, "input_ms_mean"), 1e-6);
        // bytes per request: one message of 4 x 4000 B
        assertEquals(4000, num(one, "bytes_total"));
        assertEquals(16_000, num(four, "bytes_total"));
        // throughput in images per second: one request of 4 images every 98 ms
        assertEquals(1000.0 / 26, num(one, "throughput_ips"), 1e-6);
        assertEquals(4000.0 / 98, num(four, "throughput_ips"), 1e-6);
        // capacity in images per second: the device, 20 ms per image either way
        assertEquals(50, num(one, "capacity_ips"), 0.5);
        assertEquals(50, num(four, "capacity_ips"), 0.5);
        assertEquals("d0", four.get("capacity_bottleneck"));
        // energy per image: idle 1 W over the request, 2 W more while computing
        assertEquals((26 + 2 * 20) / 1000.0, num(one, "energy_j_per_inference"), 1e-9);
        assertEquals((98 + 2 * 80) / 1000.0 / 4, num(four, "energy_j_per_inference"), 1e-9);
        // memory: the weights once, activations and buffers four times
        double weightsMb = 40_000_000 / (1024.0 * 1024.0);
        assertEquals(4 * (num(one, "peak_memory_mb_max") - weightsMb), num(four, "peak_memory_mb_max") - weightsMb, 1e-6);
        // params and MACs are the model's, whatever the batch
        assertEquals(one.get("macs"), four.get("macs"));
        // the journal keeps the batch
        List<PointResult> stored = PointsJsonl.read(dir.resolve("closed").resolve(PointsJsonl.FILE));
        assertEquals(4, stored.get(1).batch());
    }

    @Test
    void anOpenLoopOffersImagesAndSaturatesByThem() throws IOException {
        // 10 requests/s of 4 images = 40 images/s, under the 50 the device sustains; 15/s = 60 images/s is over
        var rows = run("open", ", batch: 4, arrival: {kind: periodic, fps: 10}",
                "sweep: {workload.arrival.fps: [10, 15]}");
        Map<String, String> under = rows.get(0);
        Map<String, String> over = rows.get(1);
        assertEquals(40, num(under, "offered_ips"), 1e-9);
        assertEquals("ok", under.get("status"));
        assertEquals(98, num(under, "latency_ms_mean"), 1e-6);
        assertEquals(60, num(over, "offered_ips"), 1e-9);
        assertEquals("saturated", over.get("status"));
        assertTrue(over.get("notes").contains("offers 15.0 requests/s of 4 images (60.0 images/s), more than the"),
                over.get("notes"));
    }

    @Test
    void measuredLayersScaledToABatchSayItInTheNotes() throws IOException {
        WideModel.write(dir);
        Path f = dir.resolve("profiled.yaml");
        Files.writeString(f, """
                name: profiled
                model: {file: wide.yaml}
                strategy: {kind: single}
                cluster:
                  devices: [{preset: rpi3, profile: [{workload: wide, layer: fc, ms: 30}]}]
                network: {kind: point-to-point, bandwidthMbps: 8, latencyMs: 2}
                input: {bytes: 4000}
                workload: {requests: 3, warmup: 0, batch: 4}
                replications: 1
                """);
        Path out = dir.resolve("profiled");
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> row = Csv.records(out.resolve("results.csv")).get(0);
        assertEquals(50, num(row, "measured_layers_pct"), 1e-9);
        assertTrue(row.get("notes").contains("measured times of one image, scaled to the batch of 4"), row.get("notes"));
    }
}

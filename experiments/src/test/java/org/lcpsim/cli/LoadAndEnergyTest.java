package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.charts.SpeedupChart;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.Span;

/**
 * Capacity, saturation and energy through the whole pipeline (YAML, DSOL, results.csv, report),
 * each seen case of issue 10 as a test.
 */
class LoadAndEnergyTest {
    @TempDir
    Path dir;

    /** results.csv as one map per row, by column name. */
    private List<Map<String, String>> run(String yaml) throws IOException {
        Path f = dir.resolve("e" + Math.abs(yaml.hashCode()) + ".yaml");
        Files.writeString(f, yaml);
        Path out = dir.resolve("out" + Math.abs(yaml.hashCode()));
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        return rows(out.resolve("results.csv"));
    }

    static List<Map<String, String>> rows(Path csv) throws IOException {
        return Csv.records(csv);
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /** Seen: 8 Pis on WiFi at 30 fps reported a mean latency of 106,558 ms with status ok and no note. */
    @Test
    void eightPisAtThirtyFpsAreSaturatedAndSayWhere() throws IOException {
        var rows = run("""
                name: thirty-fps
                model: alexnet
                strategy: {kind: lcp, branches: 8}
                cluster: {devices: [{preset: rpi3, count: 8}]}
                network: {preset: wifi-rpi}
                input: {dtype: uint8}
                workload: {requests: 100, warmup: 5, arrival: {kind: periodic, fps: 30}}
                replications: 1
                """);
        Map<String, String> r = rows.get(0);
        assertEquals("saturated", r.get("status"));
        assertTrue(num(r, "capacity_ips") < 30, r.toString());
        assertEquals(30, num(r, "offered_ips"));
        assertTrue(r.get("notes").contains("more than the") && r.get("notes").contains("bottleneck is"), r.get("notes"));
        // the latency columns stay, and the latency of one request alone is there too
        assertTrue(num(r, "latency_ms_mean") > 10 * num(r, "latency_ms_unloaded"), r.toString());
    }

    /** The status through the pipeline: a Poisson stream at half, and at 1.2 times, one Pi's capacity. */
    @Test
    void poissonAtHalfCapacityIsOkAndAbovecapacityIsSaturated() throws IOException {
        String yaml = """
                name: mm1
                model: cifarnet
                strategy: {kind: single}
                cluster: {devices: [{preset: rpi3, noise: {cv: 1.0}}], source: d0}
                network: {preset: wifi-rpi}
                workload: {requests: 600, warmup: 20, arrival: {kind: poisson, ratePerS: %s}}
                replications: 2
                """;
        // the service time first: one request alone
        double serviceMs = num(run(yaml.formatted("1").replace("kind: poisson, ratePerS: 1", "kind: closed")).get(0),
                "latency_ms_mean");
        double capacity = 1000 / serviceMs;
        Map<String, String> half = run(yaml.formatted(Double.toString(0.5 * capacity))).get(0);
        assertEquals("ok", half.get("status"), half.toString());
        assertEquals(capacity, num(half, "capacity_ips"), capacity * 0.1);
        Map<String, String> over = run(yaml.formatted(Double.toString(1.2 * capacity))).get(0);
        assertEquals("saturated", over.get("status"), over.toString());
        assertEquals("d0", over.get("capacity_bottleneck"));
    }

    /**
     * DP and LCP on 4 Pis against a hand computation of the bottleneck: per request, each resource
     * is busy for its demand D (a device: its tasks; the WiFi air: every byte crosses it twice,
     * station to AP to station, at 124.48 Mbps); capacity = 1000 / max D.
     */
    @Test
    void dataParallelAndLcpCapacityOnFourPisMatchTheBottleneckByHand() throws IOException {
        Path f = dir.resolve("four.yaml");
        Files.writeString(f, """
                name: four-pis
                model: alexnet
                strategy: {kind: single}
                cluster: {devices: [{preset: rpi3, count: 4}]}
                network: {preset: wifi-rpi}
                input: {bytes: 16000}
                workload: {requests: 5, warmup: 1}
                replications: 1
                sweep:
                  strategy: [{kind: single}, {kind: data-parallel}, {kind: lcp, branches: 4}]
                """);
        Path out = dir.resolve("four");
        assertEquals(0, CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report")
                .exitCode());
        var rows = rows(out.resolve("results.csv"));
        List<PointResult> points = PointsJsonl.read(out.resolve(PointsJsonl.FILE));
        double airMbps = 2 * 62.24;
        // one Pi runs the whole model: its compute on the critical path is its service time
        double serviceMs = num(rows.get(0), "compute_ms_mean");
        double dpAirMs = 2 * 16000 * 8 / (airMbps * 1000);
        double dp = 1000 / Math.max(serviceMs / 4, dpAirMs);
        assertEquals(dp, num(rows.get(1), "capacity_ips"), dp * 0.01);
        // LCP: d0 computes its branch and the classifier; the others a branch each
        double[] busy = new double[4];
        for (Span s : points.get(2).metrics().timeline()) {
            if (s.kind() != Span.Kind.TRANSFER) {
                busy[Integer.parseInt(s.resource().substring(1))] += s.endMs() - s.startMs();
            }
        }
        double lcpAirMs = 2 * num(rows.get(2), "bytes_total") * 8 / (airMbps * 1000);
        double maxDevice = Math.max(Math.max(busy[0], busy[1]), Math.max(busy[2], busy[3]));
        double lcp = 1000 / Math.max(maxDevice, lcpAirMs);
        assertEquals(lcp, num(rows.get(2), "capacity_ips"), lcp * 0.01);
        assertEquals(busy[0] >= lcpAirMs ? "d0" : "air", rows.get(2).get("capacity_bottleneck"));
    }

    /**
     * Seen: data parallelism over 256 Pis was given 24.5 requests/s ("no single resource
     * saturates ... bound by latencies") instead of 256 times one Pi's: the reference run, one
     * request in flight, gave every request to d0, so the probe started 256 times too slow and
     * stopped raising the rate before any replica was busy. By hand: k replicas serve k / service
     * time until the source's port (every raw 224 x 224 image leaves through it) is full: 1,024
     * of them would serve 2,277 a second, the port passes fewer than 800.
     */
    @Test
    void dataParallelCapacityGrowsWithTheReplicasUntilTheSourcePortIsFull() throws IOException {
        var rows = run("""
                name: many-replicas
                model: alexnet
                strategy: {kind: data-parallel}
                cluster: {devices: [{preset: rpi3, count: 1}]}
                network: {preset: ethernet-1g}
                workload: {requests: 5, warmup: 1}
                replications: 1
                sweep:
                  cluster.devices.0.count: [1, 200, 300, 1024]
                """);
        double one = num(rows.get(0), "capacity_ips");
        for (int i = 1; i <= 2; i++) {
            int k = Integer.parseInt(rows.get(i).get("devices"));
            assertEquals(k * one, num(rows.get(i), "capacity_ips"), k * one * 0.01, "DP over " + k);
            assertTrue(num(rows.get(i), "bottleneck_utilization") > 0.99, rows.get(i).toString());
        }
        var port = rows.get(3);
        assertEquals("source.up", port.get("capacity_bottleneck"), port.toString());
        assertTrue(num(port, "bottleneck_utilization") > 0.99, port.toString());
        assertTrue(num(port, "capacity_ips") < 1024 * one, port.toString());
        assertFalse(port.get("notes").contains("no single resource saturates"), port.get("notes"));
        // two camera streams, each data parallel over 150 Pis of its own: together 300 Pis' worth
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < 150; d++) {
            a.append(d == 0 ? "" : ", ").append('d').append(d);
            b.append(d == 0 ? "" : ", ").append('d').append(150 + d);
        }
        var mix = run("""
                name: two-streams
                cluster: {devices: [{preset: rpi3, count: 300}]}
                network: {preset: ethernet-1g}
                input: {bytes: 16000}
                replications: 1
                workload:
                  warmup: 0
                  arrival: {kind: periodic, fps: 1}
                  streams:
                    - {name: a, model: alexnet, strategy: {kind: data-parallel}, source: d0, devices: [%s], requests: 5}
                    - {name: b, model: alexnet, strategy: {kind: data-parallel}, source: d150, devices: [%s], requests: 5}
                """.formatted(a, b)).get(0);
        assertEquals(300 * one, num(mix, "capacity_ips"), 300 * one * 0.01, mix.toString());
    }

    /**
     * A design whose closed loop moves in bursts (two FPGAs behind the Pi WiFi: transfers that
     * share the air finish together, then both compute while the air idles) still gets the
     * capacity of its bottleneck, the air, by hand: every byte crosses it twice at 124.48 Mbps;
     * and a camera just below that rate is served at a constant latency, not "saturated".
     */
    @Test
    void aDesignThatMovesInBurstsGetsTheCapacityOfItsBottleneck() throws IOException {
        String yaml = """
                name: bursts
                model: vgg-s
                strategy: {kind: lcp, branches: 2}
                cluster: {devices: [{preset: lcp-fpga, count: 2}]}
                network: {preset: wifi-rpi}
                input: {dtype: uint8}
                precision: {weights: fixed16, activations: fixed16}
                workload: {requests: 400, warmup: 10, arrival: %s}
                replications: 1
                """;
        Map<String, String> closed = run(yaml.formatted("{kind: closed}")).get(0);
        double airMs = 2 * num(closed, "bytes_total") * 8 / (2 * 62.24 * 1000);
        assertEquals(1000 / airMs, num(closed, "capacity_ips"), 1000 / airMs * 0.01);
        assertEquals("air", closed.get("capacity_bottleneck"));
        Map<String, String> camera = run(yaml.formatted("{kind: periodic, fps: " + 0.98 * num(closed, "capacity_ips") + "}"))
                .get(0);
        assertEquals("ok", camera.get("status"), camera.toString());
        assertEquals(num(closed, "latency_ms_mean"), num(camera, "latency_ms_mean"), num(closed, "latency_ms_mean") * 0.05);
    }

    /** Seen: example 07's single board was overloaded at 4 fps, so the speedup chart showed LCP at 26x on 4 boards. */
    @Test
    void theFiveStrategiesExampleMarksTheOverloadedBoardAndNoSpeedupComesFromAQueue() throws IOException {
        Path out = dir.resolve("07");
        assertEquals(0, CliHarness.run("run", "../experiments/examples/07-five-strategies.yaml", "--out", out.toString(),
                "--no-progress").exitCode());
        var rows = rows(out.resolve("results.csv"));
        assertEquals("saturated", rows.get(0).get("status"));
        for (Map<String, String> r : rows.subList(1, rows.size())) {
            assertEquals("ok", r.get("status"), r.toString());
        }
        var speedups = SpeedupChart.dataset(PointsJsonl.read(out.resolve(PointsJsonl.FILE)));
        for (int s = 0; s < speedups.getSeriesCount(); s++) {
            for (int i = 0; i < speedups.getItemCount(s); i++) {
                assertTrue(speedups.getYValue(s, i) <= speedups.getXValue(s, i) + 1e-9,
                        speedups.getSeriesKey(s) + " is superlinear at " + speedups.getXValue(s, i));
            }
        }
        String html = Files.readString(out.resolve("report/index.html"));
        assertTrue(html.contains("saturated</b>") && html.contains("class=\"saturated\""), "the report names it");
    }

    /** Seen: aws-t2.micro has no power figure and reported energy 0, so an explore minimising energy picked it. */
    @Test
    void unknownPowerIsABlankEnergyAndExploreDoesNotPickIt() throws IOException {
        Path f = dir.resolve("energy.yaml");
        Files.writeString(f, """
                name: energy
                model: cifarnet
                strategy: {kind: single}
                cluster: {devices: [{preset: rpi3}]}
                network: {preset: wifi-rpi}
                input: {bytes: 4000}
                workload: {requests: 4, warmup: 1}
                replications: 1
                sweep:
                  cluster.devices.0.preset: [aws-t2.micro, rpi3]
                explore:
                  objectives: [{minimize: energy_j_per_inference}]
                """);
        Path out = dir.resolve("explore");
        CliHarness.Result r = CliHarness.run("explore", f.toString(), "--out", out.toString(), "--no-progress",
                "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        var rows = rows(out.resolve("results.csv"));
        Map<String, String> aws = rows.get(0);
        assertEquals("aws-t2.micro", aws.get("device_type"));
        assertEquals("", aws.get("energy_j_per_inference"));
        assertTrue(aws.get("notes").contains("no power figure"), aws.get("notes"));
        assertTrue(num(rows.get(1), "energy_j_per_inference") > 0);
        assertTrue(r.out().contains("recommended: point 1"), r.out());
        assertTrue(r.out().contains("1 with unknown energy_j_per_inference"), r.out());
    }

    /** Seen: energy counted only the devices a design uses (one Jetson at 0.085 J while three more boards were powered). */
    @Test
    void energyCountsTheWholeClusterByDefaultAndTheScopeIsAColumn() throws IOException {
        var rows = run("""
                name: scope
                model: resnet18
                strategy: {kind: single}
                cluster: {devices: [{preset: jetson-tx2, count: 4}]}
                network: {preset: ethernet-1g}
                input: {bytes: 16000}
                workload: {requests: 5, warmup: 1}
                replications: 1
                sweep:
                  energy: [{scope: cluster}, {scope: used}, {scope: cluster, idle: exclude}]
                """);
        double cluster = num(rows.get(0), "energy_j_per_inference");
        double used = num(rows.get(1), "energy_j_per_inference");
        double busyOnly = num(rows.get(2), "energy_j_per_inference");
        assertEquals("cluster+idle", rows.get(0).get("energy_scope"));
        assertEquals("used+idle", rows.get(1).get("energy_scope"));
        assertEquals("cluster-idle", rows.get(2).get("energy_scope"));
        // three idle TX2 at 1.90 W over the latency of one inference (closed loop: window / inference = latency)
        double latencyS = num(rows.get(0), "latency_ms_mean") / 1000;
        assertEquals(used + 3 * 1.90 * latencyS, cluster, cluster * 1e-6);
        // busy-only energy: 9.65 W while computing
        assertEquals(9.65 * num(rows.get(0), "busy_fraction_max") * latencyS, busyOnly, busyOnly * 1e-6);
        assertNotEquals(cluster, used);
    }

    @Test
    void energyScopeIsCheckedLikeEveryField() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                name: bad
                model: cifarnet
                strategy: {kind: single}
                cluster: {devices: [{preset: rpi3}]}
                network: {preset: wifi-rpi}
                energy: {scope: everything, idel: include}
                """);
        CliHarness.Result r = CliHarness.run("validate", f.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("bad.yaml:6:") && r.err().contains("$.energy.scope"), r.err());
        assertTrue(r.err().contains("$.energy.idel"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}

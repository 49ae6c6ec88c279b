package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.results.FaultResult;
import org.lcpsim.results.PointResult;

/** Faults through the command line (docs/engine.md, "Faults"). */
class FaultsRunTest {
    @TempDir
    Path dir;

    private static final String PIS = """
            model: alexnet
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {preset: wifi-rpi}
            input: {bytes: 16000}
            replications: 1
            seed: 3
            """;

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private Path run(String name, String yaml) throws IOException {
        Path out = dir.resolve("out-" + name);
        CliHarness.Result r = CliHarness.run("run", write(name, yaml).toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        return out;
    }

    private static List<PointResult> byId(Path out) {
        List<PointResult> points = new ArrayList<>(PointsJsonl.read(out.resolve(PointsJsonl.FILE)));
        points.sort(java.util.Comparator.comparingInt(PointResult::pointId));
        return points;
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /**
     * The test: one of 8 Pis (d5) crashes mid-run, from 6 to 14 s, with a frame every 500 ms.
     * LCP split8 with a 300 ms gather deadline keeps answering, with 7 of 8 branches while d5 is down,
     * each such answer about the deadline later than a complete one; model parallelism loses the
     * requests in flight and the ones sent before the source learns of the crash (its 1 s timeout),
     * and holds the others until d5 is back.
     */
    @Test
    void lcpWithADeadlineKeepsAnsweringWhileModelParallelismStops() throws IOException {
        Path out = run("pis", "name: crash\n" + PIS + """
                strategy: {kind: lcp, branches: 8, gatherDeadlineMs: 300}
                workload: {requests: 40, warmup: 2, arrival: {kind: periodic, fps: 2}}
                faults:
                  - {device: d5, atS: 6, untilS: 14, kind: crash}
                sweep:
                  strategy:
                    - {kind: lcp, branches: 8, gatherDeadlineMs: 300}
                    - {kind: model-parallel}
                """);
        List<Map<String, String>> rows = Csv.records(out.resolve("results.csv"));
        Map<String, String> lcp = rows.get(0);
        Map<String, String> mp = rows.get(1);
        // every request that arrived while d5 was down: 6.0, 6.5, ..., 13.5 s, 16 of them
        assertEquals(16, num(lcp, "requests_degraded"));
        assertEquals(0, num(lcp, "requests_failed"));
        assertEquals(1, num(lcp, "availability"));
        assertTrue(num(mp, "requests_failed") >= 2, mp.toString());
        assertTrue(num(mp, "availability") < 1, mp.toString());
        assertEquals(0, num(mp, "requests_degraded"));
        assertTrue(lcp.get("notes").contains("d5 crashed from 6 s to 14 s"), lcp.get("notes"));
        // no accuracy table: the accuracy is blank, never made up
        assertEquals("", lcp.get("accuracy_pct_mean"));
        assertTrue(lcp.get("notes").contains("no accuracy table"), lcp.get("notes"));
        // the capacity is the design's, without the fault
        assertEquals(8.299, num(lcp, "capacity_ips"), 0.01);

        List<PointResult> points = byId(out);
        FaultResult.Timeline t = points.get(0).faults().timeline();
        double complete = Double.NaN;
        for (int i = 0; i < t.arrivalMs().length; i++) {
            double at = t.arrivalMs()[i];
            boolean down = at >= 6000 && at < 14_000;
            assertEquals(down ? 7 : 8, t.arrived()[i], "request at " + at);
            if (!down) {
                complete = t.latencyMs()[i];
            }
        }
        for (int i = 0; i < t.arrivalMs().length; i++) {
            if (t.arrived()[i] == 7) {
                // the first branch reaches the head about as early as in a complete answer; then the deadline
                assertTrue(t.latencyMs()[i] > 300 && t.latencyMs()[i] < complete + 300, t.latencyMs()[i] + " vs "
                        + complete);
            }
        }
        // model parallelism: nothing is answered with fewer branches; the failed requests arrived around the crash
        FaultResult.Timeline m = points.get(1).faults().timeline();
        for (int i = 0; i < m.arrivalMs().length; i++) {
            if (Double.isNaN(m.latencyMs()[i])) {
                assertTrue(m.arrivalMs()[i] > 4000 && m.arrivalMs()[i] < 7000, "failed at " + m.arrivalMs()[i]);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("charts/faults-timeline-p0.png")));
        assertTrue(Files.isRegularFile(out.resolve("charts/faults-timeline-p1.svg")));
        assertTrue(Files.readString(out.resolve("report/index.html")).contains("d5 crashed"));
    }

    /** A file without faults has none of the fault columns: its results.csv is what it was before faults existed. */
    @Test
    void noFaultsNoColumns() throws IOException {
        Path out = run("plain", "name: plain\n" + PIS + """
                strategy: {kind: lcp, branches: 8}
                workload: {requests: 5, warmup: 1}
                """);
        List<String> header = List.of(Csv.read(out.resolve("results.csv")).get(0));
        assertEquals(ResultsCsv.COLUMNS.size(), header.size());
        assertFalse(Files.readString(out.resolve(PointsJsonl.FILE)).contains("\"faults\""));
    }

    /**
     * Accuracy by branches arrived, from an inline table: 8 of 8 branches 49.03 %, 7 of 8 45 % (a
     * number for the test). The mean over the answers, and the latency per expected correct answer:
     * the latencies added up over the accuracies (as fractions) added up.
     */
    @Test
    void accuracyOfPartialAnswersComesFromTheTable() throws IOException {
        Path out = run("acc", "name: acc\n" + PIS + """
                strategy: {kind: lcp, branches: 8, gatherDeadlineMs: 200, minBranches: 4}
                workload: {requests: 20, warmup: 0, arrival: {kind: periodic, fps: 2}}
                faults: [{device: d3, atS: 2, untilS: 5}]
                accuracy:
                  rows:
                    - {model: alexnet, branches: 8, top1Pct: 49.03}
                    - {model: alexnet, branches: 8, branchesArrived: 7, top1Pct: 45}
                """);
        Map<String, String> row = Csv.records(out.resolve("results.csv")).get(0);
        PointResult p = PointsJsonl.read(out.resolve(PointsJsonl.FILE)).get(0);
        FaultResult.Timeline t = p.faults().timeline();
        double acc = 0;
        double lat = 0;
        int answered = 0;
        int partial = 0;
        for (int i = 0; i < t.arrivalMs().length; i++) {
            double a = t.arrived()[i] == 8 ? 49.03 : 45;
            partial += t.arrived()[i] == 7 ? 1 : 0;
            assertEquals(a, t.accuracyPct()[i], 1e-12);
            acc += a;
            lat += t.latencyMs()[i];
            answered++;
        }
        assertEquals(6, partial, "requests at 2.0, 2.5, ..., 4.5 s");
        assertEquals(acc / answered, num(row, "accuracy_pct_mean"), 1e-6);
        assertEquals(lat / (acc / 100), num(row, "latency_ms_accuracy_weighted"), 1e-6);
        assertEquals(6, num(row, "requests_degraded"));
    }

    /** The same from a CSV table with a branches_arrived column (blank: the complete answer); a bad cell is positioned. */
    @Test
    void accuracyTablesTakeABranchesArrivedColumn() throws IOException {
        Files.writeString(dir.resolve("acc.csv"), """
                model,branches,fatten,branches_arrived,top1_pct,source
                alexnet,8,0,,49.03,LCP paper Table III
                alexnet,8,0,7,45,a number for the test
                """);
        String yaml = "name: csv\n" + PIS + """
                strategy: {kind: lcp, branches: 8, gatherDeadlineMs: 200}
                workload: {requests: 10, warmup: 0, arrival: {kind: periodic, fps: 2}}
                faults: [{device: d3, atS: 2, untilS: 3}]
                accuracy: {file: acc.csv}
                """;
        Map<String, String> row = Csv.records(run("csv", yaml).resolve("results.csv")).get(0);
        // 2 of the 10 requests (2.0 and 2.5 s) with 7 branches
        assertEquals((8 * 49.03 + 2 * 45) / 10, num(row, "accuracy_pct_mean"), 1e-6);
        Files.writeString(dir.resolve("acc.csv"), "model,branches,fatten,branches_arrived,top1_pct\nalexnet,8,0,9,40\n");
        CliHarness.Result r = CliHarness.run("validate", write("csv2", yaml).toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("acc.csv:2:13: $.branches_arrived: expected an integer between 1 and 8, got '9'"),
                r.err());
    }

    /** A sweep with and without the fault; a slowdown is exact; a topology link down delays and loses nothing. */
    @Test
    void sweepOverFaultsSlowdownAndALinkDown() throws IOException {
        Path out = run("sweep", """
                name: sweep
                model: alexnet
                strategy: {kind: single}
                cluster: {devices: [{preset: rpi3}]}
                network:
                  kind: topology
                  links: [{name: cable, between: [source, d0], bandwidthMbps: 100, latencyMs: 1}]
                input: {bytes: 16000}
                workload: {requests: 6, warmup: 0, arrival: {kind: periodic, fps: 1}}
                replications: 1
                sweep:
                  faults:
                    - []
                    - [{device: d0, atS: 0, untilS: 0.5, kind: slowdown, factor: 3}]
                    - [{link: cable, atS: 0, untilS: 2}]
                """);
        List<Map<String, String>> rows = Csv.records(out.resolve("results.csv"));
        List<PointResult> points = byId(out);
        double alone = points.get(0).faults().timeline().latencyMs()[0];
        double input = 1 + 16000 * 8 / 100_000.0;
        double compute = alone - input;
        // the slowdown: request 0 starts computing at 2.28 ms, inside the window: three times the compute; request 1
        // (1 s) waits for it and starts at its end, after the window: its own time
        double[] slowed = points.get(1).faults().timeline().latencyMs();
        assertEquals(input + 3 * compute, slowed[0], 1e-6);
        assertEquals(input + 3 * compute + compute - 1000, slowed[1], 1e-6);
        assertEquals(alone, slowed[2], 1e-9);
        // the link (12,500 B/ms) is down from 0 to 2 s: the inputs of requests 0 (0 s) and 1 (1 s) stall with all their
        // 16,000 B; at 2 s they share the cable (6,250 B/ms each) until request 2's input, sent at 2 s, is past its
        // 1 ms latency; then three share it: request 0's last 9,750 B take 9,750 x 3 / 12,500 = 2.34 ms
        double[] down = points.get(2).faults().timeline().latencyMs();
        assertEquals(2001 + 9750 * 3 / 12_500.0 + compute, down[0], 1e-6);
        assertEquals(alone, down[5], 1e-9);
        for (Map<String, String> row : rows) {
            assertEquals(0, num(row, "requests_failed"));
            assertEquals(1, num(row, "availability"));
        }
        assertTrue(rows.get(2).get("notes").contains("link cable down from 0 s to 2 s"), rows.get(2).get("notes"));
    }

    /** Several streams: the fault columns of the point, then of each stream. */
    @Test
    void streamsHaveTheirOwnFaultColumns() throws IOException {
        Path out = run("streams", """
                name: streams
                cluster: {devices: [{preset: rpi3, count: 4}]}
                network: {preset: wifi-rpi}
                input: {bytes: 16000}
                replications: 1
                workload:
                  requests: 10
                  warmup: 0
                  arrival: {kind: periodic, fps: 2}
                  streams:
                    - {name: a, devices: [d0, d1], model: alexnet, strategy: {kind: lcp, branches: 2, gatherDeadlineMs: 200}}
                    - {name: b, devices: [d2, d3], model: alexnet, strategy: {kind: model-parallel, coordinator: d2}}
                faults: [{device: d1, atS: 1, untilS: 3}, {device: d3, atS: 1, untilS: 3}]
                """);
        List<String> header = List.of(Csv.read(out.resolve("results.csv")).get(0));
        for (String s : List.of("a", "b")) {
            for (String f : ResultsCsv.FAULT_FIELDS) {
                assertTrue(header.contains("stream." + s + "." + f), s + "." + f);
            }
        }
        Map<String, String> row = Csv.records(out.resolve("results.csv")).get(0);
        assertTrue(num(row, "stream.a.requests_degraded") > 0, row.toString());
        assertEquals(0, num(row, "stream.a.requests_failed"));
        assertTrue(num(row, "stream.b.requests_failed") > 0, row.toString());
        assertEquals(num(row, "stream.a.requests_failed") + num(row, "stream.b.requests_failed"),
                num(row, "requests_failed"), 1e-12);
    }

    /** Every mistake in the faults or the fields that react to them is an error at its place. */
    @Test
    void badFaultsArePositionedErrors() throws IOException {
        String base = "name: bad\n" + PIS + "workload: {requests: 5}\n";
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d9, atS: 1, untilS: 2}]",
                        "$.faults[0].device: device d9 does not exist; the cluster has 8 devices"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, atS: 3, untilS: 2}]",
                        "$.faults[0].untilS: must be after atS (3 s), got 2 s"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, atS: 3}]",
                        "$.faults[0].untilS: missing required field"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, atS: 1, untilS: 2, factor: 2}]",
                        "$.faults[0].factor: a crash has no factor"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, atS: 1, untilS: 2, kind: slowdown}]",
                        "$.faults[0].factor: missing required field"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, atS: 1, untilS: 2, kind: slowdown,"
                        + " factor: 0.5}]", "$.faults[0].factor:"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{link: wan, atS: 1, untilS: 2}]",
                        "$.faults[0].link: unknown link 'wan': on network wifi-rpi (no links of its own) a link is a node's"
                                + " connection: d0, d1"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, link: d2, atS: 1, untilS: 2}]",
                        "$.faults[0].link: a fault is of a device or of a link, not both"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{atS: 1, untilS: 2}]",
                        "$.faults[0]: a fault names a device"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{kind: crash, mtbfS: 0, mttrS: 3}]",
                        "$.faults[0].mtbfS:"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: [{kind: crash, mtbfS: 5, mttrS: 3, devices: [d1, d1]}]",
                        "$.faults[0].devices[1]: device d1 is listed twice"},
                new String[] {"strategy: {kind: lcp, branches: 8}\nfaults: {device: d1}",
                        "$.faults: expected a list of faults"},
                new String[] {"strategy: {kind: lcp, branches: 8, gatherDeadlineMs: 100, minBranches: 9}",
                        "$.strategy.minBranches: the final node cannot have more than the 8 branches"},
                new String[] {"strategy: {kind: lcp, branches: 8, minBranches: 2}",
                        "$.strategy.minBranches: applies with a gather deadline"},
                new String[] {"strategy: {kind: model-parallel, gatherDeadlineMs: 100}",
                        "$.strategy.gatherDeadlineMs: unknown field"},
                new String[] {"strategy: {kind: lcp, branches: 8, gatherDeadlineMs: -1}", "$.strategy.gatherDeadlineMs:"},
                new String[] {"strategy: {kind: data-parallel, failoverTimeoutMs: -5}", "$.strategy.failoverTimeoutMs:"},
                new String[] {"strategy: {kind: lcp, branches: 8}\naccuracy: {rows: [{model: alexnet, branches: 8,"
                        + " branchesArrived: 9, top1Pct: 40}]}", "$.accuracy.rows[0].branchesArrived: an answer has at most"
                        + " the 8 branches"}));
        int k = 0;
        for (String[] c : cases) {
            Path f = write("bad" + k++, base + c[0] + "\n");
            CliHarness.Result r = CliHarness.run("validate", f.toString());
            assertEquals(2, r.exitCode(), c[0] + "\n" + r.out() + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + "\nexpected: " + c[1] + "\ngot: " + r.err());
            assertTrue(r.err().matches("(?s).*bad\\d+\\.yaml:\\d+:\\d+: .*"), r.err());
        }
        // a topology's link names are what a link fault names
        Path topo = write("topo", base.replace("network: {preset: wifi-rpi}", "network: {preset: wifi-cells}")
                + "strategy: {kind: lcp, branches: 8}\nfaults: [{link: uplink7, atS: 1, untilS: 2}]\n");
        CliHarness.Result r = CliHarness.run("validate", topo.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("$.faults[0].link: unknown link 'uplink7'; the topology's links and cells: cell0,"),
                r.err());
        // a device down for a billion seconds: the time bound refuses it at the fault
        Path longDown = write("long", base + "strategy: {kind: lcp, branches: 8}\nfaults: [{device: d1, atS: 0,"
                + " untilS: 1e9}, {device: d2, atS: 0, untilS: 1e9}]\n");
        r = CliHarness.run("validate", longDown.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("$.faults[0]: fault d1 down for"), r.err());
    }
}

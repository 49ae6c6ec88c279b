package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lcpsim compare end to end: an experiment run twice, before and after a change of network
 * preset, compared design by design; points only one run has are flagged; the matching rule
 * when the runs sweep different paths; bad inputs are exit 2.
 */
class CompareCommandTest {
    @TempDir
    Path dir;

    static final String EXPERIMENT = """
            name: before-after
            model: alexnet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 8, noise: {cv: 0.05}}]}
            network: {preset: wifi-rpi}
            input: {bytes: 16000}
            workload: {requests: 6, warmup: 1}
            replications: 3
            seed: 5
            sweep:
              strategy.branches: [1, 2, 4]
            """;

    private Path run(String name, String yaml) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        Path out = dir.resolve(name);
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        return out;
    }

    private static Map<String, Map<String, String>> byDesignAndMetric(Path csv) throws IOException {
        return Csv.records(csv).stream().collect(Collectors.toMap(r -> r.get("design") + "|" + r.get("metric"), r -> r,
                (x, y) -> x, java.util.LinkedHashMap::new));
    }

    @Test
    void aChangeOfNetworkPresetIsComparedDesignByDesign() throws IOException {
        Path before = run("wifi", EXPERIMENT);
        // the same experiment after the change, its sweep in another order: points match by design, not by id
        Path after = run("ethernet", EXPERIMENT.replace("preset: wifi-rpi", "preset: ethernet-1g")
                .replace("[1, 2, 4]", "[4, 2, 1]"));
        Path out = dir.resolve("cmp");
        CliHarness.Result r = CliHarness.run("compare", before.toString(), after.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("matched by the swept values of strategy.branches"), r.out());
        assertTrue(r.out().contains("3 designs in both, 0 only in A, 0 only in B"), r.out());
        Map<String, Map<String, String>> rows = byDesignAndMetric(out.resolve("compare.csv"));
        List<Map<String, String>> before1 = Csv.records(before.resolve("results.csv"));
        List<Map<String, String>> after1 = Csv.records(after.resolve("results.csv"));
        for (String branches : List.of("1", "2", "4")) {
            Map<String, String> a = before1.stream().filter(x -> x.get("branches").equals(branches)).findFirst().orElseThrow();
            Map<String, String> b = after1.stream().filter(x -> x.get("branches").equals(branches)).findFirst().orElseThrow();
            Map<String, String> lat = rows.get("branches=" + branches + "|latency_ms_mean");
            assertEquals("both", lat.get("match"));
            assertEquals(a.get("point_id"), lat.get("point_a"));
            assertEquals(b.get("point_id"), lat.get("point_b"));
            assertTrue(!lat.get("point_a").equals(lat.get("point_b")) || branches.equals("2"), "matched by design, not by id");
            double la = Double.parseDouble(a.get("latency_ms_mean"));
            double lb = Double.parseDouble(b.get("latency_ms_mean"));
            assertEquals(la, Double.parseDouble(lat.get("a")), 0.0);
            assertEquals(lb, Double.parseDouble(lat.get("b")), 0.0);
            assertEquals(lb - la, Double.parseDouble(lat.get("delta")), 1e-6 * la);
            assertEquals(100 * (lb - la) / la, Double.parseDouble(lat.get("delta_pct")), 0.006);
            assertTrue(lb < la, "gigabit Ethernet is faster than the Pi WiFi for " + branches + " branches");
            double ca = Double.parseDouble(a.get("latency_ms_ci95"));
            double cb = Double.parseDouble(b.get("latency_ms_ci95"));
            assertEquals(Math.abs(lb - la) <= ca + cb ? "yes" : "no", lat.get("ci_overlap"));
            assertFalse(rows.get("branches=" + branches + "|throughput_ips").get("ci_overlap").isEmpty());
            assertEquals("ok", rows.get("branches=" + branches + "|status").get("a"));
            assertEquals("", rows.get("branches=" + branches + "|status").get("delta"));
            // every numeric metric has its row
            for (String m : List.of("latency_ms_p95", "throughput_ips", "bytes_total", "energy_j_per_inference", "capacity_ips",
                    "comm_ms_mean", "peak_memory_mb_max", "latency_ms_unloaded")) {
                assertTrue(rows.containsKey("branches=" + branches + "|" + m), m);
            }
        }
        assertTrue(Files.size(out.resolve("charts/compare-latency.png")) > 0);
        assertTrue(Files.readString(out.resolve("charts/compare-latency.svg")).contains("<svg"));
        String html = Files.readString(out.resolve("compare.html"));
        assertEquals(3, html.split("<tr><td>branches=").length - 1, "a row per matched design");
        assertTrue(html.contains("<img src=\"charts/compare-latency.png\""));
        assertTrue(r.out().contains("wrote " + out.resolve("compare.csv")), r.out());
    }

    @Test
    void pointsOnlyOneRunHasAreFlagged() throws IOException {
        Path a = run("a", EXPERIMENT);
        Path b = run("b", EXPERIMENT.replace("[1, 2, 4]", "[2, 4, 8]"));
        Path out = dir.resolve("cmp");
        CliHarness.Result r = CliHarness.run("compare", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 designs in both, 1 only in A, 1 only in B"), r.out());
        assertTrue(r.out().contains("only in A: point 0, branches=1"), r.out());
        assertTrue(r.out().contains("only in B: point 2, branches=8"), r.out());
        Map<String, Map<String, String>> rows = byDesignAndMetric(out.resolve("compare.csv"));
        Map<String, String> onlyA = rows.get("branches=1|latency_ms_mean");
        assertEquals("only-a", onlyA.get("match"));
        assertEquals("0", onlyA.get("point_a"));
        assertEquals("", onlyA.get("point_b"));
        assertEquals("", onlyA.get("b"));
        assertEquals("", onlyA.get("delta"));
        assertEquals("only-b", rows.get("branches=8|latency_ms_mean").get("match"));
        assertEquals("both", rows.get("branches=4|latency_ms_mean").get("match"));
        // identical designs and seeds: no change
        assertEquals("0", rows.get("branches=4|latency_ms_mean").get("delta"));
        assertEquals("yes", rows.get("branches=4|latency_ms_mean").get("ci_overlap"));
        String html = Files.readString(out.resolve("compare.html"));
        assertTrue(html.contains("<ul id=\"only-a\">\n<li>point 0: branches=1"), html);
        assertTrue(html.contains("<ul id=\"only-b\">\n<li>point 2: branches=8"), html);
        // without --out, the table is printed and nothing is written
        CliHarness.Result printed = CliHarness.run("compare", a.toString(), b.toString());
        assertEquals(0, printed.exitCode(), printed.err());
        assertEquals(r.out().substring(0, r.out().indexOf("wrote")), printed.out());
    }

    @Test
    void runsThatSweepDifferentPathsMatchByTheDesignFieldsThatTellTheirPointsApart() throws IOException {
        // A: two networks x two branch counts; B: Ethernet only, and a device preset swapped (jetson-nano)
        Path a = run("a", EXPERIMENT.replace("strategy.branches: [1, 2, 4]",
                "strategy.branches: [1, 2]\n  network.preset: [wifi-rpi, ethernet-1g]"));
        Path b = run("b", EXPERIMENT.replace("preset: wifi-rpi", "preset: ethernet-1g").replace("[1, 2, 4]", "[1, 2]")
                .replace("preset: rpi3", "preset: jetson-nano"));
        CliHarness.Result r = CliHarness.run("compare", a.toString(), b.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("matched by design: variant, devices, network; left out, as each run has one value of"
                + " them: model, strategy, device_type, batch"), r.out());
        assertTrue(r.out().contains("2 designs in both, 2 only in A, 0 only in B"), r.out());
        assertTrue(r.out().contains("only in A: point 0, variant=original, devices=1, network=wifi-rpi"), r.out());
        // one design each: they match, whatever changed
        Path one = run("one", EXPERIMENT.substring(0, EXPERIMENT.indexOf("sweep:")));
        Path other = run("other", EXPERIMENT.substring(0, EXPERIMENT.indexOf("sweep:")).replace("preset: rpi3",
                "preset: jetson-nano"));
        CliHarness.Result single = CliHarness.run("compare", one.toString(), other.toString());
        assertEquals(0, single.exitCode(), single.err());
        assertTrue(single.out().contains("1 designs in both, 0 only in A, 0 only in B"), single.out());
        assertTrue(single.out().contains("matched by design: each run has one design"), single.out());
    }

    @Test
    void badInputsAreExit2WithTheReason() throws IOException {
        Path a = run("a", EXPERIMENT);
        CliHarness.Result missing = CliHarness.run("compare", a.toString(), dir.resolve("nope").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("nope: no such directory"), missing.err());
        Path file = Files.writeString(dir.resolve("f"), "x");
        CliHarness.Result notDir = CliHarness.run("compare", file.toString(), a.toString());
        assertEquals(2, notDir.exitCode());
        assertTrue(notDir.err().contains("f: not a directory"), notDir.err());
        Path broken = run("broken", EXPERIMENT);
        Files.writeString(broken.resolve("points.jsonl"), Files.readString(broken.resolve("points.jsonl")) + "{\"garbage\n");
        CliHarness.Result corrupt = CliHarness.run("compare", a.toString(), broken.toString());
        assertEquals(2, corrupt.exitCode());
        assertTrue(corrupt.err().matches("(?s)lcpsim: .*broken/points\\.jsonl:4: not a point record.*"), corrupt.err());
        Files.delete(broken.resolve("run.json"));
        CliHarness.Result noRun = CliHarness.run("compare", broken.toString(), a.toString());
        assertEquals(2, noRun.exitCode());
        assertTrue(noRun.err().contains("broken/run.json: missing"), noRun.err());
        CliHarness.Result intoRun = CliHarness.run("compare", a.toString(), a.toString(), "--out", a.toString());
        assertEquals(2, intoRun.exitCode());
        assertTrue(intoRun.err().contains("holds the results of a run"), intoRun.err());
        CliHarness.Result outFile = CliHarness.run("compare", a.toString(), a.toString(), "--out", file.toString());
        assertEquals(2, outFile.exitCode());
        assertTrue(outFile.err().contains("--out " + file + ": not a directory"), outFile.err());
        Files.createDirectories(dir.resolve("o/compare.csv"));
        CliHarness.Result inWay = CliHarness.run("compare", a.toString(), a.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, inWay.exitCode());
        assertTrue(inWay.err().contains("o/compare.csv: a folder where lcpsim writes a file"), inWay.err());
        assertFalse(Files.exists(dir.resolve("o/compare.html")));
    }
}

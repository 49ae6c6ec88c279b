package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explore answers (issue 14 section 1): resources break ties and can be objectives, results.csv
 * says per design whether it is feasible, on the front and what it violates, the report's
 * summary names the binding constraint with its slack, and the recommendation is simulated again
 * with bandwidth, device speed and arrival rate at +-25%.
 */
class ExploreAnswersTest {
    @TempDir
    Path dir;

    private CliHarness.Result explore(String yaml, String out, String... more) throws IOException {
        Path f = dir.resolve(out + ".yaml");
        Files.writeString(f, yaml);
        List<String> args = new java.util.ArrayList<>(List.of("explore", f.toString(), "--out", dir.resolve(out).toString(),
                "--no-progress", "--no-report"));
        args.addAll(List.of(more));
        return CliHarness.run(args.toArray(String[]::new));
    }

    private JsonNode summary(String out) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(out).resolve("summary.json").toFile());
    }

    /** The seen case: example 06's front held the same design on 8, 12 and 16 T2.micro, of which 8 were used. */
    static final String IDLE = """
            name: idle
            model: cifarnet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: ethernet-1g}
            input: {bytes: 4000}
            workload: {requests: 4, warmup: 1}
            replications: 1
            sweep:
              cluster.devices.0.count: [8, 2, 4]
              strategy.branches: [1, 2]
            explore:
              method: exhaustive
              objectives: [{minimize: latency_ms_mean}, {minimize: params}]
              cost: {rpi3: 35}
            """;

    @Test
    void theFrontNeverHoldsDesignsThatDifferOnlyInIdleDevices() throws IOException {
        CliHarness.Result r = explore(IDLE, "idle");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, String>> rows = Csv.records(dir.resolve("idle/results.csv"));
        assertEquals(6, rows.size());
        for (Map<String, String> row : rows) {
            int count = Integer.parseInt(row.get("sweep.cluster.devices.0.count"));
            assertEquals(row.get("devices"), row.get("devices_used"));
            assertEquals(Integer.toString(count), row.get("cluster_devices"));
            assertEquals(Integer.toString(35 * count), row.get("cost"), "the cluster is what a user buys");
            assertEquals("true", row.get("feasible"));
            assertEquals("", row.get("violations"));
            // whatever is on the front is on its smallest cluster; split2 is, on two boards
            if (count != 2 || row.get("branches").equals("2")) {
                assertEquals(Boolean.toString(count == 2), row.get("pareto"), row.toString());
            }
        }
        // the same latency on 2, 4 and 8 boards: the design is the same, only the idle boards differ
        double[] lat = rows.stream().filter(x -> x.get("branches").equals("2")).mapToDouble(x -> Double.parseDouble(
                x.get("latency_ms_mean"))).toArray();
        assertEquals(3, lat.length);
        assertEquals(lat[0], lat[1], 0.0);
        assertEquals(lat[0], lat[2], 0.0);
        JsonNode s = summary("idle");
        assertEquals(rows.stream().filter(x -> x.get("pareto").equals("true")).count(), s.get("pareto").size());
        assertEquals("2", s.get("recommended").get("design").get("cluster.devices.0.count").asText());
        assertEquals(2, s.get("recommended").get("figures").get("cluster_devices").asInt());
        assertEquals(70, s.get("recommended").get("figures").get("cost").asInt());
    }

    @Test
    void resourcesCanBeObjectivesAndTheCostIsUnknownWithoutAFigureForEveryDevice() throws IOException {
        String yaml = IDLE.replace("{minimize: params}", "{minimize: devices_used}, {minimize: cost}")
                .replace("cluster.devices.0.count: [8, 2, 4]", "cluster.devices.0.count: [2, 4]\n  cluster.devices.0.preset:"
                        + " [rpi3, jetson-nano]");
        CliHarness.Result r = explore(yaml, "resources");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, String>> rows = Csv.records(dir.resolve("resources/results.csv"));
        for (Map<String, String> row : rows) {
            boolean jetson = row.get("device_type").equals("jetson-nano");
            assertEquals(jetson ? "" : Integer.toString(35 * Integer.parseInt(row.get("cluster_devices"))), row.get("cost"));
            assertEquals(jetson ? "false" : "true", row.get("feasible"), row.toString());
            assertEquals(jetson ? "unknown cost" : "", row.get("violations"));
        }
        // one branch on one device is slower but uses half the devices: both are on the front
        JsonNode s = summary("resources");
        assertEquals(2, s.get("pareto").size(), s.toString());
        assertEquals(4, s.get("excluded_by").get("unknown cost").asInt());
        assertTrue(r.out().contains("with unknown cost"), r.out());
    }

    /** bytes_total is known after simulating: LCP over more devices is faster but sends the input to each. */
    static final String BOUND = """
            name: bound
            model: alexnet
            strategy: {kind: lcp, branches: 1}
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {preset: wifi-rpi}
            input: {bytes: 16000}
            workload: {requests: 4, warmup: 1}
            replications: 1
            sweep:
              strategy.branches: [1, 2, 4, 8]
            explore:
              method: exhaustive
              objectives: [{minimize: latency_ms_mean}]
              constraints: ["bytes_total <= 70000", "params <= 60000000"]
            """;

    @Test
    void theConstraintThatExcludesBetterDesignsBindsAndResultsSayWhatEachViolates() throws IOException {
        CliHarness.Result r = explore(BOUND, "bound");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, String>> rows = Csv.records(dir.resolve("bound/results.csv"));
        assertEquals(4, rows.size());
        int excluded = 0;
        double bestExcluded = Double.MAX_VALUE;
        double recommended = Double.NaN;
        for (Map<String, String> row : rows) {
            boolean over = Double.parseDouble(row.get("bytes_total")) > 70000;
            assertEquals(over ? "bytes_total <= 70000" : "", row.get("violations"), row.toString());
            assertEquals(Boolean.toString(!over), row.get("feasible"));
            if (over) {
                excluded++;
                bestExcluded = Math.min(bestExcluded, Double.parseDouble(row.get("latency_ms_mean")));
            }
            if (row.get("pareto").equals("true")) {
                recommended = Double.parseDouble(row.get("latency_ms_mean"));
            }
        }
        assertTrue(excluded > 0 && bestExcluded < recommended, "the case needs a faster design over the bound");
        JsonNode s = summary("bound");
        JsonNode rec = s.get("recommended");
        assertEquals("bytes_total <= 70000", rec.get("binding").asText());
        assertTrue(rec.get("binding_why").asText().startsWith("it excludes " + excluded + " simulated design"),
                rec.get("binding_why").asText());
        JsonNode bytes = s.get("constraint_report").get(0);
        assertEquals(excluded, bytes.get("excluded").asInt());
        assertEquals(0, bytes.get("excluded_before_simulating").asInt());
        assertEquals(excluded, bytes.get("excluded_better").asInt());
        assertTrue(bytes.get("binding").asBoolean());
        double value = bytes.get("value").asDouble();
        assertEquals(70000 - value, bytes.get("slack").asDouble(), 1e-6);
        assertEquals(Math.round(10000 * (70000 - value) / 70000) / 100.0, bytes.get("slack_pct").asDouble(), 1e-9);
        JsonNode params = s.get("constraint_report").get(1);
        assertFalse(params.get("binding").asBoolean());
        assertEquals(s.get("feasible").asInt(), 4 - excluded);
        assertEquals(excluded, s.get("excluded_by").get("bytes_total <= 70000").asInt());
        assertTrue(r.out().contains("binding constraint: bytes_total <= 70000"), r.out());
    }

    @Test
    void whatIfSimulatesTheRecommendationAgainWithEachInputScaled() throws IOException {
        String yaml = BOUND.replace("workload: {requests: 4, warmup: 1}",
                "workload: {requests: 12, warmup: 2, arrival: {kind: periodic, fps: 2}}");
        CliHarness.Result r = explore(yaml, "whatif");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode s = summary("whatif");
        double base = s.get("recommended").get("figures").get("latency_ms_mean").asDouble();
        JsonNode w = s.get("what_if");
        assertEquals(6, w.size());
        Map<String, JsonNode> by = new java.util.HashMap<>();
        for (JsonNode x : w) {
            by.put(x.get("change").asText() + " " + x.get("factor").asText(), x);
            assertEquals("ok", x.get("status").asText(), x.toString());
            double lat = x.get("latency_ms_mean").asDouble();
            assertEquals(Math.round(10000 * (lat - base) / base) / 100.0, x.get("latency_change_pct").asDouble(), 1e-9);
            assertNotNull(x.get("energy_j_per_inference").numberValue(), "rpi3 has a power figure");
        }
        // a slower network or slower devices never make it faster, faster ones never slower
        assertTrue(by.get("bandwidth 0.75").get("latency_ms_mean").asDouble() > base);
        assertTrue(by.get("bandwidth 1.25").get("latency_ms_mean").asDouble() < base);
        assertTrue(by.get("device speed 0.75").get("latency_ms_mean").asDouble() > base);
        assertTrue(by.get("device speed 1.25").get("latency_ms_mean").asDouble() < base);
        assertEquals("stationToStationMbps 62.24 -> 46.68", by.get("bandwidth 0.75").get("note").asText());
        assertTrue(by.get("arrival rate 1.25").get("note").asText().startsWith("fps 2 -> 2.5"), by.toString());
        // energy per inference of the Pis: faster devices are busy for less time
        assertTrue(by.get("device speed 1.25").get("energy_change_pct").asDouble() < 0);
        assertTrue(r.out().contains("what if (the recommendation simulated again with one change):"), r.out());
        // the same figures whatever the thread count
        CliHarness.Result one = explore(yaml, "whatif1", "--threads", "1");
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(Files.readString(dir.resolve("whatif/summary.json")), Files.readString(dir.resolve("whatif1/summary.json")));
    }

    @Test
    void aClosedLoopHasNoArrivalRateAndWhatIfCanBeTurnedOff() throws IOException {
        CliHarness.Result r = explore(BOUND, "closed");
        assertEquals(0, r.exitCode(), r.err());
        for (JsonNode x : summary("closed").get("what_if")) {
            if (x.get("change").asText().equals("arrival rate")) {
                assertEquals("n/a", x.get("status").asText());
                assertTrue(x.get("latency_ms_mean").isNull());
                assertTrue(x.get("note").asText().contains("closed loop"), x.toString());
            }
        }
        CliHarness.Result off = explore(BOUND.replace("method: exhaustive", "method: exhaustive\n  whatIf: false"), "off");
        assertEquals(0, off.exitCode(), off.err());
        assertEquals(0, summary("off").get("what_if").size());
        assertFalse(off.out().contains("what if"), off.out());
    }

    @Test
    void theReportOpensWithTheAnswer() throws IOException {
        Path f = dir.resolve("report.yaml");
        Files.writeString(f, BOUND);
        CliHarness.Result r = CliHarness.run("explore", f.toString(), "--out", dir.resolve("report").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        String html = Files.readString(dir.resolve("report/report/index.html"));
        int answer = html.indexOf("<section id=\"answer\">");
        assertTrue(answer > 0 && answer < html.indexOf("<section id=\"charts\">"), "the answer comes first");
        assertTrue(html.indexOf("<div id=\"recommendation\"") > answer);
        assertTrue(html.contains("<code>bytes_total &lt;= 70000</code> <b>binds</b>"), "the binding constraint is marked");
        assertTrue(html.contains("What if"), "the what-if table");
        // lcpsim report DIR draws the same answer from the folder's files
        String before = html;
        assertEquals(0, CliHarness.run("report", dir.resolve("report").toString()).exitCode());
        String after = Files.readString(dir.resolve("report/report/index.html"));
        assertEquals(before.substring(answer, before.indexOf("</section>", answer)),
                after.substring(after.indexOf("<section id=\"answer\">"), after.indexOf("</section>",
                        after.indexOf("<section id=\"answer\">"))));
        // a run's report has no answer
        Path run = dir.resolve("run");
        assertEquals(0, CliHarness.run("run", f.toString(), "--out", run.toString(), "--no-progress").exitCode());
        assertFalse(Files.readString(run.resolve("report/index.html")).contains("id=\"answer\""));
        assertNull(org.lcpsim.reports.ExploreSummary.readIfExplore(run));
    }

    @Test
    void aSpeedFactorDividesComputeTimesAndIsCheckedLikeEveryField() throws IOException {
        String single = """
                name: speed
                model: cifarnet
                strategy: {kind: single}
                cluster: {devices: [{preset: rpi3, speedFactor: %s}]}
                network: {preset: ethernet-1g}
                input: {bytes: 4000}
                workload: {requests: 3, warmup: 0}
                replications: 1
                """;
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.writeString(a, single.formatted("1"));
        Files.writeString(b, single.formatted("2.5"));
        assertEquals(0, CliHarness.run("run", a.toString(), "--out", dir.resolve("ra").toString(), "--no-progress",
                "--no-report").exitCode());
        assertEquals(0, CliHarness.run("run", b.toString(), "--out", dir.resolve("rb").toString(), "--no-progress",
                "--no-report").exitCode());
        double ca = Double.parseDouble(Csv.records(dir.resolve("ra/results.csv")).get(0).get("compute_ms_mean"));
        double cb = Double.parseDouble(Csv.records(dir.resolve("rb/results.csv")).get(0).get("compute_ms_mean"));
        assertEquals(ca / 2.5, cb, ca * 1e-9);
        for (String bad : List.of("0", "-1", "fast", "1e300")) {
            Path f = dir.resolve("bad.yaml");
            Files.writeString(f, single.formatted(bad));
            CliHarness.Result r = CliHarness.run("validate", f.toString());
            assertEquals(2, r.exitCode(), bad);
            assertTrue(r.err().contains("bad.yaml:4:") && r.err().contains("$.cluster.devices[0].speedFactor"), r.err());
        }
    }
}

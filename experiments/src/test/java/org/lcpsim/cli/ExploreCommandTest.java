package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {
    @TempDir
    Path dir;

    static final String SPACE = """
            name: explore-test
            model: cifarnet
            strategy: {kind: lcp, branches: 1}
            cluster: {devices: [{preset: rpi3, count: 8, noise: {cv: 0.1}}]}
            network: {preset: wifi-rpi}
            input: {bytes: 4000}
            workload: {requests: 10, warmup: 1}
            seed: 4
            sweep:
              strategy.branches: [1, 2, 4, 8]
              strategy.fatten: [0.0, 0.2, 0.4]
              network.preset: [wifi-rpi, ethernet-1g]
            explore:
              method: %s
              objectives: [{minimize: latency_ms_mean}, {maximize: accuracy_pct}]
              constraints: ["accuracy_drop_pct <= 3", "params <= 700000"]
              accuracy:
                rows:
                  - {model: cifarnet, branches: 1, fatten: 0.0, top1Pct: 52.87}
                  - {model: cifarnet, branches: 2, fatten: 0.0, top1Pct: 51.22}
                  - {model: cifarnet, branches: 2, fatten: 0.4, top1Pct: 52.5}
                  - {model: cifarnet, branches: 4, fatten: 0.0, top1Pct: 48.48}
                  - {model: cifarnet, branches: 4, fatten: 0.4, top1Pct: 51.0}
                  - {model: cifarnet, branches: 8, fatten: 0.0, top1Pct: 47.98}
              nsga2: {population: 8, generations: 6, seed: 3}
            """;

    private Path file(String method) throws IOException {
        Path f = dir.resolve(method + ".yaml");
        Files.writeString(f, SPACE.formatted(method));
        return f;
    }

    private CliHarness.Result explore(Path file, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("explore", file.toString(), "--out", dir.resolve(out).toString(),
                "--no-report"));
        args.addAll(List.of(extra));
        return CliHarness.run(args.toArray(String[]::new));
    }

    @Test
    void exhaustiveFindsTheFeasibleParetoFrontAndRecommendsFromIt() throws IOException {
        CliHarness.Result r = explore(file("exhaustive"), "ex");
        assertEquals(0, r.exitCode(), r.err());
        Path out = dir.resolve("ex");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(24, summary.get("design_space").asInt());
        // branches 1 is above the params bound (815k); branches 8 and unknown accuracies (fatten 0.2 of
        // branches 4 interpolates: 49.74, drop 3.13) fail the accuracy bound: all pruned before simulating
        int simulated = summary.get("simulated").asInt();
        int pruned = summary.get("pruned").asInt();
        assertEquals(24, simulated + pruned);
        List<String[]> rows = Csv.read(out.resolve("results.csv"));
        assertEquals(simulated, rows.size() - 1);
        List<String> header = List.of(rows.get(0));
        int lat = header.indexOf("latency_ms_mean");
        int acc = header.indexOf("accuracy_pct");
        int drop = header.indexOf("accuracy_drop_pct");
        int params = header.indexOf("params");
        int id = header.indexOf("point_id");
        for (String[] row : rows.subList(1, rows.size())) {
            assertTrue(Double.parseDouble(row[drop]) <= 3 && Long.parseLong(row[params]) <= 700000, String.join(",", row));
        }
        // the front, computed here independently: no simulated point is better in both objectives
        List<String[]> front = Csv.read(out.resolve("pareto.csv")).subList(1, Csv.read(out.resolve("pareto.csv")).size());
        assertFalse(front.isEmpty());
        for (String[] f : front) {
            for (String[] o : rows.subList(1, rows.size())) {
                boolean dominates = Double.parseDouble(o[lat]) <= Double.parseDouble(f[lat])
                        && Double.parseDouble(o[acc]) >= Double.parseDouble(f[acc])
                        && (Double.parseDouble(o[lat]) < Double.parseDouble(f[lat])
                        || Double.parseDouble(o[acc]) > Double.parseDouble(f[acc]));
                assertFalse(dominates, "point " + o[id] + " dominates front point " + f[id]);
            }
        }
        double best = front.stream().mapToDouble(f -> Double.parseDouble(f[lat])).min().orElseThrow();
        int recommended = summary.get("recommended").get("point_id").asInt();
        String[] rec = front.stream().filter(f -> Integer.parseInt(f[id]) == recommended).findFirst().orElseThrow();
        assertEquals(best, Double.parseDouble(rec[lat]), 0.0);
        assertTrue(summary.get("reason").asText().startsWith("lowest latency_ms_mean"), summary.toString());
        assertTrue(Files.size(out.resolve("charts").resolve("pareto-explore-accuracy-pct-vs-latency-ms-mean.png")) > 0
                || Files.list(out.resolve("charts")).anyMatch(p -> p.getFileName().toString().startsWith("pareto-explore")));
    }

    @Test
    void sameResultsWhateverTheThreadCountAndAfterAResume() throws IOException {
        for (String method : new String[] {"exhaustive", "nsga2"}) {
            Path f = file(method);
            assertEquals(0, explore(f, method + "1", "--threads", "1").exitCode());
            assertEquals(0, explore(f, method + "2", "--threads", "2").exitCode());
            CliHarness.Result resumed = explore(f, method + "2", "--threads", "2");
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.err().contains("resuming"), resumed.err());
            assertTrue(resumed.err().contains("(--fresh starts over)"), resumed.err());
            for (String out : new String[] {"results.csv", "pareto.csv", "summary.json"}) {
                assertArrayEquals(Files.readAllBytes(dir.resolve(method + "1").resolve(out)),
                        Files.readAllBytes(dir.resolve(method + "2").resolve(out)), method + " " + out);
            }
            JsonNode summary = new ObjectMapper().readTree(dir.resolve(method + "1").resolve("summary.json").toFile());
            assertEquals(method, summary.get("method").asText());
        }
    }

    @Test
    void autoScreensBeforeSimulating() throws IOException {
        Path f = file("auto");
        Files.writeString(f, Files.readString(f).replace("method: auto", "method: auto\n  maxExhaustive: 10"));
        CliHarness.Result r = explore(f, "auto");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("method: screened, then exhaustive over"), r.out());
    }

    @Test
    void badExploreSectionsAreBadInput() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, SPACE.formatted("exhaustive").replace("{minimize: latency_ms_mean}", "{minimize: latency}")
                .replace("params <= 700000", "params <== 7"));
        CliHarness.Result r = explore(f, "bad");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("$.explore.objectives[0]: unknown column 'latency'"), r.err());
        assertTrue(r.err().contains("$.explore.constraints"), r.err());
        Path none = dir.resolve("none.yaml");
        Files.writeString(none, SPACE.formatted("exhaustive").substring(0, SPACE.indexOf("explore:")));
        assertEquals(2, explore(none, "none").exitCode());
    }

    @Test
    void nsgaBudgetsBeyondAnIntAreBadInput() throws IOException {
        // 100000 x 100001 evaluations wrapped around jMetal's int and the search ran no generation
        Path f = dir.resolve("huge.yaml");
        Files.writeString(f, SPACE.formatted("nsga2").replace("{population: 8, generations: 6, seed: 3}",
                "{population: 100000, generations: 100000, seed: 3}"));
        CliHarness.Result r = explore(f, "huge");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("$.explore.nsga2: population x (generations + 1) is 10000100000 evaluations; at most "
                + Integer.MAX_VALUE), r.err());
        assertFalse(Files.exists(dir.resolve("huge").resolve("results.csv")));
    }

    @Test
    void aTextColumnIsNoObjective() throws IOException {
        // minimizing 'model' made every design infeasible ("no value for model") and the run said nothing met the constraints
        Path f = dir.resolve("text.yaml");
        Files.writeString(f, SPACE.formatted("exhaustive").replace("{maximize: accuracy_pct}", "{maximize: status}"));
        CliHarness.Result r = explore(f, "text");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("$.explore.objectives[1]: column 'status' is not a number; objectives take one of: "
                + "point_id, devices"), r.err());
    }
}

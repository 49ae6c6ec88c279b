package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * The hybrid-pipeline table of docs/strategies.md (docs/results/hybrid-pipelines.csv, written by
 * scripts/hybrid-table) is what its committed experiment files give now: the AlexNet 4-Pi row is
 * simulated again (the simple pipeline, the planner and the three explorations); the VGG16 rows,
 * slower, are checked for their shape only.
 */
class HybridTableTest {
    static final Path DIR = Path.of("../docs/results/hybrid");
    static final Path CSV = Path.of("../docs/results/hybrid-pipelines.csv");

    @TempDir
    Path out;

    @Test
    void alexNetOnFourPisIsTheCommittedRow() throws IOException {
        Map<String, String> row = Csv.records(CSV).stream()
                .filter(r -> r.get("model").equals("alexnet") && r.get("pis").equals("4")).findFirst().orElseThrow();
        CliHarness.Result r = CliHarness.run("run", DIR.resolve("alexnet-4pi-simple.yaml").toString(), "--out",
                out.resolve("simple").toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, String>> simple = Csv.records(out.resolve("simple/results.csv"));
        assertClose(row.get("simple_pipeline_ips"), simple.get(0).get("capacity_ips"), "simple pipeline");
        assertEquals("{kind: pipeline, plan: auto}", simple.get(1).get("sweep.strategy"));
        assertClose(row.get("planner_ips"), simple.get(1).get("capacity_ips"), "planner");
        double best = 0;
        String design = null;
        for (int k = 1; k <= 3; k++) {
            Path dir = out.resolve("k" + k);
            CliHarness.Result e = CliHarness.run("explore", DIR.resolve("alexnet-4pi-k" + k + ".yaml").toString(), "--out",
                    dir.toString(), "--no-progress", "--no-report");
            assertEquals(0, e.exitCode(), e.err());
            JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
            // every search starts from the planner's design for its number of stages, and finds it or better
            JsonNode start = s.get("start");
            assertEquals(1, start.size(), s.toString());
            JsonNode rec = s.get("recommended");
            assertNotNull(rec.get("point_id"), s.toString());
            double ips = rec.get("figures").get("capacity_ips").asDouble();
            assertTrue(ips >= start.get(0).get("figures").get("capacity_ips").asDouble(), s.toString());
            if (ips > best) {
                best = ips;
                StringBuilder d = new StringBuilder(k + (k > 1 ? " stages:" : " stage:"));
                rec.get("design").fields().forEachRemaining(f -> d.append(' ')
                        .append(f.getKey().replaceFirst("^strategy\\.", "")).append('=').append(f.getValue().asText()));
                design = d.toString();
            }
        }
        assertClose(row.get("best_ips"), Double.toString(best), "best found");
        assertEquals(row.get("best_design"), design,
                "the docs' table is stale: run scripts/hybrid-table and commit docs/results");
    }

    @Test
    void everyRowFindsAtLeastTheSimplePipelineAndThePlanner() throws IOException {
        List<Map<String, String>> rows = Csv.records(CSV);
        assertEquals(List.of("alexnet/4", "alexnet/6", "vgg16/8", "vgg16/10"),
                rows.stream().map(r -> r.get("model") + "/" + r.get("pis")).toList());
        for (Map<String, String> r : rows) {
            double simple = Double.parseDouble(r.get("simple_pipeline_ips"));
            double planner = Double.parseDouble(r.get("planner_ips"));
            double best = Double.parseDouble(r.get("best_ips"));
            assertTrue(best >= simple && best >= planner * 0.999, r.toString());
            assertEquals(best / simple, Double.parseDouble(r.get("best_vs_simple")), 0.006, r.toString());
        }
        // the docs quote the table as it is
        String docs = Files.readString(Path.of("../docs/strategies.md"));
        for (Map<String, String> r : rows) {
            assertTrue(docs.contains(r.get("best_design")), "docs/strategies.md does not show " + r);
            assertTrue(docs.contains("| " + r.get("simple_pipeline_ips") + " |"), "docs/strategies.md does not show " + r);
            assertTrue(docs.contains("| " + r.get("best_ips") + " |"), "docs/strategies.md does not show " + r);
        }
    }

    private static void assertClose(String expected, String actual, String what) {
        double e = Double.parseDouble(expected);
        double a = Double.parseDouble(actual);
        assertEquals(e, a, Math.abs(e) * 6e-4, what + ": the docs' table is stale: run scripts/hybrid-table and commit docs/results");
    }
}

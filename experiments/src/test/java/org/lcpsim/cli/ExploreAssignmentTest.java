package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Explore searching a pipeline's assignment (cut points and replicas per stage): it starts from the
 * planner heuristic's design, NSGA-II visits it, the answer is at least as good, and the start is
 * reported on stdout, in summary.json and in the report.
 */
class ExploreAssignmentTest {
    @TempDir
    Path dir;

    static final String SPACE = """
            name: assignment
            model: alexnet
            strategy: {kind: pipeline, cuts: [5], replicas: [1, 1]}
            cluster:
              devices: [{preset: rpi3, count: 6}]
              source: external
            network: {preset: wifi-rpi}
            input: {bytes: 16000}
            workload: {requests: 10, warmup: 1}
            seed: 2
            sweep:
              strategy.cuts.0: [2, 5, 7, 9, 12, 14, 17]
              strategy.replicas.0: {from: 1, to: 5}
              strategy.replicas.1: {from: 1, to: 5}
              where: strategy.replicas.0 + strategy.replicas.1 <= cluster.devices.0.count
            explore:
              method: %s
              objectives: [{maximize: capacity_ips}]
              recommend: capacity_ips
              nsga2: {population: 12, generations: 4, seed: 3}
              whatIf: false
            """;

    private JsonNode explore(String method, String out, boolean report) throws IOException {
        Path f = dir.resolve(method + ".yaml");
        Files.writeString(f, SPACE.formatted(method));
        CliHarness.Result r = report
                ? CliHarness.run("explore", f.toString(), "--out", dir.resolve(out).toString(), "--no-progress")
                : CliHarness.run("explore", f.toString(), "--out", dir.resolve(out).toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("started from the planner's design "), r.out());
        return new ObjectMapper().readTree(dir.resolve(out).resolve("summary.json").toFile());
    }

    @Test
    void searchStartsFromThePlannersDesignAndFindsAtLeastAsMuch() throws IOException {
        JsonNode exhaustive = explore("exhaustive", "x", true);
        // 7 cuts x the 15 replica pairs whose sum is at most 6
        assertEquals(105, exhaustive.get("design_space").asInt());
        JsonNode start = exhaustive.get("start");
        assertEquals(1, start.size(), exhaustive.toString());
        JsonNode s = start.get(0);
        assertTrue(s.get("plan").asText().matches(".*x\\d \\| .*x\\d \\(estimated .* requests/s\\)"), s.toString());
        // the planner uses every device: its replicas add up to 6
        int r0 = s.get("design").get("strategy.replicas.0").asInt();
        int r1 = s.get("design").get("strategy.replicas.1").asInt();
        assertEquals(6, r0 + r1, s.toString());
        double best = exhaustive.get("recommended").get("figures").get("capacity_ips").asDouble();
        assertTrue(best >= s.get("figures").get("capacity_ips").asDouble(), exhaustive.toString());
        // exhaustive search: the best of every design
        double max = Csv.records(dir.resolve("x/results.csv")).stream().mapToDouble(row -> Double.parseDouble(row.get("capacity_ips")))
                .max().orElseThrow();
        assertEquals(max, best, 1e-9);
        assertTrue(exhaustive.get("reason").asText().matches("highest capacity_ips \\([0-9.]+\\), the only Pareto-optimal design"
                + " \\(no constraints\\)"), exhaustive.get("reason").asText());
        String html = Files.readString(dir.resolve("x/report/index.html"));
        assertTrue(html.contains("Where the search started"), "the report shows the start");

        // NSGA-II: its first population holds the planner's design, so it is simulated, and the answer is no worse
        JsonNode nsga = explore("nsga2", "n", false);
        assertEquals(s.get("point_id").asInt(), nsga.get("start").get(0).get("point_id").asInt());
        List<Map<String, String>> rows = Csv.records(dir.resolve("n/results.csv"));
        assertTrue(rows.stream().anyMatch(row -> row.get("point_id").equals(s.get("point_id").asText())), "start not simulated");
        assertTrue(rows.size() < 105, "NSGA-II visits part of the space: " + rows.size());
        assertTrue(nsga.get("recommended").get("figures").get("capacity_ips").asDouble()
                >= s.get("figures").get("capacity_ips").asDouble() - 1e-9, nsga.toString());
    }

    @Test
    void aStartOutsideTheSpaceGivesUpReplicasWhereThereAreTheMost() throws IOException {
        // at most 4 devices in all: the planner's 6 do not fit, so its largest stage gives some up
        Path f = dir.resolve("tight.yaml");
        Files.writeString(f, SPACE.formatted("exhaustive").replace("<= cluster.devices.0.count",
                "<= cluster.devices.0.count - 2"));
        CliHarness.Result r = CliHarness.run("explore", f.toString(), "--out", dir.resolve("t").toString(), "--no-progress",
                "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("t/summary.json").toFile()).get("start").get(0);
        assertFalse(s.get("point_id").isNull(), s.toString());
        int r0 = s.get("design").get("strategy.replicas.0").asInt();
        int r1 = s.get("design").get("strategy.replicas.1").asInt();
        assertTrue(r0 + r1 <= 4, s.toString());
    }

    @Test
    void noAssignmentSweptNoStart() throws IOException {
        Path f = dir.resolve("plain.yaml");
        Files.writeString(f, SPACE.formatted("exhaustive").replaceAll("(?s)  strategy\\.cuts\\.0.*count\\n",
                "  cluster.devices.0.count: [4, 6]\n"));
        CliHarness.Result r = CliHarness.run("explore", f.toString(), "--out", dir.resolve("p").toString(), "--no-progress",
                "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.out().contains("started from"), r.out());
        assertEquals(0, new ObjectMapper().readTree(dir.resolve("p/summary.json").toFile()).get("start").size());
    }
}

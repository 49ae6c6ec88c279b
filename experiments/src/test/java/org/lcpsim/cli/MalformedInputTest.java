package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad experiment files: each error as FILE:LINE:COL: $.path: message, exit 2, no stack trace. */
class MalformedInputTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            name: ok
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster:
              devices: [{preset: rpi3, count: 2}]
            network: {preset: wifi-rpi}
            workload: {requests: 3, warmup: 0}
            """;

    private CliHarness.Result validate(String yaml) throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, yaml);
        return CliHarness.run("validate", f.toString());
    }

    private List<String> errorLines(String yaml) throws IOException {
        CliHarness.Result r = validate(yaml);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        return r.err().lines().toList();
    }

    private void assertError(List<String> lines, int line, int col, String path, String fragment) {
        String prefix = dir.resolve("exp.yaml") + ":" + line + ":" + col + ": " + path + ": ";
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix) && l.contains(fragment)),
                "expected a line starting with '" + prefix + "' containing '" + fragment + "' in:\n" + String.join("\n", lines));
    }

    @Test
    void goodFileIsValid() throws IOException {
        CliHarness.Result r = validate(GOOD);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("ok (1 design point)"), r.out());
    }

    @Test
    void unknownKey() throws IOException {
        assertError(errorLines(GOOD + "replicatoins: 3\n"), 8, 1, "$.replicatoins", "unknown field");
    }

    @Test
    void unknownNestedKeySuggestsTheKnownOnes() throws IOException {
        List<String> lines = errorLines(GOOD.replace("{kind: lcp, branches: 2}", "{kind: lcp, branches: 2, fatn: 0.4}"));
        assertError(lines, 3, 36, "$.strategy.fatn", "expected one of: balance, branches, failoverTimeoutMs, fatten,"
                + " finalDevice, gatherDeadlineMs, inputDelivery, kind, minBranches, replicas, widths");
    }

    @Test
    void wrongType() throws IOException {
        assertError(errorLines(GOOD + "replications: many\n"), 8, 15, "$.replications", "expected an integer, found a string 'many'");
    }

    @Test
    void missingField() throws IOException {
        assertError(errorLines(GOOD.replace("model: lenet\n", "")), 1, 1, "$.model", "missing required field");
    }

    @Test
    void negativeSizes() throws IOException {
        List<String> lines = errorLines(GOOD.replace("workload: {requests: 3, warmup: 0}",
                "workload: {requests: -3, warmup: 0}\ninput: {bytes: -10}"));
        assertError(lines, 7, 22, "$.workload.requests", "must be between 1 and 10000000, got -3");
        assertError(lines, 8, 16, "$.input.bytes", "must be between 0 and 1000000000000, got -10");
    }

    @Test
    void unknownModelAndPreset() throws IOException {
        List<String> lines = errorLines(GOOD.replace("model: lenet", "model: lenet5").replace("preset: rpi3", "preset: rpi4"));
        assertError(lines, 2, 8, "$.model", "unknown value 'lenet5'; expected one of: lenet, cifarnet");
        assertError(lines, 5, 22, "$.cluster.devices[0].preset", "unknown device preset 'rpi4'");
    }

    @Test
    void branchesBelowOne() throws IOException {
        assertError(errorLines(GOOD.replace("branches: 2", "branches: 0")), 3, 33, "$.strategy.branches", "must be between 1 and 4096, got 0");
    }

    @Test
    void sweepOverAFieldThatDoesNotExist() throws IOException {
        List<String> lines = errorLines(GOOD + "sweep:\n  strategy.branchez: [1, 2]\n");
        assertError(lines, 9, 23, "$.strategy.branchez", "unknown field");
        List<String> top = errorLines(GOOD + "sweep:\n  colour: [red]\n");
        assertError(top, 9, 3, "$.sweep.colour", "cannot sweep 'colour'");
    }

    @Test
    void yamlSyntaxError() throws IOException {
        List<String> lines = errorLines("name: x\nmodel: [lenet\n");
        assertTrue(lines.get(0).startsWith(dir.resolve("exp.yaml") + ":"), lines.get(0));
        assertTrue(lines.get(0).contains("YAML syntax error"), lines.get(0));
    }

    @Test
    void allErrorsInOnePass() throws IOException {
        List<String> lines = errorLines("""
                name: many
                model: nope
                strategy: {kind: lcp, branches: -1}
                cluster: {devices: [{preset: rpi3, count: 0}]}
                network: {preset: wifi-rpi, bandwidthMbps: fast}
                replications: 0
                """);
        assertTrue(lines.size() >= 5, String.join("\n", lines));
    }

    @Test
    void missingFileIsBadInput() {
        CliHarness.Result r = CliHarness.run("run", dir.resolve("nope.yaml").toString(), "--out", dir.toString());
        assertEquals(2, r.exitCode());
        // a problem of the file as a whole has no line and column to give: no ":0:0:"
        assertTrue(r.err().contains("nope.yaml: file not found"), r.err());
        assertFalse(r.err().contains(":0:0:"), r.err());
    }

    @Test
    void runRefusesAnInvalidFileBeforeSimulating() throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, GOOD.replace("branches: 2", "branches: 0"));
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.exitCode());
        assertFalse(Files.exists(dir.resolve("out").resolve("results.csv")));
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliHarness.Result r = CliHarness.run("run", "--bogus");
        assertEquals(2, r.exitCode());
    }

    @Test
    void badOptionsWriteNothingIntoTheResultsFolder() throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, GOOD);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.csv"), "an earlier run's results\n");
        for (String[] bad : new String[][] {{"--timeout-s", "0"}, {"--timeout-s", "9223372036854775807"},
                {"--cluster", "127.0.0.1:5701", "--cluster-timeout-s", "0"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("run", f.toString(), "--out", out.toString(), "--no-progress"));
            args.addAll(List.of(bad));
            CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith("lcpsim: --"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            // the earlier results are still there, and no journal or run description was started
            assertEquals("an earlier run's results\n", Files.readString(out.resolve("results.csv")), String.join(" ", bad));
            assertFalse(Files.exists(out.resolve("run.json")), String.join(" ", bad));
            assertFalse(Files.exists(out.resolve("points.jsonl")), String.join(" ", bad));
        }
    }

    @Test
    void anOutputThatIsAFileIsBadInput() throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, GOOD);
        for (String command : List.of("run", "explore")) {
            CliHarness.Result r = CliHarness.run(command, f.toString(), "--out", f.toString(), "--no-progress");
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("lcpsim: --out " + f + ": not a directory", r.err().strip());
        }
        CliHarness.Result reproduce = CliHarness.run("reproduce", "paper", "--out", f.toString());
        assertEquals(2, reproduce.exitCode(), reproduce.err());
        assertEquals("lcpsim: --out " + f + ": not a directory", reproduce.err().strip());
        CliHarness.Result merge = CliHarness.run("merge", "--out", f.toString(), dir.toString());
        assertEquals(2, merge.exitCode(), merge.err());
        assertEquals("lcpsim: --out " + f + ": not a directory", merge.err().strip());
        assertEquals(GOOD, Files.readString(f));
    }

    @Test
    void devicesAndLayersAStrategyNamesMustExist() throws IOException {
        // these passed validation and failed every point at run time (exit 1, no position)
        List<String> single = errorLines(GOOD.replace("{kind: lcp, branches: 2}", "{kind: single, device: d9}"));
        assertError(single, 3, 34, "$.strategy.device", "device d9 does not exist; the cluster has 2 devices (d0..d1)");
        List<String> head = errorLines(GOOD.replace("branches: 2}", "branches: 2, finalDevice: d2}"));
        assertError(head, 3, 49, "$.strategy.finalDevice", "device d2 does not exist");
        List<String> coordinator = errorLines(GOOD.replace("{kind: lcp, branches: 2}", "{kind: model-parallel, coordinator: d5}"));
        assertError(coordinator, 3, 47, "$.strategy.coordinator", "device d5 does not exist");
        List<String> cut = errorLines(GOOD.replace("{kind: lcp, branches: 2}", "{kind: pipeline, cuts: [nowhere]}"));
        assertError(cut, 3, 34, "$.strategy.cuts", "pipeline cut 'nowhere' is not a layer of lenet");
        // in a sweep, the points where the device is missing are named by the swept value
        List<String> swept = errorLines(GOOD.replace("{kind: lcp, branches: 2}", "{kind: single, device: d1}")
                + "sweep:\n  cluster.devices.0.count: [1, 2]\n");
        assertError(swept, 3, 34, "$.strategy.device", "device d1 does not exist; the cluster has 1 device (d0)");
    }

    @Test
    void lcpNeedsAModelWithAHead() throws IOException {
        // a model file without a head passed validation and every LCP point failed at run time
        Files.writeString(dir.resolve("nohead.yaml"), """
                name: nohead
                input: [3, 8, 8]
                layers:
                  - {name: c, type: conv2d, filters: 4, kernel: 3}
                  - {type: flatten}
                  - {name: fc, type: dense, units: 10}
                """);
        List<String> lines = errorLines(GOOD.replace("model: lenet", "model: {file: nohead.yaml}"));
        assertError(lines, 3, 18, "$.strategy.kind", "LCP cannot split this model: model 'nohead' marks no classifier head");
        CliHarness.Result single = validate(GOOD.replace("model: lenet", "model: {file: nohead.yaml}")
                .replace("{kind: lcp, branches: 2}", "{kind: single}"));
        assertEquals(0, single.exitCode(), single.err());
    }

    @Test
    void aFolderWithAForeignPointsFileIsBadInputAndKeepsItsFiles() throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, GOOD);
        Path out = dir.resolve("foreign");
        Files.createDirectories(out);
        Files.writeString(out.resolve("run.json"), "{\"someone\": \"else\"}\n");
        Files.writeString(out.resolve("points.jsonl"), "not a point\n");
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("lcpsim: " + out.resolve("points.jsonl") + ":1: not a point record"), r.err());
        assertTrue(r.err().strip().endsWith("(use --fresh to start over)"), r.err());
        // nothing of the folder was overwritten (run.json was)
        assertEquals("{\"someone\": \"else\"}\n", Files.readString(out.resolve("run.json")));
        assertEquals("not a point\n", Files.readString(out.resolve("points.jsonl")));
        assertFalse(Files.exists(out.resolve("results.csv")));
    }

    /** Bad hybrid strategies: each error at its field (line 3, the column of the value), with the reason. */
    @Test
    void badReplicasAndGroups() throws IOException {
        badStrategy("{kind: pipeline, replicas: [1, 0]}", "0]", "$.strategy.replicas[1]", "must be between 1 and");
        badStrategy("{kind: pipeline, cuts: [pool2], replicas: [2, 3]}", "[2, 3]", "$.strategy.replicas",
                "2 pipeline stages of [2, 3] replicas need 5 devices; the cluster has 4");
        badStrategy("{kind: pipeline, cuts: [pool2], replicas: [2]}", "[2]", "$.strategy.replicas", "one number per stage");
        badStrategy("{kind: pipeline, replicas: []}", "[]", "$.strategy.replicas", "one number of devices per stage");
        badStrategy("{kind: pipeline, cuts: [pool2], devices: [[d0], [d9]]}", "d9", "$.strategy.devices[1][0]",
                "device d9 does not exist");
        badStrategy("{kind: pipeline, plan: auto, replicas: [2, 2]}", "[2, 2]", "$.strategy.replicas",
                "plan: auto chooses the cuts and the replicas");
        badStrategy("{kind: pipeline, replicas: [2, 2], balance: fastest}", "fastest", "$.strategy.balance",
                "round-robin, least-loaded");
        badStrategy("{kind: lcp, branches: 2, replicas: 5}", "5}", "$.strategy.replicas",
                "5 replicas of the LCP need at least 5 devices");
        badStrategy("{kind: lcp, branches: 2, replicas: 0}", "0}", "$.strategy.replicas", "must be between 1 and");
        badStrategy("{kind: data-parallel, groups: 2}", "2}", "$.strategy.groups",
                "groups of devices need the strategy each group runs");
        badStrategy("{kind: data-parallel, groups: 8, group: {kind: lcp, branches: 2}}", "8,", "$.strategy.groups",
                "8 groups need at least 8 devices");
        // a group's strategy is checked as a strategy, at its own path
        badStrategy("{kind: data-parallel, groups: 2, group: {kind: lcp, branchez: 2}}", "branchez", "$.strategy.group.branchez",
                "unknown field");
    }

    /** AlexNet on four devices with this strategy: an error at the value {@code token} starts. */
    private void badStrategy(String strategy, String token, String path, String fragment) throws IOException {
        String yaml = GOOD.replace("model: lenet", "model: alexnet").replace("count: 2", "count: 4")
                .replace("{kind: lcp, branches: 2}", strategy);
        assertError(errorLines(yaml), 3, "strategy: ".length() + strategy.indexOf(token) + 1, path, fragment);
    }
}

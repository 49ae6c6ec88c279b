package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.experiments.ExperimentFile;

/** Every shipped example runs end to end through the command line. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("examples");

    @TempDir
    Path out;

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRuns() throws IOException {
        List<Path> files = examples();
        assertTrue(files.size() >= 1, "no examples found in " + EXAMPLES.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Path dir = out.resolve(f.getFileName().toString());
            if (Files.readString(f).contains("\nexplore:")) {
                explores(f, dir);
                return;
            }
            CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", dir.toString(), "--no-progress");
            assertEquals(0, r.exitCode(), r.err());
            List<String[]> rows = Csv.read(dir.resolve("results.csv"));
            assertEquals(ExperimentFile.load(f).pointCount(), rows.size() - 1);
            int status = List.of(rows.get(0)).indexOf("status");
            for (String[] row : rows.subList(1, rows.size())) {
                String s = row[status];
                // saturated: 07's one board (point 0, the first column) cannot keep up with its camera, on purpose; nothing else saturates
                boolean sevenSingle = f.getFileName().toString().startsWith("07-") && row[0].equals("0");
                assertTrue(s.equals("ok") || s.equals("oom") || (s.equals("saturated") && sevenSingle),
                        f + ": " + String.join(",", row));
            }
            assertTrue(Files.size(dir.resolve("summary.json")) > 0);
            assertTrue(Files.isRegularFile(dir.resolve("report/index.html")), "no report");
            for (String chart : ExampleCharts.EXPECTED.getOrDefault(f.getFileName().toString(), List.of())) {
                for (String ext : List.of(".png", ".svg")) {
                    assertTrue(Files.isRegularFile(dir.resolve("charts").resolve(chart + ext)),
                            f.getFileName() + " should draw charts/" + chart + ext);
                }
            }
            List<String> untraced = new java.util.ArrayList<>(ExampleComments.untraced(f, dir));
            untraced.addAll(ExampleComments.untracedInDocs(f, dir));
            assertTrue(untraced.isEmpty(), String.join("\n", untraced));
            List<String> unreadable = GeneratedText.unreadable(dir);
            assertTrue(unreadable.isEmpty(), String.join("\n", unreadable));
            // a comment that says what the latency chart's axis reads is checked against the chart
            java.util.regex.Matcher axis = java.util.regex.Pattern.compile("axis says \"(linear|log) scale\"")
                    .matcher(Files.readString(f));
            if (axis.find()) {
                assertTrue(Files.readString(dir.resolve("charts/latency.svg")).contains(axis.group(1) + " scale"),
                        f.getFileName() + " says the latency axis is " + axis.group(1));
            }
            List<String> problems = ChartLayoutCliTest.problems(dir);
            assertTrue(problems.isEmpty(), f.getFileName() + ": labels overlap or are cut:\n" + String.join("\n", problems));
        }));
    }

    /** An exploration example recommends a feasible design, says why, and draws its Pareto chart. */
    private static void explores(Path f, Path dir) throws IOException {
        CliHarness.Result r = CliHarness.run("explore", f.toString(), "--out", dir.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertTrue(summary.get("recommended").has("point_id"), summary.toString());
        assertTrue(summary.get("reason").asText().contains("accuracy_drop_pct <= 3"), summary.toString());
        int recommended = summary.get("recommended").get("point_id").asInt();
        List<String[]> pareto = Csv.read(dir.resolve("pareto.csv"));
        int id = List.of(pareto.get(0)).indexOf("point_id");
        int drop = List.of(pareto.get(0)).indexOf("accuracy_drop_pct");
        String[] rec = pareto.stream().skip(1).filter(row -> Integer.parseInt(row[id]) == recommended).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(rec[drop]) <= 3, String.join(",", rec));
        // the answer: a binding constraint, the constraints' report, what-if runs; no design twice on the front
        assertTrue(summary.get("recommended").get("binding").isTextual(), summary.toString());
        assertEquals(summary.get("constraints").size(), summary.get("constraint_report").size());
        assertEquals(6, summary.get("what_if").size());
        int swept = List.of(pareto.get(0)).indexOf("sweep.cluster.devices.0.count");
        int lat = List.of(pareto.get(0)).indexOf("latency_ms_mean");
        int params = List.of(pareto.get(0)).indexOf("params");
        java.util.Set<String> objectives = new java.util.HashSet<>();
        for (String[] row : pareto.subList(1, pareto.size())) {
            assertTrue(objectives.add(row[lat] + "|" + row[params]), "two designs equal in every objective on the front: "
                    + String.join(",", row) + " (cluster of " + (swept < 0 ? "?" : row[swept]) + ")");
        }
        try (Stream<Path> charts = Files.list(dir.resolve("charts"))) {
            assertTrue(charts.anyMatch(p -> p.getFileName().toString().matches("pareto-explore-.*\\.png")), "no Pareto chart");
        }
        assertTrue(Files.isRegularFile(dir.resolve("report/index.html")), "no report");
        List<String> untraced = new java.util.ArrayList<>(ExampleComments.untraced(f, dir));
        untraced.addAll(ExampleComments.untracedInDocs(f, dir));
        assertTrue(untraced.isEmpty(), String.join("\n", untraced));
        List<String> unreadable = GeneratedText.unreadable(dir);
        assertTrue(unreadable.isEmpty(), String.join("\n", unreadable));
    }

    @Test
    void quickstartLcpLatencyFallsAsBranchesGrow() throws IOException {
        Path dir = out.resolve("q");
        CliHarness.Result r = CliHarness.run("run", EXAMPLES.resolve("01-quickstart.yaml").toString(), "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = Csv.read(dir.resolve("results.csv"));
        List<String> header = List.of(rows.get(0));
        int lat = header.indexOf("latency_ms_mean");
        int branches = header.indexOf("branches");
        int strategy = header.indexOf("strategy");
        double previous = Double.MAX_VALUE;
        int lcpRows = 0;
        double single = Double.NaN;
        for (String[] row : rows.subList(1, rows.size())) {
            double latency = Double.parseDouble(row[lat]);
            if (row[strategy].equals("single")) {
                single = latency;
                continue;
            }
            lcpRows++;
            assertTrue(latency < previous, "latency should fall with branches: " + row[branches] + " -> " + latency);
            previous = latency;
        }
        assertEquals(3, lcpRows);
        assertTrue(previous < single, "LCP split8 should beat one device");
    }

    @Test
    void hybridPipelineReplicatesTheSlowStages() throws IOException {
        Path dir = out.resolve("h");
        CliHarness.Result r = CliHarness.run("run", EXAMPLES.resolve("10-hybrid-pipeline.yaml").toString(), "--out", dir.toString(),
                "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<java.util.Map<String, String>> rows = Csv.records(dir.resolve("results.csv"));
        assertEquals(7, rows.size());
        double[] cap = rows.stream().mapToDouble(x -> Double.parseDouble(x.get("capacity_ips"))).toArray();
        for (java.util.Map<String, String> row : rows) {
            assertEquals("8", row.get("devices"), row.toString());
            assertEquals("ok", row.get("status"), row.toString());
        }
        // replicating the stages sustains several times the plain pipeline; round robin and least loaded alike on equal boards
        assertTrue(cap[1] > 3 * cap[0], java.util.Arrays.toString(cap));
        assertEquals(cap[1], cap[2], cap[1] * 0.05);
        assertTrue(cap[4] > 3 * cap[0], "the planner's design: " + java.util.Arrays.toString(cap));
        assertTrue(cap[5] > cap[0], "two groups of pipelines: " + java.util.Arrays.toString(cap));
        assertEquals("lcp", rows.get(6).get("strategy"));
        assertEquals("split4", rows.get(6).get("variant"));
    }
}

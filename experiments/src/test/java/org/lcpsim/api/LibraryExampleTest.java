package org.lcpsim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lcpsim.results.PointResult;

/** lcpsim as a library (package org.lcpsim.api), and the README's example of it, which is {@link LibraryExample}. */
class LibraryExampleTest {
    static final Path README = Path.of("../README.md");
    static final Path EXAMPLE = Path.of("src/test/java/org/lcpsim/api/LibraryExample.java");

    @Test
    void theReadmeExampleRuns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LibraryExample.report(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertEquals("3 design points", lines[0], out);
        assertTrue(lines[1].matches("branches=1 devices=1: \\d+\\.\\d ms, \\d+\\.\\d\\d images/s, ok"), out);
        assertTrue(lines[2].startsWith("branches=2 devices=2: "), out);
        assertTrue(lines[3].startsWith("branches=4 devices=4: "), out);
        assertTrue(lines[4].startsWith("typo.yaml:3:"), out);
        assertTrue(out.contains(": $.strategy.branchs: "), out);
        assertTrue(out.contains("\nstrategy.branches  (in strategy, when kind: lcp)\n"), out);
    }

    /** The README shows the example's code as it is compiled here. */
    @Test
    void theReadmeShowsTheCompiledExample() throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf("\n## Using lcpsim as a Java library\n");
        assertTrue(section >= 0, "README has no section 'Using lcpsim as a Java library'");
        int open = readme.indexOf("```java\n", section);
        int close = readme.indexOf("\n```", open + 8);
        assertTrue(open > 0 && close > open, "the section has no java block");
        List<String> shown = strip(readme.substring(open + 8, close));
        String source = Files.readString(EXAMPLE);
        String body = source.substring(source.indexOf("// README: begin") + "// README: begin".length(),
                source.indexOf("// README: end"));
        assertEquals(strip(body), shown, "the README's example is not LibraryExample's code between the README markers:"
                + " copy it over");
    }

    private static List<String> strip(String code) {
        List<String> out = new ArrayList<>();
        for (String l : code.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    @Test
    void resultsAreThoseOfTheCommandLineAndDoNotDependOnThreads() {
        Experiment e = Experiment.parse(SMALL, Path.of("small.yaml"));
        assertEquals("small", e.name());
        assertEquals(List.of(), e.problems());
        assertEquals(List.of(Map.of("strategy.branches", "1"), Map.of("strategy.branches", "2")), e.points());
        List<PointResult> one = e.run(1);
        List<PointResult> two = e.run(2);
        assertEquals(2, one.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(one.get(i).metrics().latencyMsMean(), two.get(i).metrics().latencyMsMean());
            assertEquals(i, one.get(i).pointId());
            assertEquals(PointResult.OK, one.get(i).status());
        }
        assertEquals(1, one.get(0).devices());
        assertEquals(2, one.get(1).devices());
        assertTrue(one.get(0).metrics().latencyMsMean() > 0);
        List<Integer> streamed = new ArrayList<>();
        assertEquals(2, e.run(1, r -> streamed.add(r.pointId())));
        assertEquals(List.of(0, 1), streamed);
    }

    static final String SMALL = "name: small\nmodel: lenet\nstrategy: {kind: lcp, branches: 1}\n"
            + "cluster: {devices: [{preset: rpi3, count: 2}]}\nnetwork: {preset: wifi-rpi}\n"
            + "workload: {requests: 5, warmup: 0}\nsweep: {strategy.branches: [1, 2]}\n";

    @Test
    void problemsAreListedAndRunRefusesBeforeSimulating() {
        Experiment bad = Experiment.parse(SMALL.replace("branches: 1}", "branches: 5000}").replace("[1, 2]", "[0, 2]"),
                Path.of("bad.yaml"));
        List<String> problems = bad.problems();
        assertTrue(problems.size() >= 1, problems.toString());
        assertTrue(problems.get(0).startsWith("bad.yaml:"), problems.toString());
        List<PointResult> seen = new ArrayList<>();
        ExperimentException e = assertThrows(ExperimentException.class, () -> bad.run(1, seen::add));
        assertEquals(problems, e.problems());
        assertEquals(List.of(), seen);
        assertThrows(ExperimentException.class, bad::points);
    }

    @Test
    void unreadableFilesAndBadYamlAreExperimentExceptions() throws IOException {
        ExperimentException missing = assertThrows(ExperimentException.class, () -> Experiment.load(Path.of("no-such.yaml")));
        assertTrue(missing.problems().get(0).startsWith("no-such.yaml: "), missing.problems().toString());
        ExperimentException syntax = assertThrows(ExperimentException.class,
                () -> Experiment.parse("name: [x\n", Path.of("syntax.yaml")));
        assertTrue(syntax.getMessage().startsWith("syntax.yaml:"), syntax.getMessage());
        Experiment quick = Experiment.load(Path.of("examples/01-quickstart.yaml"));
        assertEquals(List.of(), quick.problems());
        assertEquals(4, quick.pointCount());
    }

    @Test
    void explainAndSchemaAreTheCommandLine() throws IOException {
        assertTrue(Experiment.explain("workload.batch").contains("values:     integer, 1 to 1024"));
        ExperimentException e = assertThrows(ExperimentException.class, () -> Experiment.explain("workload.bacth"));
        assertTrue(e.getMessage().contains("did you mean 'workload.batch'?"), e.getMessage());
        assertEquals(Files.readString(Path.of("../schema/experiment.schema.json")), Experiment.schema());
    }
}

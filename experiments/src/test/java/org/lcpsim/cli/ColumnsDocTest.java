package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's section "results.csv" documents every column that {@code run} and
 * {@code explore} write, and no column they do not: the headers come from running the CLI on a
 * plain file, a file with several streams and faults, and an exploration.
 */
class ColumnsDocTest {
    @TempDir
    Path dir;

    private static final String PLAIN = """
            name: plain
            model: lenet
            strategy: {kind: single}
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: wifi-rpi}
            workload: {requests: 5, warmup: 0}
            sweep:
              strategy: [{kind: single}, {kind: lcp, branches: 2}]
            """;
    private static final String STREAMS_AND_FAULTS = """
            name: streams
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: wifi-rpi}
            workload:
              streams:
                - {name: door, devices: [d0], model: lenet, strategy: {kind: single}, requests: 6}
                - {name: gate, devices: [d1], model: lenet, strategy: {kind: single, device: d1}, requests: 6}
              warmup: 0
            faults: [{device: d1, atS: 0.01, untilS: 0.02, kind: slowdown, factor: 2}]
            """;
    private static final String EXPLORE = """
            name: explore
            model: alexnet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: {preset: wifi-rpi}
            workload: {requests: 3, warmup: 0}
            sweep:
              strategy.branches: [2, 4]
            explore:
              objectives: [{minimize: latency_ms_mean}]
              constraints: ["accuracy_drop_pct <= 50"]
              accuracy: {file: ACCURACY}
            """;

    private List<String> header(String name, String yaml, String command) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml.replace("ACCURACY",
                Path.of("examples/data/lcp-paper-accuracy.csv").toAbsolutePath().toString()));
        Path out = dir.resolve(name);
        CliHarness.Result r = CliHarness.run(command, file.toString(), "--out", out.toString(), "--no-progress",
                "--no-report", "--allow-outside-files");
        assertEquals(0, r.exitCode(), r.err());
        return List.of(Csv.read(out.resolve("results.csv")).get(0));
    }

    /** The backquoted words of the README's "results.csv" section (a list in one span split at commas). */
    static Set<String> documented() throws IOException {
        String readme = Files.readString(DocLinksTest.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## results.csv");
        int end = readme.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "README has no section results.csv");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(readme.substring(start, end));
        while (m.find()) {
            for (String w : m.group(1).split("[,\\s]+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    @Test
    void theReadmeDocumentsEveryColumnAndNoOther() throws IOException {
        Set<String> written = new LinkedHashSet<>();
        written.addAll(header("plain", PLAIN, "run"));
        written.addAll(header("streams", STREAMS_AND_FAULTS, "run"));
        written.addAll(header("explore", EXPLORE, "explore"));
        Set<String> docs = documented();
        List<String> undocumented = new ArrayList<>();
        Set<String> columns = new TreeSet<>();
        for (String c : written) {
            String name = c;
            if (c.startsWith("stream.")) {
                String suffix = c.substring(c.indexOf('.', "stream.".length()) + 1);
                name = "." + suffix;
                if (!docs.contains(name) && !docs.contains("stream.NAME." + suffix)) {
                    undocumented.add(c + " (as ." + suffix + " or stream.NAME." + suffix + ")");
                }
                columns.add(suffix);
                continue;
            }
            if (c.startsWith("sweep.")) {
                if (!docs.contains("sweep.PATH")) {
                    undocumented.add(c + " (as sweep.PATH)");
                }
                continue;
            }
            columns.add(c);
            if (!docs.contains(name)) {
                undocumented.add(c);
            }
        }
        assertTrue(undocumented.isEmpty(), "columns written but not in the README's results.csv section: " + undocumented);
        // the other way: a documented word that reads as a column (snake_case) is one
        List<String> stale = new ArrayList<>();
        for (String d : docs) {
            String w = d.startsWith(".") ? d.substring(1) : d.startsWith("stream.NAME.") ? d.substring(12) : d;
            if (w.matches("[a-z][a-z0-9]*(_[a-z0-9]+)+") && !columns.contains(w)) {
                stale.add(d);
            }
        }
        assertTrue(stale.isEmpty(), "the README's results.csv section names columns lcpsim does not write: " + stale);
    }
}

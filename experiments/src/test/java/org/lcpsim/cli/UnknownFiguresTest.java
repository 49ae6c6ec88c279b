package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.network.presets.NetworkSpecs;

/**
 * Unknown is not zero, anywhere: a figure that rests on an unknown input is blank with a note,
 * and no NaN, null or Infinity reaches a user through presets, provenance or listings.
 */
class UnknownFiguresTest {
    /** What a user must never read where a number or a sentence belongs. */
    static final Pattern NOT_A_FIGURE = Pattern.compile("\\bNaN\\b|\\bnull\\b|Infinity");

    @TempDir
    Path dir;

    /**
     * The Jetsons' framework memory is unknown: their peak memory is blank with a note naming the
     * devices, not the ~6 MB of weights and activations alone. The point still runs (the known part
     * fits); where the known part alone exceeds the capacity it is oom.
     */
    @Test
    void jetsonPeakMemoryIsBlankWithANote() throws IOException {
        Path file = dir.resolve("jetson.yaml");
        Files.writeString(file, """
                name: jetson-lcp
                model: alexnet
                strategy: {kind: lcp, branches: 2}
                cluster:
                  devices: [{preset: jetson-tx2, count: 2}]
                network: {preset: ethernet-1g}
                workload: {requests: 5, warmup: 1}
                replications: 1
                sweep:
                  cluster.devices.0.memoryMb: [7168, 40]
                """);
        CliHarness.Result run = CliHarness.run("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(NOT_A_FIGURE.matcher(run.out()).find(), run.out());
        List<String[]> rows = Csv.read(dir.resolve("out/results.csv"));
        List<String> head = List.of(rows.get(0));
        String[] fits = rows.get(1);
        assertEquals("ok", fits[head.indexOf("status")], "the known part fits: it cannot be called out of memory");
        assertEquals("", fits[head.indexOf("peak_memory_mb_max")]);
        assertEquals("0", fits[head.indexOf("swap_mb_max")], "swap is off: nothing is paged, whatever the framework takes");
        String note = fits[head.indexOf("notes")];
        assertTrue(note.contains("peak_memory_mb_max is blank: the framework memory of jetson-tx2 (d0) is unknown; the known"
                + " part (weights, activations, buffers) is "), note);
        assertTrue(note.contains("jetson-tx2 (d1) is unknown"), note);
        assertFalse(note.contains("too much"), note);
        String[] tooSmall = rows.get(2);
        assertEquals("oom", tooSmall[head.indexOf("status")], "the known part alone exceeds 40 MB");
        assertEquals("", tooSmall[head.indexOf("peak_memory_mb_max")]);
        assertTrue(tooSmall[head.indexOf("notes")].contains("of 40 MB, too much whatever the framework takes"),
                tooSmall[head.indexOf("notes")]);

        String html = Files.readString(dir.resolve("out/report/index.html"));
        assertFalse(NOT_A_FIGURE.matcher(html).find(), "the report prints no NaN, null or Infinity");
        assertTrue(html.contains("the framework memory of jetson-tx2 (d0) is unknown"), "the report lists the point's notes");
        assertTrue(html.contains("needs at least "), "the oom reason says the known part is a lower bound");
        assertTrue(html.contains("framework unknown)"), html.substring(html.indexOf("not simulated")));
        assertTrue(html.contains("whose framework memory is unknown: they show only the known part"),
                "the memory chart says its bars are lower bounds");
    }

    /** Presets, their provenance, and the zoo listing: no NaN, null or Infinity anywhere a user reads. */
    @Test
    void noPresetOrListingPrintsNaN() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String name : DeviceSpecs.PRESETS.names()) {
            texts.add(resource("org/lcpsim/devices/presets/" + name + ".yaml"));
        }
        for (String name : NetworkSpecs.PRESETS.names()) {
            texts.add(resource("org/lcpsim/network/presets/" + name + ".yaml"));
        }
        assertEquals(DeviceSpecs.PRESETS.names().size() + NetworkSpecs.PRESETS.names().size(), texts.size());
        for (String[] args : List.of(new String[] {"models"}, new String[] {"models", "--format", "csv"})) {
            CliHarness.Result r = CliHarness.run(args);
            assertEquals(0, r.exitCode(), r.err());
            texts.add(r.out());
        }
        for (String t : texts) {
            var m = NOT_A_FIGURE.matcher(t);
            assertFalse(m.find(), () -> "'" + m.group() + "' in:\n" + t);
        }
    }

    private static String resource(String path) throws IOException {
        try (var in = UnknownFiguresTest.class.getClassLoader().getResourceAsStream(path)) {
            assertTrue(in != null, path);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

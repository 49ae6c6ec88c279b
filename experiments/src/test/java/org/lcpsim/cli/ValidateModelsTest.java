package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.experiments.validation.MeasurementSets;
import org.lcpsim.experiments.validation.ScorecardFiles;

/**
 * {@code lcpsim validate-models} runs once: every kind of measurement set is on the scorecard, and
 * the README's headline tables and the committed snapshot (docs/results/scorecard.csv) are what it
 * prints and writes now (scripts/scorecard-snapshot refreshes both).
 */
class ValidateModelsTest {
    static final String BEGIN = "<!-- scorecard: printed by lcpsim validate-models, kept current by ValidateModelsTest;"
            + " scripts/scorecard-snapshot refreshes it -->\n";
    static final String END = "<!-- end of scorecard -->";

    @TempDir
    Path dir;

    @Test
    void scorecardHasEverySetAndTheReadmeShowsItAsItIsNow() throws IOException {
        Path out = dir.resolve("v");
        CliHarness.Result r = CliHarness.run("validate-models", "--dir", "paper", "--out", out.toString(), "--no-progress",
                "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = Csv.read(out.resolve(ScorecardFiles.CSV));
        assertEquals(ScorecardFiles.COLUMNS, List.of(rows.get(0)));
        Set<String> kinds = rows.stream().skip(1).map(x -> x[1]).collect(Collectors.toSet());
        assertEquals(Set.of(MeasurementSets.SINGLE_DEVICE, MeasurementSets.PER_LAYER, MeasurementSets.MEMORY,
                MeasurementSets.LINK, MeasurementSets.PAPER, MeasurementSets.PIPELINE), kinds);
        for (String[] row : rows.subList(1, rows.size())) {
            assertTrue(Set.of("fitted", "validation", "-").contains(row[3]), String.join(",", row));
            assertTrue(Set.of("yes", "no", "n.a.").contains(row[7]), String.join(",", row));
            if (row[1].equals(MeasurementSets.PIPELINE)) {
                assertEquals("0", row[4]);
                assertTrue(row[10].startsWith("absent:"), row[10]);
            }
        }
        // the AWS split bars are simulated from the one-instance fit and compared with nothing
        assertTrue(rows.stream().anyMatch(x -> x[0].equals("aws-latency") && x[3].equals("validation") && x[4].equals("0")));
        assertTrue(Files.readString(out.resolve(ScorecardFiles.HTML)).contains("How far each preset has been validated"));
        assertTrue(Files.exists(out.resolve("paper-comparison.csv")));

        String printed = r.out().substring(0, r.out().indexOf("wrote "));
        String readme = Files.readString(Path.of("../README.md"));
        int b = readme.indexOf(BEGIN);
        int e = readme.indexOf(END);
        assertTrue(b >= 0 && e > b, "README has no scorecard block");
        assertEquals(printed, readme.substring(b + BEGIN.length(), e),
                "the README's scorecard is stale: run scripts/scorecard-snapshot and commit README.md and docs/results");
        assertEquals(Files.readString(Path.of("../docs/results/scorecard.csv")),
                Files.readString(out.resolve(ScorecardFiles.CSV)),
                "docs/results/scorecard.csv is stale: run scripts/scorecard-snapshot and commit it");
    }

    @Test
    void badInputIsExitTwoBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        CliHarness.Result r = CliHarness.run("validate-models", "--dir", "paper", "--out", file.toString(), "--no-progress");
        assertEquals(2, r.exitCode(), r.err());
        Path out = dir.resolve("o");
        Files.createDirectories(out.resolve(ScorecardFiles.CSV));
        r = CliHarness.run("validate-models", "--dir", "paper", "--out", out.toString(), "--no-progress");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("scorecard.csv: a folder where lcpsim writes a file"), r.err());
        r = CliHarness.run("validate-models", "--dir", "paper", "--out", dir.resolve("p").toString(), "--threads", "0");
        assertEquals(2, r.exitCode(), r.err());
        r = CliHarness.run("validate-models", "--dir", dir.resolve("missing").toString(), "--out", dir.resolve("q").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("no paper experiments"), r.err());
        assertTrue(Files.notExists(dir.resolve("p").resolve(ScorecardFiles.CSV)));
    }
}

package org.lcpsim.cli.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The README's table of kinds of damage and their exit codes is the one the corpus tests: each
 * row is OutputsFamily's, word for word, and each has its cases (named after the row's key, with
 * the row's exit code) or names the test that covers it. The two families of issue 11 have at
 * least 50 cases each.
 */
class ExitCodeTableTest {
    static final Path README = Path.of("../README.md");

    /** The rows of the README's exit-code table, as "damage | commands | exit". */
    static List<String> readmeRows() throws IOException {
        String text = Files.readString(README);
        int start = text.indexOf("<!-- exit-code table");
        int end = text.indexOf("<!-- end of exit-code table -->");
        assertTrue(start >= 0 && end > start, "the README has no exit-code table between its markers");
        List<String> rows = new ArrayList<>();
        for (String line : text.substring(start, end).split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| kind of damage")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
                rows.add(String.join(" | ", cells));
            }
        }
        return rows;
    }

    @Test
    void theReadmeTablesTheRowsTheCorpusTests() throws IOException {
        List<String> expected = OutputsFamily.ROWS.stream().map(r -> r.damage() + " | " + r.commands() + " | " + r.exit()).toList();
        assertEquals(expected, readmeRows());
    }

    @Test
    void everyRowHasItsCasesWithItsExitCode() throws ClassNotFoundException {
        List<Case> cases = new ArrayList<>(new OutputsFamily().cases());
        List<Case> calibrate = new CalibrateFamily().cases();
        for (OutputsFamily.Row row : OutputsFamily.ROWS) {
            if (row.testedBy() != null) {
                Class.forName(row.testedBy());
                continue;
            }
            List<Case> mine = new ArrayList<>(cases.stream().filter(c -> c.name().startsWith(row.key() + "-")).toList());
            if (row.key().equals("calout")) {
                mine.addAll(calibrate.stream().filter(c -> c.name().startsWith("calout-") && c.exitCode() != 0).toList());
            }
            assertTrue(!mine.isEmpty(), "no corpus case for the row '" + row.damage() + "'");
            for (Case c : mine) {
                if (!c.name().endsWith("-is-fine") && !c.name().endsWith("-good-merge")) {
                    assertEquals(Integer.parseInt(row.exit()), c.exitCode(), c.id());
                }
            }
        }
    }

    @Test
    void theFamiliesOfHostileInputIIAreLarge() {
        int outputs = new OutputsFamily().cases().size();
        int calibrate = new CalibrateFamily().cases().size();
        assertTrue(outputs >= 50, "outputs: " + outputs);
        assertTrue(calibrate >= 50, "calibrate: " + calibrate);
        System.out.println("corpus: outputs " + outputs + " cases, calibrate " + calibrate + " cases");
    }
}

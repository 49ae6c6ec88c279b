package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped paper experiments run end to end, every published bar is simulated, and the
 * snapshot the README quotes is what they produce now (refresh it with scripts/paper-snapshot).
 */
class PaperReproductionTest {
    @TempDir
    Path out;

    @Test
    void reproducesEveryFigureAndMatchesTheCommittedSnapshot() throws IOException {
        CliHarness.Result r = CliHarness.run("reproduce", "paper", "--dir", "paper", "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = Csv.read(out.resolve("paper-comparison.csv"));
        Set<String> figures = rows.stream().skip(1).map(x -> x[0]).collect(Collectors.toSet());
        assertTrue(figures.containsAll(List.of("rpi-latency", "rpi-energy", "pynq-latency", "pynq-memory", "fpga-latency",
                "fpga-speedup", "fpga-mp", "fpga-qp", "aws-latency", "pynq-weights")), figures.toString());
        for (String[] row : rows.subList(1, rows.size())) {
            boolean published = !row[6].isEmpty();
            if (published) {
                assertFalse(row[7].isEmpty(), "published bar not simulated: " + String.join(",", row));
            }
            // AWS: the three one-instance bars are the calibration's inputs; every split bar is simulated from
            // that fit alone (the paper's split results are not in the reference files)
            if (row[0].equals("aws-latency")) {
                assertFalse(row[7].isEmpty(), "every AWS bar runs, VGG16 on one 1 GiB instance included: " + String.join(",", row));
                assertEquals(row[2].equals("lcp-split1") ? "fitted" : "validation", row[10], String.join(",", row));
                assertEquals(row[2].equals("lcp-split1"), published, String.join(",", row));
            }
        }
        assertEquals(Files.readString(Path.of("../docs/results/paper-comparison.csv")),
                Files.readString(out.resolve("paper-comparison.csv")),
                "the README's snapshot is stale: run scripts/paper-snapshot and commit docs/results");
    }
}

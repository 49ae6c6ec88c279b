package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The figures the README's "Reproducing the LCP paper" table states ("-83%", "5.8x vs the paper's
 * 7.35x") are those of the committed snapshot (docs/results/paper-comparison.csv and
 * scorecard.csv, which PaperReproductionTest and ValidateModelsTest keep current) for the figure
 * the row is about: a row that a new calibration made stale fails here.
 */
class PaperClaimsTest {
    private static final Pattern FIGURE = Pattern.compile("(?<![\\w.])[-+~]?(\\d+(?:\\.\\d+)?)\\s?(%|x)(?![\\w])");

    @Test
    void theTableOfPaperFiguresQuotesTheSnapshot() throws IOException {
        String readme = Files.readString(DocLinksTest.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Reproducing the LCP paper");
        int end = readme.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "README has no section Reproducing the LCP paper");
        List<String[]> comparison = Csv.read(DocLinksTest.ROOT.resolve("docs/results/paper-comparison.csv"));
        List<String[]> scorecard = Csv.read(DocLinksTest.ROOT.resolve("docs/results/scorecard.csv"));
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| ") || line.startsWith("| figure") || line.startsWith("|---")) {
                continue;
            }
            rows++;
            String[] cells = line.split("\\|");
            Set<String> figures = figures(cells[1]);
            List<Double> known = new ArrayList<>();
            for (String[] r : comparison.subList(1, comparison.size())) {
                if (figures.contains(r[0])) {
                    for (int c : new int[] {6, 7, 8}) {
                        add(r[c], known);
                    }
                }
            }
            for (String[] r : scorecard.subList(1, scorecard.size())) {
                if (figures.stream().anyMatch(f -> r[0].contains(f))) {
                    add(r[5], known);
                    add(r[6], known);
                }
            }
            Matcher m = FIGURE.matcher(cells[2]);
            while (m.find()) {
                if (!traced(m.group(1), known)) {
                    wrong.add(figures + ": '" + m.group() + "' is not in the snapshot's rows of these figures");
                }
            }
        }
        assertTrue(rows >= 8, "too few rows found: " + rows);
        assertTrue(wrong.isEmpty(), "README's paper table is stale (run scripts/scorecard-snapshot, then fix the"
                + " text):\n" + String.join("\n", wrong));
    }

    /** "rpi-single-tensorflow / -tflite / -pytorch" names rpi-single-tensorflow, rpi-single-tflite and rpi-single-pytorch. */
    static Set<String> figures(String cell) {
        Set<String> out = new LinkedHashSet<>();
        String first = null;
        for (String t : cell.strip().split("[\\s,/]+")) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("-") && first != null) {
                out.add(first.substring(0, first.lastIndexOf('-')) + t);
            } else {
                first = t;
                out.add(t);
            }
        }
        return out;
    }

    private static void add(String cell, List<Double> known) {
        if (!cell.isBlank()) {
            try {
                known.add(Math.abs(Double.parseDouble(cell)));
            } catch (NumberFormatException e) {
                // a text cell
            }
        }
    }

    private static boolean traced(String stated, List<Double> known) {
        BigDecimal v = new BigDecimal(stated);
        double half = 0.5 * Math.pow(10, -Math.max(0, v.scale()));
        return known.stream().anyMatch(k -> Math.abs(k - v.doubleValue()) <= half + 1e-9);
    }
}

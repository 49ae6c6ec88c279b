package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ModelsCommandTest {
    @Test
    void csvListsEveryZooModelWithVariantsAndPaperDifferences() {
        CliHarness.Result r = CliHarness.run("models", "--format", "csv");
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = r.out().lines().map(Csv::split).toList();
        List<String> header = List.of(rows.get(0));
        assertEquals(1 + 9 * 5, rows.size());
        int model = header.indexOf("model");
        int variant = header.indexOf("variant");
        int diff = header.indexOf("params_diff_pct");
        int macsDiff = header.indexOf("macs_diff_pct");
        for (String[] row : rows.subList(1, rows.size())) {
            if (row[variant].equals("original") && List.of("vgg16", "resnet18", "alexnet", "mobilenet").contains(row[model])) {
                assertTrue(Math.abs(Double.parseDouble(row[diff])) < 1.0, String.join(",", row));
            }
            if (row[model].equals("resnet18") && row[variant].equals("split2")) {
                assertTrue(Math.abs(Double.parseDouble(row[diff])) < 1.0, String.join(",", row));
                assertTrue(Math.abs(Double.parseDouble(row[macsDiff])) < 2.0, String.join(",", row));
            }
        }
        assertTrue(rows.stream().anyMatch(x -> x[model].equals("vgg16") && x[variant].equals("split8-f40")));
    }

    @Test
    void tableAndBadFormat() {
        CliHarness.Result t = CliHarness.run("models", "--model", "vgg16");
        assertEquals(0, t.exitCode());
        assertTrue(t.out().contains("vgg16     split8"), t.out());
        assertEquals(2, CliHarness.run("models", "--format", "xml").exitCode());
        assertEquals(2, CliHarness.run("models", "--model", "nope").exitCode());
    }
}

package org.lcpsim.reports;

import org.lcpsim.config.Csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.lcpsim.results.ComparisonRow;

/**
 * paper-comparison.csv, as DESIGN.md fixes it: {@code figure,model,config,devices,metric,unit,
 * paper_value,simulated_value,error_pct}, then {@code source} (where the paper value comes from) and
 * {@code role} ({@code fitted} when the published value was a calibration input, else
 * {@code validation}).
 * Rows without a published value leave paper_value and error_pct empty. A results folder that
 * has this file gets the paper charts in its report.
 */
public final class PaperComparisonCsv {
    public static final String FILE = "paper-comparison.csv";
    public static final List<String> COLUMNS = List.of("figure", "model", "config", "devices", "metric", "unit",
            "paper_value", "simulated_value", "error_pct", "source", "role");

    private PaperComparisonCsv() {
    }

    public static void write(List<ComparisonRow> rows, Writer out) throws IOException {
        ResultsCsv.writeLine(out, COLUMNS);
        for (ComparisonRow r : rows) {
            ResultsCsv.writeLine(out, List.of(r.figure(), r.model(), r.config(), Integer.toString(r.devices()), r.metric(),
                    r.unit(), Num.format(r.paperValue()), Num.format(r.simulatedValue()), Num.format(r.errorPct()),
                    r.source() == null ? "" : r.source(), r.role()));
        }
    }

    public static void write(List<ComparisonRow> rows, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(rows, out);
        }
    }

    /** Reads the file by column name (the order may change as columns are added). */
    public static List<ComparisonRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ReportInputException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty()) {
            throw new ReportInputException(file + ": empty; expected a header line " + String.join(",", COLUMNS));
        }
        List<String> header = Csv.split(lines.get(0));
        int[] at = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            at[c] = header.indexOf(COLUMNS.get(c));
            if (at[c] < 0 && !List.of("source", "error_pct", "role").contains(COLUMNS.get(c))) {
                throw new ReportInputException(file + ":1: no column " + COLUMNS.get(c));
            }
        }
        List<ComparisonRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = Csv.split(lines.get(i));
            String where = file + ":" + (i + 1);
            try {
                rows.add(new ComparisonRow(cell(cells, at[0]), cell(cells, at[1]), cell(cells, at[2]),
                        Integer.parseInt(cell(cells, at[3])), cell(cells, at[4]), cell(cells, at[5]),
                        number(cell(cells, at[6])), number(cell(cells, at[7])), cell(cells, at[9]), cell(cells, at[10])));
            } catch (NumberFormatException e) {
                throw new ReportInputException(where + ": not a number: " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static String cell(List<String> cells, int i) {
        return i >= 0 && i < cells.size() ? cells.get(i) : "";
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}

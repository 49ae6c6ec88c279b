package org.lcpsim.experiments.explore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.lcpsim.config.Csv;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Excerpt;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.ReferencedFile;
import org.lcpsim.config.Location;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;

/**
 * Top-1 accuracy of model variants, as the user measured or took from a paper: rows of
 * (model, branches, fatten, top-1 %), and optionally the branches whose outputs the classifier
 * had ({@code branches_arrived}, or {@code branchesArrived} inline; absent: all of them): an LCP
 * answer made with k of its K branches, when the others were lost or late (docs/engine.md,
 * "Faults"). Accuracy of a design is the row that matches, or linear interpolation over fatten
 * between the nearest rows of the same model, branch count and branches arrived; anything else is
 * unknown (NaN), never extrapolated. The accuracy drop of a design is its model's unsplit accuracy
 * (branches 1, fatten 0) minus its own, in percentage points.
 */
public record AccuracyTable(List<Row> rows) {
    /** {@code arrived}: the branches the answer had, null for all of them. */
    public record Row(String model, int branches, double fatten, double top1Pct, String source, Integer arrived) {
        public Row(String model, int branches, double fatten, double top1Pct, String source) {
            this(model, branches, fatten, top1Pct, source, null);
        }

        /** The branches the answer had: {@code arrived}, or all of them. */
        int arrivedOrAll() {
            return arrived == null ? branches : arrived;
        }
    }

    public static final AccuracyTable EMPTY = new AccuracyTable(List.of());

    public AccuracyTable {
        rows = List.copyOf(rows);
    }

    public double accuracyPct(String model, int branches, double fatten) {
        return accuracyPct(model, branches, fatten, branches);
    }

    /** The accuracy of an answer with {@code arrived} of the {@code branches} branches; NaN when the table lacks it. */
    public double accuracyPct(String model, int branches, double fatten, int arrived) {
        List<Row> same = rows.stream().filter(r -> r.model().equals(model) && r.branches() == branches
                        && r.arrivedOrAll() == arrived)
                .sorted(Comparator.comparingDouble(Row::fatten)).toList();
        for (int i = 0; i < same.size(); i++) {
            Row r = same.get(i);
            if (Math.abs(r.fatten() - fatten) < 1e-9) {
                return r.top1Pct();
            }
            if (i + 1 < same.size() && r.fatten() < fatten && fatten < same.get(i + 1).fatten()) {
                Row s = same.get(i + 1);
                return r.top1Pct() + (s.top1Pct() - r.top1Pct()) * (fatten - r.fatten()) / (s.fatten() - r.fatten());
            }
        }
        return Double.NaN;
    }

    public double dropPct(String model, int branches, double fatten) {
        return accuracyPct(model, 1, 0.0) - accuracyPct(model, branches, fatten);
    }

    /**
     * Binds {@code accuracy: {file: table.csv}} or {@code accuracy: {rows: [{model, branches, fatten, top1Pct,
     * branchesArrived}]}}.
     */
    public static AccuracyTable bind(MapReader r, Path baseDir) {
        return bind(r, baseDir, FileSource.within(baseDir, false));
    }

    /** The same, reading the table's file from {@code files} (inside the experiment's folder, unless allowed). */
    public static AccuracyTable bind(MapReader r, Path baseDir, FileSource files) {
        List<Row> rows = new ArrayList<>();
        String file = r.string("file", null);
        List<Node> inline = r.list("rows");
        r.end();
        if (file != null) {
            ReferencedFile table = ReferencedFile.read(files, baseDir, file, r.location("file"), r.path("file"),
                    "accuracy table", r.errors());
            if (table != null) {
                Errors problems = new Errors();
                rows.addAll(readCsv(table.text(), table.name(), problems));
                table.report(problems.list(), r.location("file"), r.path("file"), "accuracy table", r.errors());
            }
        }
        for (int i = 0; i < inline.size(); i++) {
            MapReader row = MapReader.of(inline.get(i), r.path("rows") + "[" + i + "]", r.errors());
            String model = row.requiredString("model");
            Integer branches = row.integer("branches", 1, 1, 100_000);
            Double fatten = row.number("fatten", 0.0, 0, 100);
            Double top1 = row.requiredNumber("top1Pct", 0, 100);
            String source = row.string("source", "");
            Integer arrived = row.integer("branchesArrived", null, 1, 100_000);
            if (arrived != null && branches != null && arrived > branches) {
                row.error("branchesArrived", "an answer has at most the " + branches + " branches of the model; got "
                        + arrived);
                arrived = null;
                top1 = null;
            }
            row.end();
            if (model != null && branches != null && fatten != null && top1 != null) {
                rows.add(new Row(model, branches, fatten, top1, source, arrived));
            }
        }
        return new AccuracyTable(rows);
    }

    /** The 1-based column of cell {@code index} in a CSV line (where its text starts). */
    private static int column(String line, int index) {
        int col = 0;
        boolean quoted = false;
        for (int cell = 0; col < line.length() && cell < index; col++) {
            char c = line.charAt(col);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cell++;
            }
        }
        return col + 1;
    }

    private static Integer cell(List<String> f, int index, String line, String file, int i, String name, Errors errors,
                                int min, int max) {
        String text = f.get(index).strip();
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        errors.add(new Location(file, i + 1, column(line, index)), "$." + name, "expected an integer between "
                + min + " and " + max + ", got '" + Excerpt.of(text) + "'");
        return null;
    }

    private static Double cellNumber(List<String> f, int index, String line, String file, int i, String name, Errors errors,
                                     double min, double max) {
        String text = f.get(index).strip();
        try {
            double v = Double.parseDouble(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        errors.add(new Location(file, i + 1, column(line, index)), "$." + name, "expected a number between "
                + (long) min + " and " + (long) max + ", got '" + Excerpt.of(text) + "'");
        return null;
    }

    /**
     * CSV with a header naming model, branches, fatten, top1_pct (and optionally source and
     * branches_arrived: blank or absent for an answer of every branch); errors
     * are positioned in the file {@code name} (at the cell) and quote at most a short excerpt of it.
     */
    static List<Row> readCsv(String text, String name, Errors errors) {
        List<String> lines = text.lines().toList();
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty() || lines.stream().allMatch(String::isBlank)) {
            errors.add(new Location(name, 1, 1), "$", "empty accuracy table");
            return rows;
        }
        List<String> header = Csv.split(lines.get(0).strip());
        int model = header.indexOf("model");
        int branches = header.indexOf("branches");
        int fatten = header.indexOf("fatten");
        int top1 = header.indexOf("top1_pct");
        int source = header.indexOf("source");
        int arrivedColumn = header.indexOf("branches_arrived");
        if (model < 0 || branches < 0 || fatten < 0 || top1 < 0) {
            errors.add(new Location(name, 1, 1), "$", "accuracy table needs columns model,branches,fatten,top1_pct");
            return rows;
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() <= Math.max(Math.max(model, branches), Math.max(fatten, top1))) {
                errors.add(new Location(name, i + 1, 1), "$", "bad accuracy row (too few columns): '" + Excerpt.of(line)
                        + "'");
                continue;
            }
            // the same ranges as a row written inline: a NaN, a negative or a 1e308 accuracy would rank designs by nonsense
            Integer b = cell(f, branches, line, name, i, "branches", errors, 1, 100_000);
            Double fat = cellNumber(f, fatten, line, name, i, "fatten", errors, 0, 100);
            Double t = cellNumber(f, top1, line, name, i, "top1_pct", errors, 0, 100);
            Integer arrived = null;
            if (arrivedColumn >= 0 && arrivedColumn < f.size() && !f.get(arrivedColumn).isBlank()) {
                // blank: the answer of every branch
                arrived = cell(f, arrivedColumn, line, name, i, "branches_arrived", errors, 1, b == null ? 100_000 : b);
                if (arrived == null) {
                    continue;
                }
            }
            if (b != null && fat != null && t != null) {
                rows.add(new Row(f.get(model).strip(), b, fat, t, source >= 0 && source < f.size() ? f.get(source) : "",
                        arrived));
            }
        }
        return rows;
    }
}

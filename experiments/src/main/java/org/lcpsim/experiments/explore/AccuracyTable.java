package org.lcpsim.experiments.explore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.lcpsim.config.Csv;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Location;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;

/**
 * Top-1 accuracy of model variants, as the user measured or took from a paper: rows of
 * (model, branches, fatten, top-1 %). Accuracy of a design is the row that matches, or linear
 * interpolation over fatten between the nearest rows of the same model and branch count;
 * anything else is unknown (NaN), never extrapolated. The accuracy drop of a design is its
 * model's unsplit accuracy (branches 1, fatten 0) minus its own, in percentage points.
 */
public record AccuracyTable(List<Row> rows) {
    public record Row(String model, int branches, double fatten, double top1Pct, String source) {
    }

    public static final AccuracyTable EMPTY = new AccuracyTable(List.of());

    public AccuracyTable {
        rows = List.copyOf(rows);
    }

    public double accuracyPct(String model, int branches, double fatten) {
        List<Row> same = rows.stream().filter(r -> r.model().equals(model) && r.branches() == branches)
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

    /** Binds {@code accuracy: {file: table.csv}} or {@code accuracy: {rows: [{model, branches, fatten, top1Pct}]}}. */
    public static AccuracyTable bind(MapReader r, Path baseDir) {
        List<Row> rows = new ArrayList<>();
        String file = r.string("file", null);
        List<Node> inline = r.list("rows");
        r.end();
        if (file != null) {
            rows.addAll(readCsv(baseDir.resolve(file), r.errors(), r.location("file"), r.path("file")));
        }
        for (int i = 0; i < inline.size(); i++) {
            MapReader row = MapReader.of(inline.get(i), r.path("rows") + "[" + i + "]", r.errors());
            String model = row.requiredString("model");
            Integer branches = row.integer("branches", 1, 1, 100_000);
            Double fatten = row.number("fatten", 0.0, 0, 100);
            Double top1 = row.requiredNumber("top1Pct", 0, 100);
            String source = row.string("source", "");
            row.end();
            if (model != null && branches != null && fatten != null && top1 != null) {
                rows.add(new Row(model, branches, fatten, top1, source));
            }
        }
        return new AccuracyTable(rows);
    }

    /** CSV with a header naming model, branches, fatten, top1_pct (and optionally source). */
    static List<Row> readCsv(Path file, Errors errors, Location at, String path) {
        List<String> lines;
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a folder, a pipe or a device: never opened (a pipe would block the read)
            errors.add(at, path, "cannot read accuracy table " + file + ": not a regular file");
            return List.of();
        }
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            errors.add(at, path, "cannot read accuracy table " + file + ": not UTF-8 text");
            return List.of();
        } catch (java.nio.file.NoSuchFileException e) {
            errors.add(at, path, "cannot read accuracy table " + file + ": file not found");
            return List.of();
        } catch (IOException e) {
            errors.add(at, path, "cannot read accuracy table " + file + ": " + e.getMessage());
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            errors.add(new Location(file.toString(), 1, 1), "$", "empty accuracy table");
            return rows;
        }
        List<String> header = Csv.split(lines.get(0).strip());
        int model = header.indexOf("model");
        int branches = header.indexOf("branches");
        int fatten = header.indexOf("fatten");
        int top1 = header.indexOf("top1_pct");
        int source = header.indexOf("source");
        if (model < 0 || branches < 0 || fatten < 0 || top1 < 0) {
            errors.add(new Location(file.toString(), 1, 1), "$", "accuracy table needs columns model,branches,fatten,top1_pct");
            return rows;
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = Csv.split(lines.get(i)).toArray(new String[0]);
            try {
                rows.add(new Row(f[model], Integer.parseInt(f[branches].strip()), Double.parseDouble(f[fatten].strip()),
                        Double.parseDouble(f[top1].strip()), source >= 0 && source < f.length ? f[source] : ""));
            } catch (RuntimeException e) {
                errors.add(new Location(file.toString(), i + 1, 1), "$", "bad accuracy row: " + lines.get(i));
            }
        }
        return rows;
    }
}

package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader for checking outputs in tests. */
public final class Csv {
    private Csv() {
    }

    public static List<String[]> read(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isEmpty()) {
                rows.add(split(line));
            }
        }
        return rows;
    }

    /** The rows after the header, each as a map from column name to cell. */
    public static List<java.util.Map<String, String>> records(Path file) throws IOException {
        List<String[]> rows = read(file);
        List<java.util.Map<String, String>> out = new ArrayList<>();
        for (String[] row : rows.subList(1, rows.size())) {
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < row.length; i++) {
                m.put(rows.get(0)[i], row[i]);
            }
            out.add(m);
        }
        return out;
    }

    static String[] split(String line) {
        return org.lcpsim.config.Csv.split(line).toArray(new String[0]);
    }
}

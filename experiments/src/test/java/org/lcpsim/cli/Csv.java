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

    static String[] split(String line) {
        return org.lcpsim.config.Csv.split(line).toArray(new String[0]);
    }
}

package org.lcpsim.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.reports.SummaryJson;
import org.lcpsim.results.PointResult;

/**
 * The files of one run directory: results.csv written row by row as points finish (flushed, so
 * that a crash keeps what was computed), summary.json at the end.
 */
final class RunOutput implements AutoCloseable {
    private final Path dir;
    private final List<String> swept;
    private final BufferedWriter csv;
    private final SummaryJson summary;

    RunOutput(Path dir, String experiment, String file, long seed, List<String> swept) throws IOException {
        this.dir = dir;
        this.swept = swept;
        Files.createDirectories(dir);
        this.csv = Files.newBufferedWriter(dir.resolve("results.csv"), StandardCharsets.UTF_8);
        this.summary = new SummaryJson(experiment, file, seed);
        ResultsCsv.header(csv, swept);
    }

    void add(PointResult r) {
        try {
            ResultsCsv.row(csv, r, swept);
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        summary.add(r);
    }

    @Override
    public void close() throws IOException {
        csv.close();
        summary.write(dir.resolve("summary.json"));
    }
}

package org.lcpsim.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.RunEnvironment;
import org.lcpsim.experiments.Shard;
import org.lcpsim.experiments.store.ResultStore;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.reports.RunInfo;
import org.lcpsim.reports.SummaryJson;
import org.lcpsim.results.PointResult;

/**
 * The files of one results folder. While the run goes: DIR/points.jsonl is the journal (the
 * result store: every finished point appended at once, found again on a re-run), results.csv is
 * written row by row in point order. At the end: points.jsonl is replaced, atomically, by the
 * points of this run in point order, and summary.json is written; the report reads them.
 */
final class RunOutput implements AutoCloseable, Consumer<PointResult> {
    private final Path dir;
    private final List<String> swept;
    /** The columns of the file's streams (none for one stream). */
    private final List<org.lcpsim.reports.Column> streamColumns;
    private final ResultStore store;
    private final BufferedWriter csv;
    private final PointsJsonl.Writer ordered;
    private final SummaryJson summary;
    private final Path orderedFile;
    private boolean complete;
    private int failed;

    /**
     * Opens the folder's files; what cannot be opened or written (before any point is simulated)
     * is bad input, a {@link Main.UserInputException} naming the file.
     */
    RunOutput(Path dir, ExperimentFile experiment, Long seedOverride, boolean fresh) {
        this.dir = dir;
        this.swept = experiment.sweptPaths();
        List<org.lcpsim.reports.Column> extra = new java.util.ArrayList<>(ResultsCsv.streamColumns(experiment.streamNames()));
        if (experiment.hasFaults()) {
            // after the existing columns; a file without faults has none of them
            extra.addAll(ResultsCsv.faultColumns(experiment.streamNames()));
        }
        this.streamColumns = List.copyOf(extra);
        RunInfo info = RunEnvironment.describe(experiment, seedOverride);
        // the journal first: a folder holding someone else's points.jsonl is left as it is
        this.store = openStore(dir, fresh);
        this.orderedFile = dir.resolve(PointsJsonl.FILE + ".next");
        BufferedWriter w = null;
        PointsJsonl.Writer o = null;
        Path at = dir.resolve(Reporter.RUN_INFO);
        try {
            Reporter.writeInfo(dir, info);
            at = dir.resolve("results.csv");
            w = Files.newBufferedWriter(at, StandardCharsets.UTF_8);
            ResultsCsv.header(w, swept, streamColumns);
            at = orderedFile;
            o = PointsJsonl.open(orderedFile);
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(w);
            closeQuietly(o);
            store.close();
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new Main.UserInputException("cannot write " + at + ": " + UserFiles.reason(io));
        }
        this.csv = w;
        this.ordered = o;
        this.summary = new SummaryJson(info.experiment(), info.file(), info.seed(), dir.resolve("summary.json.part"));
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the first error is the one to report
            }
        }
    }

    ResultStore store() {
        return store;
    }

    /**
     * Opens DIR/points.jsonl; a file there that is not a journal of lcpsim, or one that cannot be
     * opened (a folder, not readable), is bad input (exit 2).
     */
    static ResultStore openStore(Path dir, boolean fresh) {
        try {
            return ResultStore.open(dir, fresh);
        } catch (org.lcpsim.reports.ReportInputException e) {
            throw new Main.UserInputException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new Main.UserInputException(UserFiles.describe(e));
        }
    }

    /** Tells the user how many points of this run the store already holds. */
    void describeResume(PrintWriter err, ExperimentFile experiment, Long seedOverride, Shard shard) {
        if (store.recovered() == 0) {
            return;
        }
        int points = 0;
        int found = 0;
        org.lcpsim.config.Errors errors = new org.lcpsim.config.Errors();
        for (int id = 0; id < experiment.pointCount(); id++) {
            if (shard.accepts(id)) {
                points++;
                if (store.has(experiment.configKey(experiment.point(id, errors), seedOverride))) {
                    found++;
                }
            }
        }
        err.println("lcpsim: resuming: " + found + " of " + points + " point(s) already finished in " + store.file()
                + (store.truncatedTornLine() ? " (a torn last line was cut off)" : "")
                + (found < store.recovered() ? "; " + (store.recovered() - found) + " stored point(s) of configurations this"
                + " run no longer has (the file was edited, or --seed differs) are dropped at the end" : "")
                + " (--fresh starts over)");
    }

    /** Takes the next point in point order. */
    @Override
    public void accept(PointResult r) {
        try {
            ResultsCsv.row(csv, r, swept, streamColumns);
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("results.csv") + ": " + UserFiles.reason(e), e);
        }
        ordered.accept(r);
        summary.add(r);
        if (r.status().startsWith("error")) {
            failed++;
        }
    }

    int failed() {
        return failed;
    }

    /** Every point arrived: the ordered file may replace the journal at close. */
    void complete() {
        complete = true;
    }

    @Override
    public void close() throws IOException {
        csv.close();
        ordered.close();
        store.close();
        if (complete) {
            PointsJsonl.move(orderedFile, dir.resolve(PointsJsonl.FILE));
            summary.write(dir.resolve("summary.json"));
        } else {
            Files.deleteIfExists(orderedFile);
            Files.deleteIfExists(PointsJsonl.indexOf(orderedFile));
            summary.discard();
        }
    }
}

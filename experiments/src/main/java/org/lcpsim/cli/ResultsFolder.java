package org.lcpsim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.RunEnvironment;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportInputException;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.RunInfo;
import org.lcpsim.results.PointResult;

/**
 * Whose results an {@code --out} folder holds. A folder holding the results of another
 * experiment is not taken over (its points would be dropped at the end of the run): the command
 * stops with exit 2 before it changes anything, unless {@code --fresh} says to overwrite.
 *
 * <p>The folder's experiment is the one its run.json describes. It is the same experiment as
 * the one about to run when
 * <ul>
 *   <li>the text of the file is the same (an interrupted run resumed, wherever the file is now), or</li>
 *   <li>it is the same file (the same path) with the same {@code name}: the file was edited,
 *       e.g. its sweep extended, and the run resumes with the points it still has.</li>
 * </ul>
 * Anything else (another file, or the same file renamed) is another experiment.
 */
final class ResultsFolder {
    private ResultsFolder() {
    }

    /**
     * Checks that {@code dir} may take the results of {@code experiment}; reads only. Throws
     * {@link Main.UserInputException} (exit 2) when it holds another experiment's results and
     * {@code overwrite} (--fresh) is not given.
     */
    static void claim(Path dir, ExperimentFile experiment, boolean overwrite) {
        if (overwrite || !Files.isDirectory(dir)) {
            return;
        }
        String name = RunEnvironment.name(experiment);
        RunInfo info = info(dir);
        if (info != null) {
            if (info.experimentText() != null && info.experimentText().equals(experiment.text())) {
                return;
            }
            if (info.experiment() != null && info.experiment().equals(name) && sameFile(info.file(), experiment.path())) {
                return;
            }
        }
        String holder = info != null ? text(info.experiment()) : holder(dir);
        if (holder == null || info == null && holder.equals(name)) {
            return;
        }
        throw new Main.UserInputException("--out " + dir + " holds the results of experiment '" + holder + "'"
                + (info != null && info.file() != null ? " (file " + info.file() + ")" : "") + ", not of '" + name
                + "' (file " + experiment.path() + "); nothing was changed. Use --fresh to overwrite them, or another --out"
                + " folder");
    }

    /**
     * Checks that {@code dir}, which is to take a set of experiments' folders ({@code what}), is
     * not the results folder of one experiment; reads only.
     */
    static void claimForSet(Path dir, String what, boolean overwrite) {
        if (overwrite || !Files.isDirectory(dir)) {
            return;
        }
        RunInfo info = info(dir);
        String holder = info != null ? text(info.experiment()) : holder(dir);
        if (holder != null) {
            throw new Main.UserInputException("--out " + dir + " holds the results of experiment '" + holder + "', not "
                    + what + "; nothing was changed. Use --fresh to overwrite them, or another --out folder");
        }
    }

    /** The files lcpsim writes in a results folder. */
    static final java.util.List<String> FILES = java.util.List.of(Reporter.RUN_INFO, PointsJsonl.FILE, "results.csv",
            "summary.json", "pareto.csv", "paper-comparison.csv", Reporter.REPORT + "/index.html");
    /** The folders lcpsim writes in a results folder. */
    static final java.util.List<String> FOLDERS = java.util.List.of(Reporter.CHARTS, Reporter.REPORT);

    /**
     * Checks that nothing in {@code dir} stands where lcpsim writes (a folder named results.csv, a
     * file named charts), then creates the folder and tries writing in it: what the results
     * cannot be written into is bad input (exit 2), found before any work.
     */
    static Path prepare(Path dir) {
        checkLayout(dir);
        return UserFiles.createFolder(dir);
    }

    /** The check of {@link #prepare} on the entries of an existing folder; reads only. */
    static void checkLayout(Path dir) {
        for (String f : FILES) {
            if (Files.isDirectory(dir.resolve(f))) {
                throw new Main.UserInputException(dir.resolve(f) + ": a folder where lcpsim writes a file; move it away, or"
                        + " use another --out folder");
            }
        }
        for (String d : FOLDERS) {
            Path p = dir.resolve(d);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new Main.UserInputException(p + ": a file where lcpsim writes a folder; move it away, or use another"
                        + " --out folder");
            }
        }
    }

    /** DIR/run.json, or null when there is none or it is not readable. */
    private static RunInfo info(Path dir) {
        Path runJson = dir.resolve(Reporter.RUN_INFO);
        if (!Files.exists(runJson)) {
            return null;
        }
        try {
            return Reporter.readInfo(runJson);
        } catch (ReportInputException e) {
            return null;
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /**
     * Whose results {@code dir} holds when its run.json does not say: the experiment of the first
     * point of its points.jsonl; null when it holds no point, or a points.jsonl that is not
     * lcpsim's (opening the store says so, exit 2). A run.json that is not readable and no point
     * to tell the owner is bad input.
     */
    private static String holder(Path dir) {
        Path runJson = dir.resolve(Reporter.RUN_INFO);
        Path points = dir.resolve(PointsJsonl.FILE);
        String first = null;
        boolean foreign = false;
        if (Files.isRegularFile(points)) {
            try (BufferedReader r = Files.newBufferedReader(points, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        try {
                            first = text(PointsJsonl.fromLine(line, points.toString()).experiment());
                        } catch (ReportInputException e) {
                            foreign = true;
                        }
                        break;
                    }
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                // not text: opening the store says so
                foreign = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (first != null || foreign) {
            return first;
        }
        if (Files.exists(runJson)) {
            String why;
            try {
                Reporter.readInfo(runJson);
                why = runJson + ": not readable";
            } catch (ReportInputException e) {
                why = e.getMessage();
            }
            throw new Main.UserInputException(why + "; whose results --out " + dir + " holds is unknown: use --fresh to"
                    + " overwrite them, or another --out folder");
        }
        return null;
    }

    /** Whether a path run.json recorded and {@code file} name the same file (as written, or on disk). */
    static boolean sameFile(String recorded, Path file) {
        if (recorded == null) {
            return false;
        }
        Path r;
        try {
            r = Path.of(recorded);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        if (r.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(r) && Files.exists(file) && Files.isSameFile(r, file);
        } catch (IOException e) {
            return false;
        }
    }
}

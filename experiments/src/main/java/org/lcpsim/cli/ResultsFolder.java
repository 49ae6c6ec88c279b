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
        String holder = holder(dir);
        if (holder == null) {
            return;
        }
        RunInfo info = null;
        Path runJson = dir.resolve(Reporter.RUN_INFO);
        if (Files.exists(runJson)) {
            info = Reporter.readInfo(runJson);
            if (info.experimentText() != null && info.experimentText().equals(experiment.text())) {
                return;
            }
            if (info.experiment() != null && info.experiment().equals(name) && sameFile(info.file(), experiment.path())) {
                return;
            }
        } else if (holder.equals(name)) {
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
        String holder = holder(dir);
        if (holder != null) {
            throw new Main.UserInputException("--out " + dir + " holds the results of experiment '" + holder + "', not "
                    + what + "; nothing was changed. Use --fresh to overwrite them, or another --out folder");
        }
    }

    /**
     * The name of the experiment whose results {@code dir} holds: its run.json's, else the first
     * point's of its points.jsonl; null when it holds none. An unreadable run.json is bad input.
     */
    private static String holder(Path dir) {
        Path runJson = dir.resolve(Reporter.RUN_INFO);
        if (Files.exists(runJson)) {
            try {
                RunInfo info = Reporter.readInfo(runJson);
                return info.experiment() == null ? "" : info.experiment();
            } catch (ReportInputException e) {
                throw new Main.UserInputException(e.getMessage() + "; whose results --out " + dir + " holds is unknown:"
                        + " use --fresh to overwrite them, or another --out folder");
            }
        }
        Path points = dir.resolve(PointsJsonl.FILE);
        if (!Files.isRegularFile(points)) {
            return null;
        }
        try (BufferedReader r = Files.newBufferedReader(points, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    try {
                        PointResult p = PointsJsonl.fromLine(line, points.toString());
                        return p.experiment() == null ? "" : p.experiment();
                    } catch (ReportInputException e) {
                        // not a journal of lcpsim: opening the store says so
                        return null;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.io.UncheckedIOException e) {
            // a torn or undecodable line: opening the store deals with it
            return null;
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

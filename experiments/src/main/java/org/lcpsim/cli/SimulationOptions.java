package org.lcpsim.cli;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/** The options every command that simulates an experiment into a results folder shares. */
final class SimulationOptions {
    /** The longest wall-clock limit an option takes: a day (deadlines scaled by replications stay within a long of nanoseconds). */
    static final long MAX_TIMEOUT_S = 86_400;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for every design point, overriding the file.")
    Long seed;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--no-report", description = "No charts and HTML report (points.jsonl is still written: "
            + "'lcpsim report DIR' makes them later).")
    boolean noReport;

    @Option(names = "--timeout-s", paramLabel = "SECONDS", defaultValue = "600",
            description = "Wall-clock limit of one simulation run (default: ${DEFAULT-VALUE}).")
    long timeoutS;

    @Option(names = "--fresh", description = "Start over: forget the finished points of an earlier run in DIR; needed "
            + "to overwrite the results of another experiment there.")
    boolean fresh;

    @Option(names = "--allow-outside-files", description = "Read the files the experiment names (models, device files, "
            + "profiles, accuracy tables) also outside its folder tree; messages name them, never quote them.")
    boolean allowOutsideFiles;

    /** More threads than this only multiply the points in flight: a typo, not a machine. */
    static final int MAX_THREADS = 4096;

    /** The thread count, checked. */
    int threads() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > MAX_THREADS) {
            throw new Main.UserInputException("--threads must be between 1 and " + MAX_THREADS + ", got " + n);
        }
        return n;
    }

    Duration wallLimit() {
        if (timeoutS < 1 || timeoutS > MAX_TIMEOUT_S) {
            throw new Main.UserInputException("--timeout-s must be >= 1 and at most " + MAX_TIMEOUT_S + ", got " + timeoutS);
        }
        return Duration.ofSeconds(timeoutS);
    }

    /** The results folder, checked: a file that is not a folder is bad input. */
    Path out() {
        return outputFolder(out);
    }

    /** {@code dir} as an --out folder: missing (it is created) or a folder; a file is bad input. */
    static Path outputFolder(Path dir) {
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new Main.UserInputException("--out " + dir + ": not a directory");
        }
        return dir;
    }

    /**
     * Checks every option (a UserInputException, exit 2, when one is malformed) before anything
     * is written into the results folder.
     */
    void check() {
        threads();
        wallLimit();
        out();
    }
}

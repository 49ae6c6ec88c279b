package org.lcpsim.cli;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/** The options every command that simulates an experiment into a results folder shares. */
final class SimulationOptions {
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

    @Option(names = "--fresh", description = "Start over: forget the finished points of an earlier run in DIR.")
    boolean fresh;

    /** The thread count, checked. */
    int threads() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new Main.UserInputException("--threads must be >= 1");
        }
        return n;
    }

    Duration wallLimit() {
        if (timeoutS < 1) {
            throw new Main.UserInputException("--timeout-s must be >= 1");
        }
        return Duration.ofSeconds(timeoutS);
    }
}

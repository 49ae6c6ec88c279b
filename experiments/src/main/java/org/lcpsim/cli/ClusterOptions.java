package org.lcpsim.cli;

import java.io.PrintWriter;
import java.time.Duration;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.lcpsim.experiments.LocalBackend;
import org.lcpsim.experiments.SimulationBackend;
import org.lcpsim.experiments.cluster.ClusterSettings;
import org.lcpsim.experiments.cluster.HazelcastBackend;

/** The options of run and explore that send the points to a cluster instead of this machine's cores. */
final class ClusterOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    ClusterAccess access;

    @Option(names = "--cluster-timeout-s", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --cluster: how long to wait to join the cluster, and for a worker when none is left "
                    + "(default: ${DEFAULT-VALUE}).")
    long timeoutS;

    /**
     * Where the points run: on {@code threads} local threads, or with --cluster on the cluster's
     * workers (their own --threads count then). Failing to join is a runtime failure (exit 1).
     */
    SimulationBackend backend(int threads, Duration wallLimitPerRun) {
        if (!access.given()) {
            return new LocalBackend(threads, wallLimitPerRun);
        }
        ClusterSettings settings = settings();
        PrintWriter err = mixee.commandLine().getErr();
        HazelcastBackend backend = HazelcastBackend.connect(settings, wallLimitPerRun, line -> err.println("lcpsim: " + line));
        err.println("lcpsim: cluster " + settings.describe() + ": " + backend.parallelism()
                + (backend.parallelism() == 1 ? " thread on " : " threads on ") + String.join(", ", backend.workers()));
        return backend;
    }

    /**
     * Checks the options (a UserInputException, exit 2, when one is malformed); the commands call
     * it before they write anything into the results folder.
     */
    void check() {
        if (access.given()) {
            settings();
        }
    }

    private ClusterSettings settings() {
        if (timeoutS < 1 || timeoutS > SimulationOptions.MAX_TIMEOUT_S) {
            throw new Main.UserInputException("--cluster-timeout-s must be >= 1 and at most " + SimulationOptions.MAX_TIMEOUT_S
                    + ", got " + timeoutS);
        }
        return access.settings(Duration.ofSeconds(timeoutS));
    }
}

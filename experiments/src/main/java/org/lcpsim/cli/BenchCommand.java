package org.lcpsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.Errors;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentSpec;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DeployContext;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Events per second of the DSOL executor on an LCP workload (AlexNet split8 on 8 rpi3 over wifi-rpi), "
                + "next to a bare priority-queue event loop running the same schedule, and their ratio. A benchmark, not a test.")
final class BenchCommand implements Callable<Integer> {
    static final String WORKLOAD = """
            name: bench-lcp-alexnet-split8
            model: alexnet
            strategy: {kind: lcp, branches: 8}
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {preset: wifi-rpi}
            workload: {requests: %d, warmup: 0}
            seed: 1
            """;

    @Spec
    CommandSpec spec;

    @Option(names = "--requests", defaultValue = "2000", description = "Requests per run (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--runs", defaultValue = "10", description = "Measured runs per engine (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        if (requests < 1 || runs < 1) {
            throw new Main.UserInputException("--requests and --runs must be >= 1");
        }
        ExperimentFile file = ExperimentFile.parse(String.format(Locale.ROOT, WORKLOAD, requests), Path.of("bench.yaml"));
        Errors errors = new Errors();
        ExperimentSpec s = file.bind(file.point(0, errors), errors);
        errors.throwIfAny();
        Deployment d = s.strategy().deploy(s.model(), new DeployContext(s.devices().size(), s.sourceNode(), s.weights(),
                s.activations(), s.inputBytes()));
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < s.devices().size(); i++) {
            prepared.add(s.devices().get(i).prepare(d.residency().get(i)));
        }
        Executor.Setup setup = new Executor.Setup(d, prepared, s.nodeNames(), s.network(), s.workload(), Duration.ofMinutes(10));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "workload: %s, %d requests per run, %d runs per engine%n", s.name(), requests, runs);
        // warm both paths up so the JIT has compiled them before timing
        for (int i = 0; i < 3; i++) {
            Executor.run(setup, i);
            Executor.runOnBareLoop(setup, i);
        }
        double[] dsol = measure(setup, true);
        double[] bare = measure(setup, false);
        out.printf(Locale.ROOT, "events per request: %.1f%n", dsol[0] / ((double) requests * runs));
        out.printf(Locale.ROOT, "DSOL executor:   %,12.0f events/s  (%.3f s for %,.0f events)%n", dsol[0] / dsol[1], dsol[1], dsol[0]);
        out.printf(Locale.ROOT, "bare event loop: %,12.0f events/s  (%.3f s for %,.0f events)%n", bare[0] / bare[1], bare[1], bare[0]);
        out.printf(Locale.ROOT, "ratio bare/DSOL: %.2f%n", (bare[0] / bare[1]) / (dsol[0] / dsol[1]));
        return Main.OK;
    }

    /** {total events, seconds}. */
    private double[] measure(Executor.Setup setup, boolean dsol) {
        long events = 0;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            ReplicationResult r = dsol ? Executor.run(setup, 100 + i) : Executor.runOnBareLoop(setup, 100 + i);
            events += r.events();
        }
        return new double[] {events, (System.nanoTime() - start) / 1e9};
    }
}

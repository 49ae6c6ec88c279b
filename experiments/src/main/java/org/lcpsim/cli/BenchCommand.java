package org.lcpsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.lcpsim.experiments.ExperimentRunner;
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

    @Option(names = "--points", paramLabel = "N", description = "Instead: design points per second of the whole pipeline "
            + "(bind, deploy, simulate on DSOL, write results.csv and the result store), N points of AlexNet split8 on 8 rpi3 "
            + "over wifi-rpi with 50 requests each, one per seed, on 1 thread and on --threads.")
    Integer points;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for --points (default: all cores).")
    Integer threads;

    @Option(names = "--resume", paramLabel = "N", description = "Instead: the cost of resuming a run whose journal holds N "
            + "finished points of 1,500 requests each (AlexNet split8 on 8 rpi3): the time until the first new point is done, "
            + "next to the time that point takes alone.")
    Integer resume;

    @Option(names = "--flows", paramLabel = "N", description = "Instead: the flow engine on N flows (e.g. 2000, 20000) of two "
            + "generated networks (a 1,024-host three-level tree, many small components; a dumbbell, one shared bottleneck), "
            + "LV08 with sharing: rtt, timed next to the engine's global solver and to SimGrid 3.32 on the same scenarios "
            + "(scripts/simgrid-flows; SimGrid's time alone is printed when it is not installed); the completion times compared.")
    Integer flows;

    @Option(names = "--scaling", description = "Instead: the simulation's cost per request as the cluster grows, for each "
            + "strategy (LCP with a multicast and with a unicast input, model, data and pipeline parallelism; AlexNet on 8 to "
            + "1,024 rpi3 over ethernet-1g, LCP with one branch per device): CPU time per request on the DSOL executor, and "
            + "the exponent k of a least-squares fit of time = c N^k over the sizes.")
    boolean scaling;

    @Option(names = "--city", description = "Instead: 1,000 rpi3 on ethernet-1g serving 100 cameras (each AlexNet LCP "
            + "split8 on 10 devices of its own, 1 frame/s, a 16 kB JPEG) for one simulated hour: the wall time of one "
            + "replication on the DSOL executor (binding and deploying timed apart; no capacity probe).")
    boolean city;

    @Option(names = "--validate", description = "Instead: the time validate takes on sweeps of 10,000,000 design points "
            + "(the cap): parse the file, count its points, check it, in this process (no JVM start), the first time and the "
            + "median of --runs more.")
    boolean validate;

    /** Sweeps at the cap, each over the base of {@link #VALIDATE_BASE}: what validate's time depends on. */
    static final String[][] VALIDATE_SWEEPS = {
        {"two ranges, 10M points", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"},
        {"a filter of one axis per condition", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  where: seed > 500000 and strategy.branches <= 5\n"},
        {"a filter over both axes at once (10M evaluations)", "  seed: {from: 1, to: 1000000}\n"
                + "  strategy.branches: {from: 1, to: 10}\n  where: seed > 1 or strategy.branches > 9\n"},
        {"coupled devices x branches with a filter, and a sample", "  cluster.devices.0.count: {from: 1, to: 64}\n"
                + "  strategy.branches: {from: 1, to: 64}\n  seed: {from: 1, to: 2441}\n"
                + "  where: strategy.branches <= cluster.devices.0.count\n  sample: {count: 100000, seed: 1}\n"},
    };

    static final String VALIDATE_BASE = """
            name: bench-validate
            model: alexnet
            strategy: {kind: lcp, branches: 8}
            cluster: {devices: [{preset: rpi3, count: 64}]}
            network: {preset: wifi-rpi}
            workload: {requests: 50, warmup: 5}
            replications: 1
            sweep:
            """;

    private int validateTimes() {
        if (runs < 1) {
            throw new Main.UserInputException("--runs must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "validate of sweeps at the cap (parse, count, check; in process, without the JVM's start)%n");
        for (String[] sweep : VALIDATE_SWEEPS) {
            String text = VALIDATE_BASE + sweep[1];
            double first = 0;
            double[] warm = new double[runs];
            String result = "";
            for (int r = 0; r <= runs; r++) {
                long start = System.nanoTime();
                ExperimentFile f = ExperimentFile.parse(text, Path.of("bench-validate.yaml"));
                ExperimentFile.Validation v = f.check(false);
                double s = (System.nanoTime() - start) / 1e9;
                if (r == 0) {
                    first = s;
                    result = v.errors().isEmpty() ? "ok (" + f.pointCount() + " design points)"
                            + (v.exhaustive() ? "" : "; " + v.note()) : v.errors().size() + " error(s): " + v.errors().get(0);
                } else {
                    warm[r - 1] = s;
                }
            }
            java.util.Arrays.sort(warm);
            out.printf(Locale.ROOT, "%-56s first %.3f s, then median %.3f s: %s%n", sweep[0] + ":", first, warm[runs / 2],
                    result);
        }
        return Main.OK;
    }

    static final String SWEEP = """
            name: bench-design-points
            model: alexnet
            strategy: {kind: lcp, branches: 8}
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {preset: wifi-rpi}
            workload: {requests: 50, warmup: 0}
            replications: 1
            sweep:
              seed: {from: 1, to: %d}
            """;

    @Override
    public Integer call() throws java.io.IOException {
        // the figures depend on the JVM and its garbage collector (the launcher chooses one: README, "Performance")
        List<String> collectors = new ArrayList<>();
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "Java %s, garbage collector: %s%n", Runtime.version(),
                String.join(", ", collectors));
        if (validate) {
            return validateTimes();
        }
        if (flows != null) {
            return flowTimes();
        }
        if (scaling) {
            return scalingTimes();
        }
        if (city) {
            return cityTime();
        }
        if (points != null) {
            return designPoints();
        }
        if (resume != null) {
            return resumeCost();
        }
        if (requests < 1 || runs < 1) {
            throw new Main.UserInputException("--requests and --runs must be >= 1");
        }
        Executor.Setup setup = setupOf(String.format(Locale.ROOT, WORKLOAD, requests));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "workload: %s, %d requests per run, %d runs per engine%n", "bench-lcp-alexnet-split8", requests,
                runs);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // JIT warm-up, both engines in turn: at least 10 rounds and 3 s of CPU, until the DSOL rate of the last
        // 5 rounds is within 5% (at most 60 s); the run-to-run figures are only stable once C2 has compiled both
        long warmStart = threads.getCurrentThreadCpuTime();
        java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();
        int rounds = 0;
        while (true) {
            double rate = round(setup, true, rounds, threads)[0];
            round(setup, false, rounds, threads);
            rounds++;
            recent.addLast(rate);
            if (recent.size() > 5) {
                recent.removeFirst();
            }
            double cpu = (threads.getCurrentThreadCpuTime() - warmStart) / 1e9;
            double lo = recent.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = recent.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            if (cpu > 60 || rounds >= 10 && cpu >= 3 && recent.size() == 5 && hi <= lo * 1.05) {
                out.printf(Locale.ROOT, "warm-up: %d rounds (one run on each engine), %.1f s of CPU%s%n", rounds, cpu,
                        hi <= lo * 1.05 ? "" : ", stopped at the limit before the rate settled");
                break;
            }
        }
        // measured: the engines in turn, so that a change of load on a shared machine hits both; CPU time of this
        // thread; the median rate of each
        double[] dsolRates = new double[runs];
        double[] bareRates = new double[runs];
        double events = 0;
        for (int i = 0; i < runs; i++) {
            double[] d = round(setup, true, 100 + i, threads);
            dsolRates[i] = d[0];
            events += d[1];
            bareRates[i] = round(setup, false, 100 + i, threads)[0];
        }
        double dsol = median(dsolRates);
        double bare = median(bareRates);
        out.printf(Locale.ROOT, "events per request: %.1f%n", events / ((double) requests * runs));
        out.printf(Locale.ROOT, "DSOL executor:   %,12.0f events/s  (median of %d runs, CPU time; %,.0f-%,.0f)%n", dsol, runs,
                min(dsolRates), max(dsolRates));
        out.printf(Locale.ROOT, "bare event loop: %,12.0f events/s  (median of %d runs, CPU time; %,.0f-%,.0f)%n", bare, runs,
                min(bareRates), max(bareRates));
        out.printf(Locale.ROOT, "ratio bare/DSOL: %.2f%n", bare / dsol);
        return Main.OK;
    }

    /** One run on DSOL or the bare loop: {events per CPU second of this thread, events}. */
    private static double[] round(Executor.Setup setup, boolean dsol, long seed,
                                  java.lang.management.ThreadMXBean threads) {
        long c0 = threads.getCurrentThreadCpuTime();
        ReplicationResult r = dsol ? Executor.run(setup, seed) : Executor.runOnBareLoop(setup, seed);
        double s = Math.max(1e-9, (threads.getCurrentThreadCpuTime() - c0) / 1e9);
        return new double[] {r.events() / s, r.events()};
    }

    private static double min(double[] a) {
        return java.util.Arrays.stream(a).min().orElse(0);
    }

    private static double max(double[] a) {
        return java.util.Arrays.stream(a).max().orElse(0);
    }

    private int designPoints() throws java.io.IOException {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (points < 1 || n < 1) {
            throw new Main.UserInputException("--points and --threads must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        ExperimentFile file = ExperimentFile.parse(String.format(Locale.ROOT, SWEEP, points), Path.of("bench-points.yaml"));
        // warm-up so the JIT has compiled the pipeline before timing
        time(ExperimentFile.parse(String.format(Locale.ROOT, SWEEP, Math.min(points, 200)), Path.of("warmup.yaml")), n);
        java.util.List<Integer> counts = n == 1 ? java.util.List.of(1) : java.util.List.of(1, n);
        double one = 0;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int t : counts) {
            System.gc();
            long c0 = os.getProcessCpuTime();
            double s = time(file, t);
            double cpu = (os.getProcessCpuTime() - c0) / 1e9;
            one = t == 1 ? s : one;
            out.printf(Locale.ROOT, "%,d design points on %d thread(s): %.2f s, %,.0f points/s%s; CPU %.2f s (%.2f ms a point)%n",
                    points, t, s, points / s,
                    t == 1 ? "" : String.format(Locale.ROOT, " (speed-up %.2fx over 1 thread)", one / s), cpu, cpu * 1e3 / points);
        }
        out.printf(Locale.ROOT, "load average %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        long heapMb = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapMb += pool.getPeakUsage().getUsed() / (1024 * 1024);
            }
        }
        out.printf(Locale.ROOT, "peak heap used (sum of pool peaks, an upper bound): %d MB; max heap: %d MB%n", heapMb,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return Main.OK;
    }

    static final String RESUME = """
            name: bench-resume
            model: alexnet
            strategy: {kind: lcp, branches: 8}
            cluster: {devices: [{preset: rpi3, count: 8}]}
            network: {preset: wifi-rpi}
            input: {bytes: 16000}
            workload: {requests: 1500, warmup: 0, arrival: {kind: poisson, ratePerS: 4}}
            replications: 1
            sweep:
              seed: {from: 1, to: %d}
            """;

    /**
     * Writes a journal of N stored points (copies of one simulated record under the keys of the
     * sweep's first N points), then resumes the sweep of N + 1 points and times its first new one.
     */
    private int resumeCost() throws java.io.IOException {
        if (resume < 1) {
            throw new Main.UserInputException("--resume must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        ExperimentFile file = ExperimentFile.parse(String.format(Locale.ROOT, RESUME, resume + 1), Path.of("bench-resume.yaml"));
        org.lcpsim.experiments.PointRunner runner = new org.lcpsim.experiments.PointRunner(Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            ExperimentRunner.simulate(file, resume, null, runner); // JIT warm-up
        }
        long t0 = System.nanoTime();
        org.lcpsim.results.PointResult sample = ExperimentRunner.simulate(file, resume, null, runner);
        double alone = (System.nanoTime() - t0) / 1e9;
        Path dir = java.nio.file.Files.createTempDirectory("lcpsim-bench-resume");
        long lineBytes = org.lcpsim.reports.PointsJsonl.toLine(sample).length() + 1L;
        try (var w = org.lcpsim.reports.PointsJsonl.open(dir.resolve(org.lcpsim.reports.PointsJsonl.FILE))) {
            Errors errors = new Errors();
            for (int id = 0; id < resume; id++) {
                w.accept(sample.withKey(file.configKey(file.point(id, errors), null)));
            }
        }
        System.gc();
        long storeStart = System.nanoTime();
        org.lcpsim.experiments.store.ResultStore.open(dir, false).close();
        double storeOpen = (System.nanoTime() - storeStart) / 1e9;
        long checkStart = System.nanoTime();
        ExperimentRunner.check(file);
        double check = (System.nanoTime() - checkStart) / 1e9;
        System.gc();
        long start = System.nanoTime();
        double[] firstNew = {Double.NaN};
        String newKey = file.configKey(file.point(resume, new Errors()), null);
        double opened = Double.NaN;
        try (RunOutput output = new RunOutput(dir, file, null, false);
             org.lcpsim.experiments.LocalBackend backend = new org.lcpsim.experiments.LocalBackend(1, Duration.ofMinutes(10))) {
            opened = (System.nanoTime() - start) / 1e9;
            ExperimentRunner.run(file, new ExperimentRunner.Options(1, null, Duration.ofMinutes(10), r -> {
                if (r.configKey().equals(newKey) && Double.isNaN(firstNew[0])) {
                    firstNew[0] = (System.nanoTime() - start) / 1e9;
                }
            }), org.lcpsim.experiments.Shard.ALL, output.store(), backend, output);
            output.complete();
        }
        double total = (System.nanoTime() - start) / 1e9;
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        out.printf(Locale.ROOT, "journal: %,d stored points, %,d bytes a line (%,.1f MB)%n", resume, lineBytes,
                resume * lineBytes / 1e6);
        out.printf(Locale.ROOT, "opening the journal alone (keys found, index checked): %.3f s; checking the "
                + "experiment file: %.3f s%n", storeOpen, check);
        out.printf(Locale.ROOT, "results folder opened after %.3f s%n", opened);
        out.printf(Locale.ROOT, "first new point done after %.3f s; that point alone takes %.3f s: resume overhead %.3f s%n",
                firstNew[0], alone, firstNew[0] - alone);
        out.printf(Locale.ROOT, "whole resumed run (reads every stored point, writes results.csv and the journal): %.3f s%n",
                total);
        return Main.OK;
    }

    /** Seconds to run every point of the file into a fresh results folder. */
    private static double time(ExperimentFile file, int threads) throws java.io.IOException {
        Path dir = java.nio.file.Files.createTempDirectory("lcpsim-bench");
        long start = System.nanoTime();
        try (RunOutput output = new RunOutput(dir, file, null, true);
             org.lcpsim.experiments.LocalBackend backend = new org.lcpsim.experiments.LocalBackend(threads, Duration.ofMinutes(10))) {
            ExperimentRunner.run(file, new ExperimentRunner.Options(threads, null, Duration.ofMinutes(10), r -> { }),
                    org.lcpsim.experiments.Shard.ALL, output.store(), backend, output);
            output.complete();
        }
        double s = (System.nanoTime() - start) / 1e9;
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return s;
    }

    /**
     * The flow engine against SimGrid: each scenario by lcpsim (incremental, JIT warm: at least 2
     * and up to 3 s of warm-up runs, then the median of 5; its global solver once), and by SimGrid
     * 3.32 (3 runs, one process each, one after the other: network/optim Full and its default Lazy;
     * the Python driver alone), all on one thread. CPU seconds of the process (robust on a shared
     * machine) and wall seconds.
     */
    private int flowTimes() throws java.io.IOException {
        if (flows < 1 || flows > 1_000_000) {
            throw new Main.UserInputException("--flows must be between 1 and 1000000");
        }
        PrintWriter out = spec.commandLine().getOut();
        java.util.Optional<String> missing = org.lcpsim.network.simgrid.SimGridFlows.unavailable();
        out.printf(Locale.ROOT, "flow engine, %,d flows per scenario, LV08 with sharing: rtt; %s; load average %.1f on %d "
                + "cores%n", flows, missing.isEmpty() ? org.lcpsim.network.simgrid.SimGridFlows.version().orElse("SimGrid")
                + " through scripts/simgrid-flows" : "SimGrid not run: " + missing.get(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (String shape : List.of("tree", "dumbbell")) {
            org.lcpsim.network.simgrid.FlowScenario sc = shape.equals("tree")
                    ? org.lcpsim.network.simgrid.ScenarioGenerator.benchTree(flows, 1)
                    : org.lcpsim.network.simgrid.ScenarioGenerator.benchDumbbell(flows, 1);
            var inc = org.lcpsim.network.flow.FlowEngine.Mode.INCREMENTAL;
            long warmStart = System.nanoTime();
            double[] finish = null;
            for (int i = 0; i < 2 || (i < 20 && System.nanoTime() - warmStart < 3e9); i++) {
                finish = org.lcpsim.network.simgrid.LcpsimFlows.finishSeconds(sc, inc);
            }
            double[] wall = new double[5];
            double[] cpu = new double[5];
            for (int i = 0; i < wall.length; i++) {
                long t0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                finish = org.lcpsim.network.simgrid.LcpsimFlows.finishSeconds(sc, inc);
                cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
                wall[i] = (System.nanoTime() - t0) / 1e9;
            }
            long g0 = System.nanoTime();
            long gc0 = os.getProcessCpuTime();
            double[] global = org.lcpsim.network.simgrid.LcpsimFlows.finishSeconds(sc,
                    org.lcpsim.network.flow.FlowEngine.Mode.GLOBAL);
            double globalCpu = (os.getProcessCpuTime() - gc0) / 1e9;
            double globalWall = (System.nanoTime() - g0) / 1e9;
            double busy = 0;
            double lastEnd = 0;
            for (int i = 0; i < finish.length; i++) {
                busy += finish[i] - sc.flows().get(i).startS();
                lastEnd = Math.max(lastEnd, finish[i]);
            }
            double lcpsimCpu = median(cpu);
            out.printf(Locale.ROOT, "%n%s: %s, %,d flows, %.0f in flight on average over %.2f simulated seconds%n", shape,
                    shape.equals("tree") ? "1,024 hosts in a three-level tree" : "64 + 64 hosts across one bottleneck",
                    flows, busy / (lastEnd - sc.flows().get(0).startS()), lastEnd);
            out.printf(Locale.ROOT, "  %-28s cpu %8.3f s   wall %8.3f s%n", "lcpsim (incremental)", lcpsimCpu, median(wall));
            out.printf(Locale.ROOT, "  %-28s cpu %8.3f s   wall %8.3f s   %6.1fx lcpsim%n", "lcpsim (global solver)",
                    globalCpu, globalWall, globalCpu / lcpsimCpu);
            String diffs = String.format(Locale.ROOT, "vs the global solver %.2g", maxRelative(finish, global));
            if (missing.isEmpty()) {
                var three = List.of(sc, sc, sc);
                for (boolean lazy : new boolean[] {false, true}) {
                    var r = lazy ? org.lcpsim.network.simgrid.SimGridFlows.run(three, "--jobs", "1", "--lazy")
                            : org.lcpsim.network.simgrid.SimGridFlows.run(three, "--jobs", "1");
                    double c = median(r.stream().mapToDouble(x -> x.runCpuS()).toArray());
                    out.printf(Locale.ROOT, "  %-28s cpu %8.3f s   wall %8.3f s   %6.1fx lcpsim%n",
                            lazy ? "SimGrid (optim Lazy)" : "SimGrid (optim Full)", c,
                            median(r.stream().mapToDouble(x -> x.runS()).toArray()), c / lcpsimCpu);
                    diffs += String.format(Locale.ROOT, ", vs SimGrid %s %.2g", lazy ? "Lazy" : "Full",
                            maxRelative(finish, r.get(0).finishS()));
                }
                var d = org.lcpsim.network.simgrid.SimGridFlows.run(List.of(sc), "--jobs", "1", "--no-flows");
                out.printf(Locale.ROOT, "  %-28s cpu %8.3f s   wall %8.3f s   (in SimGrid's times)%n",
                        "SimGrid's Python driver alone", d.get(0).runCpuS(), d.get(0).runS());
            }
            out.printf(Locale.ROOT, "  completion times, largest relative difference: %s%n", diffs);
            out.flush();
        }
        out.printf(Locale.ROOT, "%nlcpsim: building the network and simulating on the bare event loop, median of 5 runs after "
                + "warm-up; global: the same engine re-solving every active flow at each change (the engine before it was "
                + "incremental), once. SimGrid: Engine.run() alone (not building the platform), median of 3 runs; its "
                + "Python driver (one actor sleeping until each start, then Comm.sendto_async) is part of it.%n");
        return Main.OK;
    }

    static final String SCALING = """
            name: bench-scaling
            model: alexnet
            strategy: %s
            cluster: {devices: [{preset: rpi3, count: %d}]}
            network: {preset: ethernet-1g}
            workload: {requests: %d, warmup: 0}
            seed: 1
            """;

    /** Strategies of the scaling bench: a name and the strategy's YAML, %d the devices where it needs them. */
    static final String[][] SCALING_STRATEGIES = {
        {"LCP, multicast input", "{kind: lcp, branches: %d}", "16"},
        {"LCP, unicast input", "{kind: lcp, branches: %d, inputDelivery: unicast}", "16"},
        {"model parallelism", "{kind: model-parallel}", "16"},
        // a request of these touches a few devices whatever N: enough requests for the difference to be measurable
        {"data parallelism", "{kind: data-parallel}", "1000"},
        {"pipeline", "{kind: pipeline}", "1000"},
    };

    static Executor.Setup setupOf(String yaml) {
        ExperimentFile file = ExperimentFile.parse(yaml, Path.of("bench.yaml"));
        Errors errors = new Errors();
        ExperimentSpec s = file.bind(file.point(0, errors), errors);
        errors.throwIfAny();
        Deployment d = s.strategy().deploy(s.model(), new DeployContext(s.devices().size(), s.sourceNode(), s.weights(),
                s.activations(), s.inputBytes()));
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < s.devices().size(); i++) {
            prepared.add(s.devices().get(i).prepare(d.residency().get(i)));
        }
        return new Executor.Setup(d, prepared, s.nodeNames(), s.network(), s.workload(), Duration.ofMinutes(10));
    }

    /**
     * Per strategy and cluster size N (8 to 1,024 devices, doubling): the thread's CPU time per
     * request on the DSOL executor and on the bare loop, marginal (runs of R = max(16, 4096 / N) and 3R
     * requests, R = 1,000 for data parallelism and pipelines, whose requests cost microseconds, the
     * difference of their medians of 5 over 2R, after a warm-up at 64 devices), and the exponent of time = c N^k fitted by least
     * squares on the logarithms. CPU time of the thread, not wall time, so that other processes on
     * a shared machine do not count.
     */
    private int scalingTimes() {
        PrintWriter out = spec.commandLine().getOut();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int[] sizes = {8, 16, 32, 64, 128, 256, 512, 1024};
        out.printf(Locale.ROOT, "CPU ms per request on the DSOL executor (the marginal cost: runs of R and 3R "
                + "requests, the difference over 2R, medians of 5), AlexNet on N rpi3 over ethernet-1g%n");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s", "strategy"));
        for (int n : sizes) {
            head.append(String.format(Locale.ROOT, "%9d", n));
        }
        out.println(head + "   exponent   (bare loop)   256-1,024   events/request at 1,024");
        for (String[] strategy : SCALING_STRATEGIES) {
            double[] ms = new double[sizes.length];
            double[] bareMs = new double[sizes.length];
            double eventsPerRequest = 0;
            for (int warm = 0; warm < 3; warm++) {
                int requests = 4096 / 64;
                Executor.run(setupOf(String.format(Locale.ROOT, SCALING, String.format(Locale.ROOT, strategy[1], 64), 64,
                        requests)), warm);
            }
            for (int i = 0; i < sizes.length; i++) {
                int n = sizes[i];
                int requests = Math.max(Integer.parseInt(strategy[2]), 4096 / n);
                String st = String.format(Locale.ROOT, strategy[1], n);
                // the marginal cost of a request: runs of R and 3R requests, (t(3R) - t(R)) / 2R, so that what a run
                // costs once (building N devices and the network) does not count
                Executor.Setup one = setupOf(String.format(Locale.ROOT, SCALING, st, n, requests));
                Executor.Setup three = setupOf(String.format(Locale.ROOT, SCALING, st, n, 3 * requests));
                double[] a = new double[5];
                double[] b = new double[5];
                double[] bareA = new double[5];
                double[] bareB = new double[5];
                for (int r = 0; r < a.length; r++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    Executor.run(one, r);
                    long c1 = threads.getCurrentThreadCpuTime();
                    ReplicationResult res = Executor.run(three, r);
                    long c2 = threads.getCurrentThreadCpuTime();
                    Executor.runOnBareLoop(one, r);
                    long c3 = threads.getCurrentThreadCpuTime();
                    Executor.runOnBareLoop(three, r);
                    long c4 = threads.getCurrentThreadCpuTime();
                    a[r] = (c1 - c0) / 1e6;
                    b[r] = (c2 - c1) / 1e6;
                    bareA[r] = (c3 - c2) / 1e6;
                    bareB[r] = (c4 - c3) / 1e6;
                    eventsPerRequest = res.events() / (3.0 * requests);
                }
                ms[i] = Math.max(1e-6, (median(b) - median(a)) / (2.0 * requests));
                bareMs[i] = Math.max(1e-6, (median(bareB) - median(bareA)) / (2.0 * requests));
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", strategy[0]));
            for (double m : ms) {
                line.append(String.format(Locale.ROOT, "%9.3f", m));
            }
            int top = sizes.length - 3;
            line.append(String.format(Locale.ROOT, "   N^%.2f     N^%.2f        N^%.2f      %,.0f", exponent(sizes, ms),
                    exponent(sizes, bareMs), exponent(Arrays.copyOfRange(sizes, top, sizes.length),
                            Arrays.copyOfRange(ms, top, ms.length)), eventsPerRequest));
            out.println(line);
            out.flush();
        }
        out.printf(Locale.ROOT, "exponent: least-squares slope of log(time per request) over log(N); 1.00 is linear in "
                + "the devices; (bare loop): the same schedule on the bare priority-queue loop; 256-1,024: the slope over "
                + "the three largest clusters alone, where a request's data outgrows the processor's caches.%n");
        return Main.OK;
    }

    /** The experiment of {@code --city}: 100 streams of {@code seconds} frames at 1 frame/s on 1,000 devices. */
    static String cityYaml(int seconds) {
        StringBuilder y = new StringBuilder("""
                name: bench-city
                cluster: {devices: [{preset: rpi3, count: 1000}]}
                network: {preset: ethernet-1g}
                input: {bytes: 16000}
                replications: 1
                seed: 1
                workload:
                  warmup: 0
                  arrival: {kind: periodic, fps: 1}
                  streams:
                """);
        for (int i = 0; i < 100; i++) {
            StringBuilder devices = new StringBuilder();
            for (int k = 0; k < 10; k++) {
                devices.append(k == 0 ? "" : ", ").append('d').append(10 * i + k);
            }
            y.append(String.format(Locale.ROOT, "    - {name: cam%d, model: alexnet, strategy: {kind: lcp, branches: 8}, "
                    + "source: d%d, devices: [%s], requests: %d}%n", i, 10 * i, devices, seconds));
        }
        return y.toString();
    }

    /**
     * One simulated hour of 100 cameras on 1,000 devices: the wall and CPU time of one replication
     * on DSOL (every stream's requests, the shared network), after binding and deploying. The
     * whole {@code run} of this file is refused by validate's worst-case time bound (its capacity
     * probe alone would simulate millions of requests), so the bench runs the replication itself.
     */
    private int cityTime() {
        PrintWriter out = spec.commandLine().getOut();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        Executor.Setup setup = citySetup(3600);
        double prepare = (System.nanoTime() - t0) / 1e9;
        // a short run first, so that the hour is timed with the JIT warm
        Executor.run(citySetup(60), 1);
        long c0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        ReplicationResult r = Executor.run(setup, 1);
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        out.printf(Locale.ROOT, "1,000 rpi3 on ethernet-1g, 100 cameras (AlexNet LCP split8 on 10 devices each, 1 frame/s), "
                + "one simulated hour: %,d requests, %,d events, simulated to %.0f s%n", r.completed(), r.events(),
                r.runMs() / 1000);
        out.printf(Locale.ROOT, "bind and deploy: %.2f s; the replication on DSOL: %.2f s wall, %.2f s CPU (%,.0f events/s)%n",
                prepare, wall, cpu, r.events() / cpu);
        out.printf(Locale.ROOT, "goal: under 60 s on 2 cores: %s%n", wall + prepare < 60 ? "met" : "not met");
        return Main.OK;
    }

    private static Executor.Setup citySetup(int seconds) {
        ExperimentFile file = ExperimentFile.parse(cityYaml(seconds), Path.of("bench-city.yaml"));
        Errors errors = new Errors();
        ExperimentFile.DesignPoint point = file.point(0, errors);
        ExperimentSpec s = file.bind(point, errors);
        errors.throwIfAny();
        org.lcpsim.experiments.PointRunner runner = new org.lcpsim.experiments.PointRunner(Duration.ofMinutes(10));
        org.lcpsim.experiments.PointRunner.Prepared p = runner.prepare(0, s, point.values(), "bench");
        if (p.streams().isEmpty()) {
            throw new IllegalStateException("bench-city did not deploy: " + p.result().status());
        }
        return new Executor.Setup(p.streams(), p.devices(), s.nodeNames(), s.network(), Duration.ofMinutes(10), s.energy());
    }

    /** The slope of the least-squares line through (log n, log t). */
    static double exponent(int[] n, double[] t) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n.length; i++) {
            mx += Math.log(n[i]) / n.length;
            my += Math.log(t[i]) / n.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n.length; i++) {
            double dx = Math.log(n[i]) - mx;
            sxy += dx * (Math.log(t[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double maxRelative(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
        }
        return m;
    }
}

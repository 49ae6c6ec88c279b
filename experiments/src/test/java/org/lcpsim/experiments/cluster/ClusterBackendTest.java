package org.lcpsim.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.cli.CliHarness;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.LocalBackend;
import org.lcpsim.experiments.Shard;
import org.lcpsim.experiments.SimulationBackend;
import org.lcpsim.experiments.store.ResultStore;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.results.PointResult;

/**
 * A cluster of two workers on loopback, inside the test: the same results as a local run, also
 * when a worker is lost halfway; strangers with another password stay outside; a cluster whose
 * last worker is gone fails the run with what it finished kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterBackendTest {
    private static final String PASSWORD = "correct horse";
    private static final Duration WALL = Duration.ofMinutes(2);

    /** 16 points, noisy devices and random arrivals: every number depends on the seeds. */
    private static final String SWEEP = """
            name: cluster-sweep
            model: cifarnet
            strategy: {kind: lcp, branches: 2}
            cluster:
              devices: [{preset: rpi3, count: 8, noise: {cv: 0.2}}]
            network: {preset: wifi-rpi}
            workload: {requests: 400, warmup: 2, arrival: {kind: poisson, ratePerS: 6}}
            replications: 2
            seed: 11
            sweep:
              model: [lenet, cifarnet]
              strategy.branches: [1, 2, 4, 8]
              seed: [1, 2]
            """;

    @TempDir
    Path dir;

    private final List<Worker> workers = new ArrayList<>();
    private Worker a;
    private Worker b;
    private ClusterSettings settings;
    private ExperimentFile sweep;
    private byte[] localCsv;

    @BeforeAll
    void startCluster() throws IOException {
        ClusterAddress at1 = new ClusterAddress("127.0.0.1", freePort());
        ClusterAddress at2 = new ClusterAddress("127.0.0.1", freePort());
        settings = new ClusterSettings(List.of(at1, at2), "lcpsim-test", PASSWORD, Duration.ofSeconds(5));
        a = start(settings, at1, 1);
        b = start(settings, at2, 1);
        await(() -> a.members().size() == 2 && b.members().size() == 2, "both workers in one cluster");

        Path file = Files.createTempDirectory("lcpsim-cluster-test").resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        sweep = ExperimentFile.load(file);
        try (LocalBackend local = new LocalBackend(2, WALL)) {
            localCsv = csv(run(sweep, local, null, r -> { }));
        }
    }

    @AfterAll
    void stopCluster() {
        for (Worker w : workers) {
            try {
                w.close();
            } catch (RuntimeException e) {
                // already stopped
            }
        }
    }

    private Worker start(ClusterSettings s, ClusterAddress at, int threads) {
        Worker w = Worker.start(s, at, threads, line -> { });
        workers.add(w);
        return w;
    }

    @Test
    void twoWorkersGiveTheResultsOfALocalRun() throws IOException {
        try (HazelcastBackend cluster = HazelcastBackend.connect(settings, WALL, line -> { })) {
            assertEquals(2, cluster.parallelism(), "the workers' threads");
            List<PointResult> results = run(sweep, cluster, null, r -> { });
            assertArrayEquals(localCsv, csv(results), "results.csv");
            assertEquals(0, cluster.resubmitted());
        }
        assertTrue(a.pointsFinished() > 0 && b.pointsFinished() > 0, "both workers simulated: " + a.pointsFinished() + ", "
                + b.pointsFinished());
    }

    @Test
    void aWorkerLostHalfwayLosesNoPoint() throws Exception {
        Worker c = start(settings, new ClusterAddress("127.0.0.1", freePort()), 1);
        await(() -> a.members().size() == 3, "the third worker joined");
        AtomicReference<Throwable> killerFailed = new AtomicReference<>();
        // kill it while it simulates its second point: that point must be run again elsewhere
        Thread killer = new Thread(() -> {
            try {
                await(() -> c.pointsStarted() >= 2 && c.pointsStarted() > c.pointsFinished(), "a point running on the third worker");
                c.kill();
            } catch (Throwable t) {
                killerFailed.set(t);
            }
        }, "killer");
        Path out = dir.resolve("lost-worker");
        try (HazelcastBackend cluster = HazelcastBackend.connect(settings, WALL, line -> { });
             ResultStore store = ResultStore.open(out, true)) {
            assertEquals(3, cluster.parallelism());
            killer.start();
            List<PointResult> results = run(sweep, cluster, store, r -> { });
            killer.join(30_000);
            assertEquals(null, killerFailed.get());
            assertFalse(c.running());
            assertTrue(cluster.resubmitted() >= 1, "the lost point was submitted again");
            assertArrayEquals(localCsv, csv(results), "results.csv");
        }
        // the journal: every point once, none lost, none twice
        List<PointResult> journal = PointsJsonl.read(out.resolve(PointsJsonl.FILE));
        Set<String> keys = new HashSet<>();
        for (PointResult r : journal) {
            keys.add(r.configKey());
        }
        assertEquals(sweep.pointCount(), journal.size(), "journal lines");
        assertEquals(sweep.pointCount(), keys.size(), "distinct points in the journal");
    }

    @Test
    void anotherPasswordMakesAnotherCluster() {
        ClusterAddress at = new ClusterAddress("127.0.0.1", freePort());
        // a stranger who knows the addresses and the name, but not the password
        ClusterSettings stranger = new ClusterSettings(List.of(a.address(), at), "lcpsim-test", "guess", Duration.ofSeconds(3));
        Worker d = start(stranger, at, 1);
        assertEquals(1, d.members().size(), "alone in a cluster of its own: " + d.members());
        assertTrue(a.members().stream().noneMatch(m -> m.startsWith(at.toString())), "not among " + a.members());

        long t0 = System.nanoTime();
        ClusterSettings wrong = new ClusterSettings(settings.members(), "lcpsim-test", "guess", Duration.ofSeconds(3));
        ClusterException e = assertThrows(ClusterException.class, () -> HazelcastBackend.connect(wrong, WALL, line -> { }).close());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(e.getMessage().startsWith("cannot join the lcpsim cluster 'lcpsim-test' (with a password)"), e.getMessage());
        assertTrue(e.getMessage().contains("--password"), e.getMessage());
        assertFalse(e.getMessage().contains("guess"), "the password is never shown");
        assertTrue(seconds < 20, "gave up within its timeout: " + seconds + " s");

        // the stranger's cluster is one too: when its only worker is gone, the run stops, keeping what it finished
        Path out = dir.resolve("no-worker-left");
        CountDownLatch firstResult = new CountDownLatch(1);
        Thread killer = new Thread(() -> {
            try {
                if (firstResult.await(60, TimeUnit.SECONDS)) {
                    d.kill();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "killer");
        try (HazelcastBackend alone = HazelcastBackend.connect(stranger, WALL, line -> { });
             ResultStore store = ResultStore.open(out, true)) {
            killer.start();
            ClusterException gone = assertThrows(ClusterException.class, () -> run(sweep, alone, store, r -> firstResult.countDown()));
            assertTrue(gone.getMessage().startsWith("no worker left in the cluster 'lcpsim-test'"), gone.getMessage());
            assertTrue(gone.getMessage().contains("run the same command again"), gone.getMessage());
        }
        List<PointResult> kept = PointsJsonl.read(out.resolve(PointsJsonl.FILE));
        assertTrue(!kept.isEmpty() && kept.size() < sweep.pointCount(), kept.size() + " points kept");
    }

    @Test
    void runAndExploreOnTheCommandLine() throws IOException {
        Path file = dir.resolve("explore.yaml");
        Files.writeString(file, SWEEP.replace("name: cluster-sweep", "name: cluster-explore") + """
                explore:
                  method: exhaustive
                  objectives:
                    - {minimize: latency_ms_mean}
                    - {minimize: params}
                """);
        String members = settings.members().get(0) + "," + settings.members().get(1);
        for (String command : List.of("run", "explore")) {
            CliHarness.Result local = CliHarness.run(command, file.toString(), "--out", dir.resolve(command + "-local").toString(),
                    "--no-progress", "--no-report");
            assertEquals(0, local.exitCode(), local.err());
            CliHarness.Result remote = CliHarness.run(command, file.toString(), "--out", dir.resolve(command + "-cluster").toString(),
                    "--no-progress", "--no-report", "--cluster", members, "--cluster-name", "lcpsim-test", "--password", PASSWORD);
            assertEquals(0, remote.exitCode(), remote.err());
            assertTrue(remote.err().contains("lcpsim: cluster 'lcpsim-test' (with a password) at " + members.replace(",", ", ")
                    + ": 2 threads on"),
                    remote.err());
            assertEquals(local.out().replace(command + "-local", "DIR"), remote.out().replace(command + "-cluster", "DIR"),
                    command + " prints the same");
            for (String f : command.equals("run") ? List.of("results.csv", "points.jsonl", "summary.json")
                    : List.of("results.csv", "pareto.csv", "points.jsonl", "summary.json")) {
                assertArrayEquals(Files.readAllBytes(dir.resolve(command + "-local").resolve(f)),
                        Files.readAllBytes(dir.resolve(command + "-cluster").resolve(f)), command + " " + f);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static List<PointResult> run(ExperimentFile file, SimulationBackend backend, ResultStore store,
                                         java.util.function.Consumer<PointResult> progress) {
        List<PointResult> out = new ArrayList<>();
        ExperimentRunner.run(file, new ExperimentRunner.Options(1, null, WALL, progress), Shard.ALL, store, backend, out::add);
        return out;
    }

    private byte[] csv(List<PointResult> results) {
        StringWriter w = new StringWriter();
        try {
            java.io.BufferedWriter bw = new java.io.BufferedWriter(w);
            ResultsCsv.header(bw, sweep.sweptPaths());
            for (PointResult r : results) {
                ResultsCsv.row(bw, r, sweep.sweptPaths());
            }
            bw.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A port nobody listens on now (the member takes it a moment later: a clash is unlikely, not impossible). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}

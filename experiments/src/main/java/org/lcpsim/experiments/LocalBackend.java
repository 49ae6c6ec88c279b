package org.lcpsim.experiments;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.lcpsim.results.PointResult;

/** Simulates points on a pool of threads of this process. */
public final class LocalBackend implements SimulationBackend {
    private final ExecutorService pool;
    private final PointRunner runner;
    private final int threads;

    public LocalBackend(int threads, Duration wallLimitPerRun) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
        this.runner = new PointRunner(wallLimitPerRun);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lcpsim-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<PointResult> simulate(ExperimentFile file, int pointId, Long seedOverride) {
        return CompletableFuture.supplyAsync(() -> ExperimentRunner.simulate(file, pointId, seedOverride, runner), pool);
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

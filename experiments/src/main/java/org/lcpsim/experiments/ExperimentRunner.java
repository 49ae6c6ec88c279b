package org.lcpsim.experiments;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Errors;
import org.lcpsim.results.PointResult;

/**
 * Runs the design points of an experiment file on a pool of threads and hands the results to a
 * sink in point order, so output is the same whatever the thread count. At most a few points
 * per thread are in flight, so memory does not grow with the size of a sweep.
 */
public final class ExperimentRunner {
    /** {@code seedOverride} replaces every point's seed when not null. */
    public record Options(int threads, Long seedOverride, Duration wallLimitPerRun, Consumer<PointResult> progress) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), null, Duration.ofMinutes(10), r -> { });
        }
    }

    private ExperimentRunner() {
    }

    /** Every error of the file; throws {@link ConfigException} with them when there is any. */
    public static void check(ExperimentFile file) {
        List<ConfigError> errors = file.validate();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /** Validates, then simulates every point; returns the number of points run. */
    public static int run(ExperimentFile file, Options options, Consumer<PointResult> sink) {
        check(file);
        int n = file.pointCount();
        PointRunner runner = new PointRunner(options.wallLimitPerRun());
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), new NamedThreads());
        ArrayDeque<Future<PointResult>> window = new ArrayDeque<>();
        int ahead = options.threads() * 4;
        try {
            for (int id = 0; id < n; id++) {
                final int point = id;
                window.add(pool.submit(() -> {
                    PointResult r = simulate(file, point, options.seedOverride(), runner);
                    options.progress().accept(r);
                    return r;
                }));
                if (window.size() >= ahead) {
                    sink.accept(take(window));
                }
            }
            while (!window.isEmpty()) {
                sink.accept(take(window));
            }
        } finally {
            pool.shutdownNow();
        }
        return n;
    }

    static PointResult simulate(ExperimentFile file, int id, Long seedOverride, PointRunner runner) {
        Errors errors = new Errors();
        ExperimentFile.DesignPoint point = file.point(id, errors);
        ExperimentSpec spec = point == null ? null : file.bind(point, errors);
        if (spec == null) {
            // validated before, so this is a bug, not bad input
            throw new IllegalStateException("point " + id + " stopped binding: " + errors.list());
        }
        if (seedOverride != null) {
            spec = withSeed(spec, seedOverride);
        }
        return runner.run(id, spec, point.values());
    }

    public static ExperimentSpec withSeed(ExperimentSpec spec, long seed) {
        return new ExperimentSpec(spec.name(), spec.modelName(), spec.model(), spec.strategy(), spec.devices(),
                spec.sourceNode(), spec.network(), spec.inputBytes(), spec.weights(), spec.activations(), spec.workload(),
                spec.replications(), seed);
    }

    private static PointResult take(ArrayDeque<Future<PointResult>> window) {
        try {
            return window.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        }
    }

    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "lcpsim-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}

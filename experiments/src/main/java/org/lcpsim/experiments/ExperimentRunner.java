package org.lcpsim.experiments;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Errors;
import org.lcpsim.experiments.store.ResultStore;
import org.lcpsim.results.PointResult;

/**
 * Runs the design points of an experiment file on a backend (local threads or a cluster) and
 * hands the results to a sink in point order, so output is the same whatever the thread count
 * or the cluster. At most a few points per worker are in flight, so memory does not grow with
 * the size of a sweep.
 */
public final class ExperimentRunner {
    /** {@code seedOverride} replaces every point's seed when not null. */
    /**
     * {@code detail}: whether the journal and the ordered points.jsonl keep every point's latency
     * samples, timeline and utilization series (what the report's distribution, timeline and
     * network charts draw); null: only when the sweep has at most {@link #DETAIL_AUTO_POINTS} points.
     */
    public record Options(int threads, Long seedOverride, Duration wallLimitPerRun, Consumer<PointResult> progress,
                          Boolean detail) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
        }

        public Options(int threads, Long seedOverride, Duration wallLimitPerRun, Consumer<PointResult> progress) {
            this(threads, seedOverride, wallLimitPerRun, progress, null);
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), null, Duration.ofMinutes(10), r -> { });
        }
    }

    private ExperimentRunner() {
    }

    /**
     * Every error of the file; throws {@link ConfigException} with them when there is any. Where
     * {@code validate} checked a group of coupled swept values value by value only (too many
     * combinations to bind in a second), every combination is bound here, before anything runs:
     * what a run would refuse is refused before its first point.
     */
    public static void check(ExperimentFile file) {
        ExperimentFile.Validation quick = file.check(false);
        List<ConfigError> errors = quick.errors();
        if (errors.isEmpty() && !quick.exhaustive()) {
            errors = file.check(true).errors();
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /** Validates, then simulates every point on local threads, without a store. */
    public static int run(ExperimentFile file, Options options, Consumer<PointResult> sink) {
        try (LocalBackend backend = new LocalBackend(options.threads(), options.wallLimitPerRun())) {
            return run(file, options, Shard.ALL, null, backend, sink);
        }
    }

    /**
     * Validates, then gives every point of the shard to the sink in point order: from the store
     * when it already holds the point's configuration, else simulated by the backend and
     * appended to the store as soon as it finishes (not in order, so nothing finished waits
     * behind a slow point). Returns the number of points of the shard.
     */
    public static int run(ExperimentFile file, Options options, Shard shard, ResultStore store, SimulationBackend backend,
                          Consumer<PointResult> sink) {
        check(file);
        int n = file.pointCount();
        boolean detail = options.detail() != null ? options.detail() : n <= DETAIL_AUTO_POINTS;
        // in point order: points being simulated, and stored points, read from the store only when
        // their turn comes, so that a resumed run starts its first new point at once however many
        // it finds stored
        ArrayDeque<Slot> window = new ArrayDeque<>();
        int ahead = Math.max(4, backend.parallelism() * 4);
        int pending = 0;
        int count = 0;
        for (int id = 0; id < n; id++) {
            if (!shard.accepts(id)) {
                continue;
            }
            count++;
            Errors errors = new Errors();
            ExperimentFile.DesignPoint point = file.point(id, errors);
            String key = file.configKey(point, options.seedOverride());
            if (store != null && store.has(key)) {
                window.add(new Slot(id, key, point.values(), null));
            } else {
                window.add(new Slot(id, key, point.values(), backend.simulate(file, id, options.seedOverride())
                        .thenApply(full -> {
                            PointResult r = detail ? full : full.compact();
                            if (store != null) {
                                store.append(r);
                            }
                            options.progress().accept(r);
                            return r;
                        })));
                pending++;
            }
            while (pending >= ahead || window.size() >= MAX_WINDOW) {
                pending -= deliver(window.poll(), store, options, sink);
            }
        }
        while (!window.isEmpty()) {
            deliver(window.poll(), store, options, sink);
        }
        return count;
    }

    /**
     * Sweeps of at most this many points keep every point's detail (latency samples, timeline,
     * utilization series) in points.jsonl unless told otherwise; larger ones keep only the detail a
     * run is told to keep ({@code --detail}): about 3 kB a point instead of 12 for a 50-request
     * point of 8 devices, so that the journal of a 100,000-point sweep stays in the hundreds of MB.
     */
    public static final int DETAIL_AUTO_POINTS = 1_000;

    /** At most this many points wait in point order for the sink (stored ones are only a key until delivered). */
    static final int MAX_WINDOW = 100_000;

    /** A point in the output order: being simulated ({@code result}), or stored under {@code key}. */
    private record Slot(int id, String key, java.util.Map<String, String> values, CompletableFuture<PointResult> result) {
    }

    /** Gives a slot's result to the sink; returns 1 when it was a simulation (no longer pending). */
    private static int deliver(Slot slot, ResultStore store, Options options, Consumer<PointResult> sink) {
        if (slot.result() != null) {
            sink.accept(Futures.get(slot.result()));
            return 1;
        }
        PointResult stored = store.get(slot.key());
        options.progress().accept(stored);
        sink.accept(stored.renumbered(slot.id(), slot.values()));
        return 0;
    }

    /** Simulates point {@code id} of the file as every backend does (a cluster worker too). */
    public static PointResult simulate(ExperimentFile file, int id, Long seedOverride, PointRunner runner) {
        return runner.simulate(prepare(file, id, seedOverride, runner));
    }

    /**
     * Binds point {@code id} of a validated file (with the seed override, keyed by its
     * configuration) and deploys it: what simulating it and screening it both start with.
     */
    public static PointRunner.Prepared prepare(ExperimentFile file, int id, Long seedOverride, PointRunner runner) {
        Errors errors = new Errors();
        ExperimentFile.DesignPoint point = file.point(id, errors);
        ExperimentSpec spec = point == null ? null : file.bind(point, errors);
        if (spec == null) {
            // validated before, so this is a bug, not bad input
            throw new IllegalStateException("point " + id + " stopped binding: " + errors.list());
        }
        String key = file.configKey(point, seedOverride);
        if (seedOverride != null) {
            spec = withSeed(spec, seedOverride);
        }
        return runner.prepare(id, spec, point.values(), key);
    }

    public static ExperimentSpec withSeed(ExperimentSpec spec, long seed) {
        return spec.withSeed(seed);
    }


}

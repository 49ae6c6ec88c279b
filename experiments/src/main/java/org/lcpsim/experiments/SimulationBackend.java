package org.lcpsim.experiments;

import java.util.concurrent.CompletableFuture;

/**
 * Where design points are simulated: on this machine's cores, or on the members of a cluster.
 * Results do not depend on the backend: a point's result is a function of its configuration.
 */
public interface SimulationBackend extends AutoCloseable {
    /** Simulates point {@code pointId} of the file (with the seed override, if any). */
    CompletableFuture<org.lcpsim.results.PointResult> simulate(ExperimentFile file, int pointId, Long seedOverride);

    /** How many points it can usefully work on at once. */
    int parallelism();

    @Override
    void close();
}

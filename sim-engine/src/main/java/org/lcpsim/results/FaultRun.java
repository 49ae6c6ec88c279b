package org.lcpsim.results;

import java.util.List;

/**
 * What the faults of one replication did (docs/engine.md, "Faults"): the faults that happened
 * ({@code windows}, in the order they began), per request stream its measured requests issued,
 * answered, degraded (answered with fewer branches than the model has) and failed, and per
 * measured request that ended, in the order they ended: its stream, arrival, latency (NaN: it
 * failed) and the branches its answer had ({@code arrived}; K for strategies without branches
 * and for a complete answer, 0 for a failed one). Arrays are never modified after construction.
 */
public record FaultRun(List<FaultWindow> windows, List<Counts> streams, int[] stream, double[] arrivalMs,
                       double[] latencyMs, int[] arrived) {
    /** A stream's measured requests: issued, answered (completed or degraded), degraded, failed; K its branches. */
    public record Counts(String name, long issued, long answered, long degraded, long failed, int branches) {
    }

    public FaultRun {
        windows = List.copyOf(windows);
        streams = List.copyOf(streams);
    }

    public long issued() {
        return streams.stream().mapToLong(Counts::issued).sum();
    }

    public long answered() {
        return streams.stream().mapToLong(Counts::answered).sum();
    }

    public long degraded() {
        return streams.stream().mapToLong(Counts::degraded).sum();
    }

    public long failed() {
        return streams.stream().mapToLong(Counts::failed).sum();
    }
}

package org.lcpsim.results;

import java.util.List;

/**
 * What the faults of one replication did (docs/engine.md, "Faults"): the faults that happened
 * ({@code windows}, in the order they began), per request stream its measured requests issued,
 * answered, degraded (answered with fewer branches than the model has) and failed, and per
 * measured request that ended, in the order they ended: its stream, arrival, latency (NaN: it
 * failed) and the branches its answer had ({@code arrived}; K for strategies without branches
 * and for a complete answer, 0 for a failed one). Arrays are never modified after construction.
 *
 * @param windows the faults that happened, in the order they began
 * @param streams per request stream, its measured requests' outcomes
 * @param stream per measured request that ended, its stream's index in {@code streams}
 * @param arrivalMs per measured request that ended, when it arrived, in ms from the start of the run
 * @param latencyMs per measured request that ended, its latency in ms; NaN when it failed
 * @param arrived per measured request that ended, the branches its answer had (0: failed)
 */
public record FaultRun(List<FaultWindow> windows, List<Counts> streams, int[] stream, double[] arrivalMs,
                       double[] latencyMs, int[] arrived) {
    /**
     * A stream's measured requests: issued, answered (completed or degraded), degraded, failed; K its branches.
     *
     * @param name the stream's name (empty for a run of one stream)
     * @param issued measured requests issued
     * @param answered measured requests answered, completely or degraded
     * @param degraded measured requests answered with fewer branches than the model has
     * @param failed measured requests never answered
     * @param branches K, the branches of the stream's model (1 without LCP)
     */
    public record Counts(String name, long issued, long answered, long degraded, long failed, int branches) {
    }

    /**
     * Copies the lists.
     *
     * @param windows the faults that happened, in the order they began
     * @param streams per request stream, its measured requests' outcomes
     * @param stream per measured request that ended, its stream's index in {@code streams}
     * @param arrivalMs per measured request that ended, when it arrived, in ms from the start of the run
     * @param latencyMs per measured request that ended, its latency in ms; NaN when it failed
     * @param arrived per measured request that ended, the branches its answer had (0: failed)
     */
    public FaultRun {
        windows = List.copyOf(windows);
        streams = List.copyOf(streams);
    }

    /** @return the measured requests issued, every stream together */
    public long issued() {
        return streams.stream().mapToLong(Counts::issued).sum();
    }

    /** @return the measured requests answered (completed or degraded), every stream together */
    public long answered() {
        return streams.stream().mapToLong(Counts::answered).sum();
    }

    /** @return the measured requests answered with fewer branches than the model has, every stream together */
    public long degraded() {
        return streams.stream().mapToLong(Counts::degraded).sum();
    }

    /** @return the measured requests never answered, every stream together */
    public long failed() {
        return streams.stream().mapToLong(Counts::failed).sum();
    }
}

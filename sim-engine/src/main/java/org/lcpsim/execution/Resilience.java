package org.lcpsim.execution;

/**
 * How a deployed strategy reacts to faults (fields of the experiment's {@code strategy};
 * docs/engine.md, "Faults").
 *
 * <ul>
 *   <li>{@code failoverTimeoutMs}: the source's request timeout. The source (a camera's front end,
 *       data parallelism's balancer) learns that a device is down when a request it sent gets no
 *       answer in that time, so it knows a device is down {@code failoverTimeoutMs} after the crash
 *       (and that it is back as soon as it is: the device registers again). Until then requests
 *       are sent to it and lost; after, data parallelism sends to the other replicas, and the other
 *       strategies hold new requests at the source until the devices they need are back. A closed
 *       loop's client issues its next request when one is answered, or, for one that failed, no
 *       earlier than {@code failoverTimeoutMs} after it was sent.</li>
 *   <li>{@code gatherDeadlineMs} (LCP; NaN: none): the final node runs the classifier head when
 *       every branch output has arrived, or {@code gatherDeadlineMs} after the first arrived, with
 *       those that did when at least {@code minBranches} did (else the request fails). Without a
 *       deadline a lost branch fails its request, as any lost work does in the other strategies.</li>
 * </ul>
 */
public record Resilience(double failoverTimeoutMs, double gatherDeadlineMs, int minBranches) {
    /** The default request timeout of a source: one second. */
    public static final double DEFAULT_FAILOVER_MS = 1000;
    public static final Resilience DEFAULT = new Resilience(DEFAULT_FAILOVER_MS, Double.NaN, 1);

    public Resilience {
        if (!(failoverTimeoutMs >= 0) || Double.isInfinite(failoverTimeoutMs)) {
            throw new IllegalArgumentException("failoverTimeoutMs must be finite and >= 0, got " + failoverTimeoutMs);
        }
        if (!Double.isNaN(gatherDeadlineMs) && (!(gatherDeadlineMs >= 0) || Double.isInfinite(gatherDeadlineMs))) {
            throw new IllegalArgumentException("gatherDeadlineMs must be finite and >= 0, got " + gatherDeadlineMs);
        }
        if (minBranches < 1) {
            throw new IllegalArgumentException("minBranches must be >= 1, got " + minBranches);
        }
    }

    /** Whether the final node of an LCP deployment answers with the branches that arrived by a deadline. */
    public boolean hasDeadline() {
        return !Double.isNaN(gatherDeadlineMs);
    }
}

package org.lcpsim.results;

/**
 * One interval of one request's timeline: a compute task on a device, a transfer on the
 * network, or (de)serialization CPU work of a transfer on a device. {@code critical} marks the
 * intervals on the request's critical path.
 *
 * @param resource the device or network resource the interval occupies
 * @param label what it is (a layer group, a transfer's phase)
 * @param kind compute, transfer or (de)serialization
 * @param startMs its start, in ms from the request's arrival
 * @param endMs its end, in ms from the request's arrival
 * @param critical whether it is on the request's critical path
 */
public record Span(String resource, String label, Kind kind, double startMs, double endMs, boolean critical) {
    /** What an interval is. */
    public enum Kind {
        /** A compute task on a device. */
        COMPUTE,
        /** A transfer on the network. */
        TRANSFER,
        /** (De)serialization CPU work of a transfer, on a device. */
        SERIALIZE
    }

    /** @return the interval's length in ms */
    public double durationMs() {
        return endMs - startMs;
    }
}

package org.lcpsim.results;

/**
 * One interval of one request's timeline: a compute task on a device, a transfer on the
 * network, or (de)serialization CPU work of a transfer on a device. {@code critical} marks the
 * intervals on the request's critical path.
 */
public record Span(String resource, String label, Kind kind, double startMs, double endMs, boolean critical) {
    public enum Kind { COMPUTE, TRANSFER, SERIALIZE }

    public double durationMs() {
        return endMs - startMs;
    }
}

package org.lcpsim.results;

/**
 * A fault that happened in a run: {@code target} (a device {@code d3}, a topology link
 * {@code link wan}, a node's connection {@code link d3}), its {@code kind} ({@code crash},
 * {@code slowdown}, {@code down}), when (ms from the start of the run: [atMs, untilMs)), the
 * slowdown {@code factor} (1 otherwise), and whether it was drawn at random.
 */
public record FaultWindow(String target, String kind, double atMs, double untilMs, double factor, boolean random) {
}

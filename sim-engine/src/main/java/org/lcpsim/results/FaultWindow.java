package org.lcpsim.results;

/**
 * A fault that happened in a run: {@code target} (a device {@code d3}, a topology link
 * {@code link wan}, a node's connection {@code link d3}), its {@code kind} ({@code crash},
 * {@code slowdown}, {@code down}), when (ms from the start of the run: [atMs, untilMs)), the
 * slowdown {@code factor} (1 otherwise), and whether it was drawn at random.
 *
 * @param target what the fault struck: a device ({@code d3}), or {@code link NAME} for a link or a node's connection
 * @param kind crash, slowdown (devices) or down (links)
 * @param atMs when it began, in ms from the start of the run
 * @param untilMs when it ended (exclusive), in ms from the start of the run
 * @param factor how many times as long a slowed device's jobs took; 1 for a crash or a link down
 * @param random whether it was drawn from random faults ({@code mtbfS}, {@code mttrS}) rather than given as a window
 */
public record FaultWindow(String target, String kind, double atMs, double untilMs, double factor, boolean random) {
}

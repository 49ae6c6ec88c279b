package org.lcpsim.execution;

import java.util.List;

/**
 * What goes wrong during a run ({@code faults:} of an experiment file; docs/engine.md, "Faults"):
 * devices that crash or slow down in given windows, devices that fail and are repaired at random,
 * and network connections that go down.
 *
 * <ul>
 *   <li>A {@link Window} of kind {@link Kind#CRASH}: from {@code atMs} the device stops; its
 *       running job and its queue are lost, it accepts nothing until {@code untilMs} (work that
 *       reaches it is lost), then serves new work again (its weights reload at once).</li>
 *   <li>A {@link Window} of kind {@link Kind#SLOWDOWN}: every job the device starts in the window
 *       takes {@code factor} times as long (a straggler); overlapping slowdowns take the largest.</li>
 *   <li>{@link RandomFaults}: on each of its devices, crashes (or slowdowns) after exponential times
 *       to failure of mean {@code mtbfMs}, each repaired after an exponential time of mean
 *       {@code mttrMs}, drawn from the replication's own seeded stream per device.</li>
 *   <li>An {@link Outage}: a network connection down from {@code atMs} to {@code untilMs}. With
 *       {@code node} >= 0 it is a node's connection on a network without links of its own
 *       (shared medium, switch, point to point): the executor holds the transfers it sends and the
 *       deliveries it receives until it is back. With {@code node} -1 it is a topology's link, whose
 *       capacity the network model itself sets to 0 over the window (a down window); it is listed
 *       here only to be reported.</li>
 * </ul>
 * Times are in ms of simulated time from the start of the run.
 */
public record Faults(List<Window> windows, List<RandomFaults> random, List<Outage> outages) {
    public enum Kind {
        CRASH, SLOWDOWN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Device {@code device} crashes, or is slowed down by {@code factor}, in [atMs, untilMs). */
    public record Window(int device, double atMs, double untilMs, Kind kind, double factor) {
        public Window {
            if (device < 0 || kind == null) {
                throw new IllegalArgumentException("a fault window needs a device and a kind");
            }
            if (!(atMs >= 0) || !(untilMs > atMs) || Double.isInfinite(untilMs)) {
                throw new IllegalArgumentException("a fault window needs 0 <= at < until, finite; got " + atMs + ", "
                        + untilMs);
            }
            if (kind == Kind.SLOWDOWN && (!(factor >= 1) || Double.isInfinite(factor))) {
                throw new IllegalArgumentException("a slowdown factor is finite and >= 1, got " + factor);
            }
        }
    }

    /** Random crashes (or slowdowns by {@code factor}) of each of {@code devices}. */
    public record RandomFaults(int[] devices, Kind kind, double factor, double mtbfMs, double mttrMs) {
        public RandomFaults {
            devices = devices.clone();
            if (kind == null || !(mtbfMs > 0) || !(mttrMs > 0) || Double.isInfinite(mtbfMs) || Double.isInfinite(mttrMs)) {
                throw new IllegalArgumentException("random faults need a kind and finite mean times > 0");
            }
            if (kind == Kind.SLOWDOWN && (!(factor >= 1) || Double.isInfinite(factor))) {
                throw new IllegalArgumentException("a slowdown factor is finite and >= 1, got " + factor);
            }
        }
    }

    /**
     * A network connection down in [atMs, untilMs): node {@code node}'s (>= 0), played by the
     * executor, or the topology link {@code name} (node -1), played by the network.
     */
    public record Outage(String name, int node, double atMs, double untilMs) {
        public Outage {
            if (!(atMs >= 0) || !(untilMs > atMs) || Double.isInfinite(untilMs)) {
                throw new IllegalArgumentException("an outage needs 0 <= at < until, finite");
            }
        }
    }

    public static final Faults NONE = new Faults(List.of(), List.of(), List.of());

    public Faults {
        windows = windows == null ? List.of() : List.copyOf(windows);
        random = random == null ? List.of() : List.copyOf(random);
        outages = outages == null ? List.of() : List.copyOf(outages);
    }

    /**
     * True when requests' outcomes are tracked: any faults but {@link #NONE}, even none at all (an
     * experiment's {@code faults: []}, a design point of a sweep over faults that has none), so that
     * such a point has the figures (0 failed, availability 1) its siblings have.
     */
    public boolean tracked() {
        return this != NONE;
    }

    /** True when nothing goes wrong. */
    public boolean none() {
        return windows.isEmpty() && random.isEmpty() && outages.isEmpty();
    }

    /** True when a device may crash (fixed or random): requests can then be lost. */
    public boolean crashes() {
        return windows.stream().anyMatch(w -> w.kind() == Kind.CRASH) || random.stream().anyMatch(r -> r.kind() == Kind.CRASH);
    }
}

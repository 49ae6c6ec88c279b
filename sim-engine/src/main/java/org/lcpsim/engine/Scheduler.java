package org.lcpsim.engine;

/**
 * The event-scheduling view that models get. Time is in milliseconds of simulated time.
 * Implemented over DSOL by {@link SimEngine}; models never see DSOL types.
 */
public interface Scheduler {
    double nowMs();

    /** Runs {@code action} at absolute time {@code timeMs} (not before now). */
    ScheduledEvent at(double timeMs, Runnable action);

    default ScheduledEvent after(double delayMs, Runnable action) {
        return at(nowMs() + delayMs, action);
    }

    /** Cancels a pending event; returns false when it already ran or was cancelled. */
    boolean cancel(ScheduledEvent event);

    /** A handle to a pending event. */
    interface ScheduledEvent {
        double timeMs();
    }
}

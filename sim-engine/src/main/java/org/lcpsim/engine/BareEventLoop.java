package org.lcpsim.engine;

import java.util.PriorityQueue;

/**
 * A plain priority-queue event loop with the same {@link Scheduler} contract. Results never come
 * from it: it exists so that {@code lcpsim bench} can show what DSOL costs on the same schedule.
 */
public final class BareEventLoop implements Scheduler {
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private double now;
    private long sequence;

    private static final class Event implements ScheduledEvent, Comparable<Event> {
        final double time;
        final long seq;
        final Runnable action;
        boolean cancelled;
        boolean done;

        Event(double time, long seq, Runnable action) {
            this.time = time;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public double timeMs() {
            return time;
        }

        @Override
        public int compareTo(Event o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Runs the body to completion; returns the number of events executed. */
    public static long run(SimulationBody body, double horizonMs) {
        BareEventLoop loop = new BareEventLoop();
        body.start(loop);
        long events = 0;
        while (!loop.queue.isEmpty() && !body.finished()) {
            Event e = loop.queue.poll();
            if (e.cancelled) {
                continue;
            }
            if (e.time > horizonMs) {
                break;
            }
            loop.now = e.time;
            e.done = true;
            events++;
            e.action.run();
        }
        return events;
    }

    @Override
    public double nowMs() {
        return now;
    }

    @Override
    public ScheduledEvent at(double timeMs, Runnable action) {
        if (!(timeMs >= now)) {
            throw new IllegalArgumentException("event scheduled in the past: " + timeMs + " < " + now);
        }
        Event e = new Event(timeMs, sequence++, action);
        queue.add(e);
        return e;
    }

    @Override
    public boolean cancel(ScheduledEvent event) {
        Event e = (Event) event;
        if (e.cancelled || e.done) {
            return false;
        }
        e.cancelled = true;
        return true;
    }
}

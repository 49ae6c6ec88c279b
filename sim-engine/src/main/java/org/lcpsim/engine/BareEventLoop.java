package org.lcpsim.engine;

import java.util.PriorityQueue;

/**
 * A plain priority-queue event loop with the same {@link Scheduler} contract. Results never come
 * from it: it exists so that {@code lcpsim bench} can show what DSOL costs on the same schedule
 * (actions for one instant batched as on DSOL, {@link SameTimeBatch}).
 */
public final class BareEventLoop implements Scheduler {
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final SimulationBody body;
    private double now;
    private long sequence;
    private SameTimeBatch open;
    // what every batch checks and runs its actions with: made once, not per event
    private final java.util.function.BooleanSupplier stop = this::finished;
    private final java.util.function.Consumer<Runnable> run = this::count;
    private long events;

    private static final class Event implements Comparable<Event> {
        final double time;
        final long seq;
        final SameTimeBatch batch;
        boolean cancelled;

        Event(double time, long seq, SameTimeBatch batch) {
            this.time = time;
            this.seq = seq;
            this.batch = batch;
        }

        @Override
        public int compareTo(Event o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** A loop that something else drives (a test scheduling events by hand); nothing stops it early. */
    public BareEventLoop() {
        this(null);
    }

    private BareEventLoop(SimulationBody body) {
        this.body = body;
    }

    private boolean finished() {
        return body != null && body.finished();
    }

    /** Runs the body to completion; returns the number of actions executed. */
    public static long run(SimulationBody body, double horizonMs) {
        BareEventLoop loop = new BareEventLoop(body);
        body.start(loop);
        while (!loop.queue.isEmpty() && !body.finished()) {
            Event e = loop.queue.poll();
            if (e.cancelled) {
                continue;
            }
            if (e.time > horizonMs) {
                break;
            }
            loop.now = e.time;
            e.batch.run();
        }
        return loop.events;
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
        if (open == null || !open.accepts(timeMs)) {
            SameTimeBatch batch = new SameTimeBatch(timeMs, stop, run);
            Event e = new Event(timeMs, sequence++, batch);
            batch.cancelKernelEvent = () -> e.cancelled = true;
            queue.add(e);
            open = batch;
        }
        return open.add(action);
    }

    private void count(Runnable action) {
        events++;
        action.run();
    }

    @Override
    public boolean cancel(ScheduledEvent event) {
        return SameTimeBatch.cancel(event);
    }
}

package org.lcpsim.engine;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Actions scheduled one right after another for the same instant, run by one event of the kernel
 * in the order they were scheduled. Exact: a kernel orders events of one time and priority by when
 * they were scheduled, so nothing scheduled later can come between two consecutive ones; the
 * batch runs them in that order and checks the run's stopping condition between them, as the
 * kernel does between events. A batch takes no more actions once it has started (an action
 * scheduled for "now" from inside it goes after whatever else is pending for now) or once all its
 * actions are cancelled (its kernel event is then cancelled too).
 *
 * <p>Why: model parallelism ends N slices at one instant and LCP delivers a multicast to N nodes
 * at one instant; with an event each, every one of them costs log N in the kernel's event list,
 * which holds about N of them. Batched, the list holds a few events, whatever N.
 */
final class SameTimeBatch implements Runnable {
    private static final byte PENDING = 0;
    private static final byte DONE = 1;
    private static final byte CANCELLED = 2;

    /** One scheduled action: the handle that {@link Scheduler#cancel} gets. */
    static final class Action implements Scheduler.ScheduledEvent {
        final SameTimeBatch batch;
        final Runnable run;
        byte state = PENDING;

        Action(SameTimeBatch batch, Runnable run) {
            this.batch = batch;
            this.run = run;
        }

        @Override
        public double timeMs() {
            return batch.timeMs;
        }
    }

    final double timeMs;
    private final BooleanSupplier stop;
    private final Consumer<Runnable> runner;
    private Action[] actions = new Action[2];
    private int size;
    private int live;
    private boolean closed;
    /** Cancels the batch's kernel event; set by the kernel once it has scheduled it. */
    Runnable cancelKernelEvent;

    /**
     * @param stop   the run's stopping condition, checked before every action but the first
     * @param runner runs one action (the kernel's guard: counting, failures)
     */
    SameTimeBatch(double timeMs, BooleanSupplier stop, Consumer<Runnable> runner) {
        this.timeMs = timeMs;
        this.stop = stop;
        this.runner = runner;
    }

    /** True when an action for {@code atMs} scheduled now may join this batch. */
    boolean accepts(double atMs) {
        return !closed && atMs == timeMs;
    }

    Action add(Runnable run) {
        if (size == actions.length) {
            actions = Arrays.copyOf(actions, size * 2);
        }
        Action a = new Action(this, run);
        actions[size++] = a;
        live++;
        return a;
    }

    /** Cancels a pending action; false when it already ran or was cancelled. */
    static boolean cancel(Scheduler.ScheduledEvent event) {
        Action a = (Action) event;
        if (a.state != PENDING) {
            return false;
        }
        a.state = CANCELLED;
        SameTimeBatch b = a.batch;
        if (--b.live == 0 && !b.closed) {
            b.closed = true;
            b.cancelKernelEvent.run();
        }
        return true;
    }

    @Override
    public void run() {
        closed = true;
        for (int i = 0; i < size; i++) {
            Action a = actions[i];
            if (a.state != PENDING) {
                continue;
            }
            if (i > 0 && stop.getAsBoolean()) {
                return;
            }
            a.state = DONE;
            live--;
            actions[i] = null;
            runner.accept(a.run);
        }
    }
}

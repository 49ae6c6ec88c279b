package org.lcpsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Batching the actions of one instant must not change what runs, nor in which order: both
 * kernels are checked against a plain loop that orders every action by (time, when it was
 * scheduled), on random schedules full of ties, of actions scheduled for "now" from inside a
 * batch, and of cancellations.
 */
class SameTimeBatchTest {

    /** A random model: each action logs its id and may schedule more (often for the same times) or cancel one. */
    private static final class RandomBody implements SimulationBody {
        final long seed;
        final int limit;
        final List<Integer> log = new ArrayList<>();
        final List<Scheduler.ScheduledEvent> handles = new ArrayList<>();
        final List<Boolean> cancelResults = new ArrayList<>();
        int scheduled;
        SplittableRandom random;
        Scheduler scheduler;

        RandomBody(long seed, int limit) {
            this.seed = seed;
            this.limit = limit;
        }

        @Override
        public void start(Scheduler s) {
            scheduler = s;
            random = new SplittableRandom(seed);
            for (int i = 0; i < 20; i++) {
                schedule(random.nextInt(3));
            }
        }

        private void schedule(double delay) {
            int id = scheduled++;
            handles.add(scheduler.after(delay, () -> act(id)));
        }

        private void act(int id) {
            log.add(id);
            int more = random.nextInt(5);
            for (int k = 0; k < more && scheduled < limit; k++) {
                // delays 0 (now), 1, 2: many actions share an instant
                schedule(random.nextInt(3));
            }
            if (random.nextInt(4) == 0 && !handles.isEmpty()) {
                cancelResults.add(scheduler.cancel(handles.get(random.nextInt(handles.size()))));
            }
        }

        @Override
        public boolean finished() {
            return false;
        }
    }

    /** The reference: one queue entry per action, ordered by time, then by when it was scheduled. */
    private static final class PlainLoop implements Scheduler {
        private record Entry(double time, long seq, Runnable action, boolean[] state) implements ScheduledEvent {
            @Override
            public double timeMs() {
                return time;
            }
        }

        private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.time != b.time
                ? Double.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
        private double now;
        private long seq;

        static void run(SimulationBody body) {
            PlainLoop loop = new PlainLoop();
            body.start(loop);
            while (!loop.queue.isEmpty() && !body.finished()) {
                Entry e = loop.queue.poll();
                if (e.state[0]) {
                    continue;
                }
                loop.now = e.time;
                e.state[0] = true;
                e.action.run();
            }
        }

        @Override
        public double nowMs() {
            return now;
        }

        @Override
        public ScheduledEvent at(double timeMs, Runnable action) {
            Entry e = new Entry(timeMs, seq++, action, new boolean[1]);
            queue.add(e);
            return e;
        }

        @Override
        public boolean cancel(ScheduledEvent event) {
            Entry e = (Entry) event;
            if (e.state[0]) {
                return false;
            }
            e.state[0] = true;
            return true;
        }
    }

    private static SimulationBody body(java.util.function.Consumer<Scheduler> start, java.util.function.BooleanSupplier finished) {
        return new SimulationBody() {
            @Override
            public void start(Scheduler s) {
                start.accept(s);
            }

            @Override
            public boolean finished() {
                return finished.getAsBoolean();
            }
        };
    }

    /** Runs the body on DSOL or on the bare loop, without a horizon; returns the events. */
    private static long run(boolean dsol, SimulationBody body) {
        return dsol ? SimEngine.run(body, SimEngine.NO_HORIZON_MS, Duration.ofMinutes(1))
                : BareEventLoop.run(body, SimEngine.NO_HORIZON_MS);
    }

    @Test
    void batchedKernelsRunWhatThePlainLoopRunsInItsOrder() {
        for (long seed = 1; seed <= 40; seed++) {
            RandomBody reference = new RandomBody(seed, 400);
            PlainLoop.run(reference);
            assertTrue(reference.log.size() > 50, "the random model does something");
            for (boolean dsol : new boolean[] {true, false}) {
                RandomBody body = new RandomBody(seed, 400);
                long events = run(dsol, body);
                assertEquals(reference.log, body.log, "seed " + seed);
                assertEquals(reference.cancelResults, body.cancelResults, "seed " + seed);
                assertEquals(reference.log.size(), events, "an event is an action run");
            }
        }
    }

    /** The stopping condition is checked between the actions of a batch, as between events. */
    @Test
    void aRunStopsInsideABatchWhenItIsFinished() {
        for (boolean dsol : new boolean[] {true, false}) {
            List<Integer> ran = new ArrayList<>();
            long events = run(dsol, body(s -> {
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    s.at(3, () -> ran.add(id));
                }
            }, () -> ran.size() == 2));
            assertEquals(List.of(0, 1), ran);
            assertEquals(2, events);
        }
    }

    /** Cancelling every action of a batch cancels its kernel event; the next action for that time gets a new one. */
    @Test
    void aFullyCancelledBatchTakesNoMoreActions() {
        for (boolean dsol : new boolean[] {true, false}) {
            List<String> ran = new ArrayList<>();
            long events = run(dsol, body(s -> {
                Scheduler.ScheduledEvent a = s.at(5, () -> ran.add("a"));
                Scheduler.ScheduledEvent b = s.at(5, () -> ran.add("b"));
                assertTrue(s.cancel(a));
                assertTrue(s.cancel(b));
                assertFalse(s.cancel(b), "cancelled twice");
                s.at(5, () -> ran.add("c"));
                s.at(1, () -> ran.add("d"));
                s.at(5, () -> ran.add("e"));
            }, () -> false));
            assertEquals(List.of("d", "c", "e"), ran);
            assertEquals(3, events);
        }
    }
}

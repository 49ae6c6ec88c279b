package org.lcpsim.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import nl.tudelft.simulation.dsol.SimRuntimeException;
import nl.tudelft.simulation.dsol.experiment.Replication;
import nl.tudelft.simulation.dsol.experiment.SingleReplication;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;
import nl.tudelft.simulation.dsol.model.AbstractDsolModel;
import nl.tudelft.simulation.dsol.simulators.DevsSimulator;
import nl.tudelft.simulation.dsol.simulators.ErrorStrategy;

/**
 * The one place that touches DSOL. Runs a {@link SimulationBody} on a fresh
 * {@code DevsSimulator<Double>} whose time unit is the millisecond.
 *
 * <p>Why it looks like this (measured on DSOL 4.3.2): simulator construction, initialization and
 * teardown go through a global logger category and naming context, so they happen under one
 * lock with a unique replication id; {@code start()} returns at once and runs the events on a
 * non-daemon worker thread, so the caller waits for END_REPLICATION with a time limit; the
 * default error strategy pauses (a batch would hang), so every event is guarded here and the
 * first exception ends the run and is rethrown to the caller; cleanup always runs.
 */
public final class SimEngine {
    private static final Object DSOL_LOCK = new Object();
    private static final AtomicLong RUN_IDS = new AtomicLong();

    /** Events that may run past the horizon would mean a model bug; this is "no horizon". */
    public static final double NO_HORIZON_MS = 1e15;

    private SimEngine() {
    }

    /**
     * Runs the body until it reports {@link SimulationBody#finished()}, no events remain, or
     * simulated time reaches {@code horizonMs}; returns the number of events executed.
     */
    public static long run(SimulationBody body, double horizonMs, Duration wallLimit) {
        long id = RUN_IDS.incrementAndGet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        DevsSimulator<Double> simulator;
        SingleReplication<Double> replication;
        EngineModel model;
        synchronized (DSOL_LOCK) {
            simulator = new QuietDevsSimulator("lcpsim-sim-" + id);
            model = new EngineModel(simulator, body, failure);
            replication = new SingleReplication<>("lcpsim-rep-" + id, 0.0, 0.0, horizonMs);
            replication.setStoppingCondition(m -> failure.get() != null || body.finished());
            simulator.setErrorStrategy(ErrorStrategy.WARN_AND_END, Level.OFF);
            simulator.addListener(event -> ended.countDown(), Replication.END_REPLICATION_EVENT);
        }
        try {
            synchronized (DSOL_LOCK) {
                simulator.initialize(model, replication);
            }
            if (failure.get() == null && !body.finished()) {
                simulator.start();
                // a limit beyond what a long of milliseconds holds is no limit (toMillis would throw)
                long limitMs = wallLimit.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : wallLimit.toMillis();
                if (!ended.await(limitMs, TimeUnit.MILLISECONDS)) {
                    stopQuietly(simulator);
                    throw new SimulationException("simulation exceeded its wall-clock limit of " + wallLimit.toSeconds()
                            + " s at simulated time " + simulator.getSimulatorTime() + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(simulator);
            throw new SimulationException("simulation interrupted", e);
        } catch (SimRuntimeException e) {
            throw new SimulationException("DSOL refused the run: " + e.getMessage(), e);
        } finally {
            synchronized (DSOL_LOCK) {
                simulator.cleanUp();
                replication.removeFromContext();
            }
        }
        Throwable t = failure.get();
        if (t != null) {
            throw t instanceof SimulationException se ? se : new SimulationException("model failed: " + t, t);
        }
        return model.events;
    }

    private static void stopQuietly(DevsSimulator<Double> simulator) {
        try {
            if (simulator.isStartingOrRunning()) {
                simulator.stop();
            }
        } catch (RuntimeException ignored) {
            // the run is being abandoned; cleanup follows
        }
    }

    /**
     * DSOL's simulator minus one thing: its scheduleEvent formats a trace message for every
     * event (toString of the event, a double-to-string) before the logger drops it, measured
     * here as the largest single cost of a run. Same check, same lock, same event list.
     */
    private static final class QuietDevsSimulator extends DevsSimulator<Double> {
        QuietDevsSimulator(String id) {
            super(id);
        }

        @Override
        public SimEventInterface<Double> scheduleEvent(SimEventInterface<Double> event) throws SimRuntimeException {
            synchronized (semaphore) {
                if (event.getAbsoluteExecutionTime() < simulatorTime) {
                    throw new SimRuntimeException("cannot schedule event " + event + " in the past: "
                            + event.getAbsoluteExecutionTime() + " < " + simulatorTime);
                }
                eventList.add(event);
                return event;
            }
        }
    }

    /** The DSOL model: constructs nothing but the body's first events. */
    private static final class EngineModel extends AbstractDsolModel<Double, DevsSimulator<Double>> implements Scheduler {
        private final SimulationBody body;
        private final AtomicReference<Throwable> failure;
        long events;

        EngineModel(DevsSimulator<Double> simulator, SimulationBody body, AtomicReference<Throwable> failure) {
            super(simulator);
            this.body = body;
            this.failure = failure;
        }

        @Override
        public void constructModel() {
            guarded(() -> body.start(this));
            // starting schedules the first events; it is not one (the bare loop does not count it either)
            events = 0;
        }

        @Override
        public double nowMs() {
            return simulator.getSimulatorTime();
        }

        @Override
        public ScheduledEvent at(double timeMs, Runnable action) {
            if (!(timeMs >= nowMs())) {
                throw new IllegalArgumentException("event scheduled in the past or at NaN: " + timeMs + " < " + nowMs());
            }
            SimEventInterface<Double> event = simulator.scheduleEventAbs(timeMs, () -> guarded(action));
            return new DsolEvent(event);
        }

        @Override
        public boolean cancel(ScheduledEvent event) {
            return simulator.cancelEvent(((DsolEvent) event).event);
        }

        private void guarded(Runnable action) {
            if (failure.get() != null) {
                return;
            }
            events++;
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private record DsolEvent(SimEventInterface<Double> event) implements Scheduler.ScheduledEvent {
        @Override
        public double timeMs() {
            return event.getAbsoluteExecutionTime();
        }
    }
}

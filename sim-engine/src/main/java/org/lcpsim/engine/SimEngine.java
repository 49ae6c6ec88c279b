package org.lcpsim.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import nl.tudelft.simulation.dsol.SimRuntimeException;
import nl.tudelft.simulation.dsol.experiment.Replication;
import nl.tudelft.simulation.dsol.experiment.RunControl;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.LambdaSimEvent;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;
import nl.tudelft.simulation.dsol.model.AbstractDsolModel;
import nl.tudelft.simulation.dsol.simulators.DevsSimulator;
import nl.tudelft.simulation.dsol.simulators.ErrorStrategy;
import nl.tudelft.simulation.dsol.simulators.ReplicationState;
import nl.tudelft.simulation.dsol.simulators.RunState;

/**
 * The one place that touches DSOL. Runs a {@link SimulationBody} on a {@code DevsSimulator<Double>}
 * whose time unit is the millisecond: DSOL's event list (its red-black tree) and DSOL's own event
 * loop ({@code DevsSimulator.run()}, with its stopping condition and end-of-replication event) are
 * the kernel; what this class replaces is how a replication starts and ends, and actions that a
 * model schedules one after another for one instant share one DSOL event ({@link SameTimeBatch}).
 *
 * <p>Why (measured on DSOL 4.3.2): {@code Simulator.initialize} starts a new worker thread per
 * replication and polls with {@code Thread.sleep(1)} until it waits, {@code startImpl} polls
 * again until the thread runs, and every simulator's constructor rebuilds the global console
 * logger of DSOL's log category: about 2.6 ms before the first event, two thirds of the time of a
 * 50-request design point. Here a replication runs synchronously on the caller's thread: a
 * {@link SyncSimulator} (one per thread, built once under a lock, since the logger category and
 * its pattern are global) is initialized as {@code DevsSimulator.initialize} does (event list
 * cleared, the model constructed, the warm-up and end-of-replication events scheduled, in that
 * order, so the events and their tie-breaking ids come in the same order as before), then its
 * {@code run()} loop is called directly. The replication has no naming context (DSOL's
 * {@code SingleReplication} registers one in a global JNDI-like tree; nothing here looks it up).
 *
 * <p>Every event is guarded: the first exception ends the run and is rethrown to the caller. The
 * wall-clock limit and the thread's interruption are checked every {@value #CHECK_EVERY} events.
 */
public final class SimEngine {
    private static final Object DSOL_LOCK = new Object();
    private static final AtomicLong RUN_IDS = new AtomicLong();
    private static final int CHECK_EVERY = 1024;
    private static final ThreadLocal<Kernel> KERNEL = new ThreadLocal<>();

    /** Events that may run past the horizon would mean a model bug; this is "no horizon". */
    public static final double NO_HORIZON_MS = 1e15;

    private SimEngine() {
    }

    /**
     * Runs the body until it reports {@link SimulationBody#finished()}, no events remain, or
     * simulated time reaches {@code horizonMs}; returns the number of events executed.
     */
    public static long run(SimulationBody body, double horizonMs, Duration wallLimit) {
        Kernel kernel = KERNEL.get();
        boolean own = kernel == null || kernel.busy;
        if (own) {
            // first run on this thread (or a run started from within a run): a simulator of its own
            kernel = new Kernel();
            if (KERNEL.get() == null) {
                KERNEL.set(kernel);
            }
        }
        kernel.busy = true;
        try {
            return kernel.run(body, horizonMs, wallLimit);
        } finally {
            kernel.busy = false;
        }
    }

    /** A simulator and its model, reused by the runs of one thread, one after the other. */
    private static final class Kernel {
        final SyncSimulator simulator;
        final EngineModel model;
        boolean busy;

        Kernel() {
            synchronized (DSOL_LOCK) {
                simulator = new SyncSimulator("lcpsim-sim-" + RUN_IDS.incrementAndGet());
                simulator.setErrorStrategy(ErrorStrategy.WARN_AND_END, Level.OFF);
                model = new EngineModel(simulator);
            }
        }

        long run(SimulationBody body, double horizonMs, Duration wallLimit) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // a limit beyond what a long of nanoseconds holds is no limit
            long limitNs = wallLimit.compareTo(Duration.ofDays(100_000)) >= 0 ? Long.MAX_VALUE : wallLimit.toNanos();
            Replication<Double> replication = new Replication<>(new RunControl<>("lcpsim-rep", 0.0, 0.0, horizonMs)) {
            };
            model.reset(body, failure, System.nanoTime(), limitNs, wallLimit);
            replication.setStoppingCondition(m -> model.stopping());
            long events;
            try {
                simulator.initialize(model, replication);
                if (failure.get() == null && !body.finished()) {
                    simulator.runReplication();
                }
                events = model.events;
            } catch (SimRuntimeException e) {
                throw new SimulationException("DSOL refused the run: " + e.getMessage(), e);
            } finally {
                simulator.clear();
                model.reset(null, null, 0, Long.MAX_VALUE, wallLimit);
            }
            Throwable t = failure.get();
            if (t != null) {
                throw t instanceof SimulationException se ? se : new SimulationException("model failed: " + t, t);
            }
            return events;
        }
    }

    /**
     * DSOL's DEVS simulator, run on the caller's thread. Two changes besides: its scheduleEvent
     * formats a trace message for every event (toString of the event, a double-to-string) before
     * the logger drops it, measured as the largest single cost of a run; here the same check, the
     * same lock, the same event list, without the message. And no worker thread: initialize does
     * what {@code DevsSimulator.initialize} and {@code Simulator.initialize} do minus the thread and
     * the sleep polling; {@link #runReplication} runs {@code DevsSimulator.run()} itself.
     */
    static final class SyncSimulator extends DevsSimulator<Double> {
        SyncSimulator(String id) {
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

        @Override
        public void initialize(nl.tudelft.simulation.dsol.model.DsolModel<Double, ? extends nl.tudelft.simulation.dsol.simulators.SimulatorInterface<Double>> model,
                               Replication<Double> replication, boolean cleanUp) throws SimRuntimeException {
            if (isStartingOrRunning()) {
                throw new SimRuntimeException("Cannot initialize a running simulator");
            }
            synchronized (semaphore) {
                eventList.clear();
                this.replication = replication;
                this.model = model;
                this.simulatorTime = replication.getStartTime();
                model.getOutputStatistics().clear();
                model.constructModel();
                this.runState = RunState.INITIALIZED;
                this.replicationState = ReplicationState.INITIALIZED;
                this.runflag = false;
                // as DevsSimulator.initialize: after the model's first events
                scheduleEvent(new LambdaSimEvent<>(replication.getWarmupTime(), (short) (SimEventInterface.MAX_PRIORITY + 1),
                        this::warmup));
                scheduleEvent(new LambdaSimEvent<>(replication.getEndTime(), (short) (SimEventInterface.MIN_PRIORITY - 1),
                        this::endReplication));
            }
        }

        /** What start() and the worker thread do, on this thread: runs until the replication ends or stops. */
        void runReplication() {
            if (simulatorTime >= replication.getEndTime()) {
                throw new SimRuntimeException("Cannot start simulator : simulatorTime >= runLength");
            }
            runUntilTime = replication.getEndTime();
            runUntilIncluding = true;
            replicationState = ReplicationState.STARTED;
            runState = RunState.STARTED;
            run();
            runState = replicationState == ReplicationState.ENDING ? RunState.ENDED : RunState.STOPPED;
            if (replicationState == ReplicationState.ENDING) {
                replicationState = ReplicationState.ENDED;
            }
        }

        /** As Simulator.endReplication, without a worker thread to wake. */
        @Override
        public void endReplication() throws SimRuntimeException {
            replicationState = ReplicationState.ENDING;
            if (isStartingOrRunning()) {
                runState = RunState.STOPPING;
            }
            if (simulatorTime < replication.getEndTime() && replication.getStoppingCondition() == null) {
                simulatorTime = replication.getEndTime();
            }
            eventList.clear();
        }

        /** Ends the loop after the current event (the wall-clock limit passed, or the thread was interrupted). */
        void halt() {
            runState = RunState.STOPPING;
        }

        /** Forgets the replication: the next initialize starts from scratch. */
        void clear() {
            eventList.clear();
            runState = RunState.NOT_INITIALIZED;
            replicationState = ReplicationState.NOT_INITIALIZED;
            replication = null;
            model = null;
        }
    }

    /** The DSOL model: constructs nothing but the body's first events. */
    private static final class EngineModel extends AbstractDsolModel<Double, DevsSimulator<Double>> implements Scheduler {
        private final SyncSimulator sim;
        private SimulationBody body;
        private AtomicReference<Throwable> failure;
        private long startNs;
        private long limitNs;
        private Duration wallLimit;
        private int untilCheck;
        /** The batch of the latest action scheduled, which the next one joins if it is for the same time. */
        private SameTimeBatch open;
        // what every batch checks and runs its actions with: made once, not per event
        private final java.util.function.BooleanSupplier stop = this::stopping;
        private final java.util.function.Consumer<Runnable> run = this::guarded;
        long events;

        EngineModel(SyncSimulator simulator) {
            super(simulator);
            this.sim = simulator;
        }

        void reset(SimulationBody body, AtomicReference<Throwable> failure, long startNs, long limitNs, Duration wallLimit) {
            this.body = body;
            this.failure = failure;
            this.startNs = startNs;
            this.limitNs = limitNs;
            this.wallLimit = wallLimit;
            this.untilCheck = CHECK_EVERY;
            this.events = 0;
            this.open = null;
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
            if (open == null || !open.accepts(timeMs)) {
                SameTimeBatch batch = new SameTimeBatch(timeMs, stop, run);
                SimEventInterface<Double> event = simulator.scheduleEventAbs(timeMs, batch::run);
                batch.cancelKernelEvent = () -> simulator.cancelEvent(event);
                open = batch;
            }
            return open.add(action);
        }

        @Override
        public boolean cancel(ScheduledEvent event) {
            return SameTimeBatch.cancel(event);
        }

        /** The replication's stopping condition: DSOL checks it after each event, a batch between its actions. */
        private boolean stopping() {
            return failure.get() != null || body.finished();
        }

        private void guarded(Runnable action) {
            if (failure.get() != null) {
                return;
            }
            if (--untilCheck <= 0) {
                untilCheck = CHECK_EVERY;
                if (Thread.currentThread().isInterrupted()) {
                    failure.compareAndSet(null, new SimulationException("simulation interrupted"));
                    sim.halt();
                    return;
                }
                if (System.nanoTime() - startNs > limitNs) {
                    failure.compareAndSet(null, new SimulationException("simulation exceeded its wall-clock limit of "
                            + wallLimit.toSeconds() + " s at simulated time " + nowMs() + " ms"));
                    sim.halt();
                    return;
                }
            }
            events++;
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}

package org.lcpsim.network.flow;

import java.util.Arrays;

import org.lcpsim.engine.Scheduler;

/**
 * Changes of resources' capacities over a run, sorted by time: at {@code timeMs[i]} resource
 * {@code resource[i]} gets {@code mbps[i]} (0: down). Played on a {@link FlowEngine} through
 * {@link FlowEngine#setCapacity}, lazily: one pending event at a time, for the next instant at
 * which something changes (all changes of that instant together), so a long trace never fills the
 * event list, and a run that has finished leaves the rest unplayed. Changes at or before the start
 * apply at once, before any flow.
 */
public record CapacityChanges(double[] timeMs, int[] resource, double[] mbps) {
    public static final CapacityChanges NONE = new CapacityChanges(new double[0], new int[0], new double[0]);

    public CapacityChanges {
        if (timeMs.length != resource.length || timeMs.length != mbps.length) {
            throw new IllegalArgumentException("capacity changes need a time, a resource and a capacity each");
        }
        for (int i = 0; i < timeMs.length; i++) {
            if (!(timeMs[i] >= 0) || Double.isInfinite(timeMs[i]) || (i > 0 && timeMs[i] < timeMs[i - 1])) {
                throw new IllegalArgumentException("capacity changes must be at finite times >= 0, in order");
            }
            if (!(mbps[i] >= 0) || Double.isInfinite(mbps[i]) || resource[i] < 0) {
                throw new IllegalArgumentException("a capacity must be finite and >= 0 on a resource");
            }
        }
        timeMs = timeMs.clone();
        resource = resource.clone();
        mbps = mbps.clone();
    }

    public int size() {
        return timeMs.length;
    }

    /** Plays the changes on {@code engine} as simulated time passes on {@code scheduler}. */
    public void play(Scheduler scheduler, FlowEngine engine) {
        if (size() == 0) {
            return;
        }
        new Player(scheduler, engine).next();
    }

    private final class Player {
        final Scheduler scheduler;
        final FlowEngine engine;
        int index;

        Player(Scheduler scheduler, FlowEngine engine) {
            this.scheduler = scheduler;
            this.engine = engine;
        }

        /** Applies what is due now, then schedules the next instant. */
        void next() {
            double now = scheduler.nowMs();
            while (index < timeMs.length && timeMs[index] <= now) {
                engine.setCapacity(resource[index], mbps[index]);
                index++;
            }
            if (index < timeMs.length) {
                scheduler.at(timeMs[index], this::next);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapacityChanges c && Arrays.equals(timeMs, c.timeMs) && Arrays.equals(resource, c.resource)
                && Arrays.equals(mbps, c.mbps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(timeMs) + Arrays.hashCode(resource)) + Arrays.hashCode(mbps);
    }

    @Override
    public String toString() {
        return "CapacityChanges[" + size() + " changes]";
    }
}

package org.lcpsim.execution;

/**
 * Gives the task graph of each request. Most strategies return the same graph every time;
 * data parallelism picks a replica per request, by index or by the devices' current load.
 */
@FunctionalInterface
public interface RequestPlanner {
    TaskGraph graphFor(long requestIndex, LoadView load);

    /** Load a planner may look at when a request arrives. */
    interface LoadView {
        /**
         * Compute tasks of the requests in flight that run on a device and have not finished: queued,
         * running, or still waiting for their input (a balancer knows what it has sent a device).
         */
        int unfinishedTasks(int device);

        /**
         * Whether the source knows that the device is down: it crashed at least the deployment's
         * failover timeout ago and has not recovered ({@link Resilience}). Always false without faults.
         */
        default boolean knownDown(int device) {
            return false;
        }
    }

    static RequestPlanner fixed(TaskGraph graph) {
        return (index, load) -> graph;
    }
}

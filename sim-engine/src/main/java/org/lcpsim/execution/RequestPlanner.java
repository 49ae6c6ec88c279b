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
    }

    static RequestPlanner fixed(TaskGraph graph) {
        return (index, load) -> graph;
    }
}

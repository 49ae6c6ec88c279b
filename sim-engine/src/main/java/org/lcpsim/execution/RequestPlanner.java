package org.lcpsim.execution;

/**
 * Gives the task graph of each request. Most strategies return the same graph every time;
 * data parallelism picks a replica per request, by index or by the devices' current load.
 */
@FunctionalInterface
public interface RequestPlanner {
    TaskGraph graphFor(long requestIndex, LoadView load);

    /** Queue state a planner may look at when a request arrives. */
    interface LoadView {
        /** Compute jobs waiting or running on a device. */
        int queuedJobs(int device);
    }

    static RequestPlanner fixed(TaskGraph graph) {
        return (index, load) -> graph;
    }
}

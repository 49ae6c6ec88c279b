package org.lcpsim.execution;

import org.lcpsim.devices.ComputeWork;

/**
 * A node of a request's task graph. Dependencies name earlier tasks. A dependency on a
 * transfer is met when the transfer has delivered to the node where the dependent task runs
 * (its device, or for a transfer its source), so one multicast can feed several devices.
 */
public sealed interface Task permits Task.Compute, Task.Send {
    int id();

    String label();

    int[] deps();

    /** The network node where this task runs (a compute task's device, a transfer's source). */
    int node();

    record Compute(int id, String label, int device, ComputeWork work, int[] deps) implements Task {
        @Override
        public int node() {
            return device;
        }
    }

    record Send(int id, String label, Phase phase, int source, int[] destinations, long bytes, int[] deps)
            implements Task {
        @Override
        public int node() {
            return source;
        }
    }
}

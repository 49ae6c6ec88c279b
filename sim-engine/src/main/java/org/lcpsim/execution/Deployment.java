package org.lcpsim.execution;

import java.util.List;

import org.lcpsim.devices.Residency;

/**
 * A strategy's answer: what each device holds, how each request runs, and what the deployed
 * workload counts. {@code residency} has one entry per cluster device (empty for unused ones).
 */
public record Deployment(String strategy, List<Residency> residency, RequestPlanner planner, long params, long macs,
                         int branches, double fatten, String variant) {
    public Deployment {
        residency = List.copyOf(residency);
    }

    public int devicesUsed() {
        int n = 0;
        for (Residency r : residency) {
            if (!r.isEmpty()) {
                n++;
            }
        }
        return n;
    }
}

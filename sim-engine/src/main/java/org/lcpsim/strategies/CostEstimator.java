package org.lcpsim.strategies;

import java.util.List;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.Residency;

/**
 * Expected costs a strategy may consult when it plans (automatic split choice, pipeline
 * balancing), without knowing which device or network model answers. Planning only: results
 * always come from running the plan as events.
 */
public interface CostEstimator {
    /** Expected time of a compute task on a device with nothing else running. */
    double computeMs(int device, ComputeWork work);

    /**
     * Expected time of a compute task on a device that holds {@code held} (one image's share, as
     * strategies deploy): with the swapping that costs when it does not fit. By default the time
     * with nothing resident.
     */
    default double computeMs(int device, ComputeWork work, Residency held) {
        return computeMs(device, work);
    }

    /** Time until the last of these transfers is delivered, all started together on an idle network. */
    double transfersMs(List<TransferEstimate> concurrent);

    /** One transfer to estimate: node indices as in the task graph. */
    record TransferEstimate(int source, int[] destinations, long bytes) {
    }

    /** Counts FLOPs and bytes only: 1 GFLOP/s devices, a 100 Mbps contention-free network. For tests and fallbacks. */
    CostEstimator NAIVE = new CostEstimator() {
        @Override
        public double computeMs(int device, ComputeWork work) {
            return work.flops() / 1e6;
        }

        @Override
        public double transfersMs(List<TransferEstimate> concurrent) {
            double max = 0;
            for (TransferEstimate t : concurrent) {
                max = Math.max(max, t.bytes() * 8 / 1e5);
            }
            return max;
        }
    };
}

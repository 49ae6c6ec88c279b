package org.lcpsim.strategies;

import org.lcpsim.workload.DataType;

/**
 * What a strategy knows of the cluster: how many devices there are (network nodes 0..n-1), which
 * node the input comes from ({@code sourceNode}: a device, or node n for an external source),
 * the data types of weights and activations, the bytes of one input as sent over the network, and
 * cost estimates for planning.
 */
public record DeployContext(int devices, int sourceNode, DataType weights, DataType activations, long inputBytes,
                            CostEstimator costs) {
    public DeployContext {
        if (devices < 1) {
            throw new IllegalArgumentException("a cluster needs at least one device");
        }
        if (sourceNode < 0 || sourceNode > devices) {
            throw new IllegalArgumentException("source node out of range");
        }
        if (inputBytes < 0) {
            throw new IllegalArgumentException("input bytes must be >= 0");
        }
        if (costs == null) {
            costs = CostEstimator.NAIVE;
        }
    }

    public DeployContext(int devices, int sourceNode, DataType weights, DataType activations, long inputBytes) {
        this(devices, sourceNode, weights, activations, inputBytes, CostEstimator.NAIVE);
    }

    public boolean externalSource() {
        return sourceNode == devices;
    }
}

package org.lcpsim.workload;

/**
 * The classes of layers a device model distinguishes: each has its own compute efficiency
 * (a dense layer is memory-bound where a convolution is compute-bound on the same CPU).
 */
public enum LayerKind {
    CONV, DEPTHWISE_CONV, DENSE, POOL, ELEMENTWISE, RESHAPE
}

package org.lcpsim.execution;

/** Why data crosses the network; results report the time spent in each phase separately. */
public enum Phase {
    /** the input image from the source to the devices that need it */
    INPUT,
    /** intermediate activations between devices (model parallelism, pipelining) */
    ACTIVATION,
    /** branch outputs or partial results collected at the final node */
    GATHER,
    /** the prediction sent back */
    OUTPUT;

    public String columnName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.lcpsim.experiments.cluster;

/** The cluster cannot do what was asked (nobody reachable, no worker left, a worker failed): a runtime failure. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}

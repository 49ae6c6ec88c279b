package org.lcpsim.engine;

/** A simulation run failed: a model threw, or the run exceeded its wall-clock limit. */
public class SimulationException extends RuntimeException {
    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }

    public SimulationException(String message) {
        super(message);
    }
}

package org.lcpsim.engine;

/** What one simulation run does: schedule its first events, and say when it is finished. */
public interface SimulationBody {
    void start(Scheduler scheduler);

    boolean finished();
}

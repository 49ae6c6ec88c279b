package org.lcpsim.experiments;

import org.lcpsim.config.Errors;

/** The simulated time a run would need, estimated before it runs (filled in later). */
final class TimeBudget {
    private TimeBudget() {
    }

    /** Collects the time factors of bound points, per group of the sweep. */
    static final class Collector {
        void add(int group, ExperimentSpec spec, ExperimentFile.DesignPoint point) {
        }

        void check(Errors errors, ExperimentFile file) {
        }
    }
}

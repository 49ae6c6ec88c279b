package org.lcpsim.devices;

import org.lcpsim.engine.Noise;

/**
 * A kind of device (a preset such as rpi3, or inline parameters). A deployment tells it what it
 * must hold; the prepared device then answers how long compute tasks take in that memory state.
 */
public interface DeviceModel {
    /** The preset or model name shown in results ({@code device_type}). */
    String type();

    Prepared prepare(Residency residency);

    /** A device with a fixed memory state, for one design point (shared by its replications). */
    interface Prepared {
        MemoryReport memory();

        /** Expected time of a compute task on this device, before noise. */
        ComputeEstimate estimate(ComputeWork work);

        /**
         * At least {@link #estimate}'s time for this work whatever name a strategy gives it (a
         * measured profile applies per workload name): what the checks before a run use to bound
         * the time it would simulate.
         */
        default double upperBoundMs(ComputeWork work) {
            return estimate(work).ms();
        }

        PowerSpec power();

        default Noise noise() {
            return Noise.NONE;
        }

        /**
         * Which figures of this device rest on unknown inputs (a framework memory nobody
         * measured, a borrowed parameter), one sentence each, for the point's notes; the figure
         * itself is then blank in results, never a silent 0.
         */
        default java.util.List<String> unknowns() {
            return java.util.List.of();
        }
    }
}

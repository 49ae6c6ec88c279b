package org.lcpsim.execution;

import org.lcpsim.devices.PowerSpec;

/**
 * What {@code energy_j_per_inference} counts ({@code energy: {scope, idle}} in an experiment file).
 * Over the measured window of length T (first measured arrival to last measured completion), with
 * B_d the time device d computed or (de)serialized in that window:
 * <pre>
 *   idle included:  E = sum over devices in scope of  P_idle,d * T + (P_active,d - P_idle,d) * B_d
 *   idle excluded:  E = sum over devices in scope of  P_active,d * B_d
 *   per inference:  E / N + E_net / completed
 * </pre>
 * N counts every inference completed in the window (warm-up requests that finish inside it too,
 * so an overloaded run is not charged its queue); E_net is the network's per-byte transfer
 * energy over the run. The scope is every device of the cluster ({@code cluster}, what a wall
 * meter on the cluster reads) or only those the strategy gives work ({@code used}). A device in
 * scope without a power figure makes the energy unknown (NaN), never 0.
 */
public record EnergyScope(boolean cluster, boolean includeIdle) {
    /** Every device of the cluster, idle power included while the run lasts. */
    public static final EnergyScope DEFAULT = new EnergyScope(true, true);

    /** As written in results: {@code cluster+idle}, {@code cluster-idle}, {@code used+idle}, {@code used-idle}. */
    public String label() {
        return (cluster ? "cluster" : "used") + (includeIdle ? "+idle" : "-idle");
    }

    public boolean inScope(boolean used) {
        return cluster || used;
    }

    /** One device's energy over a window of {@code windowMs} in which it was busy {@code busyMs}; NaN when unknown. */
    public double deviceJ(PowerSpec power, double windowMs, double busyMs) {
        if (!power.known()) {
            return Double.NaN;
        }
        double mJ = includeIdle ? power.idleW() * windowMs + (power.activeW() - power.idleW()) * busyMs
                : power.activeW() * busyMs;
        return mJ / 1000.0;
    }
}

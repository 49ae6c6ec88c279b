package org.lcpsim.devices;

/**
 * Power draw of a device: {@code idleW} when it computes nothing, {@code activeW} while a
 * compute task runs. {@link #UNKNOWN} (both NaN) is a device without a power figure: its energy
 * is unknown, never 0.
 */
public record PowerSpec(double idleW, double activeW) {
    public static final PowerSpec UNKNOWN = new PowerSpec(Double.NaN, Double.NaN);

    public PowerSpec {
        if (Double.isNaN(idleW) != Double.isNaN(activeW)) {
            throw new IllegalArgumentException("give both idle and active power, or neither");
        }
        if (idleW < 0 || activeW < 0) {
            throw new IllegalArgumentException("power must be >= 0");
        }
    }

    public boolean known() {
        return !Double.isNaN(idleW);
    }
}

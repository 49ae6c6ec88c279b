package org.lcpsim.devices;

/**
 * Power draw of a device: {@code idleW} when it computes nothing, {@code activeW} while a
 * compute task runs. Energy over a window is idle * window + (active - idle) * busy time.
 */
public record PowerSpec(double idleW, double activeW) {
    public static final PowerSpec UNKNOWN = new PowerSpec(0, 0);

    public PowerSpec {
        if (idleW < 0 || activeW < 0) {
            throw new IllegalArgumentException("power must be >= 0");
        }
    }

    public double energyJ(double windowMs, double busyMs) {
        return (idleW * windowMs + (activeW - idleW) * busyMs) / 1000.0;
    }
}

package org.lcpsim.network.flow;

/** Unit conversions; simulated time is in milliseconds, sizes in bytes. */
public final class Units {
    private Units() {
    }

    /** 1 Mbps = 1e6 bit/s = 1000 bit/ms = 125 bytes/ms. */
    public static double bytesPerMs(double mbps) {
        return mbps * 125.0;
    }

    public static double mbps(double bytesPerMs) {
        return bytesPerMs / 125.0;
    }
}

package org.lcpsim.network.flow;

/**
 * Energy a node's radio (or NIC) spends per payload byte it sends or receives, on top of what the
 * device model already counts. {@link #NONE} (no shipped preset gives a figure) is not a measured
 * 0: it leaves this energy out of {@code energy_j_per_inference}, which then counts the devices'
 * whole-board power figures (taken with the radio on and idle) and no radio draw above idle;
 * docs/network-models.md says so, and why that is not a blank.
 */
public record TransferEnergy(double txNjPerByte, double rxNjPerByte) {
    public static final TransferEnergy NONE = new TransferEnergy(0, 0);

    public TransferEnergy {
        if (!(txNjPerByte >= 0) || !(rxNjPerByte >= 0) || Double.isInfinite(txNjPerByte) || Double.isInfinite(rxNjPerByte)) {
            throw new IllegalArgumentException("energy per byte must be finite and >= 0");
        }
    }
}

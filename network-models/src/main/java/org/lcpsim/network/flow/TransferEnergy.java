package org.lcpsim.network.flow;

/**
 * Energy a node's radio (or NIC) spends per payload byte it sends or receives, on top of what the
 * device model already counts. Unknown (0) for the shipped presets: no measurement of the Pi
 * radio's energy per byte is in the reference data.
 */
public record TransferEnergy(double txNjPerByte, double rxNjPerByte) {
    public static final TransferEnergy NONE = new TransferEnergy(0, 0);

    public TransferEnergy {
        if (!(txNjPerByte >= 0) || !(rxNjPerByte >= 0) || Double.isInfinite(txNjPerByte) || Double.isInfinite(rxNjPerByte)) {
            throw new IllegalArgumentException("energy per byte must be finite and >= 0");
        }
    }
}

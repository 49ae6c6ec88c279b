package org.lcpsim.network;

/** Application payload delivered from one network node to another during a run. */
public record PairTraffic(String source, String destination, long payloadBytes, long messages) {
    public PairTraffic {
        if (payloadBytes < 0 || messages < 0) {
            throw new IllegalArgumentException("pair traffic must be >= 0");
        }
    }
}

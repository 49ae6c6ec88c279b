package org.lcpsim.engine;

/** Derives independent, reproducible seeds for the random streams of a run. */
public final class Seeds {
    private Seeds() {
    }

    /**
     * The seed of stream {@code stream} under {@code seed}: the SplitMix64 finalizer of a
     * golden-ratio step, so that nearby seeds and stream numbers give unrelated streams.
     */
    public static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

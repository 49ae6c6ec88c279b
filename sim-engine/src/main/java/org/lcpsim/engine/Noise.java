package org.lcpsim.engine;

import java.util.random.RandomGenerator;

/**
 * Multiplicative variability of a duration: a sampled factor with mean 1 (or the factor 1 when
 * off). Models draw from the stream the executor gives each device and each network, which is
 * seeded per replication, so that the same seed repeats the same run.
 */
@FunctionalInterface
public interface Noise {
    Noise NONE = random -> 1.0;

    double factor(RandomGenerator random);

    default boolean isNone() {
        return this == NONE;
    }

    /**
     * Log-normal factor with mean 1 and the given coefficient of variation:
     * sigma^2 = ln(1 + cv^2), mu = -sigma^2 / 2.
     */
    static Noise logNormal(double cv) {
        if (!(cv >= 0)) {
            throw new IllegalArgumentException("coefficient of variation must be >= 0");
        }
        if (cv == 0) {
            return NONE;
        }
        double sigma2 = Math.log(1 + cv * cv);
        double sigma = Math.sqrt(sigma2);
        double mu = -sigma2 / 2;
        return random -> Math.exp(mu + sigma * random.nextGaussian());
    }

    /** Exponential factor with mean 1 (coefficient of variation 1): memoryless service times. */
    static Noise exponential() {
        return random -> -Math.log(1 - random.nextDouble());
    }
}

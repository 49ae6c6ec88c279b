package org.lcpsim.reports;

import java.util.Random;

/** Deterministic latency samples around a mean, for fixtures that need a distribution. */
final class DistributionSamples {
    private DistributionSamples() {
    }

    static double[] of(long seed, int n, double meanMs) {
        Random r = new Random(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = meanMs * (0.8 + 0.4 * r.nextDouble());
        }
        return xs;
    }
}

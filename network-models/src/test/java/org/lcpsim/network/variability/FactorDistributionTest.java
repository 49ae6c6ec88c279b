package org.lcpsim.network.variability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FactorDistributionTest {
    /** Each named distribution has mean 1 and the requested coefficient of variation. */
    @Test
    void meanOneAndTheRequestedCv() {
        for (String name : new String[] {"lognormal", "gamma", "uniform", "exponential"}) {
            for (double cv : new double[] {0.1, 0.5}) {
                FactorDistribution d = FactorDistribution.of(name, cv);
                double expectedCv = name.equals("exponential") ? 1.0 : cv;
                SplittableRandom rnd = new SplittableRandom(3);
                int n = 200_000;
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double x = d.sample(rnd);
                    assertTrue(x > 0, name + " must stay positive");
                    sum += x;
                    sq += x * x;
                }
                double mean = sum / n;
                double sd = Math.sqrt(sq / n - mean * mean);
                assertEquals(1.0, mean, 0.01, name + " mean");
                assertEquals(expectedCv, sd / mean, 0.03 * expectedCv + 0.005, name + " cv");
            }
        }
    }

    @Test
    void gammaBelowShapeOneToo() {
        FactorDistribution d = FactorDistribution.of("gamma", 2.0); // shape 0.25
        SplittableRandom rnd = new SplittableRandom(5);
        double sum = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            sum += d.sample(rnd);
        }
        assertEquals(1.0, sum / n, 0.02);
    }

    /** A tiny cv (in range for the binder) is a factor of 1, not NaN. */
    @Test
    void gammaWithATinyCvIsOne() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (double cv : new double[] {1e-200, 1e-100, 1e-10}) {
            assertEquals(1.0, FactorDistribution.of("gamma", cv).sample(rnd), 1e-6, "cv " + cv);
        }
    }

    @Test
    void noneAndZeroCvAreOne() {
        assertTrue(FactorDistribution.of("lognormal", 0).isNone());
        assertEquals(1.0, FactorDistribution.NONE.sample(new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> FactorDistribution.of("uniform", 0.9));
        assertThrows(IllegalArgumentException.class, () -> FactorDistribution.of("pareto", 0.2));
    }
}

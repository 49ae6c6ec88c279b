package org.lcpsim.results;

import java.util.Arrays;

import org.apache.commons.math3.distribution.TDistribution;

/** Sample statistics used by every summary, in one place so they agree. */
public final class Stats {
    private Stats() {
    }

    /**
     * The mean.
     *
     * @param xs the sample
     * @return its mean; NaN when it is empty
     */
    public static double mean(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /**
     * The sample standard deviation (n - 1 in the denominator).
     *
     * @param xs the sample
     * @return its standard deviation; 0 for fewer than two values
     */
    public static double stdDev(double[] xs) {
        if (xs.length < 2) {
            return 0;
        }
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }

    /**
     * The q-quantile (0..1) of a sample, by linear interpolation between order statistics
     * (Hyndman-Fan type 7, as numpy and R default). Exact on the sample, no binning.
     *
     * @param sorted the sample, sorted ascending
     * @param q the quantile, 0 to 1
     * @return the quantile; NaN for an empty sample
     */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * A sorted copy.
     *
     * @param xs the sample (not changed)
     * @return its values in ascending order
     */
    public static double[] sorted(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        return c;
    }

    /**
     * Half-width of the 95% confidence interval of the mean of {@code xs} (Student t with n-1
     * degrees of freedom); NaN for fewer than two values.
     *
     * @param xs the sample
     * @return the half-width
     */
    public static double ci95HalfWidth(double[] xs) {
        if (xs.length < 2) {
            return Double.NaN;
        }
        double t = new TDistribution(null, xs.length - 1).inverseCumulativeProbability(0.975);
        return t * stdDev(xs) / Math.sqrt(xs.length);
    }
}

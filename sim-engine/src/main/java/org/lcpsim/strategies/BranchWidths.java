package org.lcpsim.strategies;

import java.util.Arrays;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.Narrowing;

/**
 * How wide each LCP branch is, as a fraction of the original width before fattening (the
 * fractions sum to 1): equal ({@code 1/K} each), given ({@code widths: [0.4, 0.4, 0.1, 0.1]}), or
 * proportional to the speed of the device that runs each branch ({@code widths: proportional}).
 */
public sealed interface BranchWidths {
    /** Equal branches: the classic LCP transform. */
    BranchWidths EQUAL = new Equal();

    /** The fractions for {@code branches} branches, branch i on device i mod n; null for equal branches. */
    double[] shares(int branches, double fatten, Model model, DeployContext ctx);

    record Equal() implements BranchWidths {
        @Override
        public double[] shares(int branches, double fatten, Model model, DeployContext ctx) {
            return null;
        }
    }

    /** Fixed fractions, one per branch, summing to 1. */
    record Given(double[] fractions) implements BranchWidths {
        public Given {
            fractions = fractions.clone();
            double sum = 0;
            for (double f : fractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new IllegalArgumentException("a branch width must be in (0, 1], got " + f);
                }
                sum += f;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw new IllegalArgumentException("branch widths must sum to 1, got " + sum);
            }
        }

        @Override
        public double[] shares(int branches, double fatten, Model model, DeployContext ctx) {
            if (fractions.length != branches) {
                throw new IllegalArgumentException(fractions.length + " widths for " + branches + " branches");
            }
            return fractions.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Given g && Arrays.equals(fractions, g.fractions);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(fractions);
        }

        @Override
        public String toString() {
            return "Given" + Arrays.toString(fractions);
        }
    }

    /**
     * Widths that make every device finish its branches together: with t_d(x) the estimated
     * compute time of one branch of width fraction x on device d (the planner's estimate from the
     * device models, {@link CostEstimator}) and c_d the branches device d runs, find T and x_d with
     * c_d t_d(x_d) = T for every device and sum c_d x_d = 1. t_d is sampled at {@link #GRID} widths
     * (1/GRID, 2/GRID, ..., 1) and interpolated linearly (t_d(0) = 0); T by bisection. Only compute
     * is balanced: every branch receives the same input, and their outputs differ only by their
     * widths.
     */
    record Proportional() implements BranchWidths {
        static final int GRID = 24;

        @Override
        public double[] shares(int branches, double fatten, Model model, DeployContext ctx) {
            int n = Math.min(branches, ctx.devices());
            int[] count = new int[n];
            for (int b = 0; b < branches; b++) {
                count[b % n]++;
            }
            // time of one branch of width j / GRID on each device
            double[][] t = new double[n][GRID + 1];
            for (int j = 1; j <= GRID; j++) {
                Model branch = org.lcpsim.workload.LcpTransform.branchOf(model, new Narrowing(branches, fatten,
                        (double) j / GRID));
                ComputeWork work = ComputeWork.of(model.name() + "/proportional-" + j, branch.layers(), ctx.weights(),
                        ctx.activations());
                for (int d = 0; d < n; d++) {
                    t[d][j] = ctx.costs().computeMs(d, work);
                }
            }
            double lo = 0;
            double hi = 0;
            for (int d = 0; d < n; d++) {
                hi = Math.max(hi, count[d] * t[d][GRID]);
            }
            double[] x = new double[n];
            for (int iter = 0; iter < 100; iter++) {
                double mid = (lo + hi) / 2;
                double sum = 0;
                for (int d = 0; d < n; d++) {
                    x[d] = inverse(t[d], mid / count[d]);
                    sum += count[d] * x[d];
                }
                if (sum > 1) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            double sum = 0;
            for (int d = 0; d < n; d++) {
                x[d] = inverse(t[d], lo / count[d]);
                sum += count[d] * x[d];
            }
            double[] shares = new double[branches];
            for (int b = 0; b < branches; b++) {
                // normalized so the widths sum to exactly 1
                shares[b] = x[b % n] / sum;
            }
            return shares;
        }

        /** The width fraction at which a sampled, increasing time curve reaches {@code time} (1 at most). */
        static double inverse(double[] t, double time) {
            for (int j = 1; j < t.length; j++) {
                if (t[j] >= time) {
                    double span = t[j] - t[j - 1];
                    double frac = span > 0 ? (time - t[j - 1]) / span : 1;
                    return (j - 1 + Math.max(0, Math.min(1, frac))) / (t.length - 1);
                }
            }
            return 1;
        }
    }
}

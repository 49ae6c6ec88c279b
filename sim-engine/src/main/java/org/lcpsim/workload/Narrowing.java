package org.lcpsim.workload;

/**
 * How much of the original width one LCP branch keeps: {@code share} of it (the branch's width
 * fraction, the shares of all branches summing to 1), widened by {@code fatten}:
 * {@code w' = max(1, round(w * (1 + fatten) * share))}. Equal branches (share = 1 / K) compute
 * it as {@code round(w * (1 + fatten) / K)}, exactly as the zoo's variants were always built.
 */
public record Narrowing(int branches, double fatten, double share) {
    public Narrowing {
        if (branches < 1) {
            throw new IllegalArgumentException("branches must be >= 1, got " + branches);
        }
        if (!(fatten >= 0.0) || Double.isInfinite(fatten)) {
            throw new IllegalArgumentException("fatten must be >= 0, got " + fatten);
        }
        if (!Double.isNaN(share) && !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a branch's share of the width must be in (0, 1], got " + share);
        }
    }

    /** One of {@code branches} equal branches. */
    public static Narrowing equal(int branches, double fatten) {
        return new Narrowing(branches, fatten, Double.NaN);
    }

    public boolean isEqual() {
        return Double.isNaN(share);
    }

    /** The width of this branch's copy of a layer of width {@code width}. */
    public int width(int width) {
        double w = isEqual() ? width * (1.0 + fatten) / branches : width * (1.0 + fatten) * share;
        return (int) Math.max(1, Math.round(w));
    }
}

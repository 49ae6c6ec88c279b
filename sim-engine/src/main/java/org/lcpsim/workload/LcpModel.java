package org.lcpsim.workload;

import java.util.List;
import java.util.Locale;

/**
 * A model after the LCP transform: {@code branches} narrow branches that all read the model input
 * (identical when their widths are equal; {@code branchModels} holds one per branch), and a head
 * that reads the channel-wise concatenation of the branch outputs. The head's input is that
 * concatenation (its zero-cost concat is implied, not a layer). {@code shares} are the branches'
 * fractions of the original width, null for equal branches.
 */
public record LcpModel(Model original, int branches, double fatten, List<Model> branchModels, Model head, double[] shares) {
    public LcpModel {
        branchModels = List.copyOf(branchModels);
        if (branchModels.size() != branches) {
            throw new IllegalArgumentException(branches + " branches, " + branchModels.size() + " branch models");
        }
        shares = shares == null ? null : shares.clone();
    }

    /** Equal branches, one model for all. */
    public LcpModel(Model original, int branches, double fatten, Model branch, Model head) {
        this(original, branches, fatten, java.util.Collections.nCopies(branches, branch), head, null);
    }

    /** The first branch (every branch, when their widths are equal). */
    public Model branch() {
        return branchModels.get(0);
    }

    public Model branch(int i) {
        return branchModels.get(i);
    }

    public boolean uneven() {
        return shares != null;
    }

    public long params() {
        long p = head.params();
        for (Model b : branchModels) {
            p += b.params();
        }
        return p;
    }

    public long macs() {
        long m = head.macs();
        for (Model b : branchModels) {
            m += b.macs();
        }
        return m;
    }

    public long flops() {
        long f = head.flops();
        for (Model b : branchModels) {
            f += b.flops();
        }
        return f;
    }

    /** Bytes the first branch sends to the final node. */
    public long branchOutputBytes(DataType type) {
        return branch().outputShape().bytes(type);
    }

    /** Bytes branch {@code i} sends to the final node. */
    public long branchOutputBytes(int i, DataType type) {
        return branch(i).outputShape().bytes(type);
    }

    /**
     * The variant as the paper names it: split8, split8-f40; "original" for one unfattened
     * branch; uneven branches add their width shares in percent: split4-w40-40-10-10.
     */
    public String variant() {
        return variantName(branches, fatten, shares);
    }

    /** {@link #variantName(int, double)}, and for uneven branches their width shares in percent. */
    public static String variantName(int branches, double fatten, double[] shares) {
        String base = variantName(branches, fatten);
        if (shares == null) {
            return base;
        }
        StringBuilder b = new StringBuilder(base.equals("original") ? "split1" : base).append("-w");
        for (int i = 0; i < shares.length; i++) {
            double pct = shares[i] * 100;
            b.append(i == 0 ? "" : "-").append(Math.abs(pct - Math.rint(pct)) < 1e-9 ? Long.toString(Math.round(pct))
                    : String.format(Locale.ROOT, "%.1f", pct));
        }
        return b.toString();
    }

    /** Whether a variant name is that of uneven branches (it carries their widths: split4-w40-40-10-10). */
    public static boolean isUneven(String variant) {
        return variant != null && variant.matches("split\\d+(-f\\d+)?-w.*");
    }

    public static String variantName(int branches, double fatten) {
        if (branches == 1 && fatten == 0.0) {
            return "original";
        }
        long pct = Math.round(fatten * 100);
        return pct == 0 ? "split" + branches : String.format(Locale.ROOT, "split%d-f%d", branches, pct);
    }
}

package org.lcpsim.workload;

import java.util.Locale;

/**
 * A model after the LCP transform: {@code branches} identical narrow branches that all read the
 * model input, and a head that reads the channel-wise concatenation of the branch outputs.
 * The head's input is that concatenation (its zero-cost concat is implied, not a layer).
 */
public record LcpModel(Model original, int branches, double fatten, Model branch, Model head) {

    public long params() {
        return branches * branch.params() + head.params();
    }

    public long macs() {
        return branches * branch.macs() + head.macs();
    }

    public long flops() {
        return branches * branch.flops() + head.flops();
    }

    /** Bytes one branch sends to the final node. */
    public long branchOutputBytes(DataType type) {
        return branch.outputShape().bytes(type);
    }

    /** The variant as the paper names it: split8, split8-f40; "original" for one unfattened branch. */
    public String variant() {
        return variantName(branches, fatten);
    }

    public static String variantName(int branches, double fatten) {
        if (branches == 1 && fatten == 0.0) {
            return "original";
        }
        long pct = Math.round(fatten * 100);
        return pct == 0 ? "split" + branches : String.format(Locale.ROOT, "split%d-f%d", branches, pct);
    }
}

package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.lcpsim.workload.LcpModel;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;

/** The zoo and its LCP variants next to the counts the LCP paper publishes. */
public final class ModelCatalog {
    /** The variants {@code lcpsim models} lists: branches and fatten. */
    public static final List<double[]> VARIANTS = List.of(new double[] {1, 0}, new double[] {2, 0}, new double[] {4, 0},
            new double[] {8, 0}, new double[] {8, 0.4});

    /** One model variant: our counts, per branch and in total, and the paper's (null when unpublished). */
    public record Entry(String model, String variant, int branches, double fatten, long params, long macs,
                        long branchParams, long branchMacs, long headParams, Long paperParams, Long paperMacs,
                        Double paperTop1Pct) {
        public Double paramsDiffPct() {
            return paperParams == null ? null : 100.0 * (params - paperParams) / paperParams;
        }

        public Double macsDiffPct() {
            return paperMacs == null ? null : 100.0 * (macs - paperMacs) / paperMacs;
        }
    }

    private ModelCatalog() {
    }

    public static List<Entry> entries(List<String> models) {
        Map<String, PaperModelCounts.Row> paper = PaperModelCounts.load();
        List<Entry> out = new ArrayList<>();
        for (String name : models) {
            out.addAll(entries(ModelZoo.get(name), name, paper));
        }
        return out;
    }

    /**
     * The variants of any model (an imported one, say): the original, and the LCP variants when
     * the model has a classifier head (see {@link LcpTransform#check}).
     */
    public static List<Entry> entries(Model m) {
        return entries(m, m.name(), Map.of());
    }

    private static List<Entry> entries(Model m, String name, Map<String, PaperModelCounts.Row> paper) {
        List<Entry> out = new ArrayList<>();
        if (LcpTransform.check(m) != null) {
            // no head to keep whole: the model as it is, without LCP variants
            out.add(new Entry(name, "original", 1, 0.0, m.params(), m.macs(), m.params(), m.macs(), 0, null, null, null));
            return out;
        }
        for (double[] v : VARIANTS) {
            LcpModel lcp = LcpTransform.split(m, (int) v[0], v[1]);
            PaperModelCounts.Row row = paper.get(name + "/" + lcp.variant());
            out.add(new Entry(name, lcp.variant(), lcp.branches(), lcp.fatten(), lcp.params(), lcp.macs(),
                    lcp.branch().params(), lcp.branch().macs(), lcp.head().params(),
                    row == null ? null : row.params(), row == null || row.macs() < 0 ? null : row.macs(),
                    row == null || Double.isNaN(row.top1Pct()) ? null : row.top1Pct()));
        }
        return out;
    }
}

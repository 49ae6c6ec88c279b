package org.lcpsim.experiments.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.lcpsim.experiments.Filter;
import org.lcpsim.reports.ExploreSummary.ConstraintReport;
import org.lcpsim.reports.Num;

/**
 * What the constraints did to an exploration: per constraint, the designs it excluded and the
 * recommendation's slack on it, and which constraint binds the recommendation.
 *
 * <p>The binding constraint is, in this order: the one that excludes the most simulated designs
 * better than the recommendation on the objective that picks it, counting first those it alone
 * excludes (relax it and they come back); else, when no simulated better design is excluded, the
 * bound the recommendation is closest to, relative to the bound ({@code accuracy_drop_pct <= 3}
 * at 2.34 is 22% inside); else the constraint that excluded the most designs. Designs pruned
 * before simulating have no latency: whether they would have beaten the recommendation is
 * unknown, and the report says how many there are.
 */
public final class Verdict {
    /**
     * {@code feasible}: designs that meet every constraint; {@code visited}: designs the search
     * looked at (all of them unless NSGA-II searched); {@code excludedBy}: designs left out per
     * constraint (as written, in the file's order; a design violating several counts under each),
     * then per other reason ("saturated", "unknown COLUMN", "oom", "error"); {@code binding} and
     * {@code bindingWhy}: null without a recommendation or constraints.
     */
    public record Result(int feasible, int visited, Map<String, Integer> excludedBy, List<ConstraintReport> constraints,
                         String binding, String bindingWhy) {
    }

    private Verdict() {
    }

    public static Result of(Explorer.Outcome outcome, ExploreSpec spec) {
        Map<String, Integer> byConstraint = new LinkedHashMap<>();
        Map<String, Integer> before = new LinkedHashMap<>();
        for (Filter f : spec.constraints()) {
            byConstraint.put(f.toString(), 0);
            before.put(f.toString(), 0);
        }
        Map<String, Integer> other = new TreeMap<>();
        int feasible = 0;
        for (Explorer.Evaluation e : outcome.evaluations().values()) {
            if (e.feasible()) {
                feasible++;
            }
            for (String v : e.violations()) {
                if (byConstraint.containsKey(v)) {
                    byConstraint.merge(v, 1, Integer::sum);
                    if (!e.simulated()) {
                        before.merge(v, 1, Integer::sum);
                    }
                } else {
                    other.merge(v, 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> excludedBy = new LinkedHashMap<>(byConstraint);
        excludedBy.putAll(other);

        Explorer.Evaluation rec = outcome.recommended();
        int k = recommendIndex(spec);
        List<ConstraintReport> reports = new ArrayList<>();
        // per constraint: simulated designs better than the recommendation that it excludes (alone)
        Map<String, int[]> better = new LinkedHashMap<>();
        Map<String, Explorer.Evaluation> bestExcluded = new LinkedHashMap<>();
        for (Filter f : spec.constraints()) {
            better.put(f.toString(), new int[2]);
        }
        if (rec != null) {
            for (Explorer.Evaluation e : outcome.evaluations().values()) {
                if (!e.simulated() || e.feasible() || e.objectives() == null || !(e.objectives()[k] < rec.objectives()[k])) {
                    continue;
                }
                for (String v : e.violations()) {
                    int[] c = better.get(v);
                    if (c != null) {
                        c[0]++;
                        if (e.violations().size() == 1) {
                            c[1]++;
                        }
                        Explorer.Evaluation b = bestExcluded.get(v);
                        if (b == null || e.objectives()[k] < b.objectives()[k]) {
                            bestExcluded.put(v, e);
                        }
                    }
                }
            }
        }
        String binding = null;
        String bindingWhy = null;
        if (rec != null && !spec.constraints().isEmpty()) {
            // 1. the one that excludes the most better designs (those it alone excludes first)
            for (Filter f : spec.constraints()) {
                int[] c = better.get(f.toString());
                int[] b = binding == null ? null : better.get(binding);
                if (c[0] > 0 && (b == null || c[1] > b[1] || (c[1] == b[1] && c[0] > b[0]))) {
                    binding = f.toString();
                }
            }
            if (binding != null) {
                int[] c = better.get(binding);
                ExploreSpec.Objective o = spec.objectives().get(k);
                Explorer.Evaluation best = bestExcluded.get(binding);
                double bestValue = o.minimize() ? best.objectives()[k] : -best.objectives()[k];
                bindingWhy = String.format(Locale.ROOT, "it excludes %d simulated design%s with a %s %s%s (the best: point"
                                + " %d, %s)", c[0], c[0] == 1 ? "" : "s", o.minimize() ? "lower" : "higher", o.column(),
                        c[1] == c[0] ? (c[0] == 1 ? ", which violates nothing else" : ", which violate nothing else")
                                : c[1] > 0 ? ", " + c[1] + " of which violate nothing else" : "", best.pointId(),
                        Num.format(bestValue));
            }
        }
        // 2. else the bound the recommendation is closest to
        Double closest = null;
        String closestName = null;
        for (Filter f : spec.constraints()) {
            Filter.Bound b = f.bound();
            Double value = null;
            Double slack = null;
            Double slackPct = null;
            if (b != null && rec != null && ResultColumns.value(rec.result(), b.name(), spec.accuracy(), rec.resources())
                    instanceof Double v) {
                value = round(v);
                slack = round(b.slack(v));
                slackPct = b.value() == 0 ? null : Math.round(10000 * b.slack(v) / Math.abs(b.value())) / 100.0;
                double rel = slackPct == null ? Double.POSITIVE_INFINITY : slackPct;
                if (closest == null || rel < closest) {
                    closest = rel;
                    closestName = f.toString();
                }
            }
            int[] c = better.get(f.toString());
            reports.add(new ConstraintReport(f.toString(), byConstraint.get(f.toString()), before.get(f.toString()), c[0], c[1],
                    value, slack, slackPct, false));
        }
        if (binding == null && closestName != null) {
            binding = closestName;
            String name = closestName;
            ConstraintReport r = reports.stream().filter(x -> x.constraint().equals(name)).findFirst().orElseThrow();
            Filter.Bound b = spec.constraints().stream().filter(f -> f.toString().equals(name)).findFirst()
                    .orElseThrow().bound();
            bindingWhy = "the recommendation is closest to this bound: " + b.name() + " is " + Num.format(r.value()) + ", "
                    + Num.format(r.slack()) + " inside " + Num.format(b.value())
                    + (r.slackPct() == null ? "" : " (" + pct(r.slackPct()) + " of it)")
                    + "; no simulated design that beats it was excluded";
        }
        if (binding == null && rec != null && !spec.constraints().isEmpty()) {
            // 3. no bound to measure: the one that left out the most designs
            String most = null;
            for (Filter f : spec.constraints()) {
                if (most == null || byConstraint.get(f.toString()) > byConstraint.get(most)) {
                    most = f.toString();
                }
            }
            if (byConstraint.get(most) > 0) {
                binding = most;
                bindingWhy = "it excluded the most designs (" + byConstraint.get(most) + "); no simulated design that beats"
                        + " the recommendation was excluded";
            }
        }
        if (binding != null) {
            String chosen = binding;
            reports.replaceAll(r -> r.constraint().equals(chosen) ? new ConstraintReport(r.constraint(), r.excluded(),
                    r.excludedBeforeSimulating(), r.excludedBetter(), r.excludedBetterAlone(), r.value(), r.slack(),
                    r.slackPct(), true) : r);
            int pruned = before.get(binding);
            if (pruned > 0) {
                bindingWhy += "; it also pruned " + pruned + " design" + (pruned == 1 ? "" : "s")
                        + " before simulating, whose figures are unknown";
            }
        }
        return new Result(feasible, outcome.evaluations().size(), excludedBy, reports, binding, bindingWhy);
    }

    static int recommendIndex(ExploreSpec spec) {
        int k = 0;
        for (int i = 0; i < spec.objectives().size(); i++) {
            if (spec.objectives().get(i).column().equals(spec.recommendBy())) {
                k = i;
            }
        }
        return k;
    }

    /** Ten significant digits, as every output file writes numbers. */
    public static Double round(double v) {
        String s = Num.format(v);
        return s.isEmpty() ? null : Double.valueOf(s);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v);
    }
}

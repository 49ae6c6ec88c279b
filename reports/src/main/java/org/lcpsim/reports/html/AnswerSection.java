package org.lcpsim.reports.html;

import static org.lcpsim.reports.html.HtmlReport.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lcpsim.reports.ExploreSummary;
import org.lcpsim.reports.ExploreSummary.ConstraintReport;
import org.lcpsim.reports.ExploreSummary.Recommendation;
import org.lcpsim.reports.ExploreSummary.WhatIf;
import org.lcpsim.reports.Num;

/**
 * The answer of an exploration, first on its report's page and compact enough to be seen without
 * scrolling (1280x800): the recommended design, its figures, why it wins, the constraint that
 * binds it, the constraints with what each excluded, and the counts; then the "what if" table.
 */
final class AnswerSection {
    /** The id of the block that must be visible at once. */
    static final String RECOMMENDATION_ID = "recommendation";

    private AnswerSection() {
    }

    static void render(StringBuilder h, ExploreSummary s) {
        h.append("<section id=\"answer\">\n<div id=\"").append(RECOMMENDATION_ID).append("\" class=\"answer\">\n");
        Recommendation r = s.recommended();
        if (r == null) {
            h.append("<h2>No design to recommend</h2>\n<p class=\"why\">").append(esc(s.reason())).append("</p>\n");
        } else {
            h.append("<h2>Recommended design <span class=\"meta\">point ").append(r.pointId()).append("</span></h2>\n");
            h.append("<p class=\"design\"><b>").append(esc(r.model())).append("</b> · ").append(esc(r.strategy()))
                    .append(r.variant() == null || r.variant().isEmpty() ? "" : " " + esc(r.variant())).append(" · ")
                    .append(esc(count(r.figures().get("devices_used")))).append(" used of ")
                    .append(esc(count(r.figures().get("cluster_devices")))).append(" × ").append(esc(r.deviceType()))
                    .append(" · ").append(esc(r.network())).append("</p>\n");
            if (!r.design().isEmpty()) {
                h.append("<p class=\"swept\">");
                for (Map.Entry<String, String> e : r.design().entrySet()) {
                    h.append("<code>").append(esc(e.getKey())).append(" = ").append(esc(e.getValue())).append("</code> ");
                }
                h.append("</p>\n");
            }
            figures(h, r.figures());
            h.append("<p class=\"why\"><b>Why it wins:</b> ").append(esc(r.reason())).append("</p>\n");
            h.append("<p class=\"why\"><b>Binding constraint:</b> ").append(r.binding() == null ? "none"
                    : "<code>" + esc(r.binding()) + "</code>: " + esc(r.bindingWhy())).append("</p>\n");
        }
        constraints(h, s);
        counts(h, s);
        h.append("</div>\n");
        starts(h, s);
        whatIf(h, s);
        h.append("</section>\n");
    }

    /** The headline figures as tiles; unknown ones say so. */
    private static void figures(StringBuilder h, Map<String, Double> f) {
        h.append("<div class=\"figures\">\n");
        Double ci = f.get("latency_ms_ci95");
        tile(h, "latency", f.get("latency_ms_mean"), "ms", ci == null ? null : "± " + num(ci) + " (95% CI)");
        tile(h, "throughput", f.get("throughput_ips"), "inf/s", null);
        tile(h, "capacity", f.get("capacity_ips"), "inf/s", "largest rate sustained");
        tile(h, "energy", f.get("energy_j_per_inference"), "J/inf", null);
        tile(h, "devices", f.get("devices_used"), "used", f.get("cluster_devices") == null ? null
                : "of " + count(f.get("cluster_devices")) + " in the cluster");
        if (f.containsKey("accuracy_pct") && f.get("accuracy_pct") != null) {
            tile(h, "accuracy", f.get("accuracy_pct"), "% top-1", f.get("accuracy_drop_pct") == null ? null
                    : "−" + num(f.get("accuracy_drop_pct")) + " points");
        }
        if (f.get("cost") != null) {
            tile(h, "cost", f.get("cost"), "", "of the cluster");
        }
        h.append("</div>\n");
    }

    private static void tile(StringBuilder h, String label, Double v, String unit, String sub) {
        h.append("<div class=\"tile\"><span class=\"label\">").append(esc(label)).append("</span><span class=\"value\">")
                .append(v == null ? "unknown" : esc(label.equals("devices") ? count(v) : num(v)) + (unit.isEmpty() ? "" : " <small>" + esc(unit) + "</small>"))
                .append("</span>");
        if (sub != null) {
            h.append("<span class=\"sub\">").append(esc(sub)).append("</span>");
        }
        h.append("</div>\n");
    }

    private static void constraints(StringBuilder h, ExploreSummary s) {
        h.append("<p class=\"objectives\"><b>Objectives:</b> ").append(esc(String.join(", ", s.objectives())))
                .append(s.constraints().isEmpty() ? " · <b>Constraints:</b> none" : "").append("</p>\n");
        if (s.constraintReport().isEmpty()) {
            return;
        }
        h.append("<table class=\"constraints\">\n<thead><tr><th>constraint</th><th>designs it excluded</th>")
                .append("<th>of which before simulating</th><th>better designs it excluded</th>")
                .append("<th>recommendation's slack</th></tr></thead>\n<tbody>\n");
        for (ConstraintReport c : s.constraintReport()) {
            h.append("<tr").append(c.binding() ? " class=\"binding\"" : "").append("><td><code>").append(esc(c.constraint()))
                    .append("</code>").append(c.binding() ? " <b>binds</b>" : "").append("</td><td class=\"n\">")
                    .append(c.excluded()).append("</td><td class=\"n\">").append(c.excludedBeforeSimulating())
                    .append("</td><td class=\"n\">").append(c.excludedBetter()).append("</td><td class=\"n\">")
                    .append(c.slack() == null ? "n/a" : esc(num(c.slack())) + (c.slackPct() == null ? ""
                            : String.format(Locale.ROOT, " (%.0f%%)", c.slackPct()))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void counts(StringBuilder h, ExploreSummary s) {
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, Integer> e : s.excludedBy().entrySet()) {
            if (!s.constraints().contains(e.getKey())) {
                other.add(e.getValue() + " " + e.getKey());
            }
        }
        h.append("<p class=\"counts\"><b>Designs:</b> ").append(s.designSpace()).append(" in the space");
        if (s.visited() < s.designSpace()) {
            h.append(", ").append(s.visited()).append(" visited by the search (").append(esc(s.method())).append(")");
        }
        h.append(" · <b>").append(s.feasible()).append(" feasible</b>, ").append(s.pareto().size())
                .append(" on the Pareto front · ").append(s.simulated()).append(" simulated, ").append(s.pruned())
                .append(" pruned before simulating");
        if (!other.isEmpty()) {
            h.append(" · also left out: ").append(esc(String.join(", ", other)));
        }
        h.append(" <span class=\"meta\">(a design violating several constraints counts under each; <code>feasible</code>,")
                .append(" <code>pareto</code> and <code>violations</code> columns in <a href=\"../results.csv\">results.csv</a>)")
                .append("</span></p>\n");
    }

    /** The designs the search started from (the planner heuristic's pipelines), against the recommendation. */
    private static void starts(StringBuilder h, ExploreSummary s) {
        if (s.start().isEmpty()) {
            return;
        }
        h.append("<div id=\"start\">\n<h3>Where the search started: the planner's design</h3>\n<ul class=\"start\">\n");
        for (ExploreSummary.Start st : s.start()) {
            h.append("<li><code>").append(esc(st.plan())).append("</code>: ");
            if (st.pointId() == null) {
                h.append("not in the design space");
            } else {
                h.append("point ").append(st.pointId()).append(", ");
                Double cap = st.figures().get("capacity_ips");
                Double lat = st.figures().get("latency_ms_mean");
                h.append("capacity ").append(cap == null ? "unknown" : esc(num(cap)) + " inf/s").append(", latency ")
                        .append(lat == null ? "unknown" : esc(num(lat)) + " ms").append(Boolean.TRUE.equals(st.feasible())
                                ? "" : " (" + esc(st.why() == null ? "infeasible" : st.why()) + ")");
                if (s.recommended() != null && s.recommended().pointId() == st.pointId()) {
                    h.append(" · <b>the recommendation</b>");
                }
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n</div>\n");
    }

    private static void whatIf(StringBuilder h, ExploreSummary s) {
        if (s.whatIf().isEmpty()) {
            return;
        }
        h.append("<div id=\"what-if\">\n<h3>What if: the recommendation simulated again with one change</h3>\n")
                .append("<table class=\"what-if\">\n<thead><tr><th>change</th><th>factor</th><th>latency (ms)</th>")
                .append("<th>latency change</th><th>energy (J/inf)</th><th>energy change</th><th>capacity (inf/s)</th>")
                .append("<th>status</th><th>what was changed</th></tr></thead>\n<tbody>\n");
        for (WhatIf w : s.whatIf()) {
            h.append("<tr><td>").append(esc(w.change())).append("</td><td class=\"n\">×").append(esc(Num.format(w.factor())))
                    .append("</td><td class=\"n\">").append(w.latencyMsMean() == null ? "" : esc(num(w.latencyMsMean())))
                    .append("</td><td class=\"n\">").append(esc(signed(w.latencyChangePct()))).append("</td><td class=\"n\">")
                    .append(w.energyJPerInference() == null ? (w.latencyMsMean() == null ? "" : "unknown")
                            : esc(num(w.energyJPerInference()))).append("</td><td class=\"n\">")
                    .append(esc(signed(w.energyChangePct()))).append("</td><td class=\"n\">")
                    .append(w.capacityIps() == null ? "" : esc(num(w.capacityIps()))).append("</td><td>")
                    .append(esc(w.status())).append("</td><td>").append(esc(w.note())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"meta\">Each row is a fresh simulation of the recommended design (same seeds)")
                .append(" with the network's capacities, its devices' compute speed or its open-loop arrival rate scaled;")
                .append(" changes are relative to the recommendation's own figures.</p>\n</div>\n");
    }

    /** Four significant digits, grouped. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        double a = Math.abs(v);
        int decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String count(Double v) {
        return v == null ? "?" : Long.toString(Math.round(v));
    }

    private static String signed(Double pct) {
        return pct == null ? "" : String.format(Locale.ROOT, "%+.1f%%", pct);
    }

    static final String CSS = """
            #answer { margin-top: 14px; }
            .answer { background: #fff; border: 2px solid #0072B2; border-radius: 6px; padding: 8px 16px 6px; }
            .answer h2 { margin: 2px 0 4px; border: none; padding: 0; font-size: 20px; }
            .answer p { margin: 4px 0; }
            .answer .design { font-size: 16px; }
            .answer .swept code, .answer .why code, table.constraints code { background: #f0f4f8; padding: 1px 5px;
                   border-radius: 3px; font-size: 13px; }
            .figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
            .tile { border: 1px solid #dde6ee; border-radius: 4px; padding: 3px 10px; min-width: 120px; background: #f7fafc; }
            .tile .label { display: block; color: #666; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .tile .value { display: block; font-size: 19px; font-weight: bold; font-variant-numeric: tabular-nums; }
            .tile .value small { font-size: 12px; font-weight: normal; color: #444; }
            .tile .sub { display: block; color: #666; font-size: 12px; }
            table.constraints { margin: 4px 0; }
            table.constraints tr.binding td { background: #eef6fb; }
            .counts { font-size: 14px; }
            #what-if { margin-top: 12px; }
            """;
}

package org.lcpsim.reports.compare;

import static org.lcpsim.reports.html.HtmlReport.esc;

import java.util.List;
import java.util.Locale;

import org.lcpsim.reports.charts.Chart;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;

/**
 * DIR/compare.html: one self-contained page (inline CSS, no script) with what was compared and
 * how points were matched, the latency chart, a row per matched design with the change of the
 * headline metrics and whether the 95% confidence intervals overlap, and the designs only one
 * run has. compare.csv has every metric.
 */
public final class ComparePage {
    /** At most this many rows per table; compare.csv has them all. */
    public static final int MAX_ROWS = 500;

    private ComparePage() {
    }

    public static String render(RunComparison.Result r, Chart chart, String chartsHref) {
        StringBuilder h = new StringBuilder(32 * 1024);
        String title = "lcpsim compare: " + r.a().info().experiment() + " and " + r.b().info().experiment();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>")
                .append(esc(title)).append("</h1>\n<p class=\"meta\">").append(r.matched().size())
                .append(" designs in both · ").append(r.onlyA().size()).append(" only in A · ").append(r.onlyB().size())
                .append(" only in B · every metric in <a href=\"compare.csv\">compare.csv</a></p>\n</header>\n<main>\n");
        h.append("<table class=\"kv\">\n");
        side(h, "A", r.a());
        side(h, "B", r.b());
        h.append("<tr><th>matched</th><td>").append(esc(r.rule())).append("</td></tr>\n");
        for (String n : r.notes()) {
            h.append("<tr><th>note</th><td>").append(esc(n)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (chart != null) {
            String png = chartsHref + "/" + chart.pngName();
            String svg = chartsHref + "/" + chart.svgName();
            h.append("<figure>\n<a href=\"").append(esc(svg)).append("\"><img src=\"").append(esc(png)).append("\" alt=\"")
                    .append(esc(chart.title())).append("\" width=\"").append(chart.widthPx()).append("\" height=\"")
                    .append(chart.heightPx()).append("\"></a>\n<figcaption>").append(esc(chart.caption()))
                    .append(" <a href=\"").append(esc(svg)).append("\">SVG</a> · <a href=\"").append(esc(png))
                    .append("\">PNG</a></figcaption>\n</figure>\n");
        }
        h.append("<h2>Designs in both runs</h2>\n<p class=\"meta\">Change = B - A, in % of A. CIs overlap: whether the 95%")
                .append(" confidence intervals of the mean (mean ± half-width across replications) of A and B overlap; blank")
                .append(" with one replication.</p>\n<div class=\"scroll\">\n<table id=\"matched\">\n<thead><tr>")
                .append("<th>design</th><th>point A</th><th>point B</th><th>latency A (ms)</th><th>latency B (ms)</th>")
                .append("<th>change</th><th>CIs overlap</th><th>throughput A</th><th>throughput B</th><th>change</th>")
                .append("<th>CIs overlap</th><th>capacity change</th><th>energy change</th><th>status A → B</th>")
                .append("</tr></thead>\n<tbody>\n");
        int rows = 0;
        for (RunComparison.Pair p : r.matched()) {
            if (rows++ >= MAX_ROWS) {
                break;
            }
            Metrics a = p.a().metrics();
            Metrics b = p.b().metrics();
            h.append("<tr><td>").append(esc(p.label())).append("</td><td class=\"n\">").append(p.a().pointId())
                    .append("</td><td class=\"n\">").append(p.b().pointId()).append("</td>");
            cell(h, a == null ? Double.NaN : a.latencyMsMean());
            cell(h, b == null ? Double.NaN : b.latencyMsMean());
            pct(h, a == null || b == null ? Double.NaN : RunComparison.deltaPct(a.latencyMsMean(), b.latencyMsMean()));
            h.append("<td>").append(RunComparison.ciOverlap(p, "latency_ms_mean")).append("</td>");
            cell(h, a == null ? Double.NaN : a.throughputIps());
            cell(h, b == null ? Double.NaN : b.throughputIps());
            pct(h, a == null || b == null ? Double.NaN : RunComparison.deltaPct(a.throughputIps(), b.throughputIps()));
            h.append("<td>").append(RunComparison.ciOverlap(p, "throughput_ips")).append("</td>");
            pct(h, a == null || b == null ? Double.NaN : RunComparison.deltaPct(a.capacityIps(), b.capacityIps()));
            pct(h, a == null || b == null ? Double.NaN : RunComparison.deltaPct(a.energyJPerInference(),
                    b.energyJPerInference()));
            h.append("<td>").append(esc(status(p.a(), p.b()))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
        if (r.matched().size() > MAX_ROWS) {
            h.append("<p class=\"meta\">").append(r.matched().size() - MAX_ROWS).append(" more in compare.csv.</p>\n");
        }
        only(h, "Only in A", "only-a", r.onlyA(), true);
        only(h, "Only in B", "only-b", r.onlyB(), false);
        h.append("</main>\n<footer>Written by lcpsim compare.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void side(StringBuilder h, String name, RunComparison.Side s) {
        h.append("<tr><th>").append(name).append("</th><td><code>").append(esc(s.dir().toString())).append("</code>: experiment ")
                .append(esc(s.info().experiment())).append(" (").append(esc(s.info().file())).append("), ")
                .append(s.points().size()).append(" points, seed ").append(s.info().seed()).append("</td></tr>\n");
    }

    private static void only(StringBuilder h, String title, String id, List<RunComparison.Pair> pairs, boolean a) {
        h.append("<h2>").append(title).append("</h2>\n");
        if (pairs.isEmpty()) {
            h.append("<p id=\"").append(id).append("\">none</p>\n");
            return;
        }
        h.append("<ul id=\"").append(id).append("\">\n");
        int n = 0;
        for (RunComparison.Pair p : pairs) {
            if (n++ >= MAX_ROWS) {
                h.append("<li>and ").append(pairs.size() - MAX_ROWS).append(" more (compare.csv)</li>\n");
                break;
            }
            PointResult x = a ? p.a() : p.b();
            h.append("<li>point ").append(x.pointId()).append(": ").append(esc(p.label())).append(" · ")
                    .append(esc(x.status())).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    static String status(PointResult a, PointResult b) {
        return a.status().equals(b.status()) ? a.status() : a.status() + " → " + b.status();
    }

    private static void cell(StringBuilder h, double v) {
        h.append("<td class=\"n\">").append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%,.3f", v)).append("</td>");
    }

    private static void pct(StringBuilder h, double v) {
        h.append("<td class=\"n\">").append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.1f%%", v)).append("</td>");
    }

    private static final String CSS = org.lcpsim.reports.html.PageStyle.base(1240) + """
            table.kv th { background: #f5f5f5; width: 110px; }
            figure { background: #fff; border: 1px solid #e3e3e3; border-radius: 4px; margin: 12px 0; padding: 10px; }
            figure img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
            figcaption { color: #444; font-size: 14px; margin-top: 6px; }
            """;
}

package org.lcpsim.reports.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lcpsim.devices.MemoryReport;
import org.lcpsim.reports.Num;
import org.lcpsim.reports.RunInfo;
import org.lcpsim.reports.charts.Chart;
import org.lcpsim.reports.charts.Labels;
import org.lcpsim.results.DeviceMemory;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;

/**
 * DIR/report/index.html: one self-contained page (inline CSS, no script, no web fonts, no CDN)
 * that opens from the file system: what ran and what came out, the charts (PNG shown, SVG
 * linked, both in DIR/charts), notes on points that did not run, the results table, the
 * environment with the presets' provenance, and the experiment file itself.
 */
public final class HtmlReport {
    public static final String TABLE_ID = "results";

    private HtmlReport() {
    }

    /** Everything the page shows. {@code chartsHref} is the charts folder relative to the page. */
    /** {@code explore}: the answer of an exploration, shown first; null for a run. */
    public record Page(RunInfo info, List<PointResult> points, List<Chart> charts, List<String> chartNotes,
                       String chartsHref, int maxTableRows, org.lcpsim.reports.ExploreSummary explore) {
        public Page {
            points = List.copyOf(points);
            charts = List.copyOf(charts);
            chartNotes = List.copyOf(chartNotes);
        }

        /** The page of a run. */
        public Page(RunInfo info, List<PointResult> points, List<Chart> charts, List<String> chartNotes, String chartsHref,
                    int maxTableRows) {
            this(info, points, charts, chartNotes, chartsHref, maxTableRows, null);
        }
    }

    public static void write(Page page, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(page), StandardCharsets.UTF_8);
    }

    public static String render(Page page) {
        RunInfo info = page.info();
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = info.experiment() == null || info.experiment().isBlank() ? "lcpsim run" : info.experiment();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"lcpsim ").append(esc(info.lcpsimVersion())).append("\">\n")
                .append("<title>").append(esc(title)).append(" · lcpsim report</title>\n<style>\n").append(CSS)
                .append(page.explore() == null ? "" : AnswerSection.CSS)
                .append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>").append(esc(title)).append("</h1>\n<p class=\"meta\">").append(summary(page))
                .append("</p>\n");
        h.append("<nav>");
        if (page.explore() != null) {
            nav(h, "answer", "Answer");
        }
        if (hasNotes(page)) {
            nav(h, "notes", "Notes");
        }
        nav(h, "charts", "Charts");
        nav(h, "table", "Results");
        if (hasStreams(page)) {
            nav(h, "streams", "Streams");
        }
        nav(h, "environment", "Environment");
        nav(h, "experiment", "Experiment file");
        h.append("<a href=\"../results.csv\">results.csv</a> <a href=\"../summary.json\">summary.json</a> ")
                .append("<a href=\"../points.jsonl\">points.jsonl</a></nav>\n</header>\n<main>\n");
        if (page.explore() != null) {
            // an exploration's page opens with its answer, above the fold
            AnswerSection.render(h, page.explore());
        }
        if (hasNotes(page)) {
            notes(h, page);
        }
        charts(h, page);
        table(h, page);
        if (hasStreams(page)) {
            streams(h, page);
        }
        environment(h, info);
        h.append("<section id=\"experiment\">\n<h2>Experiment file</h2>\n<p class=\"meta\">")
                .append(esc(info.file())).append("</p>\n<pre>").append(esc(info.experimentText())).append("</pre>\n</section>\n");
        h.append("</main>\n<footer>Written by lcpsim ").append(esc(info.lcpsimVersion()))
                .append(". Rebuild with <code>lcpsim report DIR</code>.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void nav(StringBuilder h, String id, String text) {
        h.append("<a href=\"#").append(id).append("\">").append(text).append("</a> ");
    }

    private static String summary(Page page) {
        Map<String, Integer> counts = statusCounts(page.points());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            parts.add(e.getValue() + " " + e.getKey());
        }
        RunInfo info = page.info();
        return page.points().size() + " design point" + (page.points().size() == 1 ? "" : "s") + " (" + esc(String.join(", ",
                parts)) + ") · seed " + info.seed() + (info.seedOverridden() ? " (--seed)" : "") + " · "
                + esc(info.file());
    }

    static Map<String, Integer> statusCounts(List<PointResult> points) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of(PointResult.OK, PointResult.SATURATED, PointResult.OOM, "error")) {
            counts.put(s, 0);
        }
        for (PointResult p : points) {
            counts.merge(p.status().startsWith("error") ? "error" : p.status(), 1, Integer::sum);
        }
        counts.values().removeIf(v -> v == 0);
        return counts;
    }

    private static boolean hasNotes(Page page) {
        return !page.chartNotes().isEmpty() || page.points().stream().anyMatch(p -> !p.ok() || !p.notes().isEmpty());
    }

    /** At most this many point ids are listed after a note. */
    static final int NOTE_POINTS = 20;

    /**
     * The points' own notes (blank figures, unknown or borrowed inputs), each note once with the
     * points it concerns; saturation has a list of its own.
     */
    private static void pointNotes(StringBuilder h, Page page) {
        Map<String, List<Integer>> byNote = new LinkedHashMap<>();
        for (PointResult p : page.points()) {
            for (String n : p.notes()) {
                if (!n.startsWith(PointResult.SATURATED)) {
                    byNote.computeIfAbsent(n, k -> new ArrayList<>()).add(p.pointId());
                }
            }
        }
        if (byNote.isEmpty()) {
            return;
        }
        h.append("<p>Figures that are blank or rest on unknown or borrowed inputs:</p>\n")
                .append("<ul class=\"point-notes\">\n");
        byNote.forEach((note, ids) -> {
            List<String> shown = ids.stream().limit(NOTE_POINTS).map(String::valueOf).toList();
            h.append("<li>").append(esc(note)).append(" <span class=\"meta\">(point").append(ids.size() == 1 ? " " : "s ")
                    .append(String.join(", ", shown)).append(ids.size() > NOTE_POINTS ? " and " + (ids.size() - NOTE_POINTS)
                            + " more" : "").append(")</span></li>\n");
        });
        h.append("</ul>\n");
    }

    private static void notes(StringBuilder h, Page page) {
        h.append("<section id=\"notes\">\n<h2>Notes</h2>\n");
        List<PointResult> saturated = page.points().stream().filter(PointResult::saturated).toList();
        if (!saturated.isEmpty()) {
            Map<Integer, String> labels = Labels.unique(saturated, true);
            h.append("<p>").append(saturated.size()).append(" design point").append(saturated.size() == 1 ? " is" : "s are")
                    .append(" <b>saturated</b>: the workload asks for more than the design sustains, so their latency is")
                    .append(" that of a queue that grows with the length of the run (their latency columns are kept, but")
                    .append(" mean nothing on their own); capacity_ips is what they can serve:</p>\n<ul class=\"saturated\">\n");
            for (PointResult p : saturated.subList(0, Math.min(NOTE_POINTS, saturated.size()))) {
                h.append("<li><b>point ").append(p.pointId()).append("</b> · ").append(esc(labels.get(p.pointId())))
                        .append(": ").append(esc(String.join("; ", p.notes().stream()
                                .filter(n -> n.startsWith("saturated")).toList()))).append("</li>\n");
            }
            if (saturated.size() > NOTE_POINTS) {
                h.append("<li>and ").append(saturated.size() - NOTE_POINTS).append(" more (status and notes columns of")
                        .append(" results.csv)</li>\n");
            }
            h.append("</ul>\n");
        }
        pointNotes(h, page);
        List<PointResult> bad = page.points().stream().filter(p -> !p.hasMetrics()).toList();
        if (!bad.isEmpty()) {
            Map<Integer, String> labels = Labels.unique(bad, true);
            h.append("<p>").append(bad.size()).append(" design point").append(bad.size() == 1 ? " was" : "s were")
                    .append(" not simulated:</p>\n<ul class=\"infeasible\">\n");
            for (PointResult p : bad) {
                h.append("<li><b>point ").append(p.pointId()).append("</b> · ").append(esc(labels.get(p.pointId())))
                        .append(": ").append(esc(why(p))).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (!page.chartNotes().isEmpty()) {
            h.append("<ul class=\"chart-notes\">\n");
            for (String n : page.chartNotes()) {
                h.append("<li>").append(esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** Why a point did not run, in words: for oom, which device needs how much of how much. */
    public static String why(PointResult p) {
        if (!PointResult.OOM.equals(p.status())) {
            return p.status();
        }
        List<String> parts = new ArrayList<>();
        for (DeviceMemory m : p.memory()) {
            MemoryReport r = m.report();
            if (r.outOfMemory()) {
                parts.add(String.format(Locale.ROOT,
                        "%s (%s) needs %s%.1f MB of %.1f MB (weights %.1f, activations %.1f, buffers %.1f, framework %s)",
                        m.device(), m.type(), r.totalKnown() ? "" : "at least ", mb(r.totalBytes()), mb(r.capacityBytes()),
                        mb(r.weightBytes()), mb(r.activationBytes()), mb(r.bufferBytes()),
                        r.totalKnown() ? String.format(Locale.ROOT, "%.1f", mb(r.frameworkBytes())) : "unknown"));
            }
        }
        return "out of memory (swap off): " + (parts.isEmpty() ? "a device does not fit" : String.join("; ", parts));
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void charts(StringBuilder h, Page page) {
        h.append("<section id=\"charts\">\n<h2>Charts</h2>\n");
        if (page.charts().isEmpty()) {
            h.append("<p>No charts: no design point ran.</p>\n");
        }
        for (Chart c : page.charts()) {
            String png = page.chartsHref() + "/" + c.pngName();
            String svg = page.chartsHref() + "/" + c.svgName();
            h.append("<figure id=\"chart-").append(esc(c.name())).append("\">\n<a href=\"").append(esc(svg))
                    .append("\"><img src=\"").append(esc(png)).append("\" alt=\"").append(esc(c.title()))
                    .append("\" width=\"").append(c.widthPx()).append("\" height=\"").append(c.heightPx())
                    .append("\"></a>\n<figcaption>").append(esc(c.caption())).append(" <span class=\"files\">")
                    .append("<a href=\"").append(esc(svg)).append("\">SVG</a> · <a href=\"").append(esc(png))
                    .append("\">PNG</a></span></figcaption>\n</figure>\n");
        }
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, Page page) {
        List<String> swept = page.info().sweptPaths();
        h.append("<section id=\"table\">\n<h2>Results</h2>\n<p class=\"meta\">Per design point, replications pooled;"
                + " latency per inference; ± is the 95% confidence interval of the mean across replications. Every column"
                + " is in <a href=\"../results.csv\">results.csv</a>.</p>\n<div class=\"scroll\">\n<table id=\"")
                .append(TABLE_ID).append("\">\n<thead><tr>");
        List<String> head = new ArrayList<>(List.of("point", "model", "strategy", "variant", "devices"));
        head.addAll(swept);
        head.addAll(List.of("latency mean (ms)", "p95 (ms)", "alone (ms)", "throughput (inf/s)", "capacity (inf/s)",
                "data (kB/inf)", "pairs", "peak memory (MB)", "energy (J/inf)", "status"));
        for (String c : head) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int rows = 0;
        for (PointResult p : page.points()) {
            if (rows++ >= page.maxTableRows()) {
                break;
            }
            Metrics m = p.metrics();
            h.append("<tr class=\"").append(p.ok() ? "ok" : p.saturated() ? "saturated" : "failed").append("\">");
            cell(h, Integer.toString(p.pointId()), true);
            cell(h, p.model(), false);
            cell(h, p.strategy(), false);
            cell(h, p.variant(), false);
            cell(h, Integer.toString(p.devices()), true);
            for (String s : swept) {
                cell(h, p.sweep().getOrDefault(s, ""), false);
            }
            cell(h, m == null ? "" : fixed(m.latencyMsMean(), 2) + (Double.isNaN(m.latencyMsCi95()) ? ""
                    : " ± " + fixed(m.latencyMsCi95(), 2)), true);
            cell(h, m == null ? "" : fixed(m.latencyMsP95(), 2), true);
            cell(h, m == null ? "" : fixed(m.latencyMsUnloaded(), 2), true);
            cell(h, m == null ? "" : fixed(m.throughputIps(), 3), true);
            cell(h, m == null ? "" : fixed(m.capacityIps(), 3), true);
            cell(h, m == null ? "" : fixed(m.bytesPerRequest() / 1000.0, 1), true);
            cell(h, m == null ? "" : Num.format(m.connectedPairs()), true);
            cell(h, p.memory().isEmpty() ? "" : fixed(p.peakMemoryMbMax(), 1), true);
            cell(h, m == null ? "" : fixed(m.energyJPerInference(), 3), true);
            cell(h, p.status(), false);
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
        if (page.points().size() > page.maxTableRows()) {
            h.append("<p class=\"meta\">").append(page.points().size() - page.maxTableRows())
                    .append(" more rows in <a href=\"../results.csv\">results.csv</a>.</p>\n");
        }
        h.append("</section>\n");
    }

    /** Whether some point has several request streams (a run of one stream has no stream table). */
    private static boolean hasStreams(Page page) {
        return page.points().stream().anyMatch(p -> !p.streams().isEmpty());
    }

    /** One row per stream of each point with several: what it runs and what it measured with the others running. */
    private static void streams(StringBuilder h, Page page) {
        h.append("<section id=\"streams\">\n<h2>Streams</h2>\n<p class=\"meta\">Per request stream (camera) of each design"
                + " point, the other streams running on the same devices and network: latency per request, throughput,"
                + " offered rate and share of the capacity in images per second, latency alone (the stream alone on the"
                + " cluster, one request at a time). The point's own row in the results pools every stream; the"
                + " stream.NAME.* columns of <a href=\"../results.csv\">results.csv</a> have these.</p>\n<div class=\"scroll\">\n"
                + "<table id=\"stream-table\">\n<thead><tr>");
        for (String c : List.of("point", "stream", "model", "strategy", "variant", "devices", "source", "latency mean (ms)",
                "p95 (ms)", "alone (ms)", "throughput (inf/s)", "offered (inf/s)", "capacity share (inf/s)", "status")) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int rows = 0;
        for (PointResult p : page.points()) {
            if (p.streams().isEmpty()) {
                continue;
            }
            if (rows >= page.maxTableRows()) {
                h.append("</tbody>\n</table>\n</div>\n<p class=\"meta\">More rows in <a href=\"../results.csv\">results.csv"
                        + "</a>.</p>\n</section>\n");
                return;
            }
            for (org.lcpsim.results.StreamResult s : p.streams()) {
                rows++;
                String status = s.status().isEmpty() ? p.status() : s.status();
                h.append("<tr class=\"").append(PointResult.OK.equals(status) ? "ok" : PointResult.SATURATED.equals(status)
                        ? "saturated" : "failed").append("\">");
                cell(h, Integer.toString(p.pointId()), true);
                cell(h, s.name(), false);
                cell(h, s.model(), false);
                cell(h, s.strategy(), false);
                cell(h, s.variant(), false);
                cell(h, Integer.toString(s.devices()), true);
                cell(h, s.source(), false);
                cell(h, fixed(s.latencyMsMean(), 2), true);
                cell(h, fixed(s.latencyMsP95(), 2), true);
                cell(h, fixed(s.latencyMsUnloaded(), 2), true);
                cell(h, fixed(s.throughputIps(), 3), true);
                cell(h, fixed(s.offeredIps(), 3), true);
                cell(h, fixed(s.capacityIps(), 3), true);
                cell(h, status, false);
                h.append("</tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void cell(StringBuilder h, String v, boolean numeric) {
        h.append(numeric ? "<td class=\"n\">" : "<td>").append(esc(v)).append("</td>");
    }

    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static void environment(StringBuilder h, RunInfo info) {
        h.append("<section id=\"environment\">\n<h2>Environment</h2>\n<table class=\"kv\">\n");
        kv(h, "lcpsim", info.lcpsimVersion());
        kv(h, "Java", info.javaVersion());
        kv(h, "seed", info.seed() + (info.seedOverridden() ? " (set with --seed, overriding the file)" : ""));
        kv(h, "experiment file", info.file());
        kv(h, "swept fields", info.sweptPaths().isEmpty() ? "none" : String.join(", ", info.sweptPaths()));
        kv(h, "design points", Integer.toString(info.points()));
        h.append("</table>\n<h3>Presets</h3>\n");
        if (info.presets().isEmpty()) {
            h.append("<p>The file names no preset: every device and network is given inline.</p>\n");
        } else {
            h.append("<table class=\"presets\">\n<thead><tr><th>kind</th><th>preset</th><th>description</th>")
                    .append("<th>provenance</th><th>fields set in the file</th></tr></thead>\n<tbody>\n");
            for (RunInfo.PresetInfo p : info.presets()) {
                h.append("<tr><td>").append(esc(p.kind())).append("</td><td><b>").append(esc(p.name())).append("</b></td><td>")
                        .append(esc(p.description())).append("</td><td>").append(esc(p.provenance())).append("</td><td>")
                        .append(esc(String.join(", ", p.overrides()))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private static void kv(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { color-scheme: light; }
            body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; background: #fafafa;
                   margin: 0; line-height: 1.45; font-size: 15px; }
            header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
            header { padding-top: 20px; border-bottom: 1px solid #ddd; padding-bottom: 8px; }
            h1 { margin: 0 0 4px; font-size: 26px; }
            h2 { margin: 28px 0 10px; font-size: 20px; border-bottom: 1px solid #e3e3e3; padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 18px 0 8px; }
            nav a { margin-right: 14px; color: #0072B2; text-decoration: none; }
            nav a:hover { text-decoration: underline; }
            .meta { color: #666; margin: 4px 0 10px; }
            figure { background: #fff; border: 1px solid #e3e3e3; border-radius: 4px; margin: 0 0 22px; padding: 10px; }
            figure img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
            figcaption { color: #444; font-size: 14px; margin-top: 6px; }
            .files { white-space: nowrap; margin-left: 6px; }
            .files a { color: #0072B2; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; background: #fff; font-size: 13px; }
            th, td { border: 1px solid #e0e0e0; padding: 4px 8px; text-align: left; vertical-align: top; }
            thead th { background: #f0f0f0; position: sticky; top: 0; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.failed td { background: #fdf0ee; }
            tr.saturated td { background: #fff6e0; }
            ul.saturated li { color: #7a4b00; }
            table.kv th { background: #f5f5f5; width: 180px; }
            table.presets td { max-width: 520px; }
            ul.infeasible li { color: #8a2a1f; }
            pre { background: #fff; border: 1px solid #e3e3e3; padding: 12px; overflow-x: auto; font-size: 13px;
                  font-family: "DejaVu Sans Mono", monospace; }
            footer { color: #888; font-size: 13px; padding-top: 20px; padding-bottom: 30px; }
            """;
}

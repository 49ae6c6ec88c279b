package org.lcpsim.experiments.validation;

import static org.lcpsim.reports.html.HtmlReport.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.lcpsim.config.Csv;
import org.lcpsim.reports.Num;

/**
 * The scorecard's files: scorecard.csv (a row per measurement set and role), scorecard.html (the
 * same, with the coverage of every shipped preset), and the Markdown tables the README quotes.
 * Everything is a function of the rows: the same rows give the same bytes.
 */
public final class ScorecardFiles {
    public static final String CSV = "scorecard.csv";
    public static final String HTML = "scorecard.html";
    public static final List<String> COLUMNS = List.of("set", "kind", "presets", "role", "n", "median_abs_error_pct",
            "worst_abs_error_pct", "winner_agrees", "winner_detail", "source", "note");

    private ScorecardFiles() {
    }

    public static String csv(Scorecard card) {
        StringBuilder b = new StringBuilder();
        line(b, COLUMNS);
        for (Scorecard.Row r : card.rows()) {
            line(b, List.of(r.set(), r.kind(), String.join(" ", r.presets()), r.role(), Integer.toString(r.n()),
                    Num.format(r.medianAbsErrorPct()), Num.format(r.worstAbsErrorPct()), r.winner(), r.winnerDetail(),
                    r.source(), r.note()));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        List<String> q = new ArrayList<>();
        cells.forEach(c -> q.add(Csv.quote(c)));
        b.append(String.join(",", q)).append('\n');
    }

    /** "yes (3/3)", "no (1/2)", "n.a.". */
    static String winnerCell(Scorecard.Row r) {
        if (r.winner().equals(Scorecard.NA)) {
            return Scorecard.NA;
        }
        String d = r.winnerDetail();
        return r.winner() + " (" + d.substring(0, d.indexOf(' ')) + ")";
    }

    /** The scorecard as a Markdown table (README's headline table). */
    public static String markdown(Scorecard card) {
        StringBuilder b = new StringBuilder();
        b.append("| measurement set | presets | role | n | median abs. error | worst abs. error | same winner |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Scorecard.Row r : card.rows()) {
            b.append("| ").append(md(r.set())).append(" | ").append(r.presets().isEmpty() ? "-" : String.join(", ", r.presets()))
                    .append(" | ").append(r.role()).append(" | ").append(r.n()).append(" | ")
                    .append(Scorecard.pct(r.medianAbsErrorPct())).append(" | ").append(Scorecard.pct(r.worstAbsErrorPct()))
                    .append(" | ").append(winnerCell(r)).append(" |\n");
        }
        return b.toString();
    }

    /** How far each shipped preset has been validated, as a Markdown table. */
    public static String coverageMarkdown(List<Scorecard.PresetCoverage> coverage) {
        StringBuilder b = new StringBuilder();
        b.append("| preset | type | fitted to (sets, measurements) | validated against (sets, measurements) |")
                .append(" median abs. error (validation) | same winner |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Scorecard.PresetCoverage c : coverage) {
            b.append("| ").append(c.preset()).append(" | ").append(c.type()).append(" | ").append(count(c.fitted()))
                    .append(" | ").append(count(c.validation())).append(" | ").append(Scorecard.pct(c.medianAbsErrorPct()))
                    .append(" | ").append(c.winners()).append(" |\n");
        }
        return b.toString();
    }

    private static String count(List<Scorecard.Row> rows) {
        return rows.isEmpty() ? "none" : rows.size() + ", " + rows.stream().mapToInt(Scorecard.Row::n).sum();
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    public static String html(Scorecard card, List<Scorecard.PresetCoverage> coverage, String paperNote) {
        StringBuilder h = new StringBuilder(32 * 1024);
        String title = "lcpsim validate-models: the validation scorecard";
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>")
                .append(esc(title)).append("</h1>\n<p class=\"meta\">").append(card.rows().size())
                .append(" rows · every row in <a href=\"").append(CSV).append("\">").append(CSV).append("</a>")
                .append(paperNote == null ? "" : " · " + paperNote).append("</p>\n</header>\n<main>\n");
        h.append("<p>Every measurement set the project knows, compared with what the shipped presets predict. <b>fitted</b>:")
                .append(" the measurements a preset's parameters were fitted to (their error is a fit error, not evidence);")
                .append(" <b>validation</b>: measurements no parameter was fitted to. Errors are |simulated - measured| /")
                .append(" measured. <b>Same winner</b>: for each model with at least two designs measured (configurations of a")
                .append(" paper figure, frameworks of a device), does the design the simulator ranks best have the best measured")
                .append(" value? (k/m: models that agree; n.a.: no model with two designs.) No parameter is fitted to the")
                .append(" paper's multi-device results.</p>\n");
        h.append("<h2>Measurement sets</h2>\n<div class=\"scroll\">\n<table id=\"scorecard\">\n<thead><tr>")
                .append("<th>measurement set</th><th>kind</th><th>presets</th><th>role</th><th>n</th><th>median |error|</th>")
                .append("<th>worst |error|</th><th>same winner</th><th>winner detail</th><th>source</th><th>note</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (Scorecard.Row r : card.rows()) {
            h.append("<tr class=\"").append(r.role().equals(Scorecard.FITTED) ? "fitted" : "validation").append("\"><td>")
                    .append(esc(r.set())).append("</td><td>").append(esc(r.kind())).append("</td><td>")
                    .append(esc(r.presets().isEmpty() ? "-" : String.join(", ", r.presets()))).append("</td><td>")
                    .append(esc(r.role())).append("</td><td class=\"n\">").append(r.n()).append("</td><td class=\"n\">")
                    .append(Scorecard.pct(r.medianAbsErrorPct())).append("</td><td class=\"n\">")
                    .append(Scorecard.pct(r.worstAbsErrorPct())).append("</td><td>").append(esc(r.winner()))
                    .append("</td><td>").append(esc(r.winnerDetail())).append("</td><td>").append(esc(r.source()))
                    .append("</td><td>").append(esc(r.note())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
        h.append("<h2>How far each preset has been validated</h2>\n<div class=\"scroll\">\n<table id=\"presets\">\n")
                .append("<thead><tr><th>preset</th><th>type</th><th>fitted to</th><th>validated against</th>")
                .append("<th>validation measurements</th><th>median |error| (validation, pooled)</th>")
                .append("<th>same winner (validation sets)</th></tr></thead>\n<tbody>\n");
        for (Scorecard.PresetCoverage c : coverage) {
            h.append("<tr><td>").append(esc(c.preset())).append("</td><td>").append(esc(c.type())).append("</td><td>")
                    .append(esc(names(c.fitted()))).append("</td><td>").append(esc(names(c.validation())))
                    .append("</td><td class=\"n\">").append(c.n()).append("</td><td class=\"n\">")
                    .append(Scorecard.pct(c.medianAbsErrorPct())).append("</td><td>").append(esc(c.winners()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n</main>\n<footer>lcpsim validate-models; docs/model-validation.md says what")
                .append(" each set is and where its measurements come from.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String names(List<Scorecard.Row> rows) {
        if (rows.isEmpty()) {
            return "none";
        }
        List<String> s = new ArrayList<>();
        rows.forEach(r -> s.add(String.format(Locale.ROOT, "%s (%d)", r.set(), r.n())));
        return String.join("; ", s);
    }

    private static final String CSS = org.lcpsim.reports.html.PageStyle.base(1400) + """
            tr.fitted td { color: #666; }
            """;
}

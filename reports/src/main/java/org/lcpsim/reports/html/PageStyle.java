package org.lcpsim.reports.html;

import java.util.Locale;

/**
 * The look the pages beside the report share (compare.html, the scorecard): type, headings,
 * tables with right-aligned numbers. Each page adds its own rules after it.
 */
public final class PageStyle {
    private PageStyle() {
    }

    /** The shared rules, the page's content at most {@code maxWidthPx} wide. */
    public static String base(int maxWidthPx) {
        return String.format(Locale.ROOT, """
                body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; background: #fafafa; margin: 0;
                       line-height: 1.45; font-size: 15px; }
                header, main, footer { max-width: %dpx; margin: 0 auto; padding: 0 24px; }
                header { padding-top: 20px; border-bottom: 1px solid #ddd; padding-bottom: 8px; }
                h1 { margin: 0 0 4px; font-size: 24px; }
                h2 { margin: 24px 0 8px; font-size: 19px; border-bottom: 1px solid #e3e3e3; padding-bottom: 4px; }
                .meta { color: #666; }
                table { border-collapse: collapse; background: #fff; font-size: 13px; margin: 10px 0; }
                th, td { border: 1px solid #e0e0e0; padding: 4px 8px; text-align: left; vertical-align: top; }
                thead th { background: #f0f0f0; }
                td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
                .scroll { overflow-x: auto; }
                footer { color: #888; font-size: 13px; padding: 20px 24px 30px; }
                """, maxWidthPx);
    }
}

package org.lcpsim.reports;

import org.lcpsim.reports.charts.LatencyChart;

/**
 * How much a report draws. The limits keep a report of a huge sweep quick to write and to open:
 * bar charts are drawn while there are at most {@code maxBars} points (beyond that the heatmap
 * and the scatter plots, which show every point, take over), per-point charts (timelines,
 * histograms) for at most {@code maxPointCharts} points spread over the latency range, and the
 * results table lists the first {@code maxTableRows} points (results.csv has them all).
 */
public record ReportOptions(LatencyChart.Scale latencyScale, int maxBars, int maxPointCharts, int maxCdfLines,
                            int maxTableRows) {
    public ReportOptions {
        if (latencyScale == null) {
            throw new IllegalArgumentException("latencyScale is required");
        }
        if (maxBars < 1 || maxPointCharts < 0 || maxCdfLines < 1 || maxTableRows < 1) {
            throw new IllegalArgumentException("report limits must be positive");
        }
    }

    public static ReportOptions defaults() {
        return new ReportOptions(LatencyChart.Scale.AUTO, 40, 6, 8, 500);
    }

    public ReportOptions withLatencyScale(LatencyChart.Scale scale) {
        return new ReportOptions(scale, maxBars, maxPointCharts, maxCdfLines, maxTableRows);
    }
}

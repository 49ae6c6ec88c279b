package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.lcpsim.results.FaultResult;
import org.lcpsim.results.FaultWindow;
import org.lcpsim.results.PointResult;

/**
 * Latency and answers through a fault, for a point with faults (docs/reports.md): every measured
 * request of the first replication at its arrival time (seconds from the start of the run), above
 * its latency (complete answers, answers with fewer branches than the model has), below the share
 * of the model's branches its answer had (100% complete, 0% failed: a failed request has no
 * latency), with the faults of that replication shaded behind (crashes red, slowdowns orange, links
 * down blue) and labelled with what failed.
 */
public final class FaultsTimelineChart {
    static final String COMPLETE = "complete";
    static final String DEGRADED = "fewer branches";
    static final String FAILED = "failed";

    private FaultsTimelineChart() {
    }

    /** The chart's file name for point {@code id}. */
    public static String name(int id) {
        return "faults-timeline-p" + id;
    }

    /**
     * Latency (ms) of the answered requests against arrival (s): per stream (a point of one stream:
     * one), its complete answers and, when there are any, its answers with fewer branches.
     */
    public static XYSeriesCollection latencies(PointResult p) {
        return series(p, false);
    }

    /**
     * The share (%) of its model's branches each request's answer had, per stream and outcome as
     * {@link #latencies}, then the failed requests (0 %) of every stream.
     */
    public static XYSeriesCollection answers(PointResult p) {
        return series(p, true);
    }

    private static XYSeriesCollection series(PointResult p, boolean share) {
        FaultResult.Timeline t = p.faults().timeline();
        int streams = Math.max(1, p.faults().streams().size());
        XYSeries[] complete = new XYSeries[streams];
        XYSeries[] degraded = new XYSeries[streams];
        for (int s = 0; s < streams; s++) {
            complete[s] = new XYSeries(seriesName(p, s, false), true, true);
            degraded[s] = new XYSeries(seriesName(p, s, true), true, true);
        }
        XYSeries failed = new XYSeries(FAILED, true, true);
        for (int i = 0; i < t.arrivalMs().length; i++) {
            int s = Math.min(t.stream()[i], streams - 1);
            int k = branches(p, s);
            double x = t.arrivalMs()[i] / 1000;
            if (Double.isNaN(t.latencyMs()[i])) {
                failed.add(x, 0);
                continue;
            }
            double y = share ? 100.0 * t.arrived()[i] / k : t.latencyMs()[i];
            (t.arrived()[i] < k ? degraded[s] : complete[s]).add(x, y);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (int s = 0; s < streams; s++) {
            data.addSeries(complete[s]);
            if (degraded[s].getItemCount() > 0) {
                data.addSeries(degraded[s]);
            }
        }
        if (share) {
            data.addSeries(failed);
        }
        return data;
    }

    /** A series' name: the outcome for a point of one stream, else the stream's name (and the outcome). */
    private static String seriesName(PointResult p, int stream, boolean degraded) {
        if (p.faults().streams().size() <= 1) {
            return degraded ? DEGRADED : COMPLETE;
        }
        String name = p.faults().streams().get(stream).name();
        return degraded ? name + ", " + DEGRADED : name;
    }

    private static int branches(PointResult p, int stream) {
        List<FaultResult.StreamFaults> s = p.faults().streams();
        return stream < s.size() ? Math.max(1, s.get(stream).branches()) : Math.max(1, p.branches());
    }

    public static Optional<Chart> create(PointResult p, String label) {
        if (!p.hasMetrics() || p.faults() == null || p.faults().timeline() == null
                || p.faults().timeline().arrivalMs().length == 0) {
            return Optional.empty();
        }
        NumberAxis time = new NumberAxis("arrival of the request (s from the start of the run)");
        time.setAutoRangeIncludesZero(true);

        NumberAxis latencyAxis = new NumberAxis("latency (ms)");
        latencyAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer upper = new XYLineAndShapeRenderer(false, true);
        XYSeriesCollection top = latencies(p);
        XYPlot above = new XYPlot(top, null, latencyAxis, upper);
        NumberAxis share = new NumberAxis("branches in the answer (%)");
        share.setRange(-8, 108);
        share.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(25));
        XYLineAndShapeRenderer lower = new XYLineAndShapeRenderer(false, true);
        XYSeriesCollection bottom = answers(p);
        XYPlot below = new XYPlot(bottom, null, share, lower);
        for (FaultWindow w : p.faults().windows()) {
            shade(above, w, true);
            shade(below, w, false);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        plot.add(above, 3);
        plot.add(below, 2);
        JFreeChart chart = new JFreeChart("Latency and answers through the faults", Theme.font(Font.BOLD, 16), plot, true);
        Theme.apply(chart);
        // after the theme, which would reset them: a colour per stream (filled: complete, hollow: fewer branches),
        // failed requests red squares; the same in both panels, each in the legend once
        style(p, upper, top, false);
        style(p, lower, bottom, true);
        for (XYPlot sub : List.of(above, below)) {
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(Theme.GRID);
            sub.setRangeGridlinePaint(Theme.GRID);
        }
        FaultResult f = p.faults();
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%s; first replication; availability %s, %s failed and"
                + " %s with fewer branches per replication", label, num(f.availability()), num(f.requestsFailed()),
                num(f.requestsDegraded())), Theme.font(Font.PLAIN, 11)));
        String caption = "Each measured request of the first replication (of every stream, a colour each) at the time it"
                + " arrived: above, its latency (complete answers filled; hollow, answers the final node gave with fewer"
                + " branches than the model has, when the others were lost or late at its gather deadline); below, the share of the model's branches its answer"
                + " had (100% complete; 0%: it failed, never answered). The faults of that replication are shaded: a"
                + " crashed device red, a slowed-down one orange, a link down blue. Requests that arrive while a device"
                + " they need is down wait at the source or fail, depending on the strategy (docs/engine.md, \"Faults\").";
        return Optional.of(new Chart(name(p.pointId()), "Latency and answers through the faults, " + label, caption, chart,
                960, 600));
    }

    private static void style(PointResult p, XYLineAndShapeRenderer r, XYSeriesCollection data, boolean lower) {
        int streams = Math.max(1, p.faults().streams().size());
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = (String) data.getSeriesKey(i);
            boolean failed = key.equals(FAILED) && lower;
            boolean degraded = !failed && (key.equals(DEGRADED) || key.endsWith(", " + DEGRADED));
            int stream = 0;
            for (int s = 0; s < streams; s++) {
                if (key.equals(seriesName(p, s, false)) || key.equals(seriesName(p, s, true))) {
                    stream = s;
                }
            }
            Color c = failed ? Theme.ALERT : streams == 1 && degraded ? (Color) Theme.color(1) : (Color) Theme.color(stream);
            r.setSeriesPaint(i, c);
            r.setSeriesShape(i, failed ? new Rectangle2D.Double(-3.5, -3.5, 7, 7) : new Ellipse2D.Double(-3, -3, 6, 6));
            r.setSeriesShapesFilled(i, !degraded);
            r.setSeriesStroke(i, new BasicStroke(1.2f));
            r.setSeriesVisibleInLegend(i, !lower || failed);
        }
    }

    private static void shade(XYPlot plot, FaultWindow w, boolean label) {
        Color base = switch (w.kind()) {
            case "crash" -> Theme.ALERT;
            case "slowdown" -> new Color(0xE69F00);
            default -> new Color(0x0072B2);
        };
        IntervalMarker m = new IntervalMarker(w.atMs() / 1000, w.untilMs() / 1000, Theme.tint(base, 0.82));
        m.setAlpha(1.0f);
        if (label) {
            m.setLabel(w.target() + " " + (w.kind().equals("slowdown") ? "x" + num(w.factor()) : w.kind()));
            m.setLabelFont(Theme.font(Font.PLAIN, 10));
            m.setLabelPaint(Theme.TEXT);
            m.setLabelBackgroundColor(Theme.LABEL_BACKGROUND);
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        }
        plot.addDomainMarker(m, Layer.BACKGROUND);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}

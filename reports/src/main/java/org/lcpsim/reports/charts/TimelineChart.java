package org.lcpsim.reports.charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import org.lcpsim.reports.Num;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.Span;

/**
 * The timeline (Gantt chart) of one inference: a row per device, then a row per link, each
 * compute, transfer and (de)serialization interval as a bar from its start to its end
 * (milliseconds since the request arrived), and the critical path in dark colours. This is the
 * chart that says why a design is slow: what the last result waited for.
 */
public final class TimelineChart {
    /** Bar half-height in rows. */
    static final double HALF = 0.34;

    private TimelineChart() {
    }

    /** The series of the chart, in legend order; a span goes to (kind, critical). */
    public static String seriesName(Span.Kind kind, boolean critical) {
        String k = switch (kind) {
            case COMPUTE -> "compute";
            case TRANSFER -> "transfer";
            case SERIALIZE -> "(de)serialize";
        };
        return critical ? k + " (critical path)" : k;
    }

    /**
     * Rows top to bottom: devices in natural order (d2 before d10), then links in the order
     * they first carry data, so the chart reads as a cascade from the input to the result.
     */
    public static List<String> rows(List<Span> spans) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> devices = new ArrayList<>();
        Map<String, Double> linkStart = new LinkedHashMap<>();
        for (Span s : spans) {
            if (isLink(s.resource())) {
                linkStart.merge(s.resource(), s.startMs(), Math::min);
            } else if (seen.add(s.resource())) {
                devices.add(s.resource());
            }
        }
        devices.sort(NATURAL);
        List<String> links = new ArrayList<>(linkStart.keySet());
        links.sort(Comparator.comparing((String l) -> linkStart.get(l)).thenComparing(NATURAL));
        List<String> out = new ArrayList<>(devices);
        out.addAll(links);
        return out;
    }

    private static boolean isLink(String resource) {
        return resource.contains("->");
    }

    /** Most rows a timeline draws (26 pixels each); beyond, the rows on the critical path and the first ones. */
    static final int MAX_ROWS = 48;

    /**
     * A row of the chart: one device or link, or several whose intervals are all the same (the N
     * workers of model parallelism, a multicast's N deliveries), drawn once and labelled with the
     * first and the last of them and how many.
     */
    public record Row(String label, List<String> resources) {
        public Row {
            resources = List.copyOf(resources);
        }
    }

    /** What makes two rows the same: devices or links, and every interval (kind, critical, start, end). */
    private record Signature(boolean link, List<List<Object>> intervals) {
    }

    /**
     * The rows drawn, top to bottom ({@link #rows} merged where their intervals are the same, in
     * the order of their first member), at most {@link #MAX_ROWS}: past that, every row with a
     * critical interval and then the first others, in order.
     */
    public static List<Row> drawnRows(List<Span> spans) {
        return drawnRows(spans, rows(spans));
    }

    /** As {@link #drawnRows(List)}, given the spans' {@link #rows}. */
    private static List<Row> drawnRows(List<Span> spans, List<String> resourceRows) {
        Map<String, List<List<Object>>> intervals = new LinkedHashMap<>();
        for (Span s : spans) {
            intervals.computeIfAbsent(s.resource(), r -> new ArrayList<>())
                    .add(List.of(s.kind(), s.critical(), s.startMs(), s.endMs()));
        }
        Map<Signature, List<String>> groups = new LinkedHashMap<>();
        for (String r : resourceRows) {
            List<List<Object>> own = intervals.get(r);
            own.sort(Comparator.comparing((List<Object> i) -> (Double) i.get(2)).thenComparing(i -> (Double) i.get(3))
                    .thenComparing(i -> i.get(0).toString()).thenComparing(i -> (Boolean) i.get(1)));
            groups.computeIfAbsent(new Signature(isLink(r), own), k -> new ArrayList<>()).add(r);
        }
        List<Row> all = new ArrayList<>();
        for (Map.Entry<Signature, List<String>> g : groups.entrySet()) {
            List<String> members = g.getValue();
            String label = members.size() == 1 ? members.get(0) : members.get(0) + " ... " + members.get(members.size() - 1)
                    + " (" + members.size() + (g.getKey().link() ? " links)" : " devices)");
            all.add(new Row(label, members));
        }
        if (all.size() <= MAX_ROWS) {
            return all;
        }
        java.util.Set<String> critical = new java.util.HashSet<>();
        for (Span s : spans) {
            if (s.critical()) {
                critical.add(s.resource());
            }
        }
        List<Row> keep = new ArrayList<>();
        int room = MAX_ROWS - (int) all.stream().filter(r -> critical.contains(r.resources().get(0))).count();
        for (Row r : all) {
            if (critical.contains(r.resources().get(0))) {
                keep.add(r);
            } else if (room > 0) {
                keep.add(r);
                room--;
            }
        }
        return keep;
    }

    /** The bars: each span on its row (a merged row's are its first member's: the others' are the same). */
    private static XYIntervalSeriesCollection dataset(List<Span> spans, List<Row> rows) {
        Map<String, Integer> rowOf = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            rowOf.put(rows.get(i).resources().get(0), i);
        }
        Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
        for (boolean critical : new boolean[] {false, true}) {
            for (Span.Kind kind : Span.Kind.values()) {
                series.put(seriesName(kind, critical), new XYIntervalSeries(seriesName(kind, critical), false, true));
            }
        }
        for (Span s : spans) {
            Integer row = rowOf.get(s.resource());
            if (row == null) {
                continue;
            }
            // y counts rows from the top: the first row gets the largest value
            double y = rows.size() - 1 - row;
            series.get(seriesName(s.kind(), s.critical())).add(s.startMs(), s.startMs(), s.endMs(), y, y - HALF, y + HALF);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (XYIntervalSeries s : series.values()) {
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        return data;
    }

    public static Optional<Chart> create(PointResult point, String label) {
        if (!point.ok() || point.metrics().timeline().isEmpty()) {
            return Optional.empty();
        }
        List<Span> spans = point.metrics().timeline();
        List<String> resourceRows = rows(spans);
        List<Row> rows = drawnRows(spans, resourceRows);
        XYIntervalSeriesCollection data = dataset(spans, rows);
        List<String> reversed = new ArrayList<>();
        for (Row r : rows) {
            reversed.add(0, r.label());
        }
        SymbolAxis y = new SymbolAxis(null, reversed.toArray(new String[0]));
        y.setGridBandsVisible(false);
        NumberAxis x = new NumberAxis("time since the request arrived (ms), linear scale");
        x.setAutoRangeIncludesZero(true);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(true);
        JFreeChart chart = new JFreeChart("Timeline of one inference: " + label, plot);
        Theme.apply(chart);
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, paint(String.valueOf(data.getSeriesKey(i))));
        }
        double end = 0;
        for (Span s : spans) {
            end = Math.max(end, s.endMs());
        }
        int resources = resourceRows.size();
        int shown = rows.stream().mapToInt(r -> r.resources().size()).sum();
        String left = shown < resources ? String.format(java.util.Locale.ROOT, "; %,d of %,d devices and links not shown",
                resources - shown, resources) : "";
        chart.addSubtitle(new TextTitle("point " + point.pointId() + ": latency of this inference " + Num.format(round(end))
                + " ms; dark bars: critical path" + left, Theme.font(java.awt.Font.PLAIN, 11)));
        String caption = "Timeline of one inference (the first measured request of the first replication) of "
                + label + ": a row per device and per link (devices and links whose intervals are all the same share one"
                + " row, labelled with the first, the last and how many; at most " + MAX_ROWS + " rows: past that, those"
                + " on the critical path and the first others); bars are compute, transfer and (de)serialization"
                + " intervals; dark bars form the critical path, the chain of intervals that decided the latency.";
        int height = Math.max(300, Math.min(1400, 150 + 26 * rows.size()));
        return Optional.of(new Chart("timeline-p" + point.pointId(), "Timeline: " + label, caption, chart, 960, height));
    }

    static Color paint(String series) {
        boolean critical = series.endsWith("(critical path)");
        Color base;
        if (series.startsWith("compute")) {
            base = Theme.color(0);
        } else if (series.startsWith("transfer")) {
            base = Theme.color(1);
        } else {
            base = Theme.color(8);
        }
        return critical ? base.darker() : Theme.tint(base, 0.6);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private static final Pattern DIGITS = Pattern.compile("(\\D*)(\\d+)(.*)");

    /** "d2" before "d10"; link names compare by their parts the same way. */
    static final Comparator<String> NATURAL = TimelineChart::naturalCompare;

    static int naturalCompare(String a, String b) {
        Matcher ma = DIGITS.matcher(a);
        Matcher mb = DIGITS.matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1))) {
            int c = Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
            return c != 0 ? c : naturalCompare(ma.group(3), mb.group(3));
        }
        return a.compareTo(b);
    }
}

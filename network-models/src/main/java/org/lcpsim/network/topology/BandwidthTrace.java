package org.lcpsim.network.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.lcpsim.config.Csv;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Excerpt;
import org.lcpsim.config.Location;

/**
 * A link's bandwidth over time, from a CSV file: a header naming {@code time_s} and
 * {@code bandwidth_mbps} (other columns are ignored), then one row per change: from
 * {@code time_s} on, until the next row, the link carries {@code bandwidth_mbps} (0: down).
 * Blank lines and lines starting with {@code #} are skipped. Times are seconds from the start of
 * the run, in [0, {@value #MAX_TIME_S}], increasing; bandwidths are >= 0 and finite, and the last
 * one is > 0 (the last row holds to the end of the run: a link that never comes back would stall
 * its flows for good). Every error points at its line and cell.
 */
public record BandwidthTrace(double[] timeMs, double[] mbps) {
    /** The latest time a row may have, in seconds: the longest horizon a run may have (1e9 s). */
    public static final double MAX_TIME_S = 1e9;
    /** The most rows a trace may have. */
    public static final int MAX_ROWS = 1_000_000;
    private static final Pattern NUMBER = Pattern.compile("[+]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Parses {@code text} (the file {@code name}); null when it has errors, each recorded. */
    public static BandwidthTrace parse(String text, String name, double maxMbps, Errors errors) {
        int before = errors.size();
        String[] lines = text.split("\r?\n", -1);
        int headerLine = -1;
        int timeCol = -1;
        int bwCol = -1;
        List<double[]> rows = new ArrayList<>();
        double lastTime = -1;
        int lastTimeLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> cells = Csv.split(line);
            if (headerLine < 0) {
                headerLine = i;
                for (int c = 0; c < cells.size(); c++) {
                    String h = cells.get(c).strip();
                    if (h.equals("time_s")) {
                        timeCol = c;
                    } else if (h.equals("bandwidth_mbps")) {
                        bwCol = c;
                    }
                }
                if (timeCol < 0 || bwCol < 0) {
                    errors.add(new Location(name, i + 1, 1), "$", "a bandwidth trace starts with a header naming time_s and "
                            + "bandwidth_mbps, got '" + Excerpt.of(line) + "'");
                    return null;
                }
                continue;
            }
            if (errors.size() - before >= 10) {
                break; // the first ones say enough
            }
            if (rows.size() == MAX_ROWS) {
                errors.add(new Location(name, i + 1, 1), "$", "more than " + MAX_ROWS + " rows; a trace has at most " + MAX_ROWS);
                break;
            }
            if (cells.size() <= Math.max(timeCol, bwCol)) {
                errors.add(new Location(name, i + 1, 1), "$", "expected " + (Math.max(timeCol, bwCol) + 1)
                        + " columns as in the header, got " + cells.size());
                continue;
            }
            Double t = number(cells, timeCol, line, name, i, "time_s", 0, MAX_TIME_S, errors);
            Double bw = number(cells, bwCol, line, name, i, "bandwidth_mbps", 0, maxMbps, errors);
            if (t != null && lastTime >= 0 && !(t > lastTime)) {
                errors.add(new Location(name, i + 1, column(line, timeCol)), "$.time_s", "times must increase: "
                        + cells.get(timeCol).strip() + " s comes after " + fmt(lastTime) + " s (line " + lastTimeLine + ")");
                t = null;
            }
            if (t != null) {
                lastTime = t;
                lastTimeLine = i + 1;
            }
            if (t != null && bw != null) {
                rows.add(new double[] {t * 1000.0, bw, i + 1});
            }
        }
        if (headerLine < 0) {
            errors.add(new Location(name, 1, 1), "$", "empty bandwidth trace: expected a header (time_s,bandwidth_mbps) and rows");
            return null;
        }
        if (errors.size() > before) {
            return null;
        }
        if (rows.isEmpty()) {
            errors.add(new Location(name, headerLine + 1, 1), "$", "a bandwidth trace needs at least one row after its header");
            return null;
        }
        double[] last = rows.get(rows.size() - 1);
        if (last[1] == 0) {
            errors.add(new Location(name, (int) last[2], column(lines[(int) last[2] - 1], bwCol)), "$.bandwidth_mbps",
                    "the last row holds to the end of the run, so it must be > 0: a link that never comes back would stall"
                            + " its flows for good (end the trace with the bandwidth it comes back at)");
            return null;
        }
        double[] tm = new double[rows.size()];
        double[] mb = new double[rows.size()];
        for (int i = 0; i < tm.length; i++) {
            tm[i] = rows.get(i)[0];
            mb[i] = rows.get(i)[1];
        }
        return new BandwidthTrace(tm, mb);
    }

    private static Double number(List<String> cells, int col, String line, String name, int i, String what, double min,
                                 double max, Errors errors) {
        String text = cells.get(col).strip();
        Location at = new Location(name, i + 1, column(line, col));
        if (!NUMBER.matcher(text).matches()) {
            errors.add(at, "$." + what, "expected a number >= 0, got '" + Excerpt.of(text) + "'");
            return null;
        }
        double v = Double.parseDouble(text);
        if (v > max) {
            errors.add(at, "$." + what, "too large: " + Excerpt.of(text) + (what.equals("time_s") ? " s; at most "
                    + fmt(max) + " s" : " Mbps"));
            return null;
        }
        if (!(v >= min)) {
            errors.add(at, "$." + what, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + Excerpt.of(text));
            return null;
        }
        return v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The 1-based column where cell {@code index} of a CSV line starts. */
    static int column(String line, int index) {
        int col = 0;
        boolean quoted = false;
        for (int cell = 0; col < line.length() && cell < index; col++) {
            char c = line.charAt(col);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cell++;
            }
        }
        return col + 1;
    }
}

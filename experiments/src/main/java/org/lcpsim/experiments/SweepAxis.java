package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.lcpsim.config.Location;
import org.lcpsim.config.Node;

/**
 * One axis of a sweep's grid: one path, or several varied together (zip), the i-th values of
 * each forming the axis's i-th value. A range is never materialized: its values are computed
 * when asked for, so a sweep of a million-value range costs nothing until a point needs one.
 */
final class SweepAxis {
    /** The values of one swept path: a list written in the file, or a range {from, to, step}. */
    sealed interface Column permits Listed, Range {
        int size();

        Node value(int i);
    }

    record Listed(List<Node> values) implements Column {
        @Override
        public int size() {
            return values.size();
        }

        @Override
        public Node value(int i) {
            return values.get(i);
        }
    }

    /** {@code from + i * step} for i in [0, count); integers when from, to and step were all written as integers. */
    record Range(Location location, double from, double step, int count, boolean integers) implements Column {
        @Override
        public int size() {
            return count;
        }

        @Override
        public Node value(int i) {
            return new Node.Scalar(location, text(i), integers ? Node.Scalar.Type.INTEGER : Node.Scalar.Type.FLOAT);
        }

        /** Value i as written into a point: an integer, or the number rounded to 10 significant digits. */
        String text(int i) {
            double v = from + i * step;
            return integers ? Long.toString(Math.round(v))
                    : new java.math.BigDecimal(v).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString();
        }

        /** Value i as a filter reads it (the number its text says), without building the text for integers. */
        double number(int i) {
            return integers ? (double) Math.round(from + i * step) : Double.parseDouble(text(i));
        }
    }

    private final List<String> paths;
    private final List<Location> locations;
    private final List<Column> columns;
    /** The top-level field (section) each path changes. */
    private final List<String> sections;

    SweepAxis(List<String> paths, List<Location> locations, List<Column> columns) {
        this.paths = List.copyOf(paths);
        this.locations = List.copyOf(locations);
        this.columns = List.copyOf(columns);
        List<String> s = new ArrayList<>();
        for (String p : paths) {
            s.add(p.split("\\.", 2)[0]);
        }
        this.sections = List.copyOf(s);
    }

    List<String> paths() {
        return paths;
    }

    List<Location> locations() {
        return locations;
    }

    List<Column> columns() {
        return columns;
    }

    List<String> sections() {
        return sections;
    }

    int size() {
        return columns.get(0).size();
    }

    /** Path k's value in the axis's i-th value. */
    Node value(int i, int k) {
        return columns.get(k).value(i);
    }

    /** A number and its format, as the binders read it: plain decimal integers, or decimal numbers. */
    private static final Pattern PLAIN_INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    /**
     * The indices of the values that represent this axis in the checks of {@link SweepCheck}:
     * every value, except that numbers written the same way (plain decimal integers, or plain
     * decimal numbers, in a range or a list) are represented by the smallest and the largest of
     * them, the first, the last and the middle one. That is sound because every check the
     * binders make on a number, alone or against another field, is a bound or an interval
     * ({@code 1 <= count <= 10000}, {@code finalDevice < devices}, {@code frameworkMb < memoryMb},
     * a time below a limit): when the extreme values of a column pass with the other fields
     * fixed, the values between pass too. A value written any other way (hexadecimal, with
     * underscores, {@code .nan}, text, a mapping) is checked on its own, and so is every row of
     * zipped lists (a check across two zipped paths may fail on any row); zipped ranges move
     * together linearly, so their ends and middle represent them.
     */
    int[] checkValues() {
        return checkValues(i -> true);
    }

    /** The same among the values {@code occurs} accepts (those a filter leaves in some design point); none when none. */
    int[] checkValues(java.util.function.IntPredicate occurs) {
        int n = size();
        int[] kept = java.util.stream.IntStream.range(0, n).filter(occurs).toArray();
        if (kept.length == 0) {
            return kept;
        }
        Set<Integer> out = new LinkedHashSet<>();
        out.add(kept[0]);
        out.add(kept[kept.length - 1]);
        out.add(kept[kept.length / 2]);
        boolean reducible = true;
        for (Column c : columns) {
            if (!(c instanceof Range)) {
                reducible = false;
            }
        }
        if (reducible) {
            // ranges increase, together: their ends are their extremes (zipped ranges too, which move linearly together)
            return out.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        if (columns.size() > 1) {
            // zipped lists: a check across two of its paths sees the rows as written, any of which may be the odd one
            return kept;
        }
        for (Column c : columns) {
            // per format: the index of the smallest and of the largest value
            int[] minAt = {-1, -1};
            int[] maxAt = {-1, -1};
            double[] min = {0, 0};
            double[] max = {0, 0};
            for (int i : kept) {
                Node v = c.value(i);
                int format = -1;
                double x = 0;
                if (v instanceof Node.Scalar s && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.FLOAT)) {
                    String t = s.text();
                    if (s.type() == Node.Scalar.Type.INTEGER && PLAIN_INTEGER.matcher(t).matches()) {
                        format = 0;
                    } else if (PLAIN_DECIMAL.matcher(t).matches()) {
                        format = 1;
                    }
                    if (format >= 0) {
                        x = new java.math.BigDecimal(t.startsWith("+") ? t.substring(1) : t).doubleValue();
                        if (Double.isInfinite(x)) {
                            format = -1; // beyond a double: on its own
                        }
                    }
                }
                if (format < 0) {
                    out.add(i);
                    continue;
                }
                if (minAt[format] < 0 || x < min[format]) {
                    minAt[format] = i;
                    min[format] = x;
                }
                if (maxAt[format] < 0 || x > max[format]) {
                    maxAt[format] = i;
                    max[format] = x;
                }
            }
            for (int f = 0; f < 2; f++) {
                if (minAt[f] >= 0) {
                    out.add(minAt[f]);
                    out.add(maxAt[f]);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}

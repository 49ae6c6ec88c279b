package org.lcpsim.experiments.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.lcpsim.reports.Column;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.results.PointResult;

/**
 * Values of result columns for constraints and objectives: every results.csv column, plus the
 * accuracy columns, and with request streams each stream's columns ({@code stream.NAME.FIELD}).
 * Which ones are known before simulating decides what can be pruned early.
 */
public final class ResultColumns {
    public static final String ACCURACY = "accuracy_pct";
    public static final String ACCURACY_DROP = "accuracy_drop_pct";

    /** Known from the deployment alone, before any event runs. */
    static final Set<String> BEFORE_SIMULATION = Set.of("model", "strategy", "devices", "branches", "fatten", "variant",
            "device_type", "network", "requests", "replications", "seed", "peak_memory_mb_max", "swap_mb_max", "params",
            "macs", ACCURACY, ACCURACY_DROP);

    private ResultColumns() {
    }

    public static boolean known(String column) {
        return column.equals(ACCURACY) || column.equals(ACCURACY_DROP)
                || ResultsCsv.COLUMNS.stream().anyMatch(c -> c.name().equals(column)) || streamColumn(column) != null;
    }

    /** Whether a column is one of results.csv's for an experiment with these streams (none: one stream). */
    public static boolean known(String column, List<String> streams) {
        Column c = streamColumn(column);
        return c == null ? known(column) : streams.contains(column.split("\\.")[1]);
    }

    /** The numeric columns of an experiment with these streams: {@link #numeric()}, then each stream's. */
    public static List<String> numeric(List<String> streams) {
        List<String> out = numeric();
        for (Column c : ResultsCsv.streamColumns(streams)) {
            if (!Set.of("model", "strategy", "variant", "source", "status").contains(c.name().substring(c.name().lastIndexOf('.') + 1))) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** The column {@code stream.NAME.FIELD}, or null when the name is not of that form. */
    private static Column streamColumn(String column) {
        String[] parts = column.split("\\.");
        if (parts.length != 3 || !parts[0].equals("stream") || !ResultsCsv.STREAM_FIELDS.contains(parts[2])) {
            return null;
        }
        return ResultsCsv.streamColumns(List.of(parts[1])).get(ResultsCsv.STREAM_FIELDS.indexOf(parts[2]));
    }

    public static List<String> numeric() {
        List<String> out = new ArrayList<>();
        for (Column c : ResultsCsv.COLUMNS) {
            if (!Set.of("experiment", "model", "strategy", "device_type", "network", "status", "variant").contains(c.name())) {
                out.add(c.name());
            }
        }
        out.add(ACCURACY);
        out.add(ACCURACY_DROP);
        return out;
    }

    public static boolean beforeSimulation(java.util.Collection<String> columns) {
        return BEFORE_SIMULATION.containsAll(columns);
    }

    /** The value of a column for a result: a Double, a String, or null when empty or unknown. */
    public static Object value(PointResult r, String column, AccuracyTable accuracy) {
        if (column.equals(ACCURACY) || column.equals(ACCURACY_DROP)) {
            if (org.lcpsim.workload.LcpModel.isUneven(r.variant())) {
                // uneven branches are another model: a table of equal-branch configurations says nothing of them
                return null;
            }
            double v = column.equals(ACCURACY) ? accuracy.accuracyPct(r.model(), r.branches(), r.fatten())
                    : accuracy.dropPct(r.model(), r.branches(), r.fatten());
            return Double.isNaN(v) ? null : v;
        }
        Column stream = streamColumn(column);
        for (Column c : stream != null ? List.of(stream) : ResultsCsv.COLUMNS) {
            if (c.name().equals(column)) {
                String s = c.value().apply(r);
                if (s == null || s.isEmpty()) {
                    return null;
                }
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return s;
                }
            }
        }
        return null;
    }
}

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
    /** The devices a design uses: the {@code devices} column under the name of a resource. */
    public static final String DEVICES_USED = "devices_used";
    /** Every device of a design's cluster, used or idle. */
    public static final String CLUSTER_DEVICES = "cluster_devices";
    /** The sum of {@code explore.cost} over the devices of a design's cluster. */
    public static final String COST = "cost";
    /** The columns of a design's resources, which also break ties between designs equal in every objective. */
    public static final List<String> RESOURCES = List.of(DEVICES_USED, CLUSTER_DEVICES, COST);

    /**
     * What a design occupies: the devices it uses, the devices of its cluster, and what they cost
     * (NaN when the explore section gives no cost table, or none for one of the cluster's device
     * types: {@code noCost} names them).
     */
    public record Resources(int used, int cluster, double cost, List<String> noCost) {
        public Resources {
            noCost = noCost == null ? List.of() : List.copyOf(noCost);
        }

        /**
         * Fewer devices used, then fewer in the cluster, then (both known) a lower cost: negative
         * when this design takes less than {@code o}, 0 when neither takes less.
         */
        public int compareTo(Resources o) {
            if (used != o.used) {
                return Integer.compare(used, o.used);
            }
            if (cluster != o.cluster) {
                return Integer.compare(cluster, o.cluster);
            }
            if (!Double.isNaN(cost) && !Double.isNaN(o.cost)) {
                return Double.compare(cost, o.cost);
            }
            return 0;
        }
    }

    /** Known from the deployment alone, before any event runs. */
    static final Set<String> BEFORE_SIMULATION = Set.of("model", "strategy", "devices", "branches", "fatten", "variant",
            "device_type", "network", "requests", "replications", "seed", "peak_memory_mb_max", "swap_mb_max", "weights_mb_max", "params",
            "macs", ACCURACY, ACCURACY_DROP, DEVICES_USED, CLUSTER_DEVICES, COST);

    private ResultColumns() {
    }

    public static boolean known(String column) {
        return column.equals(ACCURACY) || column.equals(ACCURACY_DROP) || RESOURCES.contains(column)
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
        out.addAll(RESOURCES);
        return out;
    }

    public static boolean beforeSimulation(java.util.Collection<String> columns) {
        return BEFORE_SIMULATION.containsAll(columns);
    }

    /** The value of a column for a result: a Double, a String, or null when empty or unknown. */
    public static Object value(PointResult r, String column, AccuracyTable accuracy) {
        return value(r, column, accuracy, null);
    }

    /** The same, with the design's resources ({@code cluster_devices} and {@code cost} are null without them). */
    public static Object value(PointResult r, String column, AccuracyTable accuracy, Resources resources) {
        if (column.equals(DEVICES_USED)) {
            return (double) r.devices();
        }
        if (column.equals(CLUSTER_DEVICES)) {
            return resources == null ? null : (double) resources.cluster();
        }
        if (column.equals(COST)) {
            return resources == null || Double.isNaN(resources.cost()) ? null : resources.cost();
        }
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

package org.lcpsim.reports;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.lcpsim.config.Csv;
import org.lcpsim.execution.Phase;
import org.lcpsim.results.FaultResult;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.StreamResult;

/**
 * results.csv: one row per design point. The first columns are the contract of DESIGN.md; more
 * follow; columns are added over time, never renamed. Swept field values come last, one
 * column per swept path, named {@code sweep.PATH}. Metric columns are empty when the point has
 * no metrics (status oom or error) and where a figure is unknown (the point's notes say why).
 * An experiment with several request streams has, after the fixed columns (and explore's), the
 * columns of {@link #streamColumns} for each stream the file names, in its order; one with faults
 * (or a gather deadline), after those, the columns of {@link #faultColumns}.
 */
public final class ResultsCsv {
    public static final List<Column> COLUMNS = List.of(
            new Column("point_id", r -> Integer.toString(r.pointId())),
            new Column("experiment", PointResult::experiment),
            new Column("model", PointResult::model),
            new Column("strategy", PointResult::strategy),
            new Column("devices", r -> Integer.toString(r.devices())),
            new Column("branches", r -> Integer.toString(r.branches())),
            new Column("fatten", r -> Num.format(r.fatten())),
            new Column("device_type", PointResult::deviceType),
            new Column("network", PointResult::network),
            new Column("requests", r -> Integer.toString(r.requests())),
            metric("latency_ms_mean", Metrics::latencyMsMean),
            metric("latency_ms_p50", Metrics::latencyMsP50),
            metric("latency_ms_p95", Metrics::latencyMsP95),
            metric("latency_ms_p99", Metrics::latencyMsP99),
            metric("latency_ms_max", Metrics::latencyMsMax),
            metric("latency_ms_ci95", Metrics::latencyMsCi95),
            metric("throughput_ips", Metrics::throughputIps),
            metric("bytes_total", Metrics::bytesPerRequest),
            metric("connected_pairs", Metrics::connectedPairs),
            new Column("peak_memory_mb_max", r -> r.memory().isEmpty() ? "" : Num.format(r.peakMemoryMbMax())),
            metric("energy_j_per_inference", Metrics::energyJPerInference),
            new Column("params", r -> Long.toString(r.params())),
            new Column("macs", r -> Long.toString(r.macs())),
            new Column("status", PointResult::status),
            new Column("variant", PointResult::variant),
            new Column("replications", r -> Integer.toString(r.replications())),
            new Column("seed", r -> Long.toString(r.seed())),
            metric("latency_ms_std", Metrics::latencyMsStd),
            metric("throughput_ips_ci95", Metrics::throughputIpsCi95),
            metric("compute_ms_mean", Metrics::computeMsMean),
            metric("comm_ms_mean", Metrics::commMsMean),
            metric("wait_ms_mean", Metrics::waitMsMean),
            metric("input_ms_mean", m -> m.phaseMs(Phase.INPUT)),
            metric("activation_ms_mean", m -> m.phaseMs(Phase.ACTIVATION)),
            metric("gather_ms_mean", m -> m.phaseMs(Phase.GATHER)),
            metric("output_ms_mean", m -> m.phaseMs(Phase.OUTPUT)),
            new Column("swap_mb_max", r -> r.memory().isEmpty() ? "" : Num.format(r.swapMbMax())),
            metric("busy_fraction_max", Metrics::busyFractionMax),
            metric("events_per_request", Metrics::eventsPerRequest),
            metric("measured_layers_pct", Metrics::measuredLayersPct),
            metric("network_utilization_max", Metrics::networkUtilizationMax),
            metric("capacity_ips", Metrics::capacityIps),
            new Column("capacity_bottleneck", r -> r.metrics() == null || r.metrics().capacity() == null ? ""
                    : r.metrics().capacity().bottleneck()),
            metric("bottleneck_utilization", m -> m.capacity() == null ? Double.NaN : m.capacity().utilization()),
            metric("offered_ips", Metrics::offeredIps),
            metric("latency_ms_unloaded", Metrics::latencyMsUnloaded),
            new Column("energy_scope", r -> r.metrics() == null ? "" : r.metrics().energyScope()),
            new Column("notes", r -> String.join("; ", r.notes())),
            new Column("batch", r -> Integer.toString(r.batch())),
            new Column("weights_mb_max", r -> r.memory().isEmpty() ? "" : Num.format(r.weightsMbMax())));

    /** The columns of each stream, {@code stream.NAME.FIELD}, in this order (see {@link #streamColumns}). */
    public static final List<String> STREAM_FIELDS = List.of("model", "strategy", "variant", "devices", "source", "requests",
            "status", "latency_ms_mean", "latency_ms_p50", "latency_ms_p95", "latency_ms_p99", "latency_ms_max",
            "throughput_ips", "offered_ips", "capacity_ips", "latency_ms_unloaded");

    private ResultsCsv() {
    }

    /**
     * The columns of the streams of an experiment with several ({@code names}, the file's stream
     * names in order; none for one stream): for each, {@code stream.NAME.FIELD} for each of
     * {@link #STREAM_FIELDS}: what the stream runs (model, strategy, variant, devices used,
     * source, measured requests per replication), its status (ok or saturated), its latencies
     * (ms per request, pooled over replications), throughput, offered rate (blank for a closed
     * loop) and share of the capacity (images per second), and its latency alone. Blank for a
     * point that did not simulate (oom, error).
     */
    public static List<Column> streamColumns(List<String> names) {
        List<Column> out = new ArrayList<>();
        for (String name : names) {
            for (String field : STREAM_FIELDS) {
                out.add(new Column("stream." + name + "." + field, r -> {
                    StreamResult s = r.stream(name);
                    return s == null ? "" : streamValue(s, field);
                }));
            }
        }
        return out;
    }

    /** The fault columns of a point, in this order (see {@link #faultColumns}). */
    public static final List<String> FAULT_FIELDS = List.of("requests_failed", "requests_degraded", "availability",
            "accuracy_pct_mean", "latency_ms_accuracy_weighted");

    /**
     * The columns of an experiment with faults or a gather deadline (docs/engine.md, "Faults"):
     * {@link #FAULT_FIELDS} of the point (its streams pooled), then, with several streams
     * ({@code names}), {@code stream.NAME.FIELD} for each stream and field: measured requests per
     * replication that failed and that were answered with fewer branches (degraded), availability
     * (answered / issued), the mean top-1 accuracy of the answers (blank when the accuracy table
     * lacks one) and the accuracy-weighted latency (ms per expected correct answer). Blank for a
     * point that did not simulate.
     */
    public static List<Column> faultColumns(List<String> names) {
        List<Column> out = new ArrayList<>();
        for (String field : FAULT_FIELDS) {
            out.add(new Column(field, r -> r.faults() == null ? "" : faultValue(r.faults().requestsFailed(),
                    r.faults().requestsDegraded(), r.faults().availability(), r.faults().accuracyPctMean(),
                    r.faults().latencyMsAccuracyWeighted(), field)));
        }
        for (String name : names) {
            for (String field : FAULT_FIELDS) {
                out.add(new Column("stream." + name + "." + field, r -> {
                    FaultResult.StreamFaults s = r.faults() == null ? null : r.faults().stream(name);
                    return s == null ? "" : faultValue(s.requestsFailed(), s.requestsDegraded(), s.availability(),
                            s.accuracyPctMean(), s.latencyMsAccuracyWeighted(), field);
                }));
            }
        }
        return out;
    }

    private static String faultValue(double failed, double degraded, double availability, double accuracy, double weighted,
                                     String field) {
        return Num.format(switch (field) {
            case "requests_failed" -> failed;
            case "requests_degraded" -> degraded;
            case "availability" -> availability;
            case "accuracy_pct_mean" -> accuracy;
            case "latency_ms_accuracy_weighted" -> weighted;
            default -> throw new IllegalArgumentException("no fault column " + field);
        });
    }

    private static String streamValue(StreamResult s, String field) {
        return switch (field) {
            case "model" -> s.model();
            case "strategy" -> s.strategy();
            case "variant" -> s.variant();
            case "devices" -> Integer.toString(s.devices());
            case "source" -> s.source();
            case "requests" -> Integer.toString(s.requests());
            case "status" -> s.status();
            case "latency_ms_mean" -> Num.format(s.latencyMsMean());
            case "latency_ms_p50" -> Num.format(s.latencyMsP50());
            case "latency_ms_p95" -> Num.format(s.latencyMsP95());
            case "latency_ms_p99" -> Num.format(s.latencyMsP99());
            case "latency_ms_max" -> Num.format(s.latencyMsMax());
            case "throughput_ips" -> Num.format(s.throughputIps());
            case "offered_ips" -> Num.format(s.offeredIps());
            case "capacity_ips" -> Num.format(s.capacityIps());
            case "latency_ms_unloaded" -> Num.format(s.latencyMsUnloaded());
            default -> throw new IllegalArgumentException("no stream column " + field);
        };
    }

    private static Column metric(String name, ToDoubleFunction<Metrics> f) {
        return new Column(name, r -> r.metrics() == null ? "" : Num.format(f.applyAsDouble(r.metrics())));
    }

    /** Streams rows to a writer: call {@link #header} once, then {@link #row} per result. */
    public static void header(Writer out, List<String> sweptPaths) throws IOException {
        header(out, sweptPaths, List.of());
    }

    /** With {@code extra} columns after the standard ones and before the swept values. */
    public static void header(Writer out, List<String> sweptPaths, List<Column> extra) throws IOException {
        List<String> names = new ArrayList<>();
        for (Column c : COLUMNS) {
            names.add(c.name());
        }
        for (Column c : extra) {
            names.add(c.name());
        }
        for (String p : sweptPaths) {
            names.add("sweep." + p);
        }
        writeLine(out, names);
    }

    public static void row(Writer out, PointResult r, List<String> sweptPaths) throws IOException {
        row(out, r, sweptPaths, List.of());
    }

    public static void row(Writer out, PointResult r, List<String> sweptPaths, List<Column> extra) throws IOException {
        List<String> cells = new ArrayList<>();
        for (Column c : COLUMNS) {
            cells.add(c.value().apply(r));
        }
        for (Column c : extra) {
            cells.add(c.value().apply(r));
        }
        for (String p : sweptPaths) {
            cells.add(r.sweep().getOrDefault(p, ""));
        }
        writeLine(out, cells);
    }

    static void writeLine(Writer out, List<String> cells) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(Csv.quote(cells.get(i)));
        }
        b.append('\n');
        out.write(b.toString());
    }

}

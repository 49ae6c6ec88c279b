package org.lcpsim.reports.compare;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lcpsim.config.Csv;
import org.lcpsim.reports.Column;
import org.lcpsim.reports.Num;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.Reporter;
import org.lcpsim.reports.ResultsCsv;
import org.lcpsim.reports.RunInfo;
import org.lcpsim.results.PointResult;

/**
 * Two results folders side by side ({@code lcpsim compare A B}): their points matched by design,
 * the change of every metric from A to B, whether the 95% confidence intervals overlap, and the
 * points only one of them has.
 *
 * <p>Points are matched by their design, never by point id or row:
 * <ol>
 *   <li>when both runs sweep the same paths, by the swept values (path = value): the before/after
 *       of an edit outside the sweep (another network or device preset, another seed) matches
 *       each design with itself;</li>
 *   <li>else by the design fields {@code model, strategy, variant, devices, device_type,
 *       network, batch} that tell the points of a run apart: a field with one value throughout
 *       each run (whatever value) is left out, as it is the setting that changed between the
 *       runs (a run on {@code wifi-rpi} and one on {@code ethernet-1g} match design by design;
 *       two runs of one design each match each other).</li>
 * </ol>
 * Points that share a key within a run (a sweep that repeats a value) are paired in point order.
 */
public final class RunComparison {
    /** One results folder, its run description, and its points (without per-request samples), in point order. */
    public record Side(String name, Path dir, RunInfo info, List<PointResult> points) {
        public Side {
            points = List.copyOf(points);
        }
    }

    /** A design and its point in each run; one of {@code a}, {@code b} null when only the other has it. */
    public record Pair(String key, String label, PointResult a, PointResult b) {
        public String match() {
            return a != null && b != null ? "both" : a != null ? "only-a" : "only-b";
        }
    }

    /** How the points were matched, in words, the pairs (matched first, in A's point order, then A's own, then B's), and notes. */
    public record Result(Side a, Side b, String rule, List<Pair> pairs, List<String> notes) {
        public List<Pair> matched() {
            return pairs.stream().filter(p -> p.a() != null && p.b() != null).toList();
        }

        public List<Pair> onlyA() {
            return pairs.stream().filter(p -> p.b() == null).toList();
        }

        public List<Pair> onlyB() {
            return pairs.stream().filter(p -> p.a() == null).toList();
        }
    }

    /** The design fields of rule 2, as results.csv names them. */
    public static final List<String> DESIGN_FIELDS = List.of("model", "strategy", "variant", "devices", "device_type",
            "network", "batch");
    /** Columns that say how a point was run or what it is, not what it measured: no delta. */
    static final Set<String> NOT_METRICS = Set.of("point_id", "experiment", "replications", "seed", "requests", "batch",
            "notes", "model", "strategy", "variant", "device_type", "network", "branches", "fatten");
    /** A metric with the column of its 95% confidence half-width. */
    public static final Map<String, String> CI = Map.of("latency_ms_mean", "latency_ms_ci95", "throughput_ips",
            "throughput_ips_ci95");

    private RunComparison() {
    }

    /** Reads a results folder (run.json and points.jsonl); a damaged one throws ReportInputException naming the file. */
    public static Side read(String name, Path dir) {
        RunInfo info = Reporter.readInfo(dir.resolve(Reporter.RUN_INFO));
        List<PointResult> points = new ArrayList<>();
        PointsJsonl.read(dir.resolve(PointsJsonl.FILE), id -> false, points::add);
        points.sort(java.util.Comparator.comparingInt(PointResult::pointId));
        return new Side(name, dir, info, points);
    }

    public static Result compare(Side a, Side b) {
        List<String> notes = new ArrayList<>();
        Set<String> sweptA = new LinkedHashSet<>(a.info().sweptPaths());
        Set<String> sweptB = new LinkedHashSet<>(b.info().sweptPaths());
        java.util.function.Function<PointResult, String> key;
        java.util.function.Function<PointResult, String> label;
        String rule;
        if (!sweptA.isEmpty() && sweptA.equals(sweptB)) {
            List<String> paths = List.copyOf(sweptA);
            Map<String, String> shortNames = shortNames(paths);
            key = p -> {
                StringBuilder s = new StringBuilder();
                for (String path : paths) {
                    s.append(path).append('=').append(p.sweep().getOrDefault(path, "")).append('\n');
                }
                return s.toString();
            };
            label = p -> {
                List<String> parts = new ArrayList<>();
                for (String path : paths) {
                    parts.add(shortNames.get(path) + "=" + p.sweep().getOrDefault(path, ""));
                }
                return String.join(", ", parts);
            };
            rule = "by the swept values of " + String.join(", ", paths) + " (both runs sweep them)";
        } else {
            List<String> fields = new ArrayList<>();
            List<String> constant = new ArrayList<>();
            for (String f : DESIGN_FIELDS) {
                if (values(a.points(), f).size() > 1 || values(b.points(), f).size() > 1) {
                    fields.add(f);
                } else {
                    constant.add(f);
                }
            }
            key = p -> {
                StringBuilder s = new StringBuilder();
                for (String f : fields) {
                    s.append(f).append('=').append(field(p, f)).append('\n');
                }
                return s.toString();
            };
            label = p -> {
                if (fields.isEmpty()) {
                    return designOf(p);
                }
                List<String> parts = new ArrayList<>();
                for (String f : fields) {
                    parts.add(f + "=" + field(p, f));
                }
                return String.join(", ", parts);
            };
            rule = "by design: " + (fields.isEmpty() ? "each run has one design" : String.join(", ", fields))
                    + (constant.isEmpty() ? "" : "; left out, as each run has one value of them: " + String.join(", ", constant))
                    + (sweptA.equals(sweptB) ? "" : " (the runs sweep different paths: " + describe(sweptA) + " and "
                    + describe(sweptB) + ")");
        }
        Map<String, List<PointResult>> inB = new LinkedHashMap<>();
        for (PointResult p : b.points()) {
            inB.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(p);
        }
        Map<String, Integer> seenA = new LinkedHashMap<>();
        int sharedA = 0;
        List<Pair> matched = new ArrayList<>();
        List<Pair> onlyA = new ArrayList<>();
        for (PointResult p : a.points()) {
            String k = key.apply(p);
            int n = seenA.merge(k, 1, Integer::sum);
            sharedA += n == 2 ? 2 : n > 2 ? 1 : 0;
            List<PointResult> candidates = inB.get(k);
            if (candidates != null && !candidates.isEmpty()) {
                matched.add(new Pair(k, label.apply(p), p, candidates.remove(0)));
            } else {
                onlyA.add(new Pair(k, label.apply(p), p, null));
            }
        }
        List<Pair> onlyB = new ArrayList<>();
        for (List<PointResult> rest : inB.values()) {
            for (PointResult p : rest) {
                onlyB.add(new Pair(key.apply(p), label.apply(p), null, p));
            }
        }
        onlyB.sort(java.util.Comparator.comparingInt(p -> p.b().pointId()));
        if (sharedA > 0) {
            notes.add(sharedA + " points of " + a.name() + " share their design with another; they are paired with "
                    + b.name() + "'s in point order");
        }
        List<Pair> all = new ArrayList<>(matched);
        all.addAll(onlyA);
        all.addAll(onlyB);
        return new Result(a, b, rule, all, notes);
    }

    private static String describe(Set<String> swept) {
        return swept.isEmpty() ? "none" : String.join(", ", swept);
    }

    /** Each swept path by the fewest last segments that tell it from the others: {@code branches}, {@code 0.preset}. */
    static Map<String, String> shortNames(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : paths) {
            String[] seg = p.split("\\.");
            String name = p;
            for (int n = 1; n <= seg.length; n++) {
                String suffix = String.join(".", java.util.Arrays.copyOfRange(seg, seg.length - n, seg.length));
                boolean unique = paths.stream().filter(q -> !q.equals(p)).noneMatch(q -> q.equals(suffix)
                        || q.endsWith("." + suffix));
                if (unique) {
                    name = suffix;
                    break;
                }
            }
            out.put(p, name);
        }
        return out;
    }

    private static Set<String> values(List<PointResult> points, String field) {
        Set<String> out = new LinkedHashSet<>();
        for (PointResult p : points) {
            out.add(field(p, field));
        }
        return out;
    }

    /** A design field of a point, as results.csv writes it. */
    static String field(PointResult p, String name) {
        return switch (name) {
            case "model" -> p.model();
            case "strategy" -> p.strategy();
            case "variant" -> p.variant();
            case "devices" -> Integer.toString(p.devices());
            case "device_type" -> p.deviceType();
            case "network" -> p.network();
            case "batch" -> Integer.toString(p.batch());
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String designOf(PointResult p) {
        return p.model() + " " + p.strategy() + " " + p.variant() + " on " + p.devices() + " " + p.deviceType();
    }

    /** The columns compared: every results.csv column that holds a number, then status and the bottleneck, as text. */
    public static List<Column> metrics() {
        List<Column> out = new ArrayList<>();
        for (Column c : ResultsCsv.COLUMNS) {
            if (!NOT_METRICS.contains(c.name())) {
                out.add(c);
            }
        }
        return out;
    }

    /** The value of a column for a point as a number; NaN when blank, text, or no point. */
    public static double number(Column c, PointResult p) {
        if (p == null) {
            return Double.NaN;
        }
        String s = c.value().apply(p);
        try {
            return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Whether the 95% intervals (mean +- half-width) of a metric overlap in both points: "yes", "no", or "" when unknown. */
    public static String ciOverlap(Pair pair, String metric) {
        String ci = CI.get(metric);
        if (ci == null || pair.a() == null || pair.b() == null) {
            return "";
        }
        Column m = column(metric);
        Column h = column(ci);
        double a = number(m, pair.a());
        double b = number(m, pair.b());
        double ha = number(h, pair.a());
        double hb = number(h, pair.b());
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(ha) || Double.isNaN(hb)) {
            return "";
        }
        return Math.abs(a - b) <= ha + hb ? "yes" : "no";
    }

    static Column column(String name) {
        return ResultsCsv.COLUMNS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@code (b - a) / |a|} in %, NaN when either is unknown or a is 0. */
    public static double deltaPct(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || a == 0 ? Double.NaN : 100 * (b - a) / Math.abs(a);
    }

    /**
     * compare.csv: a row per design and compared column ({@code design, match, point_a, point_b,
     * metric, a, b, delta, delta_pct, ci_overlap}); a point only one run has gets its own values
     * and an empty other side; text columns (status, bottleneck, energy scope) have no delta.
     */
    public static void writeCsv(Result r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("design,match,point_a,point_b,metric,a,b,delta,delta_pct,ci_overlap\n");
            for (Pair p : r.pairs()) {
                for (Column c : metrics()) {
                    String va = p.a() == null ? "" : c.value().apply(p.a());
                    String vb = p.b() == null ? "" : c.value().apply(p.b());
                    double a = number(c, p.a());
                    double b = number(c, p.b());
                    double pct = deltaPct(a, b);
                    List<String> cells = List.of(p.label(), p.match(), p.a() == null ? "" : Integer.toString(p.a().pointId()),
                            p.b() == null ? "" : Integer.toString(p.b().pointId()), c.name(), va, vb,
                            TEXT.contains(c.name()) ? "" : Num.format(b - a),
                            TEXT.contains(c.name()) || Double.isNaN(pct) ? "" : Num.format(Math.round(pct * 100) / 100.0),
                            ciOverlap(p, c.name()));
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < cells.size(); i++) {
                        line.append(i == 0 ? "" : ",").append(Csv.quote(cells.get(i)));
                    }
                    w.write(line.append('\n').toString());
                }
            }
        }
    }

    /** Text columns of results.csv (no delta). */
    public static final Set<String> TEXT = Set.of("status", "capacity_bottleneck", "energy_scope");
}

package org.lcpsim.reports.charts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lcpsim.results.PointResult;

/**
 * Short, unique names of design points for chart categories and legends, naming what varies
 * between the points drawn together and leaving out what they share: a sweep over
 * strategy.branches and strategy.fatten gives "branches=8, fatten=0.4"; one over whole
 * strategies gives "single", "lcp split4", "lcp split8 on 4 dev"; a sweep over the device and
 * the network presets "devices=rpi3, network=wifi-rpi" (a field is named by its last part, or
 * by its parent when the last part is as generic as "preset"). The model goes in front when a
 * chart mixes models. Two points that would still share a name get the point id.
 */
public final class Labels {
    /** Last parts of a field path that say nothing alone: the field is named by its parent. */
    private static final Set<String> GENERIC = Set.of("preset", "kind", "name", "file", "type", "value");

    private Labels() {
    }

    /** The configuration of a point without its model ("4 streams" for a point with several request streams). */
    public static String config(PointResult p) {
        if (!p.streams().isEmpty()) {
            return p.streams().size() + " streams";
        }
        String strategy = p.strategy() == null ? "?" : p.strategy();
        if (strategy.equals("single")) {
            return "single";
        }
        StringBuilder b = new StringBuilder(strategy);
        String variant = p.variant() == null ? "" : p.variant();
        if (strategy.equals("lcp") && (variant.isBlank() || variant.equals("original"))) {
            // LCP with one branch is the original model: call it what the sweep asked for
            variant = "split" + p.branches();
        }
        boolean hasVariant = !variant.isBlank() && !variant.equals("original");
        if (hasVariant) {
            b.append(' ').append(variant);
        }
        boolean devicesImplied = strategy.equals("lcp") && hasVariant && p.branches() == p.devices();
        if (!devicesImplied && p.devices() > 0) {
            b.append(hasVariant ? " on " : " ").append(p.devices()).append(" dev");
        }
        return b.toString();
    }

    /**
     * A unique label per point, by point id, in the order given: the swept fields whose values
     * differ between these points, as name=value, when they are all plain values; else the
     * configuration, with such fields added where two points would share it.
     */
    public static Map<Integer, String> unique(List<PointResult> points, boolean withModel) {
        List<String> varying = varying(points);
        boolean plain = !varying.isEmpty() && varying.stream()
                .allMatch(path -> points.stream().map(p -> p.sweep().get(path)).allMatch(Labels::plain));
        // a configuration that all points share ("4 streams") tells nothing: the swept fields do
        boolean sameConfig = points.size() > 1 && points.stream().map(Labels::config).distinct().count() == 1;
        boolean byFields = !varying.isEmpty() && (plain || sameConfig);
        Map<Integer, String> base = new LinkedHashMap<>();
        Map<String, String> names = names(varying);
        for (PointResult p : points) {
            String what = byFields ? fields(p, varying, names) : config(p);
            base.put(p.pointId(), withModel ? p.model() + " · " + what : what);
        }
        return disambiguate(points, base);
    }

    /** The swept fields (the model aside) whose values differ between the points, in sweep order. */
    static List<String> varying(List<PointResult> points) {
        Set<String> paths = new LinkedHashSet<>();
        points.forEach(p -> paths.addAll(p.sweep().keySet()));
        List<String> out = new ArrayList<>();
        for (String path : paths) {
            if (!path.equals("model") && points.stream().map(p -> p.sweep().get(path)).distinct().count() > 1) {
                out.add(path);
            }
        }
        return out;
    }

    private static boolean plain(String v) {
        return v != null && !v.startsWith("{") && !v.startsWith("[");
    }

    private static String fields(PointResult p, List<String> paths, Map<String, String> names) {
        List<String> parts = new ArrayList<>();
        for (String path : paths) {
            String v = p.sweep().get(path);
            if (v != null) {
                parts.add(names.get(path) + "=" + compact(v));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * Short names of field paths, unique among them: the last part ("branches"), or the parent
     * of a generic one ("network" for network.preset); longer where two would clash.
     */
    static Map<String, String> names(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int depth = 1; depth <= 8; depth++) {
            out.clear();
            for (String path : paths) {
                out.put(path, name(path, depth));
            }
            if (new HashSet<>(out.values()).size() == paths.size()) {
                return out;
            }
        }
        paths.forEach(path -> out.put(path, path));
        return out;
    }

    private static String name(String path, int depth) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("\\.")) {
            if (!s.isEmpty() && !s.chars().allMatch(Character::isDigit)) {
                parts.add(s.replaceAll("\\[\\d+]$", ""));
            }
        }
        if (parts.isEmpty()) {
            return path;
        }
        int n = parts.size();
        if (depth == 1 && n > 1 && GENERIC.contains(parts.get(n - 1))) {
            return parts.get(n - 2);
        }
        return String.join(".", parts.subList(Math.max(0, n - depth), n));
    }

    /** Whether the points cover more than one model. */
    public static boolean manyModels(List<PointResult> points) {
        return points.stream().map(PointResult::model).distinct().count() > 1;
    }

    /**
     * A swept value as a label reads it: a mapping such as {@code {kind: lcp, branches: 4}} as
     * "lcp branches=4" (a generic key such as kind or preset gives its value alone); a list as
     * its items; plain values as they are.
     */
    static String compact(String v) {
        if (v.length() < 2 || !(v.startsWith("{") && v.endsWith("}") || v.startsWith("[") && v.endsWith("]"))) {
            return v;
        }
        String inner = v.substring(1, v.length() - 1).strip();
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i <= inner.length(); i++) {
            char c = i < inner.length() ? inner.charAt(i) : ',';
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String item = inner.substring(from, i).strip();
                if (!item.isEmpty()) {
                    int colon = item.indexOf(": ");
                    if (colon > 0 && v.startsWith("{")) {
                        String key = item.substring(0, colon);
                        String val = compact(item.substring(colon + 2).strip());
                        parts.add(GENERIC.contains(key) ? val : key + "=" + val);
                    } else {
                        parts.add(compact(item));
                    }
                }
                from = i + 1;
            }
        }
        return String.join(" ", parts);
    }

    static Map<Integer, String> disambiguate(List<PointResult> points, Map<Integer, String> base) {
        Map<String, List<PointResult>> groups = new LinkedHashMap<>();
        for (PointResult p : points) {
            groups.computeIfAbsent(base.get(p.pointId()), k -> new ArrayList<>()).add(p);
        }
        Map<Integer, String> out = new HashMap<>(base);
        for (Map.Entry<String, List<PointResult>> g : groups.entrySet()) {
            if (g.getValue().size() < 2) {
                continue;
            }
            Set<String> differing = new LinkedHashSet<>();
            for (PointResult p : g.getValue()) {
                for (Map.Entry<String, String> e : p.sweep().entrySet()) {
                    for (PointResult q : g.getValue()) {
                        if (!e.getValue().equals(q.sweep().get(e.getKey()))) {
                            differing.add(e.getKey());
                        }
                    }
                }
            }
            Map<String, String> names = names(new ArrayList<>(differing));
            for (PointResult p : g.getValue()) {
                StringBuilder b = new StringBuilder(g.getKey());
                for (String path : differing) {
                    String v = p.sweep().get(path);
                    if (v != null && !g.getKey().contains(names.get(path) + "=")) {
                        b.append(", ").append(names.get(path)).append('=').append(compact(v));
                    }
                }
                out.put(p.pointId(), b.toString());
            }
        }
        // still equal (nothing swept tells them apart): the point id does
        Map<String, Integer> counts = new HashMap<>();
        for (String s : out.values()) {
            counts.merge(s, 1, Integer::sum);
        }
        Map<Integer, String> ordered = new LinkedHashMap<>();
        for (PointResult p : points) {
            String s = out.get(p.pointId());
            ordered.put(p.pointId(), counts.get(s) > 1 ? s + " #" + p.pointId() : s);
        }
        return ordered;
    }
}

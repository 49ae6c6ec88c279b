package org.lcpsim.reports.charts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lcpsim.results.PointResult;

/**
 * Short, unique names of design points for chart categories and legends: "single",
 * "lcp split4", "lcp split8-f40", "lcp split8 on 4 dev"; with the model in front when a chart
 * mixes models. Two points that would share a name get the swept values that tell them apart
 * ("fatten=0.2"), and the point id as a last resort.
 */
public final class Labels {
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

    /** A unique label per point, by point id, in the order given. */
    public static Map<Integer, String> unique(List<PointResult> points, boolean withModel) {
        Map<Integer, String> base = new LinkedHashMap<>();
        for (PointResult p : points) {
            base.put(p.pointId(), withModel ? p.model() + " · " + config(p) : config(p));
        }
        return disambiguate(points, base);
    }

    /** Whether the points cover more than one model. */
    public static boolean manyModels(List<PointResult> points) {
        return points.stream().map(PointResult::model).distinct().count() > 1;
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
            for (PointResult p : g.getValue()) {
                StringBuilder b = new StringBuilder(g.getKey());
                for (String path : differing) {
                    String v = p.sweep().get(path);
                    if (v != null) {
                        b.append(", ").append(lastSegment(path)).append('=').append(v);
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

    static String lastSegment(String path) {
        int i = path.lastIndexOf('.');
        return i < 0 ? path : path.substring(i + 1);
    }
}

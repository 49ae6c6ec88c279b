package org.lcpsim.network.topology;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A picture of a topology, as SVG text: nodes in layers from the centre of the network (the node
 * with the fewest hops to the farthest one), wired links as solid lines labelled with their
 * bandwidth and latency, WiFi cells as a dashed frame around their stations with the air's figures.
 * Deterministic (the same topology gives the same bytes), for the pictures of docs/network-models.md.
 */
public final class TopologyDiagram {
    private static final int SLOT = 96;
    private static final int LAYER = 118;
    private static final int MARGIN = 48;
    private static final int TOP = 70;

    private TopologyDiagram() {
    }

    /** The SVG of {@code t} with a title line. */
    public static String svg(TopologyNetwork t, String title) {
        // vertices and undirected adjacency, in declaration order
        Map<String, List<String>> adjacent = new LinkedHashMap<>();
        for (String n : t.nodes()) {
            adjacent.put(n, new ArrayList<>());
        }
        for (Link l : t.links()) {
            List<String> ends = TopologyNetwork.endpoints(l);
            for (String n : ends) {
                adjacent.computeIfAbsent(n, k -> new ArrayList<>());
            }
            if (l instanceof Link.Wired w) {
                adjacent.get(w.a()).add(w.b());
                adjacent.get(w.b()).add(w.a());
            } else {
                Link.Cell c = (Link.Cell) l;
                for (String s : c.stations()) {
                    adjacent.get(c.ap()).add(s);
                    adjacent.get(s).add(c.ap());
                }
            }
        }
        adjacent.keySet().removeIf(n -> adjacent.get(n).isEmpty());
        String root = centre(adjacent, t.nodes());
        // a breadth-first tree from the centre; other nodes (another part of the network) as further roots
        Map<String, Integer> depth = new LinkedHashMap<>();
        Map<String, List<String>> children = new LinkedHashMap<>();
        List<String> roots = new ArrayList<>();
        List<String> order = new ArrayList<>(adjacent.keySet());
        order.remove(root);
        order.add(0, root);
        for (String r : order) {
            if (depth.containsKey(r)) {
                continue;
            }
            roots.add(r);
            depth.put(r, 0);
            ArrayDeque<String> queue = new ArrayDeque<>(List.of(r));
            while (!queue.isEmpty()) {
                String u = queue.poll();
                children.put(u, new ArrayList<>());
                for (String v : adjacent.get(u)) {
                    if (!depth.containsKey(v)) {
                        depth.put(v, depth.get(u) + 1);
                        children.get(u).add(v);
                        queue.add(v);
                    }
                }
            }
        }
        Map<String, Double> x = new HashMap<>();
        int[] slot = {0};
        for (String r : roots) {
            place(r, children, x, slot);
        }
        int maxDepth = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int legendTop = (int) y(maxDepth) + 66;
        int height = legendTop + 16 * (t.links().size() + 1) + 12;
        List<String> labels = new ArrayList<>();
        for (Link l : t.links()) {
            labels.add(legend(l));
        }
        labels.add(KEY);
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        // about 6.4 px per character of an 11 px sans-serif font
        int width = (int) Math.max(slot[0] * SLOT + 2 * MARGIN, Math.ceil(6.4 * longest) + 2 * MARGIN);
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        b.append("<text x=\"").append(MARGIN).append("\" y=\"28\" font-size=\"14\" font-weight=\"bold\">").append(escape(title))
                .append("</text>\n");
        // cells: a frame around the stations, named under it
        for (Link l : t.links()) {
            if (l instanceof Link.Cell c) {
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                int row = -1;
                for (String s : c.stations()) {
                    lo = Math.min(lo, x.get(s));
                    hi = Math.max(hi, x.get(s));
                    row = Math.max(row, depth.get(s));
                }
                double y = y(row);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"14\""
                        + " fill=\"#f3f7fd\" stroke=\"#5b7db1\" stroke-dasharray=\"5,4\"/>%n", lo - 44, y - 24, hi - lo + 88, 62.0));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#2b4a7a\">%s</text>%n",
                        (lo + hi) / 2, y + 30, escape(c.name() + " (WiFi)")));
            }
        }
        // hops; a wired link's name on its line, nearer the lower end
        for (Link l : t.links()) {
            if (l instanceof Link.Wired w) {
                double x1 = x.get(w.a());
                double y1 = y(depth.get(w.a()));
                double x2 = x.get(w.b());
                double y2 = y(depth.get(w.b()));
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\""
                        + " stroke-width=\"%s\"/>%n", x1, y1, x2, y2, w.shared() ? "1.5" : "3"));
                boolean aUpper = y1 <= y2;
                double f = 0.62;
                double lx = aUpper ? x1 + f * (x2 - x1) : x2 + f * (x1 - x2);
                double ly = aUpper ? y1 + f * (y2 - y1) : y2 + f * (y1 - y2);
                double w6 = 6.4 * w.name().length() + 6;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"15\" fill=\"#ffffff\""
                        + " stroke=\"#bbbbbb\" rx=\"3\"/>%n", lx - w6 / 2, ly - 10, w6));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", lx, ly + 1,
                        escape(w.name())));
            } else {
                Link.Cell c = (Link.Cell) l;
                for (String s : c.stations()) {
                    b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#5b7db1\""
                            + " stroke-width=\"1.5\" stroke-dasharray=\"3,3\"/>%n", x.get(c.ap()), y(depth.get(c.ap())), x.get(s),
                            y(depth.get(s))));
                }
            }
        }
        // nodes
        for (String n : depth.keySet()) {
            double cx = x.get(n);
            double cy = y(depth.get(n));
            String fill = Names.SOURCE.equals(n) ? "#d8f0d2" : Names.DEVICE.matcher(n).matches() ? "#fde9c8" : "#e4e4e4";
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"76\" height=\"24\" rx=\"%s\" fill=\"%s\""
                    + " stroke=\"#444444\"/>%n", cx - 38, cy - 12, Names.implicit(n) ? "4" : "12", fill));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", cx, cy + 4,
                    escape(n)));
        }
        int ly = legendTop;
        for (int i = 0; i < labels.size(); i++) {
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", MARGIN, ly,
                    i == labels.size() - 1 ? " fill=\"#666666\"" : "", escape(labels.get(i))));
            ly += 16;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static final String KEY = "devices orange, the source green; routers, switches and APs grey; thick lines full"
            + " duplex, thin shared, dashed WiFi";

    private static String legend(Link l) {
        if (l instanceof Link.Wired w) {
            return w.name() + ": " + w.a() + " - " + w.b() + ", " + num(w.mbps()) + " Mbps, " + num(w.latencyMs()) + " ms, "
                    + (w.shared() ? "shared (half duplex)" : "full duplex") + changes(w);
        }
        Link.Cell c = (Link.Cell) l;
        return c.name() + ": WiFi cell of " + c.ap() + ", air " + num(c.airMbps()) + " Mbps per crossing (station to station "
                + num(c.airMbps() / 2) + "), " + num(c.apLatencyMs()) + " ms per crossing" + rates(c) + changes(c);
    }

    private static String changes(Link l) {
        CapacityProfile p = l.capacity();
        if (p.size() == 0) {
            return "";
        }
        int down = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.mbps()[i] == 0) {
                down++;
            }
        }
        return "; varies: " + p.size() + " changes" + (down > 0 ? ", down " + down + (down == 1 ? " time" : " times") : "");
    }

    private static String rates(Link.Cell c) {
        if (c.stationRates().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        c.stationRates().forEach((k, v) -> parts.add(k + " at " + num(v)));
        return "; " + String.join(", ", parts) + " Mbps";
    }

    /** Leaves take slots left to right; a parent sits over the middle of its children. */
    private static double place(String n, Map<String, List<String>> children, Map<String, Double> x, int[] slot) {
        List<String> kids = children.getOrDefault(n, List.of());
        double at;
        if (kids.isEmpty()) {
            at = MARGIN + SLOT / 2.0 + SLOT * slot[0]++;
        } else {
            double first = 0;
            double last = 0;
            for (int i = 0; i < kids.size(); i++) {
                double k = place(kids.get(i), children, x, slot);
                if (i == 0) {
                    first = k;
                }
                last = k;
            }
            at = (first + last) / 2;
        }
        x.put(n, at);
        return at;
    }

    private static double y(int depth) {
        return TOP + 20 + depth * LAYER;
    }

    /** The node whose farthest node is fewest hops away (a declared node first on a tie). */
    private static String centre(Map<String, List<String>> adjacent, List<String> declared) {
        String best = null;
        int bestEcc = Integer.MAX_VALUE;
        List<String> order = new ArrayList<>(declared);
        for (String n : adjacent.keySet()) {
            if (!order.contains(n)) {
                order.add(n);
            }
        }
        for (String n : order) {
            if (!adjacent.containsKey(n)) {
                continue;
            }
            Map<String, Integer> d = new HashMap<>();
            d.put(n, 0);
            ArrayDeque<String> q = new ArrayDeque<>(List.of(n));
            int ecc = 0;
            while (!q.isEmpty()) {
                String u = q.poll();
                ecc = Math.max(ecc, d.get(u));
                for (String v : adjacent.get(u)) {
                    if (!d.containsKey(v)) {
                        d.put(v, d.get(u) + 1);
                        q.add(v);
                    }
                }
            }
            if (ecc < bestEcc) {
                bestEcc = ecc;
                best = n;
            }
        }
        return best;
    }

    private static String num(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

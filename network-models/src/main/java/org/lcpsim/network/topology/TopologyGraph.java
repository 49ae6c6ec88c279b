package org.lcpsim.network.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.lcpsim.network.flow.CapacityChanges;
import org.lcpsim.network.flow.ResourceSpec;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Topology;

/**
 * A {@link TopologyNetwork} built for one replication: vertices (the run's nodes first, with their
 * indices, then the other nodes the topology names), one directed edge per direction of every hop
 * (a wired link's two directions; each station's way up to its AP and down from it), the
 * resources, and the routes, computed when a pair first sends and kept.
 */
final class TopologyGraph implements Topology {
    /** Shortest-path trees kept (by source); beyond, the oldest is dropped. */
    private static final int TREES = 64;

    private final TopologyNetwork spec;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<ResourceSpec> resources = new ArrayList<>();
    private final CapacityChanges changes;

    // directed edges
    private int edges;
    private int[] from = new int[16];
    private int[] to = new int[16];
    private int[] resource = new int[16];
    private double[] coefficient = new double[16];
    private double[] latency = new double[16];
    /** The cell whose downlink this edge is (AP to station), or -1. */
    private int[] downlinkOf = new int[16];
    private int[][] out;
    /** Per cell: its air resource and what one broadcast byte uses of it. */
    private final List<int[]> cellResource = new ArrayList<>();
    private final List<Double> cellBroadcast = new ArrayList<>();

    private final Map<Long, int[]> given = new HashMap<>();
    private final Map<Long, int[]> paths = new HashMap<>();
    private final Map<Integer, int[]> trees = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > TREES;
        }
    };
    private boolean[] marked = new boolean[0];
    private boolean[] broadcastMarked = new boolean[0];

    TopologyGraph(TopologyNetwork spec, List<String> nodeNames) {
        this.spec = spec;
        for (String n : nodeNames) {
            vertex(n);
        }
        for (String n : spec.nodes()) {
            vertex(n);
        }
        List<List<Integer>> adjacency = new ArrayList<>();
        List<double[]> changeRows = new ArrayList<>();
        for (Link l : spec.links()) {
            int firstResource = resources.size();
            if (l instanceof Link.Wired w) {
                int a = vertex(w.a());
                int b = vertex(w.b());
                if (w.shared()) {
                    int r = resource(w.name(), w.mbps());
                    edge(a, b, r, 1, w.latencyMs(), -1);
                    edge(b, a, r, 1, w.latencyMs(), -1);
                } else {
                    int ab = resource(w.name() + ":" + w.a() + "->" + w.b(), w.mbps());
                    int ba = resource(w.name() + ":" + w.b() + "->" + w.a(), w.mbps());
                    edge(a, b, ab, 1, w.latencyMs(), -1);
                    edge(b, a, ba, 1, w.latencyMs(), -1);
                }
            } else {
                Link.Cell c = (Link.Cell) l;
                int cell = cellResource.size();
                int r = resource(c.name(), c.airMbps());
                cellResource.add(new int[] {r});
                cellBroadcast.add(1 / c.multicastRateFactor());
                int ap = vertex(c.ap());
                for (String s : c.stations()) {
                    int st = vertex(s);
                    double per = c.airPerByte(s);
                    edge(st, ap, r, per, c.apLatencyMs(), -1);
                    edge(ap, st, r, per, c.apLatencyMs(), cell);
                }
            }
            CapacityProfile p = l.capacity();
            for (int i = 0; i < p.size(); i++) {
                for (int r = firstResource; r < resources.size(); r++) {
                    changeRows.add(new double[] {p.timeMs()[i], r, p.mbps()[i]});
                }
            }
        }
        out = new int[names.size()][];
        int[] degree = new int[names.size()];
        for (int e = 0; e < edges; e++) {
            degree[from[e]]++;
        }
        for (int v = 0; v < out.length; v++) {
            out[v] = new int[degree[v]];
            degree[v] = 0;
        }
        for (int e = 0; e < edges; e++) {
            out[from[e]][degree[from[e]]++] = e;
        }
        marked = new boolean[edges];
        broadcastMarked = new boolean[cellResource.size()];
        // stable: changes at one time keep the links' order
        changeRows.sort((x, y) -> Double.compare(x[0], y[0]));
        double[] t = new double[changeRows.size()];
        int[] r = new int[t.length];
        double[] m = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = changeRows.get(i)[0];
            r[i] = (int) changeRows.get(i)[1];
            m[i] = changeRows.get(i)[2];
        }
        changes = new CapacityChanges(t, r, m);
        for (TopologyNetwork.GivenRoute g : spec.routes()) {
            List<String> seq = g.nodesInOrder();
            given.put(key(vertex(g.from()), vertex(g.to())), hops(seq));
        }
        for (TopologyNetwork.GivenRoute g : spec.routes()) {
            // the reverse direction takes the same nodes backwards, unless it has a route of its own
            List<String> seq = new ArrayList<>(g.nodesInOrder());
            java.util.Collections.reverse(seq);
            given.putIfAbsent(key(vertex(g.to()), vertex(g.from())), hops(seq));
        }
    }

    private int vertex(String name) {
        Integer i = index.get(name);
        if (i != null) {
            return i;
        }
        index.put(name, names.size());
        names.add(name);
        return names.size() - 1;
    }

    private int resource(String name, double mbps) {
        resources.add(new ResourceSpec(name, mbps));
        return resources.size() - 1;
    }

    private void edge(int a, int b, int r, double coef, double lat, int downlink) {
        if (edges == from.length) {
            int n = edges * 2;
            from = Arrays.copyOf(from, n);
            to = Arrays.copyOf(to, n);
            resource = Arrays.copyOf(resource, n);
            coefficient = Arrays.copyOf(coefficient, n);
            latency = Arrays.copyOf(latency, n);
            downlinkOf = Arrays.copyOf(downlinkOf, n);
        }
        from[edges] = a;
        to[edges] = b;
        resource[edges] = r;
        coefficient[edges] = coef;
        latency[edges] = lat;
        downlinkOf[edges] = downlink;
        edges++;
    }

    private long key(int a, int b) {
        return (long) a * names.size() + b;
    }

    /**
     * The hops of a given sequence of nodes: between neighbours, the edge of least latency (the
     * first declared on a tie); two stations of one cell, through its AP.
     */
    private int[] hops(List<String> seq) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i + 1 < seq.size(); i++) {
            int a = vertex(seq.get(i));
            int b = vertex(seq.get(i + 1));
            int best = direct(a, b);
            if (best >= 0) {
                out.add(best);
                continue;
            }
            int[] viaAp = throughAp(a, b);
            if (viaAp == null) {
                throw new IllegalArgumentException("a route passes from " + seq.get(i) + " to " + seq.get(i + 1)
                        + ", which no link or cell joins");
            }
            out.add(viaAp[0]);
            out.add(viaAp[1]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int direct(int a, int b) {
        int best = -1;
        for (int e : out[a]) {
            if (to[e] == b && (best < 0 || latency[e] < latency[best])) {
                best = e;
            }
        }
        return best;
    }

    /** Up from station a to an AP and down to station b in the same cell (the first such cell), or null. */
    private int[] throughAp(int a, int b) {
        for (int up : out[a]) {
            if (downlinkOf[up] >= 0) {
                continue;
            }
            for (int down : out[to[up]]) {
                if (downlinkOf[down] >= 0 && to[down] == b && resource[down] == resource[up]) {
                    return new int[] {up, down};
                }
            }
        }
        return null;
    }

    @Override
    public List<ResourceSpec> resources() {
        return resources;
    }

    @Override
    public CapacityChanges capacityChanges() {
        return changes;
    }

    /** The edges from {@code src} to {@code dst}, in order. */
    int[] path(int src, int dst) {
        long k = key(src, dst);
        int[] p = paths.get(k);
        if (p != null) {
            return p;
        }
        p = given.get(k);
        if (p == null) {
            int[] pred = trees.get(src);
            if (pred == null) {
                pred = shortestPathTree(src);
                trees.put(src, pred);
            }
            if (pred[dst] < 0 && dst != src) {
                throw new IllegalStateException("no route from " + names.get(src) + " to " + names.get(dst)
                        + " in the topology");
            }
            int length = 0;
            for (int v = dst; v != src; v = from[pred[v]]) {
                length++;
            }
            p = new int[length];
            for (int v = dst; v != src; v = from[pred[v]]) {
                p[--length] = pred[v];
            }
        }
        paths.put(k, p);
        return p;
    }

    /**
     * Dijkstra from {@code src} on (latency, hops): the least latency, then the fewest hops; a tie
     * keeps the path found first (vertices settled in order of latency, hops, index; edges tried in
     * the order declared), so the routes are the same every run. Returns each vertex's last edge.
     */
    private int[] shortestPathTree(int src) {
        int n = names.size();
        double[] dist = new double[n];
        int[] hopCount = new int[n];
        int[] pred = new int[n];
        boolean[] done = new boolean[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(pred, -1);
        dist[src] = 0;
        PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> {
            int c = Double.compare(x[0], y[0]);
            if (c == 0) {
                c = Double.compare(x[1], y[1]);
            }
            return c != 0 ? c : Double.compare(x[2], y[2]);
        });
        queue.add(new double[] {0, 0, src});
        while (!queue.isEmpty()) {
            double[] q = queue.poll();
            int u = (int) q[2];
            if (done[u]) {
                continue;
            }
            done[u] = true;
            for (int e : out[u]) {
                int v = to[e];
                if (done[v]) {
                    continue;
                }
                double d = dist[u] + latency[e];
                int h = hopCount[u] + 1;
                if (d < dist[v] || (d == dist[v] && h < hopCount[v])) {
                    dist[v] = d;
                    hopCount[v] = h;
                    pred[v] = e;
                    queue.add(new double[] {d, h, v});
                }
            }
        }
        return pred;
    }

    @Override
    public double unicast(int src, int dst, Route route) {
        double lat = 0;
        for (int e : path(src, dst)) {
            route.add(resource[e], coefficient[e]);
            lat += latency[e];
        }
        return lat;
    }

    @Override
    public boolean multicastEnabled() {
        return spec.multicast();
    }

    @Override
    public double multicast(int src, int[] dsts, Route route) {
        double lat = 0;
        List<Integer> used = new ArrayList<>();
        try {
            for (int d : dsts) {
                double l = 0;
                for (int e : path(src, d)) {
                    l += latency[e];
                    if (marked[e]) {
                        continue;
                    }
                    marked[e] = true;
                    used.add(e);
                    int cell = downlinkOf[e];
                    if (cell < 0) {
                        route.add(resource[e], coefficient[e]);
                    } else if (!broadcastMarked[cell]) {
                        // one broadcast down to every receiving station of the cell, at the multicast rate
                        broadcastMarked[cell] = true;
                        route.add(resource[e], cellBroadcast.get(cell));
                    }
                }
                lat = Math.max(lat, l);
            }
        } finally {
            for (int e : used) {
                marked[e] = false;
                if (downlinkOf[e] >= 0) {
                    broadcastMarked[downlinkOf[e]] = false;
                }
            }
        }
        return lat;
    }

    /** The names of the vertices, the run's nodes first (for tests and pictures). */
    List<String> vertexNames() {
        return names;
    }
}

package org.lcpsim.network.simgrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.lcpsim.network.simgrid.FlowScenario.Flow;
import org.lcpsim.network.simgrid.FlowScenario.Link;
import org.lcpsim.network.simgrid.FlowScenario.Model;
import org.lcpsim.network.simgrid.FlowScenario.Path;

/**
 * Seeded random {@link FlowScenario}s of four shapes: a star (every host on its own link to one
 * switch), a dumbbell (two groups of hosts joined by one bottleneck link), a tree (hosts at the
 * leaves of a two- or three-level hierarchy, routes up to the lowest common ancestor and down) and a
 * ring (hosts on a cycle, routes along the shorter way). Links are shared by both directions or
 * split duplex, with bandwidths from 1 Mbps to 10 Gbps and latencies from 10 us to 50 ms (log-uniform);
 * flows go between random distinct hosts, 1 kB to 10 MB (log-uniform), with staggered starts
 * (exponential gaps, some flows starting together).
 */
public final class ScenarioGenerator {
    public enum Shape {
        STAR, DUMBBELL, TREE, RING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ScenarioGenerator() {
    }

    /** A random scenario: {@code hosts} in [2, 30] and {@code flows} in [1, 200] drawn from the seed. */
    public static FlowScenario random(long seed, Shape shape, Model model) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int hosts = 2 + rnd.nextInt(29);
        int flows = 1 + rnd.nextInt(200);
        return generate(rnd, shape.label() + "-" + model.name().toLowerCase(Locale.ROOT) + "-" + seed, shape, model,
                rnd.nextBoolean(), hosts, flows);
    }

    private static FlowScenario generate(SplittableRandom rnd, String name, Shape shape, Model model,
            boolean crosstraffic, int hostCount, int flowCount) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < hostCount; i++) {
            hosts.add("h" + i);
        }
        // per scenario: all links shared, all split duplex, or a mix
        int sharingMode = rnd.nextInt(3);
        List<Link> links = new ArrayList<>();
        List<Path> routes = new ArrayList<>();
        LinkMaker make = (linkName) -> {
            boolean split = sharingMode == 1 || (sharingMode == 2 && rnd.nextBoolean());
            Link l = new Link(linkName, logUniform(rnd, 1.25e5, 1.25e9), logUniform(rnd, 1e-5, 5e-2), split);
            links.add(l);
            return l;
        };
        switch (shape) {
            case STAR -> {
                List<Link> access = new ArrayList<>();
                for (int i = 0; i < hostCount; i++) {
                    access.add(make.link("a" + i));
                }
                for (int s = 0; s < hostCount; s++) {
                    for (int d = 0; d < hostCount; d++) {
                        if (s != d) {
                            routes.add(new Path(hosts.get(s), hosts.get(d),
                                    List.of(hop(access.get(s), true), hop(access.get(d), false))));
                        }
                    }
                }
            }
            case DUMBBELL -> {
                int left = Math.max(1, hostCount / 2);
                List<Link> access = new ArrayList<>();
                for (int i = 0; i < hostCount; i++) {
                    access.add(make.link("a" + i));
                }
                Link bottleneck = make.link("bottleneck");
                for (int s = 0; s < hostCount; s++) {
                    for (int d = 0; d < hostCount; d++) {
                        if (s == d) {
                            continue;
                        }
                        List<String> hops = new ArrayList<>();
                        hops.add(hop(access.get(s), true));
                        if ((s < left) != (d < left)) {
                            hops.add(hop(bottleneck, s < left));
                        }
                        hops.add(hop(access.get(d), false));
                        routes.add(new Path(hosts.get(s), hosts.get(d), hops));
                    }
                }
            }
            case TREE -> {
                // parent[i] of node i; nodes 0 = root, then inner nodes, then the hosts as leaves
                int levels = 2 + rnd.nextInt(2);
                List<Integer> parent = new ArrayList<>();
                parent.add(-1);
                List<Integer> frontier = List.of(0);
                for (int level = 1; level < levels; level++) {
                    List<Integer> next = new ArrayList<>();
                    int fan = 2 + rnd.nextInt(3);
                    for (int p : frontier) {
                        for (int k = 0; k < fan; k++) {
                            next.add(parent.size());
                            parent.add(p);
                        }
                    }
                    frontier = next;
                }
                int[] hostNode = new int[hostCount];
                for (int i = 0; i < hostCount; i++) {
                    hostNode[i] = parent.size();
                    parent.add(frontier.get(rnd.nextInt(frontier.size())));
                }
                Link[] up = new Link[parent.size()]; // the link from node i to its parent
                for (int i = 1; i < parent.size(); i++) {
                    up[i] = make.link("t" + i);
                }
                for (int s = 0; s < hostCount; s++) {
                    for (int d = 0; d < hostCount; d++) {
                        if (s == d) {
                            continue;
                        }
                        List<Integer> ancestorsOfS = new ArrayList<>();
                        for (int v = hostNode[s]; v >= 0; v = parent.get(v)) {
                            ancestorsOfS.add(v);
                        }
                        List<String> down = new ArrayList<>();
                        int v = hostNode[d];
                        while (!ancestorsOfS.contains(v)) {
                            down.add(0, hop(up[v], false));
                            v = parent.get(v);
                        }
                        List<String> hops = new ArrayList<>();
                        for (int w = hostNode[s]; w != v; w = parent.get(w)) {
                            hops.add(hop(up[w], true));
                        }
                        hops.addAll(down);
                        routes.add(new Path(hosts.get(s), hosts.get(d), hops));
                    }
                }
            }
            case RING -> {
                Link[] ring = new Link[hostCount]; // link i joins host i and host i + 1
                for (int i = 0; i < (hostCount == 2 ? 1 : hostCount); i++) {
                    ring[i] = make.link("r" + i);
                }
                for (int s = 0; s < hostCount; s++) {
                    for (int d = 0; d < hostCount; d++) {
                        if (s == d) {
                            continue;
                        }
                        int forward = Math.floorMod(d - s, hostCount);
                        List<String> hops = new ArrayList<>();
                        if (forward < hostCount - forward || (forward == hostCount - forward && s < d)) {
                            for (int i = s; i != d; i = (i + 1) % hostCount) {
                                hops.add(hop(ring[i], true));
                            }
                        } else {
                            for (int i = s; i != d; i = Math.floorMod(i - 1, hostCount)) {
                                hops.add(hop(ring[Math.floorMod(i - 1, hostCount)], false));
                            }
                        }
                        routes.add(new Path(hosts.get(s), hosts.get(d), hops));
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        List<Flow> flows = new ArrayList<>();
        double meanGap = logUniform(rnd, 1e-4, 0.5);
        double t = 0;
        for (int i = 0; i < flowCount; i++) {
            if (i > 0 && rnd.nextInt(5) != 0) {
                t += -meanGap * Math.log(1 - rnd.nextDouble());
            }
            int s = rnd.nextInt(hostCount);
            int d = (s + 1 + rnd.nextInt(hostCount - 1)) % hostCount;
            long bytes = Math.round(logUniform(rnd, 1e3, 1e7));
            flows.add(new Flow(hosts.get(s), hosts.get(d), bytes, t));
        }
        return new FlowScenario(name, model, crosstraffic, hosts, links, routes, flows);
    }

    /**
     * The benchmark's data centre: a three-level tree of 1,024 hosts (8 aggregation switches under
     * one core, 8 edge switches under each, 16 hosts under each edge), split-duplex links of
     * 1 Gbps (hosts), 10 Gbps (edge uplinks) and 40 Gbps (aggregation uplinks), 5 us each; flows
     * of 10 kB to 10 MB (log-uniform), half within an edge switch, 30% within an aggregation
     * switch, the rest anywhere, arriving as a Poisson process of 20,000 flows per second (150 to
     * 370 in flight); LV08 with its ACK cross-traffic, which joins the flows of a host's two
     * directions: components of tens to hundreds of flows among many smaller ones.
     */
    public static FlowScenario benchTree(int flowCount, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int aggs = 8;
        int edges = 8;
        int perEdge = 16;
        int hostCount = aggs * edges * perEdge;
        List<String> hosts = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Link[] hostLink = new Link[hostCount];
        Link[] edgeLink = new Link[aggs * edges];
        Link[] aggLink = new Link[aggs];
        for (int a = 0; a < aggs; a++) {
            aggLink[a] = new Link("agg" + a, 5e9, 5e-6, true);
            links.add(aggLink[a]);
        }
        for (int e = 0; e < aggs * edges; e++) {
            edgeLink[e] = new Link("edge" + e, 1.25e9, 5e-6, true);
            links.add(edgeLink[e]);
        }
        for (int h = 0; h < hostCount; h++) {
            hosts.add("h" + h);
            hostLink[h] = new Link("host" + h, 1.25e8, 5e-6, true);
            links.add(hostLink[h]);
        }
        List<Flow> flows = new ArrayList<>();
        java.util.Set<Long> pairs = new java.util.LinkedHashSet<>();
        double t = 0;
        for (int i = 0; i < flowCount; i++) {
            t += -Math.log(1 - rnd.nextDouble()) / 20_000.0;
            int s = rnd.nextInt(hostCount);
            double where = rnd.nextDouble();
            int span = where < 0.5 ? perEdge : where < 0.8 ? perEdge * edges : hostCount;
            int base = s / span * span;
            int d = base + (s - base + 1 + rnd.nextInt(span - 1)) % span;
            flows.add(new Flow(hosts.get(s), hosts.get(d), Math.round(logUniform(rnd, 1e4, 1e7)), t));
            pairs.add((long) s * hostCount + d);
            pairs.add((long) d * hostCount + s); // the ACKs' way back
        }
        List<Path> routes = new ArrayList<>();
        for (long p : pairs) {
            int s = (int) (p / hostCount);
            int d = (int) (p % hostCount);
            List<String> hops = new ArrayList<>();
            hops.add(hop(hostLink[s], true));
            int es = s / perEdge;
            int ed = d / perEdge;
            if (es != ed) {
                hops.add(hop(edgeLink[es], true));
                if (es / edges != ed / edges) {
                    hops.add(hop(aggLink[es / edges], true));
                    hops.add(hop(aggLink[ed / edges], false));
                }
                hops.add(hop(edgeLink[ed], false));
            }
            hops.add(hop(hostLink[d], false));
            routes.add(new Path(hosts.get(s), hosts.get(d), hops));
        }
        return new FlowScenario("bench-tree-" + flowCount, Model.LV08, true, hosts, links, routes, flows);
    }

    /**
     * The benchmark's single bottleneck: 64 hosts on each side of a 10 Gbps split-duplex link
     * (1 ms), hosts on 1 Gbps links (50 us); every flow crosses the bottleneck (one component);
     * 10 kB to 10 MB (log-uniform), either way, Poisson arrivals of 1,400 flows per second (about
     * 60 in flight, each direction of the bottleneck about 80% busy); LV08 with its ACK
     * cross-traffic.
     */
    public static FlowScenario benchDumbbell(int flowCount, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int side = 64;
        List<String> hosts = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Link[] access = new Link[2 * side];
        for (int h = 0; h < 2 * side; h++) {
            hosts.add("h" + h);
            access[h] = new Link("a" + h, 1.25e8, 5e-5, true);
            links.add(access[h]);
        }
        Link bottleneck = new Link("bottleneck", 1.25e9, 1e-3, true);
        links.add(bottleneck);
        List<Flow> flows = new ArrayList<>();
        java.util.Set<Long> pairs = new java.util.LinkedHashSet<>();
        double t = 0;
        for (int i = 0; i < flowCount; i++) {
            t += -Math.log(1 - rnd.nextDouble()) / 1_400.0;
            int s = rnd.nextInt(side);
            int d = side + rnd.nextInt(side);
            if (rnd.nextBoolean()) {
                int x = s;
                s = d;
                d = x;
            }
            flows.add(new Flow(hosts.get(s), hosts.get(d), Math.round(logUniform(rnd, 1e4, 1e7)), t));
            pairs.add((long) s * 2 * side + d);
            pairs.add((long) d * 2 * side + s);
        }
        List<Path> routes = new ArrayList<>();
        for (long p : pairs) {
            int s = (int) (p / (2 * side));
            int d = (int) (p % (2 * side));
            routes.add(new Path(hosts.get(s), hosts.get(d),
                    List.of(hop(access[s], true), hop(bottleneck, s < side), hop(access[d], false))));
        }
        return new FlowScenario("bench-dumbbell-" + flowCount, Model.LV08, true, hosts, links, routes, flows);
    }

    /** A link in a route: split-duplex links by direction (UP away from the first endpoint). */
    private static String hop(Link l, boolean up) {
        return l.splitDuplex() ? l.name() + (up ? ":UP" : ":DOWN") : l.name();
    }

    private interface LinkMaker {
        Link link(String name);
    }

    static double logUniform(SplittableRandom rnd, double lo, double hi) {
        return Math.exp(rnd.nextDouble(Math.log(lo), Math.log(hi)));
    }
}

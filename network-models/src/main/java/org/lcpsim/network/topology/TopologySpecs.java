package org.lcpsim.network.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Excerpt;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.Location;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.ReferencedFile;
import org.lcpsim.config.Values;
import org.lcpsim.network.flow.Units;
import org.lcpsim.network.wifi.SharedMedium;

/**
 * Binds {@code kind: topology} (nodes, links and WiFi cells, routes) and the shapes that generate
 * one ({@code kind: wifi-cells}), with every problem positioned at its field; a bandwidth trace
 * ({@code trace: {file: bw.csv}}) is read relative to the experiment's folder through the
 * experiment's {@link FileSource}, its problems at their line and cell. See
 * docs/network-models.md, "Topologies".
 */
public final class TopologySpecs {
    public static final String WIFI_CELLS = "wifi-cells";
    /** The most nodes, links, stations of a cell, routes or down windows a topology may list. */
    public static final int MAX_ITEMS = 100_000;
    /** The most windows a link may be down in. */
    public static final int MAX_DOWN = 10_000;
    /** The latest a down window may start or end, in seconds (the longest horizon of a run). */
    public static final double MAX_TIME_S = BandwidthTrace.MAX_TIME_S;
    /** The most cells x stations of {@code wifi-cells}: the most devices a cluster may have. */
    public static final int MAX_STATIONS = 10_000;
    private static final double MAX = Double.MAX_VALUE;
    /** The largest rate in Mbps whose bytes per ms, doubled (station to station), stay finite. */
    private static final double MAX_MBPS = Double.MAX_VALUE / 250;

    private TopologySpecs() {
    }

    /** Where named files (bandwidth traces) are read from. */
    public record Sources(Path baseDir, FileSource files) {
    }

    /** The nodes a topology declares and the ways they are joined, as binding goes. */
    private static final class Graph {
        final Map<String, Location> declared = new LinkedHashMap<>();
        final Map<String, Set<String>> adjacent = new HashMap<>();
        final Map<String, List<String>> cellsOf = new HashMap<>();

        boolean known(String n) {
            return Names.implicit(n) || declared.containsKey(n);
        }

        void join(String a, String b) {
            adjacent.computeIfAbsent(a, k -> new HashSet<>()).add(b);
            adjacent.computeIfAbsent(b, k -> new HashSet<>()).add(a);
        }

        boolean joined(String a, String b) {
            if (adjacent.getOrDefault(a, Set.of()).contains(b)) {
                return true;
            }
            List<String> ca = cellsOf.getOrDefault(a, List.of());
            for (String c : cellsOf.getOrDefault(b, List.of())) {
                if (ca.contains(c)) {
                    return true;
                }
            }
            return false;
        }

        String unknown(String n) {
            String known = declared.isEmpty() ? "none declared" : "declared: " + TopologyNetwork.list(new ArrayList<>(declared.keySet()));
            return "unknown node '" + Excerpt.of(n) + "' (" + known + "); declare routers, access points and switches in nodes"
                    + " (the devices d0, d1, ... and source need no declaring)";
        }
    }

    /** The fields of {@code kind: topology} beside the options every kind takes. */
    private static final String[] TOPOLOGY_FIELDS = {"nodes", "links", "routes", "multicast"};
    private static final String[] WIFI_CELLS_FIELDS = {"cells", "stationsPerCell", "bandwidthMbps", "stationToStationMbps",
        "airtimeEfficiency", "latencyMs", "apLatencyMs", "multicastRateFactor", "uplinkMbps", "uplinkLatencyMs",
        "uplinkSharing", "source", "stationRates", "multicast"};

    /**
     * {@code kind: topology}; null when invalid, every error recorded. The parts are bound into
     * errors of their own, so that validity never depends on how many errors were new (a point
     * bound twice records the same errors once).
     */
    public static TopologyNetwork topology(MapReader outer, Sources sources) {
        Errors errors = new Errors();
        outer.accept(TOPOLOGY_FIELDS);
        try {
            return topology(MapReader.of(outer.node(), outer.path(), errors), sources, errors);
        } finally {
            outer.errors().addAll(errors.list());
        }
    }

    private static TopologyNetwork topology(MapReader r, Sources sources, Errors errors) {
        int before = errors.size();
        Graph g = new Graph();
        List<Node> nodeItems = items(r, "nodes");
        for (int i = 0; i < nodeItems.size(); i++) {
            Node item = nodeItems.get(i);
            String path = r.path("nodes") + "[" + i + "]";
            String n = Values.string(item, path, errors);
            if (n == null) {
                continue;
            }
            if (!Names.valid(n)) {
                errors.add(item, path, badName("a node name", n));
            } else if (Names.implicit(n)) {
                errors.add(item, path, "'" + n + "' needs no declaring: the devices d0, d1, ... and source are nodes of every"
                        + " topology; declare the routers, access points, switches and other nodes");
            } else if (g.declared.containsKey(n)) {
                errors.add(item, path, "node '" + n + "' is declared twice (first at line " + g.declared.get(n).line() + ")");
            } else {
                g.declared.put(n, item.location());
            }
        }
        if (!r.has("links")) {
            r.error("links", "missing required field (a list of links and WiFi cells, e.g. [{name: l1, between: [d0, r1],"
                    + " bandwidthMbps: 100, latencyMs: 1}])");
        }
        List<Node> linkItems = items(r, "links");
        if (r.node("links") instanceof Node.ListNode && linkItems.isEmpty()) {
            r.error("links", "a topology needs at least one link or WiFi cell");
        }
        List<Link> links = new ArrayList<>();
        Map<String, Location> linkNames = new HashMap<>();
        Site site = new Site(r.location("links"), r.path("links"));
        for (int i = 0; i < linkItems.size(); i++) {
            Link l = link(linkItems.get(i), r.path("links") + "[" + i + "]", g, linkNames, sources, errors);
            if (l != null) {
                links.add(l);
            }
        }
        List<TopologyNetwork.GivenRoute> routes = routes(r, g, errors);
        Boolean multicast = r.bool("multicast", false);
        if (errors.size() > before || multicast == null || routes == null) {
            return null;
        }
        return construct(r, () -> new TopologyNetwork(new ArrayList<>(g.declared.keySet()), links, routes, multicast, site));
    }

    private static List<Node> items(MapReader r, String key) {
        List<Node> items = r.list(key);
        if (items.size() > MAX_ITEMS) {
            r.error(key, items.size() + " entries; at most " + MAX_ITEMS);
            return List.of();
        }
        return items;
    }

    private static String badName(String what, String n) {
        return what + " is letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit; got '"
                + Excerpt.of(n) + "'";
    }

    private static Link link(Node item, String path, Graph g, Map<String, Location> linkNames, Sources sources,
                             Errors errors) {
        int before = errors.size();
        MapReader m = MapReader.of(item, path, errors);
        String kind = m.choice("kind", List.of("wired", "wifi"), "wired");
        String name = m.requiredString("name");
        if (name != null) {
            if (!Names.valid(name)) {
                m.error("name", badName("a link name", name));
                name = null;
            } else if (linkNames.containsKey(name)) {
                m.error("name", "another link is named '" + name + "' (at line " + linkNames.get(name).line()
                        + "); link names are unique");
                name = null;
            } else {
                linkNames.put(name, m.location("name"));
            }
        }
        Link out = null;
        if ("wifi".equals(kind)) {
            out = cell(m, name, g, sources);
        } else if ("wired".equals(kind)) {
            out = wired(m, name, g, sources);
        } else {
            m.accept(m.node().entries().keySet().toArray(String[]::new));
        }
        m.end();
        return errors.size() > before ? null : out;
    }

    private static String nodeName(Node n, String path, Graph g, Errors errors) {
        String s = Values.string(n, path, errors);
        if (s == null) {
            return null;
        }
        if (!Names.valid(s)) {
            errors.add(n, path, badName("a node name", s));
            return null;
        }
        if (!g.known(s)) {
            errors.add(n, path, g.unknown(s));
            return null;
        }
        return s;
    }

    private static Link wired(MapReader m, String name, Graph g, Sources sources) {
        Errors errors = m.errors();
        String a = null;
        String b = null;
        if (!m.has("between")) {
            m.error("between", "missing required field (the two nodes the link joins, [a, b])");
        } else {
            List<Node> ends = m.list("between");
            if (m.node("between") instanceof Node.ListNode && ends.size() != 2) {
                m.error("between", "a link joins two nodes, [a, b]; got " + ends.size());
            } else if (ends.size() == 2) {
                a = nodeName(ends.get(0), m.path("between"), g, errors);
                b = nodeName(ends.get(1), m.path("between"), g, errors);
                if (a != null && a.equals(b)) {
                    errors.add(ends.get(1), m.path("between"), "a link joins two different nodes; '" + a + "' twice (a self-link)");
                    a = null;
                }
            }
        }
        Double bw = rate(m, "bandwidthMbps", null, true);
        Double latency = m.requiredNumber("latencyMs", 0, MAX);
        String sharing = m.choice("sharing", List.of("full-duplex", "shared"), "full-duplex");
        CapacityProfile capacity = capacity(m, bw, sources);
        if (a == null || b == null || name == null || bw == null || latency == null || sharing == null || capacity == null) {
            return null;
        }
        g.join(a, b);
        Site site = new Site(m.location(), m.path());
        String fa = a;
        String fb = b;
        return construct(m, () -> new Link.Wired(name, fa, fb, bw, latency, sharing.equals("shared"), capacity, site));
    }

    private static Link cell(MapReader m, String name, Graph g, Sources sources) {
        Errors errors = m.errors();
        String ap = null;
        if (!m.has("ap")) {
            m.error("ap", "missing required field (the access point's node, declared in nodes)");
        } else {
            ap = nodeName(m.node("ap"), m.path("ap"), g, errors);
        }
        List<String> stations = new ArrayList<>();
        boolean ok = true;
        if (!m.has("stations")) {
            m.error("stations", "missing required field (the nodes on the cell, e.g. [d0, d1, source])");
            ok = false;
        } else {
            List<Node> items = m.list("stations");
            if (m.node("stations") instanceof Node.ListNode && items.isEmpty()) {
                m.error("stations", "a cell needs at least one station");
                ok = false;
            }
            if (items.size() > MAX_ITEMS) {
                m.error("stations", items.size() + " stations; at most " + MAX_ITEMS);
                items = List.of();
                ok = false;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String s = nodeName(items.get(i), m.path("stations") + "[" + i + "]", g, errors);
                if (s == null) {
                    ok = false;
                } else if (s.equals(ap)) {
                    errors.add(items.get(i), m.path("stations") + "[" + i + "]", "'" + s + "' is the cell's access point;"
                            + " it cannot be one of its stations too");
                    ok = false;
                } else if (!seen.add(s)) {
                    errors.add(items.get(i), m.path("stations") + "[" + i + "]", "station '" + s + "' is listed twice");
                    ok = false;
                } else {
                    stations.add(s);
                }
            }
        }
        Double air = air(m);
        Double apLatency = apLatency(m);
        Map<String, Double> rates = stationRates(m, air, stations::contains, "a station of this cell");
        Double multicastRate = m.positiveNumber("multicastRateFactor", 1.0, 1.0);
        CapacityProfile capacity = capacity(m, air, sources);
        if (ap == null || !ok || name == null || air == null || apLatency == null || rates == null || multicastRate == null
                || capacity == null) {
            return null;
        }
        for (String s : stations) {
            g.join(s, ap);
            g.cellsOf.computeIfAbsent(s, k -> new ArrayList<>()).add(name);
        }
        Site site = new Site(m.location(), m.path());
        String fap = ap;
        return construct(m, () -> new Link.Cell(name, fap, stations, air, apLatency, rates, multicastRate, capacity, site));
    }

    /**
     * The air of a cell, payload Mbps per crossing: {@code bandwidthMbps} (the channel's rate) times
     * {@code airtimeEfficiency}, or twice a measured {@code stationToStationMbps} (its bytes cross
     * twice; the efficiency is in the measurement), as {@code kind: shared-medium} has it.
     */
    private static Double air(MapReader m) {
        boolean hasBandwidth = m.has("bandwidthMbps");
        boolean hasS2s = m.has("stationToStationMbps");
        if (hasBandwidth && hasS2s) {
            m.accept("airtimeEfficiency");
            m.error("stationToStationMbps", "give either bandwidthMbps (the channel's rate per crossing) or"
                    + " stationToStationMbps (a measured station-to-station throughput), not both");
            return null;
        }
        if (hasS2s) {
            Double s2s = rate(m, "stationToStationMbps", null, false);
            if (m.has("airtimeEfficiency")) {
                m.error("airtimeEfficiency", "a measured stationToStationMbps already includes the airtime efficiency;"
                        + " use bandwidthMbps to give it separately");
                return null;
            }
            return s2s == null ? null : SharedMedium.airMbpsForStationToStation(s2s);
        }
        if (hasBandwidth) {
            Double bw = rate(m, "bandwidthMbps", null, false);
            Double efficiency = m.positiveNumber("airtimeEfficiency", 1.0, 1.0);
            return bw == null || efficiency == null ? null : bw * efficiency;
        }
        m.accept("airtimeEfficiency");
        m.error("bandwidthMbps", "missing required field (bandwidthMbps or stationToStationMbps)");
        return null;
    }

    /** A station's way to its AP: {@code apLatencyMs}, or half of {@code latencyMs} (station to station). */
    private static Double apLatency(MapReader m) {
        if (m.has("latencyMs") && m.has("apLatencyMs")) {
            m.error("apLatencyMs", "give either latencyMs (station to station, through the AP) or apLatencyMs (a station"
                    + " to its AP), not both");
            return null;
        }
        if (m.has("apLatencyMs")) {
            return m.number("apLatencyMs", null, 0, MAX);
        }
        Double l = m.requiredNumber("latencyMs", 0, MAX);
        // halved and doubled exactly: station to station is latencyMs to the last bit
        return l == null ? null : l / 2;
    }

    private static Map<String, Double> stationRates(MapReader m, Double air, java.util.function.Predicate<String> isStation,
                                                    String what) {
        MapReader sr = m.map("stationRates");
        Map<String, Double> rates = new LinkedHashMap<>();
        if (sr == null) {
            return rates;
        }
        boolean ok = true;
        for (Node.Entry e : sr.node().entries().values()) {
            sr.accept(e.key());
            if (!isStation.test(e.key())) {
                m.errors().add(e.keyLocation(), sr.path(e.key()), "'" + Excerpt.of(e.key()) + "' is not " + what);
                ok = false;
                continue;
            }
            Double v = Values.positiveNumber(e.value(), sr.path(e.key()), m.errors(), MAX_MBPS);
            if (v == null) {
                ok = false;
            } else if (air != null && !Double.isFinite(air / v)) {
                m.errors().add(e.value(), sr.path(e.key()), "too slow to represent: " + v + " Mbps per crossing");
                ok = false;
            } else if (air != null && v > air) {
                m.errors().add(e.value(), sr.path(e.key()), "faster than the cell's air: " + fmt(v) + " > " + fmt(air)
                        + " Mbps per crossing");
                ok = false;
            } else {
                rates.put(e.key(), v);
            }
        }
        sr.end();
        return ok ? rates : null;
    }

    /** {@code trace: {file: bw.csv}} and {@code down: [{atS, untilS}]}; null when invalid. */
    private static CapacityProfile capacity(MapReader m, Double nominal, Sources sources) {
        Errors errors = m.errors();
        int before = errors.size();
        BandwidthTrace trace = null;
        MapReader t = m.map("trace");
        if (t != null) {
            String file = t.requiredString("file");
            t.end();
            if (file != null) {
                ReferencedFile ref = ReferencedFile.read(sources.files(), sources.baseDir(), file, t.location("file"),
                        t.path("file"), "bandwidth trace", errors);
                if (ref != null) {
                    Errors problems = new Errors();
                    trace = BandwidthTrace.parse(ref.text(), ref.name(), MAX_MBPS, problems);
                    ref.report(problems.list(), t.location("file"), t.path("file"), "bandwidth trace", errors);
                }
            }
        }
        List<Node> downs = m.list("down");
        if (downs.size() > MAX_DOWN) {
            m.error("down", downs.size() + " windows; at most " + MAX_DOWN);
            downs = List.of();
        }
        double[] from = new double[downs.size()];
        double[] until = new double[downs.size()];
        for (int i = 0; i < downs.size(); i++) {
            MapReader d = MapReader.of(downs.get(i), m.path("down") + "[" + i + "]", errors);
            Double at = d.requiredNumber("atS", 0, MAX_TIME_S);
            Double end = null;
            if (d.has("untilS")) {
                end = d.number("untilS", null, 0, MAX_TIME_S);
            } else {
                errors.add(d.location(), d.path("untilS"), "missing required field (the time the link is up again, in s:"
                        + " a link down for good would stall its flows for good)");
            }
            if (at != null && end != null && !(end > at)) {
                d.error("untilS", "must be after atS (" + fmt(at) + " s), got " + fmt(end) + " s");
            } else if (at != null && end != null) {
                from[i] = at * 1000.0;
                until[i] = end * 1000.0;
            }
            d.end();
        }
        if (errors.size() > before || nominal == null) {
            return null;
        }
        if (trace == null && downs.isEmpty()) {
            return CapacityProfile.CONSTANT;
        }
        return CapacityProfile.of(nominal, trace == null ? new double[0] : trace.timeMs(),
                trace == null ? new double[0] : trace.mbps(), from, until);
    }

    private static List<TopologyNetwork.GivenRoute> routes(MapReader r, Graph g, Errors errors) {
        if (!r.has("routes")) {
            return List.of();
        }
        Node n = r.node("routes");
        if (n instanceof Node.Scalar) {
            String v = Values.choice(n, r.path("routes"), errors, List.of("shortest"));
            return v == null ? null : List.of();
        }
        List<Node> items = items(r, "routes");
        List<TopologyNetwork.GivenRoute> out = new ArrayList<>();
        Map<String, Location> pairs = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String path = r.path("routes") + "[" + i + "]";
            MapReader m = MapReader.of(items.get(i), path, errors);
            int before = errors.size();
            String from = m.has("from") ? nodeName(m.node("from"), m.path("from"), g, errors) : null;
            String to = m.has("to") ? nodeName(m.node("to"), m.path("to"), g, errors) : null;
            if (!m.has("from")) {
                m.error("from", "missing required field (the node the route starts at)");
            }
            if (!m.has("to")) {
                m.error("to", "missing required field (the node the route ends at)");
            }
            List<Node> viaItems = m.list("via");
            List<String> via = new ArrayList<>();
            List<Node> viaNodes = new ArrayList<>();
            for (int k = 0; k < viaItems.size(); k++) {
                String v = nodeName(viaItems.get(k), m.path("via") + "[" + k + "]", g, errors);
                via.add(v);
                viaNodes.add(viaItems.get(k));
            }
            m.end();
            if (errors.size() > before || from == null || to == null) {
                ok = false;
                continue;
            }
            if (from.equals(to)) {
                m.error("to", "a route goes from a node to another; '" + from + "' twice");
                ok = false;
                continue;
            }
            String pair = from + " -> " + to;
            if (pairs.containsKey(pair)) {
                m.error("from", "a second route from " + from + " to " + to + " (the first at line " + pairs.get(pair).line() + ")");
                ok = false;
                continue;
            }
            pairs.put(pair, m.location());
            // every node once, each next to the one before
            List<String> seq = new ArrayList<>();
            List<Node> at = new ArrayList<>();
            List<String> atPath = new ArrayList<>();
            seq.add(from);
            at.add(m.node("from"));
            atPath.add(m.path("from"));
            for (int k = 0; k < via.size(); k++) {
                seq.add(via.get(k));
                at.add(viaNodes.get(k));
                atPath.add(m.path("via") + "[" + k + "]");
            }
            seq.add(to);
            at.add(m.node("to"));
            atPath.add(m.path("to"));
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < seq.size(); k++) {
                if (!seen.add(seq.get(k))) {
                    errors.add(at.get(k), atPath.get(k), "the route passes '" + seq.get(k) + "' twice (a loop)");
                    ok = false;
                    break;
                }
                if (k > 0 && !g.joined(seq.get(k - 1), seq.get(k))) {
                    errors.add(at.get(k), atPath.get(k), "no link or cell joins '" + seq.get(k - 1) + "' and '" + seq.get(k)
                            + "', next to each other on this route");
                    ok = false;
                    break;
                }
            }
            if (ok) {
                Site site = new Site(m.location(), path);
                TopologyNetwork.GivenRoute route = construct(m, () -> new TopologyNetwork.GivenRoute(from, to, via, site));
                if (route == null) {
                    ok = false;
                } else {
                    out.add(route);
                }
            }
        }
        return ok ? out : null;
    }

    /**
     * {@code kind: wifi-cells}: {@code cells} WiFi cells of {@code stationsPerCell} stations each
     * (cell k holds d(k x M) .. d(k x M + M - 1)), each access point wired to one switch by an
     * uplink; the source is a station of cell0 ({@code source: station}, as in wifi-rpi) or wired to
     * the switch like an AP ({@code source: wired}).
     */
    public static TopologyNetwork wifiCells(MapReader outer) {
        Errors errors = new Errors();
        outer.accept(WIFI_CELLS_FIELDS);
        try {
            return wifiCells(MapReader.of(outer.node(), outer.path(), errors), errors);
        } finally {
            outer.errors().addAll(errors.list());
        }
    }

    private static TopologyNetwork wifiCells(MapReader r, Errors errors) {
        int before = errors.size();
        Integer cells = r.requiredInteger("cells", 1, 1000);
        Integer per = r.requiredInteger("stationsPerCell", 1, MAX_STATIONS);
        if (cells != null && per != null && (long) cells * per > MAX_STATIONS) {
            r.error("stationsPerCell", "cells x stationsPerCell is " + (long) cells * per + " stations; at most " + MAX_STATIONS
                    + " (the most devices a cluster may have)");
        }
        Double air = air(r);
        Double apLatency = apLatency(r);
        Double multicastRate = r.positiveNumber("multicastRateFactor", 1.0, 1.0);
        Double upMbps = rate(r, "uplinkMbps", null, true);
        Double upLatency = r.requiredNumber("uplinkLatencyMs", 0, MAX);
        String upSharing = r.choice("uplinkSharing", List.of("full-duplex", "shared"), "full-duplex");
        String source = r.choice("source", List.of("station", "wired"), "station");
        int total = cells == null || per == null ? 0 : cells * per;
        boolean sourceStation = "station".equals(source);
        Map<String, Double> rates = stationRates(r, air, s -> {
            if (sourceStation && s.equals(Names.SOURCE)) {
                return true;
            }
            return Names.DEVICE.matcher(s).matches() && Integer.parseInt(s.substring(1)) < total;
        }, "a station of these cells (d0..d" + Math.max(0, total - 1) + (sourceStation ? ", source)" : ")"));
        Boolean multicast = r.bool("multicast", false);
        if (errors.size() > before || cells == null || per == null || air == null || apLatency == null || multicastRate == null
                || upMbps == null || upLatency == null || upSharing == null || source == null || rates == null
                || multicast == null) {
            return null;
        }
        Site site = new Site(r.location(), r.path());
        List<String> nodes = new ArrayList<>();
        nodes.add("switch");
        List<Link> links = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            nodes.add("ap" + k);
            List<String> stations = new ArrayList<>();
            for (int j = 0; j < per; j++) {
                stations.add("d" + (k * per + j));
            }
            if (k == 0 && sourceStation) {
                stations.add(Names.SOURCE);
            }
            Map<String, Double> cellRates = new LinkedHashMap<>();
            for (String s : stations) {
                if (rates.containsKey(s)) {
                    cellRates.put(s, rates.get(s));
                }
            }
            links.add(new Link.Cell("cell" + k, "ap" + k, stations, air, apLatency, cellRates, multicastRate,
                    CapacityProfile.CONSTANT, site));
        }
        boolean shared = upSharing.equals("shared");
        for (int k = 0; k < cells; k++) {
            links.add(new Link.Wired("uplink" + k, "ap" + k, "switch", upMbps, upLatency, shared, CapacityProfile.CONSTANT, site));
        }
        if (!sourceStation) {
            links.add(new Link.Wired("source-uplink", Names.SOURCE, "switch", upMbps, upLatency, shared, CapacityProfile.CONSTANT,
                    site));
        }
        return construct(r, () -> new TopologyNetwork(nodes, links, List.of(), multicast, site));
    }

    /**
     * A rate in Mbps in (0, max]: its bytes per ms, doubled (a station-to-station crossing), must
     * stay finite (a larger value would make the resource an unlimited, accounting-only one).
     */
    private static Double rate(MapReader r, String key, Double def, boolean required) {
        Double v = required ? r.requiredPositiveNumber(key, MAX) : r.positiveNumber(key, def, MAX);
        if (v != null && r.has(key) && !Double.isFinite(Units.bytesPerMs(v * 2))) {
            r.error(key, "too large: " + v + " Mbps");
            return null;
        }
        return v;
    }

    private static <T> T construct(MapReader r, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            r.errors().add(r.location(), r.path(), e.getMessage());
            return null;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

package org.lcpsim.network.presets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.lcpsim.config.Errors;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.MapReader;
import org.lcpsim.config.Node;
import org.lcpsim.config.Presets;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.ethernet.Switched;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.FlowOptions;
import org.lcpsim.network.flow.Sharing;
import org.lcpsim.network.flow.TopologySpec;
import org.lcpsim.network.flow.TransferEnergy;
import org.lcpsim.network.flow.Units;
import org.lcpsim.network.links.MeasuredLinear;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.tcp.RpcCost;
import org.lcpsim.network.tcp.TcpOverlay;
import org.lcpsim.network.topology.TopologyNetwork;
import org.lcpsim.network.topology.TopologySpecs;
import org.lcpsim.network.variability.FactorDistribution;
import org.lcpsim.network.variability.Variability;
import org.lcpsim.network.wifi.SharedMedium;

/**
 * Binds a network description, from a preset ({@code preset: wifi-rpi}, inline fields override
 * it) or inline ({@code kind: shared-medium, ...}), to a {@link NetworkModel}. Every kind takes
 * the options {@code sharing}, {@code tcp}, {@code rpc}, {@code variability} and {@code energy}; see
 * docs/network-models.md for the fields and their meaning.
 */
public final class NetworkSpecs {
    public static final Presets PRESETS = new Presets("org/lcpsim/network/presets");
    public static final List<String> KINDS = List.of(PointToPointLinks.KIND, SharedMedium.KIND, Switched.KIND,
            MeasuredLinear.KIND, TopologyNetwork.KIND, TopologySpecs.WIFI_CELLS);

    /** Alternative ways to give one quantity: an inline one replaces the preset's alternatives. */
    private static final List<List<String>> ALTERNATIVES = List.of(List.of("bandwidthMbps", "stationToStationMbps"),
            List.of("latencyMs", "apLatencyMs"));

    private static final double MAX = Double.MAX_VALUE;
    /** The most energy per byte a radio may take, in nJ: 1e9 (a joule per byte). */
    public static final double MAX_NJ_PER_BYTE = 1e9;

    private NetworkSpecs() {
    }

    /**
     * Returns null when invalid, with the errors recorded; never throws for bad input. Files the
     * network names (bandwidth traces) are read from the disk, relative to the working folder.
     */
    public static NetworkModel bind(Node node, String path, Errors errors) {
        return bind(node, path, errors, Path.of(""), FileSource.DISK);
    }

    /**
     * The same, reading files the network names (a link's {@code trace: {file: ...}}) relative to
     * {@code baseDir} (the experiment file's folder) through {@code files}.
     */
    public static NetworkModel bind(Node node, String path, Errors errors, Path baseDir, FileSource files) {
        int before = errors.size();
        MapReader outer = MapReader.of(node, path, errors);
        String preset = outer.string("preset", null);
        Node merged = node;
        if (preset != null) {
            if (!PRESETS.exists(preset)) {
                outer.error("preset", "unknown network preset '" + preset + "'; known: " + String.join(", ", PRESETS.names()));
                return null;
            }
            merged = dropReplacedAlternatives(PRESETS.merged(preset, outer.node()), outer.node());
        }
        MapReader r = MapReader.of(merged, path, errors).accept("preset");
        r.string("description", null);
        r.node("provenance");
        String name = r.string("name", preset);
        String kind = r.requiredChoice("kind", KINDS);
        TopologySpec topology = null;
        if (kind != null) {
            topology = switch (kind) {
                case PointToPointLinks.KIND -> pointToPoint(r);
                case SharedMedium.KIND -> sharedMedium(r);
                case Switched.KIND -> switched(r);
                case MeasuredLinear.KIND -> measuredLinear(r);
                case TopologyNetwork.KIND -> TopologySpecs.topology(r, new TopologySpecs.Sources(baseDir, files));
                case TopologySpecs.WIFI_CELLS -> TopologySpecs.wifiCells(r);
                default -> null;
            };
        } else {
            // which fields exist depends on the kind: without one, do not call every field unknown
            r.accept(r.node().entries().keySet().toArray(String[]::new));
        }
        FlowOptions options = options(r);
        r.end();
        if (topology == null || options == null || errors.size() > before) {
            return null;
        }
        return new FlowNetworkModel(name == null ? kind : name, topology, options);
    }

    /**
     * Checks a bound network against the cluster it serves (node names d0..dN-1, then
     * {@code source} when external): a topology must hold every device and the source and join
     * them all. Returns false, with the errors recorded at the network's fields, when it does not.
     */
    public static boolean checkNodes(NetworkModel network, List<String> nodeNames, Errors errors) {
        if (network instanceof FlowNetworkModel f && f.topology() instanceof TopologyNetwork t) {
            List<TopologyNetwork.Problem> problems = t.check(nodeNames);
            for (TopologyNetwork.Problem p : problems) {
                errors.add(p.site().at(), p.site().path(), p.message());
            }
            return problems.isEmpty();
        }
        return true;
    }

    /**
     * Builds a model part from values the binder has checked; a combination its constructor still
     * rejects becomes an error at the mapping instead of an exception.
     */
    private static <T> T construct(MapReader r, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            r.errors().add(r.location(), r.path(), e.getMessage());
            return null;
        }
    }

    private static Node dropReplacedAlternatives(Node merged, Node.MapNode overrides) {
        if (!(merged instanceof Node.MapNode m)) {
            return merged;
        }
        Map<String, Node.Entry> entries = new LinkedHashMap<>(m.entries());
        for (List<String> group : ALTERNATIVES) {
            for (String given : group) {
                if (overrides.entries().containsKey(given)) {
                    for (String other : group) {
                        if (!overrides.entries().containsKey(other)) {
                            entries.remove(other);
                        }
                    }
                }
            }
        }
        return new Node.MapNode(m.location(), entries);
    }

    private static TopologySpec pointToPoint(MapReader r) {
        Double latency = r.requiredNumber("latencyMs", 0, MAX);
        Double bw = rate(r, "bandwidthMbps", null, true, 1);
        return latency == null || bw == null ? null : construct(r, () -> new PointToPointLinks(latency, bw));
    }

    private static TopologySpec sharedMedium(MapReader r) {
        boolean hasBandwidth = r.has("bandwidthMbps");
        boolean hasS2s = r.has("stationToStationMbps");
        Double airMbps = null;
        Double efficiency = 1.0;
        if (hasBandwidth && hasS2s) {
            r.accept("airtimeEfficiency");
            r.error("stationToStationMbps", "give either bandwidthMbps (the channel's rate) or stationToStationMbps "
                    + "(a measured station-to-station throughput), not both");
        } else if (hasS2s) {
            Double s2s = rate(r, "stationToStationMbps", null, false, 2);
            airMbps = s2s == null ? null : SharedMedium.airMbpsForStationToStation(s2s);
            if (r.has("airtimeEfficiency")) {
                r.error("airtimeEfficiency", "a measured stationToStationMbps already includes the airtime efficiency; "
                        + "use bandwidthMbps to give it separately");
            }
        } else if (hasBandwidth) {
            airMbps = rate(r, "bandwidthMbps", null, false, 1);
            efficiency = r.positiveNumber("airtimeEfficiency", 1.0, 1.0);
        } else {
            r.accept("airtimeEfficiency");
            r.error("bandwidthMbps", "missing required field (bandwidthMbps or stationToStationMbps)");
        }
        Double latency = r.requiredNumber("latencyMs", 0, MAX);
        Boolean sourceWired = r.bool("sourceWired", false);
        Double sourceLatency = r.number("sourceLatencyMs", latency, 0, MAX);
        Double sourceLink = rate(r, "sourceLinkMbps", Double.POSITIVE_INFINITY, false, 1);
        Boolean multicast = r.bool("multicast", false);
        Double multicastRate = r.positiveNumber("multicastRateFactor", 1.0, 1.0);
        if (sourceWired != null && !sourceWired) {
            for (String key : List.of("sourceLatencyMs", "sourceLinkMbps")) {
                if (r.has(key)) {
                    r.error(key, "only meaningful with sourceWired: true");
                }
            }
        }
        if (airMbps == null || efficiency == null || latency == null || sourceWired == null || sourceLatency == null
                || sourceLink == null || multicast == null || multicastRate == null) {
            return null;
        }
        Double air = airMbps;
        Double eff = efficiency;
        return construct(r, () -> new SharedMedium(air, eff, latency, sourceWired, sourceLatency, sourceLink, multicast,
                multicastRate));
    }

    private static TopologySpec switched(MapReader r) {
        Double port = rate(r, "portMbps", null, true, 1);
        Double sourcePort = rate(r, "sourcePortMbps", port, false, 1);
        Double sw = r.number("switchLatencyMs", 0.0, 0, MAX);
        Double hop = r.number("hopLatencyMs", 0.0, 0, MAX);
        Double backplane = rate(r, "backplaneMbps", Double.POSITIVE_INFINITY, false, 1);
        Boolean multicast = r.bool("multicast", false);
        if (port == null || sourcePort == null || sw == null || hop == null || backplane == null || multicast == null) {
            return null;
        }
        if (!Double.isFinite(sw + 2 * hop)) {
            r.error("hopLatencyMs", "switchLatencyMs + 2 x hopLatencyMs is too large to represent");
            return null;
        }
        return construct(r, () -> new Switched(port, sourcePort, sw, hop, backplane, multicast));
    }

    private static TopologySpec measuredLinear(MapReader r) {
        Double intercept = r.requiredNumber("interceptMs", 0, MAX);
        Double slope = r.requiredPositiveNumber("slopeMsPerKB", MAX);
        Double kb = r.positiveNumber("bytesPerKB", 1000.0, MAX);
        String sharing = r.choice("concurrency", List.of("shared", "independent"), "shared");
        if (intercept == null || slope == null || kb == null || sharing == null) {
            return null;
        }
        if (!Double.isFinite(kb / slope)) {
            r.error("slopeMsPerKB", "bytesPerKB / slopeMsPerKB is a rate too large to represent");
            return null;
        }
        return construct(r, () -> new MeasuredLinear(intercept, slope, kb, sharing.equals("shared")));
    }

    private static FlowOptions options(MapReader r) {
        String sharing = r.choice("sharing", Sharing.NAMES, Sharing.EQUAL.yamlName());
        TcpOverlay tcp = TcpOverlay.NONE;
        MapReader t = r.map("tcp");
        if (t != null) {
            Double bf = t.positiveNumber("bandwidthFactor", TcpOverlay.LV08.bandwidthFactor(), 1.0);
            Double lf = t.positiveNumber("latencyFactor", TcpOverlay.LV08.latencyFactor(), MAX);
            Double window = t.number("windowBytes", TcpOverlay.LV08.windowBytes(), 0, MAX);
            Double ack = t.number("ackFactor", TcpOverlay.LV08.ackFactor(), 0, MAX);
            Double weightS = t.number("weightS", TcpOverlay.LV08.weightS(), 0, TcpOverlay.MAX_WEIGHT_S);
            t.end();
            tcp = bf == null || lf == null || window == null || ack == null || weightS == null ? null
                    : new TcpOverlay(bf, lf, window, ack, weightS);
        }
        RpcCost rpc = RpcCost.NONE;
        MapReader p = r.map("rpc");
        if (p != null) {
            Double fixed = p.number("fixedMs", 0.0, 0, MAX);
            Double perKb = p.number("perKBMs", 0.0, 0, MAX);
            Double rxFixed = p.number("receiverFixedMs", fixed, 0, MAX);
            Double rxPerKb = p.number("receiverPerKBMs", perKb, 0, MAX);
            Double kb = p.positiveNumber("bytesPerKB", 1000.0, MAX);
            p.string("source", null);
            p.end();
            rpc = fixed == null || perKb == null || rxFixed == null || rxPerKb == null || kb == null ? null
                    : new RpcCost(fixed, perKb, rxFixed, rxPerKb, kb);
        }
        Variability variability = Variability.NONE;
        MapReader v = r.map("variability");
        if (v != null) {
            FactorDistribution latency = distribution(v, "latency");
            FactorDistribution bandwidth = distribution(v, "bandwidth");
            v.end();
            variability = latency == null || bandwidth == null ? null : new Variability(latency, bandwidth);
        }
        TransferEnergy energy = TransferEnergy.NONE;
        MapReader e = r.map("energy");
        if (e != null) {
            // energy is bytes times nJ per byte: a finite number for the most bytes a run may move (1e18)
            Double tx = e.number("txNjPerByte", 0.0, 0, MAX_NJ_PER_BYTE);
            Double rx = e.number("rxNjPerByte", 0.0, 0, MAX_NJ_PER_BYTE);
            e.string("source", null);
            e.end();
            energy = tx == null || rx == null ? null : new TransferEnergy(tx, rx);
        }
        if (tcp == null || rpc == null || variability == null || energy == null || sharing == null) {
            return null;
        }
        return new FlowOptions(tcp, rpc, variability, energy, Sharing.of(sharing));
    }

    private static FactorDistribution distribution(MapReader v, String key) {
        MapReader d = v.map(key);
        if (d == null) {
            return FactorDistribution.NONE;
        }
        String dist = d.requiredChoice("distribution", FactorDistribution.NAMES);
        double maxCv = "uniform".equals(dist) ? 0.57 : 10;
        Double cv = d.number("cv", 0.0, 0, maxCv);
        if ("exponential".equals(dist) && d.has("cv")) {
            d.error("cv", "the exponential factor has cv 1; leave cv out");
        } else if (dist != null && !dist.equals("none") && !dist.equals("exponential") && !d.has("cv")) {
            d.error("cv", "missing required field (the coefficient of variation, e.g. 0.2)");
        }
        d.end();
        return dist == null || cv == null ? null : FactorDistribution.of(dist, cv);
    }

    /**
     * A rate in Mbps in (0, max]: {@code factor} times it, in bytes per ms, must stay finite (a
     * larger value would make the resource an unlimited, accounting-only one). An infinite
     * default stands for "no limit" and is not checked.
     */
    private static Double rate(MapReader r, String key, Double def, boolean required, double factor) {
        Double v = required ? r.requiredPositiveNumber(key, MAX) : r.positiveNumber(key, def, MAX);
        if (v != null && r.has(key) && !Double.isFinite(Units.bytesPerMs(v * factor))) {
            r.error(key, "too large: " + v + " Mbps");
            return null;
        }
        return v;
    }
}

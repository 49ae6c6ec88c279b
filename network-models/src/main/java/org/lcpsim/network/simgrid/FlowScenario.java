package org.lcpsim.network.simgrid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.FlowOptions;
import org.lcpsim.network.flow.ResourceSpec;
import org.lcpsim.network.flow.Route;
import org.lcpsim.network.flow.Sharing;
import org.lcpsim.network.flow.Topology;
import org.lcpsim.network.flow.TopologySpec;
import org.lcpsim.network.tcp.TcpOverlay;

/**
 * A network and a set of flows that both SimGrid (scripts/simgrid-flows) and lcpsim's flow engine
 * run: hosts, links (bandwidth in bytes per second, latency in seconds, shared by both directions
 * or split duplex), a directed route per host pair as a list of links, and flows (source,
 * destination, bytes, start in seconds). {@link #toJson} writes what the script reads;
 * {@link #lcpsimModel()} is the same network as an lcpsim {@link FlowNetworkModel} with
 * {@code sharing: rtt} and the TCP overlay of SimGrid's model.
 */
public record FlowScenario(String name, Model model, boolean crosstraffic, List<String> hosts, List<Link> links,
        List<Path> routes, List<Flow> flows, Sharing sharing) {
    /** SimGrid's network model, and the TCP overlay that is the same thing in lcpsim. */
    public enum Model {
        CM02(new TcpOverlay(1.0, 1.0, 4_194_304, 0.05, 0)),
        LV08(TcpOverlay.LV08);

        private final TcpOverlay tcp;

        Model(TcpOverlay tcp) {
            this.tcp = tcp;
        }

        /** SimGrid 3.32's defaults for this model, the ACKs on or off (network/crosstraffic). */
        public TcpOverlay tcp(boolean crosstraffic) {
            return new TcpOverlay(tcp.bandwidthFactor(), tcp.latencyFactor(), tcp.windowBytes(),
                    crosstraffic ? 0.05 : 0, tcp.weightS());
        }
    }

    /** A link: one capacity for both directions, or one per direction ({@code splitDuplex}). */
    public record Link(String name, double bandwidthBytesPerS, double latencyS, boolean splitDuplex) {
    }

    /** A directed route: link names, a split-duplex link as {@code NAME:UP} or {@code NAME:DOWN}. */
    public record Path(String src, String dst, List<String> links) {
    }

    public record Flow(String src, String dst, long bytes, double startS) {
    }

    /** With {@code sharing: rtt}, SimGrid's rule. */
    public FlowScenario(String name, Model model, boolean crosstraffic, List<String> hosts, List<Link> links,
            List<Path> routes, List<Flow> flows) {
        this(name, model, crosstraffic, hosts, links, routes, flows, Sharing.RTT);
    }

    /** The same scenario, lcpsim sharing as given (SimGrid ignores it). */
    public FlowScenario withSharing(Sharing s) {
        return new FlowScenario(name, model, crosstraffic, hosts, links, routes, flows, s);
    }

    public FlowScenario {
        hosts = List.copyOf(hosts);
        links = List.copyOf(links);
        routes = List.copyOf(routes);
        flows = List.copyOf(flows);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON object scripts/simgrid-flows reads for this scenario. */
    public ObjectNode toJsonNode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("model", model.name());
        o.put("crosstraffic", crosstraffic);
        ArrayNode h = o.putArray("hosts");
        hosts.forEach(h::add);
        ArrayNode l = o.putArray("links");
        for (Link link : links) {
            l.addObject().put("name", link.name()).put("bandwidth", link.bandwidthBytesPerS())
                    .put("latency", link.latencyS()).put("sharing", link.splitDuplex() ? "SPLITDUPLEX" : "SHARED");
        }
        ArrayNode r = o.putArray("routes");
        for (Path p : routes) {
            ObjectNode e = r.addObject().put("src", p.src()).put("dst", p.dst());
            ArrayNode hops = e.putArray("links");
            p.links().forEach(hops::add);
        }
        ArrayNode f = o.putArray("flows");
        for (Flow flow : flows) {
            f.addObject().put("src", flow.src()).put("dst", flow.dst()).put("bytes", flow.bytes()).put("start", flow.startS());
        }
        return o;
    }

    /** A JSON list of scenarios, as scripts/simgrid-flows reads it. */
    public static String toJson(List<FlowScenario> scenarios) {
        ArrayNode a = JSON.createArrayNode();
        scenarios.forEach(s -> a.add(s.toJsonNode()));
        return a.toString();
    }

    /**
     * The same network in lcpsim: a resource per shared link, two per split-duplex link
     * ({@code NAME:UP}, {@code NAME:DOWN}), capacities in Mbps, latencies in ms summed along the
     * route; the scenario's sharing ({@code rtt} unless changed) and the model's TCP overlay.
     */
    public FlowNetworkModel lcpsimModel() {
        return new FlowNetworkModel(name, new ScenarioTopology(this),
                FlowOptions.NONE.withTcp(model.tcp(crosstraffic)).withSharing(sharing));
    }

    /** The scenario's routes over its links; node names must be the scenario's hosts. */
    record ScenarioTopology(FlowScenario scenario) implements TopologySpec {
        @Override
        public String kind() {
            return "simgrid-scenario";
        }

        @Override
        public Topology build(List<String> nodeNames) {
            if (!nodeNames.equals(scenario.hosts())) {
                throw new IllegalArgumentException("the scenario's nodes are its hosts " + scenario.hosts());
            }
            List<ResourceSpec> resources = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            Map<String, Double> latency = new HashMap<>();
            for (Link l : scenario.links()) {
                double mbps = l.bandwidthBytesPerS() * 8 / 1e6;
                latency.put(l.name(), l.latencyS());
                if (l.splitDuplex()) {
                    for (String d : List.of(":UP", ":DOWN")) {
                        index.put(l.name() + d, resources.size());
                        resources.add(new ResourceSpec(l.name() + d, mbps));
                    }
                } else {
                    index.put(l.name(), resources.size());
                    resources.add(new ResourceSpec(l.name(), mbps));
                }
            }
            int n = nodeNames.size();
            int[][] hops = new int[n * n][];
            double[] latencyMs = new double[n * n];
            Map<String, Integer> host = new HashMap<>();
            for (int i = 0; i < n; i++) {
                host.put(nodeNames.get(i), i);
            }
            for (Path p : scenario.routes()) {
                int k = host.get(p.src()) * n + host.get(p.dst());
                hops[k] = new int[p.links().size()];
                double s = 0;
                for (int i = 0; i < hops[k].length; i++) {
                    String ref = p.links().get(i);
                    Integer r = index.get(ref);
                    if (r == null) {
                        throw new IllegalArgumentException("route " + p + ": no link " + ref);
                    }
                    hops[k][i] = r;
                    int colon = ref.indexOf(':');
                    s += latency.get(colon < 0 ? ref : ref.substring(0, colon)); // seconds, summed as SimGrid does
                }
                latencyMs[k] = s * 1000;
            }
            List<ResourceSpec> fixed = List.copyOf(resources);
            return new Topology() {
                @Override
                public List<ResourceSpec> resources() {
                    return fixed;
                }

                @Override
                public double unicast(int src, int dst, Route route) {
                    int[] h = hops[src * n + dst];
                    if (h == null) {
                        throw new IllegalArgumentException("no route from " + nodeNames.get(src) + " to " + nodeNames.get(dst));
                    }
                    for (int r : h) {
                        route.add(r, 1);
                    }
                    return latencyMs[src * n + dst];
                }
            };
        }
    }
}

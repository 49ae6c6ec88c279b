package org.lcpsim.network.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.lcpsim.network.DeliveryListener;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.NetworkStats;
import org.lcpsim.network.PairTraffic;
import org.lcpsim.network.Transfer;
import org.lcpsim.network.tcp.TcpOverlay;
import org.lcpsim.network.variability.Variability;

/**
 * The network of one replication: turns each {@link Transfer} into flows on a {@link FlowEngine}
 * (one per destination, or one multicast flow where the topology multicasts), applying the TCP
 * overlay, the sharing weights and the per-flow variability, and keeps per-pair traffic and energy.
 */
public final class FlowNetwork implements NetworkModel.Instance {
    private final FlowNetworkModel model;
    private final List<String> names;
    private final Topology topology;
    private final FlowEngine engine;
    private final RandomGenerator random;
    private final TcpOverlay tcp;
    private final Variability variability;
    private final TransferEnergy energy;
    private final boolean rtt;
    private final double[] capacity;
    private final Route route = new Route();
    private final Route reverse = new Route();
    private final PairCounts pairs;
    private double energyNj;

    FlowNetwork(FlowNetworkModel model, NetworkContext context, FlowEngine.Mode mode) {
        this.model = model;
        this.names = context.nodeNames();
        this.topology = model.topology().build(names);
        this.engine = new FlowEngine(context.scheduler(), topology.resources(),
                context.utilizationSeries() ? model.seriesPoints() : 0, mode);
        this.rtt = model.options().sharing() == Sharing.RTT;
        this.capacity = topology.resources().stream().mapToDouble(ResourceSpec::bytesPerMs).toArray();
        topology.capacityChanges().play(context.scheduler(), engine);
        this.random = context.random();
        this.tcp = model.options().tcp();
        this.variability = model.options().variability();
        this.energy = model.options().energy();
        pairs = new PairCounts(names.size());
    }

    @Override
    public void send(Transfer t, DeliveryListener listener) {
        int src = t.source();
        int n = names.size();
        if (src < 0 || src >= n) {
            throw new IllegalArgumentException("transfer " + t + " from unknown node " + src);
        }
        for (int i = 0; i < t.destinationCount(); i++) {
            int dst = t.destination(i);
            if (dst < 0 || dst >= n) {
                throw new IllegalArgumentException("transfer " + t + " to unknown node " + dst);
            }
            pairs.add(src, dst, t.bytes());
            if (topology.paysTransferEnergy(dst)) {
                energyNj += energy.rxNjPerByte() * t.bytes();
            }
        }
        boolean senderPays = topology.paysTransferEnergy(src);
        if (t.destinationCount() > 1 && topology.multicastEnabled()) {
            if (senderPays) {
                energyNj += energy.txNjPerByte() * t.bytes();
            }
            int[] dsts = t.destinations();
            double latency = topology.multicast(src, dsts, route.clear());
            double penalty = penaltyMs(latency);
            // no ACK cross-traffic: multicast is not acknowledged per byte
            startFlow(latency, t.bytes(), penalty, () -> {
                for (int d : dsts) {
                    listener.delivered(d);
                }
            });
            return;
        }
        for (int i = 0; i < t.destinationCount(); i++) {
            int dst = t.destination(i);
            if (senderPays) {
                energyNj += energy.txNjPerByte() * t.bytes();
            }
            double latency = topology.unicast(src, dst, route.clear());
            double penalty = penaltyMs(latency); // of the forward route, before the ACKs are added
            if (tcp.ackFactor() > 0) {
                topology.unicast(dst, src, reverse.clear());
                for (int k = 0; k < reverse.length(); k++) {
                    route.add(reverse.resource(k), reverse.coefficient(k) * tcp.ackFactor());
                }
            }
            startFlow(latency, t.bytes(), penalty, () -> listener.delivered(dst));
        }
    }

    /**
     * The sharing penalty of the flow whose route is in {@link #route} (ms; the flow's rate share
     * is proportional to its inverse): 1 with equal sharing; with {@code sharing: rtt}, SimGrid's
     * CM02/LV08 rule, the physical one-way latency plus weightS x a_r / C_r for every resource
     * crossed (weightS / bandwidth per link), or 1000 ms (SimGrid's initial penalty of 1 s, which it
     * only replaces once a flow has paid a latency) for a route without latency.
     */
    private double penaltyMs(double physicalLatencyMs) {
        if (!rtt) {
            return 1.0;
        }
        if (!(physicalLatencyMs > 0)) {
            return ZERO_LATENCY_PENALTY_MS;
        }
        double p = physicalLatencyMs;
        if (tcp.weightS() > 0) {
            for (int k = 0; k < route.length(); k++) {
                p += tcp.weightS() * route.coefficient(k) / capacity[route.resource(k)];
            }
        }
        return Math.min(p, Double.MAX_VALUE);
    }

    /** The penalty SimGrid leaves on a flow that pays no latency: 1 s. */
    static final double ZERO_LATENCY_PENALTY_MS = 1000.0;

    private void startFlow(double physicalLatencyMs, long payloadBytes, double penaltyMs, Runnable onDone) {
        double latency = tcp.latencyMs(physicalLatencyMs);
        if (!variability.latency().isNone()) {
            latency *= variability.latency().sample(random);
        }
        double scale = 1.0;
        if (!variability.bandwidth().isNone()) {
            // a flow at factor x gets x times the capacity: it uses 1/x units per byte
            scale = 1.0 / Math.max(1e-6, variability.bandwidth().sample(random));
        }
        double window = tcp.windowBoundWireBytesPerMs(physicalLatencyMs);
        if (window != Double.POSITIVE_INFINITY) {
            // the window limit is protocol, not channel: undo the scaling the engine applies
            route.bound(window * scale);
        }
        engine.start(latency, tcp.wireBytes(payloadBytes), route, scale, 1.0 / penaltyMs, onDone);
    }

    @Override
    public double senderCpuMs(long bytes) {
        return model.options().rpc().senderMs(bytes);
    }

    @Override
    public double receiverCpuMs(long bytes) {
        return model.options().rpc().receiverMs(bytes);
    }

    @Override
    public NetworkStats stats() {
        List<PairTraffic> traffic = new ArrayList<>();
        pairs.forEach((s, d, bytes, messages) -> traffic.add(new PairTraffic(names.get(s), names.get(d), bytes, messages)));
        return new NetworkStats(engine.usage(), energyNj * 1e-9, traffic);
    }
}

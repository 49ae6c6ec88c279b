package org.lcpsim.network.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.Scheduler;
import org.lcpsim.engine.SimEngine;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.NetworkStats;
import org.lcpsim.network.Transfer;

/**
 * Runs a network model alone: transfers issued at given times (or from delivery callbacks), the
 * delivery time of each destination recorded. On the bare event loop by default, on DSOL on request.
 */
public final class NetHarness {
    /** A transfer to issue at {@code atMs}. */
    public record Send(double atMs, int source, int[] destinations, long bytes) {
        public static Send at(double atMs, int source, long bytes, int... destinations) {
            return new Send(atMs, source, destinations, bytes);
        }
    }

    /** Delivery time per send and destination (in the send's destination order). */
    public record Result(double[][] deliveredMs, long events, NetworkStats stats, FlowNetwork network, double endMs) {
        public double at(int send, int destinationIndex) {
            return deliveredMs[send][destinationIndex];
        }

        public double at(int send) {
            return deliveredMs[send][0];
        }
    }

    private NetHarness() {
    }

    public static List<String> stations(int devices, boolean externalSource) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            names.add("d" + i);
        }
        if (externalSource) {
            names.add("source");
        }
        return names;
    }

    public static Result run(NetworkModel model, List<String> names, long seed, List<Send> sends) {
        return run(model, names, seed, sends, false);
    }

    public static Result run(NetworkModel model, List<String> names, long seed, List<Send> sends, boolean onDsol) {
        return run(model, names, seed, sends, onDsol, null);
    }

    /** On the bare loop, the flow engine solving in {@code mode}. */
    public static Result run(FlowNetworkModel model, List<String> names, long seed, List<Send> sends, FlowEngine.Mode mode) {
        return run(model, names, seed, sends, false, mode);
    }

    private static Result run(NetworkModel model, List<String> names, long seed, List<Send> sends, boolean onDsol,
            FlowEngine.Mode mode) {
        Body body = new Body(model, names, seed, sends, mode);
        long events = onDsol ? SimEngine.run(body, SimEngine.NO_HORIZON_MS, Duration.ofSeconds(30))
                : BareEventLoop.run(body, SimEngine.NO_HORIZON_MS);
        if (!body.finished()) {
            throw new AssertionError("not every destination was delivered: " + Arrays.deepToString(body.delivered));
        }
        return new Result(body.delivered, events, body.instance.stats(), (FlowNetwork) body.instance, body.lastMs);
    }

    private static final class Body implements SimulationBody {
        final NetworkModel model;
        final List<String> names;
        final long seed;
        final List<Send> sends;
        final double[][] delivered;
        final FlowEngine.Mode mode;
        int pending;
        NetworkModel.Instance instance;
        double lastMs;

        Body(NetworkModel model, List<String> names, long seed, List<Send> sends, FlowEngine.Mode mode) {
            this.model = model;
            this.mode = mode;
            this.names = names;
            this.seed = seed;
            this.sends = sends;
            delivered = new double[sends.size()][];
            for (int i = 0; i < sends.size(); i++) {
                delivered[i] = new double[sends.get(i).destinations().length];
                Arrays.fill(delivered[i], Double.NaN);
                pending += delivered[i].length;
            }
        }

        @Override
        public void start(Scheduler s) {
            NetworkContext context = new NetworkContext(s, names, new SplittableRandom(seed));
            instance = mode == null ? model.instantiate(context) : ((FlowNetworkModel) model).instantiate(context, mode);
            for (int i = 0; i < sends.size(); i++) {
                Send send = sends.get(i);
                int index = i;
                s.at(send.atMs(), () -> instance.send(new Transfer(index, send.source(), send.destinations(), send.bytes(),
                        "t" + index), dst -> {
                            int k = 0;
                            while (send.destinations()[k] != dst) {
                                k++;
                            }
                            if (!Double.isNaN(delivered[index][k])) {
                                throw new AssertionError("delivered twice to " + dst);
                            }
                            delivered[index][k] = s.nowMs();
                            lastMs = s.nowMs();
                            pending--;
                        }));
            }
        }

        @Override
        public boolean finished() {
            return pending == 0;
        }
    }
}

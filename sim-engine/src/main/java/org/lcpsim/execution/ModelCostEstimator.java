package org.lcpsim.execution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.Residency;
import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.Scheduler;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.network.NetworkContext;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.Transfer;
import org.lcpsim.strategies.CostEstimator;

/**
 * Planning estimates from the experiment's own models: a device's compute estimate with nothing
 * resident (no swap), and the makespan of a set of concurrent transfers measured by running them
 * alone on a fresh instance of the network model (so contention among them is the model's own).
 * The probe uses the bare event loop: it is a planning aid, not a result. Not thread-safe; one
 * per deployment.
 */
public final class ModelCostEstimator implements CostEstimator {
    private final List<DeviceModel> models;
    private final List<DeviceModel.Prepared> devices;
    /** Devices prepared for what a planner asks them to hold, by device and residency. */
    private final Map<String, DeviceModel.Prepared> holding = new HashMap<>();
    private final NetworkModel network;
    private final List<String> nodeNames;
    private final Map<String, Double> transferCache = new HashMap<>();
    private final int batch;

    public ModelCostEstimator(List<DeviceModel> devices, NetworkModel network, List<String> nodeNames) {
        this(devices, network, nodeNames, 1);
    }

    /**
     * Estimates for requests of {@code batch} images: strategies plan one image's work and
     * bytes, and the estimates are of the batch they will run (every compute task on all of its
     * images, every transfer {@code batch} times its bytes), so pipeline cuts and split choices
     * balance what runs.
     */
    public ModelCostEstimator(List<DeviceModel> devices, NetworkModel network, List<String> nodeNames, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + batch);
        }
        this.models = List.copyOf(devices);
        this.devices = devices.stream().map(d -> d.prepare(Residency.NONE)).toList();
        this.network = network;
        this.nodeNames = List.copyOf(nodeNames);
        this.batch = batch;
    }

    @Override
    public double computeMs(int device, ComputeWork work) {
        return devices.get(device).estimate(work.withBatch(batch)).ms();
    }

    /**
     * The time on the device prepared for {@code held} of one image, scaled to the batch as a
     * deployment is ({@link Deployment#batched}: activations and buffers times the batch, weights once).
     */
    @Override
    public double computeMs(int device, ComputeWork work, Residency held) {
        if (held == null || held.isEmpty()) {
            return computeMs(device, work);
        }
        Residency r = batch == 1 ? held : new Residency(held.weightBytes(), Math.multiplyExact(held.activationBytes(),
                (long) batch), Math.multiplyExact(held.bufferBytes(), (long) batch));
        DeviceModel.Prepared p = holding.computeIfAbsent(device + ":" + r, k -> models.get(device).prepare(r));
        return p.estimate(work.withBatch(batch)).ms();
    }

    @Override
    public double transfersMs(List<TransferEstimate> transfers) {
        if (transfers.isEmpty()) {
            return 0;
        }
        List<TransferEstimate> concurrent = batch == 1 ? transfers : transfers.stream()
                .map(t -> new TransferEstimate(t.source(), t.destinations(), Math.multiplyExact(t.bytes(), (long) batch)))
                .toList();
        StringBuilder key = new StringBuilder();
        for (TransferEstimate t : concurrent) {
            key.append(t.source()).append('>').append(java.util.Arrays.toString(t.destinations())).append(':')
                    .append(t.bytes()).append(';');
        }
        return transferCache.computeIfAbsent(key.toString(), k -> probe(concurrent));
    }

    private double probe(List<TransferEstimate> concurrent) {
        double[] last = {0};
        double[] cpu = {0};
        int[] pending = {0};
        SimulationBody body = new SimulationBody() {
            @Override
            public void start(Scheduler s) {
                NetworkModel.Instance net = network.instantiate(new NetworkContext(s, nodeNames, new SplittableRandom(1)));
                long id = 0;
                for (TransferEstimate t : concurrent) {
                    pending[0] += t.destinations().length;
                    // (de)serialization runs on the endpoint CPUs, around the network time
                    cpu[0] = Math.max(cpu[0], net.senderCpuMs(t.bytes()) + net.receiverCpuMs(t.bytes()));
                    net.send(new Transfer(id++, t.source(), t.destinations(), t.bytes(), "probe"), dst -> {
                        last[0] = Math.max(last[0], s.nowMs());
                        pending[0]--;
                    });
                }
            }

            @Override
            public boolean finished() {
                return pending[0] == 0;
            }
        };
        BareEventLoop.run(body, Double.MAX_VALUE);
        return last[0] + cpu[0];
    }
}

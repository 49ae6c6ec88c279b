package org.lcpsim.network.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.engine.Noise;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.Phase;
import org.lcpsim.execution.Task;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.PairTraffic;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.FlowOptions;
import org.lcpsim.network.tcp.RpcCost;
import org.lcpsim.network.wifi.SharedMedium;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/**
 * LCP split8 on 8 devices behind one WiFi access point, through the executor on DSOL: the input
 * broadcast and the branch-output gather are separate costs, and multicast changes only the first.
 * Air of 8 Mbps = 1000 B per ms per crossing, 1 ms latency, 10,000 B of input.
 */
class LcpOverSharedMediumTest {
    private static final int DEVICES = 8;
    private static final long INPUT_BYTES = 10_000;
    private static final double TOL = 1e-9;

    private static final Model MODEL = new ModelBuilder("mlp", Shape.vector(100))
            .add("fc1", new Op.Dense(64, true))
            .head().add("fc2", new Op.Dense(10, true))
            .build();

    private static Deployment deployment() {
        var ctx = new DeployContext(DEVICES, DEVICES, DataType.FP32, DataType.FP32, INPUT_BYTES);
        return new Lcp(8, 0.0, null).deploy(MODEL, ctx);
    }

    private static long gatherBytes(Deployment d) {
        for (Task t : d.planner().graphFor(0, x -> 0).tasks()) {
            if (t instanceof Task.Send s && s.phase() == Phase.GATHER) {
                return s.bytes();
            }
        }
        throw new AssertionError("no gather");
    }

    private static ReplicationResult run(NetworkModel network) {
        Deployment d = deployment();
        var device = new RooflineDevice("test-1gflops", 1.0, 1.0, 1e9, 1024, 0, new PowerSpec(1, 3), Noise.NONE);
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            prepared.add(device.prepare(d.residency().get(i)));
            names.add("d" + i);
        }
        names.add("source");
        return Executor.run(new Executor.Setup(d, prepared, names, network, Workload.closed(1, 0), Duration.ofSeconds(60)), 1);
    }

    private static FlowNetworkModel cell(boolean sourceWired, boolean multicast, RpcCost rpc) {
        var m = new SharedMedium(8, 1.0, 1.0, sourceWired, 1.0, Double.POSITIVE_INFINITY, multicast, 1.0);
        return new FlowNetworkModel("cell", m, FlowOptions.NONE.withRpc(rpc));
    }

    @Test
    void multicastInputCostsOneUplinkAndOneBroadcastUnicastCostsTwoCrossingsPerBranch() {
        long out = gatherBytes(deployment());
        assertEquals(32, out); // 64 / 8 = 8 fp32 activations per branch
        ReplicationResult unicast = run(cell(false, false, RpcCost.NONE));
        ReplicationResult multicast = run(cell(false, true, RpcCost.NONE));

        // by hand: unicast = 8 copies x 2 crossings x 10 ms sharing the air; multicast = 2 crossings
        double unicastInput = 1 + 16 * INPUT_BYTES / 1000.0;
        double multicastInput = 1 + 2 * INPUT_BYTES / 1000.0;
        // gather: d1..d7 send 32 B each to d0 at once, 14 crossings of 32 B
        double gather = 1 + 14 * out / 1000.0;
        assertEquals(161.0, unicastInput, 0);
        assertEquals(21.0, multicastInput, 0);
        assertEquals(unicastInput, unicast.phaseMsMean()[Phase.INPUT.ordinal()], TOL);
        assertEquals(multicastInput, multicast.phaseMsMean()[Phase.INPUT.ordinal()], TOL);
        assertEquals(gather, unicast.phaseMsMean()[Phase.GATHER.ordinal()], TOL);
        assertEquals(gather, multicast.phaseMsMean()[Phase.GATHER.ordinal()], TOL);
        // the latency is input + branch + gather + head, and only the input differs
        for (ReplicationResult r : List.of(unicast, multicast)) {
            assertEquals(r.phaseMsMean()[Phase.INPUT.ordinal()] + gather + r.computeMsMean(), r.latenciesMs()[0], TOL);
            assertEquals(0, r.waitMsMean(), TOL);
        }
        assertEquals(unicastInput - multicastInput, unicast.latenciesMs()[0] - multicast.latenciesMs()[0], TOL);

        // what the air carried, and what every pair received
        LinkUsage airU = unicast.network().resources().get(0);
        LinkUsage airM = multicast.network().resources().get(0);
        assertEquals("air", airU.resource());
        assertEquals(16 * INPUT_BYTES + 14 * out, airU.wireBytes());
        assertEquals(2 * INPUT_BYTES + 14 * out, airM.wireBytes());
        assertEquals(unicastInput - 1 + gather - 1, airU.busyMs(), TOL);
        for (ReplicationResult r : List.of(unicast, multicast)) {
            assertEquals(new PairTraffic("source", "d3", INPUT_BYTES, 1), r.network().pairs().stream()
                    .filter(p -> p.destination().equals("d3")).findFirst().orElseThrow());
            assertEquals(8 * INPUT_BYTES + 7 * out, r.network().payloadBytes());
            assertEquals(8 * INPUT_BYTES + 7 * out, r.bytesPerRequest(), TOL);
        }
    }

    @Test
    void aWiredSourceSendsEachCopyOverTheAirOnce() {
        ReplicationResult unicast = run(cell(true, false, RpcCost.NONE));
        ReplicationResult multicast = run(cell(true, true, RpcCost.NONE));
        assertEquals(1 + 8 * INPUT_BYTES / 1000.0, unicast.phaseMsMean()[Phase.INPUT.ordinal()], TOL);
        assertEquals(1 + INPUT_BYTES / 1000.0, multicast.phaseMsMean()[Phase.INPUT.ordinal()], TOL);
    }

    /**
     * RPC costs go on the devices' CPUs: every device deserializes the input (the external source
     * is not a device, so nobody is charged for serializing it), d1..d7 serialize their output,
     * and d0 deserializes the seven outputs one after another before the head can run.
     */
    @Test
    void rpcCostsQueueOnTheDevices() {
        var rpc = new RpcCost(0.5, 0.1, 0.5, 0.1, 1000);
        long out = gatherBytes(deployment());
        ReplicationResult base = run(cell(false, true, RpcCost.NONE));
        ReplicationResult withRpc = run(cell(false, true, rpc));
        double inputRx = 0.5 + 0.1 * INPUT_BYTES / 1000.0;
        double perOutput = 0.5 + 0.1 * out / 1000.0;
        assertEquals(base.latenciesMs()[0] + inputRx + perOutput + 7 * perOutput, withRpc.latenciesMs()[0], TOL);
    }
}

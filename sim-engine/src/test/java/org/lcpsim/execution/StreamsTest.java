package org.lcpsim.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.Residency;
import org.lcpsim.engine.Noise;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.results.StreamRun;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/** Several request streams in one run: shared devices and network, each stream measured on its own. */
class StreamsTest {
    private static final Duration WALL = Duration.ofSeconds(60);
    private static final PointToPointNetwork NET = new PointToPointNetwork("p2p", 1.0, 8.0);

    /** One dense layer of 1000 x units, no bias: 2000 x units FLOPs, units / 500 ms on the 1 GFLOP/s device. */
    private static Model dense(String name, int units) {
        return new ModelBuilder(name, Shape.vector(1000)).head().add("fc", new Op.Dense(units, false)).build();
    }

    /** Devices prepared for the streams' residencies added up (what each device holds for all of them). */
    private static List<DeviceModel.Prepared> devices(int n, List<Deployment> deployments) {
        List<DeviceModel.Prepared> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            long w = 0;
            long a = 0;
            long b = 0;
            for (Deployment dep : deployments) {
                w += dep.residency().get(d).weightBytes();
                a += dep.residency().get(d).activationBytes();
                b += dep.residency().get(d).bufferBytes();
            }
            out.add(TestModels.gigaflopDevice(Noise.NONE).prepare(new Residency(w, a, b)));
        }
        return out;
    }

    private static Executor.Setup setup(List<String> names, int devices, List<Executor.Stream> streams) {
        return new Executor.Setup(streams, devices(devices, streams.stream().map(Executor.Stream::deployment).toList()),
                names, NET, WALL, EnergyScope.DEFAULT);
    }

    /**
     * An LCP split2 of the MLP made for a two-device cluster with an external source, placed on
     * devices {@code a} and {@code b} of a cluster of four with its camera at node {@code source}.
     */
    private static Deployment lcpOn(int a, int b, int source) {
        Deployment local = new Lcp(2, 0.0, null).deploy(TestModels.mlp(), new DeployContext(2, 2, DataType.FP32,
                DataType.FP32, 400));
        return local.placed(new int[] {a, b, source}, 4);
    }

    /** Two identical streams on disjoint devices, each with its own camera, measure what each measures alone. */
    @Test
    void identicalStreamsOnDisjointDevicesMeasureWhatEachDoesAlone() {
        List<String> names = List.of("d0", "d1", "d2", "d3", "source.a", "source.b");
        Workload w = Workload.closed(5, 1);
        Executor.Stream a = new Executor.Stream("a", lcpOn(0, 1, 4), w);
        Executor.Stream b = new Executor.Stream("b", lcpOn(2, 3, 5), w);
        ReplicationResult both = Executor.run(setup(names, 4, List.of(a, b)), 3);
        ReplicationResult aloneA = Executor.run(setup(names, 4, List.of(a)), 3);
        ReplicationResult aloneB = Executor.run(setup(names, 4, List.of(b)), 3);
        // LCP split2 by hand (ExecutorTest): input, parallel branches, gather, head
        double branchMs = (2 * 2500 + 25) / 1e6;
        double headMs = (2 * 500 + 10) / 1e6;
        double expected = 1.0 + 400 * 8 / 8000.0 + branchMs + 1.0 + 25 * 4 * 8 / 8000.0 + headMs;
        assertEquals(2, both.streams().size());
        for (StreamRun s : both.streams()) {
            assertEquals(5, s.measured());
            for (double l : s.latenciesMs()) {
                assertEquals(expected, l, 1e-9);
            }
        }
        assertArrayEquals(aloneA.streams().get(0).latenciesMs(), both.streams().get(0).latenciesMs(), 1e-12);
        assertArrayEquals(aloneB.streams().get(0).latenciesMs(), both.streams().get(1).latenciesMs(), 1e-12);
        // the pooled figures are every stream's requests together; the throughput adds the streams'
        assertEquals(10, both.measured());
        assertEquals(aloneA.throughputIps() + aloneB.throughputIps(), both.throughputIps(), 1e-9);
        // each stream's work went to its own devices
        assertEquals(0, both.streams().get(0).busyMs()[2]);
        assertEquals(0, both.streams().get(1).busyMs()[0]);
        assertTrue(both.streams().get(0).busyMs()[0] > 0 && both.streams().get(1).busyMs()[3] > 0);
    }

    /**
     * Two cameras on one device, the camera on the device itself (no network): A sends every 100 ms
     * a job of 40 ms, B every 70 ms one of 30 ms, both from t = 0, five frames each. By hand (FIFO,
     * A first at t = 0): A0 0-40, B0 40-70, B1 70-100, A1 100-140, B2 140-170, A2 200-240, B3
     * arrives at 210 and waits for A2: 240-270, B4 280-310, A3 arrives at 300 and waits for B4:
     * 310-350, A4 400-440. Latencies: A 40, 40, 40, 50, 40; B 70, 30, 30, 60, 30.
     */
    @Test
    void twoPeriodicCamerasOnOneDeviceQueueAsComputedByHand() {
        Deployment a = new SingleDevice(0).deploy(dense("a", 20000), new DeployContext(1, 0, DataType.FP32, DataType.FP32, 0))
                .placed(new int[] {0}, 1);
        Deployment b = new SingleDevice(0).deploy(dense("b", 15000), new DeployContext(1, 0, DataType.FP32, DataType.FP32, 0))
                .placed(new int[] {0}, 1);
        var streams = List.of(new Executor.Stream("a", a, new Workload(5, 0, new Arrival.Periodic(10), 0)),
                new Executor.Stream("b", b, new Workload(5, 0, new Arrival.Periodic(1000.0 / 70), 0)));
        Executor.Setup s = setup(List.of("d0"), 1, streams);
        for (ReplicationResult r : List.of(Executor.run(s, 1), Executor.runOnBareLoop(s, 1))) {
            assertArrayEquals(new double[] {40, 40, 40, 50, 40}, r.streams().get(0).latenciesMs(), 1e-9);
            assertArrayEquals(new double[] {70, 30, 30, 60, 30}, r.streams().get(1).latenciesMs(), 1e-9);
            // each stream's window: its first arrival to its last completion
            assertEquals(440, r.streams().get(0).windowMs(), 1e-9);
            assertEquals(310, r.streams().get(1).windowMs(), 1e-9);
            assertEquals(5 / 0.44 + 5 / 0.31, r.throughputIps(), 1e-9);
            // the device's time split by stream: 5 x 40 and 5 x 30 ms
            assertEquals(200, r.streams().get(0).busyMs()[0], 1e-9);
            assertEquals(150, r.streams().get(1).busyMs()[0], 1e-9);
            // pooled: 440 ms of window, 350 ms busy; energy at 1 W idle, 3 W active over 10 inferences
            assertEquals(440, r.windowMs(), 1e-9);
            assertEquals(350, r.deviceBusyMs()[0], 1e-9);
            assertEquals((440 * 1 + 350 * 2) / 1000.0 / 10, r.energyJPerInference(), 1e-12);
            assertEquals((5 * 42 + 5 * 44) / 10.0, r.latencyMsMean(), 1e-9);
        }
    }

    /**
     * The capacity of the two cameras above: at their rates (10 and 14.3 requests/s) the device is
     * busy 10 x 40 + 14.29 x 30 = 828.6 ms per second, so every rate may grow by 1000 / 828.6; in
     * images per second that is (10 + 14.29) x 1.207 = 29.3, with the device saturated.
     */
    @Test
    void theCapacityOfSeveralStreamsIsTheCommonScaleOfTheirRates() {
        Deployment a = new SingleDevice(0).deploy(dense("a", 20000), new DeployContext(1, 0, DataType.FP32, DataType.FP32, 0))
                .placed(new int[] {0}, 1);
        Deployment b = new SingleDevice(0).deploy(dense("b", 15000), new DeployContext(1, 0, DataType.FP32, DataType.FP32, 0))
                .placed(new int[] {0}, 1);
        double rateB = 1000.0 / 70;
        var streams = List.of(new Executor.Stream("a", a, new Workload(5, 0, new Arrival.Periodic(10), 0)),
                new Executor.Stream("b", b, new Workload(5, 0, new Arrival.Periodic(rateB), 0)));
        Executor.Setup s = setup(List.of("d0"), 1, streams);
        CapacityProbe.MixCapacity c = CapacityProbe.measureMix(s, 9, new double[] {10, rateB},
                new double[][] {{40}, {30}}, Map.of());
        double scale = 1000 / (10 * 40 + rateB * 30);
        assertEquals(scale, c.scale(), scale * 0.01);
        assertEquals(scale * (10 + rateB), c.capacity().ips(), scale * (10 + rateB) * 0.01);
        assertEquals("d0", c.capacity().bottleneck());
        assertTrue(c.capacity().utilization() >= CapacityProbe.SATURATED_UTILIZATION, c.toString());
        // the demands per request of each stream, measured in the saturating run
        assertEquals(40, c.demandMs()[0][0], 1e-9);
        assertEquals(30, c.demandMs()[1][0], 1e-9);
    }

    /** A deployment placed on a subset: its residency on the cluster's devices, its graphs on the cluster's nodes. */
    @Test
    void aDeploymentPlacedOnASubsetUsesTheClustersNodes() {
        Deployment d = lcpOn(2, 3, 5);
        assertEquals(4, d.residency().size());
        assertTrue(d.residency().get(0).isEmpty() && d.residency().get(1).isEmpty());
        assertEquals(2, d.devicesUsed());
        TaskGraph g = d.planner().graphFor(0, x -> 0);
        for (Task t : g.tasks()) {
            if (t instanceof Task.Compute c) {
                assertTrue(c.device() == 2 || c.device() == 3, c.toString());
            } else if (t instanceof Task.Send send && send.phase() == Phase.INPUT) {
                assertEquals(5, send.source());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Lcp(2, 0.0, null).deploy(TestModels.mlp(),
                new DeployContext(2, 2, DataType.FP32, DataType.FP32, 400)).placed(new int[] {4, 1, 5}, 4));
    }
}

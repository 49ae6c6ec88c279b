package org.lcpsim.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.LayerGeometry;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.engine.Noise;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.Capacity;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.CostEstimator;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/** Requests of N images: the batch's work and bytes, the roofline's batch equation, images per second. */
class BatchTest {
    private static final Duration WALL = Duration.ofSeconds(60);

    /** 1000 -> dense 10,000, no bias: 2e7 FLOPs and 40 MB of fp32 weights per image. */
    private static Model dense() {
        return new ModelBuilder("one", Shape.vector(1000)).head().add("fc", new Op.Dense(10_000, false)).build();
    }

    @Test
    void aBatchedLayerCountsItsWorkNTimesAndItsWeightsOnce() {
        LayerGeometry g = new LayerGeometry(1, 1, 500, 1000, 1000, 500, 500_000);
        LayerWork fc = new LayerWork("fc", LayerKind.DENSE, 500_000, 1_000_500, 2_000_000, 4000, 2000, 1, g);
        LayerWork four = fc.batched(4);
        assertEquals(4 * 500_000L, four.macs());
        assertEquals(4 * 1_000_500L, four.flops());
        assertEquals(2_000_000, four.weightBytes(), "weights once");
        assertEquals(4 * 4000, four.inputBytes());
        assertEquals(4 * 2000, four.outputBytes());
        // the GEMM streams 4 rows through the same weights
        assertEquals(new LayerGeometry(1, 4, 500, 1000, 4000, 2000, 500_000), four.geometry());
        assertSame(fc, fc.batched(1));
        assertThrows(IllegalArgumentException.class, () -> fc.batched(0));
        // a convolution: m = output pixels, times the batch
        LayerGeometry conv = new LayerGeometry(2, 100, 8, 36, 400, 1600, 300);
        assertEquals(new LayerGeometry(2, 300, 8, 36, 1200, 4800, 300), conv.batched(3));
        // a compute work's totals are the batch's; its weights are read once
        ComputeWork w = new ComputeWork("m", List.of(fc), 4);
        assertEquals(4 * 500_000L, w.macs());
        assertEquals(4 * 1_000_500L, w.flops());
        assertEquals(2_000_000, w.weightBytes());
        assertEquals(1, new ComputeWork("m", List.of(fc)).batch());
        assertThrows(IllegalArgumentException.class, () -> new ComputeWork("m", List.of(fc), 0));
    }

    /**
     * The roofline at batch N: max(N flops / rate, (weights + N (in + out)) / bandwidth) +
     * overhead once. 10 GFLOP/s, 1 GB/s, 0.5 ms per layer.
     */
    @Test
    void rooflineCostsABatchHonestly() {
        RooflineDevice dev = new RooflineDevice("r", 10, 1.0, 1.0, 1e6, 0.5, PowerSpec.UNKNOWN, Noise.NONE);
        DeviceModel.Prepared p = dev.prepare(Residency.NONE);
        // a dense layer whose weights dominate: 4 MB of weights, 8 kB in and out, 2 MFLOP per image
        LayerWork fc = new LayerWork("fc", LayerKind.DENSE, 1_000_000, 2_000_000, 4_000_000, 4000, 4000, 1);
        double one = p.estimate(new ComputeWork("m", List.of(fc), 1)).ms();
        double eight = p.estimate(new ComputeWork("m", List.of(fc), 8)).ms();
        // batch 1: max(0.2 ms, 4.008 MB / 1 GB/s = 4.008 ms) + 0.5; batch 8: max(1.6, 4.064) + 0.5
        assertEquals(4.508, one, 1e-9);
        assertEquals(4.564, eight, 1e-9);
        assertTrue(eight < 1.02 * one, "the weights are read once: " + eight + " vs " + one);
        // a compute-bound convolution: 1 GFLOP per image, 1 MB of traffic
        LayerWork conv = new LayerWork("c", LayerKind.CONV, 500_000_000L, 1_000_000_000L, 200_000, 400_000, 400_000, 1);
        double c1 = p.estimate(new ComputeWork("m", List.of(conv), 1)).ms();
        double c4 = p.estimate(new ComputeWork("m", List.of(conv), 4)).ms();
        assertEquals(100.5, c1, 1e-9);
        assertEquals(400.5, c4, 1e-9);
        assertEquals(4.0, c4 / c1, 0.02);
    }

    @Test
    void aBatchedDeploymentCarriesNTimesTheBytesAndHoldsNTimesTheActivations() {
        var ctx = new DeployContext(2, 2, DataType.FP32, DataType.FP32, 400);
        Deployment one = new Lcp(2, 0.0, null).deploy(TestModels.mlp(), ctx);
        Deployment four = one.batched(4);
        assertEquals(4, four.batch());
        assertEquals(1, one.batch());
        assertSame(four, four.batched(4));
        assertThrows(IllegalArgumentException.class, () -> four.batched(2));
        TaskGraph g1 = one.planner().graphFor(0, d -> 0);
        TaskGraph g4 = four.planner().graphFor(0, d -> 0);
        assertSame(g4, four.planner().graphFor(1, d -> 0), "batched once, kept");
        assertEquals(4 * g1.bytesDelivered(), g4.bytesDelivered());
        assertEquals(g1.connectedPairs(), g4.connectedPairs());
        for (int i = 0; i < g1.size(); i++) {
            if (g1.task(i) instanceof Task.Send s1) {
                assertEquals(4 * s1.bytes(), ((Task.Send) g4.task(i)).bytes(), s1.label());
            } else {
                Task.Compute c4 = (Task.Compute) g4.task(i);
                assertEquals(4, c4.work().batch(), c4.label());
                assertEquals(((Task.Compute) g1.task(i)).work().layers(), c4.work().layers());
            }
        }
        for (int d = 0; d < 2; d++) {
            Residency r1 = one.residency().get(d);
            Residency r4 = four.residency().get(d);
            assertEquals(r1.weightBytes(), r4.weightBytes());
            assertEquals(4 * r1.activationBytes(), r4.activationBytes());
            assertEquals(4 * r1.bufferBytes(), r4.bufferBytes());
        }
        assertEquals(one.params(), four.params());
        assertEquals(one.macs(), four.macs());
    }

    private static Executor.Setup single(int batch, Workload w) {
        // the input from an external source: 2 ms + 4000 B at 8 Mbps (4 ms) per image
        var ctx = new DeployContext(1, 1, DataType.FP32, DataType.FP32, 4000);
        Deployment d = new SingleDevice(0).deploy(dense(), ctx).batched(batch);
        // 1 GFLOP/s and a fast memory: compute-bound, 20 ms of compute per image
        DeviceModel.Prepared dev = new RooflineDevice("dev", 1.0, 1.0, 1e9, 1e6, 0, new PowerSpec(1, 3), Noise.NONE)
                .prepare(d.residency().get(0));
        return new Executor.Setup(d, List.of(dev), List.of("d0", "source"), new PointToPointNetwork("p2p", 2.0, 8.0), w, WALL);
    }

    /**
     * A request of 4 images: one message of 4 x 4000 B (latency once, 16 ms of bytes), 4 x 20 ms
     * of compute; latency per request, throughput and energy per image.
     */
    @Test
    void theExecutorRunsABatchAsOneRequestAndCountsImages() {
        ReplicationResult one = Executor.run(single(1, Workload.closed(5, 1)), 1);
        ReplicationResult four = Executor.run(single(4, Workload.closed(5, 1)), 1);
        assertEquals(2 + 4 + 20, one.latencyMsMean(), 1e-9);
        assertEquals(2 + 16 + 80, four.latencyMsMean(), 1e-9);
        assertEquals(4000, one.bytesPerRequest(), 1e-9);
        assertEquals(16_000, four.bytesPerRequest(), 1e-9);
        // closed loop, one request at a time: 4 images every 98 ms
        assertEquals(1000.0 / 26, one.throughputIps(), 1e-9);
        assertEquals(4 * 1000.0 / 98, four.throughputIps(), 1e-9);
        // per request: idle 1 W over 98 ms plus 2 W extra over 80 busy ms; per image a quarter
        assertEquals((1.0 * 98 + 2.0 * 80) / 1000 / 4, four.energyJPerInference(), 1e-12);
        assertEquals((1.0 * 26 + 2.0 * 20) / 1000, one.energyJPerInference(), 1e-12);
    }

    @Test
    void capacityIsInImagesPerSecond() {
        // the device is the bottleneck: 80 ms per request of 4 images, 12.5 requests/s = 50 images/s
        Executor.Setup s = single(4, Workload.closed(1, 0));
        Capacity c = CapacityProbe.measure(s, 1, Executor.run(s, 1));
        assertEquals(50.0, c.ips(), 50.0 * 0.01);
        assertEquals("d0", c.bottleneck());
        // a camera at 15 requests/s offers 60 images/s: saturated, and the note says both
        String why = Saturation.check(new Arrival.Periodic(15), 4, c, "d0 (dev)", List.of());
        assertNotNull(why);
        assertTrue(why.contains("offers 15.0 requests/s of 4 images (60.0 images/s), more than the 50.0 images/s (12.5 requests/s)"),
                why);
        assertNull(Saturation.check(new Arrival.Periodic(12), 4, c, "d0 (dev)", List.of()));
    }

    @Test
    void planningEstimatesAreOfTheBatch() {
        RooflineDevice dev = new RooflineDevice("r", 1.0, 1.0, 1e9, 1e6, 0, PowerSpec.UNKNOWN, Noise.NONE);
        var net = new PointToPointNetwork("p2p", 2.0, 8.0);
        List<String> names = List.of("d0", "d1");
        ModelCostEstimator one = new ModelCostEstimator(List.of(dev, dev), net, names);
        ModelCostEstimator four = new ModelCostEstimator(List.of(dev, dev), net, names, 4);
        ComputeWork work = ComputeWork.of("one", dense().layers(), DataType.FP32, DataType.FP32);
        assertEquals(20.0, one.computeMs(0, work), 1e-9);
        assertEquals(80.0, four.computeMs(0, work), 1e-9);
        var t = List.of(new CostEstimator.TransferEstimate(0, new int[] {1}, 4000));
        assertEquals(2 + 4, one.transfersMs(t), 1e-9);
        assertEquals(2 + 16, four.transfersMs(t), 1e-9);
    }

    @Test
    void workloadBatchIsBounded() {
        assertEquals(1, Workload.closed(1, 0).batch());
        assertEquals(Workload.MAX_BATCH, new Workload(1, 0, new Arrival.Closed(1), 0, Workload.MAX_BATCH).batch());
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 0, new Arrival.Closed(1), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 0, new Arrival.Closed(1), 0, Workload.MAX_BATCH + 1));
        List<Residency> none = new ArrayList<>(List.of(Residency.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Deployment("s", none, (i, l) -> null, 0, 0, 1, 0, "v", 0));
    }
}

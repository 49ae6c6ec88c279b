package org.lcpsim.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.engine.Noise;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.Capacity;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DataParallel;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/** Capacity, saturation and energy against queueing theory and hand computations. */
class LoadTest {
    private static final Duration WALL = Duration.ofSeconds(60);
    private static final PowerSpec PI = new PowerSpec(1.33, 2.73);

    /** One dense layer of 2 * 1000 * units FLOPs, no bias. */
    private static Model dense(int units) {
        return new ModelBuilder("one", Shape.vector(1000)).head().add("fc", new Op.Dense(units, false)).build();
    }

    /** n devices of {@code gflops}; the input comes from {@code source} (n: an external node). */
    private static Executor.Setup setup(Model model, int n, int source, double gflops, Noise noise, boolean dataParallel,
                                        Workload w, EnergyScope energy, PowerSpec... power) {
        var ctx = new DeployContext(n, source, DataType.FP32, DataType.FP32, 4000);
        Deployment d = dataParallel ? new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(model, ctx)
                : new SingleDevice(0).deploy(model, ctx);
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PowerSpec p = power.length == 0 ? PI : power[Math.min(i, power.length - 1)];
            prepared.add(new RooflineDevice("dev", gflops, 1.0, 1e9, 1e6, 0, p, noise).prepare(d.residency().get(i)));
            names.add("d" + i);
        }
        names.add("source");
        // contention-free links: 2 ms and 8 Mbps per message, no shared capacity
        return new Executor.Setup(d, prepared, names, new PointToPointNetwork("p2p", 2.0, 8.0), w, WALL, energy);
    }

    /** The probe as PointRunner calls it: after a run of the point's own workload. */
    private static Capacity capacity(Executor.Setup s, long seed) {
        return CapacityProbe.measure(s, seed, Executor.run(s, seed));
    }

    private static Executor.Setup single(Noise noise, Workload w) {
        // 2e7 FLOP at 1 GFLOP/s: 20 ms of service
        return setup(dense(10_000), 1, 1, 1.0, noise, false, w, EnergyScope.DEFAULT);
    }

    @Test
    void capacityOfOneDeviceIsTheInverseOfItsServiceTime() {
        Capacity c = capacity(single(Noise.NONE, Workload.closed(1, 0)), 1);
        // the 6 ms input transfer overlaps the previous request's compute: 1000 / 20 ms
        assertEquals(50.0, c.ips(), 50.0 * 0.01);
        assertEquals("d0", c.bottleneck());
        assertEquals(1.0, c.utilization(), 1e-9);
        Capacity noisy = capacity(single(Noise.logNormal(0.3), Workload.closed(1, 0)), 1);
        assertEquals(50.0, noisy.ips(), 50.0 * 0.05);
    }

    @Test
    void dataParallelCapacityIsTheSumOfTheDevices() {
        // four devices of 0.5 GFLOP/s (40 ms a request) dealt round robin: 4 * 25 = 100 requests/s
        Capacity c = capacity(setup(dense(10_000), 4, 4, 0.5, Noise.NONE, true, Workload.closed(1, 0),
                EnergyScope.DEFAULT), 3);
        assertEquals(100.0, c.ips(), 1.0);
        assertEquals(1.0, c.utilization(), 1e-6);
    }

    @Test
    void mm1AtHalfLoadIsNotSaturatedAndAbove1IsSaturated() {
        // M/M/1 with a 20 ms mean service: capacity 50/s
        Workload half = new Workload(4000, 200, new Arrival.Poisson(25), 0);
        Executor.Setup s = single(Noise.exponential(), half);
        Capacity c = capacity(s, 5);
        assertEquals(50.0, c.ips(), 50.0 * 0.15);
        List<ReplicationResult> reps = List.of(Executor.run(s, 1), Executor.run(s, 2));
        assertNull(Saturation.check(half.arrival(), c, "d0", reps));

        Workload over = new Workload(2000, 100, new Arrival.Poisson(60), 0);
        Executor.Setup so = single(Noise.exponential(), over);
        List<ReplicationResult> overReps = List.of(Executor.run(so, 1), Executor.run(so, 2));
        String why = Saturation.check(over.arrival(), capacity(so, 5), "d0 (dev)", overReps);
        assertNotNull(why);
        assertTrue(why.contains("offers 60.0 requests/s") && why.contains("d0 (dev)"), why);
        // without a capacity the growing latency alone says so
        String trend = Saturation.check(over.arrival(), null, "", overReps);
        assertNotNull(trend);
        assertTrue(trend.contains("keeps growing"), trend);
        assertNull(Saturation.check(half.arrival(), null, "", reps));
    }

    @Test
    void dd1ExactlyAtCapacityKeepsUpAndAboveItDoesNot() {
        // 20 ms of service, a frame every 20 ms: the device is always busy and no frame waits
        Workload at = new Workload(200, 10, new Arrival.Periodic(50), 0);
        Executor.Setup s = single(Noise.NONE, at);
        Capacity c = capacity(s, 1);
        assertEquals(50.0, c.ips(), 1e-9);
        ReplicationResult r = Executor.run(s, 1);
        for (double l : r.latenciesMs()) {
            assertEquals(26.0, l, 1e-9); // 2 ms + 4000 B at 8 Mbps of input, 20 ms of service, no queue
        }
        assertEquals(1.0, r.deviceBusyMs()[0] / r.windowMs(), 0.02);
        assertNull(Saturation.check(at.arrival(), c, "d0", List.of(r)));

        Workload above = new Workload(200, 10, new Arrival.Periodic(50.5), 0);
        Executor.Setup sa = single(Noise.NONE, above);
        ReplicationResult ra = Executor.run(sa, 1);
        assertNotNull(Saturation.check(above.arrival(), c, "d0", List.of(ra)));
        // a 1% overload over 200 frames grows the queue by 2 frames only: the trend test alone would
        // not see it, the capacity does
        assertTrue(ra.latenciesMs()[199] > ra.latenciesMs()[0]);
    }

    @Test
    void aClosedLoopIsNeverSaturatedByItsOwnLoad() {
        Workload w = new Workload(100, 5, new Arrival.Closed(8), 0);
        Executor.Setup s = single(Noise.logNormal(0.2), w);
        ReplicationResult r = Executor.run(s, 1);
        assertNull(Saturation.check(w.arrival(), capacity(s, 1), "d0", List.of(r)));
        assertTrue(Double.isNaN(Saturation.offeredIps(w.arrival())));
    }

    /** The hand computation: 4 Pis, one busy for 1 s at 2.73 W, three idle at 1.33 W. */
    @Test
    void energyOfFourPisWithOneBusyForOneSecond() {
        // 2e7 FLOP at 0.02 GFLOP/s: exactly 1000 ms on d0; the input starts on d0 (no transfer)
        Workload one = Workload.closed(1, 0);
        double[] expected = {2.73 + 3 * 1.33, 2.73, 2.73, 2.73};
        EnergyScope[] scopes = {EnergyScope.DEFAULT, new EnergyScope(false, true), new EnergyScope(true, false),
                new EnergyScope(false, false)};
        for (int i = 0; i < scopes.length; i++) {
            ReplicationResult r = Executor.run(setup(dense(10_000), 4, 0, 0.02, Noise.NONE, false, one, scopes[i]), 1);
            assertEquals(1000.0, r.windowMs(), 1e-9);
            assertEquals(expected[i], r.energyJPerInference(), 1e-9, scopes[i].label());
        }
        assertEquals("cluster+idle", EnergyScope.DEFAULT.label());
    }

    @Test
    void energyIsUnknownNotZeroWhenADeviceInScopeHasNoPowerFigure() {
        Workload one = Workload.closed(1, 0);
        // d0 is measured, d1..d3 (idle, unused) have no figure
        ReplicationResult cluster = Executor.run(setup(dense(10_000), 4, 0, 0.02, Noise.NONE, false, one,
                EnergyScope.DEFAULT, PI, PowerSpec.UNKNOWN), 1);
        assertTrue(Double.isNaN(cluster.energyJPerInference()));
        // counting only the device used, the figure is known
        ReplicationResult used = Executor.run(setup(dense(10_000), 4, 0, 0.02, Noise.NONE, false, one,
                new EnergyScope(false, true), PI, PowerSpec.UNKNOWN), 1);
        assertEquals(2.73, used.energyJPerInference(), 1e-9);
    }

    @Test
    void energyPerInferenceOfAnOverloadedRunIsChargedPerCompletionNotPerQueue() {
        // twice the capacity: the queue grows, but the device still does one inference per 20 ms
        Workload over = new Workload(100, 0, new Arrival.Periodic(100), 0);
        ReplicationResult r = Executor.run(single(Noise.NONE, over), 1);
        // busy all the window at 2.73 W: 2.73 W * 20 ms per inference
        assertEquals(2.73 * 0.020, r.energyJPerInference(), 2.73 * 0.020 * 0.02);
    }
}

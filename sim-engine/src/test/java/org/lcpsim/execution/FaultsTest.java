package org.lcpsim.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.engine.Noise;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.FaultRun;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DataParallel;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/**
 * Faults by hand (docs/engine.md, "Faults"). The model: 1000 inputs, a dense layer of 10,000
 * units (no bias) and a classifier head of 10 units, on devices of exactly 1 GFLOP/s: the whole
 * model 2e7 + 2e5 FLOP = 20.2 ms; as LCP split2 each branch (5,000 units) 1e7 FLOP = 10 ms, the
 * head 0.2 ms. Point-to-point links of 1 ms and 80 Mbps (10 B per microsecond): the 4,000 B input
 * takes 1.4 ms, a branch's 20,000 B output 3 ms. One LCP request alone: input 0 - 1.4, both
 * branches 1.4 - 11.4, d1's output at d0 at 14.4, head 14.4 - 14.6: 14.6 ms.
 */
class FaultsTest {
    private static final Duration WALL = Duration.ofSeconds(60);
    private static final double EPS = 1e-9;

    static Model model() {
        return new ModelBuilder("wide", Shape.vector(1000))
                .add("fc1", new Op.Dense(10_000, false))
                .head().add("fc2", new Op.Dense(10, false))
                .build();
    }

    private static Executor.Setup setup(Deployment d, int devices, Workload w, Faults faults) {
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            prepared.add(TestModels.gigaflopDevice(Noise.NONE).prepare(d.residency().get(i)));
            names.add("d" + i);
        }
        names.add("source");
        return new Executor.Setup(List.of(new Executor.Stream("", d, w)), prepared, names,
                new PointToPointNetwork("p2p", 1.0, 80.0), WALL, EnergyScope.DEFAULT, faults);
    }

    private static Deployment lcp2(Resilience r) {
        return new Lcp(2, 0.0, null).deploy(model(), new DeployContext(2, 2, DataType.FP32, DataType.FP32, 4000))
                .withResilience(r);
    }

    private static Faults crash(int device, double at, double until) {
        return new Faults(List.of(new Faults.Window(device, at, until, Faults.Kind.CRASH, 1)), List.of(), List.of());
    }

    /** Latencies of the measured requests in arrival order (NaN: failed), and the branches each answer had. */
    private static double[][] byArrival(FaultRun f) {
        int n = f.arrivalMs().length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(f.arrivalMs()[a], f.arrivalMs()[b]));
        double[][] out = new double[3][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = f.arrivalMs()[order[i]];
            out[1][i] = f.latencyMs()[order[i]];
            out[2][i] = f.arrived()[order[i]];
        }
        return out;
    }

    @Test
    void theModelCostsWhatTheHandTimelineSays() {
        ReplicationResult r = Executor.run(setup(lcp2(Resilience.DEFAULT), 2, Workload.closed(1, 0), Faults.NONE), 1);
        assertEquals(14.6, r.latenciesMs()[0], EPS);
        assertNull(r.faults(), "no faults, no deadline: nothing tracked, the run is what it always was");
    }

    /**
     * A frame every 30 ms; d1 down from 35 to 70 ms; LCP split2 with a 5 ms gather deadline.
     * r0 (0 ms): 14.6, complete. r1 (30): input at 31.4, branches 31.4 - 41.4; d1 crashes at 35 and
     * loses branch 1; branch 0 is ready at d0 at 41.4, the deadline at 46.4, head 46.4 - 46.6:
     * 16.6 ms with 1 of 2 branches. r2 (60): the input reaches d1 at 61.4, still down: branch 1
     * lost; branch 0 61.4 - 71.4, head at 76.4: 16.6 ms, 1 of 2. r3 (90), r4 (120): 14.6, complete.
     */
    @Test
    void lcpWithADeadlineAnswersWithTheBranchesThatArrived() {
        Workload w = new Workload(5, 0, new Arrival.Periodic(1000.0 / 30), 0);
        ReplicationResult r = Executor.run(setup(lcp2(new Resilience(10, 5, 1)), 2, w, crash(1, 35, 70)), 1);
        FaultRun f = r.faults();
        double[][] t = byArrival(f);
        assertArrayEquals(new double[] {0, 30, 60, 90, 120}, t[0], EPS);
        assertArrayEquals(new double[] {14.6, 16.6, 16.6, 14.6, 14.6}, t[1], 1e-9);
        assertArrayEquals(new double[] {2, 1, 1, 2, 2}, t[2], EPS);
        FaultRun.Counts c = f.streams().get(0);
        assertEquals(5, c.issued());
        assertEquals(5, c.answered());
        assertEquals(2, c.degraded());
        assertEquals(0, c.failed());
        assertEquals(2, c.branches());
        assertEquals(1, f.windows().size());
        assertEquals("d1", f.windows().get(0).target());
        assertEquals("crash", f.windows().get(0).kind());
        // latency statistics over the answered requests
        assertEquals((3 * 14.6 + 2 * 16.6) / 5, r.latencyMsMean(), 1e-9);
        // a degraded answer counts what was delivered: r1 the input to both devices (d1 crashed after it),
        // r2 the input to d0 only (d1 was down when it arrived); neither has d1's 20,000 B output
        assertEquals((3 * (2 * 4000 + 20_000) + 2 * 4000 + 4000) / 5.0, r.bytesPerRequest(), 1e-9);
    }

    /**
     * The same without a deadline, the source timing out after 10 ms: r1 is in flight when d1
     * crashes (35 ms) and fails; the source knows d1 is down from 45 ms, so r2 (60) waits at the
     * source until d1 is back at 70 and takes 70 - 60 + 14.6 = 24.6 ms; r3, r4: 14.6.
     */
    @Test
    void lcpWithoutADeadlineLosesTheRequestsInFlightAndHoldsTheNextOnes() {
        Workload w = new Workload(5, 0, new Arrival.Periodic(1000.0 / 30), 0);
        ReplicationResult r = Executor.run(setup(lcp2(new Resilience(10, Double.NaN, 1)), 2, w, crash(1, 35, 70)), 1);
        double[][] t = byArrival(r.faults());
        assertArrayEquals(new double[] {14.6, Double.NaN, 24.6, 14.6, 14.6}, t[1], 1e-9);
        assertArrayEquals(new double[] {2, 0, 2, 2, 2}, t[2], EPS);
        FaultRun.Counts c = r.faults().streams().get(0);
        assertEquals(4, c.answered());
        assertEquals(1, c.failed());
        assertEquals(0, c.degraded());
        assertEquals(4, r.measured());
        // the time r2 waited at the source is waiting on its critical path
        assertEquals((3 * 14.6 + 24.6) / 4, r.computeMsMean() + r.commMsMean() + r.waitMsMean(), 1e-9);
    }

    /** A deadline below the number of branches required fails the request: minBranches 2 of 2. */
    @Test
    void tooFewBranchesByTheDeadlineFail() {
        Workload w = new Workload(5, 0, new Arrival.Periodic(1000.0 / 30), 0);
        ReplicationResult r = Executor.run(setup(lcp2(new Resilience(10, 5, 2)), 2, w, crash(1, 35, 70)), 1);
        double[][] t = byArrival(r.faults());
        assertArrayEquals(new double[] {14.6, Double.NaN, Double.NaN, 14.6, 14.6}, t[1], 1e-9);
    }

    /**
     * Data parallelism on two devices, round robin, a frame every 30 ms (20.2 ms of compute after
     * 1.4 ms of input: 21.6 ms). d1 crashes at 40 (until 200); the balancer learns it after 60 ms,
     * at 100. r1 (30, on d1) is computing at 40: lost. r3 (90) still goes to d1: lost. r5 (150)
     * would go to d1, which the balancer now knows is down: d0. r7 (210): d1 is back.
     */
    @Test
    void dataParallelismReroutesAfterTheTimeout() {
        Deployment d = new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(model(),
                new DeployContext(2, 2, DataType.FP32, DataType.FP32, 4000)).withResilience(new Resilience(60, Double.NaN, 1));
        Workload w = new Workload(8, 0, new Arrival.Periodic(1000.0 / 30), 0);
        ReplicationResult r = Executor.run(setup(d, 2, w, crash(1, 40, 200)), 1);
        double[][] t = byArrival(r.faults());
        double ok = 21.6;
        assertArrayEquals(new double[] {ok, Double.NaN, ok, Double.NaN, ok, ok, ok, ok}, t[1], 1e-9);
        // which device served each answered request: busy time 20.2 ms per request
        assertEquals(5 * 20.2, r.streams().get(0).busyMs()[0], 1e-9);
        // d1: r7 (20.2), and r1's compute from 31.4 to the crash at 40
        assertEquals(20.2 + 8.6, r.streams().get(0).busyMs()[1], 1e-9);
        assertEquals(2, r.faults().failed());
        assertEquals(6.0 / 8, (double) r.faults().answered() / r.faults().issued(), EPS);
    }

    /** A job started in a slowdown window takes factor times as long; one started after it does not. */
    @Test
    void aSlowdownMultipliesTheJobsStartedInItsWindow() {
        Deployment d = new SingleDevice(0).deploy(model(), new DeployContext(1, 1, DataType.FP32, DataType.FP32, 4000));
        Faults slow = new Faults(List.of(new Faults.Window(0, 1, 50, Faults.Kind.SLOWDOWN, 4)), List.of(), List.of());
        Workload w = new Workload(2, 0, new Arrival.Periodic(10), 0);
        ReplicationResult r = Executor.run(setup(d, 1, w, slow), 1);
        // r0: input 0 - 1.4, compute from 1.4 (in the window) 4 x 20.2 = 80.8 ms: 82.2; r1 (100): 21.6
        assertArrayEquals(new double[] {82.2, 21.6}, byArrival(r.faults())[1], 1e-9);
        assertEquals(0, r.faults().failed());
        assertEquals("slowdown", r.faults().windows().get(0).kind());
        assertEquals(4, r.faults().windows().get(0).factor(), EPS);
    }

    /** Random crashes come from the replication's seed: the same seed, the same faults and latencies; another, others. */
    @Test
    void randomFaultsAreReproducible() {
        Deployment d = lcp2(new Resilience(10, 5, 1));
        Faults random = new Faults(List.of(), List.of(new Faults.RandomFaults(new int[] {0, 1}, Faults.Kind.CRASH, 1,
                200, 40)), List.of());
        Workload w = new Workload(100, 0, new Arrival.Periodic(50), 0);
        ReplicationResult a = Executor.run(setup(d, 2, w, random), 5);
        ReplicationResult b = Executor.run(setup(d, 2, w, random), 5);
        ReplicationResult other = Executor.run(setup(d, 2, w, random), 6);
        ReplicationResult bare = Executor.runOnBareLoop(setup(d, 2, w, random), 5);
        assertTrue(a.faults().windows().size() > 3, "crashes every 200 ms on average over 2 s: " + a.faults().windows());
        assertEquals(a.faults().windows(), b.faults().windows());
        assertArrayEquals(a.faults().latencyMs(), b.faults().latencyMs());
        assertEquals(a.faults().windows(), bare.faults().windows());
        assertArrayEquals(a.faults().latencyMs(), bare.faults().latencyMs());
        assertNotEquals(a.faults().windows(), other.faults().windows());
        assertTrue(a.faults().windows().stream().allMatch(x -> x.random()));
        // every request ended: answered (completely or not) or failed
        assertEquals(100, a.faults().answered() + a.faults().failed());
    }

    /** A node's connection down (a network without links of its own): its messages wait for it, nothing is lost. */
    @Test
    void aConnectionDownHoldsItsMessages() {
        Deployment d = new SingleDevice(0).deploy(model(), new DeployContext(1, 1, DataType.FP32, DataType.FP32, 4000));
        Faults down = new Faults(List.of(), List.of(), List.of(new Faults.Outage("d0", 0, 1, 30)));
        ReplicationResult r = Executor.run(setup(d, 1, Workload.closed(1, 0), down), 1);
        // the input reaches d0 at 1.4 while its connection is down: delivered at 30, computed until 50.2
        assertEquals(50.2, r.latenciesMs()[0], 1e-9);
        assertEquals(0, r.faults().failed());
    }
}

package org.lcpsim.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.Residency;
import org.lcpsim.engine.Noise;
import org.lcpsim.engine.SimulationException;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.results.Span;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.LayerKind;
import org.junit.jupiter.api.Test;

class ExecutorTest {
    private static final Duration WALL = Duration.ofSeconds(60);

    private static Executor.Setup setup(Deployment d, int devices, Noise noise, PointToPointNetwork net, Workload w) {
        DeviceModel.Prepared[] prepared = new DeviceModel.Prepared[devices];
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < devices; i++) {
            prepared[i] = TestModels.gigaflopDevice(noise).prepare(d.residency().get(i));
            names.add("d" + i);
        }
        names.add("source");
        return new Executor.Setup(d, List.of(prepared), names, net, w, WALL);
    }

    @Test
    void singleDeviceLatencyIsTransferPlusCompute() {
        var ctx = new DeployContext(1, 1, DataType.FP32, DataType.FP32, 1000);
        Deployment d = new SingleDevice(0).deploy(TestModels.mlp(), ctx);
        var net = new PointToPointNetwork("p2p", 2.0, 8.0); // 1000 B = 8000 bits = 1 ms at 8 Mbps
        ReplicationResult r = Executor.run(setup(d, 1, Noise.NONE, net, Workload.closed(3, 1)), 1);
        double flops = TestModels.mlp().flops(); // 1 GFLOP/s = 1e6 FLOP/ms
        double expected = 2.0 + 1.0 + flops / 1e6;
        assertEquals(3, r.measured());
        for (double l : r.latenciesMs()) {
            assertEquals(expected, l, 1e-9);
        }
        assertEquals(flops / 1e6, r.computeMsMean(), 1e-9);
        assertEquals(3.0, r.commMsMean(), 1e-9);
        assertEquals(0.0, r.waitMsMean(), 1e-9);
        assertEquals(3.0, r.phaseMsMean()[Phase.INPUT.ordinal()], 1e-9);
        assertEquals(1000, r.bytesPerRequest(), 1e-9);
        assertEquals(1, r.connectedPairs(), 1e-9);
        assertEquals(1000.0 / expected, r.throughputIps(), 1e-6);
    }

    @Test
    void lcpRunsBranchesInParallelAndGathers() {
        var ctx = new DeployContext(2, 2, DataType.FP32, DataType.FP32, 400);
        Deployment d = new Lcp(2, 0.0, null).deploy(TestModels.mlp(), ctx);
        var net = new PointToPointNetwork("p2p", 1.0, 8.0);
        ReplicationResult r = Executor.run(setup(d, 2, Noise.NONE, net, Workload.closed(1, 0)), 1);
        // branch: 100 -> 25 units: 2*2500 + 25 FLOPs; head: 50 -> 10: 2*500 + 10 FLOPs
        double branchMs = (2 * 2500 + 25) / 1e6;
        double headMs = (2 * 500 + 10) / 1e6;
        double inputMs = 1.0 + 400 * 8 / 8000.0;
        double gatherMs = 1.0 + 25 * 4 * 8 / 8000.0;
        assertEquals(inputMs + branchMs + gatherMs + headMs, r.latenciesMs()[0], 1e-9);
        assertEquals(2 * 400 + 100, r.bytesPerRequest(), 1e-9);
        // source-d0, source-d1, d1-d0
        assertEquals(3, r.connectedPairs(), 1e-9);
        assertEquals(gatherMs, r.phaseMsMean()[Phase.GATHER.ordinal()], 1e-9);
        // the critical path: input to d1, branch 1 there, its output to d0, the head (branch 0 on d0 waits for nothing)
        List<String> critical = r.timeline().stream().filter(s -> s.critical() && s.kind() == Span.Kind.COMPUTE)
                .map(s -> s.resource() + " " + s.label()).sorted().toList();
        assertEquals(List.of("d0 head", "d1 branch 1"), critical);
        assertEquals(branchMs + headMs, r.computeMsMean(), 1e-9);
        assertEquals(inputMs + gatherMs, r.commMsMean(), 1e-9);
        assertEquals(0.0, r.waitMsMean(), 1e-9);
    }

    @Test
    void branchesMultiplexOnFewerDevices() {
        var ctx = new DeployContext(1, 1, DataType.FP32, DataType.FP32, 400);
        Deployment d = new Lcp(4, 0.0, null).deploy(TestModels.mlp(), ctx);
        ReplicationResult r = Executor.run(setup(d, 1, Noise.NONE, new PointToPointNetwork("p2p", 1.0, 8.0),
                Workload.closed(1, 0)), 1);
        double branchMs = (2.0 * 100 * 13 + 13) / 1e6; // round(50/4) = 13 units
        double headMs = (2.0 * 52 * 10 + 10) / 1e6;
        assertEquals(1.0 + 400 * 8 / 8000.0 + 4 * branchMs + headMs, r.latenciesMs()[0], 1e-9);
        assertEquals(1, d.devicesUsed());
    }

    /** M/M/1: Poisson arrivals at rate lambda, exponential service at rate mu: mean response 1 / (mu - lambda). */
    @Test
    void singleServerQueueMatchesMM1() {
        var ctx = new DeployContext(1, 0, DataType.FP32, DataType.FP32, 0);
        // one dense layer of 5e6 FLOP... service mean = 10 ms on the 1 GFLOP/s device
        var model = new org.lcpsim.workload.ModelBuilder("one", org.lcpsim.workload.Shape.vector(1000))
                .head().add("fc", new org.lcpsim.workload.Op.Dense(5000, false)).build();
        Deployment d = new SingleDevice(0).deploy(model, ctx);
        double serviceMs = model.flops() / 1e6;
        assertEquals(10.0, serviceMs, 1e-9);
        double lambdaPerMs = 0.05; // rho = 0.5
        var w = new Workload(40000, 2000, new Arrival.Poisson(lambdaPerMs * 1000), 0);
        ReplicationResult r = Executor.run(setup(d, 1, Noise.exponential(), new PointToPointNetwork("p2p", 0, 1), w), 7);
        double expected = 1.0 / (1.0 / serviceMs - lambdaPerMs); // 20 ms
        assertEquals(expected, r.latencyMsMean(), expected * 0.05);
        // utilisation rho
        assertEquals(0.5, r.deviceBusyMs()[0] / r.windowMs(), 0.03);
        // queueing shows up as waiting on the critical path
        assertEquals(expected - serviceMs, r.waitMsMean(), expected * 0.06);
    }

    @Test
    void sameSeedSameResultAndBareLoopAgrees() {
        var ctx = new DeployContext(4, 4, DataType.FP32, DataType.FP32, 1000);
        Deployment d = new Lcp(4, 0.2, null).deploy(TestModels.mlp(), ctx);
        var w = new Workload(200, 10, new Arrival.Poisson(50), 0);
        var net = new PointToPointNetwork("p2p", 1.0, 10.0);
        ReplicationResult a = Executor.run(setup(d, 4, Noise.logNormal(0.3), net, w), 11);
        ReplicationResult b = Executor.run(setup(d, 4, Noise.logNormal(0.3), net, w), 11);
        ReplicationResult c = Executor.runOnBareLoop(setup(d, 4, Noise.logNormal(0.3), net, w), 11);
        ReplicationResult other = Executor.run(setup(d, 4, Noise.logNormal(0.3), net, w), 12);
        assertArrayEquals(a.latenciesMs(), b.latenciesMs());
        assertArrayEquals(a.latenciesMs(), c.latenciesMs());
        // the same schedule: as many events on either engine (DSOL counted the start as one more)
        assertEquals(c.events(), a.events());
        assertTrue(a.latencyMsMean() != other.latencyMsMean());
    }

    @Test
    void modelExceptionEndsTheRunWithAnError() {
        Residency residency = Residency.NONE;
        DeviceModel.Prepared broken = new DeviceModel.Prepared() {
            public org.lcpsim.devices.MemoryReport memory() {
                return org.lcpsim.devices.MemoryReport.fitting(residency, 1 << 30, false);
            }

            public org.lcpsim.devices.ComputeEstimate estimate(ComputeWork work) {
                throw new IllegalStateException("boom");
            }

            public org.lcpsim.devices.PowerSpec power() {
                return org.lcpsim.devices.PowerSpec.UNKNOWN;
            }
        };
        var ctx = new DeployContext(1, 1, DataType.FP32, DataType.FP32, 10);
        Deployment d = new SingleDevice(0).deploy(TestModels.mlp(), ctx);
        var s = new Executor.Setup(d, List.of(broken), List.of("d0", "source"),
                new PointToPointNetwork("p2p", 1, 1), Workload.closed(1, 0), WALL);
        SimulationException e = assertThrows(SimulationException.class, () -> Executor.run(s, 1));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    /**
     * Model parallelism's scatter sends each wait for every gathered slice: they share one barrier
     * (TaskGraph), and a run with barriers is the run without them, request by request.
     */
    @Test
    void barriersChangeNothingButTheSteps() {
        var ctx = new DeployContext(8, 8, DataType.FP32, DataType.FP32, 400);
        var mp = new org.lcpsim.strategies.ModelParallel(org.lcpsim.strategies.ModelParallel.SplitPolicy.fixed(
                org.lcpsim.strategies.ModelParallel.Split.OUTPUT, org.lcpsim.strategies.ModelParallel.Split.OUTPUT),
                org.lcpsim.strategies.ModelParallel.Merge.COORDINATOR, 1, 0);
        Deployment d = mp.deploy(TestModels.mlp(), ctx);
        TaskGraph g = d.planner().graphFor(0, device -> 0);
        assertTrue(g.barriers() > 0, "scatter sends that share their gathered slices share a barrier");
        long full = 0;
        long compact = 0;
        for (int i = 0; i < g.size(); i++) {
            for (int node = 0; node <= 8; node++) {
                full += g.successorsOn(i, node).length;
                compact += g.compactSuccessorsOn(i, node).length;
            }
        }
        assertTrue(compact < full, compact + " steps with barriers, " + full + " without");
        TaskGraph plain = g.withoutBarriers();
        assertEquals(0, plain.barriers());
        Deployment without = new Deployment(d.strategy(), d.residency(), (i, load) -> plain, d.params(), d.macs(),
                d.branches(), d.fatten(), d.variant(), d.batch(), d.resilience());
        var net = new PointToPointNetwork("p2p", 1.0, 8.0);
        var w = new Workload(40, 5, new Arrival.Poisson(50), 0);
        ReplicationResult a = Executor.run(setup(d, 8, Noise.logNormal(0.3), net, w), 7);
        ReplicationResult b = Executor.run(setup(without, 8, Noise.logNormal(0.3), net, w), 7);
        assertArrayEquals(b.latenciesMs(), a.latenciesMs(), 0);
        assertEquals(b.events(), a.events());
        assertEquals(b.timeline(), a.timeline());
        assertEquals(b.computeMsMean(), a.computeMsMean(), 0);
        assertEquals(b.waitMsMean(), a.waitMsMean(), 0);
    }

    @Test
    void layerKindsAreCarried() {
        ComputeWork w = ComputeWork.of("mlp", TestModels.mlp().layers(), DataType.FP16, DataType.FP16);
        assertEquals(LayerKind.DENSE, w.layers().get(0).kind());
        assertEquals(5050 * 2, w.layers().get(0).weightBytes());
    }

    @Test
    void eventsPerRequestDoNotGrowWithTheWarmUp() {
        var ctx = new DeployContext(2, 2, DataType.FP32, DataType.FP32, 400);
        Deployment d = new Lcp(2, 0.0, null).deploy(TestModels.mlp(), ctx);
        var net = new PointToPointNetwork("p2p", 1.0, 8.0);
        ReplicationResult cold = Executor.run(setup(d, 2, Noise.NONE, net, Workload.closed(10, 0)), 1);
        ReplicationResult warm = Executor.run(setup(d, 2, Noise.NONE, net, Workload.closed(10, 90)), 1);
        // every request of this graph costs the same events: the warm-up's were divided by the 10 measured ones (10x)
        assertEquals(cold.eventsPerRequest(), warm.eventsPerRequest(), 1e-9);
        assertEquals(100, warm.completed());
        assertEquals(warm.events() / 100.0, warm.eventsPerRequest(), 1e-12);
        // the results.csv column
        assertEquals(org.lcpsim.results.Metrics.summarize(List.of(cold)).eventsPerRequest(),
                org.lcpsim.results.Metrics.summarize(List.of(warm)).eventsPerRequest(), 1e-9);
    }

    @Test
    void aRunThatMeasuresNothingIsAnErrorNotNaNs() {
        var ctx = new DeployContext(1, 1, DataType.FP32, DataType.FP32, 1000);
        Deployment d = new SingleDevice(0).deploy(TestModels.mlp(), ctx);
        var net = new PointToPointNetwork("p2p", 2.0, 8.0);
        // a request takes 3 ms and more: none finishes within a 1 ms horizon (the run was "ok" with NaN latencies)
        var shortHorizon = new Workload(3, 0, new Arrival.Closed(1), 1.0);
        SimulationException e = assertThrows(SimulationException.class,
                () -> Executor.run(setup(d, 1, Noise.NONE, net, shortHorizon), 1));
        assertTrue(e.getMessage().startsWith("no measured request finished within the horizon of 0.001 s (0 of 3 requests"),
                e.getMessage());
        assertThrows(SimulationException.class, () -> Executor.runOnBareLoop(setup(d, 1, Noise.NONE, net, shortHorizon), 1));
        // one frame every 3e17 years: the second arrival lies beyond the end of simulated time and 1 of 3 requests ran
        var never = new Workload(3, 0, new Arrival.Periodic(1e-25), 0);
        SimulationException stopped = assertThrows(SimulationException.class,
                () -> Executor.run(setup(d, 1, Noise.NONE, net, never), 1));
        assertTrue(stopped.getMessage().contains("with 1 of 3 requests finished"), stopped.getMessage());
        assertThrows(SimulationException.class, () -> Executor.runOnBareLoop(setup(d, 1, Noise.NONE, net, never), 1));
        // a horizon that lets some requests finish measures those
        ReplicationResult some = Executor.run(setup(d, 1, Noise.NONE, net, new Workload(1000, 0, new Arrival.Closed(1), 10.0)), 1);
        assertTrue(some.measured() > 0 && some.measured() < 1000, "measured " + some.measured());
    }

    @Test
    void anArrivalIsOneEventAndThereIsNoneAfterTheLast() {
        var ctx = new DeployContext(1, 1, DataType.FP32, DataType.FP32, 1000);
        Deployment d = new SingleDevice(0).deploy(TestModels.mlp(), ctx);
        var net = new PointToPointNetwork("p2p", 2.0, 8.0);
        ReplicationResult closed = Executor.run(setup(d, 1, Noise.NONE, net, Workload.closed(10, 0)), 1);
        // one frame a second: the requests never overlap, so they cost what closed ones do plus their arrival
        ReplicationResult periodic = Executor.run(setup(d, 1, Noise.NONE, net, new Workload(10, 0, new Arrival.Periodic(1), 0)), 1);
        assertArrayEquals(closed.latenciesMs(), periodic.latenciesMs(), 1e-9);
        // the first request arrives when the run starts; nine more arrivals are events
        assertEquals(closed.events() + 9, periodic.events());
        // a frame every millisecond, served in 3: the last request finishes after an eleventh arrival would have
        // come, and that arrival, which issued nothing, ran as an event
        ReplicationResult busy = Executor.run(setup(d, 1, Noise.NONE, net, new Workload(10, 0, new Arrival.Periodic(1000), 0)), 1);
        assertEquals(closed.events() + 9, busy.events());
    }
}

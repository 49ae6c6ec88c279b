package org.lcpsim.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.engine.Noise;
import org.lcpsim.execution.Arrival;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.Phase;
import org.lcpsim.execution.Task;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.execution.TestModels;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.ModelParallel.Merge;
import org.lcpsim.strategies.ModelParallel.Split;
import org.lcpsim.strategies.ModelParallel.SplitPolicy;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Padding;
import org.lcpsim.workload.Shape;

/** Each strategy's task graph against hand computation on small models. */
class StrategiesTest {
    /** 100 -> fc1 50 -> relu -> [head] fc2 10 -> softmax, fp32. */
    static Model mlp() {
        return new ModelBuilder("mlp", Shape.vector(100))
                .add("fc1", new Op.Dense(50, true))
                .add("relu", new Op.Activation(Op.ActivationKind.RELU))
                .head().add("fc2", new Op.Dense(10, true))
                .add("prob", new Op.Softmax())
                .build();
    }

    static DeployContext ctx(int devices) {
        return new DeployContext(devices, devices, DataType.FP32, DataType.FP32, 400);
    }

    /** What each device computes (MACs) and what crosses the network (bytes per source->destinations). */
    record Summary(Map<Integer, Long> macsPerDevice, Map<String, Long> bytesPerRoute, long totalBytes) {
    }

    static Summary summarize(TaskGraph g) {
        Map<Integer, Long> macs = new TreeMap<>();
        Map<String, Long> routes = new TreeMap<>();
        for (Task t : g.tasks()) {
            if (t instanceof Task.Compute c) {
                macs.merge(c.device(), c.work().macs(), Long::sum);
            } else {
                Task.Send s = (Task.Send) t;
                for (int d : s.destinations()) {
                    routes.merge(s.source() + "->" + d, s.bytes(), Long::sum);
                }
            }
        }
        return new Summary(macs, routes, g.bytesDelivered());
    }

    static TaskGraph graph(Deployment d) {
        return d.planner().graphFor(0, dev -> 0);
    }

    @Test
    void modelParallelOutputSplitThroughTheCoordinator() {
        var mp = new ModelParallel(SplitPolicy.fixed(Split.OUTPUT, Split.OUTPUT), Merge.COORDINATOR, 1, 0);
        Summary s = summarize(graph(mp.deploy(mlp(), ctx(2))));
        // fc1 5000 MACs and fc2 500 MACs split in two
        assertEquals(Map.of(0, 2750L, 1, 2750L), s.macsPerDevice());
        // input (100 floats) to both; fc1 half-output (25 floats) gathered; fc1 output (50) to d1;
        // fc2 half-output (5 floats) gathered for the softmax on d0
        assertEquals(Map.of("2->0", 400L, "2->1", 400L, "1->0", 100L + 20L, "0->1", 200L), s.bytesPerRoute());
        assertEquals(1120, s.totalBytes());
    }

    @Test
    void modelParallelInputSplitReducesPartialSums() {
        var mp = new ModelParallel(SplitPolicy.fixed(Split.INPUT, Split.INPUT), Merge.COORDINATOR, 1, 0);
        Deployment d = mp.deploy(mlp(), ctx(2));
        Summary s = summarize(graph(d));
        assertEquals(Map.of(0, 2750L, 1, 2750L), s.macsPerDevice());
        // input halves to each device; full-size partial sums (50, then 10 floats) back; fc1 output half to d1
        assertEquals(Map.of("2->0", 200L, "2->1", 200L, "1->0", 200L + 40L, "0->1", 100L), s.bytesPerRoute());
        // weights divided: d1 holds half of fc1 and fc2 weights (bias counted with the partial)
        long fc1 = (100 * 50 + 50) * 4;
        long fc2 = (50 * 10 + 10) * 4;
        assertEquals((fc1 + 1) / 2 + (fc2 + 1) / 2, d.residency().get(1).weightBytes());
    }

    @Test
    void allToAllInputSplitsReduceScatterAndKeepDataWhereItIs() {
        var mp = new ModelParallel(SplitPolicy.fixed(Split.OUTPUT, Split.INPUT), Merge.ALL_TO_ALL, 2, 0);
        TaskGraph g = graph(mp.deploy(mlp(), ctx(2)));
        Summary s = summarize(g);
        // input halves from the source; fc1 partial sums reduce-scattered (100 B each way) with the relu applied
        // to each half; fc2 reads those halves where they are (input split); its partial sums reduce-scattered
        // (20 B each way); merged after two stages by all-gather (20 B each way); softmax on d0
        assertEquals(Map.of("2->0", 200L, "2->1", 200L, "0->1", 140L, "1->0", 140L), s.bytesPerRoute());
        Task.Compute fc2OnD1 = g.tasks().stream().filter(t -> t.label().startsWith("mp s1 fc2") && t.node() == 1)
                .map(t -> (Task.Compute) t).findFirst().orElseThrow();
        for (int dep : fc2OnD1.deps()) {
            assertTrue(g.task(dep) instanceof Task.Compute, "fc2 waits for nothing but the local reduction");
        }
    }

    @Test
    void allToAllOutputSplitsAllGather() {
        var mp = new ModelParallel(SplitPolicy.fixed(Split.OUTPUT, Split.OUTPUT), Merge.ALL_TO_ALL, 2, 0);
        Summary s = summarize(graph(mp.deploy(mlp(), ctx(2))));
        // whole input to both; fc1 halves all-gathered for fc2 (100 B each way); merge after two stages:
        // fc2 halves all-gathered (20 B each way)
        assertEquals(Map.of("2->0", 400L, "2->1", 400L, "0->1", 120L, "1->0", 120L), s.bytesPerRoute());
    }

    @Test
    void spatialSplitSendsBandsWithHalo() {
        Model conv = new ModelBuilder("conv", new Shape(1, 8, 8))
                .add("c1", Op.Conv2d.of(2, 3, 1, Padding.of(1)))
                .head().add("fc", new Op.Dense(3, true))
                .build();
        var mp = new ModelParallel(SplitPolicy.fixed(Split.SPATIAL, Split.OUTPUT), Merge.COORDINATOR, 1, 0);
        Summary s = summarize(graph(mp.deploy(conv, new DeployContext(2, 2, DataType.FP32, DataType.FP32, 256))));
        // 4 output rows each need (4 - 1) * 1 + 3 = 6 input rows of 8 floats; c1 output half (64 floats) gathered;
        // c1 output (128 floats) broadcast for the output-split dense layer; its half output (6 of 12 bytes) gathered
        assertEquals(Map.of("2->0", 192L, "2->1", 192L, "1->0", 256L + 6L, "0->1", 512L), s.bytesPerRoute());
        // spatial split keeps all weights on every device
        assertEquals(576L + 192L, s.macsPerDevice().get(1));
    }

    @Test
    void modelParallelAutoPicksTheCheaperSplitPerLayer() {
        // a wide input and a narrow output: input split moves 1/n of the wide input, output split all of it
        Model wide = new ModelBuilder("wide", Shape.vector(10000))
                .head().add("fc", new Op.Dense(4, true))
                .build();
        var auto = new ModelParallel(SplitPolicy.AUTO, Merge.COORDINATOR, 1, 0);
        Summary s = summarize(graph(auto.deploy(wide, new DeployContext(4, 4, DataType.FP32, DataType.FP32, 40000))));
        assertEquals(4 * 10000L, s.totalBytes() - 3 * 16, "input split: the source sends one quarter to each device");
    }

    @Test
    void dataParallelRoundRobinAndWholeReplicas() {
        Deployment d = new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(mlp(), ctx(2));
        assertEquals(0, ((Task.Compute) d.planner().graphFor(0, x -> 0).task(1)).device());
        assertEquals(1, ((Task.Compute) d.planner().graphFor(1, x -> 0).task(1)).device());
        assertEquals(0, ((Task.Compute) d.planner().graphFor(2, x -> 0).task(1)).device());
        assertEquals(d.residency().get(0), d.residency().get(1));
        assertEquals(mlp().weightBytes(DataType.FP32), d.residency().get(1).weightBytes());
        Deployment least = new DataParallel(DataParallel.Balance.LEAST_LOADED).deploy(mlp(), ctx(3));
        assertEquals(2, ((Task.Compute) least.planner().graphFor(0, x -> x == 2 ? 0 : 3).task(1)).device());
    }

    @Test
    void dataParallelDoublesThroughputOnTwoDevices() {
        // compute-bound: a network that costs nothing
        var w = new Workload(200, 10, new Arrival.Closed(2), 0);
        var free = new PointToPointNetwork("free", 0, 1e9);
        double one = runDeployment(new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(mlp(), ctx(1)), 1, w, free)
                .throughputIps();
        double two = runDeployment(new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(mlp(), ctx(2)), 2, w, free)
                .throughputIps();
        assertEquals(2.0, two / one, 0.02);
        // and leaves single-image latency as it was
        var single = Workload.closed(20, 0);
        assertEquals(run(new SingleDevice(0), 1, single).latencyMsMean(),
                run(new DataParallel(DataParallel.Balance.LEAST_LOADED), 2, single).latencyMsMean(), 1e-9);
    }

    @Test
    void pipelineCutsSendWhatCrossesAndOverlapsRequests() {
        Model chain = new ModelBuilder("chain", Shape.vector(64))
                .add("a", new Op.Dense(64, false)).add("b", new Op.Dense(64, false))
                .add("c", new Op.Dense(64, false)).head().add("d", new Op.Dense(64, false)).build();
        Deployment given = new Pipeline(List.of("b")).deploy(chain, new DeployContext(2, 2, DataType.FP32, DataType.FP32, 256));
        Summary s = summarize(graph(given));
        assertEquals(Map.of(0, 2 * 4096L, 1, 2 * 4096L), s.macsPerDevice());
        assertEquals(Map.of("2->0", 256L, "0->1", 256L), s.bytesPerRoute());
        Deployment balanced = new Pipeline(null).deploy(chain, new DeployContext(2, 2, DataType.FP32, DataType.FP32, 256));
        assertEquals(s, summarize(graph(balanced)));
        assertThrows(IllegalArgumentException.class,
                () -> new Pipeline(List.of("zz")).deploy(chain, new DeployContext(2, 2, DataType.FP32, DataType.FP32, 256)));
        // many requests in flight: throughput set by the slowest stage (2 layers of 8192+ FLOPs at 1 GFLOP/s)
        var w = new Workload(400, 20, new Arrival.Closed(4), 0);
        ReplicationResult r = runDeployment(given, 2, w, new PointToPointNetwork("fast", 0, 1e6));
        double stageMs = 2 * 2 * 4096 / 1e6;
        assertEquals(1000.0 / stageMs, r.throughputIps(), 1000.0 / stageMs * 0.02);
    }

    @Test
    void lcpUnicastSendsOneCopyPerBranchDevice() {
        Deployment multi = new Lcp(4, 0, null, true).deploy(mlp(), ctx(4));
        Deployment uni = new Lcp(4, 0, null, false).deploy(mlp(), ctx(4));
        long inputs = graph(uni).tasks().stream().filter(t -> t instanceof Task.Send s && s.phase() == Phase.INPUT).count();
        assertEquals(4, inputs);
        assertEquals(graph(multi).bytesDelivered(), graph(uni).bytesDelivered());
    }

    private static ReplicationResult run(Strategy s, int devices, Workload w) {
        return runDeployment(s.deploy(mlp(), ctx(devices)), devices, w, new PointToPointNetwork("p2p", 1, 100));
    }

    private static ReplicationResult runDeployment(Deployment d, int devices, Workload w, PointToPointNetwork net) {
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            prepared.add(TestModels.gigaflopDevice(Noise.NONE).prepare(d.residency().get(i)));
            names.add("d" + i);
        }
        names.add("source");
        return Executor.run(new Executor.Setup(d, prepared, names, net, w, Duration.ofSeconds(60)), 3);
    }

    @Test
    void dataParallelLeastLoadedCountsRequestsWhoseInputIsOnItsWay() {
        // 10 ms of compute after a 10 ms input transfer, four requests in flight on four devices: a balancer that
        // looked only at device queues saw four idle devices while the inputs travelled and sent every request to d0
        Model one = new ModelBuilder("one", Shape.vector(1000)).head().add("fc", new Op.Dense(5000, false)).build();
        var net = new PointToPointNetwork("slow-start", 10.0, 1e6);
        var w = new Workload(200, 0, new Arrival.Closed(4), 0);
        var ctx = new DeployContext(4, 4, DataType.FP32, DataType.FP32, 400);
        ReplicationResult rr = runDeployment(new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(one, ctx), 4, w, net);
        ReplicationResult least = runDeployment(new DataParallel(DataParallel.Balance.LEAST_LOADED).deploy(one, ctx), 4, w, net);
        // each request alone on its device: input + compute
        assertEquals(10.0 + 400 * 8 / 1e9 + 10.0, least.latencyMsMean(), 1e-6);
        assertEquals(rr.throughputIps(), least.throughputIps(), rr.throughputIps() * 1e-9);
    }

    @Test
    void consecutiveSpatialSplitsExchangeOnlyHalos() {
        Model convs = new ModelBuilder("convs", new Shape(1, 8, 8))
                .add("c1", Op.Conv2d.of(2, 3, 1, Padding.of(1)))
                .add("c2", Op.Conv2d.of(2, 3, 1, Padding.of(1)))
                .head().add("fc", new Op.Dense(3, true))
                .build();
        var mp = new ModelParallel(SplitPolicy.fixed(Split.SPATIAL, Split.OUTPUT), Merge.COORDINATOR, 2, 0);
        TaskGraph g = graph(mp.deploy(convs, new DeployContext(2, 2, DataType.FP32, DataType.FP32, 256)));
        Summary s = summarize(g);
        // c1: 6 input rows of 8 floats to each device (192 B); c2 reads c1's bands where they are: each device holds
        // 4 of the 6 rows (2 channels x 8 floats) it needs, and gets the other 2 (128 B) as two 64 B halos, one from
        // each neighbour; merged after two stages (c2 half, 256 B, to d0); c2 broadcast for the dense layer (512 B);
        // its half output (6 B) gathered
        assertEquals(Map.of("2->0", 192L, "2->1", 192L, "0->1", 64L + 512L, "1->0", 64L + 256L + 6L), s.bytesPerRoute());
        long halos = g.tasks().stream().filter(t -> t instanceof Task.Send x && x.label().contains("halo")).count();
        assertEquals(2, halos);
        // no gather or scatter between c1 and c2: c2 on each device waits for its own c1 band and its halo only
        for (Task t : g.tasks()) {
            if (t instanceof Task.Compute c && c.label().contains(" c2 ")) {
                for (int dep : c.deps()) {
                    Task d = g.task(dep);
                    assertTrue(d instanceof Task.Compute || d.label().contains("halo"), c.label() + " waits for " + d.label());
                }
            }
        }
    }
}

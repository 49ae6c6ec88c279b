package org.lcpsim.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.lcpsim.execution.Arrival;
import org.lcpsim.execution.CapacityProbe;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.ModelCostEstimator;
import org.lcpsim.execution.Task;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.execution.TestModels;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.Capacity;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/** Replicated pipeline stages, the planner heuristic and data parallelism over groups, against hand computation. */
class HybridStrategiesTest {
    private static final PointToPointNetwork FAST = new PointToPointNetwork("fast", 0, 1e6);

    /** Four dense layers of 64 -> 64 (4096 MACs, 8192 FLOPs each), the last the head. */
    static Model chain() {
        return new ModelBuilder("chain", Shape.vector(64))
                .add("a", new Op.Dense(64, false)).add("b", new Op.Dense(64, false))
                .add("c", new Op.Dense(64, false)).head().add("d", new Op.Dense(64, false)).build();
    }

    static DeployContext ctx(int devices) {
        return new DeployContext(devices, devices, DataType.FP32, DataType.FP32, 256);
    }

    /** A context whose estimates are the test devices' own (1 GFLOP/s) and the given network's. */
    static DeployContext estimated(int devices, PointToPointNetwork net) {
        List<DeviceModel> models = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            models.add(TestModels.gigaflopDevice(Noise.NONE));
            names.add("d" + i);
        }
        names.add("source");
        return new DeployContext(devices, devices, DataType.FP32, DataType.FP32, 256,
                new ModelCostEstimator(models, net, names));
    }

    /** Every task of a graph in words: label, where it runs or what it sends where, its dependencies. */
    private static List<String> describe(TaskGraph g) {
        return g.tasks().stream().map(t -> t instanceof Task.Compute c
                ? c.label() + "@" + c.device() + " " + c.work() + " " + java.util.Arrays.toString(c.deps())
                : ((Task.Send) t).label() + " " + ((Task.Send) t).source() + "->" + java.util.Arrays.toString(((Task.Send) t)
                .destinations()) + " " + ((Task.Send) t).bytes() + " " + java.util.Arrays.toString(t.deps())).toList();
    }

    private static List<Integer> computeDevices(TaskGraph g) {
        return g.tasks().stream().filter(t -> t instanceof Task.Compute).map(t -> ((Task.Compute) t).device()).toList();
    }

    private static Executor.Setup setup(Deployment d, int devices, Workload w, PointToPointNetwork net) {
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            prepared.add(TestModels.gigaflopDevice(Noise.NONE).prepare(d.residency().get(i)));
            names.add("d" + i);
        }
        names.add("source");
        return new Executor.Setup(d, prepared, names, net, w, Duration.ofSeconds(60));
    }

    private static Capacity capacity(Deployment d, int devices) {
        Executor.Setup s = setup(d, devices, Workload.closed(10, 2), FAST);
        return CapacityProbe.measure(s, 1, Executor.run(s, 1));
    }

    @Test
    void replicatedStageDealsRequestsRoundRobinAndEveryReplicaHoldsItsStage() {
        Pipeline p = new Pipeline(List.of("a"), List.of(1, 3), null, DataParallel.Balance.ROUND_ROBIN, false);
        Deployment d = p.deploy(chain(), ctx(4));
        assertEquals(List.of(0, 1), computeDevices(d.planner().graphFor(0, x -> 0)));
        assertEquals(List.of(0, 2), computeDevices(d.planner().graphFor(1, x -> 0)));
        assertEquals(List.of(0, 3), computeDevices(d.planner().graphFor(2, x -> 0)));
        assertSame(d.planner().graphFor(0, x -> 0), d.planner().graphFor(3, x -> 0), "one graph per combination, kept");
        assertEquals(d.residency().get(1), d.residency().get(2));
        assertEquals(d.residency().get(1), d.residency().get(3));
        assertEquals(3 * 64 * 64 * 4L, d.residency().get(1).weightBytes());
        assertEquals(4, d.devicesUsed());
        // the input from the source to stage 0, the activations to the replica the request takes
        TaskGraph g = d.planner().graphFor(1, x -> 0);
        assertEquals(Map.of("4->0", 256L, "0->2", 256L), StrategiesTest.summarize(g).bytesPerRoute());
    }

    @Test
    void oneReplicaPerStageIsThePlainPipeline() {
        Model chain = chain();
        Deployment plain = new Pipeline(List.of("b")).deploy(chain, ctx(2));
        Deployment ones = new Pipeline(List.of("b"), List.of(1, 1), null, null, false).deploy(chain, ctx(2));
        assertEquals(StrategiesTest.summarize(StrategiesTest.graph(plain)), StrategiesTest.summarize(StrategiesTest.graph(ones)));
        assertEquals(plain.residency(), ones.residency());
        assertEquals(describe(StrategiesTest.graph(plain)), describe(StrategiesTest.graph(ones)));
    }

    @Test
    void leastLoadedTakesTheReplicaWithFewestUnfinishedTasks() {
        Pipeline p = new Pipeline(List.of("a"), List.of(1, 3), null, DataParallel.Balance.LEAST_LOADED, false);
        Deployment d = p.deploy(chain(), ctx(4));
        assertEquals(List.of(0, 1), computeDevices(d.planner().graphFor(7, x -> 0)), "ties: the lowest index");
        assertEquals(List.of(0, 3), computeDevices(d.planner().graphFor(0, x -> x == 3 ? 0 : 2)));
        assertEquals(List.of(0, 2), computeDevices(d.planner().graphFor(0, x -> x == 1 ? 2 : 1)));
    }

    @Test
    void namedStageDevices() {
        Pipeline p = new Pipeline(List.of("a"), null, List.of(List.of(3), List.of(0, 2)), null, false);
        Deployment d = p.deploy(chain(), ctx(4));
        assertEquals(List.of(3, 0), computeDevices(d.planner().graphFor(0, x -> 0)));
        assertEquals(List.of(3, 2), computeDevices(d.planner().graphFor(1, x -> 0)));
        assertTrue(d.residency().get(1).isEmpty());
        assertEquals(3, d.devicesUsed());
    }

    @Test
    void replicatingTheSlowStageRaisesCapacityByItsReplicas() {
        // stage 1 (b, c, d) is three times stage 0 (a): with three replicas both take 8.192 us per request
        double unitMs = 8192 / 1e6;
        Capacity plain = capacity(new Pipeline(List.of("a")).deploy(chain(), ctx(2)), 2);
        assertEquals(1000 / (3 * unitMs), plain.ips(), 1000 / (3 * unitMs) * 0.01);
        Capacity hybrid = capacity(new Pipeline(List.of("a"), List.of(1, 3), null, null, false).deploy(chain(), ctx(4)), 4);
        assertEquals(1000 / unitMs, hybrid.ips(), 1000 / unitMs * 0.01);
    }

    @Test
    void cutsBalanceStagesWithTheirReplicas() {
        DeployContext c = estimated(4, FAST);
        // stage 1 on three devices takes three layers: one layer's time per replica, as stage 0
        assertArrayEquals(new int[] {0, 3}, PipelinePlanner.balancedEnds(chain(), c, PipelinePlanner.consecutive(new int[] {1, 3}),
                DataParallel.Balance.ROUND_ROBIN));
        assertArrayEquals(new int[] {2, 3}, PipelinePlanner.balancedEnds(chain(), c, PipelinePlanner.consecutive(new int[] {3, 1}),
                DataParallel.Balance.ROUND_ROBIN));
        Deployment d = new Pipeline(null, List.of(1, 3), null, null, false).deploy(chain(), c);
        assertEquals(List.of(0, 1), computeDevices(d.planner().graphFor(0, x -> 0)));
        assertEquals(4096L, ((Task.Compute) d.planner().graphFor(0, x -> 0).tasks().stream()
                .filter(t -> t instanceof Task.Compute).findFirst().orElseThrow()).work().macs());
    }

    @Test
    void plannerGivesExtraDevicesToTheSlowestStage() {
        // stages of one and three layers: the three-layer stage gets two of the three devices left
        PipelinePlanner.Plan p = PipelinePlanner.plan(chain(), estimated(5, FAST), 2, 5, DataParallel.Balance.ROUND_ROBIN);
        assertArrayEquals(new int[] {3, 2}, p.replicas(), "four equal layers, two stages of two: 3 + 2 devices");
        assertEquals(5, p.devices());
        // a per-transfer cost makes fewer stages better: every cut costs a transfer of 10 ms
        var slowLinks = new PointToPointNetwork("slow", 10, 1e6);
        PipelinePlanner.Plan best = PipelinePlanner.plan(chain(), estimated(4, slowLinks), DataParallel.Balance.ROUND_ROBIN);
        assertEquals(1, best.stages(), "one stage of four replicas: data parallelism");
        assertArrayEquals(new int[] {4}, best.replicas());
        // the planned pipeline deploys it
        Deployment d = Pipeline.planned(DataParallel.Balance.ROUND_ROBIN).deploy(chain(), estimated(4, slowLinks));
        assertEquals(4, d.devicesUsed());
        assertEquals(List.of(2), computeDevices(d.planner().graphFor(2, x -> 0)));
    }

    /** The 1 GFLOP/s test device, but holding more than one layer of the chain (16 kB of weights) costs 1 ms per extra kB. */
    static DeviceModel smallMemory() {
        DeviceModel base = TestModels.gigaflopDevice(Noise.NONE);
        return new DeviceModel() {
            @Override
            public String type() {
                return "small";
            }

            @Override
            public Prepared prepare(Residency r) {
                Prepared p = base.prepare(r);
                double swapMs = Math.max(0, r.weightBytes() - 16384) / 1024.0;
                return new Prepared() {
                    @Override
                    public org.lcpsim.devices.MemoryReport memory() {
                        return p.memory();
                    }

                    @Override
                    public org.lcpsim.devices.ComputeEstimate estimate(org.lcpsim.devices.ComputeWork work) {
                        var e = p.estimate(work);
                        return new org.lcpsim.devices.ComputeEstimate(e.ms() + swapMs, e.measuredLayers(), e.formulaLayers());
                    }

                    @Override
                    public org.lcpsim.devices.PowerSpec power() {
                        return p.power();
                    }
                };
            }
        };
    }

    @Test
    void plannerAccountsForSwappingStages() {
        List<DeviceModel> small = List.of(smallMemory(), smallMemory(), smallMemory(), smallMemory());
        var est = new ModelCostEstimator(small, FAST, List.of("d0", "d1", "d2", "d3", "source"));
        org.lcpsim.devices.ComputeWork w = org.lcpsim.devices.ComputeWork.of("chain", chain().layers().subList(0, 2),
                DataType.FP32, DataType.FP32);
        Residency two = Pipeline.stageResidency(chain(), ctx(4), 0, 1);
        assertEquals(est.computeMs(0, w), est.computeMs(0, w, Residency.NONE), 1e-12);
        assertEquals(est.computeMs(0, w) + 16, est.computeMs(0, w, two), 1e-9);
        // data parallelism would hold four layers each (48 ms of swap): the planner cuts one layer per device
        DeployContext c = new DeployContext(4, 4, DataType.FP32, DataType.FP32, 256, est);
        PipelinePlanner.Plan p = PipelinePlanner.plan(chain(), c, DataParallel.Balance.ROUND_ROBIN);
        assertArrayEquals(new int[] {1, 1, 1, 1}, p.replicas());
        // with memory to spare, one stage of four replicas ties and wins (fewer stages)
        assertEquals(1, PipelinePlanner.plan(chain(), estimated(4, FAST), DataParallel.Balance.ROUND_ROBIN).stages());
    }

    @Test
    void groupsOfLcpAlternateAndHoldACopyEach() {
        GroupReplicas g = new GroupReplicas(new Lcp(2, 0, null), 2, DataParallel.Balance.ROUND_ROBIN, "lcp");
        Deployment d = g.deploy(StrategiesTest.mlp(), StrategiesTest.ctx(4));
        assertEquals("lcp", d.strategy());
        assertEquals("split2", d.variant());
        assertEquals(2, d.branches());
        TaskGraph first = d.planner().graphFor(0, x -> 0);
        TaskGraph second = d.planner().graphFor(1, x -> 0);
        assertEquals(List.of(0, 1, 0), computeDevices(first));
        assertEquals(List.of(2, 3, 2), computeDevices(second));
        assertSame(first, d.planner().graphFor(2, x -> 0));
        assertEquals(d.residency().get(0), d.residency().get(2));
        assertEquals(d.residency().get(1), d.residency().get(3));
        // the external source (node 4) multicasts to the group's own devices
        assertEquals(Map.of("4->2", 400L, "4->3", 400L, "3->2", 100L), StrategiesTest.summarize(second).bytesPerRoute());
        Deployment least = new GroupReplicas(new Lcp(2, 0, null), 2, DataParallel.Balance.LEAST_LOADED, "lcp")
                .deploy(StrategiesTest.mlp(), StrategiesTest.ctx(4));
        assertEquals(List.of(2, 3, 2), computeDevices(least.planner().graphFor(0, x -> x < 2 ? 1 : 0)));
    }

    @Test
    void groupsTakeTheDevicesTheirStrategyUsesAndTheSourceWhereItIs() {
        // LCP of 2 branches in 2 groups of a 5-device cluster: groups of 2 (d0-d1, d2-d3), d4 idle
        Deployment d = new GroupReplicas(new Lcp(2, 0, null), 2, null, "lcp").deploy(StrategiesTest.mlp(),
                new DeployContext(5, 0, DataType.FP32, DataType.FP32, 400));
        assertEquals(4, d.devicesUsed());
        assertTrue(d.residency().get(4).isEmpty());
        // the source is d0, a device of group 0: group 1 gets the input from d0
        assertEquals(Map.of("0->2", 400L, "0->3", 400L, "3->2", 100L),
                StrategiesTest.summarize(d.planner().graphFor(1, x -> 0)).bytesPerRoute());
        assertEquals(Map.of("0->1", 400L, "1->0", 100L), StrategiesTest.summarize(d.planner().graphFor(0, x -> 0)).bytesPerRoute());
        // as many groups as fit: single devices make data parallelism
        Deployment all = new GroupReplicas(new SingleDevice(0), 0, null, "data-parallel").deploy(StrategiesTest.mlp(),
                StrategiesTest.ctx(3));
        assertEquals(3, all.devicesUsed());
        assertEquals(List.of(2), computeDevices(all.planner().graphFor(5, x -> 0)));
        assertThrows(IllegalArgumentException.class, () -> new GroupReplicas(new Lcp(2, 0, null), 3, null, "lcp")
                .deploy(StrategiesTest.mlp(), StrategiesTest.ctx(2)));
        assertNull(GroupReplicas.check(2, 2));
        assertNotNull(GroupReplicas.check(3, 2));
    }

    @Test
    void capacityProbeSpreadsRequestsOverEveryReplica() {
        Model chain = chain();
        assertEquals(3, CapacityProbe.spread(new Pipeline(List.of("a", "b"), List.of(1, 3, 1), null, null, false)
                .deploy(chain, ctx(5))));
        assertEquals(5, CapacityProbe.spread(new Pipeline(List.of("a"), List.of(2, 3), null, null, false).deploy(chain, ctx(5))),
                "a cycle of 6 requests, at most the devices used");
        assertEquals(1, CapacityProbe.spread(new Pipeline(List.of("a")).deploy(chain, ctx(2))));
        assertEquals(4, CapacityProbe.spread(new DataParallel(DataParallel.Balance.ROUND_ROBIN).deploy(chain, ctx(4))));
        assertEquals(4, CapacityProbe.spread(new DataParallel(DataParallel.Balance.LEAST_LOADED).deploy(chain, ctx(4))));
        assertEquals(2, CapacityProbe.spread(new GroupReplicas(new Lcp(2, 0, null), 2, null, "lcp")
                .deploy(StrategiesTest.mlp(), StrategiesTest.ctx(4))));
        assertEquals(1, CapacityProbe.spread(new Lcp(4, 0, null).deploy(StrategiesTest.mlp(), StrategiesTest.ctx(4))));
    }

    @Test
    void badStagesAreRefusedWithAReason() {
        Model chain = chain();
        assertTrue(Pipeline.check(chain, List.of("a"), List.of(2, 3), null, 4).contains("need 5 devices"));
        assertTrue(Pipeline.check(chain, List.of("a"), List.of(1), null, 4).contains("one number per stage"));
        assertTrue(Pipeline.check(chain, List.of("a"), null, List.of(List.of(0), List.of(0)), 4).contains("two stages"));
        assertTrue(Pipeline.check(chain, null, null, List.of(List.of(0), List.of(7)), 4).contains("does not exist"));
        assertTrue(Pipeline.check(chain, null, List.of(1, 1, 1, 1, 1), null, 8).contains("need 5 layers"));
        assertNull(Pipeline.check(chain, List.of("a"), List.of(1, 3), null, 4));
        assertThrows(IllegalArgumentException.class, () -> new Pipeline(null, List.of(0, 1), null, null, false));
        assertThrows(IllegalArgumentException.class, () -> new Pipeline(List.of("a"), List.of(2, 3), null, null, false)
                .deploy(chain, ctx(4)));
    }

    @Test
    void replicatedPipelineRunsEveryRequestOnce() {
        Deployment d = new Pipeline(List.of("a"), List.of(1, 3), null, DataParallel.Balance.LEAST_LOADED, false)
                .deploy(chain(), ctx(4));
        ReplicationResult r = Executor.run(setup(d, 4, new Workload(60, 5, new Arrival.Closed(6), 0), FAST), 2);
        assertEquals(65, r.completed());
        assertTrue(r.throughputIps() > 0);
    }

    /** The 1 GFLOP/s test device slowed {@code factor} times (every compute takes factor x as long). */
    static DeviceModel slowed(double factor) {
        DeviceModel base = TestModels.gigaflopDevice(Noise.NONE);
        return new DeviceModel() {
            @Override
            public String type() {
                return "slow";
            }

            @Override
            public Prepared prepare(Residency r) {
                Prepared p = base.prepare(r);
                return new Prepared() {
                    @Override
                    public org.lcpsim.devices.MemoryReport memory() {
                        return p.memory();
                    }

                    @Override
                    public org.lcpsim.devices.ComputeEstimate estimate(org.lcpsim.devices.ComputeWork work) {
                        var e = p.estimate(work);
                        return new org.lcpsim.devices.ComputeEstimate(e.ms() * factor, e.measuredLayers(), e.formulaLayers());
                    }

                    @Override
                    public org.lcpsim.devices.PowerSpec power() {
                        return p.power();
                    }
                };
            }
        };
    }

    private static double throughput(Deployment d, List<DeviceModel> models, int concurrency) {
        List<DeviceModel.Prepared> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            prepared.add(models.get(i).prepare(d.residency().get(i)));
            names.add("d" + i);
        }
        names.add("source");
        Executor.Setup s = new Executor.Setup(d, prepared, names, FAST, new Workload(400, 40, new Arrival.Closed(concurrency), 0),
                Duration.ofSeconds(60));
        return CapacityProbe.measure(s, 1, Executor.run(s, 1)).ips();
    }

    @Test
    void leastLoadedFollowsTheReplicasSpeedsWhereRoundRobinWaitsForTheSlowest() {
        // stage 0 (a) on d0; stage 1 (b, c, d: 3 x 8.192 us) on d1 and on d2, three times slower (73.728 us)
        double unitMs = 8192 / 1e6;
        List<DeviceModel> models = List.of(TestModels.gigaflopDevice(Noise.NONE), TestModels.gigaflopDevice(Noise.NONE),
                slowed(3));
        Model chain = chain();
        double rr = throughput(new Pipeline(List.of("a"), List.of(1, 2), null, DataParallel.Balance.ROUND_ROBIN, false)
                .deploy(chain, ctx(3)), models, 8);
        double ll = throughput(new Pipeline(List.of("a"), List.of(1, 2), null, DataParallel.Balance.LEAST_LOADED, false)
                .deploy(chain, ctx(3)), models, 8);
        // round robin: every other request on the slow replica, 9 units per 2 requests
        double rrHand = 1000 / (9 * unitMs / 2);
        assertEquals(rrHand, rr, rrHand * 1e-6, "round robin");
        // least loaded: the replicas' rates add, 1/3 + 1/9 requests per unit; stage 0 (1 per unit) is faster still
        double llHand = 1000 / unitMs * (1.0 / 3 + 1.0 / 9);
        assertEquals(llHand, ll, llHand * 0.1, "least loaded");
        assertTrue(ll > 1.8 * rr, rr + " " + ll);
        // on equal replicas the two are alike
        List<DeviceModel> equal = List.of(TestModels.gigaflopDevice(Noise.NONE), TestModels.gigaflopDevice(Noise.NONE),
                TestModels.gigaflopDevice(Noise.NONE));
        double rrEqual = throughput(new Pipeline(List.of("a"), List.of(1, 2), null, DataParallel.Balance.ROUND_ROBIN, false)
                .deploy(chain, ctx(3)), equal, 8);
        double llEqual = throughput(new Pipeline(List.of("a"), List.of(1, 2), null, DataParallel.Balance.LEAST_LOADED, false)
                .deploy(chain, ctx(3)), equal, 8);
        assertEquals(1000 / (3 * unitMs / 2), rrEqual, 1000 / (3 * unitMs / 2) * 1e-6);
        // least loaded splits by the replicas' queues as the load leaves them (ties: the lowest index), not exactly in half
        assertEquals(rrEqual, llEqual, rrEqual * 0.06);
    }

    @Test
    void lcpReplicasTwoOnSixteenDevicesIsTwoLcpEightGroups() {
        Model alexnet = org.lcpsim.workload.ModelZoo.get("alexnet");
        Deployment one = new Lcp(8, 0, null).deploy(alexnet, StrategiesTest.ctx(8));
        Deployment two = new GroupReplicas(new Lcp(8, 0, null), 2, DataParallel.Balance.ROUND_ROBIN, "lcp")
                .deploy(alexnet, StrategiesTest.ctx(16));
        assertEquals("split8", two.variant());
        assertEquals(16, two.devicesUsed());
        List<Integer> first = computeDevices(two.planner().graphFor(0, x -> 0));
        List<Integer> second = computeDevices(two.planner().graphFor(1, x -> 0));
        assertEquals(java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 7), new java.util.TreeSet<>(first));
        assertEquals(java.util.Set.of(8, 9, 10, 11, 12, 13, 14, 15), new java.util.TreeSet<>(second));
        assertEquals(first, computeDevices(one.planner().graphFor(0, x -> 0)), "group 0 is the LCP-8 alone");
        assertEquals(first.stream().map(x -> x + 8).toList(), second, "group 1 the same, eight devices on");
        for (int i = 0; i < 8; i++) {
            assertEquals(one.residency().get(i), two.residency().get(i));
            assertEquals(one.residency().get(i), two.residency().get(i + 8), "each group holds its own copy");
        }
        // requests alternate, so two groups sustain twice one group's rate
        Capacity c1 = capacity(one, 8);
        Capacity c2 = capacity(two, 16);
        assertEquals(2 * c1.ips(), c2.ips(), 2 * c1.ips() * 0.02);
    }
}

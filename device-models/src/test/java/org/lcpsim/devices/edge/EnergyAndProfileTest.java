package org.lcpsim.devices.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.ComputeEstimate;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.compute.MeasuredProfile;
import org.lcpsim.devices.memory.MemorySpec;
import org.lcpsim.engine.Noise;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Executor;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.ReplicationResult;
import org.lcpsim.strategies.DeployContext;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Layer;
import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

class EnergyAndProfileTest {
    /** 1 GFLOP/s, no memory limit on time, no overhead: a layer takes flops / 1e6 ms. */
    private static EdgeDevice device(PowerSpec power, MeasuredProfile profile) {
        CpuCompute c = new CpuCompute(1, 1, 1, CpuCompute.uniform(1), 1e9, 0);
        return new EdgeDevice("test", "", c, profile, new MemorySpec(1024, 0, 1, false, 0), power, Noise.NONE);
    }

    /** 1000 -> dense 5000 (no bias): 1e7 FLOP = 10 ms on the test device. */
    private static Model tenMs() {
        return new ModelBuilder("ten", Shape.vector(1000)).head().add("fc", new Op.Dense(5000, false)).build();
    }

    /**
     * Two devices, the model on d0, d1 idle: per inference (15 ms in a closed loop) d0 draws idle
     * power for 15 ms plus its extra active power for its 10 busy ms; d1 idle power for 15 ms when
     * the energy counts the whole cluster, nothing when it counts the devices used.
     */
    @Test
    void energyIsIntegratedOverBusyAndIdleTimeByTheExecutor() {
        // the input comes from an external source over a 5 ms link: d0 idles 5 ms, computes 10 ms
        var ctx = new DeployContext(2, 2, DataType.FP32, DataType.FP32, 0);
        Deployment dep = new SingleDevice(0).deploy(tenMs(), ctx);
        PowerSpec p0 = new PowerSpec(1.0, 3.0);
        PowerSpec p1 = new PowerSpec(0.5, 9.0);
        List<DeviceModel.Prepared> prepared = List.of(device(p0, MeasuredProfile.EMPTY).prepare(dep.residency().get(0)),
                device(p1, MeasuredProfile.EMPTY).prepare(dep.residency().get(1)));
        var setup = new Executor.Setup(dep, prepared, List.of("d0", "d1", "src"), new PointToPointNetwork("p2p", 5, 1),
                Workload.closed(20, 2), Duration.ofSeconds(30));
        ReplicationResult r = Executor.run(setup, 3);
        assertEquals(15.0, r.latencyMsMean(), 1e-9);
        double d0J = (1.0 * 15 + (3.0 - 1.0) * 10) / 1000.0;
        double d1J = 0.5 * 15 / 1000.0;
        assertEquals(d0J + d1J, r.energyJPerInference(), 1e-9);
        var used = new Executor.Setup(dep, prepared, List.of("d0", "d1", "src"), new PointToPointNetwork("p2p", 5, 1),
                Workload.closed(20, 2), Duration.ofSeconds(30), new org.lcpsim.execution.EnergyScope(false, true));
        assertEquals(d0J, Executor.run(used, 3).energyJPerInference(), 1e-9);
    }

    @Test
    void measuredLayersOverrideTheFormulaAndScaleForSlices() {
        Model m = new ModelBuilder("two", Shape.vector(1000)).add("fc1", new Op.Dense(5000, false))
                .head().add("fc2", new Op.Dense(10, false)).build();
        MeasuredProfile profile = new MeasuredProfile(List.of(new MeasuredProfile.Entry("two", "fc1", 40.0, "test")));
        CpuCompute c = new CpuCompute(1, 1, 1, CpuCompute.uniform(1), 1e9, 2.0); // 2 ms per layer
        EdgeDevice d = new EdgeDevice("t", "", c, profile, new MemorySpec(1024, 0, 1, false, 0), PowerSpec.UNKNOWN, Noise.NONE);
        DeviceModel.Prepared p = d.prepare(org.lcpsim.devices.Residency.NONE);
        ComputeEstimate whole = p.estimate(ComputeWork.of("two", m.layers(), DataType.FP32, DataType.FP32));
        // fc1 measured 40 ms; fc2 formula 2 * 50,000 FLOP / 1e6 + 2 ms overhead = 2.1 ms
        assertEquals(42.1, whole.ms(), 1e-9);
        assertEquals(1, whole.measuredLayers());
        assertEquals(1, whole.formulaLayers());
        // another workload (an LCP branch) does not match the profile: fc1 by formula, 1e7 FLOP = 10 ms + 2 ms
        ComputeEstimate other = p.estimate(ComputeWork.of("two/split2/branch", m.layers(), DataType.FP32, DataType.FP32));
        assertEquals(0, other.measuredLayers());
        assertEquals(2, other.formulaLayers());
        assertEquals(12 + 2.1, other.ms(), 1e-9);
        // a quarter slice of fc1: the 2 ms overhead stays, the remaining 38 ms divide by 4
        ComputeWork slice = ComputeWork.slice("two", m.layers().subList(0, 1), DataType.FP32, DataType.FP32, 0.25, 0.25, 1);
        assertEquals(2 + 38 * 0.25, p.estimate(slice).ms(), 1e-9);
        LayerWork lw = slice.layers().get(0);
        assertEquals(LayerKind.DENSE, lw.kind());
        assertEquals(1250, lw.geometry().n());
    }

    /**
     * Profiles hold times of one image. At batch N a measured time T keeps its fixed part and
     * scales the rest by the formula's ratio (F(N) - fixed) / (F(1) - fixed): a compute-bound
     * layer about N times, a weight-bound one barely.
     */
    @Test
    void measuredLayersScaleToABatchByTheFormulasRatio() {
        Model m = new ModelBuilder("two", Shape.vector(1000)).add("fc1", new Op.Dense(5000, false))
                .head().add("fc2", new Op.Dense(10, false)).build();
        MeasuredProfile profile = new MeasuredProfile(List.of(new MeasuredProfile.Entry("two", "fc1", 40.0, "test")));
        List<Layer> fc1 = m.layers().subList(0, 1);
        // compute-bound (1 GFLOP/s, fast memory): F(1) = 10 + 2 ms, F(4) = 40 + 2 ms, ratio 4
        CpuCompute fast = new CpuCompute(1, 1, 1, CpuCompute.uniform(1), 1e9, 2.0);
        DeviceModel.Prepared p = new EdgeDevice("t", "", fast, profile, new MemorySpec(1024, 0, 1, false, 0),
                PowerSpec.UNKNOWN, Noise.NONE).prepare(org.lcpsim.devices.Residency.NONE);
        ComputeWork one = ComputeWork.of("two", fc1, DataType.FP32, DataType.FP32);
        assertEquals(40.0, p.estimate(one).ms(), 1e-9);
        assertEquals(2 + 38 * 4.0, p.estimate(one.withBatch(4)).ms(), 1e-9);
        assertEquals(1, p.estimate(one.withBatch(4)).measuredLayers());
        // weight-bound (1 TFLOP/s, 1 GB/s): 20 MB of weights + 4 kB in + 20 kB out per image
        CpuCompute slowMemory = new CpuCompute(1000, 1, 1, CpuCompute.uniform(1), 1.0, 2.0);
        DeviceModel.Prepared q = new EdgeDevice("t", "", slowMemory, profile, new MemorySpec(1024, 0, 1, false, 0),
                PowerSpec.UNKNOWN, Noise.NONE).prepare(org.lcpsim.devices.Residency.NONE);
        double ratio = (20_000_000 + 4 * 24_000) / 1e6 / ((20_000_000 + 24_000) / 1e6);
        assertEquals(2 + 38 * ratio, q.estimate(one.withBatch(4)).ms(), 1e-9);
        assertTrue(q.estimate(one.withBatch(4)).ms() < 1.01 * 40);
        // by formula (no profile entry): the compute model on the batch's work
        ComputeWork branch = ComputeWork.of("two/split2/branch", fc1, DataType.FP32, DataType.FP32);
        assertEquals(40 + 2, p.estimate(branch.withBatch(4)).ms(), 1e-9);
        assertEquals(20.096 + 2, q.estimate(branch.withBatch(4)).ms(), 1e-9);
        // a model-parallel quarter of fc1 at batch 4: fixed + (T - fixed) x fraction x ratio
        ComputeWork slice = ComputeWork.slice("two", fc1, DataType.FP32, DataType.FP32, 0.25, 0.25, 1);
        assertEquals(2 + 38 * 0.25 * 4, p.estimate(slice.withBatch(4)).ms(), 1e-9);
    }

    /** Swap is paged once per request: the weights are read once, whatever the batch. */
    @Test
    void swapIsPerRequestWhateverTheBatch() {
        CpuCompute c = new CpuCompute(1, 1, 1, CpuCompute.uniform(1), 1e9, 0);
        // 1 MiB of memory, 3 MiB of weights: 2 MiB paged at 1 MiB/s = 2000 ms per request
        EdgeDevice d = new EdgeDevice("t", "", c, MeasuredProfile.EMPTY, new MemorySpec(1, 0, 1, true, 1), PowerSpec.UNKNOWN,
                Noise.NONE);
        DeviceModel.Prepared p = d.prepare(new org.lcpsim.devices.Residency(3L << 20, 0, 0));
        Model m = tenMs();
        ComputeWork one = ComputeWork.of("ten", m.layers(), DataType.FP32, DataType.FP32);
        // the task's 20 MB of weights exceed the resident 3 MiB: its share is capped at the whole swap
        assertEquals(10 + 2000, p.estimate(one).ms(), 1e-9);
        assertEquals(40 + 2000, p.estimate(one.withBatch(4)).ms(), 1e-9);
    }

    @Test
    void profileCsvParsesSecondsAndSkipsEmptyRows() {
        MeasuredProfile p = MeasuredProfile.parseCsv("model,layer,latency_s,source\nvgg16,conv1_1,0.24,IoTJ20\n"
                + "vgg16,fc6,,needs swap\n", "p.csv");
        assertEquals(1, p.entries().size());
        assertEquals(240.0, p.entries().get(0).ms(), 1e-9);
    }
}

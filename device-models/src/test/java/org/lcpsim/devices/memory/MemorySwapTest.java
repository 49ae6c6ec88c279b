package org.lcpsim.devices.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.compute.MeasuredProfile;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.engine.Noise;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

class MemorySwapTest {
    private static final double MIB = 1024.0 * 1024.0;

    @Test
    void breakdownAndExcessArePaged() {
        MemorySpec m = new MemorySpec(100, 30, 1, true, 10);
        MemoryReport r = m.report(new Residency((long) (50 * MIB), (long) (20 * MIB), (long) (10 * MIB)));
        assertEquals(110 * MIB, r.totalBytes(), 1);
        assertEquals(30 * MIB, r.frameworkBytes(), 1);
        assertEquals(10 * MIB, r.swapBytes(), 1);
        assertFalse(r.outOfMemory());
        assertEquals(1000.0, m.swapMsPerInference(r), 1e-6); // 10 MiB at 10 MiB/s
        // without swap the same residency is out of memory
        MemoryReport off = new MemorySpec(100, 30, 1, false, 0).report(new Residency((long) (50 * MIB), (long) (20 * MIB),
                (long) (10 * MIB)));
        assertTrue(off.outOfMemory());
        assertEquals(0, off.swapBytes());
        // an unused device holds nothing, not even the framework
        assertEquals(0, m.report(Residency.NONE).totalBytes());
        // a framework holding two copies of the weights: 100 + 20 + 10 + 30 = 160 MiB, 60 paged
        MemoryReport twice = new MemorySpec(100, 30, 2, true, 10).report(new Residency((long) (50 * MIB),
                (long) (20 * MIB), (long) (10 * MIB)));
        assertEquals(100 * MIB, twice.weightBytes(), 1);
        assertEquals(60 * MIB, twice.swapBytes(), 1);
    }

    private static Model fc(int outputs) {
        return new ModelBuilder("fc", Shape.vector(7680)).head().add("fc", new Op.Dense(outputs, true)).build();
    }

    private static MemoryReport rpi3Fc(int outputs) {
        Model m = fc(outputs);
        DeviceModel d = DeviceSpecs.preset("rpi3", null);
        return d.prepare(new Residency(m.weightBytes(DataType.FP32), m.peakActivationBytes(DataType.FP32),
                m.inputShape().bytes(DataType.FP32))).memory();
    }

    /** The measured threshold (RA-L 2018): an fc layer of input 7680 swaps above ~10240 outputs, not below. */
    @Test
    void rpi3FcLayerSwapsAboveTenThousandOutputsOnly() {
        for (int outputs : new int[] {512, 4096, 8192, 10240}) {
            assertEquals(0, rpi3Fc(outputs).swapBytes(), "fc 7680x" + outputs + " must fit");
        }
        for (int outputs : new int[] {12288, 14336, 16384}) {
            assertTrue(rpi3Fc(outputs).swapBytes() > 0, "fc 7680x" + outputs + " must swap");
        }
        assertTrue(rpi3Fc(16384).swapBytes() > rpi3Fc(12288).swapBytes());
    }

    /** Swap time of one inference is shared by its tasks in proportion to the weights each touches. */
    @Test
    void swapTimeSpreadsOverTasksByWeightBytes() {
        CpuCompute fast = new CpuCompute(1e6, 1, 1, CpuCompute.uniform(1), 1e6, 0);
        EdgeDevice d = new EdgeDevice("t", "", fast, MeasuredProfile.EMPTY, new MemorySpec(10, 0, 1, true, 1),
                PowerSpec.UNKNOWN, Noise.NONE);
        Model a = new ModelBuilder("a", Shape.vector(1000)).add("fc", new Op.Dense(1000, false)).build(); // 4 MB
        Model b = new ModelBuilder("b", Shape.vector(1000)).add("fc", new Op.Dense(3000, false)).build(); // 12 MB
        long weights = a.weightBytes(DataType.FP32) + b.weightBytes(DataType.FP32);
        DeviceModel.Prepared p = d.prepare(new Residency(weights, 0, 0));
        double swapMs = p.memory().swapBytes() / MIB * 1000; // 1 MiB/s
        assertTrue(swapMs > 0);
        double ta = p.estimate(ComputeWork.of("a", a.layers(), DataType.FP32, DataType.FP32)).ms();
        double tb = p.estimate(ComputeWork.of("b", b.layers(), DataType.FP32, DataType.FP32)).ms();
        assertEquals(swapMs * 0.25, ta, swapMs * 1e-3);
        assertEquals(swapMs * 0.75, tb, swapMs * 1e-3);
        assertEquals(swapMs, ta + tb, swapMs * 1e-3);
    }
}

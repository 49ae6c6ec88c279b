package org.lcpsim.devices.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.workload.LayerKind;

class CpuComputeTest {
    private static Map<LayerKind, Double> eff() {
        Map<LayerKind, Double> e = new EnumMap<>(CpuCompute.uniform(0.5));
        e.put(LayerKind.DENSE, 0.25);
        return e;
    }

    /** 10 GFLOP/s per core, 4 cores at parallel efficiency 0.5: peak 10 * (1 + 3 * 0.5) = 25 GFLOP/s. */
    private final CpuCompute cpu = new CpuCompute(10, 4, 0.5, eff(), 2.0, 0.1);

    @Test
    void peakCountsExtraCoresAtTheirParallelEfficiency() {
        assertEquals(25.0, cpu.peakGflops(), 1e-12);
    }

    @Test
    void computeBoundLayerUsesItsKindsEfficiency() {
        // 1e9 FLOP at 25 * 0.5 GFLOP/s = 80 ms; 2 MB at 2 GB/s = 1 ms; + 0.1 ms overhead
        LayerWork conv = new LayerWork("c", LayerKind.CONV, 500_000_000L, 1_000_000_000L, 1_000_000, 500_000, 500_000, 1);
        assertEquals(80.1, cpu.layerMs(conv), 1e-9);
        // the same work as a dense layer runs at efficiency 0.25: 160 ms
        LayerWork dense = new LayerWork("d", LayerKind.DENSE, 500_000_000L, 1_000_000_000L, 1_000_000, 500_000, 500_000, 1);
        assertEquals(160.1, cpu.layerMs(dense), 1e-9);
    }

    @Test
    void memoryBoundLayerRunsAtTheBandwidth() {
        // 2 MFLOP = 0.16 ms of compute; 100 MB of weights at 2 GB/s = 50 ms
        LayerWork fc = new LayerWork("fc", LayerKind.DENSE, 1_000_000, 2_000_000, 100_000_000, 0, 0, 1);
        assertEquals(50.1, cpu.layerMs(fc), 1e-9);
    }

    @Test
    void reshapesAreFreeAndOverheadIsTheFixedPart() {
        LayerWork flatten = new LayerWork("f", LayerKind.RESHAPE, 0, 0, 0, 0, 0, 1);
        assertEquals(0, cpu.layerMs(flatten), 1e-12);
        LayerWork relu = new LayerWork("r", LayerKind.ELEMENTWISE, 0, 0, 0, 0, 0, 1);
        assertEquals(0.1, cpu.layerMs(relu), 1e-12);
        assertEquals(0.1, cpu.fixedMs(relu), 1e-12);
    }

    /**
     * int8 weights and activations: a framework with int8 kernels (int8Speedup) runs the
     * arithmetic that much faster; the bytes are whatever the layer counts; without kernels
     * (speed-up 1, the default) nothing but the bytes changes.
     */
    @Test
    void int8KernelsSpeedUpTheArithmeticOnlyAndOnlyAtInt8() {
        Map<LayerKind, Double> speedup = new EnumMap<>(LayerKind.class);
        speedup.put(LayerKind.CONV, 2.0);
        CpuCompute int8 = new CpuCompute(10, 4, 0.5, eff(), 2.0, 0.1, speedup);
        LayerWork conv = new LayerWork("c", LayerKind.CONV, 500_000_000L, 1_000_000_000L, 1_000_000, 500_000, 500_000, 1);
        assertEquals(80.1, int8.layerMs(conv, false), 1e-9);
        assertEquals(40.1, int8.layerMs(conv, true), 1e-9);
        assertEquals(80.1, cpu.layerMs(conv, true), 1e-9);
        // a kind not named keeps fp32 speed
        LayerWork dense = new LayerWork("d", LayerKind.DENSE, 500_000_000L, 1_000_000_000L, 1_000_000, 500_000, 500_000, 1);
        assertEquals(160.1, int8.layerMs(dense, true), 1e-9);
        // memory-bound: the weights' bytes decide, not the kernels
        LayerWork fc = new LayerWork("fc", LayerKind.CONV, 1_000_000, 2_000_000, 100_000_000, 0, 0, 1);
        assertEquals(50.1, int8.layerMs(fc, true), 1e-9);
        speedup.put(LayerKind.CONV, 0.0);
        assertThrows(IllegalArgumentException.class, () -> new CpuCompute(10, 1, 1, eff(), 1, 0, speedup));
    }

    @Test
    void rejectsEfficiencyOutOfRange() {
        Map<LayerKind, Double> e = new EnumMap<>(CpuCompute.uniform(0.5));
        e.put(LayerKind.POOL, 1.5);
        assertThrows(IllegalArgumentException.class, () -> new CpuCompute(10, 1, 1, e, 1, 0));
        e.remove(LayerKind.POOL);
        assertThrows(IllegalArgumentException.class, () -> new CpuCompute(10, 1, 1, e, 1, 0));
    }

    /**
     * The CPU roofline at batch N: max(N flops / (peak e), (weights + N (in + out)) / bandwidth)
     * + overhead once per layer call.
     */
    @Test
    void aBatchReadsTheWeightsOnceAndPaysTheOverheadOnce() {
        // dense, weights dominate: 2 MFLOP at 6.25 GFLOP/s = 0.32 ms; 100 MB + 8 kB at 2 GB/s = 50.004 ms
        LayerWork fc = new LayerWork("fc", LayerKind.DENSE, 1_000_000, 2_000_000, 100_000_000, 4000, 4000, 1);
        assertEquals(50.104, cpu.layerMs(fc), 1e-9);
        // 16 images: 5.12 ms of arithmetic, 100 MB + 16 x 8 kB = 50.064 ms of traffic
        assertEquals(50.164, cpu.layerMs(fc.batched(16)), 1e-9);
        assertTrue(cpu.layerMs(fc.batched(16)) < 1.01 * cpu.layerMs(fc));
        // the compute-bound convolution of computeBoundLayerUsesItsKindsEfficiency: 4 x 80 ms + 0.1
        LayerWork conv = new LayerWork("c", LayerKind.CONV, 500_000_000L, 1_000_000_000L, 1_000_000, 500_000, 500_000, 1);
        assertEquals(320.1, cpu.layerMs(conv.batched(4)), 1e-9);
        assertEquals(4.0, cpu.layerMs(conv.batched(4)) / cpu.layerMs(conv), 0.01);
        // an element-wise layer: 8 times its traffic, the overhead once (1 MB in and out at 2 GB/s = 1 ms)
        LayerWork relu = new LayerWork("r", LayerKind.ELEMENTWISE, 0, 250_000, 0, 500_000, 500_000, 1);
        assertEquals(0.6, cpu.layerMs(relu), 1e-9);
        assertEquals(4.1, cpu.layerMs(relu.batched(8)), 1e-9);
    }
}

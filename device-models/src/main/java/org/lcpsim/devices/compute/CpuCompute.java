package org.lcpsim.devices.compute;

import java.util.EnumMap;
import java.util.Map;

import org.lcpsim.devices.LayerWork;
import org.lcpsim.workload.LayerKind;

/**
 * A processor running a DNN framework, as a roofline per layer kind:
 * {@code t = max(flops / (peak * efficiency[kind]), bytesMoved / memoryBandwidth) + overhead}
 * where {@code peak = coreGflops * (1 + (cores - 1) * parallelEfficiency)}.
 *
 * <p>Why per kind: on the same CPU a convolution runs as a dense GEMM near its best rate while a
 * depthwise convolution or pooling does a few operations per byte, and frameworks tune their
 * kernels very differently (TensorFlow 1.x on ARM had slow depthwise kernels). Why a fixed
 * per-layer overhead: each layer is a framework op with dispatch, allocation and threading
 * costs that dominate small layers (MobileNet has 150 of them). RESHAPE layers (flatten,
 * dropout, concat) are views at inference and cost nothing.
 *
 * @param coreGflops         peak FP32 GFLOP/s of one core (clock x FLOP per cycle)
 * @param parallelEfficiency share of each extra core's peak that a layer gets (0..1)
 * @param efficiency         achieved share of peak per layer kind (0..1], every kind present
 * @param memoryBandwidthGBps sustained bandwidth of weights and activations to memory
 * @param layerOverheadMs    fixed framework time per layer
 * @param int8Speedup        per layer kind, how much faster the framework's int8 kernels do the
 *                           arithmetic than its fp32 ones (1: no int8 kernels, or none measured);
 *                           only for layers whose weights and activations are both int8
 */
public record CpuCompute(double coreGflops, int cores, double parallelEfficiency, Map<LayerKind, Double> efficiency,
                         double memoryBandwidthGBps, double layerOverheadMs, Map<LayerKind, Double> int8Speedup)
        implements LayerCost {
    /** The largest int8 speed-up a profile may state. */
    public static final double MAX_INT8_SPEEDUP = 100;

    /** A framework without int8 kernels: int8 layers compute at fp32 speed. */
    public CpuCompute(double coreGflops, int cores, double parallelEfficiency, Map<LayerKind, Double> efficiency,
                      double memoryBandwidthGBps, double layerOverheadMs) {
        this(coreGflops, cores, parallelEfficiency, efficiency, memoryBandwidthGBps, layerOverheadMs, uniform(1.0));
    }

    public CpuCompute {
        if (!(coreGflops > 0) || cores < 1 || !(parallelEfficiency >= 0) || parallelEfficiency > 1
                || !(memoryBandwidthGBps > 0) || !(layerOverheadMs >= 0)) {
            throw new IllegalArgumentException("cpu compute parameters out of range");
        }
        EnumMap<LayerKind, Double> e = new EnumMap<>(LayerKind.class);
        for (LayerKind k : LayerKind.values()) {
            Double v = efficiency.get(k);
            if (v == null || !(v > 0) || v > 1) {
                throw new IllegalArgumentException("efficiency of " + k + " must be in (0, 1], got " + v);
            }
            e.put(k, v);
        }
        efficiency = java.util.Collections.unmodifiableMap(e);
        EnumMap<LayerKind, Double> s = new EnumMap<>(LayerKind.class);
        for (LayerKind k : LayerKind.values()) {
            Double v = int8Speedup == null ? Double.valueOf(1.0) : int8Speedup.getOrDefault(k, 1.0);
            if (v == null || !(v > 0) || v > MAX_INT8_SPEEDUP) {
                throw new IllegalArgumentException("int8 speed-up of " + k + " must be in (0, " + MAX_INT8_SPEEDUP + "], got " + v);
            }
            s.put(k, v);
        }
        int8Speedup = java.util.Collections.unmodifiableMap(s);
    }

    /** All kinds at the same efficiency. */
    public static Map<LayerKind, Double> uniform(double e) {
        EnumMap<LayerKind, Double> m = new EnumMap<>(LayerKind.class);
        for (LayerKind k : LayerKind.values()) {
            m.put(k, e);
        }
        return m;
    }

    public double peakGflops() {
        return coreGflops * (1 + (cores - 1) * parallelEfficiency);
    }

    @Override
    public double layerMs(LayerWork l) {
        return layerMs(l, false);
    }

    /** With int8 weights and activations the arithmetic runs {@code int8Speedup} times as fast; the bytes are the layer's. */
    @Override
    public double layerMs(LayerWork l, boolean int8) {
        // GFLOP/s = 1e6 FLOP per ms; GB/s = 1e6 bytes per ms
        double computeMs = l.flops() / (peakGflops() * efficiency.get(l.kind()) * 1e6) / (int8 ? int8Speedup(l.kind()) : 1);
        double memoryMs = l.bytesMoved() / (memoryBandwidthGBps * 1e6);
        return Math.max(computeMs, memoryMs) + fixedMs(l);
    }

    @Override
    public double int8Speedup(LayerKind kind) {
        return int8Speedup.get(kind);
    }

    @Override
    public double fixedMs(LayerWork l) {
        return l.kind() == LayerKind.RESHAPE ? 0 : layerOverheadMs;
    }
}

package org.lcpsim.devices;

import org.lcpsim.engine.Noise;

/**
 * The simplest device: a roofline. A layer takes
 * {@code max(flops / (peakGflops * efficiency), bytesMoved / memoryBandwidth) + overheadMs};
 * memory is a fixed capacity without swap. A batch of N images costs each layer once with N times
 * the FLOPs and activation bytes and the weights once ({@link LayerWork#batched}):
 * {@code max(N flops / rate, (weights + N (input + output)) / bandwidth) + overheadMs}. Used where no calibrated preset is wanted, and as
 * the analytic reference the richer device models reduce to.
 */
public record RooflineDevice(String type, double peakGflops, double efficiency, double memoryBandwidthGBps,
                             double memoryMb, double layerOverheadMs, PowerSpec power, Noise noise) implements DeviceModel {
    public RooflineDevice {
        if (!(peakGflops > 0) || !(efficiency > 0) || efficiency > 1 || !(memoryBandwidthGBps > 0) || !(memoryMb > 0)
                || layerOverheadMs < 0) {
            throw new IllegalArgumentException("roofline device parameters out of range");
        }
    }

    public double layerMs(LayerWork l) {
        // GFLOP/s = 1e6 FLOP per ms; GB/s = 1e6 bytes per ms
        double computeMs = l.flops() / (peakGflops * efficiency * 1e6);
        double memoryMs = l.bytesMoved() / (memoryBandwidthGBps * 1e6);
        return Math.max(computeMs, memoryMs) + layerOverheadMs;
    }

    @Override
    public Prepared prepare(Residency residency) {
        MemoryReport memory = MemoryReport.fitting(residency, (long) (memoryMb * 1024 * 1024), false);
        return new Prepared() {
            @Override
            public MemoryReport memory() {
                return memory;
            }

            @Override
            public ComputeEstimate estimate(ComputeWork work) {
                double ms = 0;
                for (LayerWork l : work.layers()) {
                    ms += layerMs(l.batched(work.batch()));
                }
                return ComputeEstimate.formula(ms, work.layers().size());
            }

            @Override
            public PowerSpec power() {
                return power;
            }

            @Override
            public Noise noise() {
                return noise;
            }
        };
    }
}

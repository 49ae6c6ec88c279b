package org.lcpsim.devices.accel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;

/**
 * The evidence that the LCP paper's one-device FPGA latencies (Fig.16a) cannot come from its
 * stated hardware (32 x 64 cells at 100 MHz, LPDDR2): for each model, the rate and bandwidth
 * the published latency would need against the hardware's peak, and what the {@code lcp-fpga}
 * model gives. Printed by {@code main}; the numbers in docs/device-models.md come from here.
 */
public final class FpgaReconciliation {
    private FpgaReconciliation() {
    }

    /**
     * One model: published latency and MAC count (paper tables), ours; the MAC rate each count
     * needs at the published latency; 16-bit weight bytes and the bandwidth needed to read them
     * once; the model's latency and its compute-only and traffic-only parts.
     */
    public record Row(String model, double paperMs, double paperGmacs, double ourGmacs, double neededGmacPerS,
                      double neededGmacPerSPaperCount, double weightMb16, double neededGBps, double modelMs,
                      double computeOnlyMs, double trafficOnlyMs) {
    }

    public static final List<String> MODELS = List.of("cifarnet", "vgg-s", "alexnet", "vgg16", "resnet50");
    /** One-device latencies of LCP paper Fig.16a, ms. */
    public static final List<Double> PAPER_MS = List.of(7.6, 9.8, 9.6, 57.8, 14.8);
    /** MACs as the LCP paper's Tables II-III print them. */
    public static final List<Double> PAPER_GMACS = List.of(0.01481, 1.85, 0.67897, 15.47, 4.87);

    public static List<Row> rows() {
        DeviceModel d = DeviceSpecs.preset("lcp-fpga", null);
        SystolicArray array = (SystolicArray) ((EdgeDevice) d).compute();
        SystolicArray computeOnly = new SystolicArray(array.rows(), array.cols(), array.clockMHz(), array.reduction(),
                array.pipelineStages(), array.cellBufferWords(), array.dataBits(), 1_000_000, 1e9, array.onChipKb(),
                array.pruning(), array.layerSetupCycles(), array.efficiency(), array.fuseElementwise());
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < MODELS.size(); i++) {
            Model m = ModelZoo.get(MODELS.get(i));
            ComputeWork w = ComputeWork.of(m.name(), m.layers(), DataType.FIXED16, DataType.FIXED16);
            double modelMs = d.prepare(new Residency(w.weightBytes(), 0, 0)).estimate(w).ms();
            double compute = 0;
            double traffic = 0;
            for (LayerWork l : w.layers()) {
                compute += computeOnly.layerMs(l);
                traffic += Math.max(0, array.layerMs(l) - computeOnly.layerMs(l));
            }
            double weightMb = m.weightBytes(DataType.FIXED16) / 1e6;
            double paperMs = PAPER_MS.get(i);
            out.add(new Row(MODELS.get(i), paperMs, PAPER_GMACS.get(i), m.macs() / 1e9, m.macs() / 1e6 / paperMs,
                    PAPER_GMACS.get(i) * 1e3 / paperMs, weightMb, weightMb / paperMs, modelMs, compute, traffic));
        }
        return out;
    }

    public static String table() {
        SystolicArray a = (SystolicArray) ((EdgeDevice) DeviceSpecs.preset("lcp-fpga", null)).compute();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "peak %.1f GMAC/s (%dx%d at %.0f MHz), off-chip %.2f GB/s (%d pins x %.0f Mb/s)%n%n",
                a.peakGmacs(), a.rows(), a.cols(), a.clockMHz(), a.offChipGBps(), a.offChipPins(), a.mbpsPerPin()));
        b.append("| model | paper ms | MACs ours / paper (G) | needed GMAC/s ours / paper count | % of peak | 16-bit weights MB"
                + " | needed GB/s to read weights once | lcp-fpga model ms | compute-only ms | error |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows()) {
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %.3f / %.3f | %.0f / %.0f | %.0f%% | %.1f | %.2f | %.1f | %.1f | %+.0f%% |%n",
                    r.model(), r.paperMs(), r.ourGmacs(), r.paperGmacs(), r.neededGmacPerS(), r.neededGmacPerSPaperCount(),
                    100 * r.neededGmacPerS() / a.peakGmacs(), r.weightMb16(), r.neededGBps(), r.modelMs(), r.computeOnlyMs(),
                    100 * (r.modelMs() - r.paperMs()) / r.paperMs()));
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.print(table());
    }
}

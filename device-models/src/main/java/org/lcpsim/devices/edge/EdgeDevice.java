package org.lcpsim.devices.edge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import org.lcpsim.devices.ComputeEstimate;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.compute.LayerCost;
import org.lcpsim.devices.compute.MeasuredProfile;
import org.lcpsim.devices.memory.MemorySpec;
import org.lcpsim.engine.Noise;

/**
 * A device made of a compute model (a CPU roofline or an accelerator), an optional measured
 * per-layer profile, a memory model with swap, power and noise. Immutable; prepared devices are
 * immutable too, so one design point's replications share them across threads.
 *
 * <p>Swap time per inference is spread over the compute tasks of that inference in proportion
 * to the weight bytes each task touches ({@code task weights / resident weights}), because the
 * pages that do not fit are weights that each task faults back in when it reads them; the
 * shares of one inference's tasks on this device add up to the whole swap time. When the device
 * holds no weights (the excess is activations or buffers) each task pays the whole swap time.
 * A request of N images ({@link ComputeWork#batch()}) reads its weights once, so it pages the
 * excess once: the swap time is per request, whatever N.
 *
 * @param type      name shown in results ({@code device_type})
 * @param framework the software profile the parameters belong to (e.g. tensorflow), or "" for none
 */
public record EdgeDevice(String type, String framework, LayerCost compute, MeasuredProfile profile, MemorySpec memory,
                         PowerSpec power, Noise noise) implements DeviceModel {
    private static final double MIB = 1024.0 * 1024.0;

    public EdgeDevice {
        if (type == null || compute == null || memory == null || power == null) {
            throw new IllegalArgumentException("device needs a type, compute, memory and power");
        }
        framework = framework == null ? "" : framework;
        profile = profile == null ? MeasuredProfile.EMPTY : profile;
        noise = noise == null ? Noise.NONE : noise;
    }

    @Override
    public Prepared prepare(Residency residency) {
        MemoryReport report = memory.report(residency);
        return new PreparedEdge(this, report, memory.swapMsPerInference(report), residency.weightBytes(), profile.index(),
                profile.maxByLayer());
    }

    /** The time of one fp32 layer from the profile when it names it, else the formula; no swap. */
    public double layerMs(String workload, LayerWork l, Map<String, Double> index) {
        return layerMs(l, MeasuredProfile.lookup(index, workload, l.layer()), 1, false);
    }

    /**
     * The time of one layer on {@code images} images in one call. By formula: the compute model
     * on the batch's work ({@link LayerWork#batched}). Measured (profiles are of batch 1): the
     * measured time's work-dependent part scaled by the formula's own batch ratio,
     * {@code fixed + (T - fixed) * fraction * r}, {@code r = (F(batch) - fixed) / (F(1) - fixed)}
     * with F the formula's time ({@link MeasuredProfile#batchRatio}). {@code int8}: weights and
     * activations are int8; the formula runs the arithmetic at the framework's int8 speed-up, and
     * a measured time (profiles are of fp32 runs) has its work-dependent part divided by it.
     */
    public double layerMs(LayerWork l, OptionalDouble measured, int images, boolean int8) {
        if (measured.isEmpty()) {
            return compute.layerMs(l.batched(images), int8);
        }
        double fixed = Math.min(compute.fixedMs(l), measured.getAsDouble());
        double one = fixed + (measured.getAsDouble() - fixed) * Math.min(1.0, l.fraction())
                / (int8 ? compute.int8Speedup(l.kind()) : 1);
        if (images == 1) {
            return one;
        }
        return fixed + (one - fixed) * MeasuredProfile.batchRatio(compute, l, images);
    }

    private record PreparedEdge(EdgeDevice device, MemoryReport memory, double swapMsPerInference, long residentWeightBytes,
                                Map<String, Double> index, Map<String, Double> maxByLayer) implements Prepared {
        /** The formula plus the longest time measured for a layer of that name, and the whole swap. */
        @Override
        public double upperBoundMs(ComputeWork work) {
            double ms = swapMsPerInference;
            for (LayerWork l : work.layers()) {
                ms += device.compute().layerMs(l, work.int8()) + maxByLayer.getOrDefault(l.layer(), 0.0);
            }
            return ms;
        }

        @Override
        public ComputeEstimate estimate(ComputeWork work) {
            double ms = 0;
            int measured = 0;
            for (LayerWork l : work.layers()) {
                // one lookup per layer, none without a profile (the usual case): a key is a new string
                OptionalDouble hit = index.isEmpty() ? OptionalDouble.empty()
                        : MeasuredProfile.lookup(index, work.workload(), l.layer());
                ms += device.layerMs(l, hit, work.batch(), work.int8());
                if (hit.isPresent()) {
                    measured++;
                }
            }
            if (swapMsPerInference > 0) {
                double share = residentWeightBytes > 0 ? Math.min(1.0, (double) work.weightBytes() / residentWeightBytes) : 1.0;
                ms += swapMsPerInference * share;
            }
            return new ComputeEstimate(ms, measured, work.layers().size() - measured);
        }

        @Override
        public PowerSpec power() {
            return device.power();
        }

        /** The framework memory when nobody measured it: peak memory is then blank, with the known part. */
        @Override
        public List<String> unknowns() {
            if (!memory.frameworkUnknown()) {
                return List.of();
            }
            double known = memory.totalBytes() / MIB;
            double capacity = memory.capacityBytes() / MIB;
            return List.of(String.format(Locale.ROOT, "peak_memory_mb_max is blank: the framework memory of %s is unknown; "
                    + "the known part (weights, activations, buffers) is %.1f MB of %.0f MB%s", device.type(), known, capacity,
                    memory.outOfMemory() ? ", too much whatever the framework takes" : ""));
        }

        @Override
        public Noise noise() {
            return device.noise();
        }
    }
}

package org.lcpsim.devices.compute;

import org.lcpsim.config.Csv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Location;

/**
 * Measured per-layer times of one device, which replace the formula for the layers they name.
 * An entry applies to a layer only when both the workload (the model variant, as
 * {@link org.lcpsim.devices.ComputeWork#workload()} names it) and the layer name match, because
 * a time measured on VGG16's conv3_1 says nothing of the narrower conv3_1 of an LCP branch.
 *
 * <p>Slices (model parallelism, {@code fraction < 1}): a measured whole-layer time {@code T}
 * becomes {@code fixed + (T - fixed) * fraction}, where {@code fixed} is the formula's
 * work-independent part (the framework's per-layer overhead): dispatching a slice costs as much
 * as dispatching the layer, while the arithmetic and memory traffic divide.
 *
 * <p>Batches: a profile holds times of one image. For a batch of N the work-dependent part
 * {@code T - fixed} is scaled by the formula's ratio {@link #batchRatio}: a layer the formula
 * finds weight-bound (a dense layer) grows much less than N times, a compute-bound convolution
 * about N times. It is an extrapolation from batch-1 measurements, and a point's notes say so.
 */
public record MeasuredProfile(List<Entry> entries) {
    public static final MeasuredProfile EMPTY = new MeasuredProfile(List.of());

    /** One measured layer; {@code source} says where the number comes from. */
    public record Entry(String workload, String layer, double ms, String source) {
        public Entry {
            if (!(ms >= 0) || Double.isInfinite(ms)) {
                throw new IllegalArgumentException("measured time must be finite and >= 0: " + workload + "/" + layer);
            }
        }
    }

    public MeasuredProfile {
        entries = List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Index for lookups (immutable; a later entry for the same layer wins); built once per prepared device. */
    public Map<String, Double> index() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(key(e.workload(), e.layer()), e.ms());
        }
        return Map.copyOf(m);
    }

    /** The longest measured time per layer name, whatever its workload (for bounds: see DeviceModel.Prepared#upperBoundMs). */
    public Map<String, Double> maxByLayer() {
        Map<String, Double> m = new java.util.HashMap<>();
        for (Entry e : entries) {
            m.merge(e.layer(), e.ms(), Math::max);
        }
        return Map.copyOf(m);
    }

    static String key(String workload, String layer) {
        return workload + '\u0000' + layer;
    }

    /**
     * How much the work-dependent time of a layer grows from one image to {@code images} in one
     * call, by the formula: {@code (F(l batched) - fixed) / (F(l) - fixed)}, F =
     * {@code cost.layerMs}; {@code images} itself when the formula gives the layer no work.
     */
    public static double batchRatio(LayerCost cost, org.lcpsim.devices.LayerWork l, int images) {
        if (images == 1) {
            return 1.0;
        }
        org.lcpsim.devices.LayerWork batch = l.batched(images);
        double one = cost.layerMs(l) - cost.fixedMs(l);
        double many = cost.layerMs(batch) - cost.fixedMs(batch);
        return one > 0 ? many / one : images;
    }

    public static OptionalDouble lookup(Map<String, Double> index, String workload, String layer) {
        Double v = index.get(key(workload, layer));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Parses CSV text with a header that has at least {@code workload} (or {@code model}),
     * {@code layer} and one of {@code time_ms} / {@code latency_ms} / {@code latency_s}; an optional
     * {@code source} column is kept. Rows with an empty time are skipped (not measurable).
     */
    public static MeasuredProfile parseCsv(String text, String file) {
        List<String> lines = text.lines().toList();
        List<ConfigError> errors = new ArrayList<>();
        if (lines.isEmpty()) {
            throw new ConfigException(new ConfigError(new Location(file, 1, 1), "$", "empty profile"));
        }
        List<String> header = Csv.split(lines.get(0));
        int wl = Math.max(header.indexOf("workload"), header.indexOf("model"));
        int layer = header.indexOf("layer");
        int ms = header.indexOf("time_ms") >= 0 ? header.indexOf("time_ms") : header.indexOf("latency_ms");
        int s = header.indexOf("latency_s");
        int src = header.indexOf("source");
        if (wl < 0 || layer < 0 || (ms < 0 && s < 0)) {
            throw new ConfigException(new ConfigError(new Location(file, 1, 1), "$",
                    "profile header needs workload (or model), layer and time_ms, latency_ms or latency_s"));
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = Csv.split(line);
            int col = ms >= 0 ? ms : s;
            if (f.size() <= Math.max(Math.max(wl, layer), col)) {
                errors.add(new ConfigError(new Location(file, i + 1, 1), "$", "too few columns"));
                continue;
            }
            String t = f.get(col).strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                double v = Double.parseDouble(t) * (ms >= 0 ? 1 : 1000);
                out.add(new Entry(f.get(wl).strip(), f.get(layer).strip(), v, src >= 0 && src < f.size() ? f.get(src) : file));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(new Location(file, i + 1, 1), "$", "bad time '" + org.lcpsim.config.Excerpt.of(t) + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new MeasuredProfile(out);
    }
}

package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;


/**
 * One row of a calibration file. {@code kind}: {@code model} (a whole model on one device),
 * {@code layer} (some layers run alone, as a per-layer profile measures them; {@code layers}
 * names them in the model, joined by '+'), or the memory observations {@code fits} / {@code swaps}
 * (the model runs without / only with swap; no latency) and {@code memory} (the resident memory
 * of running it, in the optional {@code memory_mb} column, MiB). {@code model} is a zoo name,
 * {@code mobilenet-v2}, or {@code dense:INxOUT} for a single fully connected layer.
 * {@code use}: {@code fit} rows drive the fit, {@code check} rows are only reported.
 */
public record Measurement(int line, String device, String framework, Kind kind, String model, List<String> layers,
                          double latencyMs, Use use, String source, String note, double memoryMb) {
    public enum Kind { MODEL, LAYER, FITS, SWAPS, MEMORY }

    public enum Use { FIT, CHECK }

    public Measurement {
        layers = List.copyOf(layers);
    }

    /** A row without a memory figure. */
    public Measurement(int line, String device, String framework, Kind kind, String model, List<String> layers,
                       double latencyMs, Use use, String source, String note) {
        this(line, device, framework, kind, model, layers, latencyMs, use, source, note, Double.NaN);
    }

    public String label() {
        return model + (layers.isEmpty() ? "" : "/" + String.join("+", layers));
    }

    public static final String HEADER = "device,framework,kind,model,layers,latency_ms,use,source,note,memory_mb";

    /** Every row of a calibration file; a ConfigException with FILE:LINE:COL per problem (see {@link MeasurementCsv}). */
    public static List<Measurement> readCsv(Path file) {
        return MeasurementCsv.read(file, r -> true).rows();
    }

    /** A measurement file shipped as a classpath resource (the calibration drivers' inputs). */
    public static List<Measurement> readResource(String path) {
        try (InputStream in = Measurement.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return MeasurementCsv.read(in, path, r -> true).rows();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a calibration CSV with the columns of {@link #HEADER} (in any order; note and memory_mb may be absent). */
    public static List<Measurement> parseCsv(String text, String file) {
        return MeasurementCsv.read(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), file, r -> true).rows();
    }
}

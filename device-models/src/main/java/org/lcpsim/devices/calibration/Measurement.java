package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Location;
import org.lcpsim.config.Csv;

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

    public static List<Measurement> readCsv(Path file) {
        try {
            return parseCsv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException(new ConfigError(Location.unknown(file.toString()), "$", "cannot read: " + e.getMessage()));
        }
    }

    /** A measurement file shipped as a classpath resource (the calibration drivers' inputs). */
    public static List<Measurement> readResource(String path) {
        try (InputStream in = Measurement.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return parseCsv(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a calibration CSV with the columns of {@link #HEADER} (in any order; note and memory_mb may be absent). */
    public static List<Measurement> parseCsv(String text, String file) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            throw new ConfigException(new ConfigError(new Location(file, 1, 1), "$", "empty calibration file"));
        }
        List<String> header = Csv.split(lines.get(0).strip());
        String[] need = {"device", "framework", "kind", "model", "layers", "latency_ms", "use", "source"};
        for (String n : need) {
            if (!header.contains(n)) {
                throw new ConfigException(new ConfigError(new Location(file, 1, 1), "$", "missing column '" + n
                        + "'; expected " + HEADER));
            }
        }
        List<ConfigError> errors = new ArrayList<>();
        List<Measurement> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() < need.length) {
                errors.add(new ConfigError(new Location(file, i + 1, 1), "$", "expected " + header.size() + " columns, got " + f.size()));
                continue;
            }
            try {
                Kind kind = choice(Kind.class, get(f, header, "kind"), "kind");
                Use use = choice(Use.class, get(f, header, "use"), "use");
                double ms = number(get(f, header, "latency_ms"), "latency_ms");
                if ((kind == Kind.MODEL || kind == Kind.LAYER) && !(ms > 0 && ms < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " row needs latency_ms > 0");
                }
                double memoryMb = number(header.contains("memory_mb") ? get(f, header, "memory_mb") : "", "memory_mb");
                if (kind == Kind.MEMORY && !(memoryMb > 0 && memoryMb < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("a memory row needs memory_mb > 0");
                }
                String layers = get(f, header, "layers");
                if (kind == Kind.LAYER && layers.isEmpty()) {
                    throw new IllegalArgumentException("a layer row names its layers");
                }
                out.add(new Measurement(i + 1, get(f, header, "device"), get(f, header, "framework"), kind,
                        get(f, header, "model"), layers.isEmpty() ? List.of() : List.of(layers.split("\\+")), ms, use,
                        get(f, header, "source"), header.contains("note") ? get(f, header, "note") : "", memoryMb));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(new Location(file, i + 1, 1), "$", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return out;
    }

    /** An enum constant by its lower-case name; the message lists the names, not the Java type. */
    private static <E extends Enum<E>> E choice(Class<E> type, String text, String column) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("unknown " + column + " '" + text + "'; expected one of: " + String.join(", ", names));
    }

    /** NaN when empty. */
    private static double number(String text, String column) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is not a number: '" + text + "'");
        }
    }

    private static String get(List<String> f, List<String> header, String col) {
        int i = header.indexOf(col);
        return i < f.size() ? f.get(i).strip() : "";
    }
}

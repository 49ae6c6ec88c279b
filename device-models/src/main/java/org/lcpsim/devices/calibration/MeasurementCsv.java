package org.lcpsim.devices.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Location;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;

/**
 * Reads a calibration CSV file (the columns of {@link Measurement#HEADER}) as a stream: Apache
 * Commons CSV parses the records, a {@link CsvGuard} in front of it checks the bytes (UTF-8, a
 * byte-order mark, sizes, quotes that do not close on their line) and knows where each field
 * starts. Every row is checked; only the rows {@code keep} accepts are kept, so that a file with a
 * million rows of other devices takes no more memory than the rows of the device to calibrate.
 *
 * <p>Every problem is a {@link ConfigError} at {@code FILE:LINE:COL} with the column's name as its
 * path ({@code rpi4.csv:7:21: model: unknown model 'resnet19'; ...}), all of them in one
 * {@link ConfigException} (at most {@value #MAX_ERRORS}); a problem of the file as a whole (not
 * found, a folder, too large) is {@code FILE: message}.
 *
 * <p>Limits, in the user's terms: a file of at most {@value #MAX_BYTES_TEXT}, lines of at most
 * {@value #MAX_LINE_BYTES} bytes, at most {@value #MAX_ROWS} rows kept (rows of the device being
 * calibrated: a fit is a least-squares problem over every one of them, repeated runs of a model are
 * averaged into one row first), latencies and memory figures above 0 and at most
 * {@value #MAX_VALUE_TEXT}.
 */
public final class MeasurementCsv {
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    static final String MAX_BYTES_TEXT = "256 MiB";
    public static final int MAX_LINE_BYTES = 64 * 1024;
    public static final int MAX_ROWS = 5_000;
    public static final int MAX_ERRORS = 50;
    public static final double MAX_VALUE = 1e9;
    static final String MAX_VALUE_TEXT = "1e9";

    /** Columns every file must have, and those it may leave out. */
    public static final List<String> REQUIRED = List.of("device", "framework", "kind", "model", "layers", "latency_ms", "use",
            "source");
    public static final List<String> OPTIONAL = List.of("note", "memory_mb");

    /** RFC 4180, '#' comment lines and blank lines skipped, blanks around values dropped. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setCommentMarker('#').setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true).setTrim(true).get();

    /** A number as people write it: no hexadecimal, no NaN or Infinity, no type suffix. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
    private static final Pattern DENSE = Pattern.compile("dense:(\\d{1,7})x(\\d{1,7})");

    private MeasurementCsv() {
    }

    /** What was read: the rows kept, and what the reader knows to position later errors. */
    public static final class Table {
        private final String file;
        private final List<Measurement> rows;
        private final long headerLine;
        private final Map<String, Integer> headerColumns;
        private final Map<String, Set<String>> seen;
        private final boolean seenAll;
        private final Map<Integer, CsvGuard.Line> linesByNumber;
        private final Map<String, Integer> columnIndex;

        Table(String file, List<Measurement> rows, long headerLine, Map<String, Integer> headerColumns,
              Map<String, Integer> columnIndex, Map<String, Set<String>> seen, boolean seenAll, Map<Integer, CsvGuard.Line> linesByNumber) {
            this.file = file;
            this.rows = List.copyOf(rows);
            this.headerLine = headerLine;
            this.headerColumns = headerColumns;
            this.columnIndex = columnIndex;
            this.seen = seen;
            this.seenAll = seenAll;
            this.linesByNumber = linesByNumber;
        }

        public String file() {
            return file;
        }

        /** The rows kept, in file order. */
        public List<Measurement> rows() {
            return rows;
        }

        /** Where a column's name is in the header. */
        public Location header(String column) {
            Integer c = headerColumns.get(column);
            return new Location(file, (int) Math.max(1, headerLine), c == null ? 1 : c);
        }

        /** An error in one column of a kept row, at that field. */
        public ConfigError error(Measurement row, String column, String message) {
            CsvGuard.Line line = linesByNumber.get(row.line());
            Integer i = columnIndex.get(column);
            int col = line == null || i == null ? 1 : line.column(i);
            return new ConfigError(new Location(file, Math.max(1, row.line()), col), column, message);
        }

        /**
         * Throws a positioned ConfigException unless some kept row is of {@code device} (and of
         * {@code framework}, when not null), saying which devices or frameworks the file has.
         */
        public void requireRows(String device, String framework) {
            boolean anyDevice = seen.containsKey(device) || rows.stream().anyMatch(r -> r.device().equals(device));
            if (!anyDevice) {
                List<String> devices = new ArrayList<>(seen.keySet());
                throw new ConfigException(new ConfigError(header("device"), "device", "no row of device '" + device + "'; "
                        + (devices.isEmpty() ? "the file has no measurement rows" : "the file has rows of " + list(devices, seenAll))));
            }
            if (framework != null && rows.stream().noneMatch(r -> r.device().equals(device) && r.framework().equals(framework))) {
                List<String> frameworks = new ArrayList<>(seen.getOrDefault(device, Set.of()));
                throw new ConfigException(new ConfigError(header("framework"), "framework", "no row of device '" + device
                        + "' has framework '" + framework + "'; its rows have " + list(frameworks, seenAll)
                        + " (choose with --framework)"));
            }
        }

        /** Throws a positioned ConfigException unless the rows of device/framework have a model or layer row to fit. */
        public void requireFitRows(String device, String framework) {
            boolean any = rows.stream().anyMatch(r -> r.device().equals(device) && r.framework().equals(framework)
                    && r.use() == Measurement.Use.FIT && (r.kind() == Measurement.Kind.MODEL || r.kind() == Measurement.Kind.LAYER));
            if (!any) {
                throw new ConfigException(new ConfigError(header("use"), "use", "no row of " + device + "/" + framework
                        + " is a model or layer row with use 'fit': nothing to fit the parameters to"));
            }
        }

        private static String list(List<String> names, boolean all) {
            List<String> shown = names.size() > 10 ? names.subList(0, 10) : names;
            return String.join(", ", shown.stream().map(n -> "'" + n + "'").toList())
                    + (shown.size() < names.size() || !all ? " and others" : "");
        }
    }

    /** Reads a file, keeping the rows {@code keep} accepts; refuses anything but a regular file before opening it. */
    public static Table read(Path file, Predicate<Measurement> keep) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw fileError(name, "is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw fileError(name, Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "a link to a file that does not exist"
                    : "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw fileError(name, "not a regular file (a pipe, a socket or a device); give a CSV file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw fileError(name, String.format(Locale.ROOT, "file of %,d bytes; calibrate reads files of at most %s "
                        + "(%,d bytes): keep only the rows of the device to calibrate", size, MAX_BYTES_TEXT, MAX_BYTES));
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, name, keep);
            }
        } catch (NoSuchFileException e) {
            throw fileError(name, "file not found");
        } catch (AccessDeniedException e) {
            throw fileError(name, "permission denied");
        } catch (IOException e) {
            throw fileError(name, "cannot read: " + reason(e));
        }
    }

    /** Reads a stream named {@code file} in messages. */
    public static Table read(InputStream in, String file, Predicate<Measurement> keep) {
        return new Reading(file, keep).run(in);
    }

    static ConfigException fileError(String file, String message) {
        return new ConfigException(new ConfigError(Location.unknown(file), "$", message));
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /** One pass over a file. */
    private static final class Reading {
        private final String file;
        private final Predicate<Measurement> keep;
        private final List<ConfigError> errors = new ArrayList<>();
        private final List<Measurement> rows = new ArrayList<>();
        private final Map<Integer, CsvGuard.Line> linesByNumber = new HashMap<>();
        private final Map<String, Integer> duplicates = new HashMap<>();
        private final Map<String, Set<String>> seen = new TreeMap<>();
        private boolean seenAll = true;
        private final Map<String, Object> models = new HashMap<>();
        /** Header: column name -> field index, and -> column in the header line. */
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final Map<String, Integer> headerColumns = new HashMap<>();
        private List<String> names;
        private long headerLine;
        private boolean stop;

        Reading(String file, Predicate<Measurement> keep) {
            this.file = file;
            this.keep = keep;
        }

        Table run(InputStream raw) {
            CsvGuard guard = new CsvGuard(raw, MAX_BYTES, MAX_LINE_BYTES);
            // the guard has checked every byte: decoding cannot fail, but would say so rather than replace
            Reader reader = new InputStreamReader(guard, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            long lastLine = 0;
            try (CSVParser parser = FORMAT.parse(reader)) {
                Iterator<CSVRecord> it = parser.iterator();
                long n = 0;
                while (!stop) {
                    CSVRecord record;
                    try {
                        if (!it.hasNext()) {
                            break;
                        }
                        record = it.next();
                    } catch (UncheckedIOException e) {
                        damage(e.getCause(), lastLine);
                        break;
                    }
                    CsvGuard.Line line = guard.nextLine();
                    if (line == null) {
                        // cannot happen: the guard has seen every line the parser returns
                        line = new CsvGuard.Line(lastLine + 1, new int[] {1}, 1);
                    }
                    lastLine = line.number();
                    record(record, line);
                    if ((++n & 1023) == 0 && Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("interrupted while reading " + file);
                    }
                }
            } catch (IOException e) {
                damage(e, lastLine);
            }
            if (names == null && errors.isEmpty()) {
                errors.add(new ConfigError(new Location(file, 1, 1), "$", "empty file: the first line must be the header "
                        + Measurement.HEADER));
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return new Table(file, rows, headerLine, headerColumns, index, seen, seenAll, linesByNumber);
        }

        private void damage(Throwable e, long lastLine) {
            if (e instanceof CsvGuard.Problem p) {
                if (p.line <= 0) {
                    errors.add(new ConfigError(Location.unknown(file), "$", p.getMessage()));
                } else {
                    String column = names != null && p.field >= 0 && p.field < names.size() && p.line != headerLine
                            ? names.get(p.field) : "$";
                    errors.add(new ConfigError(new Location(file, (int) p.line, Math.max(1, p.column)), column, p.getMessage()));
                }
            } else if (e instanceof java.nio.charset.CharacterCodingException) {
                errors.add(new ConfigError(new Location(file, (int) lastLine + 1, 1), "$", "not UTF-8 text"));
            } else if (e instanceof org.apache.commons.csv.CSVException) {
                // the guard lets no malformed record through; should the parser still object, say where
                errors.add(new ConfigError(new Location(file, (int) lastLine + 1, 1), "$", "malformed CSV: "
                        + e.getMessage().replaceAll("\\s*at line: [\\d,]+, position: [\\d,]+", "")
                        .replaceAll("^\\((start)?line [\\d,]+\\)\\s*", "")));
            } else {
                errors.add(new ConfigError(Location.unknown(file), "$", "cannot read: " + (e instanceof IOException io ? reason(io)
                        : String.valueOf(e.getMessage()))));
            }
        }

        private void error(CsvGuard.Line line, int field, String column, String message) {
            if (stop) {
                return;
            }
            if (errors.size() >= MAX_ERRORS) {
                errors.add(new ConfigError(Location.unknown(file), "$", "more than " + MAX_ERRORS + " errors; stopped reading at"
                        + " line " + line.number()));
                stop = true;
                return;
            }
            errors.add(new ConfigError(new Location(file, (int) line.number(), line.column(field)), column, message));
        }

        private void record(CSVRecord record, CsvGuard.Line line) {
            if (names == null) {
                header(record, line);
                return;
            }
            boolean blank = true;
            for (String v : record) {
                blank &= v.isEmpty();
            }
            if (blank) {
                return;
            }
            int before = errors.size();
            if (record.size() > names.size()) {
                error(line, names.size(), "$", record.size() + " fields, but the header has " + names.size()
                        + " columns (a comma too many, or a value with a comma that is not quoted?)");
                return;
            }
            List<String> absent = new ArrayList<>();
            for (String c : REQUIRED) {
                if (index.get(c) >= record.size()) {
                    absent.add(c);
                }
            }
            if (!absent.isEmpty()) {
                error(line, record.size(), "$", "the row ends after " + record.size() + " field" + (record.size() == 1 ? "" : "s")
                        + "; it has no " + String.join(", ", absent));
                return;
            }
            String device = value(record, "device");
            String framework = value(record, "framework");
            if (device.isEmpty()) {
                rowError(line, "device", "empty; name the device measured");
            }
            if (framework.isEmpty()) {
                rowError(line, "framework", "empty; name the framework that ran the model (e.g. tensorflow)");
            }
            Measurement.Kind kind = choice(Measurement.Kind.class, line, "kind", value(record, "kind"));
            Measurement.Use use = choice(Measurement.Use.class, line, "use", value(record, "use"));
            String modelName = value(record, "model");
            Model model = model(line, modelName);
            String layerText = value(record, "layers");
            List<String> layers = layers(line, layerText, model, modelName);
            if (kind == Measurement.Kind.LAYER && layerText.isEmpty()) {
                rowError(line, "layers", "empty: a layer row names its layers, joined by '+' (conv1_1+relu1_1)");
            }
            boolean timed = kind == Measurement.Kind.MODEL || kind == Measurement.Kind.LAYER;
            double ms = number(line, "latency_ms", value(record, "latency_ms"), timed ? "a " + kind.name().toLowerCase(Locale.ROOT)
                    + " row" : null);
            double memoryMb = number(line, "memory_mb", value(record, "memory_mb"), kind == Measurement.Kind.MEMORY
                    ? "a memory row" : null);
            if (errors.size() > before || stop) {
                return;
            }
            Measurement m = new Measurement((int) line.number(), device, framework, kind, modelName, layers, ms, use,
                    value(record, "source"), value(record, "note"), memoryMb);
            see(device, framework);
            if (!keep.test(m)) {
                return;
            }
            if (rows.size() >= MAX_ROWS) {
                error(line, index.get("device"), "device", String.format(Locale.ROOT, "more than %,d rows to fit; calibrate takes"
                        + " at most %,d rows of the device it calibrates (average repeated runs of a model into one row)",
                        MAX_ROWS, MAX_ROWS));
                stop = true;
                return;
            }
            String key = String.join("\u0000", device, framework, kind.name(), modelName, String.join("+", layers),
                    Double.toString(ms), use.name(), m.source(), Double.toString(memoryMb));
            Integer first = duplicates.putIfAbsent(key, (int) line.number());
            if (first != null) {
                error(line, index.get("device"), "device", "the same measurement as line " + first + " (a row given twice counts"
                        + " twice in the fit); remove one");
                return;
            }
            rows.add(m);
            linesByNumber.put((int) line.number(), line);
        }

        private void see(String device, String framework) {
            Set<String> fws = seen.get(device);
            if (fws == null) {
                if (seen.size() >= 1000) {
                    seenAll = false;
                    return;
                }
                fws = new LinkedHashSet<>();
                seen.put(device, fws);
            }
            if (fws.size() < 100) {
                fws.add(framework);
            } else if (!fws.contains(framework)) {
                seenAll = false;
            }
        }

        private void rowError(CsvGuard.Line line, String column, String message) {
            error(line, index.get(column), column, message);
        }

        private String value(CSVRecord record, String column) {
            Integer i = index.get(column);
            return i == null || i >= record.size() ? "" : record.get(i);
        }

        private void header(CSVRecord record, CsvGuard.Line line) {
            headerLine = line.number();
            List<String> found = new ArrayList<>();
            int before = errors.size();
            for (int i = 0; i < record.size(); i++) {
                String name = record.get(i);
                found.add(name);
                if (name.isEmpty()) {
                    error(line, i, "$", "column " + (i + 1) + " of the header has no name; the columns are "
                            + Measurement.HEADER);
                } else if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                    String close = closest(name.toLowerCase(Locale.ROOT), concat(REQUIRED, OPTIONAL));
                    error(line, i, "$", "unknown column '" + name + "'" + (close != null ? " (did you mean '" + close + "'?)" : "")
                            + "; the columns are " + Measurement.HEADER);
                } else if (index.containsKey(name)) {
                    error(line, i, name, "column '" + name + "' appears twice (fields " + (index.get(name) + 1) + " and "
                            + (i + 1) + ")");
                } else {
                    index.put(name, i);
                    headerColumns.put(name, line.column(i));
                }
            }
            for (String c : REQUIRED) {
                if (!index.containsKey(c)) {
                    errors.add(new ConfigError(new Location(file, (int) line.number(), 1), c, "missing column '" + c
                            + "' in the header (the first line); the columns are " + Measurement.HEADER
                            + " (note and memory_mb may be left out)"));
                }
            }
            names = found;
            if (errors.size() > before) {
                // rows cannot be read against a header that is wrong
                stop = true;
            }
        }

        private <E extends Enum<E>> E choice(Class<E> type, CsvGuard.Line line, String column, String text) {
            List<String> known = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text)) {
                    return e;
                }
                known.add(e.name().toLowerCase(Locale.ROOT));
            }
            rowError(line, column, (text.isEmpty() ? "empty" : "unknown " + column + " '" + text + "'") + "; expected one of: "
                    + String.join(", ", known));
            return type.getEnumConstants()[0];
        }

        /** A figure of the row: NaN when empty and not {@code neededBy}. */
        private double number(CsvGuard.Line line, String column, String text, String neededBy) {
            if (text.isEmpty()) {
                if (neededBy != null) {
                    rowError(line, column, "empty; " + neededBy + " needs " + column + " > 0");
                }
                return Double.NaN;
            }
            if (!NUMBER.matcher(text).matches()) {
                rowError(line, column, "not a number: '" + text + "'");
                return Double.NaN;
            }
            double v = Double.parseDouble(text);
            if (!(v > 0)) {
                rowError(line, column, (neededBy != null ? neededBy : "a figure") + " needs " + column + " > 0, got " + text);
            } else if (v > MAX_VALUE) {
                rowError(line, column, text + " is out of range: at most " + MAX_VALUE_TEXT + " ("
                        + (column.equals("latency_ms") ? "11.6 days" : "a million GiB") + ")");
            }
            return v;
        }

        private Model model(CsvGuard.Line line, String name) {
            if (name.isEmpty()) {
                rowError(line, "model", "empty; name a zoo model (" + String.join(", ", ModelZoo.names())
                        + "), mobilenet-v2 or dense:INxOUT");
                return null;
            }
            Object m = models.get(name);
            if (m == null) {
                m = resolve(name);
                if (models.size() < 256) {
                    models.put(name, m);
                }
            }
            if (m instanceof String message) {
                rowError(line, "model", message);
                return null;
            }
            return (Model) m;
        }

        /** The model, or the message saying why there is none. */
        private static Object resolve(String name) {
            if (name.startsWith("dense:")) {
                var d = DENSE.matcher(name);
                if (!d.matches() || Integer.parseInt(d.group(1)) < 1 || Integer.parseInt(d.group(2)) < 1) {
                    return "'" + name + "' is no dense model: write dense:INxOUT with IN and OUT from 1 to 9999999 (dense:4096x1000)";
                }
                return Calibration.model(name);
            }
            List<String> known = new ArrayList<>(ModelZoo.names());
            known.add("mobilenet-v2");
            if (!known.contains(name)) {
                String close = closest(name.toLowerCase(Locale.ROOT), known);
                return "unknown model '" + name + "'" + (close != null ? " (did you mean '" + close + "'?)" : "") + "; known: "
                        + String.join(", ", known) + ", or dense:INxOUT";
            }
            return ExtraModels.get(name);
        }

        private List<String> layers(CsvGuard.Line line, String text, Model model, String modelName) {
            if (text.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String part : text.split("\\+", -1)) {
                String layer = part.strip();
                if (layer.isEmpty()) {
                    rowError(line, "layers", "an empty layer name in '" + text + "'; join layer names with one '+'");
                    return List.of();
                }
                if (model != null && model.layer(layer) == null) {
                    List<String> names = model.layers().stream().map(l -> l.name()).toList();
                    String close = closest(layer.toLowerCase(Locale.ROOT), names);
                    rowError(line, "layers", "model " + modelName + " has no layer '" + layer + "'"
                            + (close != null ? " (did you mean '" + close + "'?)" : "") + "; its layers are listed by"
                            + " 'lcpsim models'");
                    return List.of();
                }
                out.add(layer);
            }
            return out;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return Collections.unmodifiableList(out);
    }

    /** The known name closest to {@code name} by edit distance, when it is close enough to be a typo; else null. */
    static String closest(String name, List<String> known) {
        return org.lcpsim.config.EditDistance.closest(name, known);
    }
}

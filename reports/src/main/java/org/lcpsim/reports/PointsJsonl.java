package org.lcpsim.reports;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;

/**
 * points.jsonl: every {@link PointResult} of a run at full fidelity, one JSON object per line,
 * in point order: metrics with the pooled latency samples and the timeline, memory per device,
 * swept values. Doubles are written in their shortest exact form, so a record reads back equal;
 * NaN (e.g. the CI of one replication) is written as the string "NaN". Lines are flushed as
 * points finish, so a run that crashes keeps what it computed.
 */
public final class PointsJsonl {
    public static final String FILE = "points.jsonl";

    /**
     * Doubles are written by Jackson's Schubfach writer: the shortest decimal that reads back as
     * the same double (JDK 17's Double.toString sometimes writes a digit more), and faster.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build())
            // a newer lcpsim may add fields: an older one still reads the rest
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .addMixIn(PointResult.class, KeyFirst.class)
            .addMixIn(org.lcpsim.results.Metrics.class, MetricsLine.class)
            .addMixIn(org.lcpsim.network.LinkUsage.class, LinkUsageLine.class);

    /** A summary line (samples and timeline dropped) leaves them out rather than writing them empty. */
    private abstract static class MetricsLine {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        abstract double[] latenciesMs();

        /** Intervals that differ only in their resource share one entry (SpanRuns). */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = SpanRuns.Writer.class)
        @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = SpanRuns.Reader.class)
        abstract List<org.lcpsim.results.Span> timeline();
    }

    /** A link's utilization series is left out when it is empty (a summary line); absent reads as empty. */
    private abstract static class LinkUsageLine {
        @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
                valueFilter = EmptySeries.class)
        abstract org.lcpsim.network.RateSeries utilization();
    }

    /** Jackson's value filter: true (leave out) for an empty rate series. */
    static final class EmptySeries {
        @Override
        public boolean equals(Object value) {
            return value instanceof org.lcpsim.network.RateSeries r && r.size() == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /**
     * Every line starts with {@link #KEY_PREFIX}, the key, and a quote: a store finds keys without
     * parsing lines. A point of one stream has no {@code streams} field: its line is what it was
     * before streams existed.
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"configKey", "pointId"})
    private abstract static class KeyFirst {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        abstract List<org.lcpsim.results.StreamResult> streams();

        /** A point without faults has no {@code faults} field: its line is what it was before faults existed. */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        abstract org.lcpsim.results.FaultResult faults();

        /** Devices that hold the same share one entry (MemoryRuns). */
        @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = MemoryRuns.Writer.class)
        @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = MemoryRuns.Reader.class)
        abstract List<org.lcpsim.results.DeviceMemory> memory();

        /** No notes: no field (absent reads as none). */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        abstract List<String> notes();
    }

    /** How every record line starts. */
    public static final String KEY_PREFIX = "{\"configKey\":\"";

    /**
     * The configuration key at the head of a record line ({@code bytes[0..length)}: the line's
     * first bytes), or null when the line does not start like a record of this format (a
     * configuration key is hexadecimal; letters, digits, '-' and '_' are read as one).
     */
    public static String keyAtHead(byte[] bytes, int length) {
        byte[] prefix = KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);
        if (length < prefix.length) {
            return null;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return null;
            }
        }
        for (int i = prefix.length; i < length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return new String(bytes, prefix.length, i - prefix.length, StandardCharsets.US_ASCII);
            }
            if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '-' || b == '_')) {
                // a configuration key is hexadecimal: anything needing a JSON escape is not one
                return null;
            }
        }
        return null;
    }

    private PointsJsonl() {
    }

    public static String toLine(PointResult r) {
        return new String(toBytes(r), StandardCharsets.UTF_8);
    }

    /**
     * The record's line as UTF-8, without the newline. A run writes each simulated point twice (to
     * the journal as it finishes, and to the ordered file when its turn comes): the second time the
     * bytes come from a small cache keyed by the record's identity (at most {@value #CACHE_BYTES}
     * bytes), not from serializing it again.
     */
    public static byte[] toBytes(PointResult r) {
        synchronized (CACHE) {
            byte[] known = CACHE.remove(new Identity(r));
            if (known != null) {
                cachedBytes -= known.length;
                return known;
            }
        }
        byte[] line;
        try {
            line = MAPPER.writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize point " + r.pointId(), e);
        }
        return line;
    }

    /** Keeps a record's line for its second write (see {@link #toBytes}); the oldest go first past the limit. */
    public static void remember(PointResult r, byte[] line) {
        if (line.length > CACHE_BYTES / 4) {
            return;
        }
        synchronized (CACHE) {
            byte[] old = CACHE.put(new Identity(r), line);
            cachedBytes += line.length - (old == null ? 0 : old.length);
            java.util.Iterator<java.util.Map.Entry<Identity, byte[]>> it = CACHE.entrySet().iterator();
            while (cachedBytes > CACHE_BYTES && it.hasNext()) {
                cachedBytes -= it.next().getValue().length;
                it.remove();
            }
        }
    }

    private static final int CACHE_BYTES = 8 << 20;
    /** Insertion-ordered, by identity: a record equal to another is still serialized on its own. */
    private static final java.util.Map<Identity, byte[]> CACHE = new java.util.LinkedHashMap<>();

    private record Identity(PointResult r) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.r == r;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(r);
        }
    }
    private static long cachedBytes;

    /** Parses one line; throws ReportInputException naming {@code where} when it is not a point record. */
    public static PointResult fromLine(String line, String where) {
        PointResult r;
        try {
            r = MAPPER.readValue(line, PointResult.class);
        } catch (JsonProcessingException e) {
            throw new ReportInputException(where + ": not a point record: " + firstLine(e.getOriginalMessage()), e);
        }
        if (r == null || r.status() == null || r.model() == null || r.strategy() == null) {
            throw new ReportInputException(where + ": not a point record: missing model, strategy or status");
        }
        if (r.ok() && r.metrics() == null) {
            throw new ReportInputException(where + ": point " + r.pointId() + " has status ok but no metrics");
        }
        return r;
    }

    /** Opens (truncating) a points file, and its index, for writing as points finish. */
    public static Writer open(Path file) throws IOException {
        Files.deleteIfExists(indexOf(file));
        return new Writer(Files.newOutputStream(file), Files.newBufferedWriter(indexOf(file), StandardCharsets.US_ASCII));
    }

    /**
     * The index beside a points file, {@code FILE.index}: a line {@code KEY OFFSET LENGTH} per record
     * line (its configuration key, byte offset and length without the newline), so a resumed run
     * finds the stored keys without reading the records. A reader must check it against the file
     * (the key at each offset) and fall back to reading the file when they disagree.
     */
    public static Path indexOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".index");
    }

    /** Moves a points file and its index (when there is one) over another's. */
    public static void move(Path from, Path to) throws IOException {
        Files.deleteIfExists(indexOf(to));
        Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(indexOf(from))) {
            Files.move(indexOf(from), indexOf(to), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** One line of an index. */
    public static String indexLine(String key, long offset, long length) {
        return key + " " + offset + " " + length + "\n";
    }

    /** Every record of the file, in file order. */
    public static List<PointResult> read(Path file) {
        List<PointResult> out = new ArrayList<>();
        read(file, id -> true, out::add);
        return out;
    }

    /**
     * Streams the records of the file to {@code sink}; records whose point id fails
     * {@code keepDetail} lose their latency samples and timeline on the way, which keeps
     * memory bounded for large sweeps (their summary metrics stay).
     */
    public static void read(Path file, IntPredicate keepDetail, Consumer<PointResult> sink) {
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file + ": missing; is this a results folder written by lcpsim run?");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                PointResult r = fromLine(line, file + ":" + n);
                sink.accept(keepDetail.test(r.pointId()) ? r : r.compact());
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ReportInputException(file + ": not UTF-8 text; is it a points.jsonl written by lcpsim run?", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "invalid JSON";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // Jackson appends where it started reading, which says nothing the line number does not
        return line.replaceAll("\\s*\\(start marker at \\[Source.*$", "").replaceAll("\\s*at \\[Source.*$", "");
    }

    /** Appends records one line each, and their index lines, flushing every line. */
    public static final class Writer implements Closeable, Consumer<PointResult> {
        private final java.io.OutputStream out;
        private final BufferedWriter index;
        private long offset;

        private Writer(java.io.OutputStream out, BufferedWriter index) {
            this.out = new java.io.BufferedOutputStream(out, 1 << 16);
            this.index = index;
        }

        @Override
        public void accept(PointResult r) {
            try {
                byte[] line = toBytes(r);
                out.write(line);
                out.write('\n');
                out.flush();
                if (!r.configKey().isEmpty()) {
                    index.write(indexLine(r.configKey(), offset, line.length));
                    index.flush();
                }
                offset += line.length + 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (index) {
                out.close();
            }
        }
    }
}

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

    private static final ObjectMapper MAPPER = new ObjectMapper()
            // a newer lcpsim may add fields: an older one still reads the rest
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private PointsJsonl() {
    }

    public static String toLine(PointResult r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize point " + r.pointId(), e);
        }
    }

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

    /** Opens (truncating) a points file for writing as points finish. */
    public static Writer open(Path file) throws IOException {
        return new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
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

    /** Appends records one line each, flushing every line. */
    public static final class Writer implements Closeable, Consumer<PointResult> {
        private final BufferedWriter out;

        private Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void accept(PointResult r) {
            try {
                out.write(toLine(r));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}

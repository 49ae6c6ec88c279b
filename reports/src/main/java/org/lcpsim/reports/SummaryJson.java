package org.lcpsim.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.lcpsim.results.PointResult;

/**
 * summary.json: the experiment, its seed and point counts by status, and per point the
 * headline numbers, in point order; an unknown number is null and the point's notes say why.
 * Deterministic: no clock values.
 */
public final class SummaryJson {
    private final String experiment;
    private final String file;
    private final long seed;
    private final Map<String, Integer> statusCounts = new LinkedHashMap<>();
    /** The points' entries, one compact JSON line each, in a file beside the summary: memory does not grow with a sweep. */
    private final Path spill;
    private java.io.OutputStream spillOut;
    private int count;

    private static final ObjectMapper LINES = new ObjectMapper();
    private static final ObjectMapper READ = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Keeps the points' entries in {@code spill} (created, and deleted by {@link #write} or {@link #discard}). */
    public SummaryJson(String experiment, String file, long seed, Path spill) {
        this.experiment = experiment;
        this.file = file;
        this.seed = seed;
        this.spill = spill;
    }

    public void add(PointResult r) {
        String key = r.status().startsWith("error") ? "error" : r.status();
        statusCounts.merge(key, 1, Integer::sum);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("point_id", r.pointId());
        p.put("model", r.model());
        p.put("strategy", r.strategy());
        p.put("variant", r.variant());
        p.put("devices", r.devices());
        if (r.batch() > 1) {
            p.put("batch", r.batch());
        }
        p.put("status", r.status());
        if (r.metrics() != null) {
            p.put("latency_ms_mean", number(r.metrics().latencyMsMean()));
            p.put("latency_ms_p95", number(r.metrics().latencyMsP95()));
            p.put("throughput_ips", number(r.metrics().throughputIps()));
            p.put("energy_j_per_inference", number(r.metrics().energyJPerInference()));
            p.put("capacity_ips", number(r.metrics().capacityIps()));
            p.put("latency_ms_unloaded", number(r.metrics().latencyMsUnloaded()));
        }
        if (!r.streams().isEmpty()) {
            // several request streams: each one's headline numbers (a point of one stream has no such field)
            List<Map<String, Object>> streams = new ArrayList<>();
            for (org.lcpsim.results.StreamResult s : r.streams()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("model", s.model());
                m.put("strategy", s.strategy());
                m.put("status", s.status());
                m.put("latency_ms_mean", number(s.latencyMsMean()));
                m.put("latency_ms_p95", number(s.latencyMsP95()));
                m.put("throughput_ips", number(s.throughputIps()));
                m.put("offered_ips", number(s.offeredIps()));
                m.put("capacity_ips", number(s.capacityIps()));
                m.put("latency_ms_unloaded", number(s.latencyMsUnloaded()));
                streams.add(m);
            }
            p.put("streams", streams);
        }
        if (r.faults() != null) {
            // faults: what they cost (a point without faults has no such field)
            org.lcpsim.results.FaultResult f = r.faults();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests_failed", number(f.requestsFailed()));
            m.put("requests_degraded", number(f.requestsDegraded()));
            m.put("availability", number(f.availability()));
            m.put("accuracy_pct_mean", number(f.accuracyPctMean()));
            m.put("latency_ms_accuracy_weighted", number(f.latencyMsAccuracyWeighted()));
            p.put("faults", m);
        }
        if (!r.notes().isEmpty()) {
            p.put("notes", r.notes());
        }
        if (!r.sweep().isEmpty()) {
            p.put("sweep", r.sweep());
        }
        try {
            if (spillOut == null) {
                spillOut = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(spill), 1 << 16);
            }
            spillOut.write(LINES.writeValueAsBytes(p));
            spillOut.write('\n');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + spill + ": " + e.getMessage(), e);
        }
        count++;
    }

    /** Deletes the spill file (a run that did not complete writes no summary). */
    public void discard() throws IOException {
        if (spillOut != null) {
            spillOut.close();
            spillOut = null;
        }
        java.nio.file.Files.deleteIfExists(spill);
    }

    private static Object number(double d) {
        String s = Num.format(d);
        return s.isEmpty() ? null : new java.math.BigDecimal(s);
    }

    /**
     * Writes summary.json as one pretty-printed document, the points streamed from the spill file
     * one at a time (the same bytes as serializing the whole tree at once), then deletes the spill.
     */
    public void write(Path path) throws IOException {
        if (spillOut != null) {
            spillOut.close();
            spillOut = null;
        }
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (com.fasterxml.jackson.core.JsonGenerator g = pretty.createGenerator(path.toFile(),
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("experiment", experiment);
            g.writeStringField("file", file);
            g.writeNumberField("seed", seed);
            g.writeNumberField("points", count);
            g.writeFieldName("status");
            g.writeObject(statusCounts);
            g.writeArrayFieldStart("results");
            if (count > 0) {
                try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(spill,
                        java.nio.charset.StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        g.writeObject(READ.readValue(line, LinkedHashMap.class));
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        java.nio.file.Files.deleteIfExists(spill);
    }
}

package org.lcpsim.reports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;

import org.lcpsim.devices.MemoryReport;
import org.lcpsim.results.DeviceMemory;

/**
 * A point's memory per device in points.jsonl, consecutive devices that hold the same as one
 * entry: {@code {"devices": ["d1", ..., "d7"], "type": ..., "report": ...}} (LCP's branches, data
 * parallelism's replicas). A device alone keeps the entry it always had
 * ({@code {"device": "d0", ...}}), so journals written before read as they did. Half of a
 * summary line of 8 Pis was the same report seven times.
 */
final class MemoryRuns {
    private MemoryRuns() {
    }

    static final class Writer extends JsonSerializer<List<DeviceMemory>> {
        @Override
        public void serialize(List<DeviceMemory> memory, JsonGenerator g, SerializerProvider p) throws IOException {
            JsonRuns.writeArray(g, memory, Writer::same, (i, j) -> {
                DeviceMemory first = memory.get(i);
                g.writeStartObject();
                if (j - i == 1) {
                    g.writeStringField("device", first.device());
                } else {
                    g.writeArrayFieldStart("devices");
                    for (int k = i; k < j; k++) {
                        g.writeString(memory.get(k).device());
                    }
                    g.writeEndArray();
                }
                g.writeStringField("type", first.type());
                if (first.report() == null) {
                    g.writeNullField("report");
                } else {
                    writeReport(first.report(), g);
                }
                if (first.storedWeightBytes() == null) {
                    g.writeNullField("storedWeightBytes");
                } else {
                    g.writeNumberField("storedWeightBytes", first.storedWeightBytes());
                }
                g.writeEndObject();
            });
        }

        /** The parts, with swap and the unknown flag only when they say something (no swap; known: the defaults). */
        private static void writeReport(MemoryReport r, JsonGenerator g) throws IOException {
            g.writeObjectFieldStart("report");
            g.writeNumberField("weightBytes", r.weightBytes());
            g.writeNumberField("activationBytes", r.activationBytes());
            g.writeNumberField("bufferBytes", r.bufferBytes());
            g.writeNumberField("frameworkBytes", r.frameworkBytes());
            g.writeNumberField("capacityBytes", r.capacityBytes());
            if (r.swapBytes() != 0) {
                g.writeNumberField("swapBytes", r.swapBytes());
            }
            if (!r.swapEnabled()) {
                g.writeBooleanField("swapEnabled", false);
            }
            if (r.frameworkUnknown()) {
                g.writeBooleanField("frameworkUnknown", true);
            }
            g.writeEndObject();
        }

        private static boolean same(DeviceMemory a, DeviceMemory b) {
            return Objects.equals(a.type(), b.type()) && Objects.equals(a.report(), b.report())
                    && Objects.equals(a.storedWeightBytes(), b.storedWeightBytes());
        }
    }

    static final class Reader extends JsonDeserializer<List<DeviceMemory>> {
        @Override
        public List<DeviceMemory> deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            JsonNode array = JsonRuns.readArray(parser, ctx);
            List<DeviceMemory> out = new ArrayList<>();
            if (array == null) {
                return out;
            }
            for (JsonNode entry : array) {
                String type = entry.path("type").isNull() || entry.path("type").isMissingNode() ? null : entry.get("type").asText();
                MemoryReport report = entry.hasNonNull("report") ? report(entry.get("report"), parser, ctx) : null;
                Long stored = entry.hasNonNull("storedWeightBytes") ? entry.get("storedWeightBytes").asLong() : null;
                if (entry.has("devices")) {
                    for (JsonNode d : entry.get("devices")) {
                        out.add(new DeviceMemory(d.asText(), type, report, stored));
                    }
                } else {
                    out.add(new DeviceMemory(entry.hasNonNull("device") ? entry.get("device").asText() : null, type, report,
                            stored));
                }
            }
            return out;
        }

        /** Written in full before, with the defaults left out since: no swap, swap on, framework memory known. */
        private static MemoryReport report(JsonNode r, JsonParser parser, DeserializationContext ctx) throws IOException {
            for (String part : new String[] {"weightBytes", "activationBytes", "bufferBytes", "frameworkBytes", "capacityBytes"}) {
                if (!r.path(part).canConvertToLong()) {
                    return (MemoryReport) ctx.handleUnexpectedToken(MemoryReport.class, parser);
                }
            }
            return new MemoryReport(r.get("weightBytes").asLong(), r.get("activationBytes").asLong(),
                    r.get("bufferBytes").asLong(), r.get("frameworkBytes").asLong(), r.get("capacityBytes").asLong(),
                    r.path("swapBytes").asLong(0), r.path("swapEnabled").asBoolean(true),
                    r.path("frameworkUnknown").asBoolean(false));
        }
    }
}

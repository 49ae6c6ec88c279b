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

import org.lcpsim.results.Span;

/**
 * A request's timeline in points.jsonl, consecutive intervals of the same kind, times and critical
 * flag as one entry: {@code {"resources": ["d1", ..., "d63"], "labels": [...], "kind": ...,
 * "startMs": ..., "endMs": ..., "critical": ...}}, or {@code "label"} when they all have the same
 * (model parallelism's workers computing their slices, a multicast's deliveries). An interval alone
 * keeps the entry it always had ({@code {"resource": "d0", ...}}), so journals written before read
 * as they did, and the list reads back in its order. A detailed line of model parallelism on 2,048
 * devices was 8 MB, nearly all of it field names and the same times written once per device.
 */
final class SpanRuns {
    private SpanRuns() {
    }

    static final class Writer extends JsonSerializer<List<Span>> {
        @Override
        public void serialize(List<Span> spans, JsonGenerator g, SerializerProvider p) throws IOException {
            JsonRuns.writeArray(g, spans, Writer::same, (i, j) -> {
                Span first = spans.get(i);
                if (j - i == 1) {
                    p.defaultSerializeValue(first, g);
                } else {
                    g.writeStartObject();
                    g.writeArrayFieldStart("resources");
                    for (int k = i; k < j; k++) {
                        g.writeString(spans.get(k).resource());
                    }
                    g.writeEndArray();
                    boolean oneLabel = true;
                    for (int k = i + 1; k < j && oneLabel; k++) {
                        oneLabel = Objects.equals(first.label(), spans.get(k).label());
                    }
                    if (oneLabel) {
                        g.writeStringField("label", first.label());
                    } else {
                        g.writeArrayFieldStart("labels");
                        for (int k = i; k < j; k++) {
                            g.writeString(spans.get(k).label());
                        }
                        g.writeEndArray();
                    }
                    g.writeStringField("kind", first.kind().name());
                    g.writeNumberField("startMs", first.startMs());
                    g.writeNumberField("endMs", first.endMs());
                    g.writeBooleanField("critical", first.critical());
                    g.writeEndObject();
                }
            });
        }

        /** The same kind of interval at the same times (the same bits), on the critical path or not alike. */
        private static boolean same(Span a, Span b) {
            return a.kind() == b.kind() && a.critical() == b.critical()
                    && a.label() != null && b.label() != null && a.resource() != null && b.resource() != null
                    && Double.doubleToRawLongBits(a.startMs()) == Double.doubleToRawLongBits(b.startMs())
                    && Double.doubleToRawLongBits(a.endMs()) == Double.doubleToRawLongBits(b.endMs());
        }
    }

    static final class Reader extends JsonDeserializer<List<Span>> {
        @Override
        @SuppressWarnings("unchecked")
        public List<Span> deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            JsonNode array = JsonRuns.readArray(parser, ctx);
            List<Span> out = new ArrayList<>();
            if (array == null) {
                return out;
            }
            for (JsonNode entry : array) {
                if (!entry.has("resources")) {
                    out.add(ctx.readTreeAsValue(entry, Span.class));
                    continue;
                }
                JsonNode resources = entry.get("resources");
                JsonNode labels = entry.get("labels");
                if (!resources.isArray() || labels != null && (!labels.isArray() || labels.size() != resources.size())) {
                    return (List<Span>) ctx.handleUnexpectedToken(List.class, parser);
                }
                com.fasterxml.jackson.databind.node.ObjectNode one = entry.deepCopy();
                one.remove("resources");
                one.remove("labels");
                for (int k = 0; k < resources.size(); k++) {
                    one.set("resource", resources.get(k));
                    if (labels != null) {
                        one.set("label", labels.get(k));
                    }
                    out.add(ctx.readTreeAsValue(one, Span.class));
                }
            }
            return out;
        }
    }
}

package org.lcpsim.reports;

import java.io.IOException;
import java.util.List;
import java.util.function.BiPredicate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a points.jsonl list that writes runs of alike items as one entry does (MemoryRuns,
 * SpanRuns): find the runs when writing, read the array back as a tree.
 */
final class JsonRuns {
    private JsonRuns() {
    }

    /** Writes the entry of items [from, to) of the list, one run. */
    interface Run {
        void write(int from, int to) throws IOException;
    }

    /** Writes {@code items} as a JSON array, an entry per run of consecutive items that {@code same} joins to the run's first. */
    static <T> void writeArray(JsonGenerator g, List<T> items, BiPredicate<T, T> same, Run run) throws IOException {
        g.writeStartArray();
        int i = 0;
        while (i < items.size()) {
            T first = items.get(i);
            int j = i + 1;
            while (j < items.size() && same.test(first, items.get(j))) {
                j++;
            }
            run.write(i, j);
            i = j;
        }
        g.writeEndArray();
    }

    /** The array being read, as a tree; null for a JSON null; the reader's error for anything else. */
    static JsonNode readArray(JsonParser parser, DeserializationContext ctx) throws IOException {
        JsonNode array = parser.readValueAsTree();
        if (array == null || array.isNull()) {
            return null;
        }
        if (!array.isArray()) {
            ctx.handleUnexpectedToken(List.class, parser);
            return null;
        }
        return array;
    }
}

package org.lcpsim.experiments.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KeyIndexTest {
    @Test
    void behavesAsAMapOfKeysToOffsetsAndLengths() {
        KeyIndex index = new KeyIndex();
        Map<String, long[]> expected = new HashMap<>();
        Random random = new Random(1);
        long offset = 0;
        for (int i = 0; i < 5000; i++) {
            // configuration keys (32 lowercase hex digits, leading zeros included), a few others, and repeats
            String key = i % 97 == 0 ? "other-" + i : String.format("%016x%016x", random.nextLong() >>> (i % 5) * 8,
                    random.nextLong());
            if (i % 11 == 0 && i > 0) {
                key = expected.keySet().iterator().next();
            }
            long length = 100 + random.nextInt(1000);
            index.put(key, offset, length);
            expected.put(key, new long[] {offset, length});
            offset += length + 1;
        }
        assertEquals(expected.size(), index.size());
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            assertTrue(index.containsKey(e.getKey()));
            assertArrayEquals(e.getValue(), index.get(e.getKey()), e.getKey());
        }
        assertNull(index.get("0123456789abcdef0123456789abcdef"));
        assertFalse(index.containsKey("0123456789ABCDEF0123456789ABCDEF"));
        List<KeyIndex.Entry> entries = index.entries();
        assertEquals(expected.size(), entries.size());
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).offset() < entries.get(i).offset());
        }
        for (KeyIndex.Entry e : entries) {
            assertArrayEquals(expected.get(e.key()), new long[] {e.offset(), e.length()});
        }
        KeyIndex copy = new KeyIndex();
        copy.putAll(index);
        assertEquals(entries, copy.entries());
    }
}

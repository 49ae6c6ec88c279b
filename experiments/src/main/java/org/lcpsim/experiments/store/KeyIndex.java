package org.lcpsim.experiments.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's keys with the offset and length of their line, in about 50 bytes a key: a
 * configuration key is 32 lowercase hexadecimal digits, held as two longs in an open-addressing
 * table rather than as a String in a HashMap (about 150 bytes), so that a sweep of a million
 * points keeps its index in tens of MB. Any other key (not written by this lcpsim) goes to a
 * HashMap. Not thread-safe: the store synchronizes on it.
 */
final class KeyIndex {
    private long[] hi = new long[16];
    private long[] lo = new long[16];
    /** -1: an empty slot. */
    private long[] offsets = filled(16);
    private long[] lengths = new long[16];
    private int count;
    private final Map<String, long[]> other = new HashMap<>();

    private static long[] filled(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    static boolean compact(String key) {
        if (key.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static int hash(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        x ^= x >>> 31;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ x >>> 29);
    }

    /** The slot of the key, or of the empty slot where it would go. */
    private int slot(long h, long l) {
        int mask = offsets.length - 1;
        int i = hash(h, l) & mask;
        while (offsets[i] >= 0 && (hi[i] != h || lo[i] != l)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    void put(String key, long offset, long length) {
        if (!compact(key)) {
            other.put(key, new long[] {offset, length});
            return;
        }
        long h = Long.parseUnsignedLong(key, 0, 16, 16);
        long l = Long.parseUnsignedLong(key, 16, 32, 16);
        int i = slot(h, l);
        if (offsets[i] < 0) {
            count++;
            hi[i] = h;
            lo[i] = l;
        }
        offsets[i] = offset;
        lengths[i] = length;
        if (count * 3 > offsets.length * 2) {
            grow();
        }
    }

    private void grow() {
        long[] oh = hi;
        long[] ol = lo;
        long[] oo = offsets;
        long[] olen = lengths;
        int n = oo.length * 2;
        hi = new long[n];
        lo = new long[n];
        offsets = filled(n);
        lengths = new long[n];
        for (int j = 0; j < oo.length; j++) {
            if (oo[j] >= 0) {
                int i = slot(oh[j], ol[j]);
                hi[i] = oh[j];
                lo[i] = ol[j];
                offsets[i] = oo[j];
                lengths[i] = olen[j];
            }
        }
    }

    /** {offset, length} of the key's line, or null. */
    long[] get(String key) {
        if (!compact(key)) {
            return other.get(key);
        }
        int i = slot(Long.parseUnsignedLong(key, 0, 16, 16), Long.parseUnsignedLong(key, 16, 32, 16));
        return offsets[i] < 0 ? null : new long[] {offsets[i], lengths[i]};
    }

    boolean containsKey(String key) {
        return get(key) != null;
    }

    int size() {
        return count + other.size();
    }

    void putAll(KeyIndex o) {
        for (Entry e : o.entries()) {
            put(e.key(), e.offset(), e.length());
        }
    }

    record Entry(String key, long offset, long length) {
    }

    /** Every entry, in journal order (by offset). */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size());
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] >= 0) {
                out.add(new Entry(String.format("%016x%016x", hi[i], lo[i]), offsets[i], lengths[i]));
            }
        }
        other.forEach((k, v) -> out.add(new Entry(k, v[0], v[1])));
        out.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return out;
    }
}

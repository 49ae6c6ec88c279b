package org.lcpsim.network.flow;

import java.util.Arrays;

/**
 * Payload bytes and messages per (source, destination) pair of nodes, for the pairs that
 * exchanged something: an open-addressing table whose size follows the pairs used (about 2 N for
 * model parallelism on N devices), not an N x N matrix (16 MB to clear per replication at 1,024
 * devices, and a cache and TLB miss per message, its rows being pages apart).
 */
final class PairCounts {
    private final int nodes;
    /** Per slot: the pair's key + 1 (0: empty), key = source * nodes + destination. */
    private long[] keys = new long[64];
    private long[] bytes = new long[64];
    private long[] messages = new long[64];
    private int size;

    PairCounts(int nodes) {
        this.nodes = nodes;
    }

    void add(int source, int destination, long payloadBytes) {
        long key = (long) source * nodes + destination + 1;
        int i = slot(key);
        if (keys[i] == 0) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                grow();
                i = slot(key);
            }
        }
        bytes[i] += payloadBytes;
        messages[i]++;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldBytes = bytes;
        long[] oldMessages = messages;
        keys = new long[oldKeys.length * 2];
        bytes = new long[keys.length];
        messages = new long[keys.length];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = slot(oldKeys[j]);
                keys[i] = oldKeys[j];
                bytes[i] = oldBytes[j];
                messages[i] = oldMessages[j];
            }
        }
    }

    /** Visits every pair used, by source, then destination, ascending. */
    void forEach(PairVisitor visitor) {
        long[] used = new long[size];
        int k = 0;
        for (long key : keys) {
            if (key != 0) {
                used[k++] = key;
            }
        }
        Arrays.sort(used);
        for (long key : used) {
            int i = slot(key);
            visitor.visit((int) ((key - 1) / nodes), (int) ((key - 1) % nodes), bytes[i], messages[i]);
        }
    }

    interface PairVisitor {
        void visit(int source, int destination, long payloadBytes, long messages);
    }
}

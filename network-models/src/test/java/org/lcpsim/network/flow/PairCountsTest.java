package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The sparse pair table counts what a matrix would, and lists the pairs in the matrix's order. */
class PairCountsTest {

    @Test
    void countsAndOrdersAsAMatrixWould() {
        SplittableRandom random = new SplittableRandom(11);
        for (int nodes : new int[] {1, 3, 50, 10_001}) {
            PairCounts counts = new PairCounts(nodes);
            TreeMap<Long, long[]> reference = new TreeMap<>();
            for (int i = 0; i < 20_000; i++) {
                // a few busy pairs and many once-only ones: the table grows several times
                int s = random.nextInt(Math.min(nodes, i % 2 == 0 ? 4 : nodes));
                int d = random.nextInt(nodes);
                long bytes = random.nextInt(1_000_000);
                counts.add(s, d, bytes);
                long[] r = reference.computeIfAbsent((long) s * nodes + d, k -> new long[2]);
                r[0] += bytes;
                r[1]++;
            }
            List<long[]> expected = new ArrayList<>();
            reference.forEach((key, r) -> expected.add(new long[] {key / nodes, key % nodes, r[0], r[1]}));
            List<long[]> got = new ArrayList<>();
            counts.forEach((s, d, bytes, messages) -> got.add(new long[] {s, d, bytes, messages}));
            assertEquals(expected.size(), got.size(), nodes + " nodes");
            for (int i = 0; i < got.size(); i++) {
                assertEquals(java.util.Arrays.toString(expected.get(i)), java.util.Arrays.toString(got.get(i)));
            }
        }
    }
}

package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void sizeCountsThePointsTheShardAccepts() {
        for (int count = 1; count <= 5; count++) {
            for (int index = 0; index < count; index++) {
                Shard s = new Shard(index, count);
                for (int points = 0; points <= 12; points++) {
                    long accepted = IntStream.range(0, points).filter(s::accepts).count();
                    assertEquals(accepted, s.size(points), s + " of " + points);
                }
            }
        }
    }
}

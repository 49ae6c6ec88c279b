package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The completion heap's bulk removal: exactly the flows due, and a heap that still gives the others in order. */
class FlowHeapTest {
    private static final Comparator<FlowEngine.Flow> ORDER = Comparator.<FlowEngine.Flow>comparingDouble(f -> f.endMs)
            .thenComparingLong(f -> f.seq);

    private static FlowEngine.Flow flow(long seq, double endMs) {
        FlowEngine.Flow f = new FlowEngine.Flow(new int[0], new double[0], 1, 1, 1, () -> { });
        f.seq = seq;
        f.endMs = endMs;
        return f;
    }

    @Test
    void pollUpToTakesExactlyTheDueFlowsWhateverHowMany() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 2000; trial++) {
            FlowEngine.FlowHeap heap = new FlowEngine.FlowHeap();
            List<FlowEngine.Flow> all = new ArrayList<>();
            int n = 1 + random.nextInt(trial % 2 == 0 ? 8 : 300);
            for (int i = 0; i < n; i++) {
                // few distinct ends: many flows due together, as a gather's
                FlowEngine.Flow f = flow(i, random.nextInt(1 + random.nextInt(10)));
                all.add(f);
                heap.update(f);
            }
            // some ends change after insertion, as rates do
            for (int i = 0; i < n / 3; i++) {
                FlowEngine.Flow f = all.get(random.nextInt(n));
                f.endMs = random.nextInt(10);
                heap.update(f);
            }
            double limit = random.nextInt(11) - 0.5;
            List<FlowEngine.Flow> due = heap.pollUpTo(limit);
            List<FlowEngine.Flow> expected = all.stream().filter(f -> f.endMs <= limit).sorted(ORDER).toList();
            List<FlowEngine.Flow> got = new ArrayList<>(due);
            got.sort(ORDER);
            assertEquals(expected, got, "trial " + trial);
            for (FlowEngine.Flow f : due) {
                assertEquals(-1, f.heapIndex, "a removed flow is out of the heap");
            }
            List<FlowEngine.Flow> rest = all.stream().filter(f -> f.endMs > limit).sorted(ORDER).toList();
            for (FlowEngine.Flow f : rest) {
                assertTrue(!heap.isEmpty());
                assertEquals(f, heap.peek(), "trial " + trial);
                heap.remove(f);
            }
            assertTrue(heap.isEmpty());
        }
    }
}

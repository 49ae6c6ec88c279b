package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;

/**
 * The kept points, their order, their count, the sample and the grid-to-id mapping, found
 * without walking the grid ({@link Selection}), against a brute-force walk that substitutes
 * every grid point and evaluates the filter on its document, as the first version did.
 */
class SelectionTest {
    private static final String BASE = """
            name: s
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: {preset: wifi-rpi}
            """;

    private static final String[] CONDITIONS = {
        "strategy.branches <= cluster.devices.0.count",
        "seed != 3",
        "strategy.fatten < 0.25 or seed > 4",
        "not (strategy.branches == 2) and cluster.devices.0.count >= 2",
        "replications <= strategy.branches",
        "strategy.fatten >= 0.1",
        "seed < 100",
        "name == 's'",
    };

    @Test
    void randomSweepsAgreeWithABruteForceWalk() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 150; trial++) {
            StringBuilder sweep = new StringBuilder("sweep:\n");
            List<String> paths = new ArrayList<>(List.of("strategy.branches", "cluster.devices.0.count", "seed",
                    "strategy.fatten", "replications"));
            java.util.Collections.shuffle(paths, new java.util.Random(trial));
            int axes = 1 + random.nextInt(paths.size());
            for (int a = 0; a < axes; a++) {
                String p = paths.get(a);
                switch (p) {
                    case "strategy.fatten" -> sweep.append("  ").append(p).append(": {from: 0.0, to: ")
                            .append(0.1 * (1 + random.nextInt(4))).append(", step: 0.1}\n");
                    case "seed" -> sweep.append("  ").append(p).append(": [").append(randomInts(random, 1 + random.nextInt(6)))
                            .append("]\n");
                    default -> sweep.append("  ").append(p).append(": {from: 1, to: ").append(1 + random.nextInt(6)).append("}\n");
                }
            }
            List<String> conditions = new ArrayList<>();
            for (String c : CONDITIONS) {
                // every field it reads is in the file or swept
                List<String> known = new ArrayList<>(paths.subList(0, axes));
                known.addAll(List.of("strategy.branches", "cluster.devices.0.count", "name"));
                boolean usable = Filter.parse(c).names().stream().allMatch(known::contains);
                if (usable && random.nextInt(3) == 0) {
                    conditions.add("\"" + c + "\"");
                }
            }
            if (!conditions.isEmpty()) {
                sweep.append("  where: [").append(String.join(", ", conditions)).append("]\n");
            }
            String text = BASE + sweep;
            ExperimentFile f = ExperimentFile.parse(text, Path.of("s.yaml"));
            List<Node> expected = bruteForce(f, text);
            if (expected.isEmpty()) {
                assertTrue(f.validate().stream().anyMatch(e -> e.message().startsWith("keeps no design point")), text);
                continue;
            }
            assertEquals(expected.size(), f.pointCount(), text);
            for (int id = 0; id < expected.size(); id++) {
                assertEquals(expected.get(id), f.point(id, new Errors()).document(), text + " point " + id);
            }
            // every grid index maps to its id, or -1 when left out
            int[] sizes = f.axisSizes();
            int grid = Arrays.stream(sizes).reduce(1, (x, y) -> x * y);
            int seen = 0;
            for (int g = 0; g < grid; g++) {
                int id = f.pointIdOfGrid(g);
                if (id >= 0) {
                    assertEquals(seen++, id, text + " grid " + g);
                }
            }
            assertEquals(expected.size(), seen, text);
            // a sample: the points the first version drew (Floyd over the list of kept points)
            int count = 1 + random.nextInt(expected.size());
            long seed = random.nextLong();
            ExperimentFile sampled = ExperimentFile.parse(text + "  sample: {count: " + count + ", seed: " + seed + "}\n",
                    Path.of("s.yaml"));
            List<Node> drawn = floyd(expected, count, seed);
            assertEquals(drawn.size(), sampled.pointCount(), text);
            for (int id = 0; id < drawn.size(); id++) {
                assertEquals(withoutSweep(drawn.get(id)), withoutSweep(sampled.point(id, new Errors()).document()),
                        text + " sampled " + id);
            }
        }
    }

    private static Node withoutSweep(Node doc) {
        java.util.Map<String, Node.Entry> entries = new java.util.LinkedHashMap<>(((Node.MapNode) doc).entries());
        entries.remove("sweep");
        return new Node.MapNode(doc.location(), entries);
    }

    private static String randomInts(SplittableRandom random, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(1 + random.nextInt(8)));
        }
        return String.join(", ", out);
    }

    /** Every grid point, substituted and filtered on its document. */
    private static List<Node> bruteForce(ExperimentFile f, String text) {
        List<Node> out = new ArrayList<>();
        int[] sizes = f.axisSizes();
        int grid = Arrays.stream(sizes).reduce(1, (x, y) -> x * y);
        List<Filter> filters = new ArrayList<>();
        Node where = Node.at(f.root(), List.of("sweep", "where"));
        if (where instanceof Node.ListNode l) {
            for (Node c : l.items()) {
                filters.add(Filter.parse(((Node.Scalar) c).text()));
            }
        }
        for (int g = 0; g < grid; g++) {
            ExperimentFile.DesignPoint p = f.pointAt(f.digitsOfGrid(g), 0, new Errors());
            if (filters.stream().allMatch(x -> x.test(p.document()))) {
                out.add(p.document());
            }
        }
        return out;
    }

    private static List<Node> floyd(List<Node> kept, int count, long seed) {
        if (count >= kept.size()) {
            return kept;
        }
        SplittableRandom random = new SplittableRandom(seed);
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        for (int j = kept.size() - count; j < kept.size(); j++) {
            int t = random.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        return chosen.stream().map(kept::get).toList();
    }

    @Test
    void aSampleLargerThanTheSweepIsAnError() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: [1, 2, 4]
                  sample: {count: 5, seed: 1}
                """, Path.of("s.yaml"));
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        assertEquals(List.of("s.yaml:8:19: $.sweep.sample.count: asks for 5 design points, but the sweep has 3; give at most"
                + " 3, or leave sample out to run them all"), errors);
    }

    @Test
    void tenMillionPointsAreCountedAndIndexedWithoutWalkingThem() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  seed: {from: 1, to: 1000000}
                  strategy.branches: {from: 1, to: 10}
                  where: seed > 500000 and strategy.branches <= 5
                  sample: {count: 1000000, seed: 3}
                """, Path.of("s.yaml"));
        long start = System.nanoTime();
        assertEquals(1_000_000, f.pointCount());
        int[] last = null;
        for (int id = 0; id < 1000; id++) {
            ExperimentFile.DesignPoint p = f.point(id * 997, new Errors());
            int seed = Integer.parseInt(p.values().get("seed"));
            int branches = Integer.parseInt(p.values().get("strategy.branches"));
            assertTrue(seed > 500000 && branches <= 5, p.values().toString());
            int[] here = {seed, branches};
            if (last != null) {
                assertTrue(Arrays.compare(last, here) < 0, "grid order");
            }
            last = here;
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 10);
    }
}

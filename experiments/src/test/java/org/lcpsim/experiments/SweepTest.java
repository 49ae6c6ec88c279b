package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.Errors;
import org.lcpsim.config.FileSource;
import org.lcpsim.strategies.Lcp;
import org.lcpsim.strategies.SingleDevice;

class SweepTest {
    private static final String BASE = """
            name: s
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: {preset: wifi-rpi}
            """;

    @Test
    void gridIsCartesianFirstPathSlowest() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: [1, 2, 4]
                  strategy.fatten: [0.0, 0.4]
                """, Path.of("s.yaml"));
        Errors errors = new Errors();
        List<ExperimentFile.DesignPoint> points = f.points(errors);
        assertTrue(errors.isEmpty());
        assertEquals(6, points.size());
        assertEquals(List.of("strategy.branches", "strategy.fatten"), f.sweptPaths());
        String[][] expected = {{"1", "0.0"}, {"1", "0.4"}, {"2", "0.0"}, {"2", "0.4"}, {"4", "0.0"}, {"4", "0.4"}};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i][0], points.get(i).values().get("strategy.branches"));
            assertEquals(expected[i][1], points.get(i).values().get("strategy.fatten"));
            ExperimentSpec spec = f.bind(points.get(i), errors);
            Lcp lcp = (Lcp) spec.strategy();
            assertEquals(Integer.parseInt(expected[i][0]), lcp.branches());
            assertEquals(Double.parseDouble(expected[i][1]), lcp.fatten());
        }
    }

    @Test
    void wholeMappingsCanBeSwept() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy: [{kind: single, device: d1}, {kind: lcp, branches: 4, fatten: 0.4}]
                  cluster.devices.0.count: [4, 8]
                """, Path.of("s.yaml"));
        Errors errors = new Errors();
        List<ExperimentFile.DesignPoint> points = f.points(errors);
        assertEquals(4, points.size());
        assertEquals("{kind: single, device: d1}", points.get(0).values().get("strategy"));
        ExperimentSpec first = f.bind(points.get(0), errors);
        ExperimentSpec last = f.bind(points.get(3), errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        assertEquals(new SingleDevice(1), first.strategy());
        assertEquals(4, first.devices().size());
        assertEquals(new Lcp(4, 0.4, null), last.strategy());
        assertEquals(8, last.devices().size());
    }

    @Test
    void errorsInSweptValuesPointAtTheSweep() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: [2, -1]
                """, Path.of("s.yaml"));
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        assertEquals(List.of("s.yaml:7:26: $.strategy.branches: must be between 1 and 4096, got -1"), errors);
        assertNotNull(f.bind(f.point(0, new Errors()), new Errors()));
    }

    @Test
    void sweepingThroughAScalarIsAnError() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  model.depth: [1]
                """, Path.of("s.yaml"));
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("s.yaml:7:3: $.sweep.model.depth: cannot sweep this path"), errors.toString());
    }

    @Test
    void zipVariesPathsTogetherAndCombinesWithOtherAxes() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  model: [lenet, cifarnet]
                  zip:
                    strategy.branches: [1, 2, 4]
                    cluster.devices.0.count: [1, 2, 4]
                """, Path.of("s.yaml"));
        Errors errors = new Errors();
        List<ExperimentFile.DesignPoint> points = f.points(errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        assertEquals(6, points.size());
        assertEquals(List.of("model", "strategy.branches", "cluster.devices.0.count"), f.sweptPaths());
        ExperimentSpec p4 = f.bind(points.get(5), errors);
        assertEquals("cifarnet", p4.modelName());
        assertEquals(4, ((Lcp) p4.strategy()).branches());
        assertEquals(4, p4.devices().size());
    }

    @Test
    void rangesIncludeBothEnds() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: {from: 1, to: 7, step: 3}
                  strategy.fatten: {from: 0.0, to: 0.3, step: 0.1}
                """, Path.of("s.yaml"));
        Errors errors = new Errors();
        List<ExperimentFile.DesignPoint> points = f.points(errors);
        assertEquals(12, points.size());
        assertEquals(List.of("1", "4", "7"), points.stream().map(p -> p.values().get("strategy.branches")).distinct().toList());
        assertEquals(List.of("0", "0.1", "0.2", "0.3"),
                points.stream().map(p -> p.values().get("strategy.fatten")).distinct().toList());
    }

    @Test
    void whereFiltersAndSampleDrawsAStableSubset() {
        String grid = BASE + """
                sweep:
                  strategy.branches: {from: 1, to: 16}
                  cluster.devices.0.count: [4, 8, 16]
                  where: strategy.branches <= cluster.devices.0.count and not (strategy.branches == 3)
                """;
        ExperimentFile f = ExperimentFile.parse(grid, Path.of("s.yaml"));
        // branches 1..4 for 4 devices, 1..8 for 8, 1..16 for 16, minus branches == 3 each time
        assertEquals(4 + 8 + 16 - 3, f.pointCount());
        Errors errors = new Errors();
        for (ExperimentFile.DesignPoint p : f.points(errors)) {
            int b = Integer.parseInt(p.values().get("strategy.branches"));
            int n = Integer.parseInt(p.values().get("cluster.devices.0.count"));
            assertTrue(b <= n && b != 3);
        }
        ExperimentFile sampled = ExperimentFile.parse(grid + "  sample: {count: 5, seed: 3}\n", Path.of("s.yaml"));
        assertEquals(5, sampled.pointCount());
        List<String> first = sampled.points(new Errors()).stream().map(p -> p.values().toString()).toList();
        List<String> again = ExperimentFile.parse(grid + "  sample: {count: 5, seed: 3}\n", Path.of("s.yaml"))
                .points(new Errors()).stream().map(p -> p.values().toString()).toList();
        assertEquals(first, again);
        assertEquals(List.of(0, 1, 2, 3, 4), sampled.points(new Errors()).stream().map(ExperimentFile.DesignPoint::id).toList());
    }

    @Test
    void malformedSweepsArePositionedErrors() {
        ExperimentFile zip = ExperimentFile.parse(BASE + """
                sweep:
                  zip: {strategy.branches: [1, 2], cluster.devices.0.count: [1]}
                """, Path.of("s.yaml"));
        assertTrue(zip.validate().get(0).toString().contains("zipped lists must have the same length"), zip.validate().toString());
        ExperimentFile where = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: [1, 2]
                  where: strategy.branches = 2
                """, Path.of("s.yaml"));
        assertTrue(where.validate().get(0).toString().startsWith("s.yaml:8:10: $.sweep.where: unknown operator '='"),
                where.validate().toString());
        ExperimentFile range = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: {from: 8, to: 1}
                """, Path.of("s.yaml"));
        assertTrue(range.validate().get(0).toString().contains("range goes down"), range.validate().toString());
    }

    @Test
    void theKeyOfAPointCoversTheFilesItNames(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("p.csv"), "workload,layer,time_ms\nlenet,c1,2\n");
        Path exp = dir.resolve("e.yaml");
        java.nio.file.Files.writeString(exp, BASE.replace("{preset: rpi3, count: 4}",
                "{preset: rpi3, count: 4, profile: {file: p.csv}}") + "sweep:\n  strategy.branches: [1, 2]\n");
        ExperimentFile f = ExperimentFile.load(exp);
        assertTrue(f.validate().isEmpty(), f.validate().toString());
        String before = f.configKey(f.point(0, new Errors()), null);
        assertEquals(before, ExperimentFile.load(exp).configKey(ExperimentFile.load(exp).point(0, new Errors()), null));
        assertTrue(!before.equals(f.configKey(f.point(1, new Errors()), null)));
        java.nio.file.Files.writeString(dir.resolve("p.csv"), "workload,layer,time_ms\nlenet,c1,3\n");
        // one experiment file reads a named file once for the whole sweep: a new load sees the change
        ExperimentFile again = ExperimentFile.load(exp);
        assertTrue(!before.equals(again.configKey(again.point(0, new Errors()), null)), "a changed profile is a new configuration");
        assertTrue(!before.equals(f.configKey(f.point(0, new Errors()), 5L)), "so is another seed");
    }

    @Test
    void aRangeTooLongForALongIsAnErrorNotAnOverflow() {
        // (to - from) / step = 1e600 steps: counted in a long it wrapped around and the axis came out empty
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.fatten: {from: 0, to: 1e300, step: 1e-300}
                """, Path.of("s.yaml"));
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("s.yaml:7:20: $.sweep.strategy.fatten: range has more than 1e18 values; at most 1000000"),
                errors.toString());
        ExperimentFile justOver = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.fatten: {from: 0, to: 1000000}
                """, Path.of("s.yaml"));
        assertTrue(justOver.validate().get(0).toString().contains("range has 1000001 values; at most 1000000"),
                justOver.validate().toString());
    }

    @Test
    void aGridOfMoreThanTenMillionPointsIsAnErrorAtOnce() {
        // 10^12 points: enumerating them to validate the file never ended
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: {from: 1, to: 1000000}
                  strategy.fatten: {from: 1, to: 1000000}
                """, Path.of("s.yaml"));
        long start = System.nanoTime();
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "validation must not enumerate the grid");
        assertEquals(List.of("s.yaml:7:3: $.sweep: the sweep has 1000000000000 design points (the product of its axes); "
                + "at most 10000000"), errors);
        assertEquals(0, f.pointCount());
        // seven axes of 1000 values: the product overflows a long
        StringBuilder seven = new StringBuilder(BASE + "sweep:\n");
        for (String path : List.of("strategy.branches", "strategy.fatten", "seed", "replications", "workload.requests",
                "workload.warmup", "input.bytes")) {
            seven.append("  ").append(path).append(": {from: 1, to: 1000}\n");
        }
        List<String> overflow = ExperimentFile.parse(seven.toString(), Path.of("s.yaml")).validate().stream()
                .map(Object::toString).toList();
        assertEquals(1, overflow.size(), overflow.toString());
        assertTrue(overflow.get(0).contains("more than 9223372036854775807 design points"), overflow.toString());
    }

    @Test
    void aSweptPathOfThousandsOfSegmentsIsAnError() {
        // an explicit YAML key may be long: substituting it recursed once per segment, into a StackOverflowError
        ExperimentFile f = ExperimentFile.parse(BASE + "sweep:\n  ? strategy" + ".x".repeat(24_000) + "\n  : [1]\n",
                Path.of("s.yaml"));
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        assertEquals(List.of("s.yaml:7:5: $.sweep: a swept path has at most 100 segments; this one has 24001"), errors);
    }

    @Test
    void aModelFileIsReadOnceForTheWholeSweep() {
        // every point read it three times (its key twice, its binding once) and parsed it again
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        FileSource counting = p -> {
            reads.incrementAndGet();
            return """
                    name: tiny
                    input: [3, 8, 8]
                    layers:
                      - {name: c, type: conv2d, filters: 4, kernel: 3}
                      - {type: flatten}
                      - {name: fc, type: dense, units: 10, head: true}
                    """;
        };
        ExperimentFile f = ExperimentFile.parse(BASE.replace("model: lenet", "model: {file: m/tiny.yaml}") + """
                sweep:
                  strategy.branches: [1, 2, 4]
                  seed: [1, 2, 3]
                """, Path.of("dir/s.yaml"), counting);
        assertTrue(f.validate().isEmpty(), f.validate().toString());
        Errors errors = new Errors();
        java.util.Set<String> keys = new java.util.HashSet<>();
        java.util.Set<Object> models = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ExperimentFile.DesignPoint p : f.points(errors)) {
            keys.add(f.configKey(p, null));
            keys.add(f.configKey(p, null));
            models.add(f.bind(p, errors).model());
        }
        assertEquals(9, keys.size());
        assertEquals(1, models.size(), "one model object serves every point");
        assertEquals(1, reads.get());
    }
}

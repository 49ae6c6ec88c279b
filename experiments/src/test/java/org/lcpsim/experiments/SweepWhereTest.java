package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.Errors;

/**
 * {@code sweep.where} cannot make a sweep vanish in silence: a name that is no field of the
 * experiment, a comparison that can never hold because of the kinds of its sides, a condition
 * that is not one, and a filter that keeps no point are positioned errors.
 */
class SweepWhereTest {
    private static final String BASE = """
            name: s
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: {preset: wifi-rpi}
            """;

    /** The errors of the file BASE + sweep (its lines start at line 6), as printed. */
    private static List<String> errors(String sweep) {
        return ExperimentFile.parse(BASE + sweep, Path.of("s.yaml")).validate().stream().map(Object::toString).toList();
    }

    private static void assertOneError(String sweep, String prefix, String fragment) {
        List<String> errors = errors(sweep);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(prefix), errors.toString());
        assertTrue(errors.get(0).contains(fragment), errors.toString());
    }

    @Test
    void aMisspelledFieldIsAnErrorAtTheNameWithTheClosestField() {
        // it compared as null: never ordered, so the filter kept no point and the file was "ok (0 design points)"
        assertOneError("""
                sweep:
                  strategy.branches: [1, 2, 4]
                  where: strategy.brnches <= cluster.devices.0.count
                """, "s.yaml:8:10: $.sweep.where: unknown field 'strategy.brnches'", "did you mean 'strategy.branches'?");
        // the column is the name's, also further into the condition and inside quotes
        assertOneError("""
                sweep:
                  strategy.branches: [1, 2, 4]
                  where: "strategy.branches <= cluster.devices.1.count"
                """, "s.yaml:8:32: $.sweep.where: unknown field 'cluster.devices.1.count'",
                "did you mean 'cluster.devices.0.count'?");
        // an unquoted text value reads as a field
        assertOneError("""
                sweep:
                  strategy: [{kind: single}, {kind: lcp, branches: 2}]
                  where: strategy.kind == lcp
                """, "s.yaml:8:27: $.sweep.where: unknown field 'lcp'", "quoted");
    }

    @Test
    void everyFieldAPointCanHaveIsKnown() {
        // a file field inside a list, a swept path into a list, a field only some swept mappings have
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy: [{kind: single}, {kind: lcp, branches: 2}, {kind: lcp, branches: 4}]
                  cluster.devices.0.count: [2, 4]
                  where: >-
                    cluster.devices.0.preset == 'rpi3' and name == 's'
                    and (strategy.kind == 'single' or strategy.branches <= cluster.devices.0.count)
                """, Path.of("s.yaml"));
        assertEquals(List.of(), f.validate());
        assertEquals(5, f.pointCount());
        // a field that only the file's strategy has is replaced in every point by the swept mappings
        assertOneError("""
                sweep:
                  strategy: [{kind: single}, {kind: lcp, branches: 4}]
                  where: strategy.branches == 2 or strategy.fatten == 0
                """, "s.yaml:8:36: $.sweep.where: unknown field 'strategy.fatten'", "neither in the file nor swept");
    }

    @Test
    void aMappingIsNotAValue() {
        assertOneError("""
                sweep:
                  strategy.branches: [1, 2]
                  where: strategy == 2
                """, "s.yaml:8:10: $.sweep.where: 'strategy' is a mapping, not a value", "strategy.branches, strategy.kind");
    }

    @Test
    void textAgainstANumberIsAnError() {
        // strategy.kind >= 2 never held: the sweep vanished
        assertOneError("""
                sweep:
                  strategy: [{kind: single}, {kind: lcp, branches: 2}]
                  where: strategy.kind >= 2
                """, "s.yaml:8:10: $.sweep.where: '>=' compares the field 'strategy.kind' (text) with a number (2)",
                "never holds");
        assertOneError("""
                sweep:
                  strategy.branches: [1, 2, 4]
                  where: strategy.branches == '2'
                """, "s.yaml:8:10: $.sweep.where: '==' compares the field 'strategy.branches' (a number) with text ('2')",
                "never holds");
        assertOneError("""
                sweep:
                  strategy.branches: [1, 2, 4]
                  where: strategy.branches <= 4 and strategy.kind != 2
                """, "s.yaml:8:37: $.sweep.where: '!=' compares the field 'strategy.kind' (text)", "always holds");
        assertOneError("""
                sweep:
                  strategy.branches: [1, 2, 4]
                  where: strategy.kind < strategy.branches
                """, "s.yaml:8:10: $.sweep.where: '<' compares the field 'strategy.kind' (text) with the field "
                        + "'strategy.branches' (a number)", "never holds");
        // text ordered against text, numbers against numbers: fine
        assertEquals(List.of(), errors("""
                sweep:
                  strategy.branches: [1, 2, 4]
                  where: strategy.kind >= 'l' and strategy.branches > 1.5
                """));
    }

    @Test
    void whereMustBeATextCondition() {
        // where: 42 and where: true kept every point; where: false none
        for (String value : List.of("42", "true", "false", "{a: 1}", "[]", "[strategy.branches > 1, 7]", "[[x]]")) {
            List<String> errors = errors("sweep:\n  strategy.branches: [1, 2, 4]\n  where: " + value + "\n");
            assertEquals(1, errors.size(), value + ": " + errors);
            assertTrue(errors.get(0).startsWith("s.yaml:8:"), errors.toString());
            assertTrue(errors.get(0).contains("$.sweep.where: expected a condition such as"), errors.toString());
        }
        // a quoted number or a field alone is no condition either
        assertOneError("sweep:\n  strategy.branches: [1, 2, 4]\n  where: '42'\n", "s.yaml:8:11: $.sweep.where: expected a "
                + "condition such as 'strategy.branches <= 4', not a number (42)", "");
        assertOneError("sweep:\n  strategy.branches: [1, 2, 4]\n  where: strategy.branches and strategy.branches < 4\n",
                "s.yaml:8:10: $.sweep.where: expected a condition such as 'strategy.branches == ...', not the field "
                        + "'strategy.branches' alone (a number)", "");
        // a list of conditions, all of which must hold, stays
        ExperimentFile f = ExperimentFile.parse(BASE + "sweep:\n  strategy.branches: [1, 2, 4]\n"
                + "  where: [strategy.branches > 1, strategy.branches < 4]\n", Path.of("s.yaml"));
        assertEquals(List.of(), f.validate());
        assertEquals(1, f.pointCount());
    }

    @Test
    void aFilterThatKeepsNoPointIsAnError() {
        // it was "ok (0 design points)", and the run an empty report
        String sweep = """
                sweep:
                  strategy.branches: [1, 2, 4]
                  cluster.devices.0.count: [1, 2]
                  where: strategy.branches > cluster.devices.0.count * 4
                """;
        // ('*' is no operator: that one does not parse)
        assertTrue(errors(sweep).get(0).startsWith("s.yaml:9:10: $.sweep.where: "), errors(sweep).toString());
        assertOneError(sweep.replace("cluster.devices.0.count * 4", "8"), "s.yaml:9:10: $.sweep.where: keeps no design point",
                "the filter rejected all 6 grid points");
        // with sampling too
        assertOneError(sweep.replace("cluster.devices.0.count * 4", "8") + "  sample: {count: 2, seed: 1}\n",
                "s.yaml:9:10: $.sweep.where: keeps no design point", "rejected all 6 grid points");
    }

    @Test
    void aBadFilterOverALargeGridIsFoundWithoutVisitingThePoints() {
        // 4,000,000 grid points: names and kinds are checked on the axes' values, and no point is bound
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.fatten: {from: 0, to: 0.9999, step: 0.0001}
                  input.bytes: {from: 1, to: 400}
                  where: strategy.fatten < 0.5 and input.byte > 100
                """, Path.of("s.yaml"));
        long start = System.nanoTime();
        List<String> errors = f.validate().stream().map(Object::toString).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(List.of("s.yaml:9:36: $.sweep.where: unknown field 'input.byte': neither in the file nor swept "
                + "(did you mean 'input.bytes'?)"), errors);
        assertTrue(seconds < 5, "validation took " + seconds + " s");
    }

    @Test
    void aPointThatCannotBeSubstitutedIsNotSilentlyFilteredOut() {
        // the filter's enumeration dropped the substitution error: the point just vanished
        List<String> errors = errors("""
                sweep:
                  cluster.devices.2.count: [1, 2]
                  where: cluster.devices.2.count > 0
                """);
        assertTrue(errors.stream().anyMatch(e -> e.contains("$.sweep.cluster.devices.2.count: cannot sweep this path")),
                errors.toString());
    }

    @Test
    void theFilterStillFiltersAsBefore() {
        ExperimentFile f = ExperimentFile.parse(BASE + """
                sweep:
                  strategy.branches: {from: 1, to: 8}
                  where: not (strategy.branches == 3) and (strategy.branches < 3 or strategy.branches >= 7)
                """, Path.of("s.yaml"));
        assertEquals(List.of(), f.validate());
        assertEquals(List.of("1", "2", "7", "8"),
                f.points(new Errors()).stream().map(p -> p.values().get("strategy.branches")).toList());
    }
}

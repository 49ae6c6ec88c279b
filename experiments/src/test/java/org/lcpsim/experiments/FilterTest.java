package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.Errors;

class FilterTest {
    private static boolean test(String expr, Map<String, Object> values) {
        return Filter.parse(expr).test(values::get);
    }

    @Test
    void nanIsUnorderedAndMinusZeroEqualsZero() {
        Map<String, Object> nan = Map.of("x", Double.NaN);
        // Double.compare puts NaN above everything: 'x >= 3' held for a NaN
        for (String op : List.of("==", "<", "<=", ">", ">=")) {
            assertFalse(test("x " + op + " 3", nan), "NaN " + op + " 3");
            assertFalse(test("x " + op + " x", nan), "NaN " + op + " NaN");
        }
        assertTrue(test("x != 3", nan));
        Map<String, Object> minusZero = Map.of("x", -0.0);
        assertTrue(test("x == 0", minusZero));
        assertTrue(test("x >= 0", minusZero));
        assertFalse(test("x < 0", minusZero));
    }

    @Test
    void numbersAddAndSubtractBeforeTheyCompare() {
        Map<String, Object> v = Map.of("a", 2.0, "b", 3.0, "n", 6.0, "t", "x");
        assertTrue(test("a + b <= n", v));
        assertTrue(test("a + b + 1 <= n", v));
        assertFalse(test("a + b + 2 <= n", v));
        assertTrue(test("n - a - b == 1", v), "left to right");
        assertTrue(test("(a + b) == 5 or a + b == 4", v));
        assertTrue(test("n >= a + b and not (a - b > 0)", v));
        // a sum of anything but numbers is unknown: equal to null only, never ordered
        assertFalse(test("a + missing <= 100", v));
        assertFalse(test("a + t <= 100", v));
        assertTrue(test("a + missing == missing", v));
        // compiled alike
        Filter f = Filter.parse("a + b <= n");
        List<String> slots = List.of("a", "b", "n");
        assertTrue(f.compile(slots::indexOf).test(new Object[] {2.0, 3.0, 5.0}));
        assertFalse(f.compile(slots::indexOf).test(new Object[] {2.0, 3.0, 4.0}));
        assertEquals(java.util.Set.of("a", "b", "n"), f.names());
        // the operator is a token of its own; a name with a dash stays a name
        assertEquals(java.util.Set.of("a-b"), Filter.parse("a-b <= 1").names());
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("a + <= 1"));
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("+ a <= 1"));
        // kinds: a sum is a number, of numbers only, and no condition alone
        java.util.function.Function<String, java.util.Set<Filter.Kind>> kinds = name -> name.equals("t")
                ? java.util.EnumSet.of(Filter.Kind.TEXT) : java.util.EnumSet.of(Filter.Kind.NUMBER);
        assertTrue(Filter.parse("a + b <= n").typeProblems(kinds).isEmpty());
        assertTrue(Filter.parse("a + t <= n").typeProblems(kinds).get(0).message().contains("'+' adds numbers, not the field 't'"));
        assertTrue(Filter.parse("a + b == 'x'").typeProblems(kinds).get(0).message().contains("a sum (a number)"));
        assertTrue(Filter.parse("a + b").typeProblems(kinds).get(0).message().contains("not a sum alone"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(50_000) + "1" + ")".repeat(50_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Filter.parse(deep));
        assertTrue(e.getMessage().contains("nests parentheses or 'not' more than " + Filter.MAX_DEPTH + " deep"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("not ".repeat(50_000) + "1"));
        // as deep as allowed still works
        int d = Filter.MAX_DEPTH;
        assertTrue(test("(".repeat(d) + "1 == 1" + ")".repeat(d), Map.of()));
        assertTrue(test("not ".repeat(d) + "1", Map.of()));
    }

    @Test
    void yamlNumbersJavaDoesNotReadAreNumbers() {
        assertEquals(1000.0, Filter.yamlNumber("1_000"));
        assertEquals(16.0, Filter.yamlNumber("0x10"));
        assertEquals(-8.0, Filter.yamlNumber("-0o10"));
        assertEquals(Double.POSITIVE_INFINITY, Filter.yamlNumber(".inf"));
        assertEquals(Double.NEGATIVE_INFINITY, Filter.yamlNumber("-.Inf"));
        assertTrue(Double.isNaN(Filter.yamlNumber(".NaN")));
        assertEquals(null, Filter.yamlNumber("twelve"));
    }

    @Test
    void sweptValuesInYamlNotationFilterAsNumbers() {
        // these crashed the filter with "For input string: ..." (exit 1)
        ExperimentFile f = ExperimentFile.parse("""
                name: s
                model: lenet
                strategy: {kind: lcp, branches: 2}
                cluster: {devices: [{preset: rpi3, count: 4}]}
                network: {preset: wifi-rpi}
                input: {bytes: 100}
                sweep:
                  input.bytes: [1_000, 0x10, 20]
                  where: input.bytes > 16
                """, Path.of("s.yaml"));
        assertEquals(List.of("1_000", "20"), f.points(new Errors()).stream().map(p -> p.values().get("input.bytes")).toList());
    }

    @Test
    void aBoundIsAComparisonOfOneNameWithANumberEitherWayRound() {
        Filter.Bound b = Filter.parse("accuracy_drop_pct <= 3").bound();
        assertEquals(new Filter.Bound("accuracy_drop_pct", "<=", 3.0), b);
        assertEquals(0.66, b.slack(2.34), 1e-12);
        assertEquals(-1.0, b.slack(4), 1e-12);
        Filter.Bound flipped = Filter.parse("10 < throughput_ips").bound();
        assertEquals(new Filter.Bound("throughput_ips", ">", 10.0), flipped);
        assertEquals(2.0, flipped.slack(12), 1e-12);
        assertEquals(null, Filter.parse("swap_mb_max == 0").bound());
        assertEquals(null, Filter.parse("a <= 3 and b <= 4").bound());
        assertEquals(null, Filter.parse("a <= b").bound());
        assertEquals(null, Filter.parse("model <= 'x'").bound());
    }
}

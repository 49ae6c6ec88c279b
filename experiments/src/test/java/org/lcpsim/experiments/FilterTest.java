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

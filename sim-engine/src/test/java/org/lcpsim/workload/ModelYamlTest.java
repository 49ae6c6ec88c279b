package org.lcpsim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Yaml;

class ModelYamlTest {
    private static Model bind(String yaml, Errors errors) {
        return ModelYaml.bind(Yaml.parse(yaml, "m.yaml"), errors);
    }

    @Test
    void readsAGraphWithHeadAndExplicitInputs() {
        Errors errors = new Errors();
        Model m = bind("""
                name: res
                input: [8, 16, 16]
                layers:
                  - {name: a, type: conv2d, filters: 8, kernel: 3, padding: same, bias: false}
                  - {name: b, type: conv2d, filters: 8, kernel: [1, 1]}
                  - {name: sum, type: add, inputs: [a, b]}
                  - {type: global-avg-pool}
                  - {name: fc, type: dense, units: 4, head: true}
                  - {type: softmax}
                """, errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        assertEquals("fc", m.headStart());
        assertEquals(List.of("a", "b"), m.layer("sum").inputs());
        // a: 16*16*8*8*9 MACs, 8*8*9 params; b: 16*16*8*8, 8*8+8; fc: 8*4, 8*4+4
        assertEquals(16 * 16 * 8 * 8 * 9 + 16 * 16 * 8 * 8 + 32, m.macs());
        assertEquals(8 * 8 * 9 + 8 * 8 + 8 + 36, m.params());
        assertEquals(Shape.vector(4), m.outputShape());
        assertEquals("global-avg-pool_1", m.layers().get(3).name());
    }

    /**
     * Activations by name and alias, each costing its FLOPs per element on a 4 x 5 x 5 tensor
     * (100 elements): sigmoid 4, swish (silu) 5, hard swish 4, hard sigmoid 3, gelu 9, relu 1.
     */
    @Test
    void activationsCostTheirFlopsPerElement() {
        Errors errors = new Errors();
        Model m = bind("""
                name: acts
                input: [4, 5, 5]
                layers:
                  - {name: sg, type: activation, function: sigmoid}
                  - {name: sw, type: activation, function: swish}
                  - {name: si, type: activation, function: silu}
                  - {name: hs, type: activation, function: hardswish}
                  - {name: hs2, type: activation, function: hard_swish}
                  - {name: hsg, type: activation, function: hard-sigmoid}
                  - {name: ge, type: activation, function: gelu}
                  - {name: re, type: activation}
                  - {name: fc, type: dense, units: 2, head: true}
                """, errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        assertEquals(new Op.Activation(Op.ActivationKind.SWISH), m.layer("si").op());
        assertEquals(m.layer("sw").op(), m.layer("si").op());
        assertEquals(new Op.Activation(Op.ActivationKind.HARD_SWISH), m.layer("hs").op());
        assertEquals(m.layer("hs").op(), m.layer("hs2").op());
        assertEquals(new Op.Activation(Op.ActivationKind.RELU), m.layer("re").op());
        java.util.Map<String, Long> flops = java.util.Map.of("sg", 400L, "sw", 500L, "si", 500L, "hs", 400L, "hs2", 400L,
                "hsg", 300L, "ge", 900L, "re", 100L);
        flops.forEach((layer, f) -> {
            assertEquals(f, m.layer(layer).flops(), layer);
            assertEquals(LayerKind.ELEMENTWISE, m.layer(layer).kind(), layer);
            assertEquals(0, m.layer(layer).params(), layer);
            assertEquals(0, m.layer(layer).macs(), layer);
        });
    }

    @Test
    void anUnknownActivationListsTheKnownOnes() {
        Errors errors = new Errors();
        assertNull(bind("""
                name: bad
                input: [3, 8, 8]
                layers:
                  - {type: activation, function: mish}
                """, errors));
        String line = errors.list().get(0).toString();
        assertTrue(line.startsWith("m.yaml:4:34: $.layers[0].function: unknown value 'mish'"), line);
        for (String name : List.of("gelu", "swish", "silu", "hardswish", "sigmoid")) {
            assertTrue(line.contains(name), line);
        }
    }

    @Test
    void reportsEveryBadLayerWithItsPosition() {
        Errors errors = new Errors();
        Model m = bind("""
                name: bad
                input: [3, 8, 8]
                layers:
                  - {type: conv2d, filters: -4, kernel: 3}
                  - {type: warp}
                  - {type: dense, units: 10, colour: red}
                """, errors);
        assertNull(m);
        List<String> lines = errors.list().stream().map(ConfigError::toString).toList();
        assertTrue(lines.contains("m.yaml:4:29: $.layers[0].filters: must be >= 1, got -4"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("m.yaml:5:12: $.layers[1].type: unknown value 'warp'")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("m.yaml:6:30: $.layers[2].colour: unknown field")), lines.toString());
    }

    @Test
    void shapeErrorsNameTheLayer() {
        Errors errors = new Errors();
        bind("""
                name: small
                input: [3, 4, 4]
                layers:
                  - {name: big, type: conv2d, filters: 2, kernel: 7}
                """, errors);
        assertEquals(1, errors.size());
        assertTrue(errors.list().get(0).toString().contains("layer 'big': window 7 with stride 1 does not fit input 4"),
                errors.list().toString());
    }

    @Test
    void unknownInputTensor() {
        Errors errors = new Errors();
        bind("""
                name: x
                input: [4]
                layers:
                  - {name: fc, type: dense, units: 2, inputs: [nothere]}
                """, errors);
        assertTrue(errors.list().get(0).toString().contains("reads unknown tensor 'nothere'"), errors.list().toString());
    }

    @Test
    void aLayerTooLargeToCountIsAPositionedError() {
        // flattening 2e9 channels of 30x30 overflowed an int: "integer overflow" and exit 1, with no position
        Errors errors = new Errors();
        Model m = bind("""
                name: huge
                input: [3, 32, 32]
                layers:
                  - {name: c, type: conv2d, filters: 2000000000, kernel: 3}
                  - {type: flatten}
                  - {name: fc, type: dense, units: 10, head: true}
                """, errors);
        assertNull(m);
        // now refused at the convolution already: 1.8e12 elements is beyond the largest tensor a model may hold
        assertEquals(List.of("m.yaml:4:5: $.layers[0]: layer sizes too large: its output has 1800000000000 elements"
                + " (2000000000x30x30); a tensor may have at most 2^40 (1099511627776) (counts are 64-bit integers, with room"
                + " for LCP's wider and more numerous branches)"), errors.list().stream().map(ConfigError::toString).toList());
    }

    @Test
    void countsThatWouldOverflowALongAreRefusedWhereTheyArise() {
        // [3, 2^31-1, 2^31-1]: its elements overflowed a long into a negative MAC count; validate said ok, run failed
        Errors errors = new Errors();
        assertNull(bind("""
                name: huge
                input: [3, 2147483647, 2147483647]
                layers:
                  - {name: fc, type: dense, units: 10, head: true}
                """, errors));
        assertEquals(List.of("m.yaml:2:8: $.input: the input has 13835058042397261827 elements; a tensor may have at most"
                + " 2^40 (1099511627776)"), errors.list().stream().map(ConfigError::toString).toList());
        // a padding of 2^31 - 1 wrapped an int around; multiply-accumulates beyond 1e14 per inference
        Errors padded = new Errors();
        assertNull(bind("""
                name: padded
                input: [3, 8, 8]
                layers:
                  - {name: c, type: conv2d, filters: 4, kernel: 3, padding: 2147483647}
                """, padded));
        assertTrue(padded.list().get(0).toString().startsWith("m.yaml:4:5: $.layers[0]: layer sizes too large: an output of"),
                padded.list().toString());
        Errors macs = new Errors();
        assertNull(bind("""
                name: heavy
                input: [3, 1000, 1000]
                layers:
                  - {name: c, type: conv2d, filters: 100000, kernel: 21, padding: same}
                """, macs));
        assertTrue(macs.list().get(0).toString().contains("the model's multiply-accumulates reach"), macs.list().toString());
    }

    @Test
    void aModelHasOneClassifierHead() {
        // the second mark silently moved the head: LCP split another model than the one described
        Errors errors = new Errors();
        assertNull(bind("""
                name: two-heads
                input: [3, 8, 8]
                layers:
                  - {name: c, type: conv2d, filters: 4, kernel: 3}
                  - {type: flatten}
                  - {name: fc1, type: dense, units: 10, head: true}
                  - {name: fc2, type: dense, units: 10, head: true}
                """, errors));
        assertEquals(List.of("m.yaml:7:47: $.layers[3].head: a model has one classifier head, and $.layers[2] ('fc1') starts"
                + " it already"), errors.list().stream().map(ConfigError::toString).toList());
    }
}

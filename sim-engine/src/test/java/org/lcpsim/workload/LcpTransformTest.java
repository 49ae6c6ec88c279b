package org.lcpsim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LcpTransformTest {

    private static final Op RELU = new Op.Activation(Op.ActivationKind.RELU);

    private static void assertWithin(double expected, double actual, double fraction, String what) {
        double err = Math.abs(actual / expected - 1.0);
        assertTrue(err <= fraction, what + ": " + actual + " is " + String.format("%.2f%%", 100 * err)
                + " away from " + expected + " (allowed " + 100 * fraction + "%)");
    }

    /** input 3x8x8 -> conv a 8x3x3 pad 1 -> relu -> conv b 16x3x3 pad 1 -> global avg -> [head] dense 10. */
    private static Model tiny() {
        return new ModelBuilder("tiny", new Shape(3, 8, 8))
                .add("a", Op.Conv2d.of(8, 3, 1, Padding.of(1)))
                .add("relu", RELU)
                .add("b", Op.Conv2d.of(16, 3, 1, Padding.of(1)))
                .add("gap", new Op.GlobalPool(Op.PoolKind.AVG))
                .head().add("fc", new Op.Dense(10, true))
                .add("softmax", new Op.Softmax())
                .build();
    }

    @Test
    void scaledWidthRoundsAndNeverVanishes() {
        assertEquals(8, LcpTransform.scaledWidth(64, 8, 0.0));
        assertEquals(11, LcpTransform.scaledWidth(64, 8, 0.4)); // round(11.2)
        assertEquals(717, LcpTransform.scaledWidth(4096, 8, 0.4)); // round(716.8)
        assertEquals(1, LcpTransform.scaledWidth(6, 8, 0.0)); // round(0.75)
        assertEquals(1, LcpTransform.scaledWidth(3, 8, 0.0)); // round(0.375) = 0 -> 1
        assertEquals(64, LcpTransform.scaledWidth(64, 1, 0.0));
    }

    @Test
    void tinyModelByHand() {
        Model m = tiny();
        // a: 3*9*8+8=224, b: 8*9*16+16=1168, fc: 16*10+10=170
        assertEquals(1562, m.params());
        // a: 64*8*27=13824, b: 64*16*72=73728, fc 160
        assertEquals(87_712, m.macs());

        LcpModel s = LcpTransform.split(m, 2, 0.0);
        assertEquals(2, s.branches());
        assertEquals("split2", s.variant());
        // branch: a 4 filters on the shared 3-channel input (3*9*4+4=112), b 8 filters on 4 (4*9*8+8=296)
        assertEquals(112 + 296, s.branch().params());
        assertEquals(new Shape(4, 8, 8), s.branch().shapeOf("a"));
        assertEquals(Shape.vector(8), s.branch().outputShape());
        // head: the same dense on the concatenation of 2 x 8 = 16 values
        assertEquals(Shape.vector(16), s.head().inputShape());
        assertEquals(170, s.head().params());
        assertEquals(2 * 408 + 170, s.params());
        // MACs: 2 * (64*4*27 + 64*8*36) + 160 = A/K + B with A = 73728 (b), B = 13824 (a) + 160 (fc)
        assertEquals(2 * (6912 + 18_432) + 160, s.macs());
        assertEquals(73_728 / 2 + 13_824 + 160, s.macs());
        assertEquals(2 * s.branch().flops() + s.head().flops(), s.flops());
        assertEquals(8 * 4, s.branchOutputBytes(DataType.FP32));
        assertEquals(List.of("fc", "softmax"), s.head().layers().stream().map(Layer::name).toList());
    }

    @Test
    void identityTransformKeepsEveryZooModelsCounts() {
        for (String n : ModelZoo.names()) {
            Model m = ModelZoo.get(n);
            LcpModel s = LcpTransform.split(m, 1, 0.0);
            assertEquals("original", s.variant());
            assertEquals(m.params(), s.params(), n);
            assertEquals(m.macs(), s.macs(), n);
            assertEquals(m.flops(), s.flops(), n);
            assertEquals(m.outputShape(), s.head().outputShape(), n);
        }
    }

    @Test
    void everyZooModelSplitsIntoTwoFourAndEight() {
        for (String n : ModelZoo.names()) {
            Model m = ModelZoo.get(n);
            long previous = Long.MAX_VALUE;
            for (int k : new int[] {2, 4, 8}) {
                LcpModel s = LcpTransform.split(m, k, 0.0);
                assertEquals(k, s.branches());
                assertEquals("split" + k, s.variant());
                assertEquals(m.outputShape(), s.head().outputShape(), n);
                assertEquals(s.branch().outputShape().channels() * k, s.head().inputShape().channels(), n);
                assertTrue(s.params() < previous, n + " split" + k);
                previous = s.params();
            }
        }
    }

    @Test
    void vgg16WidthsAreDividedAndFattened() {
        Model vgg = ModelZoo.get("vgg16");
        LcpModel s8 = LcpTransform.split(vgg, 8, 0.0);
        assertEquals(8, s8.branch().shapeOf("conv1_1").channels());
        assertEquals(new Shape(64, 7, 7), s8.branch().shapeOf("pool5"));
        assertEquals(Shape.vector(512), s8.branch().shapeOf("fc7"));
        // the first conv still reads all 3 input channels: 3*9*8+8
        assertEquals(224, s8.branch().layer("conv1_1").params());
        // head kept whole: fc8 reads 8 x 512 = 4096 values and keeps its 4096*1000+1000 params
        Layer fc8 = s8.head().layer("fc8");
        assertEquals(Shape.vector(4096), fc8.inputShapes().get(0));
        assertEquals(vgg.layer("fc8").params(), fc8.params());
        assertEquals(512 * 4, s8.branchOutputBytes(DataType.FP32));

        LcpModel f40 = LcpTransform.split(vgg, 8, 0.4);
        assertEquals("split8-f40", f40.variant());
        assertEquals(11, f40.branch().shapeOf("conv1_1").channels());
        assertEquals(Shape.vector(717), f40.branch().shapeOf("fc7"));
        assertEquals(Shape.vector(8 * 717), f40.head().inputShape());
        // the paper's MACs for split8 (2.01G) and split8-f40 (3.87G) are met within 1%
        assertWithin(2.01e9, s8.macs(), 0.01, "vgg16-split8 MACs");
        assertWithin(3.87e9, f40.macs(), 0.01, "vgg16-split8-f40 MACs");
    }

    @Test
    void resnet18Split2MatchesThePaper() {
        LcpModel s = LcpTransform.split(ModelZoo.get("resnet18"), 2, 0.0);
        // the paper's 2-branch ResNet-18: stem 32, stages 32/64/128/256, concatenated 2 x 256 -> fc 1000
        assertEquals(32, s.branch().shapeOf("conv1").channels());
        assertEquals(new Shape(256, 7, 7), s.branch().shapeOf("layer4.1.relu"));
        assertEquals(new Shape(256, 7, 7), s.branch().shapeOf("layer4.0.downsample.1"));
        assertEquals(Shape.vector(512), s.head().inputShape());
        assertWithin(6.11e6, s.params(), 0.02, "resnet18-split2 params");
        assertWithin(0.98e9, s.macs(), 0.03, "resnet18-split2 MACs");
    }

    @Test
    void depthwiseAndBatchNormFollowTheirInput() {
        LcpModel s = LcpTransform.split(ModelZoo.get("mobilenet"), 8, 0.0);
        assertEquals(4, s.branch().shapeOf("conv1").channels());
        assertEquals(4, s.branch().shapeOf("conv_dw_1").channels());
        assertEquals(8, s.branch().layer("conv1_bn").params());
        assertEquals(8, s.branch().shapeOf("conv_pw_1").channels());
        assertEquals(Shape.vector(128), s.branch().outputShape());
        assertEquals(Shape.vector(1024), s.head().inputShape());
    }

    @Test
    void rejectsBadArguments() {
        Model m = tiny();
        assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, -2, 0.0));
        assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 2, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsModelWithoutHead() {
        Model noHead = new ModelBuilder("nohead", new Shape(3, 8, 8))
                .add("a", Op.Conv2d.of(8, 3, 1, Padding.of(1)))
                .add("fc", new Op.Dense(10, true))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LcpTransform.split(noHead, 2, 0.0));
        assertTrue(e.getMessage().contains("head"), e.getMessage());
    }

    @Test
    void rejectsHeadThatDoesNotReadTheLastBodyLayer() {
        // 'c' has the same shape as 'b'; the head reads 'b', so a branch (whose output is 'c')
        // would ship the wrong tensor
        Model m = new ModelBuilder("skip", new Shape(3, 4, 4))
                .add("a", Op.Conv2d.of(4, 1, 1, Padding.VALID))
                .add("b", RELU)
                .add("c", Op.Conv2d.of(4, 1, 1, Padding.VALID))
                .head().add("fc", new Op.Dense(2, true), List.of("b"))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 2, 0.0));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }

    @Test
    void headMayReadOnlyTheLastBodyLayer() {
        // a later head layer may read the branch output again (it is the concatenated head input) ...
        Model again = new ModelBuilder("again", new Shape(3, 4, 4))
                .add("a", Op.Conv2d.of(4, 1, 1, Padding.VALID))
                .add("gap", new Op.GlobalPool(Op.PoolKind.AVG))
                .head().add("fc", new Op.Dense(4, true))
                .add("sum", new Op.Add(), List.of("fc", "gap"))
                .build();
        LcpModel s = LcpTransform.split(again, 2, 0.0);
        assertEquals(List.of("fc", Model.INPUT), s.head().layer("sum").inputs());
        // ... but not an earlier body tensor, which exists only inside the branches
        Model early = new ModelBuilder("early", new Shape(3, 4, 4))
                .add("a", Op.Conv2d.of(4, 1, 1, Padding.VALID))
                .add("gap", new Op.GlobalPool(Op.PoolKind.AVG))
                .head().add("fc", new Op.Dense(4, true))
                .add("pa", new Op.GlobalPool(Op.PoolKind.MAX), List.of("a"))
                .add("sum", new Op.Add(), List.of("fc", "pa"))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LcpTransform.split(early, 2, 0.0));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    /** Uneven branches: each keeps its share of every width; equal shares give the classic transform. */
    @Test
    void unevenBranchesKeepTheirShareOfEveryWidth() {
        Model vgg = ModelZoo.get("vgg16");
        LcpModel quarters = LcpTransform.split(vgg, new double[] {0.25, 0.25, 0.25, 0.25}, 0.0);
        LcpModel equal = LcpTransform.split(vgg, 4, 0.0);
        assertEquals(equal.params(), quarters.params());
        assertEquals(equal.macs(), quarters.macs());
        assertEquals(equal.head().inputShape(), quarters.head().inputShape());

        LcpModel uneven = LcpTransform.split(vgg, new double[] {0.5, 0.3, 0.2}, 0.4);
        // conv1_1 has 64 filters: round(64 * 1.4 * share)
        assertEquals(45, uneven.branch(0).shapeOf("conv1_1").channels());
        assertEquals(27, uneven.branch(1).shapeOf("conv1_1").channels());
        assertEquals(18, uneven.branch(2).shapeOf("conv1_1").channels());
        // fc7 has 4096 units: the head reads the concatenation of the three widths
        int fc7 = uneven.branch(0).outputShape().channels() + uneven.branch(1).outputShape().channels()
                + uneven.branch(2).outputShape().channels();
        assertEquals(Math.round(4096 * 1.4 * 0.5) + Math.round(4096 * 1.4 * 0.3) + Math.round(4096 * 1.4 * 0.2), fc7);
        assertEquals(fc7, uneven.head().inputShape().channels());
        assertEquals(uneven.branch(0).params() + uneven.branch(1).params() + uneven.branch(2).params()
                + uneven.head().params(), uneven.params());
        assertEquals("split3-f40-w50-30-20", uneven.variant());
        assertTrue(LcpModel.isUneven(uneven.variant()));
        assertFalse(LcpModel.isUneven(equal.variant()));
        assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(vgg, new double[] {0.5, 0.4}, 0.0));
    }
}

package org.lcpsim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeAndOpTest {

    private static Layer only(Op op, Shape... inputs) {
        List<Shape> in = List.of(inputs);
        Shape out = op.outputShape(in);
        return new Layer("l", op, List.of(), in, out, op.counts(in, out));
    }

    // ------------------------------------------------------------------ shapes and padding

    @Test
    void shapeBasics() {
        Shape s = new Shape(3, 4, 5);
        assertEquals(60, s.elements());
        assertEquals(240, s.bytes(DataType.FP32));
        assertEquals(60, s.bytes(DataType.INT8));
        assertEquals(new Shape(7, 1, 1), Shape.vector(7));
        assertEquals("3x4x5", s.toString());
        assertEquals("7", Shape.vector(7).toString());
        assertThrows(IllegalArgumentException.class, () -> new Shape(0, 1, 1));
    }

    @Test
    void sameValidAndExplicitPadding() {
        // in 7, kernel 3, stride 2
        assertEquals(4, Padding.SAME.outputLength(7, 3, 2)); // ceil(7/2)
        assertEquals(3, Padding.VALID.outputLength(7, 3, 2)); // (7-3)/2+1
        assertEquals(4, Padding.of(1).outputLength(7, 3, 2)); // (7+2-3)/2+1
        assertEquals(3, Padding.of(0).outputLength(7, 3, 2));
        // SAME ignores the kernel: 224 / stride 2 = 112 for any window
        assertEquals(112, Padding.SAME.outputLength(224, 7, 2));
        assertEquals(224, Padding.of(1).outputLength(224, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Padding.VALID.outputLength(2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Padding.of(-1));
    }

    @Test
    void ceilPaddingRoundsUpLikeCaffe() {
        // in 6, kernel 3, stride 2: floor (6-3)/2+1 = 2, ceil = ceil(3/2)+1 = 3
        assertEquals(2, Padding.of(0).outputLength(6, 3, 2));
        assertEquals(3, Padding.ceil(0).outputLength(6, 3, 2));
        // exact fit: no difference
        assertEquals(3, Padding.ceil(0).outputLength(7, 3, 2));
        // Caffe's VGG-S pool1 3x3/3 on 109: ceil(106/3)+1 = 37 vs floor 36
        assertEquals(37, Padding.ceil(0).outputLength(109, 3, 3));
        assertEquals(36, Padding.of(0).outputLength(109, 3, 3));
        // a last window starting in the right padding is dropped (Caffe/PyTorch):
        // in 5, k 2, s 2, pad 1: ceil(5/2)+1 = 4 windows, but the 4th starts at padded index 6 = 5 + pad
        assertEquals(3, Padding.ceil(1).outputLength(5, 2, 2));
        assertEquals(3, Padding.of(1).outputLength(5, 2, 2));
        // in 6, k 3, s 2, pad 1: ceil(5/2)+1 = 4, 4th window starts at 6 < 6 + 1, kept
        assertEquals(4, Padding.ceil(1).outputLength(6, 3, 2));
    }

    // ------------------------------------------------------------------ convolutions

    @Test
    void convShapeMacsAndParams() {
        // 3x5x5, 4 filters 3x3 VALID -> 4x3x3; 36 outputs * 27 MACs
        Layer l = only(Op.Conv2d.of(4, 3, 1, Padding.VALID), new Shape(3, 5, 5));
        assertEquals(new Shape(4, 3, 3), l.outputShape());
        assertEquals(972, l.macs());
        assertEquals(4 * 27 + 4, l.params());
        assertEquals(2 * 972 + 36, l.flops());
        assertEquals(LayerKind.CONV, l.kind());

        // SAME, stride 2: 5 -> 3
        assertEquals(new Shape(4, 3, 3), Op.Conv2d.of(4, 3, 2, Padding.SAME).outputShape(List.of(new Shape(3, 5, 5))));
        // non-square kernel/stride, no bias: 2x6x8, 5 filters 1x3 stride (1,2) pad 1 -> 5 x 8 x 4
        Op rect = new Op.Conv2d(5, 1, 3, 1, 2, Padding.of(1), 1, false);
        Layer r = only(rect, new Shape(2, 6, 8));
        assertEquals(new Shape(5, 8, 4), r.outputShape());
        assertEquals(5 * 2 * 3, r.params());
        assertEquals(160L * 6, r.macs());
        assertEquals(2 * r.macs(), r.flops());
    }

    @Test
    void groupedConv() {
        // 4x6x6, 6 filters 3x3 pad 1 in 2 groups: each filter sees 2 channels
        Op g = new Op.Conv2d(6, 3, 3, 1, 1, Padding.of(1), 2, true);
        Layer l = only(g, new Shape(4, 6, 6));
        assertEquals(new Shape(6, 6, 6), l.outputShape());
        assertEquals(216 * 18, l.macs());
        assertEquals(6 * 18 + 6, l.params());
        // input channels must split into the groups
        assertThrows(IllegalArgumentException.class, () -> g.outputShape(List.of(new Shape(5, 6, 6))));
        // filters too
        assertThrows(IllegalArgumentException.class, () -> new Op.Conv2d(5, 3, 3, 1, 1, Padding.of(1), 2, true));
        // re-widening keeps whole groups
        assertEquals(6, g.withWidth(7).width());
        assertEquals(2, g.withWidth(1).width());
    }

    @Test
    void depthwiseConv() {
        // 8x6x6, 3x3 stride 2 SAME -> 8x3x3; 72 outputs * 9 MACs
        Layer l = only(new Op.DepthwiseConv2d(3, 2, Padding.SAME, 1, false), new Shape(8, 6, 6));
        assertEquals(new Shape(8, 3, 3), l.outputShape());
        assertEquals(648, l.macs());
        assertEquals(72, l.params());
        assertEquals(LayerKind.DEPTHWISE_CONV, l.kind());
        // multiplier 2 with bias: 16 channels
        Layer m = only(new Op.DepthwiseConv2d(3, 1, Padding.VALID, 2, true), new Shape(8, 6, 6));
        assertEquals(new Shape(16, 4, 4), m.outputShape());
        assertEquals(256 * 9, m.macs());
        assertEquals(16 * 9 + 16, m.params());
        // a depthwise conv has no width of its own: LCP leaves it to follow its input
        assertEquals(0, new Op.DepthwiseConv2d(3, 1, Padding.SAME, 1, false).width());
    }

    @Test
    void denseReadsItsInputFlattened() {
        Layer l = only(new Op.Dense(10, true), new Shape(2, 3, 4));
        assertEquals(Shape.vector(10), l.outputShape());
        assertEquals(240, l.macs());
        assertEquals(250, l.params());
        assertEquals(490, l.flops());
        Layer nb = only(new Op.Dense(10, false), Shape.vector(24));
        assertEquals(240, nb.params());
        assertEquals(10, new Op.Dense(10, true).width());
        assertEquals(new Op.Dense(3, true), new Op.Dense(10, true).withWidth(3));
        assertThrows(IllegalArgumentException.class, () -> new Op.Dense(4, true).outputShape(
                List.of(Shape.vector(2), Shape.vector(2))));
    }

    // ------------------------------------------------------------------ other ops

    @Test
    void poolingAndGlobalPooling() {
        Layer l = only(new Op.Pool(Op.PoolKind.MAX, 3, 2, Padding.VALID), new Shape(3, 7, 7));
        assertEquals(new Shape(3, 3, 3), l.outputShape());
        assertEquals(0, l.macs());
        assertEquals(0, l.params());
        assertEquals(27 * 9, l.flops());
        Layer avg = only(new Op.Pool(Op.PoolKind.AVG, 2, 2, Padding.SAME), new Shape(3, 7, 7));
        assertEquals(new Shape(3, 4, 4), avg.outputShape());
        Layer g = only(new Op.GlobalPool(Op.PoolKind.AVG), new Shape(5, 4, 4));
        assertEquals(Shape.vector(5), g.outputShape());
        assertEquals(80, g.flops());
        assertEquals(0, new Op.Pool(Op.PoolKind.MAX, 3, 2, Padding.VALID).width());
    }

    @Test
    void elementwiseOps() {
        Shape s = new Shape(4, 3, 3);
        assertEquals(8, only(new Op.BatchNorm(), s).params());
        assertEquals(72, only(new Op.BatchNorm(), s).flops());
        assertEquals(36, only(new Op.Activation(Op.ActivationKind.RELU6), s).flops());
        assertEquals(36 * 8, only(new Op.Lrn(5), s).flops());
        assertEquals(108, only(new Op.Softmax(), Shape.vector(36)).flops());
        assertEquals(s, only(new Op.Dropout(), s).outputShape());
        assertEquals(Shape.vector(36), only(new Op.Flatten(), s).outputShape());
    }

    @Test
    void addNeedsEqualShapes() {
        Shape s = new Shape(4, 3, 3);
        Layer l = only(new Op.Add(), s, s, s);
        assertEquals(s, l.outputShape());
        assertEquals(72, l.flops()); // two additions per element
        assertThrows(IllegalArgumentException.class, () -> new Op.Add().outputShape(List.of(s, new Shape(4, 3, 2))));
        assertThrows(IllegalArgumentException.class, () -> new Op.Add().outputShape(List.of(s, new Shape(5, 3, 3))));
        assertThrows(IllegalArgumentException.class, () -> new Op.Add().outputShape(List.of(s)));
    }

    @Test
    void concatStacksChannels() {
        Layer l = only(new Op.Concat(), new Shape(2, 4, 4), new Shape(3, 4, 4));
        assertEquals(new Shape(5, 4, 4), l.outputShape());
        assertEquals(0, l.flops());
        assertThrows(IllegalArgumentException.class,
                () -> new Op.Concat().outputShape(List.of(new Shape(2, 4, 4), new Shape(2, 4, 3))));
        assertThrows(IllegalArgumentException.class, () -> new Op.Concat().outputShape(List.of()));
    }

    @Test
    void builderReportsTheFailingLayer() {
        ModelBuilder b = new ModelBuilder("m", new Shape(3, 8, 8))
                .add("a", Op.Conv2d.of(4, 3, 1, Padding.of(1)))
                .add("b", Op.Conv2d.of(4, 3, 2, Padding.of(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.add("sum", new Op.Add(), List.of("a", "b")));
        assertTrue(e.getMessage().contains("'sum'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.add("a", new Op.Dropout()));
        assertThrows(IllegalArgumentException.class, () -> b.add("x", new Op.Dropout(), List.of("nope")));
        assertThrows(IllegalArgumentException.class, () -> b.add(Model.INPUT, new Op.Dropout()));
        // concat of the full-size and the strided tensor fails, of two full-size ones works
        assertThrows(IllegalArgumentException.class, () -> b.add("cat", new Op.Concat(), List.of("a", "b")));
        b.add("cat", new Op.Concat(), List.of("a", Model.INPUT));
        assertEquals(new Shape(7, 8, 8), b.shape("cat"));
        // automatic names count per type
        b.then(new Op.Dropout()).then(new Op.Dropout());
        assertEquals("dropout_2", b.last());
    }
}

package org.lcpsim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The op forms imported graphs need: per-side padding, dilation, rectangular windows, broadcasting, reshapes. */
class GeneralOpsTest {

    private static Shape out(Op op, Shape... inputs) {
        return op.outputShape(List.of(inputs));
    }

    private static Op.Counts counts(Op op, Shape... inputs) {
        return op.counts(List.of(inputs), out(op, inputs));
    }

    @Test
    void paddingPerSide() {
        // squeezenet's ceil-mode pool exported at opset 9: pads [0, 0, 1, 1] on 111 -> 55
        Padding p = Padding.of(0, 0, 1, 1, false);
        assertEquals(55, p.outputHeight(111, 3, 2));
        assertEquals(55, p.outputWidth(111, 3, 2));
        // Inception v3's 1x7 kernel with padding (0, 3): height and width padded differently
        Padding q = Padding.of(0, 3, 0, 3, false);
        assertEquals(17, q.outputHeight(17, 1, 1));
        assertEquals(17, q.outputWidth(17, 7, 1));
        assertEquals("0,3,0,3", q.toString());
        assertEquals("1", Padding.of(1).toString());
        assertEquals("1-ceil", Padding.ceil(1).toString());
        assertThrows(IllegalArgumentException.class, () -> Padding.of(0, -1, 0, 0, false));
    }

    @Test
    void dilatedConvolutionSpansMoreButCostsItsTaps() {
        Op d = new Op.Conv2d(8, 3, 3, 1, 1, Padding.of(2), 1, false, 2, 2);
        assertEquals(new Shape(8, 10, 10), out(d, new Shape(4, 10, 10)));
        assertEquals(10L * 10 * 8 * 4 * 9, counts(d, new Shape(4, 10, 10)).macs());
        Op dw = new Op.DepthwiseConv2d(3, 5, 2, 1, Padding.VALID, 1, false, 1, 1);
        assertEquals(new Shape(4, 4, 6), out(dw, new Shape(4, 10, 10)));
        assertEquals(4L * 4 * 6 * 15, counts(dw, new Shape(4, 10, 10)).macs());
    }

    @Test
    void rectangularPool() {
        Op p = new Op.Pool(Op.PoolKind.AVG, 2, 3, 2, 3, Padding.VALID);
        assertEquals(new Shape(5, 4, 3), out(p, new Shape(5, 8, 9)));
        assertEquals(5L * 4 * 3 * 6, counts(p, new Shape(5, 8, 9)).flops());
    }

    @Test
    void elementwiseBroadcastsAndCountsItsConstant() {
        Op se = new Op.Elementwise("mul", 1, null, false);
        assertEquals(new Shape(16, 7, 7), out(se, new Shape(16, 7, 7), new Shape(16, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> out(se, new Shape(16, 7, 7), new Shape(8, 1, 1)));
        Op scale = new Op.Elementwise("mul", 1, new Shape(16, 1, 1), true);
        assertEquals(16, counts(scale, new Shape(16, 7, 7)).params());
        assertEquals(16L * 49, counts(scale, new Shape(16, 7, 7)).flops());
        // under LCP a per-channel constant follows the branch's channels; a scalar stays
        Op.Elementwise narrowed = (Op.Elementwise) scale.narrowed(List.of(new Shape(16, 7, 7)), List.of(new Shape(4, 7, 7)), Narrowing.equal(4, 0));
        assertEquals(new Shape(4, 1, 1), narrowed.constant());
        Op scalar = new Op.Elementwise("div", 1, new Shape(1, 1, 1), false);
        assertEquals(scalar, scalar.narrowed(List.of(new Shape(16, 7, 7)), List.of(new Shape(4, 7, 7)), Narrowing.equal(4, 0)));
    }

    @Test
    void reshapePadAndResize() {
        assertEquals(new Shape(6, 2, 2), out(new Op.Reshape(new Shape(6, 2, 2)), new Shape(24, 1, 1)));
        assertEquals(new Shape(24, 1, 1), out(new Op.Reshape(null), new Shape(24, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> out(new Op.Reshape(new Shape(5, 1, 1)), new Shape(24, 1, 1)));
        // a reshape that keeps height and width follows the channels of a branch; another cannot
        Op keep = new Op.Reshape(new Shape(8, 4, 4));
        assertEquals(new Op.Reshape(new Shape(2, 4, 4)),
                keep.narrowed(List.of(new Shape(8, 4, 4)), List.of(new Shape(2, 4, 4)), Narrowing.equal(4, 0)));
        Op fixed = new Op.Reshape(new Shape(128, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> fixed.narrowed(List.of(new Shape(8, 4, 4)), List.of(new Shape(2, 4, 4)), Narrowing.equal(4, 0)));
        assertEquals(new Shape(3, 9, 12), out(new Op.Pad(1, 2, 0, 2), new Shape(3, 8, 8)));
        assertEquals(new Shape(3, 6, 6), out(new Op.Pad(-1, -1, -1, -1), new Shape(3, 8, 8)));
        assertEquals(new Shape(3, 16, 16), out(new Op.Resize(16, 16, 4), new Shape(3, 8, 8)));
        assertEquals(3L * 256 * 4, counts(new Op.Resize(16, 16, 4), new Shape(3, 8, 8)).flops());
    }

    @Test
    void groupedConvolutionKeepsItsGroupsChannelsUnderLcp() {
        // ResNeXt: 32 groups of 4 channels; a branch of split8 reads 16 channels: 4 groups of 4
        Op.Conv2d g = new Op.Conv2d(128, 3, 3, 1, 1, Padding.of(1), 32, false);
        Op.Conv2d b8 = (Op.Conv2d) g.narrowed(List.of(new Shape(128, 28, 28)), List.of(new Shape(16, 28, 28)), Narrowing.equal(8, 0));
        assertEquals(4, b8.groups());
        assertEquals(16, b8.filters());
        // two groups of 48 (two-tower AlexNet's conv2) in split8: the branch reads 12, keeps 2 groups
        Op.Conv2d a = new Op.Conv2d(256, 5, 5, 1, 1, Padding.of(2), 2, true);
        Op.Conv2d a8 = (Op.Conv2d) a.narrowed(List.of(new Shape(96, 27, 27)), List.of(new Shape(12, 27, 27)), Narrowing.equal(8, 0));
        assertEquals(2, a8.groups());
        assertEquals(32, a8.filters());
        // an ungrouped convolution is scaled as the zoo's are
        Op.Conv2d plain = Op.Conv2d.of(64, 3, 1, Padding.of(1));
        assertEquals(11, ((Op.Conv2d) plain.narrowed(List.of(new Shape(3, 8, 8)), List.of(new Shape(3, 8, 8)), Narrowing.equal(8, 0.4)))
                .filters());
    }

    @Test
    void absurdSizesFailCleanly() {
        Op huge = new Op.Conv2d(Integer.MAX_VALUE, 46_341, 46_341, 1, 1, Padding.SAME, 1, true);
        Shape in = new Shape(Integer.MAX_VALUE, 1, 1);
        Shape o = out(huge, in);
        assertThrows(ArithmeticException.class, () -> huge.counts(List.of(in), o));
    }
}

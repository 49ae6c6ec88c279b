package org.lcpsim.devices.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.LayerGeometry;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.accel.SystolicArray.Reduction;
import org.lcpsim.workload.LayerKind;

class SystolicArrayTest {
    /** 32 x 64 at 100 MHz (100,000 cycles per ms); off-chip so fast that compute decides. */
    private static SystolicArray array(Reduction r, int buffer, double pruning) {
        return new SystolicArray(32, 64, 100, r, 5, buffer, 16, 1_000_000, 1e9, 1e9, pruning, 0, 1.0, true);
    }

    @Test
    void adderTreeGemmCyclesByHand() {
        // M=100, N=64, K=128: ceil(128/64) * ceil(64/32) = 4 tiles; each max(100, 32 load) + 5 fill = 105
        assertEquals(4 * 105, array(Reduction.ADDER_TREE, 2, 0).gemmCycles(1, 100, 64, 128));
        // K=65 needs a second, almost empty k tile; N=33 a second column of tiles
        assertEquals(2 * 2 * 105, array(Reduction.ADDER_TREE, 2, 0).gemmCycles(1, 100, 33, 65));
        // short stream: M=10 is hidden behind the 32-cycle weight load: 1 tile * (32 + 5)
        assertEquals(37, array(Reduction.ADDER_TREE, 2, 0).gemmCycles(1, 10, 32, 64));
    }

    @Test
    void macChainAndSingleBufferCostMore() {
        // MAC chain fill = rows + cols - 1 = 95; with one word per cell the load is not hidden
        assertEquals(4 * (100 + 95), array(Reduction.MAC_CHAIN, 2, 0).gemmCycles(1, 100, 64, 128));
        assertEquals(4 * (100 + 32 + 5), array(Reduction.ADDER_TREE, 1, 0).gemmCycles(1, 100, 64, 128));
        // groups multiply the tiles (depthwise: one 1 x 9 GEMM per channel)
        assertEquals(3 * (100 + 5), array(Reduction.ADDER_TREE, 2, 0).gemmCycles(3, 100, 1, 9));
    }

    @Test
    void convolutionAsGemmTimeAndPruning() {
        // conv 3x3, 64 -> 64 channels on a 10x10 output: M=100, N=64, K=576 -> 9 * 2 tiles of 105 cycles
        LayerGeometry g = new LayerGeometry(1, 100, 64, 576, 64 * 100, 64 * 100, 64 * 576);
        LayerWork conv = new LayerWork("c", LayerKind.CONV, 100L * 64 * 576, 2L * 100 * 64 * 576, 0, 0, 0, 1, g);
        assertEquals(18 * 105 / 1e5, array(Reduction.ADDER_TREE, 2, 0).layerMs(conv), 1e-12);
        // pruning half of the filters leaves N=32: one column of tiles
        assertEquals(9 * 105 / 1e5, array(Reduction.ADDER_TREE, 2, 0.5).layerMs(conv), 1e-12);
        // a dense layer of the same N is not pruned
        LayerWork dense = new LayerWork("d", LayerKind.DENSE, 576L * 64, 2L * 576 * 64, 0, 0, 0, 1,
                new LayerGeometry(1, 1, 64, 576, 576, 64, 576 * 64));
        assertEquals(18 * 37 / 1e5, array(Reduction.ADDER_TREE, 2, 0.5).layerMs(dense), 1e-12);
    }

    @Test
    void offChipTrafficBoundsALayer() {
        // 2 pins x 800 Mb/s = 200 MB/s = 200 bytes per microsecond; 16-bit data
        SystolicArray slow = new SystolicArray(32, 64, 100, Reduction.ADDER_TREE, 5, 2, 16, 2, 800, 1, 0, 0, 1.0, true);
        // dense 1000 -> 100: weights 100,000 * 2 B, input 1000 * 2 B read once per column of tiles
        // (input 2 KB > half of 1 KB on chip), 4 columns; output 100 * 2 B
        LayerGeometry g = new LayerGeometry(1, 1, 100, 1000, 1000, 100, 100_000);
        LayerWork fc = new LayerWork("fc", LayerKind.DENSE, 100_000, 200_000, 0, 0, 0, 1, g);
        double bytes = 200_000 + 4 * 2000 + 200;
        assertEquals(bytes / 200_000.0, slow.layerMs(fc), 1e-12);
        assertEquals(bytes, slow.gemmTrafficBytes(g, 100, 1.0), 1e-9);
    }

    /**
     * Work without geometry (a model-parallel reduce) runs at rows x cols MACs per cycle; the
     * binder allows 65536 x 65536 cells, whose count overflowed an int to 0 (infinite time).
     */
    @Test
    void workWithoutGeometryUsesEveryCellEvenOnTheLargestArray() {
        LayerWork w = new LayerWork("x", LayerKind.CONV, 1L << 33, 1L << 34, 0, 0, 0, 1);
        assertEquals(2 / 1e5, new SystolicArray(65536, 65536, 100, Reduction.ADDER_TREE, 5, 2, 16, 1_000_000, 1e9, 1e9, 0, 0,
                1.0, true).layerMs(w), 1e-15);
        assertEquals((1L << 33) / 2048.0 / 1e5, array(Reduction.ADDER_TREE, 2, 0).layerMs(w), 1e-12);
    }

    @Test
    void elementwiseIsFusedButResidualAddsAreNot() {
        SystolicArray a = array(Reduction.ADDER_TREE, 2, 0);
        LayerWork relu = new LayerWork("r", LayerKind.ELEMENTWISE, 0, 6400, 0, 0, 0, 1,
                new LayerGeometry(0, 0, 0, 0, 6400, 6400, 0));
        assertEquals(0, a.layerMs(relu));
        LayerWork add = new LayerWork("a", LayerKind.ELEMENTWISE, 0, 6400, 0, 0, 0, 1,
                new LayerGeometry(0, 0, 0, 0, 12800, 6400, 0));
        assertEquals(200 / 1e5, a.layerMs(add), 1e-12); // 6400 / 32 lanes
        assertTrue(a.peakGmacs() == 204.8);
    }

    /**
     * A batch on a weight-stationary array: each tile's weights are loaded once and the batch's
     * N x m input rows stream through them. A dense layer (m = 1 per image) costs the same
     * cycles for up to 32 images (the 32-cycle weight load of a tile bounds it either way), and
     * 64 images cost 69 / 37 of one; its traffic reads the weights once.
     */
    @Test
    void aBatchStreamsThroughTheLoadedWeights() {
        SystolicArray a = array(Reduction.ADDER_TREE, 2, 0);
        // dense 576 -> 64: 9 x 2 = 18 tiles
        LayerWork dense = new LayerWork("d", LayerKind.DENSE, 576L * 64, 2L * 576 * 64, 0, 0, 0, 1,
                new LayerGeometry(1, 1, 64, 576, 576, 64, 576 * 64));
        assertEquals(18 * 37 / 1e5, a.layerMs(dense), 1e-12);
        assertEquals(18 * 37 / 1e5, a.layerMs(dense.batched(8)), 1e-12);
        assertEquals(18 * 37 / 1e5, a.layerMs(dense.batched(32)), 1e-12);
        assertEquals(18 * (64 + 5) / 1e5, a.layerMs(dense.batched(64)), 1e-12);
        // a convolution streams 100 rows per image: 2 images take 18 x (200 + 5) cycles, 1.95 x one
        LayerGeometry g = new LayerGeometry(1, 100, 64, 576, 64 * 100, 64 * 100, 64 * 576);
        LayerWork conv = new LayerWork("c", LayerKind.CONV, 100L * 64 * 576, 2L * 100 * 64 * 576, 0, 0, 0, 1, g);
        assertEquals(18 * 205 / 1e5, a.layerMs(conv.batched(2)), 1e-12);
        // off-chip (the slow array of offChipTrafficBoundsALayer): weights once, each image's input
        // re-read per column of tiles (4), each image's output once
        SystolicArray slow = new SystolicArray(32, 64, 100, Reduction.ADDER_TREE, 5, 2, 16, 2, 800, 1, 0, 0, 1.0, true);
        LayerWork fc = new LayerWork("fc", LayerKind.DENSE, 100_000, 200_000, 0, 0, 0, 1,
                new LayerGeometry(1, 1, 100, 1000, 1000, 100, 100_000));
        double one = 200_000 + 4 * 2000 + 200;
        double four = 200_000 + 4 * 4 * 2000 + 4 * 200;
        assertEquals(one / 200_000.0, slow.layerMs(fc), 1e-12);
        assertEquals(four / 200_000.0, slow.layerMs(fc.batched(4)), 1e-12);
        assertTrue(slow.layerMs(fc.batched(4)) < 1.15 * slow.layerMs(fc), "4 images, 12% more time");
        // fused element-wise layers stay free at any batch
        LayerWork relu = new LayerWork("r", LayerKind.ELEMENTWISE, 0, 6400, 0, 0, 0, 1,
                new LayerGeometry(0, 0, 0, 0, 6400, 6400, 0));
        assertEquals(0, a.layerMs(relu.batched(16)));
    }
}

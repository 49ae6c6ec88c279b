package org.lcpsim.devices.accel;

import org.lcpsim.devices.LayerGeometry;
import org.lcpsim.devices.LayerWork;
import org.lcpsim.devices.compute.LayerCost;
import org.lcpsim.workload.LayerKind;

/**
 * A weight-stationary systolic array that runs convolutions lowered to GEMMs (im2col) and dense
 * layers as GEMMs with one row. {@code rows} output columns (filters) are computed in parallel,
 * each reducing {@code cols} products per cycle; every cell holds its stationary weight.
 *
 * <p>A GEMM of {@code groups x (m x k) * (k x n)} is cut into {@code groups * ceil(k/cols) *
 * ceil(n'/rows)} tiles ({@code n' = ceil(n * (1 - pruning))} for convolutions: structured pruning
 * removes whole filters). One tile streams its {@code m} input vectors, one per cycle, after the
 * tile's weights are loaded ({@code rows} cycles, one row of cells per cycle) and before the
 * reduction pipeline drains:
 * <pre>
 *   cycles/tile = (cellBufferWords >= 2 ? max(m, rows) : m + rows) + fill
 *   fill = pipelineStages            (ADDER_TREE: a pipelined log2(cols)-deep tree)
 *        = rows + cols - 1           (MAC_CHAIN: partial sums ripple through the cells)
 * </pre>
 * A second word per cell lets the next tile's weights load while the current tile streams.
 * Partial sums of the k tiles accumulate on chip. Off-chip traffic at {@code dataBits}: the
 * weights once, the output once, the input once when it fits in half the on-chip buffer and once
 * per column of tiles otherwise (no line buffer holds it); {@code bandwidth = pins * mbpsPerPin}.
 * Layer time = max(compute, traffic) (double-buffered DMA overlaps them) + setup. Layers that
 * are no GEMM (pooling, element-wise) stream through {@code rows} vector lanes; reshapes are free.
 * With {@code fuseElementwise}, element-wise layers of one input (bias, batch norm, activation,
 * LRN, softmax) run in the output stage of the layer before them, as accelerators do, and cost
 * nothing; residual adds still read their second operand.
 * {@code efficiency} derates the compute rate for stalls the model does not see (1 = none).
 */
public record SystolicArray(int rows, int cols, double clockMHz, Reduction reduction, int pipelineStages,
                            int cellBufferWords, int dataBits, int offChipPins, double mbpsPerPin, double onChipKb,
                            double pruning, double layerSetupCycles, double efficiency, boolean fuseElementwise)
        implements LayerCost {

    public enum Reduction { ADDER_TREE, MAC_CHAIN }

    public SystolicArray {
        if (rows < 1 || cols < 1 || !(clockMHz > 0) || reduction == null || pipelineStages < 0 || cellBufferWords < 1
                || dataBits < 1 || offChipPins < 1 || !(mbpsPerPin > 0) || !(onChipKb >= 0) || !(pruning >= 0)
                || pruning >= 1 || !(layerSetupCycles >= 0) || !(efficiency > 0) || efficiency > 1) {
            throw new IllegalArgumentException("systolic array parameters out of range");
        }
    }

    /** Peak multiply-accumulates per second. */
    public double peakGmacs() {
        return (double) rows * cols * clockMHz / 1000.0;
    }

    public double offChipGBps() {
        return offChipPins * mbpsPerPin / 8.0 / 1000.0;
    }

    private double bytesPerElement() {
        return dataBits / 8.0;
    }

    /** Fill cycles of one tile. */
    public long fillCycles() {
        return reduction == Reduction.ADDER_TREE ? pipelineStages : rows + cols - 1L;
    }

    /** Cycles of one GEMM with these dimensions (no pruning applied here). */
    public long gemmCycles(long groups, long m, long n, long k) {
        long tiles = groups * ceilDiv(k, cols) * ceilDiv(n, rows);
        long load = rows;
        long stream = cellBufferWords >= 2 ? Math.max(m, load) : m + load;
        return tiles * (stream + fillCycles());
    }

    /** Off-chip bytes of a GEMM layer (pruned column count {@code n}). */
    public double gemmTrafficBytes(LayerGeometry g, long n, double keep) {
        double b = bytesPerElement();
        double input = g.inputElements() * b;
        boolean inputOnChip = input <= onChipKb * 1024 / 2;
        double inputPasses = inputOnChip ? 1 : ceilDiv(n, rows);
        return g.weightElements() * keep * b + input * inputPasses + g.outputElements() * keep * b;
    }

    @Override
    public double layerMs(LayerWork l) {
        double cyclesPerMs = clockMHz * 1000.0;
        double bytesPerMs = offChipGBps() * 1e6;
        LayerGeometry g = l.geometry();
        double computeMs;
        double memoryMs;
        if (l.kind() == LayerKind.RESHAPE) {
            return fixedMs(l);
        }
        if (fuseElementwise && l.kind() == LayerKind.ELEMENTWISE && g.known() && g.inputElements() == g.outputElements()) {
            return 0;
        }
        if (!g.known()) {
            computeMs = l.macs() / ((double) rows * cols) / cyclesPerMs / efficiency;
            memoryMs = l.bytesMoved() / bytesPerMs;
        } else if (g.isGemm()) {
            double keep = l.kind() == LayerKind.CONV ? 1.0 - pruning : 1.0;
            long n = Math.max(1, (long) Math.ceil(g.n() * keep - 1e-9));
            computeMs = gemmCycles(g.groups(), g.m(), n, g.k()) / cyclesPerMs / efficiency;
            memoryMs = gemmTrafficBytes(g, n, keep) / bytesPerMs;
        } else {
            computeMs = Math.ceil((double) l.flops() / rows) / cyclesPerMs / efficiency;
            memoryMs = (g.inputElements() + g.outputElements()) * bytesPerElement() / bytesPerMs;
        }
        return Math.max(computeMs, memoryMs) + fixedMs(l);
    }

    @Override
    public double fixedMs(LayerWork l) {
        return l.kind() == LayerKind.RESHAPE ? 0 : layerSetupCycles / (clockMHz * 1000.0);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

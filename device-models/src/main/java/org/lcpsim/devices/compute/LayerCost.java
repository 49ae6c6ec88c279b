package org.lcpsim.devices.compute;

import org.lcpsim.devices.LayerWork;

/** How long one layer (or slice of one) takes on a kind of compute unit, by formula. */
public interface LayerCost {
    double layerMs(LayerWork layer);

    /**
     * The same for a layer whose weights and activations are int8 ({@code int8}): a unit with
     * int8 kernels runs its arithmetic faster ({@link #int8Speedup}); by default the time of
     * {@link #layerMs(LayerWork)}, whose byte counts already follow the data types.
     */
    default double layerMs(LayerWork layer, boolean int8) {
        return layerMs(layer);
    }

    /** How much faster the arithmetic of an int8 layer of this kind runs than at fp32: 1 by default. */
    default double int8Speedup(org.lcpsim.workload.LayerKind kind) {
        return 1.0;
    }

    /**
     * The part of {@link #layerMs} that does not scale with the layer's work (dispatch,
     * setup); a measured whole-layer time keeps it when scaled down to a slice.
     */
    double fixedMs(LayerWork layer);
}

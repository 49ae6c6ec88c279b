package org.lcpsim.devices.compute;

import org.lcpsim.devices.LayerWork;

/** How long one layer (or slice of one) takes on a kind of compute unit, by formula. */
public interface LayerCost {
    double layerMs(LayerWork layer);

    /**
     * The part of {@link #layerMs} that does not scale with the layer's work (dispatch,
     * setup); a measured whole-layer time keeps it when scaled down to a slice.
     */
    double fixedMs(LayerWork layer);
}

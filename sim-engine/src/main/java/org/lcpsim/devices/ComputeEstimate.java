package org.lcpsim.devices;

/**
 * How long a compute task takes on a device, and where the number came from: how many of its
 * layers were taken from a measured profile and how many from the model's formula.
 */
public record ComputeEstimate(double ms, int measuredLayers, int formulaLayers) {
    public ComputeEstimate {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("compute time must be finite and >= 0, got " + ms);
        }
    }

    public static ComputeEstimate formula(double ms, int layers) {
        return new ComputeEstimate(ms, 0, layers);
    }
}

package org.lcpsim.network.variability;

/**
 * Per-flow randomness, off by default: each flow's latency is multiplied by a draw of
 * {@code latency}, and its capacity on every resource by a draw of {@code bandwidth} (a flow
 * with factor 0.5 uses twice the airtime per byte, as a station on a poor link does). Both
 * factors have mean 1; note that a mean-1 bandwidth factor raises the mean transfer time
 * (E[1/X] > 1).
 */
public record Variability(FactorDistribution latency, FactorDistribution bandwidth) {
    public static final Variability NONE = new Variability(FactorDistribution.NONE, FactorDistribution.NONE);

    public Variability {
        if (latency == null || bandwidth == null) {
            throw new IllegalArgumentException("variability needs both distributions (use none)");
        }
    }
}

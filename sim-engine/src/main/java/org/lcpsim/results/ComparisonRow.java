package org.lcpsim.results;

/**
 * One bar of a paper figure next to its simulated counterpart ({@code lcpsim reproduce paper}).
 * {@code paperValue} and {@code errorPct} are NaN where the paper publishes no number;
 * error = 100 * (simulated - paper) / paper. {@code role}: {@link #FITTED} when the published
 * value was an input of a calibration (its error is a fit error, not a validation),
 * {@link #VALIDATION} otherwise.
 *
 * @param figure the figure's name, e.g. rpi-latency
 * @param model the model (all: the figure's geometric mean)
 * @param config the configuration: single, dp, mp, pipeline, lcp-splitK, lcp-splitK-fF, geomean
 * @param devices the devices used
 * @param metric what is compared: latency, energy, memory, weights, speedup or throughput
 * @param unit the unit of both values
 * @param paperValue the published value, NaN where the paper publishes no number
 * @param simulatedValue the simulated value
 * @param source where the published value comes from
 * @param role fitted or validation; empty or null reads as validation
 */
public record ComparisonRow(String figure, String model, String config, int devices, String metric, String unit,
                            double paperValue, double simulatedValue, String source, String role) {
    /** The role of a bar a calibration was fitted to. */
    public static final String FITTED = "fitted";
    /** The role of a bar nothing was fitted to. */
    public static final String VALIDATION = "validation";

    /**
     * Reads an empty role as validation.
     *
     * @param figure the figure's name, e.g. rpi-latency
     * @param model the model (all: the figure's geometric mean)
     * @param config the configuration: single, dp, mp, pipeline, lcp-splitK, lcp-splitK-fF, geomean
     * @param devices the devices used
     * @param metric what is compared: latency, energy, memory, weights, speedup or throughput
     * @param unit the unit of both values
     * @param paperValue the published value, NaN where the paper publishes no number
     * @param simulatedValue the simulated value
     * @param source where the published value comes from
     * @param role fitted or validation; empty or null reads as validation
     */
    public ComparisonRow {
        role = role == null || role.isEmpty() ? VALIDATION : role;
    }

    /**
     * A validation bar.
     *
     * @param figure the figure's name, e.g. rpi-latency
     * @param model the model (all: the figure's geometric mean)
     * @param config the configuration: single, dp, mp, pipeline, lcp-splitK, lcp-splitK-fF, geomean
     * @param devices the devices used
     * @param metric what is compared: latency, energy, memory, weights, speedup or throughput
     * @param unit the unit of both values
     * @param paperValue the published value, NaN where the paper publishes no number
     * @param simulatedValue the simulated value
     * @param source where the published value comes from
     */
    public ComparisonRow(String figure, String model, String config, int devices, String metric, String unit,
                         double paperValue, double simulatedValue, String source) {
        this(figure, model, config, devices, metric, unit, paperValue, simulatedValue, source, VALIDATION);
    }

    /** @return 100 * (simulated - paper) / paper; NaN where the paper has no number (or 0) */
    public double errorPct() {
        return Double.isNaN(paperValue) || paperValue == 0 ? Double.NaN : 100.0 * (simulatedValue - paperValue) / paperValue;
    }

    /** @return whether the published value was an input of a calibration ({@code role} {@link #FITTED}) */
    public boolean fitted() {
        return FITTED.equals(role);
    }
}

package org.lcpsim.results;

/**
 * One bar of a paper figure next to its simulated counterpart ({@code lcpsim reproduce paper}).
 * {@code paperValue} and {@code errorPct} are NaN where the paper publishes no number;
 * error = 100 * (simulated - paper) / paper. {@code role}: {@link #FITTED} when the published
 * value was an input of a calibration (its error is a fit error, not a validation),
 * {@link #VALIDATION} otherwise.
 */
public record ComparisonRow(String figure, String model, String config, int devices, String metric, String unit,
                            double paperValue, double simulatedValue, String source, String role) {
    public static final String FITTED = "fitted";
    public static final String VALIDATION = "validation";

    public ComparisonRow {
        role = role == null || role.isEmpty() ? VALIDATION : role;
    }

    /** A validation bar. */
    public ComparisonRow(String figure, String model, String config, int devices, String metric, String unit,
                         double paperValue, double simulatedValue, String source) {
        this(figure, model, config, devices, metric, unit, paperValue, simulatedValue, source, VALIDATION);
    }

    public double errorPct() {
        return Double.isNaN(paperValue) || paperValue == 0 ? Double.NaN : 100.0 * (simulatedValue - paperValue) / paperValue;
    }

    public boolean fitted() {
        return FITTED.equals(role);
    }
}

package org.lcpsim.results;

/**
 * One bar of a paper figure next to its simulated counterpart ({@code lcpsim reproduce paper}).
 * {@code paperValue} and {@code errorPct} are NaN where the paper publishes no number;
 * error = 100 * (simulated - paper) / paper.
 */
public record ComparisonRow(String figure, String model, String config, int devices, String metric, String unit,
                            double paperValue, double simulatedValue, String source) {
    public double errorPct() {
        return Double.isNaN(paperValue) || paperValue == 0 ? Double.NaN : 100.0 * (simulatedValue - paperValue) / paperValue;
    }
}

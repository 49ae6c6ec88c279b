package org.lcpsim.network.flow;

import java.util.Arrays;

/**
 * What one flow consumes: for each resource on its way, how many units of that resource's
 * capacity one byte of the flow uses (2 for a WiFi station-to-station byte, which the access
 * point relays over the same air), and an optional cap on the flow's own rate. A reusable
 * builder: topologies fill it, the engine copies it into the flow.
 */
public final class Route {
    private int[] resources = new int[4];
    private double[] coefficients = new double[4];
    private int length;
    private double boundBytesPerMs = Double.POSITIVE_INFINITY;

    public Route clear() {
        length = 0;
        boundBytesPerMs = Double.POSITIVE_INFINITY;
        return this;
    }

    /** Adds {@code coefficient} units per byte on {@code resource}; repeated resources add up. */
    public Route add(int resource, double coefficient) {
        if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
            throw new IllegalArgumentException("route coefficient must be finite and >= 0, got " + coefficient);
        }
        if (coefficient == 0) {
            return this;
        }
        for (int i = 0; i < length; i++) {
            if (resources[i] == resource) {
                coefficients[i] += coefficient;
                return this;
            }
        }
        if (length == resources.length) {
            resources = Arrays.copyOf(resources, length * 2);
            coefficients = Arrays.copyOf(coefficients, length * 2);
        }
        resources[length] = resource;
        coefficients[length++] = coefficient;
        return this;
    }

    /** Caps the flow's rate (bytes per ms) whatever the resources leave it; the lowest cap wins. */
    public Route bound(double bytesPerMs) {
        if (!(bytesPerMs > 0)) {
            throw new IllegalArgumentException("a rate bound must be > 0, got " + bytesPerMs);
        }
        boundBytesPerMs = Math.min(boundBytesPerMs, bytesPerMs);
        return this;
    }

    public int length() {
        return length;
    }

    public int resource(int i) {
        return resources[i];
    }

    public double coefficient(int i) {
        return coefficients[i];
    }

    public double boundBytesPerMs() {
        return boundBytesPerMs;
    }

    int[] resourcesCopy() {
        return Arrays.copyOf(resources, length);
    }

    double[] coefficientsCopy(double scale) {
        double[] c = Arrays.copyOf(coefficients, length);
        for (int i = 0; i < length; i++) {
            c[i] *= scale;
        }
        return c;
    }
}

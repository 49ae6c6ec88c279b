package org.lcpsim.workload;

/** A tensor shape in channels x height x width order (a vector is c x 1 x 1); batch size is always 1. */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape dimensions must be >= 1: " + channels + "x" + height + "x" + width);
        }
    }

    public static Shape vector(int n) {
        return new Shape(n, 1, 1);
    }

    /** c x h x w; ArithmeticException when it does not fit a long (three ints may not). */
    public long elements() {
        return Math.multiplyExact((long) channels * height, (long) width);
    }

    public long bytes(DataType type) {
        return Math.multiplyExact(elements(), (long) type.bytes());
    }

    @Override
    public String toString() {
        return height == 1 && width == 1 ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}

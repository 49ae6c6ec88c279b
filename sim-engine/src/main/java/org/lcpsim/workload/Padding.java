package org.lcpsim.workload;

/**
 * Spatial padding of a convolution or pooling window. {@code SAME} and {@code VALID} follow
 * TensorFlow (out = ceil(in / stride) and floor((in - k) / stride) + 1); an explicit padding
 * pads {@code pad} pixels on each side (PyTorch/Caffe), optionally rounding the output up as
 * Caffe's pooling does (and, like Caffe and PyTorch, dropping a last window that would start
 * past the input and its left padding).
 */
public record Padding(Mode mode, int pad, boolean ceil) {
    public enum Mode { SAME, VALID, EXPLICIT }

    public static final Padding SAME = new Padding(Mode.SAME, 0, false);
    public static final Padding VALID = new Padding(Mode.VALID, 0, false);

    public Padding {
        if (pad < 0) {
            throw new IllegalArgumentException("padding must be >= 0");
        }
    }

    public static Padding of(int pad) {
        return new Padding(Mode.EXPLICIT, pad, false);
    }

    public static Padding ceil(int pad) {
        return new Padding(Mode.EXPLICIT, pad, true);
    }

    /** Output length along one axis; throws when the window does not fit. */
    public int outputLength(int in, int kernel, int stride) {
        // in longs: sizes near 2^31 must not wrap around an int
        long out = switch (mode) {
            case SAME -> ((long) in + stride - 1) / stride;
            case VALID -> in < kernel ? 0 : ((long) in - kernel) / stride + 1;
            case EXPLICIT -> {
                long span = (long) in + 2L * pad - kernel;
                if (span < 0) {
                    yield 0;
                }
                long o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
                // Caffe/PyTorch ceil mode: the last window must start inside the input or its left padding
                if (ceil && (o - 1) * stride >= (long) in + pad) {
                    o--;
                }
                yield o;
            }
        };
        if (out < 1) {
            throw new IllegalArgumentException("window " + kernel + " with stride " + stride + " does not fit input " + in);
        }
        if (out > Integer.MAX_VALUE) {
            throw new ArithmeticException("an output of " + out + " pixels along one axis; at most " + Integer.MAX_VALUE);
        }
        return (int) out;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case SAME -> "same";
            case VALID -> "valid";
            case EXPLICIT -> ceil ? pad + "-ceil" : Integer.toString(pad);
        };
    }
}

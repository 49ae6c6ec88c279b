package org.lcpsim.workload;

/**
 * Spatial padding of a convolution or pooling window. {@code SAME} and {@code VALID} follow
 * TensorFlow (out = ceil(in / stride) and floor((in - k) / stride) + 1); an explicit padding
 * pads {@code top}, {@code left}, {@code bottom} and {@code right} pixels (PyTorch/Caffe pad the
 * same on each side; ONNX may pad each side differently), optionally rounding the output up as
 * Caffe's pooling does (and, like Caffe and PyTorch, dropping a last window that would start
 * past the input and its leading padding).
 */
public record Padding(Mode mode, int top, int left, int bottom, int right, boolean ceil) {
    public enum Mode { SAME, VALID, EXPLICIT }

    public static final Padding SAME = new Padding(Mode.SAME, 0, 0, 0, 0, false);
    public static final Padding VALID = new Padding(Mode.VALID, 0, 0, 0, 0, false);

    public Padding {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be >= 0");
        }
        if (mode != Mode.EXPLICIT && (top | left | bottom | right) != 0) {
            throw new IllegalArgumentException(mode + " padding takes no pixel counts");
        }
    }

    /** {@code pad} pixels on each side. */
    public static Padding of(int pad) {
        return new Padding(Mode.EXPLICIT, pad, pad, pad, pad, false);
    }

    /** {@code pad} pixels on each side, the output rounded up. */
    public static Padding ceil(int pad) {
        return new Padding(Mode.EXPLICIT, pad, pad, pad, pad, true);
    }

    /** Each side its own padding (ONNX {@code pads}: begin of each axis, then end of each axis). */
    public static Padding of(int top, int left, int bottom, int right, boolean ceil) {
        return new Padding(Mode.EXPLICIT, top, left, bottom, right, ceil);
    }

    /** True when every side is padded alike (or the mode pads implicitly). */
    public boolean symmetric() {
        return top == left && top == bottom && top == right;
    }

    /** Output length along the height; throws when the window does not fit. */
    public int outputLength(int in, int kernel, int stride) {
        return outputHeight(in, kernel, stride);
    }

    public int outputHeight(int in, int kernel, int stride) {
        return length(in, kernel, stride, top, bottom);
    }

    public int outputWidth(int in, int kernel, int stride) {
        return length(in, kernel, stride, left, right);
    }

    private int length(int in, int kernel, int stride, int begin, int end) {
        // in longs: sizes near 2^31 must not wrap around an int
        long out = switch (mode) {
            case SAME -> ((long) in + stride - 1) / stride;
            case VALID -> in < kernel ? 0 : ((long) in - kernel) / stride + 1;
            case EXPLICIT -> {
                long span = (long) in + begin + end - kernel;
                if (span < 0) {
                    yield 0;
                }
                long o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
                // Caffe/PyTorch ceil mode: the last window must start inside the input or its leading padding
                if (ceil && (o - 1) * stride >= (long) in + begin) {
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
            case EXPLICIT -> (symmetric() ? Integer.toString(top) : top + "," + left + "," + bottom + "," + right)
                    + (ceil ? "-ceil" : "");
        };
    }
}

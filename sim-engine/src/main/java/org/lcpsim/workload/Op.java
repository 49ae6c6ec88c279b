package org.lcpsim.workload;

import java.util.List;

/**
 * A layer operation. Each op infers its output shape from its input shapes and counts its
 * work. Conventions (the ones behind the published counts the zoo is checked against):
 * MACs count only multiply-accumulates of convolutions and dense layers; FLOPs are 2 per MAC
 * plus the element-wise work of every other op (one per output element for activations, bias
 * and residual adds, the window size for pooling); parameters count trainable tensors
 * (batch norm: scale and shift, 2 per channel).
 */
public sealed interface Op permits Op.Conv2d, Op.DepthwiseConv2d, Op.Dense, Op.Pool, Op.GlobalPool,
        Op.BatchNorm, Op.Activation, Op.Lrn, Op.Add, Op.Concat, Op.Flatten, Op.Dropout, Op.Softmax {

    /** Work of one layer for batch 1. */
    record Counts(long macs, long flops, long params) {
    }

    Shape outputShape(List<Shape> inputs);

    Counts counts(List<Shape> inputs, Shape output);

    LayerKind kind();

    /** The op's name as written in model YAML files. */
    String type();

    /** Width that the LCP transform divides (filters, units); 0 for ops without one. */
    default int width() {
        return 0;
    }

    /** The same op with another width; only for ops whose {@link #width()} is positive. */
    default Op withWidth(int width) {
        throw new UnsupportedOperationException(type() + " has no width");
    }

    /** a x b, or ArithmeticException when it does not fit a long (a model file then says which layer is too large). */
    private static long mul(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    private static Shape single(List<Shape> inputs, String type) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(type + " takes exactly one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    record Conv2d(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding, int groups, boolean bias)
            implements Op {
        public Conv2d {
            if (filters < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || groups < 1) {
                throw new IllegalArgumentException("conv2d sizes must be >= 1");
            }
            if (filters % groups != 0) {
                throw new IllegalArgumentException("conv2d filters " + filters + " not divisible by groups " + groups);
            }
        }

        public static Conv2d of(int filters, int kernel, int stride, Padding padding) {
            return new Conv2d(filters, kernel, kernel, stride, stride, padding, 1, true);
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            if (in.channels() % groups != 0) {
                throw new IllegalArgumentException("conv2d input channels " + in.channels() + " not divisible by groups " + groups);
            }
            return new Shape(filters, padding.outputLength(in.height(), kernelH, strideH),
                    padding.outputLength(in.width(), kernelW, strideW));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long perOutput = mul(mul(inputs.get(0).channels() / groups, kernelH), kernelW);
            long macs = mul(out.elements(), perOutput);
            long params = Math.addExact(mul(perOutput, filters), bias ? filters : 0);
            return new Counts(macs, Math.addExact(mul(2, macs), bias ? out.elements() : 0), params);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.CONV;
        }

        @Override
        public String type() {
            return "conv2d";
        }

        @Override
        public int width() {
            return filters;
        }

        @Override
        public Op withWidth(int w) {
            // keep every group non-empty and equal-sized
            int rounded = Math.max(groups, (w / groups) * groups);
            return new Conv2d(rounded, kernelH, kernelW, strideH, strideW, padding, groups, bias);
        }
    }

    /** Depthwise convolution: one filter per input channel (times a multiplier), as in MobileNet. */
    record DepthwiseConv2d(int kernel, int stride, Padding padding, int multiplier, boolean bias) implements Op {
        public DepthwiseConv2d {
            if (kernel < 1 || stride < 1 || multiplier < 1) {
                throw new IllegalArgumentException("depthwise conv sizes must be >= 1");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            return new Shape(Math.multiplyExact(in.channels(), multiplier), padding.outputLength(in.height(), kernel, stride),
                    padding.outputLength(in.width(), kernel, stride));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long macs = mul(mul(out.elements(), kernel), kernel);
            long params = Math.addExact(mul(mul(out.channels(), kernel), kernel), bias ? out.channels() : 0);
            return new Counts(macs, Math.addExact(mul(2, macs), bias ? out.elements() : 0), params);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.DEPTHWISE_CONV;
        }

        @Override
        public String type() {
            return "depthwise-conv2d";
        }
    }

    /** Fully connected layer; a c x h x w input is read flattened. */
    record Dense(int units, boolean bias) implements Op {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("dense units must be >= 1");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            single(inputs, type());
            return Shape.vector(units);
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long macs = mul(inputs.get(0).elements(), units);
            return new Counts(macs, Math.addExact(mul(2, macs), bias ? units : 0), Math.addExact(macs, bias ? units : 0));
        }

        @Override
        public LayerKind kind() {
            return LayerKind.DENSE;
        }

        @Override
        public String type() {
            return "dense";
        }

        @Override
        public int width() {
            return units;
        }

        @Override
        public Op withWidth(int w) {
            return new Dense(w, bias);
        }
    }

    enum PoolKind { MAX, AVG }

    record Pool(PoolKind pool, int kernel, int stride, Padding padding) implements Op {
        public Pool {
            if (kernel < 1 || stride < 1) {
                throw new IllegalArgumentException("pool sizes must be >= 1");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            return new Shape(in.channels(), padding.outputLength(in.height(), kernel, stride),
                    padding.outputLength(in.width(), kernel, stride));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, mul(mul(out.elements(), kernel), kernel), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.POOL;
        }

        @Override
        public String type() {
            return pool == PoolKind.MAX ? "max-pool" : "avg-pool";
        }
    }

    record GlobalPool(PoolKind pool) implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return Shape.vector(single(inputs, type()).channels());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, inputs.get(0).elements(), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.POOL;
        }

        @Override
        public String type() {
            return pool == PoolKind.MAX ? "global-max-pool" : "global-avg-pool";
        }
    }

    record BatchNorm() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, type());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, mul(2, out.elements()), 2L * out.channels());
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "batch-norm";
        }
    }

    enum ActivationKind { RELU, RELU6, SIGMOID, TANH, LINEAR }

    record Activation(ActivationKind function) implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, type());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, out.elements(), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "activation";
        }
    }

    /** Local response normalization across {@code size} neighbouring channels (AlexNet, VGG-S). */
    record Lrn(int size) implements Op {
        public Lrn {
            if (size < 1) {
                throw new IllegalArgumentException("lrn size must be >= 1");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, type());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, mul(out.elements(), size + 3L), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "lrn";
        }
    }

    /** Element-wise sum of same-shaped inputs (residual connection). */
    record Add() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (inputs.size() < 2) {
                throw new IllegalArgumentException("add needs at least two inputs");
            }
            for (Shape s : inputs) {
                if (!s.equals(inputs.get(0))) {
                    throw new IllegalArgumentException("add inputs differ in shape: " + inputs);
                }
            }
            return inputs.get(0);
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, mul(out.elements(), inputs.size() - 1), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "add";
        }
    }

    /** Concatenation along channels; inputs must agree in height and width. */
    record Concat() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("concat needs inputs");
            }
            int c = 0;
            for (Shape s : inputs) {
                if (s.height() != inputs.get(0).height() || s.width() != inputs.get(0).width()) {
                    throw new IllegalArgumentException("concat inputs differ in height/width: " + inputs);
                }
                c = Math.addExact(c, s.channels());
            }
            return new Shape(c, inputs.get(0).height(), inputs.get(0).width());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, 0, 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.RESHAPE;
        }

        @Override
        public String type() {
            return "concat";
        }
    }

    record Flatten() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            long n = single(inputs, type()).elements();
            return Shape.vector(Math.toIntExact(n));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, 0, 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.RESHAPE;
        }

        @Override
        public String type() {
            return "flatten";
        }
    }

    /** Identity at inference; kept so that imported graphs keep their layer names. */
    record Dropout() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, type());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, 0, 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.RESHAPE;
        }

        @Override
        public String type() {
            return "dropout";
        }
    }

    record Softmax() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, type());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            // exp, sum and divide per element
            return new Counts(0, mul(3, out.elements()), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "softmax";
        }
    }
}

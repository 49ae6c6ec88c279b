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
        Op.BatchNorm, Op.Activation, Op.Lrn, Op.Add, Op.Concat, Op.Flatten, Op.Dropout, Op.Softmax,
        Op.Elementwise, Op.Reshape, Op.Pad, Op.Resize, Op.Generic, Op.ChannelSlice {

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

    /**
     * This op in one LCP branch, narrowed {@code by} its share of the width and fatten: its inputs
     * were {@code original} in the whole model and are {@code narrowed} in the branch. An op with a
     * width gets {@link Narrowing#width}; the others follow their inputs unchanged
     * (pooling, normalization, activations, residual adds, concatenations, depthwise
     * convolutions). Ops that hold a channel count of their own override this.
     */
    default Op narrowed(List<Shape> original, List<Shape> narrowed, Narrowing by) {
        return width() > 0 ? withWidth(by.width(width())) : this;
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

    /**
     * Convolution of {@code filters} output channels in {@code groups} groups; {@code dilationH}
     * and {@code dilationW} spread the kernel (the output shape uses the dilated extent, the
     * work the kernel's taps).
     */
    record Conv2d(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding, int groups, boolean bias,
                  int dilationH, int dilationW) implements Op {
        public Conv2d {
            if (filters < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || groups < 1 || dilationH < 1
                    || dilationW < 1) {
                throw new IllegalArgumentException("conv2d sizes must be >= 1");
            }
            if (filters % groups != 0) {
                throw new IllegalArgumentException("conv2d filters " + filters + " not divisible by groups " + groups);
            }
        }

        public Conv2d(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding, int groups, boolean bias) {
            this(filters, kernelH, kernelW, strideH, strideW, padding, groups, bias, 1, 1);
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
            return new Shape(filters, padding.outputHeight(in.height(), extent(kernelH, dilationH), strideH),
                    padding.outputWidth(in.width(), extent(kernelW, dilationW), strideW));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long perOutput = Math.multiplyExact((long) (inputs.get(0).channels() / groups), (long) kernelH * kernelW);
            long macs = Math.multiplyExact(out.elements(), perOutput);
            long params = Math.addExact(Math.multiplyExact(perOutput, filters), bias ? filters : 0);
            return new Counts(macs, Math.addExact(Math.multiplyExact(2, macs), bias ? out.elements() : 0), params);
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
            return new Conv2d(rounded, kernelH, kernelW, strideH, strideW, padding, groups, bias, dilationH, dilationW);
        }

        /**
         * A grouped convolution keeps the channels of each group and takes its share of the
         * groups when the branch's input holds whole groups (ResNeXt's 32 groups of 4 channels
         * become 4 groups of 4 in split8); otherwise it keeps as many groups as divide the
         * branch's input (two groups in split8 stay two, of fewer channels each), its filters
         * rounded down to a multiple of them.
         */
        @Override
        public Op narrowed(List<Shape> original, List<Shape> narrowed, Narrowing by) {
            int scaled = by.width(filters);
            if (groups == 1) {
                return withWidth(scaled);
            }
            int c = original.get(0).channels();
            int cNew = narrowed.get(0).channels();
            int perGroup = c / groups;
            if (cNew % perGroup == 0) {
                int g = cNew / perGroup;
                return new Conv2d(g * (filters / groups), kernelH, kernelW, strideH, strideW, padding, g, bias, dilationH,
                        dilationW);
            }
            int g = gcd(cNew, groups);
            return new Conv2d(Math.max(g, (scaled / g) * g), kernelH, kernelW, strideH, strideW, padding, g, bias,
                    dilationH, dilationW);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Extent of a kernel of {@code k} taps spread by {@code dilation}: (k - 1) d + 1. */
    private static int extent(int k, int dilation) {
        return Math.toIntExact(Math.addExact(Math.multiplyExact((long) k - 1, dilation), 1));
    }

    /** Depthwise convolution: one filter per input channel (times a multiplier), as in MobileNet. */
    record DepthwiseConv2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding, int multiplier, boolean bias,
                           int dilationH, int dilationW) implements Op {
        public DepthwiseConv2d {
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || multiplier < 1 || dilationH < 1
                    || dilationW < 1) {
                throw new IllegalArgumentException("depthwise conv sizes must be >= 1");
            }
        }

        public DepthwiseConv2d(int kernel, int stride, Padding padding, int multiplier, boolean bias) {
            this(kernel, kernel, stride, stride, padding, multiplier, bias, 1, 1);
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            return new Shape(Math.multiplyExact(in.channels(), multiplier),
                    padding.outputHeight(in.height(), extent(kernelH, dilationH), strideH),
                    padding.outputWidth(in.width(), extent(kernelW, dilationW), strideW));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long taps = (long) kernelH * kernelW;
            long macs = Math.multiplyExact(out.elements(), taps);
            long params = Math.multiplyExact((long) out.channels(), taps) + (bias ? out.channels() : 0);
            return new Counts(macs, Math.addExact(Math.multiplyExact(2, macs), bias ? out.elements() : 0), params);
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
            long macs = Math.multiplyExact(inputs.get(0).elements(), (long) units);
            return new Counts(macs, Math.addExact(Math.multiplyExact(2, macs), bias ? units : 0), macs + (bias ? units : 0));
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

    record Pool(PoolKind pool, int kernelH, int kernelW, int strideH, int strideW, Padding padding) implements Op {
        public Pool {
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
                throw new IllegalArgumentException("pool sizes must be >= 1");
            }
        }

        public Pool(PoolKind pool, int kernel, int stride, Padding padding) {
            this(pool, kernel, kernel, stride, stride, padding);
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            return new Shape(in.channels(), padding.outputHeight(in.height(), kernelH, strideH),
                    padding.outputWidth(in.width(), kernelW, strideW));
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, Math.multiplyExact(out.elements(), (long) kernelH * kernelW), 0);
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

    /**
     * Element-wise functions of one tensor, with their FLOPs per element
     * ({@link #flopsPerElement}). Convention: an addition, multiplication, division, comparison
     * (max, min, a clamp counts as one) and one evaluation of exp, tanh or erf each count one
     * FLOP (a library evaluates exp or tanh with 10-20 instructions; counting one keeps the
     * convention of the ops that have always counted one, and the device models' per-kind
     * efficiency absorbs the difference). By the formulas:
     * <ul>
     * <li>relu max(0, x), relu6 and clip (a clamp), linear (identity), leaky relu (max(x, ax),
     *     the multiply folded), tanh, erf: 1;</li>
     * <li>sigmoid 1 / (1 + exp(-x)): negate, exp, add, divide = 4;</li>
     * <li>swish / silu x sigmoid(x): sigmoid + multiply = 5;</li>
     * <li>hard sigmoid relu6(x + 3) / 6: add, clamp, multiply by 1/6 = 3;</li>
     * <li>hard swish x relu6(x + 3) / 6: hard sigmoid + multiply = 4;</li>
     * <li>gelu in its tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): x^3
     *     (2 multiplies), times 0.044715, plus x, times sqrt(2/pi), tanh, plus 1, times x, times
     *     0.5 = 9 (the exact form x/2 (1 + erf(x / sqrt 2)) would be 5; ONNX's Gelu and the
     *     written-out erf form both import as gelu, the latter as its parts).</li>
     * </ul>
     * CLIP is a clamp to other bounds than ReLU6's; ERF appears in GELU written out as
     * x/2 (1 + erf(x / sqrt 2)).
     */
    enum ActivationKind {
        RELU(1), RELU6(1), SIGMOID(4), TANH(1), LINEAR(1), LEAKY_RELU(1), HARD_SIGMOID(3), HARD_SWISH(4), GELU(9), ERF(1),
        CLIP(1), SWISH(5);

        private final int flopsPerElement;

        ActivationKind(int flopsPerElement) {
            this.flopsPerElement = flopsPerElement;
        }

        /** FLOPs of the function per element of the tensor. */
        public int flopsPerElement() {
            return flopsPerElement;
        }

        /** The name in model YAML files: the enum name in lower case (hard_swish). */
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The function a model YAML file names, its {@link #yamlName} or an alias: silu (swish),
         * hardswish, hard-swish (hard_swish), hardsigmoid, hard-sigmoid (hard_sigmoid),
         * leakyrelu, leaky-relu (leaky_relu); null when none.
         */
        public static ActivationKind fromYaml(String name) {
            String n = name.strip().toLowerCase(java.util.Locale.ROOT);
            switch (n) {
                case "silu":
                    return SWISH;
                case "hardswish", "hard-swish":
                    return HARD_SWISH;
                case "hardsigmoid", "hard-sigmoid":
                    return HARD_SIGMOID;
                case "leakyrelu", "leaky-relu":
                    return LEAKY_RELU;
                default:
                    for (ActivationKind k : values()) {
                        if (k.yamlName().equals(n)) {
                            return k;
                        }
                    }
                    return null;
            }
        }

        /** Every name {@link #fromYaml} accepts, the functions' own names first. */
        public static List<String> yamlNames() {
            List<String> names = new java.util.ArrayList<>();
            for (ActivationKind k : values()) {
                names.add(k.yamlName());
            }
            names.addAll(List.of("silu", "hardswish", "hard-swish", "hardsigmoid", "hard-sigmoid", "leakyrelu", "leaky-relu"));
            return List.copyOf(names);
        }
    }

    record Activation(ActivationKind function) implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            return single(inputs, type());
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, out.elements() * function.flopsPerElement(), 0);
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

    /**
     * An element-wise operation of tensors that broadcast against each other (channel x height x
     * width; a dimension of 1 stretches), and optionally a constant operand of shape
     * {@code constant} (a bias, a per-channel scale, a scalar). {@code flopsPerElement} per output
     * element; the constant counts as parameters when {@code trainable}. Imported graphs use it
     * for Mul, Sub, Div, broadcasting Add, and for operators costed as element-wise on request.
     */
    record Elementwise(String function, int flopsPerElement, Shape constant, boolean trainable) implements Op {
        public Elementwise {
            if (function == null || function.isBlank() || flopsPerElement < 0) {
                throw new IllegalArgumentException("element-wise op needs a function and flops >= 0");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException(function + " needs an input");
            }
            Shape out = inputs.get(0);
            for (int i = 1; i < inputs.size(); i++) {
                out = broadcast(out, inputs.get(i), function);
            }
            return constant == null ? out : broadcast(out, constant, function);
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long params = trainable && constant != null ? constant.elements() : 0;
            return new Counts(0, Math.multiplyExact(out.elements(), (long) flopsPerElement), params);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "elementwise";
        }

        /** A per-channel constant follows the branch's channels. */
        @Override
        public Op narrowed(List<Shape> original, List<Shape> narrowed, Narrowing by) {
            if (constant == null || constant.channels() == 1) {
                return this;
            }
            Shape before = outputShape(original);
            if (constant.channels() != before.channels()) {
                return this;
            }
            Shape after = new Elementwise(function, flopsPerElement, null, trainable).outputShape(narrowed);
            return new Elementwise(function, flopsPerElement, new Shape(after.channels(), constant.height(), constant.width()),
                    trainable);
        }

        static Shape broadcast(Shape a, Shape b, String function) {
            return new Shape(dim(a.channels(), b.channels(), a, b, function), dim(a.height(), b.height(), a, b, function),
                    dim(a.width(), b.width(), a, b, function));
        }

        private static int dim(int x, int y, Shape a, Shape b, String function) {
            if (x == y || y == 1) {
                return x;
            }
            if (x == 1) {
                return y;
            }
            throw new IllegalArgumentException(function + " operands do not broadcast: " + a + " and " + b);
        }
    }

    /**
     * A tensor laid out anew without arithmetic (Reshape, Transpose, Squeeze, Unsqueeze of an
     * imported graph): the output has {@code target}'s shape, the same number of elements as the
     * input; a null target keeps the input's shape. Under LCP a reshape that keeps the height and
     * width (or their product) follows the branch's channels; another fixed target cannot be narrowed.
     */
    record Reshape(Shape target) implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            if (target == null) {
                return in;
            }
            if (target.elements() != in.elements()) {
                throw new IllegalArgumentException("reshape of " + in + " (" + in.elements() + " elements) to " + target
                        + " (" + target.elements() + ")");
            }
            return target;
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
            return "reshape";
        }

        @Override
        public Op narrowed(List<Shape> original, List<Shape> narrowed, Narrowing by) {
            if (target == null) {
                return this;
            }
            Shape in = original.get(0);
            Shape now = narrowed.get(0);
            if (now.equals(in)) {
                return this;
            }
            long area = (long) in.height() * in.width();
            if ((long) target.height() * target.width() == area && target.channels() == in.channels()
                    && now.height() == in.height() && now.width() == in.width()) {
                return new Reshape(new Shape(now.channels(), target.height(), target.width()));
            }
            throw new IllegalArgumentException("a reshape of " + in + " to the fixed shape " + target
                    + " cannot follow a branch's narrower input " + now);
        }
    }

    /** Zero padding of the height and width (an imported Pad); a negative amount crops. */
    record Pad(int top, int left, int bottom, int right) implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            long h = (long) in.height() + top + bottom;
            long w = (long) in.width() + left + right;
            if (h < 1 || w < 1 || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("padding " + top + "," + left + "," + bottom + "," + right
                        + " leaves no valid output of " + in);
            }
            return new Shape(in.channels(), (int) h, (int) w);
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
            return "pad";
        }
    }

    /**
     * Resampling to {@code outHeight} x {@code outWidth} (an imported Resize or Upsample):
     * {@code flopsPerElement} per output element (1 nearest, 4 bilinear, 16 bicubic).
     */
    record Resize(int outHeight, int outWidth, int flopsPerElement) implements Op {
        public Resize {
            if (outHeight < 1 || outWidth < 1 || flopsPerElement < 0) {
                throw new IllegalArgumentException("resize sizes must be >= 1");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            return new Shape(single(inputs, type()).channels(), outHeight, outWidth);
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            return new Counts(0, Math.multiplyExact(out.elements(), (long) flopsPerElement), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "resize";
        }
    }

    /**
     * An operator lcpsim does not model, costed as an element-wise op at a user's request
     * ({@code unknownOps: elementwise} of an imported graph): one FLOP per element of its inputs
     * or its output, whichever holds more, no parameters. Its output has the shape {@code output}
     * (from the graph's shape information) or, when null, the inputs' broadcast shape. Under LCP
     * an output as wide as the input follows the branch's channels.
     */
    record Generic(String operator, Shape output) implements Op {
        public Generic {
            if (operator == null || operator.isBlank()) {
                throw new IllegalArgumentException("an operator needs a name");
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException(operator + " needs an input");
            }
            if (output != null) {
                return output;
            }
            Shape out = inputs.get(0);
            for (int i = 1; i < inputs.size(); i++) {
                out = Elementwise.broadcast(out, inputs.get(i), operator);
            }
            return out;
        }

        @Override
        public Counts counts(List<Shape> inputs, Shape out) {
            long in = 0;
            for (Shape s : inputs) {
                in += s.elements();
            }
            return new Counts(0, Math.max(in, out.elements()), 0);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.ELEMENTWISE;
        }

        @Override
        public String type() {
            return "generic";
        }

        @Override
        public Op narrowed(List<Shape> original, List<Shape> narrowed, Narrowing by) {
            if (output == null || output.channels() == 1 || narrowed.get(0).equals(original.get(0))) {
                return this;
            }
            if (output.channels() == original.get(0).channels()) {
                return new Generic(operator, new Shape(narrowed.get(0).channels(), output.height(), output.width()));
            }
            throw new IllegalArgumentException(operator + " of fixed output " + output + " cannot follow a branch's narrower input "
                    + narrowed.get(0));
        }
    }

    /**
     * Channels {@code from} (inclusive) to {@code to} (exclusive) of a tensor of {@code of}
     * channels (an imported Slice or Split along the channels, as ShuffleNet's channel split).
     * Under LCP the slice keeps its place in proportion to the branch's channels.
     */
    record ChannelSlice(int from, int to, int of) implements Op {
        public ChannelSlice {
            if (from < 0 || to <= from || to > of) {
                throw new IllegalArgumentException("channel slice " + from + ".." + to + " of " + of);
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape in = single(inputs, type());
            if (in.channels() != of) {
                throw new IllegalArgumentException("channel slice of " + of + " channels reads " + in.channels());
            }
            return new Shape(to - from, in.height(), in.width());
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
            return "slice";
        }

        @Override
        public Op narrowed(List<Shape> original, List<Shape> narrowed, Narrowing by) {
            int c = narrowed.get(0).channels();
            if (c == of) {
                return this;
            }
            int f = (int) Math.round((double) from * c / of);
            int t = Math.max(f + 1, (int) Math.round((double) to * c / of));
            if (t > c) {
                throw new IllegalArgumentException("channels " + from + ".." + to + " of " + of + " have no share in a branch of "
                        + c + " channels");
            }
            return new ChannelSlice(f, t, c);
        }
    }
}

package org.lcpsim.workload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The LCP transform (reference section 1): every layer before the classifier head has its width
 * (conv filters, dense units) divided by K and widened by the fatten fraction,
 * {@code w' = max(1, round(w * (1 + fatten) / K))}; connections between branches disappear
 * because each branch is a separate copy; the input is shared and the head runs whole on the
 * concatenated branch outputs. Any graph splits: each layer's op is narrowed by
 * {@link Op#narrowed} given its inputs in the branch, so depthwise convolutions, pooling,
 * normalization, residual adds and concatenations follow their inputs, and grouped convolutions
 * keep their groups' channels (docs/workloads.md has the rule of every layer kind).
 */
public final class LcpTransform {
    private LcpTransform() {
    }

    public static LcpModel split(Model model, int branches, double fatten) {
        Narrowing by = Narrowing.equal(branches, fatten);
        checked(model);
        Model branch = branch(model, by, model.name() + "-" + LcpModel.variantName(branches, fatten) + "-branch");
        return new LcpModel(model, branches, fatten, branch, head(model, Math.multiplyExact(branch.outputShape().channels(), branches),
                branch.outputShape(), LcpModel.variantName(branches, fatten)));
    }

    /**
     * Uneven branches: branch i keeps {@code shares[i]} of every width (the shares sum to 1) before
     * fattening, as a heterogeneous cluster needs (a faster device, a wider branch). The head reads
     * the concatenation of branches of different widths.
     */
    public static LcpModel split(Model model, double[] shares, double fatten) {
        if (shares.length < 1) {
            throw new IllegalArgumentException("at least one branch");
        }
        double sum = 0;
        for (double s : shares) {
            sum += s;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("branch widths must sum to 1, got " + sum);
        }
        int k = shares.length;
        List<Model> branches = new ArrayList<>();
        int channels = 0;
        Shape out = null;
        for (int i = 0; i < k; i++) {
            Narrowing by = new Narrowing(k, fatten, shares[i]);
            if (i == 0) {
                checked(model);
            }
            Model b = branch(model, by, model.name() + "-split" + k + "-branch" + i);
            branches.add(b);
            channels = Math.addExact(channels, b.outputShape().channels());
            out = b.outputShape();
        }
        Model head = head(model, channels, out, LcpModel.variantName(k, fatten, shares));
        return new LcpModel(model, k, fatten, branches, head, shares);
    }

    private static void checked(Model model) {
        String problem = check(model);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** One branch of {@code model} narrowed {@code by} (for planners that weigh widths before splitting). */
    public static Model branchOf(Model model, Narrowing by) {
        checked(model);
        return branch(model, by, model.name() + "-branch");
    }

    /** The body narrowed {@code by}: every layer before the head, each op narrowed given its inputs in the branch. */
    private static Model branch(Model model, Narrowing by, String name) {
        List<Layer> layers = model.layers();
        int headIndex = indexOf(layers, model.headStart());
        ModelBuilder branch = new ModelBuilder(name, model.inputShape());
        for (int i = 0; i < headIndex; i++) {
            Layer l = layers.get(i);
            List<Shape> narrowed = new ArrayList<>();
            for (String in : l.inputs()) {
                narrowed.add(branch.shape(in));
            }
            Op op;
            try {
                op = l.op().narrowed(l.inputShapes(), narrowed, by);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer '" + l.name() + "': " + e.getMessage(), e);
            }
            branch.add(l.name(), op, l.inputs());
        }
        return branch.build();
    }

    /** The head whole, reading the concatenation ({@code channels} channels) of the branch outputs. */
    private static Model head(Model model, int channels, Shape branchOut, String variant) {
        List<Layer> layers = model.layers();
        int headIndex = indexOf(layers, model.headStart());
        String branchOutName = layers.get(headIndex).inputs().get(0);
        Shape concat = new Shape(channels, branchOut.height(), branchOut.width());
        ModelBuilder head = new ModelBuilder(model.name() + "-" + variant + "-head", concat);
        for (int i = headIndex; i < layers.size(); i++) {
            Layer l = layers.get(i);
            List<String> inputs = new ArrayList<>();
            for (String in : l.inputs()) {
                inputs.add(in.equals(branchOutName) ? Model.INPUT : in);
            }
            head.add(l.name(), l.op(), inputs);
        }
        return head.build();
    }

    /**
     * Why LCP cannot split {@code model}, or null when it can: the model marks a classifier head
     * whose first layer reads the last layer before it (and only that), and the head reads
     * nothing else of the body. Cheap: nothing is built.
     */
    public static String check(Model model) {
        if (model.headStart() == null) {
            return "model '" + model.name() + "' marks no classifier head; LCP needs one (a YAML model marks its first "
                    + "layer with head: true; for an ONNX model name its first node: onnx: {file: ..., head: NODE})";
        }
        List<Layer> layers = model.layers();
        int headIndex = indexOf(layers, model.headStart());
        Layer first = layers.get(headIndex);
        if (first.inputs().size() != 1) {
            return "head layer '" + first.name() + "' must read exactly one tensor";
        }
        String branchOut = first.inputs().get(0);
        if (Model.INPUT.equals(branchOut)) {
            return "model '" + model.name() + "' has no layers before its head";
        }
        String lastBody = layers.get(headIndex - 1).name();
        if (!lastBody.equals(branchOut)) {
            return "head of '" + model.name() + "' must read the last layer before it, '" + lastBody + "', not '"
                    + branchOut + "'";
        }
        Set<String> headNames = new HashSet<>();
        for (int i = headIndex; i < layers.size(); i++) {
            Layer l = layers.get(i);
            for (String in : l.inputs()) {
                if (!in.equals(branchOut) && !headNames.contains(in)) {
                    return "head layer '" + l.name() + "' reads '" + in + "' from the body: the head may read only the last body layer";
                }
            }
            headNames.add(l.name());
        }
        return null;
    }

    /** Width of one of {@code branches} equal branches' copy of a layer of width {@code width}. */
    public static int scaledWidth(int width, int branches, double fatten) {
        return Narrowing.equal(branches, fatten).width(width);
    }

    private static int indexOf(List<Layer> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("head start '" + name + "' is not a layer");
    }
}

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
 * concatenated branch outputs. Depthwise convolutions, pooling, normalization and residual
 * adds follow their input's width. Grouped convolutions round down to a multiple of the group count.
 */
public final class LcpTransform {
    private LcpTransform() {
    }

    public static LcpModel split(Model model, int branches, double fatten) {
        if (branches < 1) {
            throw new IllegalArgumentException("branches must be >= 1, got " + branches);
        }
        if (!(fatten >= 0.0) || Double.isInfinite(fatten)) {
            throw new IllegalArgumentException("fatten must be >= 0, got " + fatten);
        }
        String problem = check(model);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        List<Layer> layers = model.layers();
        int headIndex = indexOf(layers, model.headStart());
        String branchOut = layers.get(headIndex).inputs().get(0);

        ModelBuilder branch = new ModelBuilder(model.name() + "-" + LcpModel.variantName(branches, fatten) + "-branch",
                model.inputShape());
        for (int i = 0; i < headIndex; i++) {
            Layer l = layers.get(i);
            Op op = l.op().width() > 0 ? l.op().withWidth(scaledWidth(l.op().width(), branches, fatten)) : l.op();
            branch.add(l.name(), op, l.inputs());
        }
        Model branchModel = branch.build();

        Shape out = branchModel.outputShape();
        Shape concat = new Shape(Math.multiplyExact(out.channels(), branches), out.height(), out.width());
        ModelBuilder head = new ModelBuilder(model.name() + "-" + LcpModel.variantName(branches, fatten) + "-head", concat);
        for (int i = headIndex; i < layers.size(); i++) {
            Layer l = layers.get(i);
            List<String> inputs = new ArrayList<>();
            for (String in : l.inputs()) {
                inputs.add(in.equals(branchOut) ? Model.INPUT : in);
            }
            head.add(l.name(), l.op(), inputs);
        }
        return new LcpModel(model, branches, fatten, branchModel, head.build());
    }

    /**
     * Why LCP cannot split {@code model}, or null when it can: the model marks a classifier head
     * whose first layer reads the last layer before it (and only that), and the head reads
     * nothing else of the body. Cheap: nothing is built.
     */
    public static String check(Model model) {
        if (model.headStart() == null) {
            return "model '" + model.name() + "' marks no classifier head; LCP needs one";
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

    /** Width of one branch's copy of a layer of width {@code width}. */
    public static int scaledWidth(int width, int branches, double fatten) {
        return (int) Math.max(1, Math.round(width * (1.0 + fatten) / branches));
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

package org.lcpsim.devices.calibration;

import java.util.List;

import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.ModelZoo;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Padding;
import org.lcpsim.workload.Shape;

/**
 * Models that calibration measurements name but the zoo does not hold. They are built here,
 * and only used to fit and check device parameters: the zoo (owned by sim-engine) stays the
 * list of models that experiments can name.
 */
public final class ExtraModels {
    private ExtraModels() {
    }

    /** A zoo model, or one of the calibration-only models ({@code mobilenet-v2}). */
    public static Model get(String name) {
        if ("mobilenet-v2".equals(name)) {
            return mobilenetV2();
        }
        return ModelZoo.get(name);
    }

    /**
     * MobileNet v2 1.0-224 as in torchvision / Keras: conv 32 3x3/2, 17 inverted residual
     * blocks (expansion t, width c, repeats n, first stride s: (1,16,1,1), (6,24,2,2),
     * (6,32,3,2), (6,64,4,2), (6,96,3,1), (6,160,3,2), (6,320,1,1)), conv 1x1 1280, global
     * average pool, fc 1000. Batch norm after every convolution, ReLU6 except after the
     * projection. 3,504,872 params and ~300M MACs (IISWC 2019 prints 0.32 GFLOP and 3.53M).
     */
    public static Model mobilenetV2() {
        Op relu6 = new Op.Activation(Op.ActivationKind.RELU6);
        Op bn = new Op.BatchNorm();
        ModelBuilder b = new ModelBuilder("mobilenet-v2", new Shape(3, 224, 224));
        b.add("conv1", conv(32, 3, 2)).add("conv1_bn", bn).add("conv1_relu", relu6);
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
            {6, 320, 1, 1}};
        int in = 32;
        int block = 0;
        for (int[] s : settings) {
            for (int i = 0; i < s[2]; i++) {
                int stride = i == 0 ? s[3] : 1;
                String p = "block" + block++ + ".";
                String blockIn = b.last();
                int hidden = in * s[0];
                if (s[0] != 1) {
                    b.add(p + "expand", conv(hidden, 1, 1)).add(p + "expand_bn", bn).add(p + "expand_relu", relu6);
                }
                b.add(p + "depthwise", new Op.DepthwiseConv2d(3, stride, Padding.SAME, 1, false))
                        .add(p + "depthwise_bn", bn).add(p + "depthwise_relu", relu6)
                        .add(p + "project", conv(s[1], 1, 1)).add(p + "project_bn", bn);
                if (stride == 1 && in == s[1]) {
                    b.add(p + "add", new Op.Add(), List.of(b.last(), blockIn));
                }
                in = s[1];
            }
        }
        b.add("conv_last", conv(1280, 1, 1)).add("conv_last_bn", bn).add("conv_last_relu", relu6)
                .add("avgpool", new Op.GlobalPool(Op.PoolKind.AVG))
                .head().add("fc", new Op.Dense(1000, true))
                .add("softmax", new Op.Softmax());
        return b.build();
    }

    private static Op conv(int filters, int kernel, int stride) {
        return new Op.Conv2d(filters, kernel, kernel, stride, stride, Padding.SAME, 1, false);
    }
}

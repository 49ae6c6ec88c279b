package org.lcpsim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelZooTest {

    private static void assertWithin(double expected, double actual, double fraction, String what) {
        double err = Math.abs(actual / expected - 1.0);
        assertTrue(err <= fraction, what + ": " + actual + " is " + String.format("%.2f%%", 100 * err)
                + " away from " + expected + " (allowed " + 100 * fraction + "%)");
    }

    @Test
    void namesInDocumentedOrder() {
        assertEquals(List.of("lenet", "cifarnet", "vgg-s", "alexnet", "vgg16", "resnet18", "resnet50", "mobilenet",
                "mobilenet-v2"), ModelZoo.names());
    }

    @Test
    void everyModelBuildsWithItsName() {
        for (String n : ModelZoo.names()) {
            Model m = ModelZoo.get(n);
            assertEquals(n, m.name());
            assertFalse(m.layers().isEmpty());
            assertTrue(m.params() > 0 && m.macs() > 0, n);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.get("vgg19"));
        assertTrue(e.getMessage().contains("vgg19"), e.getMessage());
        for (String n : ModelZoo.names()) {
            assertTrue(e.getMessage().contains(n), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.get(null));
    }

    @Test
    void outputIsOneVectorEntryPerClass() {
        Map<String, Integer> classes = Map.of("lenet", 10, "cifarnet", 100, "vgg-s", 102, "alexnet", 1000,
                "vgg16", 1000, "resnet18", 1000, "resnet50", 1000, "mobilenet", 1000, "mobilenet-v2", 1000);
        for (String n : ModelZoo.names()) {
            assertEquals(Shape.vector(classes.get(n)), ModelZoo.get(n).outputShape(), n);
        }
    }

    @Test
    void headIsTheFinalClassifierFollowedOnlyBySqueezeAndSoftmax() {
        for (String n : ModelZoo.names()) {
            Model m = ModelZoo.get(n);
            assertNotNull(m.headStart(), n + " marks no head");
            Layer head = m.layer(m.headStart());
            assertTrue(head.op() instanceof Op.Dense || head.op() instanceof Op.Conv2d, n);
            assertEquals(m.outputShape().channels(), head.outputShape().channels(), n);
            int idx = m.layers().indexOf(head);
            // the head reads the layer right before it
            assertEquals(List.of(m.layers().get(idx - 1).name()), head.inputs(), n);
            // after the classifier only shape-preserving bookkeeping and the softmax
            List<Layer> after = m.layers().subList(idx + 1, m.layers().size());
            assertTrue(after.stream().allMatch(l -> l.params() == 0 && l.macs() == 0), n);
            assertTrue(m.layers().get(m.layers().size() - 1).op() instanceof Op.Softmax, n);
        }
    }

    @Test
    void lenetCountsByHand() {
        Model m = ModelZoo.get("lenet");
        // conv1 6*(25+1)=156, conv2 16*(6*25+1)=2416, fc1 400*120+120=48120, fc2 120*84+84=10164, fc3 84*10+10=850
        assertEquals(156 + 2416 + 48120 + 10164 + 850, m.params());
        assertEquals(61_706, m.params());
        // conv1 28*28*6*25=117600, conv2 10*10*16*150=240000, fc 48000+10080+840
        assertEquals(117_600 + 240_000 + 48_000 + 10_080 + 840, m.macs());
        assertEquals(new Shape(6, 28, 28), m.shapeOf("conv1"));
        assertEquals(new Shape(16, 5, 5), m.shapeOf("pool2"));
        assertEquals(Shape.vector(400), m.shapeOf("flatten"));
    }

    @Test
    void vgg16MatchesTheStandardCounts() {
        Model m = ModelZoo.get("vgg16");
        assertEquals(138_357_544L, m.params());
        assertWithin(15.47e9, m.macs(), 0.01, "vgg16 MACs");
        assertEquals(new Shape(64, 224, 224), m.shapeOf("conv1_2"));
        assertEquals(new Shape(256, 56, 56), m.shapeOf("conv3_3"));
        assertEquals(new Shape(512, 7, 7), m.shapeOf("pool5"));
        assertEquals(Shape.vector(25_088), m.shapeOf("flatten"));
        // fc6: 25088*4096 weights + 4096 biases
        assertEquals(25_088L * 4096 + 4096, m.layer("fc6").params());
        assertEquals(13, m.layers().stream().filter(l -> l.kind() == LayerKind.CONV).count());
        assertEquals("fc8", m.headStart());
    }

    @Test
    void resnet18MatchesTorchvision() {
        Model m = ModelZoo.get("resnet18");
        assertEquals(11_689_512L, m.params());
        assertWithin(1.82e9, m.macs(), 0.01, "resnet18 MACs");
        assertEquals(new Shape(64, 112, 112), m.shapeOf("conv1"));
        assertEquals(new Shape(64, 56, 56), m.shapeOf("maxpool"));
        assertEquals(new Shape(128, 28, 28), m.shapeOf("layer2.0.relu"));
        assertEquals(new Shape(512, 7, 7), m.shapeOf("layer4.1.relu"));
        // basic blocks: no projection in layer1, a strided one in layer2
        assertNull(m.layer("layer1.0.downsample.0"));
        assertEquals(new Shape(128, 28, 28), m.shapeOf("layer2.0.downsample.0"));
        // bias-free conv (64*3*49) and batch norm with 2 params per channel
        assertEquals(9408, m.layer("conv1").params());
        assertEquals(128, m.layer("bn1").params());
        assertEquals(List.of("layer1.0.bn2", "maxpool"), m.layer("layer1.0.add").inputs());
    }

    @Test
    void resnet50MatchesTorchvision() {
        Model m = ModelZoo.get("resnet50");
        assertEquals(25_557_032L, m.params());
        assertWithin(4.09e9, m.macs(), 0.01, "resnet50 MACs");
        assertEquals(new Shape(256, 56, 56), m.shapeOf("layer1.0.downsample.1"));
        // v1.5: the stride sits on the 3x3 conv
        assertEquals(new Shape(128, 56, 56), m.shapeOf("layer2.0.conv1"));
        assertEquals(new Shape(128, 28, 28), m.shapeOf("layer2.0.conv2"));
        assertEquals(new Shape(2048, 7, 7), m.shapeOf("layer4.2.relu"));
        assertEquals(Shape.vector(2048), m.shapeOf("avgpool"));
        assertEquals(16, m.layers().stream().filter(l -> l.op() instanceof Op.Add).count());
    }

    @Test
    void mobilenetMatchesKeras() {
        Model m = ModelZoo.get("mobilenet");
        assertWithin(4.2e6, m.params(), 0.01, "mobilenet params");
        assertWithin(0.569e9, m.macs(), 0.01, "mobilenet MACs");
        assertEquals(new Shape(32, 112, 112), m.shapeOf("conv1"));
        assertEquals(new Shape(64, 112, 112), m.shapeOf("conv_pw_1"));
        assertEquals(new Shape(64, 56, 56), m.shapeOf("conv_dw_2"));
        assertEquals(new Shape(1024, 7, 7), m.shapeOf("conv_pw_13_relu"));
        // depthwise 3x3 over 32 channels, no bias
        assertEquals(288, m.layer("conv_dw_1").params());
        assertEquals(13, m.layers().stream().filter(l -> l.kind() == LayerKind.DEPTHWISE_CONV).count());
    }

    @Test
    void mobilenetV2MatchesTorchvision() {
        Model m = ModelZoo.get("mobilenet-v2");
        // torchvision's mobilenet_v2: sum of p.numel() and the Conv2d/Linear MACs of one 224x224 image
        assertEquals(3_504_872, m.params());
        assertEquals(300_774_272, m.macs());
        assertEquals(new Shape(1280, 7, 7), m.shapeOf("conv_last"));
        assertEquals(17, m.layers().stream().filter(l -> l.kind() == LayerKind.DEPTHWISE_CONV).count());
        assertEquals(10, m.layers().stream().filter(l -> l.op() instanceof Op.Add).count());
    }

    @Test
    void alexnetV2MatchesSlim() {
        Model m = ModelZoo.get("alexnet");
        assertWithin(50.3e6, m.params(), 0.01, "alexnet params");
        // conv1 23296, conv2 307392, conv3 663936, conv4 1327488, conv5 884992,
        // fc6 5*5*256*4096+4096=26218496, fc7 16781312, fc8 4097000
        assertEquals(23_296L + 307_392 + 663_936 + 1_327_488 + 884_992 + 26_218_496 + 16_781_312 + 4_097_000,
                m.params());
        assertEquals(new Shape(64, 54, 54), m.shapeOf("conv1"));
        assertEquals(new Shape(64, 26, 26), m.shapeOf("pool1"));
        assertEquals(new Shape(192, 12, 12), m.shapeOf("pool2"));
        assertEquals(new Shape(256, 5, 5), m.shapeOf("pool5"));
        assertEquals(Shape.vector(4096), m.shapeOf("fc6"));
        // 8.5% above the paper's 678.97M, as documented
        assertWithin(678.97e6, m.macs(), 0.09, "alexnet MACs vs paper");
    }

    @Test
    void cifarnetFitsThePaper() {
        Model m = ModelZoo.get("cifarnet");
        // conv1 3*25*64+64, conv2 64*25*64+64, fc3 1600*384+384, fc4 384*192+192, logits 192*100+100
        assertEquals(4864L + 102_464 + 614_784 + 73_920 + 19_300, m.params());
        assertWithin(815.34e3, m.params(), 0.001, "cifarnet params");
        assertWithin(14.81e6, m.macs(), 0.01, "cifarnet MACs");
        assertEquals(new Shape(64, 28, 28), m.shapeOf("conv1"));
        assertEquals(new Shape(64, 14, 14), m.shapeOf("pool1"));
        assertEquals(new Shape(64, 10, 10), m.shapeOf("conv2"));
        assertEquals(new Shape(64, 5, 5), m.shapeOf("pool2"));
    }

    @Test
    void vggSFitsThePaper() {
        Model m = ModelZoo.get("vgg-s");
        assertWithin(60.79e6, m.params(), 0.005, "vgg-s params");
        assertWithin(1.85e9, m.macs(), 0.005, "vgg-s MACs");
        assertEquals(new Shape(96, 111, 111), m.shapeOf("conv1"));
        assertEquals(new Shape(96, 37, 37), m.shapeOf("pool1"));
        assertEquals(new Shape(256, 19, 19), m.shapeOf("pool2"));
        assertEquals(new Shape(384, 13, 13), m.shapeOf("conv5"));
        assertEquals(new Shape(384, 5, 5), m.shapeOf("pool5"));
        // conv1 is the part LCP cannot divide: 111*111*96*147 MACs
        assertEquals(111L * 111 * 96 * 147, m.layer("conv1").macs());
    }

    // ------------------------------------------------------------ peak activation memory

    @Test
    void peakActivationOfATinyChain() {
        // input 1x4x4 (64 B fp32) -> conv 2x4x4 (128 B) -> relu (128 B) -> pool 2x2x2 (32 B)
        // -> flatten (32 B) -> dense 3 (12 B)
        Model m = new ModelBuilder("chain", new Shape(1, 4, 4))
                .add("conv", Op.Conv2d.of(2, 3, 1, Padding.of(1)))
                .add("relu", new Op.Activation(Op.ActivationKind.RELU))
                .add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, Padding.VALID))
                .add("flatten", new Op.Flatten())
                .add("fc", new Op.Dense(3, true))
                .build();
        // alive sets: {in, conv}=192, {conv, relu}=256, {relu, pool}=160, {pool, flat}=64, {flat, fc}=44
        assertEquals(256, m.peakActivationBytes(DataType.FP32));
        assertEquals(128, m.peakActivationBytes(DataType.FP16));
        assertEquals(64, m.peakActivationBytes(DataType.INT8));
    }

    @Test
    void peakActivationKeepsTheResidualInputAlive() {
        // input 3x8x8=192 B (int8) -> a: conv1x1 8 filters 512 B -> b: relu 512 B
        // -> c: conv3x3 3 filters 192 B -> add(c, input) 192 B -> global pool 3 B
        Model m = new ModelBuilder("res", new Shape(3, 8, 8))
                .add("a", Op.Conv2d.of(8, 1, 1, Padding.VALID))
                .add("b", new Op.Activation(Op.ActivationKind.RELU))
                .add("c", Op.Conv2d.of(3, 3, 1, Padding.of(1)))
                .add("sum", new Op.Add(), List.of("c", Model.INPUT))
                .add("gap", new Op.GlobalPool(Op.PoolKind.AVG))
                .build();
        // a: in+a=704; b: in+a+b=1216 (peak); c: in+b+c=896; sum: in+c+sum=576; gap: sum+gap=195
        assertEquals(1216, m.peakActivationBytes(DataType.INT8));
        assertEquals(4 * 1216, m.peakActivationBytes(DataType.FP32));

        // the same chain without the skip frees the input after 'a': peak is {a, b} = 1024
        Model chain = new ModelBuilder("nores", new Shape(3, 8, 8))
                .add("a", Op.Conv2d.of(8, 1, 1, Padding.VALID))
                .add("b", new Op.Activation(Op.ActivationKind.RELU))
                .add("c", Op.Conv2d.of(3, 3, 1, Padding.of(1)))
                .build();
        assertEquals(1024, chain.peakActivationBytes(DataType.INT8));
    }
}

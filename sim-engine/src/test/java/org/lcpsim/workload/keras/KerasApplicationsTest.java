package org.lcpsim.workload.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.lcpsim.workload.Layer;
import org.lcpsim.workload.LcpModel;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/**
 * The Keras configurations scripts/keras-fixtures writes (Keras 3 and Keras 2 forms of the same
 * networks, built layer by layer as keras.applications and the keras.io examples build them):
 * lcpsim's import counts Keras's published parameters, and the zoo's counts of the same networks.
 *
 * <p>Where the published numbers come from: the "Parameters" column of the keras.io Applications
 * table is model.summary()'s "Total params" (MobileNet 4,253,864, ResNet50 25,636,712); the
 * summaries print "Trainable params: 4,231,976" and "25,583,592" beside them (the difference,
 * 21,888 and 53,120, is the batch-norm moving mean and variance, two per channel, which Keras
 * counts as non-trainable parameters); the Simple MNIST convnet example (keras.io/examples/vision/
 * mnist_convnet) prints "Total params: 34,826" and the functional API guide's toy ResNet
 * (keras.io/guides/functional_api) "Total params: 223,242". lcpsim's parameters are the zoo's:
 * the weights inference uses, batch norm's scale and shift but not its statistics, so they equal
 * Keras's trainable count (no layer is frozen here) and Keras's total minus the statistics.
 */
class KerasApplicationsTest {
    static Path dir() {
        try {
            return Path.of(KerasApplicationsTest.class.getResource("/org/lcpsim/workload/keras/mnist-keras3.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static KerasImporter.Imported load(String file) {
        return KerasImporter.load(dir().resolve(file), KerasImporter.Options.DEFAULT);
    }

    @ParameterizedTest(name = "{0} keras{1}")
    @CsvSource({
        // fixture, Keras version, Keras total params, Keras trainable params, lcpsim params, MACs, head, input, output
        "mobilenet, 3, 4253864, 4231976, 4231976, 568740352, conv_preds, 3x224x224, 1000",
        "mobilenet, 2, 4253864, 4231976, 4231976, 568740352, conv_preds, 3x224x224, 1000",
        "resnet50, 3, 25636712, 25583592, 25583592, 3857973248, predictions, 3x224x224, 1000",
        "resnet50, 2, 25636712, 25583592, 25583592, 3857973248, predictions, 3x224x224, 1000",
        // conv 26*26*32*9 + conv 11*11*64*288 + dense 1600*10
        "mnist, 3, 34826, 34826, 34826, 2440960, dense, 1x28x28, 10",
        "mnist, 2, 34826, 34826, 34826, 2440960, dense, 1x28x28, 10",
        "toy-resnet, 3, 223242, 223242, 223242, 0, dense_1, 3x32x32, 10",
        "toy-resnet, 2, 223242, 223242, 223242, 0, dense_1, 3x32x32, 10",
        // see KerasImportTest.miniInception for these by hand
        "mini-inception, 3, 3965, 3869, 3869, 0, classes, 3x64x64, 5",
        "mini-inception, 2, 3965, 3869, 3869, 0, classes, 3x64x64, 5",
    })
    void countsEqualKerasPublished(String fixture, int version, long total, long trainable, long params, long macs, String head,
                                   String input, String output) {
        KerasImporter.Imported k = load(fixture + "-keras" + version + ".json");
        Model m = k.model();
        assertEquals("Keras " + version, k.format());
        assertEquals(total, k.kerasTotalParams(), "Keras total params");
        assertEquals(trainable, k.kerasTrainableParams(), "Keras trainable params");
        assertEquals(params, m.params(), "lcpsim params");
        if (macs > 0) {
            assertEquals(macs, m.macs(), "MACs");
        }
        assertEquals(head, m.headStart());
        assertEquals(input, m.inputShape().toString());
        assertEquals(output, m.outputShape().toString());
        assertTrue(m.notes().isEmpty() || fixture.equals("mini-inception"), m.notes().toString());
        assertEquals(fixture + "-keras" + version, m.name());
    }

    /** Keras 2 and Keras 3 configurations of one network import to the same work, layer by layer where they agree. */
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet", "resnet50", "mnist", "toy-resnet", "mini-inception"})
    void bothKerasVersionsGiveTheSameModel(String fixture) {
        Model a = load(fixture + "-keras3.json").model();
        Model b = load(fixture + "-keras2.json").model();
        assertEquals(a.params(), b.params());
        assertEquals(a.macs(), b.macs());
        assertEquals(a.flops(), b.flops());
        for (Layer l : a.layers()) {
            Layer other = b.layer(l.name());
            if (other != null && !(l.op() instanceof Op.Conv2d c && c.padding() != ((Op.Conv2d) other.op()).padding())) {
                assertEquals(l.outputShape(), other.outputShape(), l.name());
                assertEquals(l.params(), other.params(), l.name());
            }
        }
    }

    /** MobileNet v1 is the zoo's network: the same counts, exactly, and the same LCP variants. */
    @Test
    void mobilenetEqualsTheZoo() {
        Model zoo = ModelZoo.get("mobilenet");
        for (String f : List.of("mobilenet-keras3.json", "mobilenet-keras2.json")) {
            Model m = load(f).model();
            assertEquals(zoo.params(), m.params(), f);
            assertEquals(zoo.macs(), m.macs(), f);
            assertEquals(zoo.headStart(), m.headStart(), f);
            for (int k : new int[] {2, 4, 8}) {
                for (double fatten : new double[] {0.0, 0.4}) {
                    LcpModel a = LcpTransform.split(m, k, fatten);
                    LcpModel b = LcpTransform.split(zoo, k, fatten);
                    String what = f + " " + a.variant();
                    assertEquals(b.params(), a.params(), what + " params");
                    assertEquals(b.macs(), a.macs(), what + " MACs");
                    assertEquals(b.branch().outputShape(), a.branch().outputShape(), what + " branch output");
                    assertEquals(b.head().params(), a.head().params(), what + " head");
                }
            }
        }
    }

    /**
     * Keras's ResNet50 is ResNet v1 as Kaiming He published it; the zoo's is torchvision's (v1.5).
     * Layer by layer they are the same network (the same convolutions, widths and batch norms)
     * with two systematic differences, which this checks for the original and for split2, split4:
     * every Keras convolution has a bias (26,560 parameters: +0.104%), and the first block of
     * stages 3 to 5 strides its first 1x1 convolution (Keras) instead of its 3x3 one
     * (torchvision), so that 1x1 convolution runs on a quarter of the positions: 3 x 77,070,336
     * fewer MACs in the original (3.858G instead of 4.089G, -5.65%).
     */
    @Test
    void resnet50IsTheZoosNetworkWithBiasesAndVersionOneStrides() {
        Model zoo = ModelZoo.get("resnet50");
        for (String f : List.of("resnet50-keras3.json", "resnet50-keras2.json")) {
            Model keras = load(f).model();
            assertEquals(zoo.params() + 26_560, keras.params(), f);
            assertEquals(zoo.macs() - 3 * 77_070_336L, keras.macs(), f);
            assertEquals(3_857_973_248L, keras.macs());
            for (int k : new int[] {1, 2, 4}) {
                LcpModel a = LcpTransform.split(keras, k, 0.0);
                LcpModel b = LcpTransform.split(zoo, k, 0.0);
                Map<String, Layer> zooLayers = new HashMap<>();
                b.branch().layers().forEach(l -> zooLayers.put(l.name(), l));
                long biases = 0;
                long strideShift = 0;
                int convs = 0;
                for (Layer l : a.branch().layers()) {
                    if (!(l.op() instanceof Op.Conv2d c)) {
                        continue;
                    }
                    Layer t = zooLayers.get(torchvisionName(l.name()));
                    assertNotNull(t, l.name());
                    Op.Conv2d tc = (Op.Conv2d) t.op();
                    assertEquals(tc.filters(), c.filters(), l.name());
                    assertEquals(tc.kernelH(), c.kernelH(), l.name());
                    assertEquals(t.inputShapes().get(0).channels(), l.inputShapes().get(0).channels(), l.name());
                    boolean shifted = l.name().matches("conv[345]_block1_1_conv");
                    // the 1x1 convolution Keras strides runs on a quarter of torchvision's positions
                    assertEquals(shifted ? t.outputShape().elements() / 4 : t.outputShape().elements(),
                            l.outputShape().elements(), l.name());
                    assertTrue(c.bias() && !tc.bias(), l.name());
                    biases += c.filters();
                    strideShift += t.macs() - l.macs();
                    convs++;
                }
                assertEquals(53, convs);
                assertEquals(b.branch().params() + biases, a.branch().params(), f + " split" + k);
                assertEquals(b.branch().macs() - strideShift, a.branch().macs(), f + " split" + k);
                assertEquals(b.head().params(), a.head().params());
                assertEquals(b.head().macs(), a.head().macs());
                assertEquals(b.branch().outputShape(), a.branch().outputShape());
                if (k == 1) {
                    assertEquals(26_560, biases);
                    assertEquals(3 * 77_070_336L, strideShift);
                }
            }
        }
    }

    /** conv3_block1_1_conv (Keras) is layer2.0.conv1 (torchvision), conv1_conv is conv1, ..._0_conv is downsample.0. */
    private static String torchvisionName(String keras) {
        if (keras.equals("conv1_conv")) {
            return "conv1";
        }
        String[] p = keras.split("_");
        int stage = Integer.parseInt(p[0].substring(4)) - 1;
        int block = Integer.parseInt(p[1].substring(5)) - 1;
        String prefix = "layer" + stage + "." + block + ".";
        return p[2].equals("0") ? prefix + "downsample.0" : prefix + "conv" + p[2];
    }

    @Test
    void shapesFollowKerasLayout() {
        Model m = load("resnet50-keras3.json").model();
        assertEquals(new Shape(3, 230, 230), m.layer("conv1_pad").outputShape());
        assertEquals(new Shape(64, 112, 112), m.layer("conv1_conv").outputShape());
        assertEquals(new Shape(256, 56, 56), m.layer("conv2_block1_out").outputShape());
        assertEquals(new Shape(2048, 7, 7), m.layer("conv5_block3_out").outputShape());
        assertEquals(Shape.vector(1000), m.layer("predictions").outputShape());
        assertTrue(m.layer("predictions/softmax").op() instanceof Op.Softmax);
    }
}

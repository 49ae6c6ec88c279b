package org.lcpsim.workload.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Padding;
import org.lcpsim.workload.Shape;

/** Every supported layer form from small hand-written configurations, both Keras versions, the .keras archive, and the errors. */
@Timeout(60)
class KerasImportTest {
    @TempDir
    Path dir;

    private KerasImporter.Imported load(String json) throws IOException {
        return load(json, KerasImporter.Options.DEFAULT);
    }

    private KerasImporter.Imported load(String json, KerasImporter.Options o) throws IOException {
        return KerasImporter.load(Files.writeString(dir.resolve("m.json"), json), o);
    }

    private String error(String json) throws IOException {
        return error(json, KerasImporter.Options.DEFAULT);
    }

    private String error(String json, KerasImporter.Options o) throws IOException {
        Path p = Files.writeString(dir.resolve("bad.json"), json);
        return assertThrows(KerasException.class, () -> KerasImporter.load(p, o)).getMessage();
    }

    private String fileError(Path p) {
        return assertThrows(KerasException.class, () -> KerasImporter.load(p, KerasImporter.Options.DEFAULT)).getMessage();
    }

    // ================================================================ the .keras archive

    @Test
    void aKerasArchiveImportsItsConfigJson() throws IOException {
        String config = Files.readString(KerasApplicationsTest.dir().resolve("mobilenet-keras3.json"));
        Path file = KerasJson.archive(dir.resolve("mobilenet.keras"), config);
        KerasImporter.Imported k = KerasImporter.load(file, KerasImporter.Options.DEFAULT);
        Model json = KerasApplicationsTest.load("mobilenet-keras3.json").model();
        assertEquals("mobilenet", k.model().name());
        assertEquals(json.params(), k.model().params());
        assertEquals(json.macs(), k.model().macs());
        assertEquals(4_253_864, k.kerasTotalParams());
        assertEquals("conv_preds", k.model().headStart());
        assertEquals(KerasReader.Source.KERAS_ARCHIVE, KerasReader.read(file).source());
    }

    @Test
    void aStoredArchiveWithDirectoriesReadsToo() throws IOException {
        Path file = dir.resolve("m.keras");
        byte[] config = new KerasJson(3, "x", "[null, 8, 8, 3]").layer("Flatten", "f", "", "x").json()
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("assets/"));
            ZipEntry e = new ZipEntry("config.json");
            e.setMethod(ZipEntry.STORED);
            e.setSize(config.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(config);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(config);
        }
        assertEquals(Shape.vector(192), KerasImporter.importFile(file, KerasImporter.Options.DEFAULT).outputShape());
    }

    // ================================================================ layers

    /** One model of the less common layer forms; counts worked out by hand per layer. */
    static KerasJson everyForm(int version) {
        return new KerasJson(version, "img", "[null, 16, 16, 4]")
                // groups 2: 8 filters of 2 channels, 3x3, no bias = 144
                .layer("Conv2D", "grouped", "\"filters\": 8, \"kernel_size\": [3, 3], \"padding\": \"same\", \"groups\": 2, "
                        + "\"use_bias\": false", "img")
                // groups = channels: a depthwise convolution, multiplier 2, bias = 16*9 + 16 = 160
                .layer("Conv2D", "dwlike", "\"filters\": 16, \"kernel_size\": 3, \"padding\": \"same\", \"groups\": 8",
                        "grouped")
                // dilation 2: extent 5, 16 -> 12; 16*9*8 + 8 = 1160
                .layer("Conv2D", "dilated", "\"filters\": 8, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 2], "
                        + "\"padding\": \"valid\", \"activation\": \"relu6\"", "dwlike")
                // stride 2 same: 12 -> 6; 8*9 + 8 = 80, then swish (element-wise, noted)
                .layer("DepthwiseConv2D", "dw", "\"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", "
                        + "\"depth_multiplier\": 1, \"use_bias\": true, \"activation\": \"swish\"", "dilated")
                .layer("ReLU", "leaky", "\"max_value\": null, \"negative_slope\": 0.1, \"threshold\": 0.0", "dw")
                // alpha shared over height and width: 8
                .layer("PReLU", "prelu", "\"shared_axes\": [1, 2]", "leaky")
                .layer("GlobalAveragePooling2D", "se_pool", "\"keepdims\": true", "prelu")
                // a Dense on (1, 1, 8): a 1x1 convolution, 8*8 + 8 = 72
                .layer("Dense", "se_fc", "\"units\": 8, \"activation\": \"hard_sigmoid\"", "se_pool")
                .layer("Multiply", "se", "", "prelu", "se_fc")
                // no scale: beta only, 8
                .layer("BatchNormalization", "bn", "\"axis\": -1, \"center\": true, \"scale\": false", "se")
                .layer("UpSampling2D", "up", "\"size\": [2, 2], \"interpolation\": \"bilinear\"", "bn")
                .layer("Cropping2D", "crop", "\"cropping\": [[1, 1], [2, 0]]", "up")
                .layer("MaxPooling2D", "pool", "\"pool_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\"",
                        "dilated")
                .layer("Concatenate", "cat", "\"axis\": -1", "crop", "pool")
                .layer("Normalization", "norm", "\"axis\": -1, \"mean\": null, \"variance\": null", "cat")
                .layer("Permute", "perm", "\"dims\": [3, 1, 2]", "norm")
                .layer("Permute", "back", "\"dims\": [2, 3, 1]", "perm")
                .layer("Reshape", "seq", "\"target_shape\": [-1, 16]", "back")
                // causal: 3 taps dilated 2 pad 4 in front; 16*3*4 + 4 = 196
                .layer("Conv1D", "c1d", "\"filters\": 4, \"kernel_size\": [3], \"padding\": \"causal\", "
                        + "\"dilation_rate\": [2]", "seq")
                .layer("MaxPooling1D", "p1d", "\"pool_size\": [2], \"strides\": [2], \"padding\": \"valid\"", "c1d")
                .layer("GlobalMaxPooling1D", "gp1d", "", "p1d")
                // 4*3 + 3 = 15
                .layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\"", "gp1d");
    }

    @ParameterizedTest(name = "Keras {0}")
    @ValueSource(ints = {3, 2})
    void lessCommonLayerForms(int version) throws IOException {
        KerasImporter.Imported k = load(everyForm(version).json());
        Model m = k.model();
        assertEquals(new Shape(4, 16, 16), m.inputShape());
        Op.Conv2d grouped = assertInstanceOf(Op.Conv2d.class, m.layer("grouped").op());
        assertEquals(2, grouped.groups());
        assertEquals(144, m.layer("grouped").params());
        Op.DepthwiseConv2d dwlike = assertInstanceOf(Op.DepthwiseConv2d.class, m.layer("dwlike").op());
        assertEquals(2, dwlike.multiplier());
        assertEquals(160, m.layer("dwlike").params());
        assertEquals(new Shape(8, 12, 12), m.layer("dilated").outputShape());
        assertEquals(1160, m.layer("dilated").params());
        assertEquals(Op.ActivationKind.RELU6, ((Op.Activation) m.layer("dilated/relu6").op()).function());
        assertEquals(new Shape(8, 6, 6), m.layer("dw").outputShape());
        assertEquals(80, m.layer("dw").params());
        assertEquals("swish", ((Op.Elementwise) m.layer("dw/swish").op()).function());
        assertEquals(Op.ActivationKind.LEAKY_RELU, ((Op.Activation) m.layer("leaky").op()).function());
        assertEquals(8, m.layer("prelu").params());
        assertEquals(Shape.vector(8), m.layer("se_pool").outputShape());
        assertInstanceOf(Op.Conv2d.class, m.layer("se_fc").op());
        assertEquals(72, m.layer("se_fc").params());
        assertEquals(Op.ActivationKind.HARD_SIGMOID, ((Op.Activation) m.layer("se_fc/hard_sigmoid").op()).function());
        assertEquals(new Shape(8, 6, 6), m.layer("se").outputShape());
        assertEquals(List.of("prelu", "se_fc/hard_sigmoid"), m.layer("se").inputs());
        assertEquals(8, m.layer("bn").params());
        assertEquals(LayerKind.ELEMENTWISE, m.layer("bn").kind());
        assertEquals(new Shape(8, 12, 12), m.layer("up").outputShape());
        assertEquals(4L * 8 * 12 * 12, m.layer("up").flops());
        assertEquals(new Shape(8, 10, 10), m.layer("crop").outputShape());
        assertEquals(new Shape(8, 10, 10), m.layer("pool").outputShape());
        assertEquals(new Shape(16, 10, 10), m.layer("cat").outputShape());
        assertEquals(0, m.layer("norm").params());
        assertEquals(new Shape(10, 16, 10), m.layer("perm").outputShape());
        assertEquals(new Shape(16, 10, 10), m.layer("back").outputShape());
        assertEquals(new Shape(16, 100, 1), m.layer("seq").outputShape());
        Op.Conv2d c1d = (Op.Conv2d) m.layer("c1d").op();
        assertEquals(Padding.of(4, 0, 0, 0, false), c1d.padding());
        assertEquals(new Shape(4, 100, 1), m.layer("c1d").outputShape());
        assertEquals(196, m.layer("c1d").params());
        assertEquals(new Shape(4, 50, 1), m.layer("p1d").outputShape());
        assertEquals(Shape.vector(4), m.layer("gp1d").outputShape());
        assertEquals(15, m.layer("out").params());
        assertInstanceOf(Op.Softmax.class, m.layer("out/softmax").op());
        assertEquals("out", m.headStart());
        assertEquals(1843, m.params());
        // batch-norm statistics 2 x 8, the normalization's mean and variance 2 x 16 (Keras 2: and its count)
        assertEquals(1843 + 16 + 32 + (version == 2 ? 1 : 0), k.kerasTotalParams());
        assertEquals(1843, k.kerasTrainableParams());
        assertEquals(List.of("imported m: activations lcpsim has no kind for costed as element-wise ops, one FLOP per "
                + "element: swish (1)"), m.notes());
        // a permutation that moves the channels to another axis cannot follow a narrower branch
        IllegalArgumentException lcp = assertThrows(IllegalArgumentException.class, () -> LcpTransform.split(m, 2, 0.0));
        assertTrue(lcp.getMessage().startsWith("layer 'perm': a reshape of 16x10x10 to the fixed shape 10x16x10"),
                lcp.getMessage());
    }

    /** The toy ResNet and the small Inception-like model of the fixtures, by hand. */
    @Test
    void miniInception() {
        Model m = KerasApplicationsTest.load("mini-inception-keras3.json").model();
        // 64 + pad 2 = 66, 3x3 stride 2 valid: 32
        assertEquals(new Shape(16, 32, 32), m.layer("stem").outputShape());
        assertEquals(3 * 9 * 16, m.layer("stem").params());
        assertEquals(16 * 8 + 8, m.layer("branch_1x1").params());
        assertEquals(9 * 16, m.layer("branch_sep/depthwise").params());
        assertEquals(16 * 16 + 16, m.layer("branch_sep").params());
        assertEquals(9 * 32 + 32, m.layer("branch_dw").params());
        assertEquals(32, m.layer("branch_dw_bn").params());
        assertEquals(new Shape(72, 32, 32), m.layer("mixed").outputShape());
        assertEquals(72 * 32 + 32, m.layer("project").params());
        assertEquals(32 * 5 + 5, m.layer("classes").params());
        assertEquals(3869, m.params());
        assertEquals(2L * 64 * 64 * 3, m.layer("scale").flops());
        assertEquals(List.of("branch_1x1/relu", "branch_sep/relu", "branch_dw_swish", "branch_pool"), m.layer("mixed").inputs());
        // LCP narrows a concatenation of four branches
        assertEquals(new Shape(36, 32, 32), LcpTransform.split(m, 2, 0.0).branch().layer("mixed").outputShape());
    }

    @Test
    void aNestedFrozenModelIsInlined() throws IOException {
        String base = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "base", "trainable": false, "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 32, 32, 3], "name": "in"}},
                  {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv", "filters": 8, "kernel_size": [3, 3],
                   "padding": "same", "activation": "relu"}},
                  {"module": "keras.layers", "class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2]}}]},
                 "name": "base", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 32, 32, 3],
                  "keras_history": ["image", 0, 0]}}], "kwargs": {"training": false}}]}""";
        KerasJson j = new KerasJson(3, "image", "[null, 32, 32, 3]").raw(base, "base")
                .layer("GlobalAveragePooling2D", "gap", "", "base")
                .layer("Dense", "dense", "\"units\": 2", "gap");
        KerasImporter.Imported k = load(j.json());
        Model m = k.model();
        assertEquals(new Shape(8, 32, 32), m.layer("base/conv").outputShape());
        assertEquals(new Shape(8, 16, 16), m.layer("base/pool").outputShape());
        assertEquals(List.of("base/pool"), m.layer("gap").inputs());
        assertEquals(224 + 18, m.params());
        assertEquals(18, k.kerasTrainableParams(), "the frozen base's weights are non-trainable in Keras");
        assertEquals(242, k.kerasTotalParams());
        assertEquals("dense", m.headStart());
    }

    /** Transfer learning: Sequential([base_model, ...]) with and without an InputLayer before the base. */
    @ParameterizedTest(name = "InputLayer first: {0}")
    @ValueSource(booleans = {true, false})
    void aSequentialAroundAFunctionalBase(boolean inputLayer) throws IOException {
        String base = Files.readString(KerasApplicationsTest.dir().resolve("toy-resnet-keras3.json"));
        String json = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"transfer\", "
                + "\"layers\": [" + (inputLayer ? "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": "
                + "{\"batch_shape\": [null, 32, 32, 3], \"name\": \"in\"}}, " : "") + base + ", {\"module\": \"keras.layers\", "
                + "\"class_name\": \"Dense\", \"config\": {\"name\": \"new_head\", \"units\": 2}}]}}";
        Model m = load(json).model();
        assertEquals(new Shape(3, 32, 32), m.inputShape());
        assertEquals(223_242 + 22, m.params());
        assertEquals(List.of("toy_resnet/dense_1"), m.layer("new_head").inputs());
        assertEquals(List.of("toy_resnet/add", "toy_resnet/conv2d_5/relu"), m.layer("toy_resnet/add_1").inputs()
                .stream().sorted().toList());
        assertEquals("new_head", m.headStart());
    }

    @Test
    void keras2OldForms() throws IOException {
        // Keras 2.2: a Sequential's config is its list of layers; the input shape sits on the first layer
        String sequential = """
                {"class_name": "Sequential", "config": [
                  {"class_name": "Conv2D", "config": {"name": "c", "batch_input_shape": [null, 10, 10, 1], "filters": 2,
                   "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
                   "activation": "tanh", "use_bias": true}},
                  {"class_name": "Flatten", "config": {"name": "f"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 4, "activation": "sigmoid", "use_bias": true}}],
                 "keras_version": "2.2.4", "backend": "tensorflow"}""";
        Model m = load(sequential).model();
        assertEquals(new Shape(2, 8, 8), m.layer("c").outputShape());
        assertEquals(Op.ActivationKind.TANH, ((Op.Activation) m.layer("c/tanh").op()).function());
        assertEquals(20 + 128 * 4 + 4, m.params());
        assertEquals("d", m.headStart());
        // a Functional model of class Model, without kwargs in its references, a layer listed before the one it reads
        String functional = """
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "d", "class_name": "Dense", "config": {"name": "d", "units": 3}, "inbound_nodes": [[["i", 0, 0]]]},
                  {"name": "i", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 5], "name": "i"},
                   "inbound_nodes": []}],
                 "input_layers": [["i", 0, 0]], "output_layers": [["d", 0, 0]]}}""";
        Model f = load(functional).model();
        assertEquals(18, f.params());
        assertEquals(Shape.vector(5), f.inputShape());
    }

    @Test
    void channelsFirstModels() throws IOException {
        KerasJson j = new KerasJson(2, "x", "[null, 3, 32, 32]")
                .layer("Conv2D", "c", "\"filters\": 8, \"kernel_size\": 3, \"data_format\": \"channels_first\"", "x")
                .layer("BatchNormalization", "bn", "\"axis\": [1]", "c")
                .layer("MaxPooling2D", "p", "\"pool_size\": 2, \"data_format\": \"channels_first\"", "bn")
                .layer("Concatenate", "cat", "\"axis\": 1", "p", "p")
                .layer("GlobalAveragePooling2D", "g", "\"data_format\": \"channels_first\"", "cat")
                .layer("Dense", "d", "\"units\": 10", "g");
        Model m = load(j.json()).model();
        assertEquals(new Shape(3, 32, 32), m.inputShape());
        assertEquals(new Shape(8, 30, 30), m.layer("c").outputShape());
        assertEquals(new Shape(16, 15, 15), m.layer("cat").outputShape());
        assertEquals(16 * 10 + 10, m.layer("d").params());
        String mixed = error(new KerasJson(2, "x", "[null, 3, 32, 32]")
                .layer("Conv2D", "c", "\"filters\": 8, \"kernel_size\": 3, \"data_format\": \"channels_first\"", "x")
                .layer("MaxPooling2D", "p", "\"pool_size\": 2, \"data_format\": \"channels_last\"", "c").json());
        assertEquals("the model mixes layers of data_format channels_first and channels_last: lcpsim imports models of one "
                + "layout", mixed);
        String dense = error(new KerasJson(2, "x", "[null, 3, 32, 32]")
                .layer("Conv2D", "c", "\"filters\": 8, \"kernel_size\": 3, \"data_format\": \"channels_first\"", "x")
                .layer("Dense", "d", "\"units\": 4", "c").json());
        assertTrue(dense.startsWith("layer 'd' (Dense): a Dense layer on a channels_first tensor of shape (None, 8, 30, 30)"),
                dense);
    }

    @Test
    void identityLayersLeaveNone() throws IOException {
        KerasJson j = new KerasJson(3, "x", "[null, 4]")
                .layer("Activation", "lin", "\"activation\": \"linear\"", "x")
                .layer("Identity", "id", "", "lin")
                .layer("Dense", "d", "\"units\": 2, \"activation\": {\"module\": \"keras.activations\", \"class_name\": "
                        + "\"function\", \"config\": \"gelu\", \"registered_name\": \"function\"}", "id")
                .layer("Softmax", "s", "\"axis\": -1", "d");
        Model m = load(j.json()).model();
        assertEquals(List.of("d", "d/gelu", "s"), m.layers().stream().map(l -> l.name()).toList());
        assertEquals(List.of(Model.INPUT), m.layer("d").inputs());
        String head = error(j.json(), new KerasImporter.Options(KerasImporter.UnknownLayers.ERROR, "lin", null));
        assertEquals("head: layer 'lin' (Activation) computes nothing lcpsim keeps as a layer: name the classifier's first"
                + " layer", head);
    }

    @Test
    void aNamedHead() throws IOException {
        String json = Files.readString(KerasApplicationsTest.dir().resolve("toy-resnet-keras3.json"));
        Model m = load(json, new KerasImporter.Options(KerasImporter.UnknownLayers.ERROR, "dense", null)).model();
        assertEquals("dense", m.headStart());
        assertEquals("dense_1", load(json).model().headStart());
        assertEquals("head: the model has no layer named 'fc'",
                error(json, new KerasImporter.Options(KerasImporter.UnknownLayers.ERROR, "fc", null)));
    }

    @Test
    void severalOutputsKeepTheFirst() throws IOException {
        KerasJson j = new KerasJson(3, "x", "[null, 4]")
                .layer("Dense", "a", "\"units\": 2", "x")
                .layer("Dense", "b", "\"units\": 3", "x");
        String json = j.json("two", "a").replace("\"output_layers\": [[\"a\", 0, 0]]",
                "\"output_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]]");
        Model m = load(json).model();
        assertEquals(List.of("a"), m.layers().stream().map(l -> l.name()).toList());
        assertEquals(List.of("imported m: only the model's first output is simulated; the other 1 output(s) and the layers "
                + "only they need are left out"), m.notes());
    }

    // ================================================================ unknown layers

    @Test
    void unknownLayersAreErrorsOrNotedElementwiseOps() throws IOException {
        KerasJson j = new KerasJson(3, "x", "[null, 8, 8, 3]")
                .layer("Conv2D", "c", "\"filters\": 4, \"kernel_size\": 3", "x")
                .layer("Lambda", "lam", "\"function\": {\"class_name\": \"__lambda__\"}", "c")
                .layer("GlobalAveragePooling2D", "g", "", "lam")
                .layer("Dense", "d", "\"units\": 2, \"activation\": \"my_activation\"", "g");
        String e = error(j.json());
        assertTrue(e.startsWith("layer 'lam' (Lambda): unsupported layer; lcpsim imports Activation, ActivityRegularization, "
                + "Add,"), e);
        assertTrue(e.endsWith("ZeroPadding2D (unknownLayers: elementwise costs other layers as element-wise ops)"), e);
        Model m = load(j.json(), new KerasImporter.Options(KerasImporter.UnknownLayers.ELEMENTWISE, null, null)).model();
        assertEquals(new Shape(4, 6, 6), m.layer("lam").outputShape());
        assertEquals(4 * 6 * 6, m.layer("lam").flops());
        assertEquals(List.of("imported m: layers lcpsim does not model costed as element-wise ops (unknownLayers: elementwise),"
                + " one FLOP per element, no parameters: Lambda (1), activation my_activation (1)"), m.notes());
        String act = error(j.json().replace("Lambda", "Dropout"));
        assertTrue(act.startsWith("layer 'd' (Dense): unsupported activation 'my_activation'; lcpsim imports celu, elu, "
                + "exponential, gelu,"), act);
    }

    // ================================================================ errors of the configuration

    @Test
    void configurationErrorsArePositioned() throws IOException {
        KerasJson base = new KerasJson(3, "x", "[null, 8, 8, 3]");
        assertEquals("layer 'c' (Conv2D): lcpsim infers the output shape (None, 6, 6, 4) where the file records "
                + "(None, 7, 7, 4)", error(new KerasJson(3, "x", "[null, 8, 8, 3]")
                .layer("Conv2D", "c", "\"filters\": 4, \"kernel_size\": 3", "x")
                .recorded("Flatten", "f", "", "c", "[null, 7, 7, 4]").json()));
        assertEquals("layer 'b' (BatchNormalization): normalizes axis 1 of (None, 8, 8, 3), not the channels (axis 3): lcpsim"
                + " imports batch norm over channels", error(new KerasJson(3, "x", "[null, 8, 8, 3]")
                .layer("BatchNormalization", "b", "\"axis\": 1", "x").json()));
        assertEquals("layer 'k' (Concatenate): concatenates along axis 2 of (None, 8, 8, 3): lcpsim concatenates channels"
                + " (axis 3) only", error(new KerasJson(3, "x", "[null, 8, 8, 3]")
                .layer("Concatenate", "k", "\"axis\": 2", "x", "x").json()));
        assertEquals("layer 'a' (Add): merges (None, 8, 8, 3) and (None, 6, 6, 2), which do not broadcast",
                error(base.layer("Conv2D", "c", "\"filters\": 2, \"kernel_size\": 3", "x").layer("Add", "a", "", "x", "c")
                        .json()));
        assertEquals("layer 'c' (Conv2D): kernel_size [3,0] is not 2 positive integers", error(new KerasJson(3, "x",
                "[null, 8, 8, 3]").layer("Conv2D", "c", "\"filters\": 2, \"kernel_size\": [3, 0]", "x").json()));
        assertEquals("layer 'c' (Conv2D): padding 'full' (Keras pads 'valid' or 'same')", error(new KerasJson(3, "x",
                "[null, 8, 8, 3]").layer("Conv2D", "c", "\"filters\": 2, \"kernel_size\": 3, \"padding\": \"full\"", "x")
                .json()));
        assertEquals("layer 'c' (Conv2D): window 9 with stride 1 does not fit input 8", error(new KerasJson(3, "x",
                "[null, 8, 8, 3]").layer("Conv2D", "c", "\"filters\": 2, \"kernel_size\": 9", "x").json()));
        assertEquals("layer 'r' (Reshape): reshapes to rank 4 (None, 2, 4, 8, 3): lcpsim's tensors have at most three axes",
                error(new KerasJson(3, "x", "[null, 8, 8, 3]").layer("Reshape", "r", "\"target_shape\": [2, 4, 8, 3]", "x")
                        .json()));
        assertEquals("layer 'f' (Flatten): reads 'nothing', which is no layer of the model", error(new KerasJson(2, "x",
                "[null, 8, 8, 3]").layer("Flatten", "f", "", "nothing").json()));
        assertEquals("layer 'c' (Conv2D): reads a tensor of shape (None, 8); a 2-D convolution reads an image (batch, height,"
                + " width, channels)", error(new KerasJson(2, "x", "[null, 8]").layer("Conv2D", "c", "\"filters\": 2, "
                + "\"kernel_size\": 3", "x").json()));
    }

    @Test
    void modelErrors() throws IOException {
        assertEquals("input 'x' has a dimension of unknown size (None) at axis 1: build the model with a fixed input size, "
                + "e.g. keras.Input(shape=(224, 224, 3))", error(new KerasJson(3, "x", "[null, null, null, 3]")
                .layer("Flatten", "f", "", "x").json()));
        assertEquals("input 'x' has batch size 32: lcpsim simulates one image per request; build the model with batch size "
                + "None or 1", error(new KerasJson(3, "x", "[32, 8, 8, 3]").layer("Flatten", "f", "", "x").json()));
        String two = new KerasJson(2, "x", "[null, 4]").layer("Dense", "d", "\"units\": 2", "x").json()
                .replace("\"input_layers\": [[\"x\", 0, 0]]", "\"input_layers\": [[\"x\", 0, 0], [\"y\", 0, 0]]");
        assertEquals("the model has 2 inputs ('x', 'y'): lcpsim imports models of one input, the image", error(two));
        String shared = new KerasJson(2, "x", "[null, 4]").layer("Dense", "d", "\"units\": 4", "x").json()
                .replace("\"inbound_nodes\": [[[\"x\", 0, 0, {}]]]", "\"inbound_nodes\": [[[\"x\", 0, 0, {}]], [[\"x\", 0, 0, {}]]]");
        assertEquals("layer 'd' (Dense): is called 2 times (a shared layer): lcpsim imports layers called once", error(shared));
        String cycle = new KerasJson(2, "x", "[null, 4]").layer("Dense", "a", "\"units\": 4", "b")
                .layer("Dense", "b", "\"units\": 4", "a").json();
        assertEquals("layer 'a' (Dense): the model's graph has a cycle through this layer", error(cycle));
        assertEquals("the Sequential model has no input shape: start it with keras.Input(shape=(224, 224, 3)) or build it "
                + "(model.build((None, 224, 224, 3))) before saving", error("{\"class_name\": \"Sequential\", \"config\": "
                + "{\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}}]}}"));
        assertEquals("not a Keras model lcpsim imports: a Dense whose configuration lists no layers (a subclassed model?); "
                + "lcpsim imports Sequential and Functional models", error("{\"class_name\": \"Dense\", \"config\": {\"units\": 2}}"));
        assertEquals("not a Keras model (JSON without the class_name and config of a serialized Keras model: lcpsim reads "
                + "model.to_json() or a .keras file)", error("{\"weights\": [1, 2]}"));
        assertEquals("the model's output is its input: there is nothing to compute",
                error(new KerasJson(3, "x", "[null, 4]").json()));
        assertEquals("input 'x' (None, 65536, 65536, 3) has 12884901888 elements, more than lcpsim handles (2147483647)",
                error(new KerasJson(3, "x", "[null, 65536, 65536, 3]").layer("Flatten", "f", "", "x").json()));
    }

    // ================================================================ errors of the file

    @Test
    void filesThatAreNoKerasModels() throws IOException {
        assertEquals("no such file", fileError(dir.resolve("missing.keras")));
        assertTrue(fileError(dir).startsWith("is a directory, not a Keras model file"));
        assertEquals("not a Keras model (the file is empty)", fileError(Files.createFile(dir.resolve("empty.keras"))));
        assertEquals("not a Keras model (neither a .keras zip archive nor the JSON object of model.to_json())",
                fileError(Files.writeString(dir.resolve("text.keras"), "hello")));
        assertEquals("not a Keras model (neither a .keras zip archive nor the JSON object of model.to_json())",
                fileError(Files.writeString(dir.resolve("list.json"), "[1, 2]")));
        assertTrue(fileError(Files.write(dir.resolve("w.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}))
                .startsWith("not a Keras model lcpsim reads (an HDF5 file"));
        assertTrue(fileError(Files.writeString(dir.resolve("bad.json"), "{\"class_name\": \"Sequential\",\n \"config\": }"))
                .startsWith("not a Keras model (the JSON is not valid JSON at line 2, column 12: Unexpected character ('}'"));
        assertEquals("not a Keras model (the JSON ends in the middle of a value: truncated?)",
                fileError(Files.writeString(dir.resolve("cut.json"), "{\"class_name\": \"Sequential\", \"config\": {\"la")));
        assertEquals("not a Keras model (not UTF-8 text: byte 3 is not UTF-8)",
                fileError(Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', 'a', (byte) 0xe9, '"', '}'})));
        assertTrue(fileError(Files.writeString(dir.resolve("deep.json"), "{\"a\": " + "[".repeat(300) + "]".repeat(300) + "}"))
                .startsWith("not a Keras model lcpsim reads (the JSON exceeds a limit: Document nesting depth"));
        assertTrue(fileError(Files.writeString(dir.resolve("dup.json"), "{\"class_name\": 1, \"class_name\": 2}"))
                .contains("Duplicate field 'class_name'"));
    }

    @Test
    void largeTextIsRefusedAtTheLimit() throws IOException {
        Path big = dir.resolve("big.json");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write('{');
            out.write(new byte[KerasReader.MAX_CONFIG_BYTES]);
        }
        assertEquals("not a Keras model lcpsim reads (more than 16 MiB of text; lcpsim reads model configurations of at most "
                + "16 MiB)", fileError(big));
    }

    @Test
    void archivesThatAreNoKerasModels() throws IOException {
        Path noConfig = dir.resolve("noconfig.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noConfig))) {
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("not a Keras model (a zip archive without config.json: a .keras file of Keras 3 holds config.json, "
                + "metadata.json and model.weights.h5)", fileError(noConfig));

        Path folder = dir.resolve("folder.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(folder))) {
            zip.putNextEntry(new ZipEntry("config.json/"));
        }
        assertEquals("not a Keras model (config.json in the archive is a folder, not a file)", fileError(folder));

        // a whole .keras file cut short: the zip's directory at its end is missing
        Path whole = KerasJson.archive(dir.resolve("whole.keras"), Files.readString(KerasApplicationsTest.dir()
                .resolve("mnist-keras3.json")));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.keras"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals("not a Keras model (a zip archive without its directory at the end: truncated?)", fileError(cut));

        Path text = KerasJson.archive(dir.resolve("text.keras"), "not json");
        assertTrue(fileError(text).startsWith("not a Keras model (config.json is not valid JSON at line 1, column 1"),
                fileError(text));

        Path latin = dir.resolve("latin.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(latin))) {
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write(new byte[] {'{', (byte) 0xff, '}'});
        }
        assertEquals("not a Keras model (config.json not UTF-8 text: byte 1 is not UTF-8)", fileError(latin));
    }

    /** A config.json that expands beyond the limit is cut off while reading, whatever sizes the archive states. */
    @Test
    void aZipBombIsCutOff() throws IOException {
        Path bomb = dir.resolve("bomb.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("config.json"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 17; i++) {
                zip.write(spaces);
            }
        }
        assertTrue(Files.size(bomb) < 100_000);
        String e = fileError(bomb);
        assertTrue(e.equals("not a Keras model lcpsim reads (config.json holds 17,825,792 bytes; lcpsim reads configurations "
                + "of at most 16 MiB)"), e);
        // the same entry claiming to be small: the reader stops at the limit all the same
        byte[] b = Files.readAllBytes(bomb);
        patchSizes(b, 100);
        Path lying = Files.write(dir.resolve("lying.keras"), b);
        String l = fileError(lying);
        assertEquals("not a Keras model lcpsim reads (config.json expands to more than 16 MiB, the most lcpsim reads of a "
                + "configuration)", l);
    }

    /** Sets the uncompressed size every header of {@code zip} states for its one entry. */
    private static void patchSizes(byte[] zip, int size) {
        for (int i = 0; i + 4 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) { // central directory header
                writeInt(zip, i + 24, size);
            } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 7 && zip[i + 3] == 8) { // data descriptor
                writeInt(zip, i + 12, size);
            }
        }
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws IOException, InterruptedException {
        Path fifo = dir.resolve("model.keras");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor() != 0) {
            return; // no mkfifo here
        }
        assertEquals("not a regular file (a pipe, a device or a socket): Keras models are read from files", fileError(fifo));
    }
}

package org.lcpsim.workload.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.lcpsim.workload.LcpModel;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;
import org.lcpsim.workload.Shape;

/**
 * The torchvision networks exported by scripts/export-torchvision-onnx (without weights): lcpsim's
 * import counts exactly torchvision's trainable parameters and the MACs of its Conv2d and Linear
 * layers (torchvision.csv, written by the script from PyTorch itself), and the zoo's counts of
 * the same networks; LCP variants of the imported graphs equal the zoo's.
 */
class OnnxTorchvisionTest {
    record Row(String model, String file, int opset, long params, long macs) {
    }

    static Path dir() {
        try {
            return Path.of(OnnxTorchvisionTest.class.getResource("/org/lcpsim/workload/onnx/torchvision.csv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("torchvision.csv"))) {
            if (line.startsWith("#") || line.startsWith("model,")) {
                continue;
            }
            String[] f = line.split(",");
            rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[4]), Long.parseLong(f[5])));
        }
        return rows;
    }

    static Model load(String file) {
        return OnnxImporter.importFile(dir().resolve(file), OnnxImporter.Options.DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void countsEqualTorchvision(Row row) {
        Model m = load(row.file());
        assertEquals(row.params(), m.params(), row.model() + " params");
        assertEquals(row.macs(), m.macs(), row.model() + " MACs");
        assertEquals(new Shape(3, 224, 224), m.inputShape());
        assertEquals(Shape.vector(1000), m.outputShape());
        assertNotNull(m.headStart(), row.model() + " head");
        assertTrue(m.notes().isEmpty(), m.notes().toString());
    }

    @Test
    void fixturesCoverSevenNetworksAndSeveralOpsets() throws IOException {
        List<Row> rows = rows();
        assertEquals(7, rows.size());
        assertTrue(rows.stream().mapToInt(Row::opset).distinct().count() >= 5);
    }

    /** Zoo networks that are torchvision's own: the same counts to 0.1% (here: exactly). */
    @Test
    void countsEqualTheZoo() {
        Map<String, String> same = Map.of("vgg16.onnx", "vgg16", "resnet18.onnx", "resnet18", "resnet50.onnx", "resnet50",
                "mobilenet_v2.onnx", "mobilenet-v2");
        same.forEach((file, zoo) -> {
            Model imported = load(file);
            Model z = ModelZoo.get(zoo);
            assertEquals(z.params(), imported.params(), 0.001 * z.params(), file + " params");
            assertEquals(z.macs(), imported.macs(), 0.001 * z.macs(), file + " MACs");
        });
    }

    @Test
    void headsAreTheFinalClassifiers() {
        assertEquals("/fc/Gemm", load("resnet50.onnx").headStart());
        assertEquals("/classifier/classifier.1/Gemm", load("mobilenet_v2.onnx").headStart());
        assertEquals("/classifier/classifier.6/Gemm", load("vgg16.onnx").headStart());
        // SqueezeNet classifies with a 1x1 convolution, then ReLU and global pooling
        assertEquals("/classifier/classifier.1/Conv", load("squeezenet1_1.onnx").headStart());
    }

    /** LCP on imported graphs (residual adds, depthwise convolutions) equals the zoo's variants. */
    @Test
    void lcpVariantsEqualTheZoo() {
        for (String[] pair : new String[][] {{"resnet50.onnx", "resnet50"}, {"mobilenet_v2.onnx", "mobilenet-v2"},
            {"resnet18.onnx", "resnet18"}, {"vgg16.onnx", "vgg16"}}) {
            Model imported = load(pair[0]);
            Model zoo = ModelZoo.get(pair[1]);
            for (int k : new int[] {2, 4, 8}) {
                for (double f : new double[] {0.0, 0.4}) {
                    LcpModel a = LcpTransform.split(imported, k, f);
                    LcpModel b = LcpTransform.split(zoo, k, f);
                    String what = pair[0] + " " + a.variant();
                    assertEquals(b.params(), a.params(), what + " params");
                    assertEquals(b.macs(), a.macs(), what + " MACs");
                    assertEquals(b.branch().outputShape(), a.branch().outputShape(), what + " branch output");
                }
            }
        }
    }

    /** Concatenations (Inception, SqueezeNet's fire modules) narrow consistently. */
    @Test
    void lcpSplitsConcatenatingNetworks() {
        for (String file : new String[] {"googlenet.onnx", "squeezenet1_1.onnx", "alexnet.onnx"}) {
            Model m = load(file);
            long previous = Long.MAX_VALUE;
            for (int k : new int[] {1, 2, 4, 8}) {
                LcpModel s = LcpTransform.split(m, k, 0.0);
                if (k == 1) {
                    assertEquals(m.params(), s.params(), file);
                    assertEquals(m.macs(), s.macs(), file);
                }
                assertTrue(s.macs() < previous, file + " split" + k);
                previous = s.macs();
            }
        }
    }
}

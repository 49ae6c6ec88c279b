package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import onnx.Onnx;

/** model: {onnx: ...} in experiments and lcpsim models --file, end to end through the command line. */
class OnnxModelTest {
    static final Path RESNET18 = Path.of("examples/models/resnet18.onnx").toAbsolutePath();

    @TempDir
    Path dir;

    private Path experiment(String model) throws IOException {
        return ImportedModelChecks.experiment(dir, "onnx-test", model);
    }

    /** A tiny graph: conv, an operator lcpsim does not model (Softplus), global pooling, a classifier. */
    private Path softplusModel() throws IOException {
        Onnx.GraphProto g = Onnx.GraphProto.newBuilder().setName("g")
                .addInput(value("x", 1, 3, 16, 16)).addInput(value("w", 8, 3, 3, 3)).addInput(value("fc", 10, 8))
                .addNode(node("Conv", "conv", List.of("x", "w")))
                .addNode(node("Softplus", "softplus", List.of("conv")))
                .addNode(node("GlobalAveragePool", "pool", List.of("softplus")))
                .addNode(node("Flatten", "flat", List.of("pool")))
                .addNode(node("Gemm", "classifier", List.of("flat", "fc")).toBuilder().addAttribute(Onnx.AttributeProto
                        .newBuilder().setName("transB").setType(Onnx.AttributeProto.AttributeType.INT).setI(1)).build())
                .addOutput(Onnx.ValueInfoProto.newBuilder().setName("classifier")).build();
        Onnx.ModelProto m = Onnx.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
        return Files.write(dir.resolve("softplus.onnx"), m.toByteArray());
    }

    private static Onnx.NodeProto node(String op, String name, List<String> inputs) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name).build();
    }

    private static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    @Test
    void anExperimentRunsAnOnnxModel() throws IOException {
        Files.copy(RESNET18, dir.resolve("resnet18.onnx"));
        var row = ImportedModelChecks.runOk(experiment("{onnx: resnet18.onnx}"), dir.resolve("out"));
        assertEquals("resnet18", row.get("model"));
        assertEquals("ok", row.get("status"));
        assertEquals("split2", row.get("variant"));
    }

    @Test
    void unsupportedOperatorIsAPositionedErrorOrANote() throws IOException {
        Path model = softplusModel();
        Path exp = experiment("{onnx: softplus.onnx}");
        CliHarness.Result r = CliHarness.run("validate", exp.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("exp.yaml:2:15: $.model.onnx: softplus.onnx: node 'softplus' (Softplus): unsupported "
                + "operator; lcpsim imports Add,"), r.err());
        CliHarness.Result run = CliHarness.run("run", exp.toString(), "--out", dir.resolve("o1").toString(), "--no-progress");
        assertEquals(2, run.exitCode(), run.err());

        Path lenient = experiment("{onnx: {file: softplus.onnx, unknownOps: elementwise}}");
        CliHarness.Result ok = CliHarness.run("run", lenient.toString(), "--out", dir.resolve("o2").toString(), "--no-progress",
                "--no-report");
        assertEquals(0, ok.exitCode(), ok.err());
        List<String[]> rows = Csv.read(dir.resolve("o2/results.csv"));
        String notes = rows.get(1)[List.of(rows.get(0)).indexOf("notes")];
        assertTrue(notes.contains("costed as element-wise ops") && notes.contains("Softplus (1)"), notes);

        CliHarness.Result models = CliHarness.run("models", "--file", model.toString());
        assertEquals(2, models.exitCode());
        assertTrue(models.err().startsWith(model + ": node 'softplus' (Softplus): unsupported operator"), models.err());
        CliHarness.Result listed = CliHarness.run("models", "--file", model.toString(), "--unknown-ops", "elementwise");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("split8") && listed.out().contains("Note: imported softplus"), listed.out());
    }

    @Test
    void modelsFilePrintsTheZoosTable() {
        ImportedModelChecks.modelsFileIsTheZoosTable(RESNET18, "resnet18", "resnet18,original,1,0,11689512,,,1814073344,");
    }

    @Test
    void filesThatAreNoModelsExitTwo() throws IOException {
        Path text = Files.writeString(dir.resolve("x.onnx"), "hello");
        CliHarness.Result r = CliHarness.run("models", "--file", text.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith(text + ": not an ONNX model"), r.err());
        Path exp = experiment("{onnx: missing.onnx}");
        CliHarness.Result v = CliHarness.run("validate", exp.toString());
        assertEquals(2, v.exitCode());
        assertTrue(v.err().contains("exp.yaml:2:15: $.model.onnx: missing.onnx: no such file"), v.err());
        Path both = experiment("{onnx: x.onnx, file: m.yaml}");
        CliHarness.Result b = CliHarness.run("validate", both.toString());
        assertEquals(2, b.exitCode());
        assertTrue(b.err().contains("$.model.file: a model is a YAML file or an ONNX file, not both"), b.err());
    }

    /** An ONNX file outside the experiment's folder needs --allow-outside-files, like every file it names. */
    @Test
    void anOnnxFileOutsideTheFolderNeedsTheOption() throws IOException {
        Path exp = experiment("{onnx: " + RESNET18 + "}");
        CliHarness.Result refused = CliHarness.run("validate", exp.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("exp.yaml:2:") && refused.err().contains("$.model.onnx")
                && refused.err().contains("--allow-outside-files"), refused.err());
        CliHarness.Result allowed = CliHarness.run("validate", exp.toString(), "--allow-outside-files");
        assertEquals(0, allowed.exitCode(), allowed.err());
    }
}

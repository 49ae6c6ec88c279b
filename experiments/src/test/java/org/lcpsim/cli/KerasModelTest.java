package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model: {keras: ...} in experiments and lcpsim models --file, end to end through the command line. */
class KerasModelTest {
    static final Path MOBILENET = Path.of("examples/models/mobilenet.keras").toAbsolutePath();

    @TempDir
    Path dir;

    private Path experiment(String model) throws IOException {
        return ImportedModelChecks.experiment(dir, "keras-test", model);
    }

    /** A Keras 2 JSON (model.to_json()): conv, a Lambda lcpsim does not model, global pooling, a classifier. */
    private Path lambdaModel() throws IOException {
        String json = """
                {"class_name": "Functional", "config": {"name": "lam", "layers": [
                 {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 16, 16, 3], "name": "x"}, "name": "x",
                  "inbound_nodes": []},
                 {"class_name": "Conv2D", "config": {"name": "conv", "filters": 8, "kernel_size": [3, 3], "activation": "relu"},
                  "name": "conv", "inbound_nodes": [[["x", 0, 0, {}]]]},
                 {"class_name": "Lambda", "config": {"name": "lam", "function": ["4wEAAAAAAAAA", null, null]}, "name": "lam",
                  "inbound_nodes": [[["conv", 0, 0, {}]]]},
                 {"class_name": "GlobalAveragePooling2D", "config": {"name": "pool"}, "name": "pool",
                  "inbound_nodes": [[["lam", 0, 0, {}]]]},
                 {"class_name": "Dense", "config": {"name": "classifier", "units": 10, "activation": "softmax"},
                  "name": "classifier", "inbound_nodes": [[["pool", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["classifier", 0, 0]]},
                 "keras_version": "2.12.0", "backend": "tensorflow"}""";
        return Files.writeString(dir.resolve("lam.json"), json);
    }

    @Test
    void anExperimentRunsAKerasModel() throws IOException {
        Files.copy(MOBILENET, dir.resolve("mobilenet.keras"));
        var row = ImportedModelChecks.runOk(experiment("{keras: mobilenet.keras}"), dir.resolve("out"));
        assertEquals("mobilenet", row.get("model"));
        assertEquals("ok", row.get("status"));
        assertEquals("split2", row.get("variant"));
        assertEquals("2662184", row.get("params"));
    }

    @Test
    void unsupportedLayerIsAPositionedErrorOrANote() throws IOException {
        Path model = lambdaModel();
        Path exp = experiment("{keras: lam.json}");
        CliHarness.Result r = CliHarness.run("validate", exp.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("exp.yaml:2:16: $.model.keras: lam.json: layer 'lam' (Lambda): unsupported layer; lcpsim "
                + "imports Activation,"), r.err());
        CliHarness.Result run = CliHarness.run("run", exp.toString(), "--out", dir.resolve("o1").toString(), "--no-progress");
        assertEquals(2, run.exitCode(), run.err());

        Path lenient = experiment("{keras: {file: lam.json, unknownLayers: elementwise, head: classifier}}");
        CliHarness.Result ok = CliHarness.run("run", lenient.toString(), "--out", dir.resolve("o2").toString(), "--no-progress",
                "--no-report");
        assertEquals(0, ok.exitCode(), ok.err());
        List<String[]> rows = Csv.read(dir.resolve("o2/results.csv"));
        String notes = rows.get(1)[List.of(rows.get(0)).indexOf("notes")];
        assertTrue(notes.contains("costed as element-wise ops") && notes.contains("Lambda (1)"), notes);

        CliHarness.Result models = CliHarness.run("models", "--file", model.toString());
        assertEquals(2, models.exitCode());
        assertTrue(models.err().startsWith(model + ": layer 'lam' (Lambda): unsupported layer"), models.err());
        CliHarness.Result listed = CliHarness.run("models", "--file", model.toString(), "--unknown-layers", "elementwise");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("split8") && listed.out().contains("Note: imported lam: layers lcpsim does not model"),
                listed.out());
        assertTrue(listed.out().contains("Keras 2 counts 314 parameters in total (model.summary()), 314 of them trainable"),
                listed.out());
    }

    /** MobileNet from a .keras file: the zoo's mobilenet, row for row. */
    @Test
    void modelsFilePrintsTheZoosTable() {
        ImportedModelChecks.modelsFileIsTheZoosTable(MOBILENET, "mobilenet", "mobilenet,original,1,0,4231976,,,568740352,");
        CliHarness.Result table = CliHarness.run("models", "--file", MOBILENET.toString());
        assertTrue(table.out().contains("Keras 3 counts 4,253,864 parameters in total (model.summary()), 4,231,976 of them "
                + "trainable"), table.out());
    }

    @Test
    void filesThatAreNoModelsExitTwo() throws IOException {
        Path text = Files.writeString(dir.resolve("x.keras"), "hello");
        CliHarness.Result r = CliHarness.run("models", "--file", text.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith(text + ": not a Keras model (neither a .keras zip archive"), r.err());
        Path exp = experiment("{keras: missing.keras}");
        CliHarness.Result v = CliHarness.run("validate", exp.toString());
        assertEquals(2, v.exitCode());
        assertTrue(v.err().contains("exp.yaml:2:16: $.model.keras: missing.keras: no such file"), v.err());
        Path both = experiment("{keras: x.keras, file: m.yaml}");
        CliHarness.Result b = CliHarness.run("validate", both.toString());
        assertEquals(2, b.exitCode());
        assertTrue(b.err().contains("$.model.file: a model is a YAML file or a Keras file, not both"), b.err());
        Path two = experiment("{keras: x.keras, onnx: x.onnx}");
        CliHarness.Result t = CliHarness.run("validate", two.toString());
        assertEquals(2, t.exitCode());
        assertTrue(t.err().contains("$.model.keras: a model is an ONNX file or a Keras file, not both"), t.err());
    }

    /** A .keras file cut short (a download that stopped): exit 2 from validate and run, at $.model.keras. */
    @Test
    void aTruncatedKerasFileExitsTwo() throws IOException {
        byte[] bytes = Files.readAllBytes(MOBILENET);
        Files.write(dir.resolve("cut.keras"), Arrays.copyOf(bytes, bytes.length - 30));
        Path exp = experiment("{keras: cut.keras}");
        for (String command : List.of("validate", "run")) {
            CliHarness.Result r = command.equals("run")
                    ? CliHarness.run("run", exp.toString(), "--out", dir.resolve("o").toString(), "--no-progress")
                    : CliHarness.run("validate", exp.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("exp.yaml:2:16: $.model.keras: cut.keras: not a Keras model (a zip archive without its "
                    + "directory at the end: truncated?)"), r.err());
        }
    }

    /** A Keras file outside the experiment's folder needs --allow-outside-files, like every file it names. */
    @Test
    void aKerasFileOutsideTheFolderNeedsTheOption() throws IOException {
        Path exp = experiment("{keras: " + MOBILENET + "}");
        CliHarness.Result refused = CliHarness.run("validate", exp.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("exp.yaml:2:") && refused.err().contains("$.model.keras")
                && refused.err().contains("--allow-outside-files"), refused.err());
        CliHarness.Result allowed = CliHarness.run("validate", exp.toString(), "--allow-outside-files");
        assertEquals(0, allowed.exitCode(), allowed.err());
        // outside the folder, a broken file is named, not described
        Files.writeString(dir.resolve("broken.json"), "{\"x\": 1}");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path e2 = Files.writeString(sub.resolve("exp.yaml"), Files.readString(experiment("{keras: ../broken.json}")));
        CliHarness.Result r = CliHarness.run("validate", e2.toString(), "--allow-outside-files");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("$.model.keras: ../broken.json: not a Keras model lcpsim can import (details not shown "
                + "for a file outside the experiment's folder)"), r.err());
    }
}

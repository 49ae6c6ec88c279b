package org.lcpsim.experiments.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.ReadLog;
import org.lcpsim.config.Yaml;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.explore.ExploreSpec;
import org.lcpsim.experiments.reproduce.ReferenceFigure;
import org.lcpsim.network.presets.NetworkSpecs;
import org.lcpsim.workload.ModelYaml;

/**
 * The field catalogue and the binders agree: every field the binders read, over every shipped
 * YAML file (examples, paper files, model files, presets) and the schema corpus
 * (src/test/schema-corpus), is in the catalogue with the same type, bounds, allowed values and
 * default; and every field of the catalogue is read by some binder. A failure says what to add
 * to ExperimentCatalogue (docs/validation.md, "One source of truth").
 */
class CatalogueAgreementTest {
    static final Path EXAMPLES = Path.of("examples");
    static final Path PAPER = Path.of("paper");
    static final Path SENSITIVITY = Path.of("sensitivity");
    static final Path CORPUS = Path.of("src/test/schema-corpus");

    static List<Path> yaml(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Experiment files: the examples, the paper's files, the sensitivity studies, the corpus. */
    static List<Path> experimentFiles() {
        List<Path> out = new ArrayList<>(yaml(EXAMPLES));
        out.addAll(yaml(PAPER));
        out.addAll(yaml(SENSITIVITY));
        out.addAll(yaml(CORPUS).stream().filter(p -> !p.getFileName().toString().equals("board.yaml")).toList());
        return out;
    }

    /** Model files: the examples' and the corpus'. */
    static List<Path> modelFiles() {
        List<Path> out = new ArrayList<>(yaml(EXAMPLES.resolve("models")));
        out.addAll(yaml(CORPUS.resolve("models")));
        return out;
    }

    /** A small experiment around one device or network preset, so that it is read as a file reads it. */
    static String presetExperiment(String device, String network) {
        return "name: preset\nmodel: lenet\nstrategy: {kind: single}\ncluster: {devices: [{preset: " + device + "}]}\n"
                + "network: {preset: " + network + "}\n";
    }

    @Test
    void everyFieldTheBindersReadIsInTheCatalogueAsTheyReadIt() {
        CatalogueChecker checker = new CatalogueChecker(Map.of("experiment", ExperimentCatalogue.experiment(), "model",
                ExperimentCatalogue.modelFile()));
        Map<String, List<ConfigError>> invalid = new TreeMap<>();
        for (Path p : experimentFiles()) {
            checker.source(p.toString());
            ReadLog.recording(checker, () -> bindAll(ExperimentFile.load(p, true), p.toString(), invalid));
        }
        for (Path p : modelFiles()) {
            checker.source(p.toString());
            Errors errors = new Errors();
            ReadLog.recording(checker, () -> ModelYaml.bind(Yaml.read(p), errors));
            if (!errors.isEmpty()) {
                invalid.put(p.toString(), errors.list());
            }
        }
        for (String d : DeviceSpecs.PRESETS.names()) {
            checker.source("device preset " + d);
            ReadLog.recording(checker, () -> bindAll(ExperimentFile.parse(presetExperiment(d, "wifi-rpi"),
                    EXAMPLES.resolve("preset.yaml")), "device preset " + d, invalid));
        }
        for (String n : NetworkSpecs.PRESETS.names()) {
            checker.source("network preset " + n);
            ReadLog.recording(checker, () -> bindAll(ExperimentFile.parse(presetExperiment("rpi3", n),
                    EXAMPLES.resolve("preset.yaml")), "network preset " + n, invalid));
        }
        assertTrue(invalid.isEmpty(), "files of the corpus and shipped files must be valid:\n" + invalid);
        List<String> problems = checker.problems();
        assertTrue(problems.isEmpty(), problems.size() + " reads disagree with the field catalogue"
                + " (experiments/src/main/java/org/lcpsim/experiments/schema/ExperimentCatalogue.java); then regenerate"
                + " the schemas (" + SchemaFilesTest.REGENERATE + "):\n" + String.join("\n", problems));
        List<String> unread = checker.unread();
        assertTrue(unread.isEmpty(), unread.size() + " fields of the catalogue are read by no binder for any file of"
                + " the corpus: remove them from the catalogue, or add a file that gives them to"
                + " experiments/src/test/schema-corpus:\n" + String.join("\n", unread));
    }

    private static Object bindAll(ExperimentFile file, String name, Map<String, List<ConfigError>> invalid) {
        List<ConfigError> errors = new ArrayList<>(file.validate());
        Errors more = new Errors();
        if (file.root() instanceof org.lcpsim.config.Node.MapNode m && m.get("explore") != null) {
            ExploreSpec.read(file.root(), file.baseDir(), file.files(), more);
        }
        ReferenceFigure.read(file.root(), more);
        errors.addAll(more.list());
        if (!errors.isEmpty()) {
            invalid.put(name, errors);
        }
        return null;
    }

    @Test
    void theDeviceFileHasTheFieldsOfACusterDeviceButCountSpeedAndFile() {
        Shape entry = ExperimentCatalogue.experiment().fields().get("cluster").type() instanceof Type.Ref r
                ? ((Type.Ref) ((Type.ListOf) r.shape().fields().get("devices").type()).item()).shape() : null;
        Shape file = ExperimentCatalogue.deviceFile();
        List<String> entryFields = new ArrayList<>(entry.fields().keySet());
        entryFields.removeAll(List.of("count", "speedFactor", "file"));
        assertEquals(entryFields, new ArrayList<>(file.fields().keySet()));
        assertEquals(entry.variants().keySet(), file.variants().keySet());
        for (String v : entry.variants().keySet()) {
            assertEquals(entry.variants().get(v).fields().keySet(), file.variants().get(v).fields().keySet(), v);
        }
    }
}

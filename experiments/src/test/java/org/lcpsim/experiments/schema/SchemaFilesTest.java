package org.lcpsim.experiments.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lcpsim.cli.Main;
import org.lcpsim.config.ConfigError;
import org.lcpsim.experiments.ExperimentFile;

/**
 * The shipped schemas ({@code schema/*.schema.json}) are what {@code lcpsim schema} generates
 * from the catalogue, and they accept every shipped YAML file: the examples, the paper's files,
 * the model files, the device presets (the device file format) and the network presets (the
 * network mapping), and the schema corpus; the experiment and model files name their schema
 * for editors. Files the binder refuses for a reason of shape (an unknown field, a value out of
 * range, a field of another kind) the schema refuses too.
 */
class SchemaFilesTest {
    /** How to regenerate the shipped schemas, from the repository's root. */
    static final String REGENERATE = "./lcpsim schema --write schema";
    static final Path SCHEMA = Path.of("../schema");
    static final Path DEVICE_PRESETS = Path.of("../device-models/src/main/resources/org/lcpsim/devices/presets");
    static final Path NETWORK_PRESETS = Path.of("../network-models/src/main/resources/org/lcpsim/network/presets");
    static final YAMLMapper YAML = new YAMLMapper();

    static JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(Files.readString(SCHEMA.resolve(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Schema schema(String file) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json(file));
    }

    /** The network mapping of the experiment schema, as the root of a schema (what a network preset is). */
    static Schema networkSchema() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        JsonNode experiment = json("experiment.schema.json");
        root.put("$schema", experiment.get("$schema").asText());
        root.put("$ref", "#/$defs/network");
        root.set("$defs", experiment.get("$defs"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
    }

    static List<String> errors(Schema schema, Path yaml) {
        try {
            JsonNode doc = YAML.readTree(Files.readString(yaml));
            return schema.validate(doc).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> errors(Schema schema, String yaml) {
        try {
            return schema.validate(YAML.readTree(yaml)).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theShippedSchemasAreTheGeneratedOnes() throws IOException {
        StringWriter out = new StringWriter();
        java.io.PrintWriter err = new java.io.PrintWriter(new StringWriter());
        Path dir = Files.createTempDirectory("schema");
        assertEquals(0, Main.execute(new String[] {"schema", "--write", dir.toString()}, new java.io.PrintWriter(out), err));
        for (String name : List.of("experiment.schema.json", "model.schema.json", "device.schema.json")) {
            Path shipped = SCHEMA.resolve(name);
            assertTrue(Files.exists(shipped), "schema/" + name + " is missing: run " + REGENERATE);
            assertEquals(Files.readString(dir.resolve(name)), Files.readString(shipped), "schema/" + name + " is not what"
                    + " the field catalogue generates: run " + REGENERATE + " (from the repository's root) and commit it");
        }
    }

    @Test
    void everyShippedFileAndTheCorpusValidate() throws IOException {
        Schema experiment = schema("experiment.schema.json");
        Schema model = schema("model.schema.json");
        Schema device = schema("device.schema.json");
        Schema network = networkSchema();
        List<String> problems = new ArrayList<>();
        for (Path p : CatalogueAgreementTest.experimentFiles()) {
            errors(experiment, p).forEach(e -> problems.add(p + ": " + e));
        }
        for (Path p : CatalogueAgreementTest.modelFiles()) {
            errors(model, p).forEach(e -> problems.add(p + ": " + e));
        }
        errors(device, CatalogueAgreementTest.CORPUS.resolve("board.yaml")).forEach(e -> problems.add("board.yaml: " + e));
        for (Path p : CatalogueAgreementTest.yaml(DEVICE_PRESETS)) {
            errors(device, p).forEach(e -> problems.add(p + ": " + e));
        }
        for (Path p : CatalogueAgreementTest.yaml(NETWORK_PRESETS)) {
            errors(network, p).forEach(e -> problems.add(p + ": " + e));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * The schema as an editor that applies draft-07 rules reads it (yaml-language-server ignores
     * unevaluatedProperties and the 2020-12 dialect): without its $schema, under draft 7.
     */
    static Schema asDraft7(String file) {
        ObjectNode root = (ObjectNode) json(file);
        root.remove("$schema");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(root);
    }

    /** Under draft-07 rules the shipped files still validate, and a misspelt field is still an error (propertyNames). */
    @ParameterizedTest
    @ValueSource(strings = {
        "strategy: {kind: lcp, branches: 2, fattten: 0.2}",
        "cluster: {devices: [{preset: rpi3, cout: 8}]}",
        "network: {preset: wifi-rpi, latncyMs: 3}",
        "workload: {arival: {kind: closed}}",
        "sweep: {stratgy.branches: [1, 2]}",
        "colour: blue",
    })
    void editorsWithDraft7RulesFlagMisspeltFields(String change) {
        String key = change.substring(0, change.indexOf(':'));
        StringBuilder doc = new StringBuilder();
        for (String line : GOOD.split("\n")) {
            if (!line.startsWith(key + ":")) {
                doc.append(line).append('\n');
            }
        }
        doc.append(change).append('\n');
        Schema draft7 = asDraft7("experiment.schema.json");
        assertEquals(List.of(), errors(draft7, GOOD));
        assertFalse(errors(draft7, doc.toString()).isEmpty(), "draft-07 rules accept " + change);
    }

    @Test
    void everyShippedFileValidatesUnderDraft7Rules() {
        Schema experiment = asDraft7("experiment.schema.json");
        Schema model = asDraft7("model.schema.json");
        Schema device = asDraft7("device.schema.json");
        List<String> problems = new ArrayList<>();
        for (Path p : CatalogueAgreementTest.experimentFiles()) {
            errors(experiment, p).forEach(e -> problems.add(p + ": " + e));
        }
        for (Path p : CatalogueAgreementTest.modelFiles()) {
            errors(model, p).forEach(e -> problems.add(p + ": " + e));
        }
        for (Path p : CatalogueAgreementTest.yaml(DEVICE_PRESETS)) {
            errors(device, p).forEach(e -> problems.add(p + ": " + e));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every YAML file under experiments/ (but the build's and the tests' own) is one the test above validates. */
    @Test
    void everyYamlFileUnderExperimentsIsValidated() throws IOException {
        List<Path> validated = new ArrayList<>(CatalogueAgreementTest.experimentFiles());
        validated.addAll(CatalogueAgreementTest.modelFiles());
        List<Path> known = validated.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<Path> shipped;
        try (java.util.stream.Stream<Path> s = Files.walk(Path.of("."))) {
            shipped = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.startsWith(Path.of(".", "target")) && !p.startsWith(Path.of(".", "src")))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        }
        assertTrue(shipped.size() >= 19, "found only " + shipped);
        List<Path> missed = shipped.stream().filter(p -> !known.contains(p)).toList();
        assertEquals(List.of(), missed, "YAML files under experiments/ that no schema test validates: add their folder to"
                + " CatalogueAgreementTest.experimentFiles() or modelFiles()");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cluster: {devices: [{preset: rpi3, coreGflops: 3, memoryMb: 500, count: 2}]}",   // a preset's fields overridden
        "cluster: {devices: [{preset: lcp-fpga, dataBits: 32, pruning: 0.2, count: 2}]}",
        "network: {preset: wifi-cells, cells: 1, stationsPerCell: 2}",
        "network: {preset: wifi-rpi, bandwidthMbps: 72.2, airtimeEfficiency: 0.6}",
        "strategy: {kind: lcp, branches: 2, widths: [0.5, 0.5]}",
        "sweep: {strategy.branches: [1, 2], cluster.devices.0.count: {from: 2, to: 4}}",
        "strategy: {kind: lcp, branches: 2, gatherDeadlineMs: 50, minBranches: 1, failoverTimeoutMs: 200}",
        "strategy: {kind: data-parallel, groups: 2, group: {kind: single}, balance: least-loaded}",
        "strategy: {kind: pipeline, cuts: [pool2], replicas: [1, 1], balance: least-loaded}",
        "faults: [{device: d1, atS: 1, untilS: 2, kind: slowdown, factor: 3}, {link: source, atS: 1, untilS: 2},"
                + " {mtbfS: 100, mttrS: 1, devices: [d0]}]",
    })
    void fileTheBinderAcceptsTheSchemaAcceptsToo(String change) throws IOException {
        String key = change.substring(0, change.indexOf(':'));
        StringBuilder doc = new StringBuilder();
        for (String line : GOOD.split("\n")) {
            if (!line.startsWith(key + ":")) {
                doc.append(line).append('\n');
            }
        }
        doc.append(change).append('\n');
        Path dir = Files.createTempDirectory("schema-good");
        Path file = Files.writeString(dir.resolve("good.yaml"), doc);
        assertEquals(List.of(), ExperimentFile.load(file).validate());
        assertEquals(List.of(), errors(schema("experiment.schema.json"), doc.toString()));
    }

    @Test
    void shippedExperimentAndModelFilesNameTheirSchema() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path p : CatalogueAgreementTest.experimentFiles()) {
            expectSchemaLine(p, "experiment.schema.json", problems);
        }
        for (Path p : CatalogueAgreementTest.modelFiles()) {
            expectSchemaLine(p, "model.schema.json", problems);
        }
        expectSchemaLine(CatalogueAgreementTest.CORPUS.resolve("board.yaml"), "device.schema.json", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void expectSchemaLine(Path file, String schema, List<String> problems) throws IOException {
        String first = Files.readAllLines(file).get(0);
        String prefix = "# yaml-language-server: $schema=";
        if (!first.startsWith(prefix)) {
            problems.add(file + ": the first line should be " + prefix + "RELATIVE/PATH/schema/" + schema);
            return;
        }
        Path target = file.getParent().resolve(first.substring(prefix.length())).normalize();
        if (!target.equals(SCHEMA.resolve(schema).normalize()) && !target.toAbsolutePath().normalize()
                .equals(SCHEMA.resolve(schema).toAbsolutePath().normalize())) {
            problems.add(file + ": names " + first.substring(prefix.length()) + ", which is not schema/" + schema);
        }
    }

    static final String GOOD = "name: x\nmodel: alexnet\nstrategy: {kind: lcp, branches: 2}\n"
            + "cluster: {devices: [{preset: rpi3, count: 2}]}\nnetwork: {preset: wifi-rpi}\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "strategy: {kind: lcp, branches: 2, fattten: 0.2}",                  // a misspelt field
        "strategy: {kind: lcp, branches: 5000}",                              // out of range
        "strategy: {kind: single, branches: 2}",                              // a field of another kind
        "strategy: {kind: lcp}",                                              // a required field missing
        "strategy: {kind: lcpp, branches: 2}",                                // an unknown kind
        "cluster: {devices: [{preset: rpi3, peakGflops: 3}]}",                // a roofline field on a cpu preset
        "cluster: {devices: [{preset: rpi4}]}",                               // an unknown preset
        "cluster: {devices: [{kind: cpu, coreGflops: 1}]}",                   // an inline cpu without its required fields
        "network: {preset: wifi-rpi, portMbps: 100}",                         // a switched field on a shared-medium preset
        "network: {kind: shared-medium, bandwidthMbps: 10, stationToStationMbps: 5, latencyMs: 1}",   // both alternatives
        "input: {dtype: uint8, bytes: 1000}",                                 // exclusive
        "workload: {arrival: {kind: periodic}}",                              // fps missing
        "workload: {batch: 0}",                                               // below the minimum
        "sweep: {stratgy.branches: [1, 2]}",                                  // not a sweepable path
        "model: {file: m.yaml, onnx: m.onnx}",                                // two model sources
        "replications: 1.5",                                                  // not an integer
        "cluster: {devices: [{preset: rpi3, swap: {enabled: true}}]}",        // swap on without its bandwidth
        "cluster: {devices: [{preset: rpi3, cout: 8}]}",                      // a misspelt field beside a preset
        "network: {preset: wifi-rpi, latncyMs: 3}",                           // the same, on a network
        "workload: {streams: [{name: a, model: alexnet, strategy: {kind: single}}]}",   // streams and a top-level model
        "strategy: {kind: lcp, branches: 2, minBranches: 1}",                 // minBranches without a gather deadline
        "strategy: {kind: pipeline, gatherDeadlineMs: 50}",                   // an LCP field on a pipeline
        "strategy: {kind: pipeline, plan: auto, replicas: [2]}",              // plan: auto and replicas
        "strategy: {kind: data-parallel, groups: 2}",                         // groups without their strategy
        "faults: [{device: d0, atS: 1}]",                                     // a window without its end
        "faults: [{device: d1, atS: 1, untilS: 2, kind: slowdown}]",          // a slowdown without its factor
        "faults: [{device: d1, atS: 1, untilS: 2, factor: 2}]",               // a crash with a factor
        "faults: [{link: source, atS: 1, untilS: 2, kind: crash}]",           // a link's kind is down
        "faults: [{mtbfS: 10, mttrS: 1, atS: 3}]",                            // random faults with a window
        "faults: [{device: d0, link: source, atS: 1, untilS: 2}]",            // a device and a link
    })
    void fileTheBinderRefusesForItsShapeTheSchemaRefusesToo(String change) throws IOException {
        String key = change.substring(0, change.indexOf(':'));
        StringBuilder doc = new StringBuilder();
        for (String line : GOOD.split("\n")) {
            if (!line.startsWith(key + ":")) {
                doc.append(line).append('\n');
            }
        }
        doc.append(change).append('\n');
        Path dir = Files.createTempDirectory("schema-bad");
        Path file = Files.writeString(dir.resolve("bad.yaml"), doc);
        List<ConfigError> binder = ExperimentFile.load(file).validate();
        assertFalse(binder.isEmpty(), "the binder accepts " + change);
        assertFalse(errors(schema("experiment.schema.json"), doc.toString()).isEmpty(), "the schema accepts " + change
                + " (the binder says: " + binder + ")");
        assertTrue(errors(schema("experiment.schema.json"), GOOD).isEmpty(), "the schema refuses a good file: "
                + errors(schema("experiment.schema.json"), GOOD));
    }
}

package org.lcpsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.lcpsim.experiments.schema.ExperimentCatalogue;
import org.lcpsim.experiments.schema.JsonSchema;

/**
 * {@code lcpsim schema [--model | --device] [--write DIR]}: the JSON Schema of the experiment
 * file (or of the model file, or of the device file), generated from the field catalogue; the
 * repository ships them in {@code schema/}, which {@code --write schema} regenerates.
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (draft 2020-12) of the experiment file, generated from the field catalogue"
                + " the binder is checked against; --model and --device for the model and device files; --write DIR"
                + " writes all three (experiment.schema.json, model.schema.json, device.schema.json). Editors complete"
                + " and check a file that starts with: # yaml-language-server: $schema=PATH/experiment.schema.json")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "The model file's schema (model: {file: ...}).")
    boolean model;

    @Option(names = "--device", description = "The device file's schema (cluster devices {file: ...}, lcpsim calibrate --out).")
    boolean device;

    @Option(names = "--write", paramLabel = "DIR", description = "Write the three schema files into DIR instead of printing one.")
    Path write;

    /** The schema files, by name, as {@code --write} writes them. */
    static Map<String, String> files() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("experiment.schema.json", JsonSchema.generate(ExperimentCatalogue.experiment(), "lcpsim experiment file"));
        out.put("model.schema.json", JsonSchema.generate(ExperimentCatalogue.modelFile(), "lcpsim model file"));
        out.put("device.schema.json", JsonSchema.generate(ExperimentCatalogue.deviceFile(), "lcpsim device file"));
        return out;
    }

    @Override
    public Integer call() {
        if (model && device) {
            throw new Main.UserInputException("give --model or --device, not both");
        }
        Map<String, String> files = files();
        if (write != null) {
            if (model || device) {
                throw new Main.UserInputException("--write writes every schema: leave out --model and --device");
            }
            Path dir = UserFiles.createFolder(write);
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path f = dir.resolve(e.getKey());
                try {
                    Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                } catch (IOException ex) {
                    throw new Main.UserInputException("cannot write " + f + ": " + UserFiles.reason(ex));
                }
                spec.commandLine().getOut().println("wrote " + f);
            }
            return Main.OK;
        }
        String name = model ? "model.schema.json" : device ? "device.schema.json" : "experiment.schema.json";
        spec.commandLine().getOut().print(files.get(name));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}

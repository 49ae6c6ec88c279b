package org.lcpsim.workload.keras;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small Keras model configurations for tests, in the Keras 3 or the Keras 2 form of a Functional model. */
final class KerasJson {
    private final int version;
    private final List<String> layers = new ArrayList<>();
    private final String input;
    private String output;

    /** A Functional model whose input layer {@code input} has {@code batchShape}, e.g. "[null, 32, 32, 3]". */
    KerasJson(int version, String input, String batchShape) {
        this.version = version;
        this.input = input;
        String key = version == 3 ? "batch_shape" : "batch_input_shape";
        add("InputLayer", input, "\"" + key + "\": " + batchShape + ", \"dtype\": \"float32\"", List.of(), null);
        output = input;
    }

    /** A layer reading {@code inputs} (a merge layer when more than one); {@code config} is the config's fields but its name. */
    KerasJson layer(String cls, String name, String config, String... inputs) {
        return add(cls, name, config, List.of(inputs), null);
    }

    /** A layer whose Keras 3 input tensor records {@code shape} (e.g. "[null, 8, 8, 4]"). */
    KerasJson recorded(String cls, String name, String config, String input, String shape) {
        return add(cls, name, config, List.of(input), shape);
    }

    /** A raw layer entry (for nested models). */
    KerasJson raw(String entry, String name) {
        layers.add(entry);
        output = name;
        return this;
    }

    private KerasJson add(String cls, String name, String config, List<String> inputs, String shape) {
        String cfg = "{\"name\": \"" + name + "\"" + (config.isBlank() ? "" : ", " + config) + "}";
        StringBuilder b = new StringBuilder();
        if (version == 3) {
            b.append("{\"module\": \"keras.layers\", \"class_name\": \"").append(cls).append("\", \"config\": ").append(cfg)
                    .append(", \"registered_name\": null, \"name\": \"").append(name).append("\", \"inbound_nodes\": [");
            if (!inputs.isEmpty()) {
                List<String> tensors = new ArrayList<>();
                for (String in : inputs) {
                    tensors.add("{\"class_name\": \"__keras_tensor__\", \"config\": {" + (shape == null ? ""
                            : "\"shape\": " + shape + ", ") + "\"dtype\": \"float32\", \"keras_history\": [\"" + in
                            + "\", 0, 0]}}");
                }
                String args = String.join(", ", tensors);
                b.append("{\"args\": [").append(inputs.size() > 1 ? "[" + args + "]" : args).append("], \"kwargs\": {}}");
            }
            b.append("]}");
        } else {
            b.append("{\"class_name\": \"").append(cls).append("\", \"config\": ").append(cfg).append(", \"name\": \"")
                    .append(name).append("\", \"inbound_nodes\": [");
            if (!inputs.isEmpty()) {
                List<String> refs = new ArrayList<>();
                for (String in : inputs) {
                    refs.add("[\"" + in + "\", 0, 0, {}]");
                }
                b.append("[").append(String.join(", ", refs)).append("]");
            }
            b.append("]}");
        }
        layers.add(b.toString());
        output = name;
        return this;
    }

    /** The model's JSON, its output the last layer added. */
    String json() {
        return json("m", output);
    }

    String json(String name, String out) {
        String cfg = "{\"name\": \"" + name + "\", \"trainable\": true, \"layers\": [" + String.join(", ", layers)
                + "], \"input_layers\": [[\"" + input + "\", 0, 0]], \"output_layers\": [[\"" + out + "\", 0, 0]]}";
        return version == 3
                ? "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": " + cfg
                        + ", \"registered_name\": \"Functional\"}"
                : "{\"class_name\": \"Functional\", \"config\": " + cfg + ", \"keras_version\": \"2.12.0\"}";
    }

    Path write(Path dir, String file) throws IOException {
        return Files.writeString(dir.resolve(file), json());
    }

    /** A .keras archive as Keras 3 writes one: metadata.json, config.json, model.weights.h5 (here a stand-in). */
    static Path archive(Path file, String config) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write("{\"keras_version\": \"3.6.0\", \"date_saved\": \"2025-01-01@00:00:00\"}".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write(config.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            byte[] weights = new byte[1 << 20];
            weights[0] = (byte) 0x89;
            weights[1] = 'H';
            weights[2] = 'D';
            weights[3] = 'F';
            zip.write(weights);
        }
        return file;
    }
}

package org.lcpsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model file of one layer, easy to count by hand: 1000 inputs to a dense layer of 10,000 units
 * without bias, 10M weights (38.15 MiB at fp32), 2e7 FLOPs (20 ms at 1 GFLOP/s).
 */
final class WideModel {
    static final String YAML = """
            name: wide
            input: [1000, 1, 1]
            layers:
              - {type: flatten}
              - {name: fc, type: dense, units: 10000, bias: false, head: true}
            """;

    private WideModel() {
    }

    /** Writes it as {@code dir/wide.yaml}, the name experiments give as {@code model: {file: wide.yaml}}. */
    static Path write(Path dir) throws IOException {
        return Files.writeString(dir.resolve("wide.yaml"), YAML);
    }
}

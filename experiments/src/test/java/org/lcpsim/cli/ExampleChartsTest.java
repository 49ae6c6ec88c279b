package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExampleChartsTest {
    @Test
    void theShippedExamplesTogetherShowEveryKindOfChart() {
        List<String> shown = ExampleCharts.EXPECTED.values().stream().flatMap(List::stream).toList();
        for (String kind : ExampleCharts.KINDS) {
            boolean covered = kind.endsWith("-") ? shown.stream().anyMatch(c -> c.startsWith(kind)) : shown.contains(kind);
            assertTrue(covered, "no shipped example shows a '" + kind + "' chart");
        }
    }

    @Test
    void everyExampleNamedExists() {
        for (String name : ExampleCharts.EXPECTED.keySet()) {
            assertTrue(Files.isRegularFile(ExamplesTest.EXAMPLES.resolve(name)), name);
        }
    }
}

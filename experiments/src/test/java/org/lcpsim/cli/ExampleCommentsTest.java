package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check that an example's comments state only figures something backs: it can fail, and says where. */
class ExampleCommentsTest {
    @TempDir
    Path dir;

    @Test
    void aStaleFigureFailsAndABackedOneDoesNot() throws IOException {
        Path example = dir.resolve("ex.yaml");
        Files.writeString(example, """
                # Pis of 924 MB, frames every 250 ms, a 12.5x speedup, 4.23M parameters, 20% noise
                cluster: {devices: [{preset: rpi3, memoryMb: 860}]}
                workload: {arrival: {kind: periodic, fps: 4}}
                noise: {cv: 0.2}
                """);
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("results.csv"), "point_id,params,latency_ms_mean\n0,4232552,100.4\n");
        Files.writeString(run.resolve("speedup.txt"), "speedup 12.46x over one device\n");
        List<String> untraced = ExampleComments.untraced(example, run);
        assertEquals(List.of("ex.yaml:1: '924 MB' is backed by nothing the example runs or ships"), untraced);
    }

    @Test
    void aUnitMustAgree() throws IOException {
        Path example = dir.resolve("ex.yaml");
        // 7321 is in the results, but as milliseconds: "7321 MB" is not backed by it
        Files.writeString(example, "# 7321 MB\nname: x\n");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("results.csv"), "point_id,latency_ms_mean\n0,7321\n");
        assertTrue(ExampleComments.untraced(example, run).get(0).contains("'7321 MB'"));
    }

    @Test
    void aHashInsideQuotesIsNoComment() {
        assertEquals(-1, ExampleComments.commentStart("name: 'a # b'"));
        assertEquals(9, ExampleComments.commentStart("name: x  # 3 MB"));
    }
}

package org.lcpsim.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.config.Errors;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.PointRunner;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.results.PointResult;

/**
 * What a worker does with a task, without a cluster: it simulates from what the task carries (not
 * from its own disk) exactly what a local run gives, and refuses what it cannot do faithfully.
 */
class ClusterTaskTest {
    private static final String MODEL = """
            name: tiny
            input: [3, 16, 16]
            layers:
              - {name: conv1, type: conv2d, filters: 8, kernel: 3, stride: 1, padding: same}
              - {type: activation, function: relu}
              - {type: flatten}
              - {name: fc, type: dense, units: 10, head: true}
            """;
    private static final String EXPERIMENT = """
            name: tiny-on-two
            model: {file: ../models/tiny.yaml}
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 2, noise: {cv: 0.1}}]}
            network: {preset: wifi-rpi}
            workload: {requests: 20, warmup: 1}
            replications: 2
            seed: 3
            sweep:
              strategy.branches: [1, 2]
            """;

    @TempDir
    Path dir;

    private static PointJob job(String text, List<PointJob.FileCopy> files, int point, Long seed, String build) {
        return new PointJob("tiny.yaml", text, files, point, seed, 60_000, build);
    }

    /**
     * The model file is outside the experiment's folder ({@code ../models}): the driver reads it
     * because the user allowed it (--allow-outside-files), and the worker takes the copy it is sent.
     */
    @Test
    void simulatesFromTheCopiesItIsSentAsALocalRunDoes() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(dir.resolve("exp"));
        Files.writeString(dir.resolve("models/tiny.yaml"), MODEL);
        Files.writeString(dir.resolve("exp/tiny.yaml"), EXPERIMENT);
        ExperimentFile local = ExperimentFile.load(dir.resolve("exp/tiny.yaml"), true);
        ExperimentRunner.check(local);

        WorkerContext worker = new WorkerContext(1, "build-a");
        List<PointJob.FileCopy> copies = List.of(new PointJob.FileCopy("../models/tiny.yaml", MODEL));
        for (int id = 0; id < 2; id++) {
            PointResult expected = ExperimentRunner.simulate(local, id, 99L, new PointRunner(Duration.ofMinutes(1)));
            // the worker's folder is not the driver's: the model file is only in the task
            String line = worker.simulate(job(EXPERIMENT, copies, id, 99L, "build-a"));
            assertEquals(PointsJsonl.toLine(expected), line, "point " + id);
            assertEquals(local.configKey(local.point(id, new Errors()), 99L), PointsJsonl.fromLine(line, "test").configKey());
        }
        assertEquals(2, worker.finished());

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> worker.simulate(job(EXPERIMENT.replace("name: tiny-on-two", "name: other"), List.of(), 0, null, "build-a")));
        assertTrue(missing.getMessage().contains("not sent to this worker by the driver"), missing.getMessage());
        assertEquals(1, worker.failed());
    }

    /** A device file ({@code {file: dev.yaml}}, e.g. from lcpsim calibrate) travels with the task, as a model file does. */
    @Test
    void deviceFilesTravelWithTheTask() throws IOException {
        String device = "preset: rpi3\nname: slow-pi\ncoreGflops: 4.8\n";
        String text = EXPERIMENT.replace("{file: ../models/tiny.yaml}", "lenet")
                .replace("{preset: rpi3, count: 2, noise: {cv: 0.1}}", "{file: ../devices/slow-pi.yaml, count: 2}");
        Files.createDirectories(dir.resolve("devices"));
        Files.createDirectories(dir.resolve("exp"));
        Files.writeString(dir.resolve("devices/slow-pi.yaml"), device);
        Files.writeString(dir.resolve("exp/tiny.yaml"), text);
        ExperimentFile local = ExperimentFile.load(dir.resolve("exp/tiny.yaml"), true);
        ExperimentRunner.check(local);
        assertEquals(List.of("../devices/slow-pi.yaml"), WorkerContext.deviceFiles(local.point(1, new Errors())));

        WorkerContext worker = new WorkerContext(1, "build-a");
        PointResult expected = ExperimentRunner.simulate(local, 1, null, new PointRunner(Duration.ofMinutes(1)));
        assertEquals("slow-pi", expected.deviceType());
        String line = worker.simulate(job(text, List.of(new PointJob.FileCopy("../devices/slow-pi.yaml", device)), 1, null,
                "build-a"));
        assertEquals(PointsJsonl.toLine(expected), line);
        // the file's content is part of the point's configuration: another device is another point
        Files.writeString(dir.resolve("devices/slow-pi.yaml"), device.replace("4.8", "2.4"));
        assertNotEquals(local.configKey(local.point(1, new Errors()), null),
                ExperimentFile.load(dir.resolve("exp/tiny.yaml"), true).configKey(local.point(1, new Errors()), null));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> worker.simulate(job(text, List.of(), 0, null, "build-a")));
        assertTrue(missing.getMessage().contains("not sent to this worker by the driver"), missing.getMessage());
    }

    @Test
    void refusesAnotherBuildAndFilesOnlyTheDriverHas() {
        WorkerContext worker = new WorkerContext(1, "build-a");
        String zoo = EXPERIMENT.replace("{file: ../models/tiny.yaml}", "lenet");
        IllegalStateException build = assertThrows(IllegalStateException.class,
                () -> worker.simulate(job(zoo, List.of(), 0, null, "build-b")));
        assertEquals("this worker runs lcpsim build-a, the driver lcpsim build-b: run the same lcpsim jar everywhere",
                build.getMessage());

        String profiled = zoo.replace("{preset: rpi3, count: 2, noise: {cv: 0.1}}",
                "{preset: rpi3, count: 2, profile: {file: measured.csv}}");
        IllegalStateException profile = assertThrows(IllegalStateException.class,
                () -> worker.simulate(job(profiled, List.of(), 1, null, "build-a")));
        assertTrue(profile.getMessage().startsWith("point 1 of tiny.yaml: cluster.devices[0].profile.file (measured.csv) is read "
                + "from the disk of the machine that simulates"), profile.getMessage());

        IllegalStateException noSuchPoint = assertThrows(IllegalStateException.class,
                () -> worker.simulate(job(zoo, List.of(), 7, null, "build-a")));
        assertTrue(noSuchPoint.getMessage().contains("the file has no point 7 (2 points)"), noSuchPoint.getMessage());
        assertEquals(0, worker.started() - worker.failed());
    }

    @Test
    void thePasswordGoesIntoTheClusterName() {
        List<ClusterAddress> at = List.of(new ClusterAddress("127.0.0.1", 5701));
        ClusterSettings open = new ClusterSettings(at, "lab", null, Duration.ofSeconds(1));
        ClusterSettings secret = new ClusterSettings(at, "lab", "s3cret", Duration.ofSeconds(1));
        assertEquals("lab", open.clusterName());
        assertEquals("lab", new ClusterSettings(at, "lab", "", Duration.ofSeconds(1)).clusterName(), "an empty password is none");
        assertTrue(secret.clusterName().matches("lab-[0-9a-f]{32}"), secret.clusterName());
        assertEquals(secret.clusterName(), new ClusterSettings(at, "lab", "s3cret", Duration.ofSeconds(9)).clusterName());
        assertNotEquals(secret.clusterName(), new ClusterSettings(at, "lab", "s3cret!", Duration.ofSeconds(1)).clusterName());
        assertNotEquals(secret.clusterName().substring(4), new ClusterSettings(at, "lab2", "s3cret", Duration.ofSeconds(1))
                .clusterName().substring(5), "the name is hashed with the password");
        assertTrue(!secret.toString().contains("s3cret") && !secret.describe().contains("s3cret"), secret.toString());
    }

    @Test
    void addresses() {
        assertEquals(List.of(new ClusterAddress("10.0.0.5", 5701), new ClusterAddress("node-2.lab", 5702),
                        new ClusterAddress("::1", 5703)),
                ClusterAddress.parseList(" 10.0.0.5:5701,node-2.lab:5702,[::1]:5703,10.0.0.5:5701"));
        assertEquals("[::1]:5703", new ClusterAddress("::1", 5703).toString());
        for (String bad : List.of("", "host", "host:", ":5701", "host:0", "host:70000", "host:57a", "::1:5701", "a b:5701",
                "-host:5701", "host:5701,")) {
            assertThrows(IllegalArgumentException.class, () -> ClusterAddress.parseList(bad), bad);
        }
    }
}

package org.lcpsim.experiments.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Location;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.config.FileSource;
import org.lcpsim.experiments.PointRunner;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.results.PointResult;

/**
 * What one worker keeps between tasks: the experiment files it was sent, rebuilt once per
 * content (a sweep's points share one, and with it the binder's built models), and counts of
 * the points it simulated. Tasks run on the worker's executor threads, concurrently.
 */
public final class WorkerContext {
    private static final int CACHED_EXPERIMENTS = 16;

    private final int threads;
    private final String buildId;
    /** content hash -> experiment, least recently used first; guarded by itself */
    private final Map<String, ExperimentFile> experiments = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExperimentFile> eldest) {
            return size() > CACHED_EXPERIMENTS;
        }
    };
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    WorkerContext(int threads, String buildId) {
        this.threads = threads;
        this.buildId = buildId;
    }

    int threads() {
        return threads;
    }

    /** Points this worker started, finished with a result, and failed (an exception: a bug or bad task). */
    long started() {
        return started.get();
    }

    long finished() {
        return finished.get();
    }

    long failed() {
        return failed.get();
    }

    /** Simulates the point exactly as a local run does and returns its points.jsonl line. */
    String simulate(PointJob job) {
        if (!buildId.equals(job.buildId())) {
            throw new IllegalStateException("this worker runs lcpsim " + buildId + ", the driver lcpsim " + job.buildId()
                    + ": run the same lcpsim jar everywhere");
        }
        started.incrementAndGet();
        boolean ok = false;
        try {
            ExperimentFile file = experiment(job);
            int id = job.pointId();
            if (id < 0 || id >= file.pointCount()) {
                throw new IllegalArgumentException("the file has no point " + id + " (" + file.pointCount() + " points)");
            }
            String local = localOnlyFile(file.point(id, new Errors()));
            if (local != null) {
                throw new IllegalArgumentException(local);
            }
            PointResult r = ExperimentRunner.simulate(file, id, job.seedOverride(),
                    new PointRunner(Duration.ofMillis(job.wallLimitMillis())));
            String line = PointsJsonl.toLine(r);
            ok = true;
            return line;
        } catch (RuntimeException e) {
            // one plain message: the driver shows it to the user as the reason the run failed
            throw new IllegalStateException("point " + job.pointId() + " of " + job.fileName() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        } finally {
            (ok ? finished : failed).incrementAndGet();
        }
    }

    /**
     * Why a point cannot be simulated away from the driver's disk, or null. Device profiles given
     * as {@code profile: {file: ...}} are read from the disk of the machine that binds them, so a
     * worker would read its own file (or none): such points run only locally.
     */
    static String localOnlyFile(ExperimentFile.DesignPoint point) {
        if (point != null && !ExperimentFile.onnxReferences(point).isEmpty()) {
            return "model.onnx (" + ExperimentFile.onnxReferences(point).get(0) + ") is read from the disk of the machine"
                    + " that simulates, and workers do not get ONNX files from the driver: run this experiment locally";
        }
        if (point != null && !ExperimentFile.kerasReferences(point).isEmpty()) {
            return "model.keras (" + ExperimentFile.kerasReferences(point).get(0) + ") is read from the disk of the machine that "
                    + "simulates, and workers do not get Keras files from the driver: run this experiment locally";
        }
        if (point == null || !(Node.at(point.document(), List.of("cluster", "devices")) instanceof Node.ListNode devices)) {
            return null;
        }
        for (int i = 0; i < devices.items().size(); i++) {
            if (Node.at(devices.items().get(i), List.of("profile", "file")) instanceof Node.Scalar s) {
                return "cluster.devices[" + i + "].profile.file (" + s.text() + ") is read from the disk of the machine "
                        + "that simulates, and workers do not get it from the driver: run this experiment locally, or give "
                        + "the profile inline or as a resource";
            }
        }
        return null;
    }

    /**
     * The device files a point names ({@code cluster.devices[i].file}), which the driver sends
     * with the task as it sends a model file (a device file names no other file).
     */
    static List<String> deviceFiles(ExperimentFile.DesignPoint point) {
        List<String> out = new java.util.ArrayList<>();
        if (point != null && Node.at(point.document(), List.of("cluster", "devices")) instanceof Node.ListNode devices) {
            for (Node d : devices.items()) {
                if (Node.at(d, List.of("file")) instanceof Node.Scalar s && !out.contains(s.text())) {
                    out.add(s.text());
                }
            }
        }
        return out;
    }

    private ExperimentFile experiment(PointJob job) {
        String key = contentHash(job);
        synchronized (experiments) {
            ExperimentFile cached = experiments.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // a bare, safe file name: the driver's folders mean nothing here
        String name = job.fileName().matches("[A-Za-z0-9._-]{1,200}") && !job.fileName().startsWith(".")
                ? job.fileName() : "experiment.yaml";
        Path path = Path.of(name);
        Path base = ExperimentFile.baseDirOf(path);
        Map<Path, String> copies = new HashMap<>();
        for (PointJob.FileCopy c : job.files()) {
            try {
                copies.put(base.resolve(c.reference()).normalize(), c.content());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("file reference '" + c.reference() + "' is not a path here: " + e.getMessage());
            }
        }
        // only what the driver sent: a worker never reads the files of its own disk for a task
        FileSource sent = new FileSource() {
            @Override
            public String read(Path p) {
                String text = copies.get(p.normalize());
                if (text == null) {
                    throw new ConfigException(new ConfigError(Location.unknown(p.toString()), "$",
                            "not sent to this worker by the driver"));
                }
                return text;
            }

            @Override
            public boolean quotable(Path p) {
                // a file the driver read from outside the experiment's folder (the user allowed it) is not quoted here either
                return p.toAbsolutePath().normalize().startsWith(base.toAbsolutePath().normalize());
            }
        };
        ExperimentFile file = ExperimentFile.parse(job.text(), path, sent);
        synchronized (experiments) {
            experiments.put(key, file);
        }
        return file;
    }

    private static String contentHash(PointJob job) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            update(md, job.fileName());
            update(md, job.text());
            for (PointJob.FileCopy c : job.files()) {
                update(md, c.reference());
                update(md, c.content());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so that no two different sequences of strings hash alike by concatenation. */
    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
    }
}

package org.lcpsim.experiments.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

/**
 * What a worker needs to simulate one design point, and nothing from the driver's disk: the
 * experiment file's name and text, the files the point names (a model file, by the reference
 * written in the file), the point id, the seed override, the wall-clock limit of one run, and the
 * driver's build (a worker of another build refuses).
 */
public record PointJob(String fileName, String text, List<FileCopy> files, int pointId, Long seedOverride,
                       long wallLimitMillis, String buildId) {
    /** A file the experiment names: the reference as written in it, and the file's text. */
    public record FileCopy(String reference, String content) {
    }

    /** Bumped whenever the wire form changes (a worker of another build is refused before reading further). */
    private static final int FORMAT = 1;

    public PointJob {
        files = List.copyOf(files);
    }

    void write(ObjectDataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeString(buildId);
        out.writeString(fileName);
        out.writeString(text);
        out.writeInt(files.size());
        for (FileCopy f : files) {
            out.writeString(f.reference());
            out.writeString(f.content());
        }
        out.writeInt(pointId);
        out.writeBoolean(seedOverride != null);
        out.writeLong(seedOverride == null ? 0 : seedOverride);
        out.writeLong(wallLimitMillis);
    }

    static PointJob read(ObjectDataInput in) throws IOException {
        int format = in.readInt();
        String build = in.readString();
        if (format != FORMAT) {
            throw new IOException("a point task of another lcpsim build (" + build + ", task format " + format + ")");
        }
        String fileName = in.readString();
        String text = in.readString();
        int n = in.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("a point task with " + n + " files");
        }
        List<FileCopy> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(new FileCopy(in.readString(), in.readString()));
        }
        int pointId = in.readInt();
        boolean hasSeed = in.readBoolean();
        long seed = in.readLong();
        long wall = in.readLong();
        return new PointJob(fileName, text, files, pointId, hasSeed ? seed : null, wall, build);
    }
}

package org.lcpsim.experiments.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportInputException;
import org.lcpsim.results.PointResult;

/**
 * The journal of finished design points: DIR/points.jsonl, one point record per line, appended
 * as each point finishes and keyed by its configuration key. A line is written with one write
 * call ending in a newline, so a process killed at any moment (kill -9) leaves complete lines
 * and at most one torn last line; opening the store cuts that line off. Re-running finds the
 * finished points by key and does not simulate them again. Not power-failure safe (no fsync per
 * point, which would cost more than a point takes).
 */
public final class ResultStore implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    /** key -> {offset, length} of the newest complete line with that key */
    private final Map<String, long[]> index = new HashMap<>();
    private final int recovered;
    private final boolean truncatedTornLine;

    private ResultStore(Path file, boolean fresh) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (fresh) {
            Files.deleteIfExists(file);
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a FIFO there would block the scan below forever
            throw new ReportInputException(file + ": not a regular file; a results folder holds the points.jsonl lcpsim"
                    + " writes (--fresh replaces it, or give another --out)");
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long good = scan();
        this.truncatedTornLine = good < channel.size();
        if (truncatedTornLine) {
            channel.truncate(good);
        }
        channel.position(good);
        this.recovered = index.size();
    }

    /** Opens DIR/points.jsonl ({@code fresh}: starting over, forgetting what it holds). */
    public static ResultStore open(Path dir, boolean fresh) {
        try {
            return new ResultStore(dir.resolve(PointsJsonl.FILE), fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the result store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Indexes every complete, readable line; returns the length of the good prefix. */
    private long scan() throws IOException {
        byte[] all = Files.readAllBytes(file);
        long good = 0;
        int start = 0;
        int lineNo = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            lineNo++;
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            if (!line.isBlank()) {
                PointResult r;
                try {
                    r = PointsJsonl.fromLine(line, file + ":" + lineNo);
                } catch (ReportInputException e) {
                    // a complete line that does not parse is not a torn write: the file is not ours
                    throw new ReportInputException(e.getMessage() + " (use --fresh to start over)", e);
                }
                if (!r.configKey().isEmpty()) {
                    index.put(r.configKey(), new long[] {start, i - start});
                }
            }
            start = i + 1;
            good = start;
        }
        return good;
    }

    public boolean has(String key) {
        synchronized (index) {
            return index.containsKey(key);
        }
    }

    /** The stored record with this key, or null. */
    public PointResult get(String key) {
        long[] at;
        synchronized (index) {
            at = index.get(key);
        }
        if (at == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) at[1]);
        try {
            // a positional read may return fewer bytes than asked for
            while (buf.hasRemaining()) {
                if (channel.read(buf, at[0] + buf.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PointsJsonl.fromLine(new String(buf.array(), StandardCharsets.UTF_8), file.toString());
    }

    /** Appends a finished point; safe to call from several threads. */
    public void append(PointResult r) {
        byte[] line = (PointsJsonl.toLine(r) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (index) {
            long at = -1;
            try {
                at = channel.position();
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                if (!r.configKey().isEmpty()) {
                    index.put(r.configKey(), new long[] {at, line.length - 1});
                }
            } catch (IOException e) {
                // a part of the line may be written (a full disk): cut it off, so that the next append does
                // not glue a record onto it and leave a line that no later run can read
                if (at >= 0) {
                    try {
                        channel.truncate(at);
                        channel.position(at);
                    } catch (IOException ignored) {
                        // the next open cuts off a torn last line anyway
                    }
                }
                throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Points found when the store was opened. */
    public int recovered() {
        return recovered;
    }

    public boolean truncatedTornLine() {
        return truncatedTornLine;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

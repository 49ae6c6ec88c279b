package org.lcpsim.experiments.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.reports.ReportInputException;
import org.lcpsim.results.PointResult;

/**
 * The journal of finished design points: DIR/points.jsonl, one point record per line, appended
 * as each point finishes and keyed by its configuration key, which every line starts with. A
 * line is written with one write call ending in a newline, so a process killed at any moment
 * (kill -9) leaves complete lines and at most one torn last line; opening the store cuts that
 * line off. Re-running finds the finished points by key and does not simulate them again; it
 * reads a record only when its point's turn comes.
 *
 * <p>Opening must not cost a read of every record: DIR/points.jsonl.index lists each line's key,
 * offset and length ({@link PointsJsonl#indexOf}). Each entry is checked against the journal
 * (the line at its offset starts with its key and ends where the entry says); lines after the
 * last entry (a crash between the two appends) are scanned; an index that disagrees with the
 * journal is dropped and the journal scanned whole, by the keys at the heads of its lines. Not
 * power-failure safe (no fsync per point, which would cost more than a point takes).
 */
public final class ResultStore implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    /** key -> {offset, length} of the newest complete line with that key */
    private final KeyIndex index = new KeyIndex();
    private final Path indexFile;
    private final java.io.BufferedWriter indexOut;
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
        this.indexFile = PointsJsonl.indexOf(file);
        if (fresh) {
            Files.deleteIfExists(indexFile);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long indexed = readIndex();
        long good = indexed < 0 ? scan(0) : scan(indexed);
        this.truncatedTornLine = good < channel.size();
        if (truncatedTornLine) {
            channel.truncate(good);
        }
        channel.position(good);
        this.recovered = index.size();
        if (indexed != good) {
            writeIndex();
        }
        this.indexOut = Files.newBufferedWriter(indexFile, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Reads the index into the key map when every entry agrees with the journal; returns the end
     * of the last indexed line (where a scan of lines appended later starts), or -1 (nothing read)
     * when there is no index or it disagrees.
     */
    private long readIndex() throws IOException {
        if (!Files.isRegularFile(indexFile)) {
            return -1;
        }
        long size = channel.size();
        long end = 0;
        KeyIndex read = new KeyIndex();
        byte[] head = new byte[HEAD];
        ByteBuffer one = ByteBuffer.allocate(1);
        try (java.io.BufferedReader in = Files.newBufferedReader(indexFile, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length != 3) {
                    return -1;
                }
                long offset = Long.parseLong(f[1]);
                long length = Long.parseLong(f[2]);
                if (offset != end && offset < end || offset + length >= size) {
                    return -1;
                }
                // the line at the offset must start with the key and end with a newline where the entry says
                ByteBuffer h = ByteBuffer.wrap(head, 0, (int) Math.min(HEAD, length));
                while (h.hasRemaining() && channel.read(h, offset + h.position()) > 0) {
                    // a positional read may return fewer bytes than asked for
                }
                one.clear();
                if (!f[0].equals(PointsJsonl.keyAtHead(head, h.position())) || channel.read(one, offset + length) != 1
                        || one.get(0) != '\n') {
                    return -1;
                }
                read.put(f[0], offset, length);
                end = offset + length + 1;
            }
        } catch (NumberFormatException | java.io.UncheckedIOException e) {
            return -1;
        }
        index.putAll(read);
        return end;
    }

    /** Writes the index anew from the key map, in journal order. */
    private void writeIndex() throws IOException {
        java.util.List<KeyIndex.Entry> entries = index.entries();
        Path tmp = indexFile.resolveSibling(indexFile.getFileName() + ".tmp");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            for (KeyIndex.Entry e : entries) {
                w.write(PointsJsonl.indexLine(e.key(), e.offset(), e.length()));
            }
        }
        Files.move(tmp, indexFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Opens DIR/points.jsonl ({@code fresh}: starting over, forgetting what it holds). */
    public static ResultStore open(Path dir, boolean fresh) {
        try {
            return new ResultStore(dir.resolve(PointsJsonl.FILE), fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the result store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** How many first bytes of a line the scan keeps: enough for the prefix and a key. */
    private static final int HEAD = 128;

    /**
     * Indexes every complete line from byte {@code from} on by the key at its head, without parsing
     * the record (a resumed run must not pay for every stored point before its first new one);
     * returns the length of the good prefix. A line written by an older format, which has no key at its head, is parsed to
     * find its key; a complete line that is not a record at all means the file is not ours.
     */
    private long scan(long from) throws IOException {
        long good = from;
        long lineStart = from;
        long offset = from;
        int lineNo = 0;
        byte[] head = new byte[HEAD];
        int headLength = 0;
        boolean keyed = false;
        java.io.ByteArrayOutputStream slow = null;
        byte[] chunk = new byte[1 << 20];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        channel.position(from);
        int n;
        while ((n = channel.read(buf.clear())) > 0) {
            int i = 0;
            while (i < n) {
                if (headLength < HEAD) {
                    // the first bytes of a line: kept to read its key
                    byte b = chunk[i];
                    if (b != '\n') {
                        head[headLength++] = b;
                        i++;
                        if (headLength == HEAD) {
                            keyed = PointsJsonl.keyAtHead(head, HEAD) != null;
                            if (!keyed) {
                                // no key at the head: keep the whole line to parse it
                                slow = new java.io.ByteArrayOutputStream();
                                slow.write(head, 0, HEAD);
                            }
                        }
                        continue;
                    }
                } else {
                    // the rest of a keyed line: only its end matters
                    int restFrom = i;
                    while (i < n && chunk[i] != '\n') {
                        i++;
                    }
                    if (slow != null) {
                        slow.write(chunk, restFrom, i - restFrom);
                    }
                    if (i == n) {
                        continue;
                    }
                }
                // chunk[i] ends a line
                long end = offset + i;
                i++;
                lineNo++;
                String key = keyed && headLength == HEAD ? PointsJsonl.keyAtHead(head, HEAD)
                        : PointsJsonl.keyAtHead(head, headLength);
                if (key == null) {
                    byte[] line = slow != null ? slow.toByteArray() : java.util.Arrays.copyOf(head, headLength);
                    key = keyOfLine(new String(line, StandardCharsets.UTF_8), lineNo);
                }
                if (key != null && !key.isEmpty()) {
                    index.put(key, lineStart, end - lineStart);
                }
                lineStart = end + 1;
                good = lineStart;
                headLength = 0;
                keyed = false;
                slow = null;
            }
            offset += n;
        }
        return good;
    }

    /** The key of a line without one at its head (an older format, or blank): parsed. */
    private String keyOfLine(String line, int lineNo) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return PointsJsonl.fromLine(line, file + ":" + lineNo).configKey();
        } catch (ReportInputException e) {
            // a complete line that does not parse is not a torn write: the file is not ours
            throw new ReportInputException(e.getMessage() + " (use --fresh to start over)", e);
        }
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
        byte[] text = PointsJsonl.toBytes(r);
        byte[] line = java.util.Arrays.copyOf(text, text.length + 1);
        line[text.length] = '\n';
        synchronized (index) {
            long at = -1;
            try {
                at = channel.position();
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                // the ordered output writes the same record again: it finds the bytes
                PointsJsonl.remember(r, text);
                if (!r.configKey().isEmpty()) {
                    index.put(r.configKey(), at, line.length - 1);
                    try {
                        indexOut.write(PointsJsonl.indexLine(r.configKey(), at, line.length - 1));
                        indexOut.flush();
                    } catch (IOException e) {
                        // the journal holds the point; a stale index is checked and rebuilt on the next open
                    }
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
        try (indexOut) {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

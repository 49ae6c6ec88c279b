package org.lcpsim.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one place a file the user gives is read (an experiment, a model, a device file, a profile,
 * an accuracy table): a regular file only (a FIFO, a device, a socket or a folder is refused
 * before it is opened, so that nothing blocks), at most {@link #MAX_BYTES} bytes, counted while
 * reading (the sizes {@code /dev} and {@code /proc} report mean nothing), UTF-8 text without
 * control characters. Every problem is a {@link ConfigException}: of the file as a whole
 * ({@code FILE: message}), or at the line and column of the first bad character.
 */
public final class TextFile {
    /** The largest file read: far above any experiment, model or profile (YAML reads about a second per MB). */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    /** {@link #MAX_BYTES} as a user reads it. */
    public static final String LIMIT = "4 MiB (4,194,304 bytes)";

    private TextFile() {
    }

    /** The file's text, a leading byte order mark removed; throws {@link ConfigException} naming the file. */
    public static String read(Path file) {
        String name = file.toString();
        byte[] bytes = readBytes(file, name);
        String text = decode(bytes, name);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte order mark: editors on Windows write one
        }
        checkCharacters(text, name);
        return text;
    }

    private static byte[] readBytes(Path file, String name) {
        try {
            // symbolic links are followed: what counts is the file they name (a containment check, where
            // one applies, has looked at the real path before)
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw whole(name, "is a directory, not a file");
            }
            if (!a.isRegularFile()) {
                // never opened: opening a FIFO for reading blocks until someone writes to it
                throw whole(name, "not a regular file (" + kind(file) + "); configuration files are regular files");
            }
            if (a.size() > MAX_BYTES) {
                throw whole(name, tooLarge(a.size()));
            }
            try (InputStream in = Files.newInputStream(file)) {
                // counted while reading: a file of /proc says 0 bytes and may hold more, one that grows meanwhile too
                byte[] b = in.readNBytes((int) MAX_BYTES + 1);
                if (b.length > MAX_BYTES) {
                    throw whole(name, tooLarge(-1));
                }
                return b;
            }
        } catch (NoSuchFileException e) {
            throw whole(name, Files.isSymbolicLink(file) ? "file not found (a symbolic link to a missing file)" : "file not found");
        } catch (NotDirectoryException e) {
            throw whole(name, "file not found (a part of the path is not a folder)");
        } catch (AccessDeniedException e) {
            throw whole(name, "permission denied");
        } catch (FileSystemLoopException e) {
            throw whole(name, "symbolic links in a loop");
        } catch (InvalidPathException e) {
            throw whole(name, "not a valid path");
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().replace(name, "").replaceAll("^[: ]+", "");
            throw whole(name, "cannot read file" + (why.isBlank() ? "" : ": " + Excerpt.of(why, 80)));
        } catch (OutOfMemoryError e) {
            throw whole(name, "not enough memory to read it");
        }
    }

    /** What a file that is not regular is, in words. */
    static String kind(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & 0170000) {
                    case 0010000: return "a FIFO";
                    case 0020000: return "a character device";
                    case 0060000: return "a block device";
                    case 0140000: return "a socket";
                    default: break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view here: fall through to the general words
        }
        return "a device, FIFO or socket";
    }

    private static String tooLarge(long size) {
        return (size >= 0 ? "file of " + String.format(java.util.Locale.ROOT, "%,d", size) + " bytes" : "file larger than "
                + LIMIT) + "; configuration files may have at most " + LIMIT;
    }

    /** A problem of the file as a whole: no position, printed as {@code FILE: message}. */
    static ConfigException whole(String name, String message) {
        return new ConfigException(new ConfigError(Location.unknown(name), "$", message));
    }

    /** Decodes UTF-8; the first malformed byte is an error at its line and column. */
    static String decode(byte[] bytes, String name) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) || (bytes[0] == (byte) 0xFE
                && bytes[1] == (byte) 0xFF))) {
            throw whole(name, "UTF-16 text; save the file as UTF-8");
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            int lineStart = 0;
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            // the line up to the bad byte is valid UTF-8: its characters give the column
            String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
            int column = before.codePointCount(0, before.length()) + 1;
            throw new ConfigException(new ConfigError(new Location(name, line, column), "$", String.format(
                    java.util.Locale.ROOT, "not UTF-8 text: byte 0x%02X (byte offset %d) is not a UTF-8 character; save the"
                            + " file as UTF-8", bytes[offset] & 0xFF, offset)));
        }
        out.flip();
        return out.toString();
    }

    /**
     * Refuses characters no configuration file holds: control characters other than tab, line
     * feed and carriage return (NUL, escape, DEL, C1 controls), and the non-characters U+FFFE and
     * U+FFFF; an error at the first one's line and column.
     */
    public static void checkCharacters(String text, String name) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!allowed(c)) {
                String what = c == 0 ? "a NUL character (U+0000): this is not a text file"
                        : Character.isSurrogate((char) c) ? "a broken character (lone surrogate)"
                        : String.format(java.util.Locale.ROOT, "the %s U+%04X is not allowed in a configuration file",
                        Character.isISOControl(c) ? "control character" : "non-character", c);
                throw new ConfigException(new ConfigError(new Location(name, line, column), "$", what));
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(c);
        }
    }

    private static boolean allowed(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) {
            return false;
        }
        return !(c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }
}

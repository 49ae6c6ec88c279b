package org.lcpsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of user files: regular files only, the size limit counted while reading, UTF-8 text. */
class TextFileTest {
    @TempDir
    Path dir;

    private static String problem(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> TextFile.read(file));
        assertEquals(1, e.errors().size());
        return e.errors().get(0).toString();
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // opening a FIFO for reading blocks until a writer comes: the check must come first
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problem(fifo));
        assertEquals(fifo + ": not a regular file (a FIFO); configuration files are regular files", message);
        Path link = dir.resolve("link.yaml");
        Files.createSymbolicLink(link, fifo);
        assertEquals(link + ": not a regular file (a FIFO); configuration files are regular files",
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problem(link)));
    }

    @Test
    void devicesAndFoldersAreRefusedAtOnce() {
        assertEquals("/dev/zero: not a regular file (a character device); configuration files are regular files",
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problem(Path.of("/dev/zero"))));
        assertTrue(problem(Path.of("/dev/urandom")).startsWith("/dev/urandom: not a regular file"));
        assertEquals(dir + ": is a directory, not a file", problem(dir));
        assertEquals(dir.resolve("none") + ": file not found", problem(dir.resolve("none")));
    }

    @Test
    void theSizeLimitHoldsForFilesThatSayTheyAreEmpty() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[(int) TextFile.MAX_BYTES + 1]);
        assertEquals(big + ": file of 4,194,305 bytes; configuration files may have at most 4 MiB (4,194,304 bytes)",
                problem(big));
        // /proc files say 0 bytes; their content is read, counted, and here refused for its NUL characters
        String environ = problem(Path.of("/proc/self/environ"));
        assertTrue(environ.matches("/proc/self/environ(:1:\\d+: \\$: a NUL character.*|: the file is empty)"), environ);
        Files.write(big, "a".repeat((int) TextFile.MAX_BYTES).getBytes(StandardCharsets.UTF_8));
        assertEquals(TextFile.MAX_BYTES, TextFile.read(big).length());
    }

    @Test
    void textMustBeUtf8WithoutControlCharacters() throws IOException {
        Path f = dir.resolve("f.yaml");
        Files.write(f, "name: x\nmodel: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ":2:11: $: not UTF-8 text: byte 0xE9 (byte offset 18) is not a UTF-8 character; save the file as"
                + " UTF-8", problem(f));
        Files.write(f, "a: 1\n".getBytes(StandardCharsets.UTF_16));
        assertEquals(f + ": UTF-16 text; save the file as UTF-8", problem(f));
        Files.writeString(f, "a: 1\nb: \u00e9\u001b[31m\n");
        assertEquals(f + ":2:5: $: the control character U+001B is not allowed in a configuration file", problem(f));
        Files.writeString(f, "a: 1\0");
        assertEquals(f + ":1:5: $: a NUL character (U+0000): this is not a text file", problem(f));
        // a byte order mark is dropped; tabs and CRLF are text
        Files.writeString(f, "\uFEFFa:\t1\r\n");
        assertEquals("a:\t1\r\n", TextFile.read(f));
    }
}

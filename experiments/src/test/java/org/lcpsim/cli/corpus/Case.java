package org.lcpsim.cli.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hostile input of the malformed-input corpus: the files to write into a fresh folder (name
 * relative to it, bytes), an optional setup for what bytes cannot say (a FIFO, a symlink, a
 * directory where a file belongs), the command line ("{dir}" stands for the folder), and what
 * must come out: the exit code, a pattern stderr must contain (null: any), and whether an error
 * line must be positioned as FILE:LINE:COL with line and column from 1.
 */
public record Case(String family, String name, Map<String, byte[]> files, Setup setup, List<String> args, int exitCode,
                   String errPattern, boolean positioned) {
    /** Prepares what files alone cannot (runs after the files are written). */
    @FunctionalInterface
    public interface Setup {
        void apply(Path dir) throws IOException, InterruptedException;
    }

    public Case {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        args = List.copyOf(args);
    }

    /** A case whose files are text (UTF-8). */
    public static Case text(String family, String name, Map<String, String> files, List<String> args, int exitCode,
                            String errPattern, boolean positioned) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new Case(family, name, bytes, null, args, exitCode, errPattern, positioned);
    }

    /** The same case with a setup step. */
    public Case withSetup(Setup s) {
        return new Case(family, name, files, s, args, exitCode, errPattern, positioned);
    }

    public String id() {
        return family + "/" + name;
    }
}

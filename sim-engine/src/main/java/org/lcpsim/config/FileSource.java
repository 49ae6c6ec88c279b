package org.lcpsim.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files an experiment file names (a model {@code {file: ...}}, a device file, a device
 * profile, an accuracy table) are read from: the disk, within the experiment's folder tree unless
 * the user allows more ({@link #within}), or on a cluster worker the copies its driver sent along
 * with the experiment, so that a worker simulates exactly what the driver would, whatever is on
 * its disk.
 */
@FunctionalInterface
public interface FileSource {
    /** The files on this machine's disk, wherever they are (read by {@link TextFile#read}). */
    FileSource DISK = TextFile::read;

    /** The text of the file; a missing or unreadable one throws {@link ConfigException} naming it. */
    String read(Path path);

    /**
     * Whether messages may quote (short excerpts of) this file's content: false for a file outside
     * the experiment's folder, which is named in messages and never quoted.
     */
    default boolean quotable(Path path) {
        return true;
    }

    /**
     * Checks that a file which is not read as text (an ONNX model) may be read from here at all;
     * throws {@link OutsideFolderException} when it may not.
     */
    default void checkMayRead(Path path) {
    }

    /**
     * The files of the disk inside {@code folder}'s tree (after normalization and resolving
     * symbolic links); a path that leaves it throws {@link OutsideFolderException}, unless
     * {@code allowOutside}, in which case it is read but never quoted in messages.
     */
    static FileSource within(Path folder, boolean allowOutside) {
        Path base = folder.toAbsolutePath().normalize();
        return new FileSource() {
            @Override
            public String read(Path path) {
                if (!inside(base, path) && !allowOutside) {
                    throw new OutsideFolderException(path, base);
                }
                return TextFile.read(path);
            }

            @Override
            public boolean quotable(Path path) {
                return inside(base, path);
            }

            @Override
            public void checkMayRead(Path path) {
                if (!inside(base, path) && !allowOutside) {
                    throw new OutsideFolderException(path, base);
                }
            }
        };
    }

    /** Whether {@code path} is in {@code base}'s folder tree, as written and once symbolic links are resolved. */
    static boolean inside(Path base, Path path) {
        Path target = path.toAbsolutePath().normalize();
        if (!target.startsWith(base)) {
            return false;
        }
        try {
            return target.toRealPath().startsWith(base.toRealPath());
        } catch (IOException | SecurityException e) {
            // missing (reading it says so), or a link that leads nowhere readable: judged as written, unless a
            // link on the way leads out
            Path p = target;
            while (p != null && p.startsWith(base) && !Files.exists(p)) {
                p = p.getParent();
            }
            try {
                return p == null || !p.startsWith(base) || p.toRealPath().startsWith(base.toRealPath());
            } catch (IOException | SecurityException again) {
                return false;
            }
        }
    }

    /**
     * {@code source}, each file read once: every point of a sweep (its configuration key, its
     * binding) then sees the same text, however often it is asked for and whatever happens to the
     * file meanwhile. A file that cannot be read is asked for again.
     */
    static FileSource once(FileSource source) {
        java.util.Map<Path, String> texts = new java.util.concurrent.ConcurrentHashMap<>();
        return new FileSource() {
            @Override
            public String read(Path path) {
                return texts.computeIfAbsent(path.toAbsolutePath().normalize(), k -> source.read(path));
            }

            @Override
            public boolean quotable(Path path) {
                return source.quotable(path);
            }

            @Override
            public void checkMayRead(Path path) {
                source.checkMayRead(path);
            }
        };
    }

    /** A file outside the experiment's folder, read without the user allowing it. */
    final class OutsideFolderException extends ConfigException {
        private final Path folder;

        public OutsideFolderException(Path path, Path folder) {
            super(new ConfigError(Location.unknown(path.toString()), "$", "is outside the experiment's folder " + folder
                    + "; pass --allow-outside-files to read it"));
            this.folder = folder;
        }

        /** The folder whose tree the file is not in. */
        public Path folder() {
            return folder;
        }
    }
}

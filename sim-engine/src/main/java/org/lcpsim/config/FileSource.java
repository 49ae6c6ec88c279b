package org.lcpsim.config;

import java.nio.file.Path;

/**
 * Where the files an experiment file names (a model {@code {file: ...}}, a device profile) are
 * read from: the disk, or on a cluster worker the copies its driver sent along with the
 * experiment, so that a worker simulates exactly what the driver would, whatever is on its disk.
 */
@FunctionalInterface
public interface FileSource {
    /** The files on this machine's disk. */
    FileSource DISK = Yaml::readText;

    /** The text of the file; a missing or unreadable one throws {@link ConfigException} naming it. */
    String read(Path path);

    /**
     * {@code source}, each file read once: every point of a sweep (its configuration key, its
     * binding) then sees the same text, however often it is asked for and whatever happens to the
     * file meanwhile. A file that cannot be read is asked for again.
     */
    static FileSource once(FileSource source) {
        java.util.Map<Path, String> texts = new java.util.concurrent.ConcurrentHashMap<>();
        return path -> texts.computeIfAbsent(path.toAbsolutePath().normalize(), k -> source.read(path));
    }
}

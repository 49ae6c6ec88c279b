package org.lcpsim.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file an experiment names in a field ({@code model: {file: m.yaml}}, a device file, a profile,
 * an accuracy table), read through a {@link FileSource}, and how its problems are reported: a
 * problem of the file as a whole (missing, outside the experiment's folder, not a regular file,
 * too large) is an error at the field that names it; problems inside the file are its own
 * positioned errors (at most {@link #MAX_SHOWN} of them), then one at the field. A file outside
 * the experiment's folder (read because the user allowed it) is named, never quoted: its problems
 * are counted, not shown.
 *
 * @param reference the file as the experiment names it
 * @param path     the resolved path
 * @param name     the name errors in the file carry (the resolved path)
 * @param text     the file's text
 * @param quotable whether messages may quote excerpts of it
 */
public record ReferencedFile(String reference, Path path, String name, String text, boolean quotable) {
    /** The most problems of one referenced file shown; the rest are counted. */
    public static final int MAX_SHOWN = 10;

    /**
     * Reads the file {@code reference} names, relative to {@code baseDir}; null when it cannot be
     * read, with an error recorded at the field ({@code at}, {@code path}).
     *
     * @param what what the file is, in words ("model file", "device file", ...)
     */
    public static ReferencedFile read(FileSource files, Path baseDir, String reference, Location at, String path,
                                      String what, Errors errors) {
        if (reference.isBlank()) {
            errors.add(at, path, "an empty file name; name the " + what);
            return null;
        }
        Path p;
        try {
            p = baseDir.resolve(reference);
        } catch (InvalidPathException e) {
            errors.add(at, path, "'" + Excerpt.of(reference, 80) + "' is not a valid path");
            return null;
        }
        boolean quotable = files.quotable(p);
        try {
            return new ReferencedFile(reference, p, p.toString(), files.read(p), quotable);
        } catch (FileSource.OutsideFolderException e) {
            errors.add(at, path, "'" + Excerpt.of(reference, 120) + "' is outside the experiment's folder; pass"
                    + " --allow-outside-files to read it");
        } catch (ConfigException e) {
            ConfigError first = e.errors().get(0);
            if (first.location().line() <= 0) {
                errors.add(at, path, "cannot read " + what + " " + Excerpt.of(reference, 120) + ": " + first.message());
            } else {
                new ReferencedFile(reference, p, p.toString(), null, quotable).report(e.errors(), at, path, what, errors);
            }
        }
        return null;
    }

    /**
     * Records the problems found in this file (its own positioned errors, at most
     * {@link #MAX_SHOWN}; or for a file that is not quoted, their count and the first one's
     * position), then one error at the field naming it. Errors of other files pass through.
     */
    public void report(List<ConfigError> problems, Location at, String path, String what, Errors errors) {
        List<ConfigError> own = new ArrayList<>();
        for (ConfigError e : problems) {
            if (e.location().file().equals(name)) {
                own.add(e);
            } else {
                errors.add(e.location(), e.path(), e.message());
            }
        }
        if (own.isEmpty()) {
            return;
        }
        own.sort(java.util.Comparator.comparingInt((ConfigError e) -> e.location().line())
                .thenComparingInt(e -> e.location().column()));
        if (!quotable) {
            ConfigError first = own.get(0);
            String where = first.location().line() > 0 ? ", the first at line " + first.location().line() + ", column "
                    + first.location().column() : "";
            errors.add(at, path, what + " " + Excerpt.of(reference, 120) + " is not valid: " + own.size() + " problem" + (own.size() == 1 ? ""
                    : "s") + where + " (not shown: the file is outside the experiment's folder)");
            return;
        }
        for (int i = 0; i < own.size() && i < MAX_SHOWN; i++) {
            ConfigError e = own.get(i);
            errors.add(e.location(), e.path(), e.message());
        }
        errors.add(at, path, what + " " + Excerpt.of(reference, 120) + " is not valid (" + (own.size() <= MAX_SHOWN ? "errors above"
                : "errors above, and " + (own.size() - MAX_SHOWN) + " more") + ")");
    }

    /** Reads and parses the file as YAML; null when it cannot, with the errors recorded (see {@link #report}). */
    public Node parseYaml(Location at, String path, String what, Errors errors) {
        try {
            return Yaml.parse(text, name);
        } catch (ConfigException e) {
            report(e.errors(), at, path, what, errors);
            return null;
        }
    }
}

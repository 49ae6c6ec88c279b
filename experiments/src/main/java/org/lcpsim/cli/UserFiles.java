package org.lcpsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The files and folders a user names on the command line, and how their problems read. A folder
 * a command writes into is created and tried before any work starts, so that a folder that cannot
 * be (under a file, in /proc, read-only, not permitted) is bad input, exit 2, with the reason
 * ("cannot create folder out/x: out is a file, not a folder"); a failure to write once the work
 * has started (a full disk) is a failure while running, exit 1, and says which file.
 */
final class UserFiles {
    private UserFiles() {
    }

    /**
     * Creates {@code dir} (and its parents) and checks that files can be created in it; a
     * {@link Main.UserInputException} (exit 2) saying why not otherwise.
     */
    static Path createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Main.UserInputException("cannot create folder " + dir + ": " + whyNot(dir, e));
        }
        checkWritable(dir);
        return dir;
    }

    /** Checks that a file can be created in the folder {@code dir} (creates one and deletes it). */
    static void checkWritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".lcpsim-", ".probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw new Main.UserInputException("cannot write in folder " + dir + ": " + reason(e));
        }
    }

    /**
     * Checks a file to write (a device file, say) before the work that produces it: not a folder,
     * not a pipe or a device, in a folder that exists and takes files. Returns it.
     */
    static Path outputFile(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new Main.UserInputException(option + " " + file + ": is a folder; name the file to write in it");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new Main.UserInputException(option + " " + file + ": not a regular file (a pipe, a socket or a device); name"
                    + " a file to write");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            throw new Main.UserInputException(option + " " + file + ": not a file name");
        }
        if (!Files.isDirectory(parent)) {
            Path existing = existingAncestor(parent);
            throw new Main.UserInputException(option + " " + file + ": " + (existing != null && !Files.isDirectory(existing)
                    ? existing + " is a file, not a folder" : "no folder " + parent + "; create it first"));
        }
        checkWritable(parent);
        return file;
    }

    /** Why {@code dir} could not be created, in the user's words. */
    static String whyNot(Path dir, IOException e) {
        Path existing = existingAncestor(dir.toAbsolutePath().normalize());
        if (existing != null && !Files.isDirectory(existing)) {
            return (existing.equals(dir.toAbsolutePath().normalize()) ? "it" : existing) + " is a file, not a folder";
        }
        if (e instanceof NoSuchFileException && existing != null) {
            return existing + " does not take new folders (no such file or directory)";
        }
        return reason(e);
    }

    /** The nearest of {@code p} and its parents that exists; null when none does. */
    static Path existingAncestor(Path p) {
        for (Path q = p.toAbsolutePath().normalize(); q != null; q = q.getParent()) {
            if (Files.exists(q)) {
                return q;
            }
        }
        return null;
    }

    /** What went wrong, without Java's class names: "permission denied", "no space left on device". */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder that is not empty is in the way";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                String r = f.getReason();
                return r.isEmpty() ? "input/output error" : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
            }
            return "input/output error";
        }
        if (e.getMessage() == null) {
            return "input/output error";
        }
        String m = stripClassNames(e.getMessage());
        // the system's own words ("No space left on device") read as the rest of the line; a path keeps its case
        return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1)) && m.indexOf('/') < 0
                && m.indexOf(':') < 0 ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }

    /**
     * The one line an error prints after "lcpsim: ": the message, with the file and the reason of
     * an I/O error, never a Java class name (a message-less error says it is an internal one).
     */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            String m = u.getMessage();
            if (m == null || m.equals(u.getCause().toString())) {
                return describe(u.getCause());
            }
            return stripClassNames(m);
        }
        if (e instanceof FileSystemException f) {
            return (f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ")
                    + reason(f);
        }
        if (e instanceof IOException io) {
            return reason(io);
        }
        if (e instanceof java.util.concurrent.CancellationException) {
            return e.getMessage() == null ? "interrupted" : e.getMessage().startsWith("interrupted") ? e.getMessage()
                    : "interrupted: " + e.getMessage();
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return "internal error (" + e.getClass().getSimpleName().replace("Exception", "") + "); LCPSIM_DEBUG=1 shows where";
        }
        return stripClassNames(e.getMessage());
    }

    /**
     * A message as a user reads it: what a JSON reader says about a record of the wrong shape
     * ("Cannot deserialize value of type `org...PointResult` from Array value") in plain words,
     * and no Java class name left.
     */
    static String plain(String message) {
        if (message == null) {
            return null;
        }
        String m = message;
        int i = m.indexOf("Cannot construct instance of `");
        if (i >= 0) {
            m = m.substring(0, i) + "a field is missing or has the wrong type";
        }
        i = m.indexOf("Cannot deserialize value of type `");
        if (i >= 0) {
            java.util.regex.Matcher from = java.util.regex.Pattern.compile("^Cannot deserialize value of type `([^`]*)` from"
                    + " (Array|Object|String|Integer|Floating-point|Boolean|Null) value").matcher(m.substring(i));
            if (from.find()) {
                String kind = switch (from.group(2)) {
                    case "Array" -> "a list";
                    case "Object" -> "an object";
                    case "String" -> "text";
                    case "Integer", "Floating-point" -> "a number";
                    case "Boolean" -> "true or false";
                    default -> "null";
                };
                boolean record = from.group(1).endsWith(".PointResult") || from.group(1).endsWith(".RunInfo");
                m = m.substring(0, i) + (record ? "a JSON object was expected, not " + kind : "a field has the wrong type ("
                        + kind + ")");
            } else {
                m = m.substring(0, i) + "a field has the wrong type";
            }
        }
        // any class name left: its simple name; a method call in a message is the program's, not the file's
        m = m.replaceAll("`(?:[a-z_$][\\w$]*\\.)+([A-Za-z_$][\\w$]*)`", "$1");
        m = m.replaceAll("\\b(?:java|javax|sun|jdk|org\\.lcpsim|com\\.fasterxml)(?:\\.[a-z_][\\w$]*)+\\.[A-Z][\\w$]*(?:\\.[\\w$()]+)*",
                "");
        return m;
    }

    /** "java.nio.file.FileSystemException: x: y" reads "x: y". */
    static String stripClassNames(String message) {
        return message.replaceAll("\\b(java|javax|sun|jdk)\\.[\\w.$]*(Exception|Error): ", "");
    }
}

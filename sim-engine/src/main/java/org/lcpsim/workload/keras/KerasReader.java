package org.lcpsim.workload.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the configuration of a Keras model, never its weights: from a Keras 3 {@code .keras}
 * file (a zip archive of config.json, metadata.json and model.weights.h5, of which only
 * config.json is opened) or from the JSON text {@code model.to_json()} writes (Keras 3 or Keras 2).
 *
 * <p>The file is user input, so everything is bounded: a regular file only (not a pipe, a device or
 * a folder), at most {@link #MAX_CONFIG_BYTES} of JSON, counted while reading (from the archive
 * too: a config.json that expands without end is cut off, whatever its entry says), JSON nested
 * at most {@link #MAX_DEPTH} deep. Whatever is wrong ends as a {@link KerasException} with a
 * message for the user ({@code not a Keras model (...)}), never a hang or a stack trace.
 */
public final class KerasReader {
    /** The largest configuration read: far above any Keras application's (NASNetLarge's is about 2 MB). */
    public static final int MAX_CONFIG_BYTES = 16 << 20;
    /** {@link #MAX_CONFIG_BYTES} as a user reads it. */
    public static final String LIMIT = "16 MiB";
    /** JSON nesting at most (a Keras configuration nests about 10 deep, nested models a few more each). */
    public static final int MAX_DEPTH = 256;
    /** The archive member that holds the model's configuration. */
    public static final String CONFIG_ENTRY = "config.json";

    /** Where the configuration came from. */
    public enum Source { KERAS_ARCHIVE, JSON }

    /** A parsed configuration: the serialized model ({@code class_name}, {@code config}, ...). */
    public record Document(JsonNode root, Source source) {
    }

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_CONFIG_BYTES).maxNumberLength(1000).build())
            // Python's json module writes NaN and Infinity (a Normalization layer's statistics may hold them)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private KerasReader() {
    }

    /** Reads the configuration of {@code file}; throws {@link KerasException} when it cannot. */
    public static Document read(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new KerasException("no such file", e);
        } catch (AccessDeniedException e) {
            throw new KerasException("permission denied", e);
        } catch (IOException | SecurityException e) {
            throw new KerasException("cannot read the file (" + e.getMessage() + ")", e);
        }
        if (a.isDirectory()) {
            throw new KerasException("is a directory, not a Keras model file (lcpsim reads the .keras file model.save('m.keras')"
                    + " writes, or the JSON of model.to_json(); a SavedModel folder holds no Keras configuration)");
        }
        if (!a.isRegularFile()) {
            // never opened: opening a FIFO for reading blocks until someone writes to it
            throw new KerasException("not a regular file (a pipe, a device or a socket): Keras models are read from files");
        }
        if (a.size() == 0) {
            throw new KerasException("not a Keras model (the file is empty)");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new KerasException("no such file", e);
        } catch (IOException e) {
            throw new KerasException("cannot read the file (" + e.getMessage() + ")", e);
        }
        if (n >= 2 && head[0] == 'P' && head[1] == 'K') {
            return new Document(parse(archive(file), "config.json"), Source.KERAS_ARCHIVE);
        }
        if (n >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
            throw new KerasException("not a Keras model lcpsim reads (an HDF5 file: Keras 2's .h5 models and the weights "
                    + "files model.weights.h5 hold weights; save the model as model.save('m.keras') or write "
                    + "model.to_json() to a file)");
        }
        return new Document(parse(text(file), "the JSON"), Source.JSON);
    }

    /** Parses the JSON text of a model configuration (as {@code model.to_json()} writes it). */
    public static Document parseJson(String json) {
        return new Document(parse(json, "the JSON"), Source.JSON);
    }

    // ---------------------------------------------------------------- the zip archive

    private static String archive(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = zip.getEntry(CONFIG_ENTRY);
            if (entry == null) {
                throw new KerasException("not a Keras model (a zip archive without " + CONFIG_ENTRY + ": a .keras file of "
                        + "Keras 3 holds config.json, metadata.json and model.weights.h5)");
            }
            if (entry.isDirectory()) {
                throw new KerasException("not a Keras model (" + CONFIG_ENTRY + " in the archive is a folder, not a file)");
            }
            if (entry.getSize() > MAX_CONFIG_BYTES) {
                throw new KerasException("not a Keras model lcpsim reads (" + CONFIG_ENTRY + " holds " + String.format(
                        Locale.ROOT, "%,d", entry.getSize()) + " bytes; lcpsim reads configurations of at most " + LIMIT + ")");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                // counted while reading: the entry's stated size may lie (a zip bomb)
                bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            } catch (ZipException | java.io.EOFException e) {
                throw new KerasException("not a Keras model (" + CONFIG_ENTRY + " cannot be read from the archive: "
                        + reason(e) + "; truncated or damaged?)", e);
            }
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new KerasException("not a Keras model lcpsim reads (" + CONFIG_ENTRY + " expands to more than " + LIMIT
                        + ", the most lcpsim reads of a configuration)");
            }
            return decode(bytes, CONFIG_ENTRY + " ");
        } catch (ZipException e) {
            String m = reason(e);
            if (m.contains("END header") || m.contains("zip file is empty")) {
                throw new KerasException("not a Keras model (a zip archive without its directory at the end: truncated?)", e);
            }
            throw new KerasException("not a Keras model (not a readable zip archive: " + m + ")", e);
        } catch (NoSuchFileException e) {
            throw new KerasException("no such file", e);
        } catch (IOException e) {
            throw new KerasException("cannot read the file (" + reason(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new KerasException("not enough memory to read " + CONFIG_ENTRY);
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").trim();
    }

    // ---------------------------------------------------------------- JSON text

    private static String text(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new KerasException("no such file", e);
        } catch (IOException e) {
            throw new KerasException("cannot read the file (" + reason(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new KerasException("not enough memory to read the file");
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw new KerasException("not a Keras model lcpsim reads (more than " + LIMIT
                    + " of text; lcpsim reads model configurations of at most " + LIMIT + ")");
        }
        String s = decode(bytes, "");
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i == s.length() || s.charAt(i) != '{') {
            throw new KerasException("not a Keras model (neither a .keras zip archive nor the JSON object of "
                    + "model.to_json())");
        }
        return s;
    }

    private static String decode(byte[] bytes, String what) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (MalformedInputException e) {
            int at = offsetOfBadByte(bytes);
            throw new KerasException("not a Keras model (" + what + "not UTF-8 text: byte " + at + " is not UTF-8)", e);
        } catch (CharacterCodingException e) {
            throw new KerasException("not a Keras model (" + what + "not UTF-8 text)", e);
        }
    }

    private static int offsetOfBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            var r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return bytes.length;
            }
            out.clear();
        }
    }

    private static JsonNode parse(String json, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new KerasException("not a Keras model lcpsim reads (" + what + " exceeds a limit: " + e.getOriginalMessage()
                    + ")", e);
        } catch (JsonEOFException e) {
            throw new KerasException("not a Keras model (" + what + " ends in the middle of a value: truncated?)", e);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String where = l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
            String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s+", " ").trim();
            if (m.length() > 160) {
                m = m.substring(0, 160) + "...";
            }
            throw new KerasException("not a Keras model (" + what + " is not valid JSON" + where + ": " + m + ")", e);
        } catch (OutOfMemoryError e) {
            throw new KerasException("not enough memory to read " + what);
        }
        if (root == null || !root.isObject()) {
            throw new KerasException("not a Keras model (" + what + " is no JSON object)");
        }
        return root;
    }
}

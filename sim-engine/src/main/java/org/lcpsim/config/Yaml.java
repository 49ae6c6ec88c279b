package org.lcpsim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads YAML into {@link Node}s that remember their line and column, so that every later
 * validation error can point into the file. Syntax errors and duplicate keys are errors here.
 */
public final class Yaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** The largest configuration file read: far above any experiment, model or profile. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private Yaml() {
    }

    public static Node read(Path file) {
        return parse(readText(file), file.toString());
    }

    /** The file's text (UTF-8); a missing or unreadable file throws {@link ConfigException} naming it. */
    public static String readText(Path file) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(new ConfigError(Location.unknown(name), "$", "is a directory, not a file"));
            }
            // the YAML reader takes about a second per MB of text: a larger file is a mistake, not a configuration
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(new ConfigError(Location.unknown(name), "$", "file of " + Files.size(file)
                        + " bytes; configuration files may have at most " + MAX_BYTES));
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(new ConfigError(Location.unknown(name), "$", "file not found"));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(new ConfigError(Location.unknown(name), "$", "not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigError(Location.unknown(name), "$", "cannot read file: " + e.getMessage()));
        }
    }

    public static Node parse(String text, String fileName) {
        List<ConfigError> errors = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ConfigException(new ConfigError(new Location(fileName, 1, 1), "$", "the file is empty"));
            }
            Node root = value(p, fileName, "$", errors);
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int cut = msg.indexOf('\n');
            throw new ConfigException(new ConfigError(l == null ? Location.unknown(fileName)
                    : new Location(fileName, l.getLineNr(), l.getColumnNr()), "$", "YAML syntax error: "
                    + (cut > 0 ? msg.substring(0, cut) : msg)));
        } catch (IOException e) {
            throw new ConfigException(new ConfigError(Location.unknown(fileName), "$", "cannot read YAML: " + e.getMessage()));
        }
    }

    private static Location here(JsonParser p, String file) {
        JsonLocation l = p.currentTokenLocation();
        return new Location(file, l.getLineNr(), l.getColumnNr());
    }

    private static Node value(JsonParser p, String file, String path, List<ConfigError> errors) throws IOException {
        JsonToken t = p.currentToken();
        Location loc = here(p, file);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyLoc = here(p, file);
                    p.nextToken();
                    Node v = value(p, file, path + "." + key, errors);
                    if (entries.containsKey(key)) {
                        errors.add(new ConfigError(keyLoc, path + "." + key, "duplicate key (first at line "
                                + entries.get(key).keyLocation().line() + ")"));
                    } else {
                        entries.put(key, new Node.Entry(key, keyLoc, v));
                    }
                }
                return new Node.MapNode(loc, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, file, path + "[" + i++ + "]", errors));
                }
                return new Node.ListNode(loc, items);
            }
            case VALUE_NUMBER_INT -> {
                return new Node.Scalar(loc, p.getText(), Node.Scalar.Type.INTEGER);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node.Scalar(loc, p.getText(), Node.Scalar.Type.FLOAT);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Scalar(loc, p.getText(), Node.Scalar.Type.BOOLEAN);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(loc, "null", Node.Scalar.Type.NULL);
            }
            default -> {
                return new Node.Scalar(loc, p.getText(), Node.Scalar.Type.STRING);
            }
        }
    }
}

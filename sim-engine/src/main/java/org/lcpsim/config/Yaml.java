package org.lcpsim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads YAML into {@link Node}s that remember their line and column, so that every later
 * validation error can point into the file. Syntax errors and duplicate keys are errors here, with
 * the parser's explanation in words and the position it gives. One document per file; no aliases
 * ({@code *name}) and no tags other than YAML's own ({@code !!str}, ...): both are errors at their
 * position. The only size limit is the file's ({@link TextFile#MAX_BYTES}); mappings and lists
 * nest at most {@link #MAX_DEPTH} deep.
 */
public final class Yaml {
    /** The largest configuration file read: far above any experiment, model or profile. */
    public static final long MAX_BYTES = TextFile.MAX_BYTES;
    /** The deepest nesting of mappings and lists: no configuration comes near it. */
    public static final int MAX_DEPTH = 100;

    /**
     * The parser's own limits are above what a file within {@link TextFile#MAX_BYTES} can hold, so
     * that the file limit is the one a user meets (SnakeYAML's default is 3 MiB of code points,
     * Jackson's 50,000 characters for a key), except nesting, which is checked here first.
     */
    private static final YAMLFactory FACTORY = factory();
    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq")
            .stream().map(t -> "tag:yaml.org,2002:" + t).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private Yaml() {
    }

    private static YAMLFactory factory() {
        int above = (int) TextFile.MAX_BYTES + 1024;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(above);
        options.setNestingDepthLimit(MAX_DEPTH + 10);
        StreamReadConstraints limits = StreamReadConstraints.builder().maxStringLength(above).maxNameLength(above)
                .maxNumberLength(above).maxNestingDepth(MAX_DEPTH + 10).build();
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(limits).build();
    }

    public static Node read(Path file) {
        return parse(readText(file), file.toString());
    }

    /** The file's text (UTF-8), read by {@link TextFile#read}; a problem throws {@link ConfigException} naming it. */
    public static String readText(Path file) {
        return TextFile.read(file);
    }

    public static Node parse(String text, String fileName) {
        if (text.length() > TextFile.MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > TextFile.MAX_BYTES) {
            throw TextFile.whole(fileName, "larger than " + TextFile.LIMIT + "; configuration files may have at most "
                    + TextFile.LIMIT);
        }
        TextFile.checkCharacters(text, fileName);
        List<ConfigError> errors = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ConfigException(new ConfigError(new Location(fileName, 1, 1), "$", "the file is empty"));
            }
            Reader reader = new Reader((YAMLParser) p, fileName, errors, anchors(text));
            Location start = here(p, fileName);
            Node root = reader.value("$", 1);
            if (p.nextToken() != null) {
                errors.add(new ConfigError(secondDocument(text, start, here(p, fileName)), "$",
                        "a second YAML document (after '---'); a configuration file holds one document"));
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return root;
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(e, text, fileName));
            throw new ConfigException(errors);
        } catch (IOException e) {
            throw TextFile.whole(fileName, "cannot read YAML: " + Excerpt.of(String.valueOf(e.getMessage()), 80));
        } catch (StackOverflowError e) {
            throw TextFile.whole(fileName, "nested too deeply to read");
        }
    }

    private static final Pattern ANCHOR = Pattern.compile("(?:^|[\\s\\[{,])&([^\\s,\\[\\]{}]+)");

    /** The anchor names ({@code &name}) written in the text (the parser does not report those of scalars). */
    private static Set<String> anchors(String text) {
        Set<String> out = new HashSet<>();
        if (text.indexOf('&') < 0) {
            return out;
        }
        Matcher m = ANCHOR.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The line of the {@code ---} that starts the second document (the token after the first document otherwise). */
    private static Location secondDocument(String text, Location start, Location next) {
        String[] lines = text.split("\n", -1);
        for (int i = Math.max(0, start.line()); i < lines.length && i < next.line(); i++) {
            if (lines[i].startsWith("---") && (lines[i].length() == 3 || Character.isWhitespace(lines[i].charAt(3)))) {
                return new Location(next.file(), i + 1, 1);
            }
        }
        return next;
    }

    private static Location here(JsonParser p, String file) {
        JsonLocation l = p.currentTokenLocation();
        return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    /** Builds the node tree, recording anchors, aliases and tags as errors. */
    private static final class Reader {
        private final YAMLParser p;
        private final String file;
        private final List<ConfigError> errors;
        /** The anchors written in the file (only to tell an alias of an anchor from an undefined one). */
        private final Set<String> anchors;

        Reader(YAMLParser p, String file, List<ConfigError> errors, Set<String> anchors) {
            this.p = p;
            this.file = file;
            this.errors = errors;
            this.anchors = anchors;
        }

        Node value(String path, int depth) throws IOException {
            JsonToken t = p.currentToken();
            Location loc = here(p, file);
            if (p.isCurrentAlias()) {
                String name = p.getText();
                errors.add(new ConfigError(loc, path, anchors.contains(name)
                        ? "YAML aliases (*" + Excerpt.of(name) + ") are not supported; repeat the value"
                        : "undefined YAML alias *" + Excerpt.of(name) + " (no anchor &" + Excerpt.of(name)
                        + " before it); aliases are not supported: write the value"));
                return new Node.Scalar(loc, "*" + name, Node.Scalar.Type.STRING);
            }
            String tag = p.getTypeId();
            if (tag != null && !CORE_TAGS.contains(tag)) {
                errors.add(new ConfigError(loc, path, "YAML tags (!" + Excerpt.of(tag.startsWith("tag:yaml.org,2002:")
                        ? "!" + tag.substring("tag:yaml.org,2002:".length()) : tag) + ") are not supported; write the"
                        + " value alone"));
            }
            if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
                throw new ConfigException(new ConfigError(loc, path, "nesting deeper than " + MAX_DEPTH
                        + " levels (mappings and lists inside each other)"));
            }
            switch (t) {
                case START_OBJECT -> {
                    Map<String, Node.Entry> entries = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        Location keyLoc = here(p, file);
                        p.nextToken();
                        Node v = value(path + "." + key, depth + 1);
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
                        items.add(value(path + "[" + i++ + "]", depth + 1));
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

    /**
     * A syntax error as the user reads it: the parser's explanation in words, at the position of
     * the problem, with where the construct it was reading began; never a class name.
     */
    static ConfigError syntaxError(JsonProcessingException e, String text, String fileName) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                return new ConfigError(at(fileName, m.getProblemMark()), "$", "YAML syntax error: " + explain(m));
            }
            if (c instanceof ReaderException r) {
                Location l = offset(text, r.getPosition(), fileName);
                return new ConfigError(l, "$", String.format(java.util.Locale.ROOT,
                        "the character U+%04X is not allowed in YAML", r.getCodePoint()));
            }
        }
        JsonLocation jl = e.getLocation();
        Location loc = jl == null || jl.getLineNr() <= 0 ? null
                : new Location(fileName, jl.getLineNr(), Math.max(1, jl.getColumnNr()));
        String original = String.valueOf(e.getOriginalMessage());
        String message;
        if (e instanceof StreamConstraintsException) {
            message = original.contains("nesting depth") ? "nesting deeper than " + MAX_DEPTH
                    + " levels (mappings and lists inside each other)"
                    : "a value too long for the YAML reader; configuration files may have at most " + TextFile.LIMIT;
        } else if (original.contains("AliasEvent")) {
            message = "a key cannot be a YAML alias (*name); aliases are not supported: write the key";
        } else if (original.startsWith("Expected a field name")) {
            message = "YAML syntax error: a key must be a single value (text or a number), not a list or a mapping";
        } else {
            message = "YAML syntax error: " + words(firstLine(original));
        }
        return loc == null ? new ConfigError(Location.unknown(fileName), "$", message) : new ConfigError(loc, "$", message);
    }

    private static Location at(String file, Mark m) {
        return new Location(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /** The line and column of code point {@code index} of {@code text}. */
    private static Location offset(String text, int index, String file) {
        int line = 1;
        int column = 1;
        int n = 0;
        for (int i = 0; i < text.length() && n < index; n++) {
            int c = text.codePointAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(c);
        }
        return new Location(file, line, column);
    }

    /** The problem, and what the parser was reading when it met it (where that began, when elsewhere). */
    static String explain(MarkedYAMLException m) {
        String problem = words(m.getProblem() == null ? "invalid YAML" : m.getProblem());
        String context = m.getContext();
        Mark cm = m.getContextMark();
        Mark pm = m.getProblemMark();
        String where = cm == null || (cm.getLine() == pm.getLine() && cm.getColumn() == pm.getColumn()) ? ""
                : " at line " + (cm.getLine() + 1) + ", column " + (cm.getColumn() + 1);
        if (context == null) {
            return problem;
        }
        String reading = switch (context) {
            case "while parsing a flow mapping" -> "in the {...} mapping opened" + where;
            case "while parsing a flow sequence" -> "in the [...] list opened" + where;
            case "while scanning a quoted scalar", "while scanning a double-quoted scalar",
                 "while scanning a single-quoted scalar" -> "in the quoted text opened" + where;
            case "while scanning a plain scalar" -> "in the value that starts" + where;
            case "while scanning an anchor", "while scanning an alias" -> "in the anchor or alias at" + where;
            case "while scanning a tag" -> "in the tag that starts" + where;
            case "while parsing a block mapping" -> "in the mapping that starts" + where;
            case "while parsing a block collection" -> "in the list that starts" + where;
            case "while scanning a simple key" -> "in the key that starts" + where;
            case "while scanning a block scalar" -> "in the block text that starts" + where;
            case "while parsing a block node", "while parsing a flow node", "while scanning for the next token" -> "";
            default -> words(context).replace("scalar", "value") + where;
        };
        return reading.isBlank() || where.isEmpty() ? problem : problem + " (" + reading.strip() + ")";
    }

    private static final Pattern FOUND_CHAR = Pattern.compile(
            "found character '(.*)' that cannot start any token\\.?(?: \\(Do not use .* for indentation\\))?");
    private static final Pattern GOT = Pattern.compile("\\b(but (?:got|found)) ([^'<\\s][^\\s]*)$");

    /** SnakeYAML's wording with its token names in words. */
    static String words(String s) {
        Matcher fc = FOUND_CHAR.matcher(s);
        if (fc.matches()) {
            String c = fc.group(1);
            if (c.startsWith("\\t")) {
                return "found a tab character, which cannot start any token (indent with spaces, not tabs)";
            }
            String more = "@".equals(c) || "`".equals(c) ? " (" + c + " is reserved: quote a value that starts with it)" : "";
            return "found character '" + Excerpt.of(c, 12) + "' that cannot start any token" + more;
        }
        String w = s.replace("'<block mapping start>'", "the start of a new mapping (check the indentation)")
                .replace("'<block sequence start>'", "the start of a new list (check the indentation)")
                .replace("'<block end>'", "the end of an indented block")
                .replace("<block end>", "the end of the indented block")
                .replace("'<stream end>'", "the end of the file")
                .replace("<stream end>", "the end of the file")
                .replace("end of stream", "end of the file")
                .replace("'<document start>'", "'---'")
                .replace("'<document end>'", "'...'")
                .replace("'<block mapping end>'", "the end of a mapping")
                .replace("'<scalar>'", "a value")
                .replace("'<alias>'", "an alias")
                .replace("'<anchor>'", "an anchor")
                .replace("'<tag>'", "a tag")
                .replace("'<directive>'", "a directive")
                .replace("'?'", "a key")
                .replace("'-'", "'-' (a list item)")
                .replace("mapping values are not allowed here", "mapping values are not allowed here (a ': ' inside a"
                        + " plain value, or a key indented too far: quote the value or fix the indentation)");
        Matcher g = GOT.matcher(w);
        if (g.find()) {
            // the parser names the token it got bare ("but got :"): quote it as written
            w = w.substring(0, g.start()) + g.group(1) + " '" + g.group(2) + "'";
        }
        // no class names, whatever the parser says
        w = w.replaceAll("<?\\b(?:org|com|java)\\.[\\w.$]+(?:\\([^)]*\\))?>?", "a token").replaceAll("`[^`]*`", "");
        return Excerpt.escapeAll(w);
    }

    private static String firstLine(String s) {
        int cut = s.indexOf('\n');
        return cut > 0 ? s.substring(0, cut) : s;
    }
}

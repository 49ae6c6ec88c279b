package org.lcpsim.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory of YAML presets shipped as classpath resources: {@code DIR/presets.list} names
 * them one per line, {@code DIR/NAME.yaml} holds each. A preset is the same mapping a user may
 * write inline, plus its provenance; inline fields given beside {@code preset: NAME} override it.
 */
public final class Presets {
    private final String directory;
    private final List<String> names;
    private final Map<String, Node> cache = new java.util.concurrent.ConcurrentHashMap<>();

    public Presets(String directory) {
        this.directory = directory;
        this.names = List.copyOf(readIndex(directory));
    }

    public List<String> names() {
        return names;
    }

    public boolean exists(String name) {
        return names.contains(name);
    }

    /** The preset's mapping, with locations in its resource file. */
    public Node load(String name) {
        if (!exists(name)) {
            throw new IllegalArgumentException("unknown preset " + name);
        }
        return cache.computeIfAbsent(name, n -> Yaml.parse(resource(directory + "/" + n + ".yaml"), "preset:" + n + ".yaml"));
    }

    /** The preset's mapping with the fields of {@code overrides} (except {@code preset}) put over it. */
    public Node merged(String name, Node.MapNode overrides) {
        Node base = load(name);
        if (!(base instanceof Node.MapNode b)) {
            throw new IllegalStateException("preset " + name + " is not a mapping");
        }
        Map<String, Node.Entry> entries = new LinkedHashMap<>(b.entries());
        for (Node.Entry e : overrides.entries().values()) {
            if (!e.key().equals("preset")) {
                entries.put(e.key(), e);
            }
        }
        return new Node.MapNode(overrides.location(), entries);
    }

    private static List<String> readIndex(String directory) {
        List<String> out = new ArrayList<>();
        for (String line : resource(directory + "/presets.list").split("\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }
}

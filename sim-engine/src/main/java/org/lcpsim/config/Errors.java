package org.lcpsim.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects configuration errors so that one pass reports all of them. */
public final class Errors {
    private final LinkedHashSet<ConfigError> errors = new LinkedHashSet<>();

    public void add(Location at, String path, String message) {
        errors.add(new ConfigError(at, path, message));
    }

    public void add(Node at, String path, String message) {
        add(at.location(), path, message);
    }

    public void addAll(List<ConfigError> more) {
        errors.addAll(more);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public int size() {
        return errors.size();
    }

    /** In file order. */
    public List<ConfigError> list() {
        List<ConfigError> l = new ArrayList<>(errors);
        l.sort(Comparator.comparing((ConfigError e) -> e.location().file())
                .thenComparingInt(e -> e.location().line())
                .thenComparingInt(e -> e.location().column()));
        return l;
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConfigException(list());
        }
    }
}

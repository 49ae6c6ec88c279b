package org.lcpsim.config;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the binders ask of a YAML document, field by field: every typed read of {@link MapReader}
 * and {@link Values} (its path, its type, bounds, options and default) goes to the listener of
 * the current thread, when there is one. The field catalogue that the JSON Schema and
 * {@code lcpsim explain} come from is checked against these reads (docs/validation.md, "One
 * source of truth"); without a listener a read costs one thread-local lookup.
 */
public final class ReadLog {
    private ReadLog() {
    }

    /** What a read asked for. */
    public enum Kind {
        /** Any scalar, as text. */
        STRING,
        /** Text that must be one of {@link Read#options()}. */
        CHOICE,
        /** An integer within {@link Read#min()} and {@link Read#max()}. */
        INTEGER,
        /** A number within {@link Read#min()} and {@link Read#max()}, both included. */
        NUMBER,
        /** A number above 0, at most {@link Read#max()}. */
        POSITIVE,
        /** true or false. */
        BOOLEAN,
        /** A mapping. */
        MAP,
        /** A list. */
        LIST,
        /** The raw value, read by code that looks at its shape itself. */
        NODE,
        /** Whether the field is given (or a field marked as known). */
        HAS
    }

    /**
     * One read.
     *
     * @param document the kind of document read ({@code experiment}, or {@code model} for a model file)
     * @param path the field's path, {@code $.strategy.branches}, list items as {@code [i]}
     * @param kind what was asked for
     * @param min the smallest value allowed (numbers)
     * @param max the largest value allowed (numbers)
     * @param options the values allowed ({@link Kind#CHOICE})
     * @param hasDefault whether the read says what an absent field means (reads through {@link MapReader})
     * @param defaultValue the value an absent field takes, when {@code hasDefault} (may be null: none)
     * @param required whether the read requires the field
     * @param value what the read returned, for choices and booleans (the discriminators of shapes); else null
     */
    public record Read(String document, String path, Kind kind, double min, double max, List<String> options,
                       boolean hasDefault, Object defaultValue, boolean required, String value) {
    }

    /** Receives the reads of the thread it is installed on. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called once per read.
         *
         * @param read the read
         */
        void read(Read read);
    }

    private static final ThreadLocal<Listener> LISTENER = new ThreadLocal<>();
    private static final ThreadLocal<String> DOCUMENT = ThreadLocal.withInitial(() -> "experiment");

    /**
     * Runs {@code body} with {@code listener} receiving its reads on this thread.
     *
     * @param listener receives every read
     * @param body what reads
     * @param <T> what the body returns
     * @return what the body returned
     */
    public static <T> T recording(Listener listener, Supplier<T> body) {
        Listener before = LISTENER.get();
        LISTENER.set(listener);
        try {
            return body.get();
        } finally {
            LISTENER.set(before);
        }
    }

    /**
     * Runs {@code body} as the reading of another kind of document (a model file read while
     * binding an experiment), so that its paths are not taken for the experiment's.
     *
     * @param document the kind of document, e.g. {@code model}
     * @param body what reads it
     * @param <T> what the body returns
     * @return what the body returned
     */
    public static <T> T document(String document, Supplier<T> body) {
        String before = DOCUMENT.get();
        DOCUMENT.set(document);
        try {
            return body.get();
        } finally {
            DOCUMENT.set(before);
        }
    }

    static boolean active() {
        return LISTENER.get() != null;
    }

    static void note(String path, Kind kind, double min, double max, List<String> options, boolean hasDefault,
                     Object defaultValue, boolean required, Object value) {
        Listener l = LISTENER.get();
        if (l != null) {
            l.read(new Read(DOCUMENT.get(), path, kind, min, max, options == null ? List.of() : List.copyOf(options),
                    hasDefault, defaultValue, required, value == null ? null : value.toString()));
        }
    }

    static void note(String path, Kind kind) {
        note(path, kind, Double.NaN, Double.NaN, null, false, null, false, null);
    }
}

package org.lcpsim.experiments.schema;

import java.util.List;
import java.util.Locale;

/**
 * The type of a field of the catalogue: what a value may be. Each maps to one JSON Schema
 * construct ({@link JsonSchema}) and to one read of the binders ({@code MapReader}, {@code
 * Values}), which the catalogue test compares.
 */
public sealed interface Type {
    /** The largest finite double, the bound the binders use for "no upper bound". */
    double MAX = Double.MAX_VALUE;

    /** @return a short description of the values, e.g. {@code integer, 1 to 4096} */
    String describe();

    /**
     * Text; {@code values} lists the allowed ones (empty: any), {@code pattern} a regular
     * expression the whole text must match (null: any).
     *
     * @param values the allowed values, or empty for any text
     * @param pattern a regular expression for the whole text, or null
     * @param what what the text names, for {@link #describe()} (null: "text")
     */
    record Text(List<String> values, String pattern, String what) implements Type {
        /**
         * Copies the list.
         *
         * @param values the allowed values, or empty for any text
         * @param pattern a regular expression for the whole text, or null
         * @param what what the text names, or null
         */
        public Text {
            values = List.copyOf(values);
        }

        @Override
        public String describe() {
            if (!values.isEmpty()) {
                return "one of: " + String.join(", ", values);
            }
            return what == null ? "text" : what;
        }
    }

    /**
     * An integer in {@code [min, max]}.
     *
     * @param min the smallest value
     * @param max the largest value
     */
    record Int(long min, long max) implements Type {
        @Override
        public String describe() {
            boolean lo = min != Long.MIN_VALUE;
            boolean hi = max != Long.MAX_VALUE;
            return "integer" + (lo && hi ? ", " + fmt(min) + " to " + fmt(max) : lo ? ", >= " + fmt(min) : hi ? ", <= " + fmt(max) : "");
        }
    }

    /**
     * A number in {@code [min, max]}, or {@code (min, max]} when {@code exclusiveMin}.
     *
     * @param min the smallest value (or the bound above which values lie)
     * @param max the largest value; {@link #MAX} for none
     * @param exclusiveMin whether {@code min} itself is excluded
     */
    record Num(double min, double max, boolean exclusiveMin) implements Type {
        @Override
        public String describe() {
            String lo = min == -MAX ? null : (exclusiveMin ? "> " : ">= ") + fmt(min);
            String hi = max == MAX ? null : "<= " + fmt(max);
            if (lo != null && hi != null && !exclusiveMin) {
                return "number, " + fmt(min) + " to " + fmt(max);
            }
            return "number" + (lo == null ? "" : ", " + lo) + (hi == null ? "" : (lo == null ? ", " : " and ") + hi);
        }
    }

    /** true or false. */
    record Bool() implements Type {
        @Override
        public String describe() {
            return "true or false";
        }
    }

    /**
     * A mapping of the fields of a {@link Shape}.
     *
     * @param shape the shape
     */
    record Ref(Shape shape) implements Type {
        @Override
        public String describe() {
            return "mapping (" + shape.name() + ")";
        }
    }

    /**
     * A list.
     *
     * @param item the type of each item
     * @param minItems the fewest items
     * @param maxItems the most items ({@link Integer#MAX_VALUE}: no limit)
     */
    record ListOf(Type item, int minItems, int maxItems) implements Type {
        @Override
        public String describe() {
            String n = minItems == maxItems ? " of " + minItems : minItems > 0 ? " of at least " + minItems : "";
            return "list" + n + " (each: " + item.describe() + ")";
        }
    }

    /**
     * A mapping whose keys are chosen by the user (framework names, device types, swept paths).
     *
     * @param value the type of each value
     * @param keyPattern a regular expression each key must match, or null
     * @param keys what the keys are, for {@link #describe()}
     */
    record MapOf(Type value, String keyPattern, String keys) implements Type {
        @Override
        public String describe() {
            return "mapping of " + keys + " to " + value.describe();
        }
    }

    /**
     * One of several types (a zoo name or a mapping, a number or {@code unknown}).
     *
     * @param alternatives the types, the most common first
     */
    record AnyOf(List<Type> alternatives) implements Type {
        /**
         * Copies the list.
         *
         * @param alternatives the types, the most common first
         */
        public AnyOf {
            alternatives = List.copyOf(alternatives);
        }

        @Override
        public String describe() {
            return String.join("; or ", alternatives.stream().map(Type::describe).toList());
        }
    }

    /**
     * Any value (provenance notes, the values of a sweep).
     *
     * @param what what it is, for {@link #describe()}
     */
    record Anything(String what) implements Type {
        @Override
        public String describe() {
            return what;
        }
    }

    /**
     * A number as the catalogue and its messages write it: integers without a fraction.
     *
     * @param d the number
     * @return its text
     */
    static String fmt(double d) {
        if (d == MAX) {
            return "1.7976931348623157e308";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }
}

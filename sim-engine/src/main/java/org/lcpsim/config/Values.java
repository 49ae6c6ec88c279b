package org.lcpsim.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Typed reads of single YAML values. Each records an error and returns null when the value
 * has the wrong type or range, so binding goes on and finds the next error too.
 */
public final class Values {
    private Values() {
    }

    public static String string(Node n, String path, Errors errors) {
        ReadLog.note(path, ReadLog.Kind.STRING);
        return string0(n, path, errors);
    }

    static String string0(Node n, String path, Errors errors) {
        if (n instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
            return s.text();
        }
        errors.add(n, path, "expected a string, found " + n.kindName());
        return null;
    }

    public static Long longValue(Node n, String path, Errors errors, long min, long max) {
        ReadLog.note(path, ReadLog.Kind.INTEGER, min, max, null, false, null, false, null);
        return longValue0(n, path, errors, min, max);
    }

    static Long longValue0(Node n, String path, Errors errors, long min, long max) {
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.INTEGER) {
            try {
                long v = Long.parseLong(s.text().replace("_", ""));
                if (v < min || v > max) {
                    errors.add(n, path, rangeMessage(v, min, max));
                    return null;
                }
                return v;
            } catch (NumberFormatException e) {
                errors.add(n, path, "integer out of range: " + Excerpt.of(s.text()));
                return null;
            }
        }
        errors.add(n, path, "expected an integer, found " + n.kindName() + describe(n));
        return null;
    }

    public static Integer integer(Node n, String path, Errors errors, int min, int max) {
        ReadLog.note(path, ReadLog.Kind.INTEGER, min, max, null, false, null, false, null);
        return integer0(n, path, errors, min, max);
    }

    static Integer integer0(Node n, String path, Errors errors, int min, int max) {
        Long v = longValue0(n, path, errors, min, max);
        return v == null ? null : v.intValue();
    }

    public static Double number(Node n, String path, Errors errors, double min, double max) {
        ReadLog.note(path, ReadLog.Kind.NUMBER, min, max, null, false, null, false, null);
        return number0(n, path, errors, min, max);
    }

    static Double number0(Node n, String path, Errors errors, double min, double max) {
        if (n instanceof Node.Scalar s && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.FLOAT)) {
            double v;
            try {
                v = Double.parseDouble(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                errors.add(n, path, "not a number: " + Excerpt.of(s.text()));
                return null;
            }
            if (Double.isNaN(v) || v < min || v > max) {
                errors.add(n, path, rangeMessage(v, min, max));
                return null;
            }
            return v;
        }
        errors.add(n, path, "expected a number, found " + n.kindName() + describe(n));
        return null;
    }

    /**
     * A number in (0, max]: the ranges of {@link #number} are closed, so a field that must be
     * positive reads here and says "must be > 0" rather than naming the smallest double.
     */
    public static Double positiveNumber(Node n, String path, Errors errors, double max) {
        ReadLog.note(path, ReadLog.Kind.POSITIVE, 0, max, null, false, null, false, null);
        return positiveNumber0(n, path, errors, max);
    }

    static Double positiveNumber0(Node n, String path, Errors errors, double max) {
        Double v = number0(n, path, errors, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        if (v == null) {
            return null;
        }
        if (!(v > 0)) {
            errors.add(n, path, "must be > 0, got " + fmt(v));
            return null;
        }
        if (v > max) {
            errors.add(n, path, Double.isInfinite(v) ? "must be a finite number, got " + text(n) : rangeMessage(v, 0, max));
            return null;
        }
        return v;
    }

    private static String text(Node n) {
        return n instanceof Node.Scalar s ? Excerpt.of(s.text()) : n.kindName();
    }

    public static Boolean bool(Node n, String path, Errors errors) {
        Boolean v = bool0(n, path, errors);
        ReadLog.note(path, ReadLog.Kind.BOOLEAN, Double.NaN, Double.NaN, null, false, null, false, v);
        return v;
    }

    static Boolean bool0(Node n, String path, Errors errors) {
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.BOOLEAN) {
            return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
        }
        errors.add(n, path, "expected true or false, found " + n.kindName() + describe(n));
        return null;
    }

    /** A string that must be one of {@code options}. */
    public static String choice(Node n, String path, Errors errors, Collection<String> options) {
        String v = choice0(n, path, errors, options);
        ReadLog.note(path, ReadLog.Kind.CHOICE, Double.NaN, Double.NaN, List.copyOf(options), false, null, false, v);
        return v;
    }

    static String choice0(Node n, String path, Errors errors, Collection<String> options) {
        String s = string0(n, path, errors);
        if (s != null && !options.contains(s)) {
            errors.add(n, path, "unknown value '" + Excerpt.of(s) + "'; expected one of: " + String.join(", ", options));
            return null;
        }
        return s;
    }

    private static String describe(Node n) {
        return n instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL ? " '" + Excerpt.of(s.text()) + "'" : "";
    }

    private static String rangeMessage(double v, double min, double max) {
        String value = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        if (max == Double.MAX_VALUE || max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "must be >= " + fmt(min) + ", got " + value;
        }
        return "must be between " + fmt(min) + " and " + fmt(max) + ", got " + value;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

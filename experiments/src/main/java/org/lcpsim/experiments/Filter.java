package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.lcpsim.config.Node;

/**
 * A boolean expression over named values: field paths of a design point (sweep filters), or
 * result columns (exploration constraints), e.g.
 * {@code strategy.branches <= cluster.devices.0.count and strategy.fatten < 0.5}.
 * Grammar: or-expressions of and-expressions of optional {@code not}, comparisons
 * ({@code == != < <= > >=}) of operands (numbers, 'quoted strings', field paths), parentheses.
 * A path that is absent compares as null: equal only to null, never ordered. Numbers compare as
 * numbers ({@code -0.0 == 0}); NaN is unordered, equal to nothing, not even itself.
 */
public final class Filter {
    /** How deep parentheses and {@code not}s may nest (the parser recurses once per level). */
    static final int MAX_DEPTH = 200;

    private final String text;
    private final List<String> tokens;
    private int pos;
    private int depth;
    private java.util.function.Function<String, Object> lookup;
    private boolean checking;

    private Filter(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /** Parses a filter; throws IllegalArgumentException with a readable message when malformed. */
    public static Filter parse(String text) {
        Filter f = new Filter(text);
        f.pos = 0;
        f.checking = true;
        f.or();
        f.checking = false;
        if (f.pos != f.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + f.tokens.get(f.pos) + "' in filter: " + text);
        }
        return f;
    }

    /** Evaluates over the scalar values of a YAML document (field paths). Not thread-safe. */
    public synchronized boolean test(Node document) {
        return test(path -> scalar(document, path));
    }

    /**
     * Evaluates with names resolved by {@code values}: a Double, String or Boolean, or null when
     * unknown.
     */
    public synchronized boolean test(java.util.function.Function<String, Object> values) {
        pos = 0;
        depth = 0;
        lookup = values;
        try {
            return truth(or());
        } finally {
            lookup = null;
        }
    }

    /** The names (field paths or columns) the expression reads. */
    public java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String t : tokens) {
            if (!t.startsWith("'") && !t.startsWith("\"") && !List.of("(", ")", "and", "or", "not", "==", "!=", "<", "<=", ">",
                    ">=", "true", "false").contains(t)) {
                try {
                    Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static Object scalar(Node doc, String path) {
        Node n = Node.at(doc, Arrays.asList(path.split("\\.")));
        if (!(n instanceof Node.Scalar s) || s.type() == Node.Scalar.Type.NULL) {
            return null;
        }
        return switch (s.type()) {
            case INTEGER, FLOAT -> {
                Double d = yamlNumber(s.text());
                yield d != null ? d : s.text();
            }
            case BOOLEAN -> Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
            default -> s.text();
        };
    }

    /**
     * The value of a YAML number as written ({@code 1_000}, {@code 0x1F}, {@code 0o17}, {@code .inf},
     * {@code .nan}, ...), or null when it is none Java reads.
     */
    static Double yamlNumber(String text) {
        String t = text.replace("_", "");
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case ".nan" -> {
                return Double.NaN;
            }
            case ".inf", "+.inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        try {
            boolean negative = lower.startsWith("-");
            String digits = negative || lower.startsWith("+") ? lower.substring(1) : lower;
            int radix = digits.startsWith("0x") ? 16 : digits.startsWith("0o") ? 8 : digits.startsWith("0b") ? 2 : 10;
            if (radix != 10) {
                double v = new java.math.BigInteger(digits.substring(2), radix).doubleValue();
                return negative ? -v : v;
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(' || ch == ')') {
                out.add(String.valueOf(ch));
                i++;
            } else if ("<>=!".indexOf(ch) >= 0) {
                int j = i + 1;
                if (j < s.length() && s.charAt(j) == '=') {
                    j++;
                }
                String op = s.substring(i, j);
                if (op.equals("=") || op.equals("!")) {
                    throw new IllegalArgumentException("unknown operator '" + op + "' in filter: " + s + " (use == or !=)");
                }
                out.add(op);
                i = j;
            } else if (ch == '\'' || ch == '"') {
                int j = s.indexOf(ch, i + 1);
                if (j < 0) {
                    throw new IllegalArgumentException("unterminated string in filter: " + s);
                }
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()<>=!'\"".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException("filter ends too early: " + text);
        }
        return tokens.get(pos++);
    }

    // while checking (at parse time) the methods only walk the syntax

    private Object or() {
        Object v = and();
        while ("or".equals(peek())) {
            next();
            Object r = and();
            v = checking ? null : (Object) (truth(v) || truth(r));
        }
        return v;
    }

    private Object and() {
        Object v = not();
        while ("and".equals(peek())) {
            next();
            Object r = not();
            v = checking ? null : (Object) (truth(v) && truth(r));
        }
        return v;
    }

    private Object not() {
        if ("not".equals(peek())) {
            next();
            enter();
            Object v = not();
            depth--;
            return checking ? null : (Object) !truth(v);
        }
        return comparison();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("filter nests parentheses or 'not' more than " + MAX_DEPTH + " deep: "
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
    }

    private Object comparison() {
        Object left = operand();
        String op = peek();
        if (op != null && List.of("==", "!=", "<", "<=", ">", ">=").contains(op)) {
            next();
            Object right = operand();
            return checking ? null : (Object) compare(left, op, right);
        }
        return left;
    }

    private Object operand() {
        String t = next();
        if (t.equals("(")) {
            enter();
            Object v = or();
            if (!")".equals(next())) {
                throw new IllegalArgumentException("missing ')' in filter: " + text);
            }
            depth--;
            return v;
        }
        if (t.equals(")") || List.of("and", "or", "not", "==", "!=", "<", "<=", ">", ">=").contains(t)) {
            throw new IllegalArgumentException("unexpected '" + t + "' in filter: " + text);
        }
        if (t.startsWith("'") || t.startsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            // a field path
        }
        return checking ? null : lookup.apply(t);
    }

    private static boolean compare(Object a, String op, Object b) {
        if (a == null || b == null) {
            return switch (op) {
                case "==" -> a == b;
                case "!=" -> a != b;
                default -> false;
            };
        }
        if (a instanceof Double x && b instanceof Double y) {
            // primitive comparisons: -0.0 equals 0.0 and NaN is unordered (Double.compare orders both)
            double u = x;
            double v = y;
            return switch (op) {
                case "==" -> u == v;
                case "!=" -> u != v;
                case "<" -> u < v;
                case "<=" -> u <= v;
                case ">" -> u > v;
                default -> u >= v;
            };
        }
        if (a instanceof Double || b instanceof Double) {
            return op.equals("!=");
        }
        int cmp = a.toString().compareTo(b.toString());
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private static boolean truth(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        return v != null;
    }
}

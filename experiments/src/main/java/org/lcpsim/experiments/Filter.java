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
 * ({@code == != < <= > >=}) of operands (numbers, 'quoted strings', field paths), parentheses;
 * numbers add and subtract ({@code a + b - 1}, the operator between spaces), before they compare
 * ({@code strategy.replicas.0 + strategy.replicas.1 <= cluster.devices.0.count}). A sum of
 * anything but numbers (text, true/false, a field that is absent) is null.
 * A path that is absent compares as null: equal only to null, never ordered. Numbers compare as
 * numbers ({@code -0.0 == 0}); NaN is unordered, equal to nothing, not even itself.
 */
public final class Filter {
    /** How deep parentheses and {@code not}s may nest (the parser recurses once per level). */
    static final int MAX_DEPTH = 200;

    /** What a value is, for the checks of {@link #typeProblems}: a number, text, or true/false. */
    public enum Kind {
        NUMBER("a number"), TEXT("text"), BOOLEAN("true/false");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String describe() {
            return description;
        }
    }

    /** A name the expression reads, with the offset of its first character in the text. */
    public record NameRef(String name, int offset) {
    }

    /** A problem found by {@link #typeProblems}, at the offset of the token it concerns. */
    public record Problem(int offset, String message) {
    }

    /** The parsed expression: evaluation walks it, so a filter is immutable and thread-safe. */
    private sealed interface Expr permits Or, And, Not, Comparison, Sum, Literal, Name, Slot {
        int offset();
    }

    private record Or(List<Expr> terms, int offset) implements Expr {
    }

    private record And(List<Expr> terms, int offset) implements Expr {
    }

    private record Not(Expr operand, int offset) implements Expr {
    }

    private record Comparison(Expr left, String op, Expr right, int offset) implements Expr {
    }

    /** {@code terms[0] ops[0] terms[1] ...} with each op {@code +} or {@code -}. */
    private record Sum(List<Expr> terms, List<String> ops, int offset) implements Expr {
    }

    private record Literal(Object value, String token, int offset) implements Expr {
    }

    private record Name(String path, int offset) implements Expr {
    }

    /** A name resolved to an index into the values of {@link Compiled#test(Object[])}. */
    private record Slot(int index, int offset) implements Expr {
    }

    /** The filter with its names resolved to indices: evaluating it looks nothing up by name. */
    public static final class Compiled {
        private final Expr root;

        private Compiled(Expr root) {
            this.root = root;
        }

        /** Evaluates with the value of the name compiled to slot i in {@code values[i]} (Double, String, Boolean or null). */
        public boolean test(Object[] values) {
            return truth(eval(root, null, values));
        }
    }

    /** This filter with every name replaced by the slot {@code slots} gives it. */
    public Compiled compile(java.util.function.ToIntFunction<String> slots) {
        return new Compiled(resolve(root, slots));
    }

    private static Expr resolve(Expr e, java.util.function.ToIntFunction<String> slots) {
        if (e instanceof Or o) {
            return new Or(o.terms().stream().map(t -> resolve(t, slots)).toList(), o.offset());
        }
        if (e instanceof And a) {
            return new And(a.terms().stream().map(t -> resolve(t, slots)).toList(), a.offset());
        }
        if (e instanceof Not n) {
            return new Not(resolve(n.operand(), slots), n.offset());
        }
        if (e instanceof Comparison c) {
            return new Comparison(resolve(c.left(), slots), c.op(), resolve(c.right(), slots), c.offset());
        }
        if (e instanceof Sum sum) {
            return new Sum(sum.terms().stream().map(t -> resolve(t, slots)).toList(), sum.ops(), sum.offset());
        }
        if (e instanceof Name n) {
            return new Slot(slots.applyAsInt(n.path()), n.offset());
        }
        return e;
    }

    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> offsets = new ArrayList<>();
    private final Expr root;
    // parser state, used only while parsing
    private int pos;
    private int depth;

    private Filter(String text) {
        this.text = text;
        tokenize(text);
        this.root = or();
        if (pos != tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + tokens.get(pos) + "' in filter: " + text);
        }
    }

    private Filter(String text, Expr root) {
        this.text = text;
        this.root = root;
    }

    /**
     * The conditions that must all hold for this one to: the operands of a top-level {@code and}
     * (each read alone, so that a sweep filters each on the few axes it reads), else this filter.
     */
    public List<Filter> conjuncts() {
        if (root instanceof And a) {
            List<Filter> out = new ArrayList<>();
            for (Expr t : a.terms()) {
                out.add(new Filter(text, t));
            }
            return out;
        }
        return List.of(this);
    }

    /** Parses a filter; throws IllegalArgumentException with a readable message when malformed. */
    public static Filter parse(String text) {
        return new Filter(text);
    }

    /** Evaluates over the scalar values of a YAML document (field paths). Thread-safe. */
    public boolean test(Node document) {
        return test(path -> scalar(document, path));
    }

    /**
     * Evaluates with names resolved by {@code values}: a Double, String or Boolean, or null when
     * unknown. Thread-safe.
     */
    public boolean test(java.util.function.Function<String, Object> values) {
        return truth(eval(root, values, null));
    }

    /**
     * A bound on one name, {@code NAME OP NUMBER} with OP one of {@code < <= > >=} (written either
     * way round: {@code 3 >= x} is {@code x <= 3}).
     */
    public record Bound(String name, String op, double value) {
        /** How far {@code v} is inside the bound, in the name's units: positive when it holds with room, negative when not. */
        public double slack(double v) {
            return op.startsWith("<") ? value - v : v - value;
        }
    }

    /** This filter as a {@link Bound}, or null when it is anything else (an equality, an and, a comparison of two names). */
    public Bound bound() {
        if (!(root instanceof Comparison c) || !List.of("<", "<=", ">", ">=").contains(c.op())) {
            return null;
        }
        if (c.left() instanceof Name n && c.right() instanceof Literal l && l.value() instanceof Double d) {
            return new Bound(n.path(), c.op(), d);
        }
        if (c.right() instanceof Name n && c.left() instanceof Literal l && l.value() instanceof Double d) {
            String flipped = c.op().startsWith("<") ? c.op().replace('<', '>') : c.op().replace('>', '<');
            return new Bound(n.path(), flipped, d);
        }
        return null;
    }

    /** The names (field paths or columns) the expression reads. */
    public java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (NameRef r : nameRefs()) {
            out.add(r.name());
        }
        return out;
    }

    /** Every occurrence of a name in the expression, in text order. */
    public List<NameRef> nameRefs() {
        List<NameRef> out = new ArrayList<>();
        collectNames(root, out);
        out.sort(java.util.Comparator.comparingInt(NameRef::offset));
        return out;
    }

    private static void collectNames(Expr e, List<NameRef> out) {
        if (e instanceof Or o) {
            o.terms().forEach(t -> collectNames(t, out));
        } else if (e instanceof And a) {
            a.terms().forEach(t -> collectNames(t, out));
        } else if (e instanceof Not n) {
            collectNames(n.operand(), out);
        } else if (e instanceof Comparison c) {
            collectNames(c.left(), out);
            collectNames(c.right(), out);
        } else if (e instanceof Sum sum) {
            sum.terms().forEach(t -> collectNames(t, out));
        } else if (e instanceof Name n) {
            out.add(new NameRef(n.path(), n.offset()));
        }
    }

    /**
     * What is wrong with this expression as a condition over fields whose values are of the
     * kinds {@code kinds} gives (an empty set when a name's kinds are not known, which is never
     * wrong): the whole expression and every operand of and, or, not must be a condition (a
     * comparison, or a field of true/false values); the two sides of a comparison must be able
     * to hold the same kind of value (text against a number compares equal never and ordered
     * never). Empty when it is fine.
     */
    public List<Problem> typeProblems(java.util.function.Function<String, java.util.Set<Kind>> kinds) {
        List<Problem> out = new ArrayList<>();
        requireCondition(root, kinds, out);
        return out;
    }

    private void requireCondition(Expr e, java.util.function.Function<String, java.util.Set<Kind>> kinds, List<Problem> out) {
        if (e instanceof Or o) {
            o.terms().forEach(t -> requireCondition(t, kinds, out));
        } else if (e instanceof And a) {
            a.terms().forEach(t -> requireCondition(t, kinds, out));
        } else if (e instanceof Not n) {
            requireCondition(n.operand(), kinds, out);
        } else if (e instanceof Comparison c) {
            checkComparison(c, kinds, out);
        } else if (e instanceof Sum sum) {
            kindsOf(sum, kinds, out);
            out.add(new Problem(sum.offset(), "expected a condition such as 'strategy.replicas.0 + strategy.replicas.1 <= 8',"
                    + " not a sum alone"));
        } else if (e instanceof Name n) {
            java.util.Set<Kind> k = kinds.apply(n.path());
            if (!k.isEmpty() && !k.contains(Kind.BOOLEAN)) {
                out.add(new Problem(n.offset(), "expected a condition such as '" + n.path() + " == ...', not the field '"
                        + n.path() + "' alone (" + describe(k) + ")"));
            }
        } else if (e instanceof Literal l) {
            out.add(new Problem(l.offset(), "expected a condition such as 'strategy.branches <= 4', not "
                    + describe(kindOf(l)) + " (" + l.token() + ")"));
        }
    }

    private void checkComparison(Comparison c, java.util.function.Function<String, java.util.Set<Kind>> kinds,
                                 List<Problem> out) {
        java.util.Set<Kind> left = kindsOf(c.left(), kinds, out);
        java.util.Set<Kind> right = kindsOf(c.right(), kinds, out);
        if (left.isEmpty() || right.isEmpty()) {
            return;
        }
        java.util.Set<Kind> both = java.util.EnumSet.copyOf(left);
        both.retainAll(right);
        if (both.isEmpty()) {
            out.add(new Problem(c.left().offset(), "'" + c.op() + "' compares " + operand(c.left(), left) + " with "
                    + operand(c.right(), right) + ": " + (c.op().equals("!=") ? "it always holds" : "it never holds")));
        }
    }

    /** The kinds of a comparison's operand; checks a parenthesized condition in it. */
    private java.util.Set<Kind> kindsOf(Expr e, java.util.function.Function<String, java.util.Set<Kind>> kinds,
                                        List<Problem> out) {
        if (e instanceof Name n) {
            return kinds.apply(n.path());
        }
        if (e instanceof Literal l) {
            return kindOf(l);
        }
        if (e instanceof Sum sum) {
            for (int i = 0; i < sum.terms().size(); i++) {
                Expr t = sum.terms().get(i);
                java.util.Set<Kind> k = kindsOf(t, kinds, out);
                if (!k.isEmpty() && !k.contains(Kind.NUMBER)) {
                    String op = i == 0 ? sum.ops().get(0) : sum.ops().get(i - 1);
                    out.add(new Problem(t.offset(), "'" + op + "' " + (op.equals("+") ? "adds" : "subtracts")
                            + " numbers, not " + operand(t, k)));
                }
            }
            return java.util.EnumSet.of(Kind.NUMBER);
        }
        requireCondition(e, kinds, out);
        return java.util.EnumSet.of(Kind.BOOLEAN);
    }

    private static java.util.Set<Kind> kindOf(Literal l) {
        return java.util.EnumSet.of(l.value() instanceof Double ? Kind.NUMBER : l.value() instanceof Boolean ? Kind.BOOLEAN
                : Kind.TEXT);
    }

    private static String operand(Expr e, java.util.Set<Kind> kinds) {
        if (e instanceof Name n) {
            return "the field '" + n.path() + "' (" + describe(kinds) + ")";
        }
        if (e instanceof Literal l) {
            return describe(kinds) + " (" + l.token() + ")";
        }
        if (e instanceof Sum) {
            return "a sum (a number)";
        }
        return "a condition";
    }

    private static String describe(java.util.Set<Kind> kinds) {
        List<String> parts = new ArrayList<>();
        for (Kind k : kinds) {
            parts.add(k.describe());
        }
        return String.join(" or ", parts);
    }

    /** The kind of value a scalar gives a filter (as {@link #test(Node)} reads it); null for a YAML null. */
    static Kind kindOf(Node.Scalar s) {
        return switch (s.type()) {
            case NULL -> null;
            case INTEGER, FLOAT -> yamlNumber(s.text()) != null ? Kind.NUMBER : Kind.TEXT;
            case BOOLEAN -> Kind.BOOLEAN;
            case STRING -> Kind.TEXT;
        };
    }

    private static Object scalar(Node doc, String path) {
        return valueOf(Node.at(doc, Arrays.asList(path.split("\\."))));
    }

    /** What a filter reads from a node: a Double, String or Boolean for a scalar; null for anything else or none. */
    static Object valueOf(Node n) {
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

    private void tokenize(String s) {
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(' || ch == ')') {
                add(String.valueOf(ch), i);
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
                add(op, i);
                i = j;
            } else if (ch == '\'' || ch == '"') {
                int j = s.indexOf(ch, i + 1);
                if (j < 0) {
                    throw new IllegalArgumentException("unterminated string in filter: " + s);
                }
                add(s.substring(i, j + 1), i);
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()<>=!'\"".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                add(s.substring(i, j), i);
                i = j;
            }
        }
    }

    private void add(String token, int offset) {
        tokens.add(token);
        offsets.add(offset);
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

    /** The offset of the next token (the end of the text when there is none). */
    private int here() {
        return pos < offsets.size() ? offsets.get(pos) : text.length();
    }

    private Expr or() {
        int at = here();
        List<Expr> terms = new ArrayList<>();
        terms.add(and());
        while ("or".equals(peek())) {
            next();
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new Or(List.copyOf(terms), at);
    }

    private Expr and() {
        int at = here();
        List<Expr> terms = new ArrayList<>();
        terms.add(not());
        while ("and".equals(peek())) {
            next();
            terms.add(not());
        }
        return terms.size() == 1 ? terms.get(0) : new And(List.copyOf(terms), at);
    }

    private Expr not() {
        if ("not".equals(peek())) {
            int at = here();
            next();
            enter();
            Expr v = not();
            depth--;
            return new Not(v, at);
        }
        return comparison();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("filter nests parentheses or 'not' more than " + MAX_DEPTH + " deep: "
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
    }

    private Expr comparison() {
        int at = here();
        Expr left = sum();
        String op = peek();
        if (op != null && List.of("==", "!=", "<", "<=", ">", ">=").contains(op)) {
            next();
            Expr right = sum();
            return new Comparison(left, op, right, at);
        }
        return left;
    }

    /** Operands joined by {@code +} and {@code -} (tokens of their own: the operator between spaces). */
    private Expr sum() {
        int at = here();
        Expr first = operand();
        if (!"+".equals(peek()) && !"-".equals(peek())) {
            return first;
        }
        List<Expr> terms = new ArrayList<>(List.of(first));
        List<String> ops = new ArrayList<>();
        while ("+".equals(peek()) || "-".equals(peek())) {
            ops.add(next());
            terms.add(operand());
        }
        return new Sum(List.copyOf(terms), List.copyOf(ops), at);
    }

    private Expr operand() {
        int at = here();
        String t = next();
        if (t.equals("(")) {
            enter();
            Expr v = or();
            if (!")".equals(next())) {
                throw new IllegalArgumentException("missing ')' in filter: " + text);
            }
            depth--;
            return v;
        }
        if (t.equals(")") || List.of("and", "or", "not", "==", "!=", "<", "<=", ">", ">=", "+", "-").contains(t)) {
            throw new IllegalArgumentException("unexpected '" + t + "' in filter: " + text);
        }
        if (t.startsWith("'") || t.startsWith("\"")) {
            return new Literal(t.substring(1, t.length() - 1), t, at);
        }
        if (t.equals("true") || t.equals("false")) {
            return new Literal(Boolean.parseBoolean(t), t, at);
        }
        try {
            return new Literal(Double.parseDouble(t), t, at);
        } catch (NumberFormatException e) {
            // a field path
        }
        return new Name(t, at);
    }

    /**
     * The value of an expression: a single operand gives its value (a number, text, true/false
     * or null), and, or, not and comparisons give true or false.
     */
    private static Object eval(Expr e, java.util.function.Function<String, Object> values, Object[] slots) {
        if (e instanceof Comparison c) {
            return compare(eval(c.left(), values, slots), c.op(), eval(c.right(), values, slots));
        }
        if (e instanceof Slot s) {
            return slots[s.index()];
        }
        if (e instanceof Sum sum) {
            Object first = eval(sum.terms().get(0), values, slots);
            if (!(first instanceof Double d)) {
                return null;
            }
            double total = d;
            for (int i = 1; i < sum.terms().size(); i++) {
                Object v = eval(sum.terms().get(i), values, slots);
                if (!(v instanceof Double x)) {
                    return null;
                }
                total = sum.ops().get(i - 1).equals("+") ? total + x : total - x;
            }
            return total;
        }
        if (e instanceof Name n) {
            return values.apply(n.path());
        }
        if (e instanceof Literal l) {
            return l.value();
        }
        if (e instanceof Not n) {
            return !truth(eval(n.operand(), values, slots));
        }
        if (e instanceof And a) {
            for (Expr t : a.terms()) {
                if (!truth(eval(t, values, slots))) {
                    return false;
                }
            }
            return true;
        }
        for (Expr t : ((Or) e).terms()) {
            if (truth(eval(t, values, slots))) {
                return true;
            }
        }
        return false;
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

package org.lcpsim.experiments.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.lcpsim.config.ReadLog;

/**
 * Listens to the binders' reads ({@link ReadLog}) and checks each against the catalogue: the
 * field must be there, with the same type, bounds, allowed values and default, and a field the
 * binder requires must not be optional. It also notes which fields of the catalogue were read,
 * so that a test can ask that every one was (the catalogue describes nothing the binders ignore).
 */
final class CatalogueChecker implements ReadLog.Listener {
    /** A place of the catalogue a read's path leads to. */
    private record Match(Type type, Field field, Shape owner, String variant, boolean item) {
    }

    private final Map<String, Shape> roots;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final Set<String> covered = new java.util.HashSet<>();
    private String source = "?";
    /** The deepest shape a path that fits nowhere reached: where its field is to be added. */
    private Shape lostIn;
    private String lostVariant;
    private int lostAt;

    CatalogueChecker(Map<String, Shape> roots) {
        this.roots = roots;
    }

    /** The file whose reads come next (for messages). */
    void source(String name) {
        source = name;
        values.clear();
    }

    List<String> problems() {
        return new ArrayList<>(problems.values());
    }

    @Override
    public void read(ReadLog.Read r) {
        if (r.value() != null) {
            values.put(r.document() + "|" + r.path(), r.value());
        }
        Shape root = roots.get(r.document());
        if (root == null) {
            return;
        }
        List<String> segs = segments(r.path());
        lostIn = null;
        lostAt = -1;
        List<Match> matches = new ArrayList<>();
        resolveShape(root, r.document(), "$", segs, 0, matches);
        String key = r.document() + "|" + normalized(r.path()) + "|" + r.kind();
        if (matches.isEmpty()) {
            problems.putIfAbsent(key, missing(r, segs));
            return;
        }
        List<String> why = new ArrayList<>();
        for (Match m : matches) {
            String mismatch = compare(r, m);
            if (mismatch == null) {
                if (m.field() != null && !m.item()) {
                    covered.add(coverKey(m.owner(), m.variant(), m.field().name()));
                }
                return;
            }
            why.add("the catalogue (shape '" + m.owner().name() + "'" + (m.variant() == null ? "" : ", variant '"
                    + m.variant() + "'") + ") " + mismatch);
        }
        problems.putIfAbsent(key, r.document() + " file " + source + ": " + normalized(r.path()) + ": the binder reads "
                + describe(r) + "; " + String.join("; or ", why) + ": make them agree (in ExperimentCatalogue, or in the"
                + " binder)");
    }

    /** Every field of the shapes reachable from the roots that no read reached. */
    List<String> unread() {
        List<String> out = new ArrayList<>();
        Map<Shape, Boolean> seen = new IdentityHashMap<>();
        for (Shape root : roots.values()) {
            walk(root, seen, out);
        }
        return out;
    }

    private void walk(Shape s, Map<Shape, Boolean> seen, List<String> out) {
        if (seen.put(s, true) != null) {
            return;
        }
        for (Field f : s.fields().values()) {
            if (!covered.contains(coverKey(s, null, f.name()))) {
                out.add("shape '" + s.name() + "': field " + f.name());
            }
            types(f.type(), seen, out);
        }
        for (Shape.Variant v : s.variants().values()) {
            for (Field f : v.fields().values()) {
                if (!covered.contains(coverKey(s, v.name(), f.name()))) {
                    out.add("shape '" + s.name() + "', variant '" + v.name() + "': field " + f.name());
                }
                types(f.type(), seen, out);
            }
        }
        if (s.keys() != null) {
            types(s.keys().type(), seen, out);
        }
    }

    private void types(Type t, Map<Shape, Boolean> seen, List<String> out) {
        if (t instanceof Type.Ref r) {
            walk(r.shape(), seen, out);
        } else if (t instanceof Type.ListOf l) {
            types(l.item(), seen, out);
        } else if (t instanceof Type.MapOf m) {
            types(m.value(), seen, out);
        } else if (t instanceof Type.AnyOf a) {
            for (Type x : a.alternatives()) {
                types(x, seen, out);
            }
        }
    }

    private static String coverKey(Shape s, String variant, String field) {
        return System.identityHashCode(s) + "|" + variant + "|" + field;
    }

    // ---- resolving a path ----

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        String p = path.startsWith("$") ? path.substring(1) : path;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
                    j++;
                }
                out.add(p.substring(i + 1, j));
                i = j;
            } else if (c == '[') {
                int j = p.indexOf(']', i);
                out.add(p.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
                    j++;
                }
                out.add(p.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private static boolean index(String seg) {
        return seg.startsWith("[");
    }

    static String normalized(String path) {
        return path.replaceAll("\\[\\d+]", "[]");
    }

    private void resolveShape(Shape s, String doc, String path, List<String> segs, int i, List<Match> out) {
        if (i == segs.size()) {
            out.add(new Match(new Type.Ref(s), null, s, null, false));
            return;
        }
        String seg = segs.get(i);
        if (index(seg)) {
            return;
        }
        int before = out.size();
        Field f = s.fields().get(seg);
        if (f != null) {
            resolveType(f.type(), f, s, null, doc, path + "." + seg, segs, i + 1, false, out);
        }
        String variant = null;
        if (s.discriminator() != null) {
            variant = values.get(doc + "|" + path + "." + s.discriminator());
            for (Shape.Variant v : s.variants().values()) {
                if (variant != null && !variant.equals(v.name())) {
                    continue;
                }
                Field vf = v.fields().get(seg);
                if (vf != null) {
                    resolveType(vf.type(), vf, s, v.name(), doc, path + "." + seg, segs, i + 1, false, out);
                }
            }
        }
        if (s.keys() != null) {
            for (int k = i + 1; k <= segs.size(); k++) {
                List<String> part = segs.subList(i, k);
                if (part.stream().anyMatch(CatalogueChecker::index)) {
                    break;
                }
                String key = String.join(".", part);
                if (s.keyPattern() == null || Pattern.compile(s.keyPattern()).matcher(key).find()) {
                    resolveType(s.keys().type(), null, s, null, doc, path + "." + key, segs, k, false, out);
                }
            }
        }
        if (out.size() == before && i > lostAt) {
            lostIn = s;
            lostVariant = variant;
            lostAt = i;
        }
    }

    private void resolveType(Type t, Field f, Shape owner, String variant, String doc, String path, List<String> segs, int i,
                             boolean item, List<Match> out) {
        if (i == segs.size()) {
            out.add(new Match(t, f, owner, variant, item));
            return;
        }
        String seg = segs.get(i);
        if (t instanceof Type.Ref r) {
            resolveShape(r.shape(), doc, path, segs, i, out);
        } else if (t instanceof Type.ListOf l) {
            if (index(seg)) {
                resolveType(l.item(), f, owner, variant, doc, path + seg, segs, i + 1, true, out);
            }
        } else if (t instanceof Type.MapOf m) {
            for (int k = i + 1; k <= segs.size(); k++) {
                List<String> part = segs.subList(i, k);
                if (part.stream().anyMatch(CatalogueChecker::index)) {
                    break;
                }
                String key = String.join(".", part);
                if (m.keyPattern() == null || Pattern.compile(m.keyPattern()).matcher(key).find()) {
                    resolveType(m.value(), f, owner, variant, doc, path + "." + key, segs, k, true, out);
                }
            }
        } else if (t instanceof Type.AnyOf a) {
            for (Type x : a.alternatives()) {
                resolveType(x, f, owner, variant, doc, path, segs, i, item, out);
            }
        }
    }

    // ---- comparing ----

    /** Null when the read agrees with the match; else what the catalogue says instead. */
    private static String compare(ReadLog.Read r, Match m) {
        String type = compareType(r, m.type());
        if (type != null) {
            return type;
        }
        Field f = m.field();
        if (f == null || m.item() || r.kind() == ReadLog.Kind.HAS || r.kind() == ReadLog.Kind.NODE) {
            return null;
        }
        if (r.required() && f.presence() == Field.Presence.OPTIONAL) {
            return "says the field is optional, the binder requires it (.required(), or .requiredWhen(\"...\"))";
        }
        boolean scalar = r.kind() != ReadLog.Kind.MAP && r.kind() != ReadLog.Kind.LIST;
        if (scalar && r.hasDefault() && !(f.defaultValue() instanceof Field.Derived)) {
            Object a = r.defaultValue();
            Object b = f.defaultValue();
            boolean same = a == null ? b == null : b != null && (a instanceof Number x && b instanceof Number y
                    ? x.doubleValue() == y.doubleValue() : a.toString().equals(b.toString()));
            if (!same) {
                return "gives the default " + (b == null ? "none" : b) + ", the binder " + (a == null ? "none" : a)
                        + " (.def(...), or .derived(\"...\") for a default that depends on other fields)";
            }
        }
        return null;
    }

    private static String compareType(ReadLog.Read r, Type t) {
        if (t instanceof Type.AnyOf a) {
            String first = null;
            for (Type x : a.alternatives()) {
                String c = compareType(r, x);
                if (c == null) {
                    return null;
                }
                first = first == null ? c : first;
            }
            return first;
        }
        switch (r.kind()) {
            case HAS, NODE:
                return null;
            case MAP:
                return t instanceof Type.Ref || t instanceof Type.MapOf ? null : "has " + t.describe() + ", not a mapping";
            case LIST:
                return t instanceof Type.ListOf ? null : "has " + t.describe() + ", not a list";
            default:
                break;
        }
        if (t instanceof Type.ListOf l) {
            // items read with the list's own path (cuts, constraints, a link's between)
            return compareType(r, l.item());
        }
        switch (r.kind()) {
            case STRING:
                return t instanceof Type.Text ? null : "has " + t.describe();
            case CHOICE:
                if (t instanceof Type.Text x && Set.copyOf(x.values()).equals(Set.copyOf(r.options()))) {
                    return null;
                }
                return "has " + t.describe();
            case INTEGER:
                if (t instanceof Type.Int x && (double) x.min() == r.min() && (double) x.max() == r.max()) {
                    return null;
                }
                return "has " + t.describe();
            case NUMBER:
                if (t instanceof Type.Num x && !x.exclusiveMin() && x.min() == r.min() && x.max() == r.max()) {
                    return null;
                }
                return "has " + t.describe();
            case POSITIVE:
                if (t instanceof Type.Num x && x.exclusiveMin() && x.min() == 0 && x.max() == r.max()) {
                    return null;
                }
                return "has " + t.describe();
            case BOOLEAN:
                return t instanceof Type.Bool ? null : "has " + t.describe();
            default:
                return "has " + t.describe();
        }
    }

    // ---- messages ----

    static String describe(ReadLog.Read r) {
        String s = switch (r.kind()) {
            case STRING -> "text";
            case CHOICE -> "one of " + String.join(", ", r.options());
            case INTEGER -> new Type.Int((long) r.min(), (long) r.max()).describe();
            case NUMBER -> new Type.Num(r.min(), r.max(), false).describe();
            case POSITIVE -> new Type.Num(0, r.max(), true).describe();
            case BOOLEAN -> "true or false";
            case MAP -> "a mapping";
            case LIST -> "a list";
            case NODE -> "a value";
            case HAS -> "a field";
        };
        if (r.required()) {
            s += ", required";
        } else if (r.hasDefault() && r.defaultValue() != null) {
            s += ", default " + r.defaultValue();
        }
        return s;
    }

    /** The catalogue line that would describe what was read. */
    static String suggestion(ReadLog.Read r, String name) {
        String t = switch (r.kind()) {
            case STRING -> "text()";
            case CHOICE -> "choice(" + String.join(", ", r.options().stream().map(o -> "\"" + o + "\"").toList()) + ")";
            case INTEGER -> "integer(" + lng(r.min()) + ", " + lng(r.max()) + ")";
            case NUMBER -> "number(" + num(r.min()) + ", " + num(r.max()) + ")";
            case POSITIVE -> "positive(" + num(r.max()) + ")";
            case BOOLEAN -> "bool()";
            case MAP -> "ref(shape(\"NAME\", \"...\").fields(...))";
            case LIST -> "list(...)";
            case NODE, HAS -> "TYPE";
        };
        StringBuilder b = new StringBuilder("field(\"" + name + "\", " + t + ")");
        if (r.required()) {
            b.append(".required()");
        } else if (r.hasDefault() && r.defaultValue() != null) {
            Object d = r.defaultValue();
            b.append(".def(").append(d instanceof String ? "\"" + d + "\"" : d instanceof Double ? num((Double) d) : d)
                    .append(")");
        }
        return b.append(".unit(\"...\").doc(\"...\")").toString();
    }

    private static String lng(double d) {
        if (d <= Long.MIN_VALUE) {
            return "Long.MIN_VALUE";
        }
        if (d >= Long.MAX_VALUE) {
            return "Long.MAX_VALUE";
        }
        if (d == Integer.MAX_VALUE) {
            return "IMAX";
        }
        return Long.toString((long) d) + (Math.abs(d) > Integer.MAX_VALUE ? "L" : "");
    }

    private static String num(double d) {
        if (d == Double.MAX_VALUE) {
            return "MAX";
        }
        if (d == -Double.MAX_VALUE) {
            return "-MAX";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d).toLowerCase(Locale.ROOT);
    }

    private String missing(ReadLog.Read r, List<String> segs) {
        String where;
        String line;
        if (lostIn != null && lostAt >= 0) {
            String rest = String.join(".", segs.subList(lostAt, segs.size()));
            where = "shape '" + lostIn.name() + "'" + (lostIn.discriminator() == null || lostVariant == null ? ""
                    : ", variant '" + lostVariant + "' (or its fixed fields, if every " + lostIn.discriminator() + " has it)");
            line = suggestion(r, rest.contains(".") || rest.contains("[") ? segs.get(lostAt) : rest);
        } else {
            where = "its shape";
            line = suggestion(r, segs.get(segs.size() - 1));
        }
        return r.document() + " file " + source + ": " + normalized(r.path()) + " (read as " + describe(r) + ") is not in"
                + " the catalogue: add it to ExperimentCatalogue, " + where + ": " + line;
    }
}

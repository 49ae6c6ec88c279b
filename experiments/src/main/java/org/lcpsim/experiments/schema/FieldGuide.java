package org.lcpsim.experiments.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.lcpsim.config.EditDistance;

/**
 * Finds and describes the fields of a file format by their path ({@code strategy.branches},
 * {@code cluster.devices.0.count}, {@code $.workload.arrival.fps}): what {@code lcpsim explain}
 * prints, read from the {@link ExperimentCatalogue} that the JSON Schemas are generated from.
 *
 * <p>A path names fields from the document's root, separated by dots. List indices
 * ({@code devices.0}, {@code devices[0]}) may be given or left out; a key the user chooses (a
 * framework's name, a swept path) is any text, or {@code NAME} as {@link #paths()} writes it. A
 * field that exists in several variants ({@code cv} of every distribution) is described once per
 * variant.
 */
public final class FieldGuide {
    /** What {@link #paths()} writes for a key the user chooses (a framework's name, a station's). */
    public static final String KEY = "NAME";

    /**
     * A field found at a path.
     *
     * @param path the path, as {@link #paths()} writes it
     * @param owner the mapping the field belongs to
     * @param variant the discriminator's value that brings the field ({@code lcp} for {@code branches}), or null
     *                when every variant has it
     * @param field the field
     */
    public record Match(String path, Shape owner, String variant, Field field) {
    }

    /** No field at a path: the message names the first segment that is not a field, and the closest name. */
    public static final class UnknownFieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The closest field's path, or null. */
        private final String suggestion;

        UnknownFieldException(String message, String suggestion) {
            super(message);
            this.suggestion = suggestion;
        }

        /** @return the closest field's path, or null when no field is close */
        public String suggestion() {
            return suggestion;
        }
    }

    private final Shape root;
    private final String document;

    /**
     * A guide to the fields under {@code root}.
     *
     * @param root the document's shape ({@link ExperimentCatalogue#experiment()}, ...)
     * @param document what the document is, for messages ({@code the experiment file})
     */
    public FieldGuide(Shape root, String document) {
        this.root = root;
        this.document = document;
    }

    /** @return the guide to the experiment file */
    public static FieldGuide experiment() {
        return new FieldGuide(ExperimentCatalogue.experiment(), "the experiment file");
    }

    /** @return the guide to the model file */
    public static FieldGuide modelFile() {
        return new FieldGuide(ExperimentCatalogue.modelFile(), "the model file");
    }

    /** @return the guide to the device file */
    public static FieldGuide deviceFile() {
        return new FieldGuide(ExperimentCatalogue.deviceFile(), "the device file");
    }

    /** @return the document's shape */
    public Shape root() {
        return root;
    }

    /** A position while a path is followed: a type still to enter, and the path that led to it. */
    private record At(Type type, String path) {
    }

    /**
     * The fields at {@code path}.
     *
     * @param path a field path; {@code $.} and {@code [i]} as validation messages write them are accepted
     * @return the fields found, at least one (one per variant that has the field)
     * @throws UnknownFieldException when no field has that path; its message suggests the closest one
     */
    public List<Match> find(String path) {
        List<String> segments = segments(path);
        List<At> here = List.of(new At(new Type.Ref(root), ""));
        List<Match> found = List.of();
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            List<At> next = new ArrayList<>();
            List<Match> matches = new ArrayList<>();
            boolean consumedRest = false;
            for (At at : here) {
                for (Step step : step(at, seg, segments.subList(i, segments.size()))) {
                    next.add(step.at());
                    if (step.match() != null) {
                        matches.add(step.match());
                    }
                    consumedRest |= step.rest();
                }
            }
            if (next.isEmpty()) {
                throw unknown(path, segments, i, here);
            }
            here = dedupe(next);
            if (!matches.isEmpty() || i == 0) {
                found = matches; // a list index or a user's key at the end: the field that holds it
            }
            if (consumedRest) {
                break;
            }
        }
        return distinct(found);
    }

    /** One way a segment is followed from a position: to a field (a match) or into a list item or a user's key. */
    private record Step(At at, Match match, boolean rest) {
    }

    private List<Step> step(At at, String seg, List<String> rest) {
        List<Step> out = new ArrayList<>();
        Type t = at.type();
        if (t instanceof Type.Ref r) {
            Shape s = r.shape();
            Field f = s.fields().get(seg);
            String p = join(at.path(), seg);
            if (f != null) {
                out.add(new Step(new At(f.type(), p), new Match(p, s, null, f), false));
            }
            for (Shape.Variant v : s.variants().values()) {
                Field vf = v.fields().get(seg);
                if (vf != null && f == null) {
                    out.add(new Step(new At(vf.type(), p), new Match(p, s, v.name(), vf), false));
                }
            }
            if (out.isEmpty() && s.keys() != null) {
                String joined = String.join(".", rest);
                boolean dotted = s.keyPattern() != null && s.keyPattern().contains("\\.");
                if (dotted && seg.equals(s.keys().name())) {
                    // the key as paths() writes it (sweep.PATH)
                    String kp = join(at.path(), seg);
                    out.add(new Step(new At(s.keys().type(), kp), new Match(kp, s, null, s.keys()), false));
                } else if (dotted && Pattern.compile(s.keyPattern()).matcher(joined).find()) {
                    // a swept path: the key is the rest of the path
                    String kp = join(at.path(), s.keys().name());
                    out.add(new Step(new At(s.keys().type(), kp), new Match(kp, s, null, s.keys()), true));
                } else if (seg.equals(KEY) || s.keyPattern() == null || Pattern.compile(s.keyPattern()).matcher(seg).find()) {
                    String kp = join(at.path(), KEY);
                    out.add(new Step(new At(s.keys().type(), kp), new Match(kp, s, null, s.keys()), false));
                }
            }
        } else if (t instanceof Type.ListOf l) {
            if (seg.chars().allMatch(Character::isDigit) && !seg.isEmpty()) {
                out.add(new Step(new At(l.item(), at.path()), null, false));
            } else {
                out.addAll(step(new At(l.item(), at.path()), seg, rest));
            }
        } else if (t instanceof Type.AnyOf a) {
            for (Type alt : a.alternatives()) {
                out.addAll(step(new At(alt, at.path()), seg, rest));
            }
        } else if (t instanceof Type.MapOf m) {
            if (m.keyPattern() == null || seg.equals(KEY) || Pattern.compile(m.keyPattern()).matcher(seg).find()) {
                out.add(new Step(new At(m.value(), join(at.path(), KEY)), null, false));
            }
        }
        return out;
    }

    private UnknownFieldException unknown(String path, List<String> segments, int i, List<At> here) {
        String seg = segments.get(i);
        String prefix = String.join(".", segments.subList(0, i));
        Set<String> names = new LinkedHashSet<>();
        for (At at : here) {
            names.addAll(childNames(at.type()));
        }
        String where = prefix.isEmpty() ? document : prefix;
        String close = EditDistance.closest(seg, names);
        String suggestion = null;
        if (close != null) {
            List<String> fixed = new ArrayList<>(segments);
            fixed.set(i, close);
            suggestion = String.join(".", fixed);
            try {
                find(suggestion);
            } catch (UnknownFieldException e) {
                suggestion = join(prefix, close);
            }
        } else {
            suggestion = EditDistance.closest(String.join(".", segments), paths());
        }
        StringBuilder b = new StringBuilder();
        if (names.isEmpty()) {
            b.append("'").append(path).append("': ").append(prefix).append(" has no fields (it is ")
                    .append(describeAll(here)).append(")");
        } else {
            b.append("'").append(path).append("': no field '").append(seg).append("' in ").append(where);
        }
        if (suggestion != null) {
            b.append(" (did you mean '").append(suggestion).append("'?)");
        }
        if (!names.isEmpty()) {
            List<String> list = new ArrayList<>(names);
            b.append("; its fields: ").append(String.join(", ", list.subList(0, Math.min(40, list.size()))))
                    .append(list.size() > 40 ? ", ..." : "");
        }
        return new UnknownFieldException(b.toString(), suggestion);
    }

    private static String describeAll(List<At> here) {
        Set<String> d = new LinkedHashSet<>();
        for (At at : here) {
            d.add(at.type().describe());
        }
        return String.join("; or ", d);
    }

    /**
     * The names of the fields directly under a type (through lists and alternatives).
     *
     * @param t a field's type
     * @return its mapping's field names, the variants' after the fixed ones; {@value #KEY} for user keys
     */
    static List<String> childNames(Type t) {
        Set<String> out = new LinkedHashSet<>();
        if (t instanceof Type.Ref r) {
            out.addAll(r.shape().fields().keySet());
            for (Shape.Variant v : r.shape().variants().values()) {
                out.addAll(v.fields().keySet());
            }
            if (r.shape().keys() != null) {
                out.add(r.shape().keyPattern() != null && r.shape().keyPattern().contains("\\.") ? r.shape().keys().name() : KEY);
            }
        } else if (t instanceof Type.ListOf l) {
            out.addAll(childNames(l.item()));
        } else if (t instanceof Type.AnyOf a) {
            for (Type alt : a.alternatives()) {
                out.addAll(childNames(alt));
            }
        } else if (t instanceof Type.MapOf) {
            out.add(KEY);
        }
        return new ArrayList<>(out);
    }

    /**
     * Every field path of the document, in the catalogue's order: lists are left out
     * ({@code cluster.devices.count}), user keys are {@value #KEY}, swept paths {@code PATH}.
     *
     * @return the paths, each once
     */
    public List<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        walk(new Type.Ref(root), "", Collections.newSetFromMap(new IdentityHashMap<>()), out);
        return new ArrayList<>(out);
    }

    private static void walk(Type t, String prefix, Set<Shape> onPath, Set<String> out) {
        if (t instanceof Type.Ref r) {
            Shape s = r.shape();
            if (!onPath.add(s)) {
                return;
            }
            List<Field> all = new ArrayList<>(s.fields().values());
            for (Shape.Variant v : s.variants().values()) {
                all.addAll(v.fields().values());
            }
            if (s.keys() != null) {
                all.add(s.keyPattern() != null && s.keyPattern().contains("\\.") ? s.keys() : renamed(s.keys()));
            }
            for (Field f : all) {
                String p = join(prefix, f.name());
                out.add(p);
                walk(f.type(), p, onPath, out);
            }
            onPath.remove(s);
        } else if (t instanceof Type.ListOf l) {
            walk(l.item(), prefix, onPath, out);
        } else if (t instanceof Type.AnyOf a) {
            for (Type alt : a.alternatives()) {
                walk(alt, prefix, onPath, out);
            }
        } else if (t instanceof Type.MapOf m) {
            walk(m.value(), join(prefix, KEY), onPath, out);
        }
    }

    private static Field renamed(Field f) {
        return new Field(KEY, f.type()).doc(f.doc());
    }

    /**
     * What {@code lcpsim explain} prints for the fields at a path: per match its meaning, allowed
     * values, unit, default, whether it is required, and what it holds (the variants of a
     * discriminator, the presets of a preset field, the fields of a mapping).
     *
     * @param matches what {@link #find(String)} returned
     * @return the text, ending in a new line
     */
    public String explain(List<Match> matches) {
        StringBuilder b = new StringBuilder();
        for (Match m : matches) {
            if (b.length() > 0) {
                b.append('\n');
            }
            Field f = m.field();
            b.append(m.path());
            String in = m.owner() == root ? document : m.owner().name();
            if (m.variant() != null) {
                b.append("  (in ").append(in).append(", when ").append(m.owner().discriminator()).append(": ")
                        .append(m.variant()).append(')');
            } else {
                b.append("  (in ").append(in).append(')');
            }
            b.append('\n');
            line(b, "meaning", f.doc().isEmpty() ? "(not described)" : f.doc());
            line(b, "values", f.type().describe());
            if (f.unit() != null) {
                line(b, "unit", f.unit());
            }
            line(b, "default", f.defaultText() != null ? f.defaultText() : f.presence() == Field.Presence.OPTIONAL
                    ? "none (left out: not used)" : "none");
            String req = switch (f.presence()) {
                case REQUIRED -> "yes";
                case OPTIONAL -> "no";
                case CONDITIONAL -> f.requiredWhen() == null ? "in some cases" : f.requiredWhen();
            };
            line(b, "required", req);
            Shape owner = m.owner();
            if (f.name().equals(owner.discriminator()) && m.variant() == null && !owner.variants().isEmpty()) {
                b.append("  ").append(f.name()).append(":\n");
                for (Shape.Variant v : owner.variants().values()) {
                    b.append("    ").append(v.name()).append(": ").append(v.doc());
                    if (!v.fields().isEmpty()) {
                        b.append(" Fields: ").append(String.join(", ", v.fields().keySet())).append('.');
                    }
                    b.append('\n');
                }
            }
            if (f.name().equals(owner.presetField()) && !owner.presets().isEmpty()) {
                presets(b, owner);
            }
            for (Shape s : shapes(f.type())) {
                b.append("  holds: ").append(s.name()).append(", ").append(s.doc()).append('\n');
                if (!s.fields().isEmpty()) {
                    line(b, "fields", String.join(", ", s.fields().keySet()));
                }
                for (Shape.Variant v : s.variants().values()) {
                    if (!v.fields().isEmpty()) {
                        line(b, "  " + s.discriminator() + ": " + v.name(), String.join(", ", v.fields().keySet()));
                    }
                }
                if (!s.presets().isEmpty()) {
                    presets(b, s);
                }
            }
        }
        return b.toString();
    }

    private static void presets(StringBuilder b, Shape s) {
        b.append("  presets (").append(s.presetField()).append("):\n");
        for (Shape.Preset p : s.presets().values()) {
            b.append("    ").append(p.name()).append(" (").append(s.discriminator()).append(": ").append(p.variant())
                    .append(')');
            if (!p.doc().isBlank()) {
                b.append(": ").append(p.doc().strip().replaceAll("\\s+", " "));
            }
            b.append('\n');
        }
    }

    /** The mappings a field's value may be (through lists and alternatives). */
    private static List<Shape> shapes(Type t) {
        Map<Shape, Boolean> out = new IdentityHashMap<>();
        List<Shape> ordered = new ArrayList<>();
        collect(t, out, ordered);
        return ordered;
    }

    private static void collect(Type t, Map<Shape, Boolean> seen, List<Shape> ordered) {
        if (t instanceof Type.Ref r) {
            if (seen.put(r.shape(), Boolean.TRUE) == null) {
                ordered.add(r.shape());
            }
        } else if (t instanceof Type.ListOf l) {
            collect(l.item(), seen, ordered);
        } else if (t instanceof Type.AnyOf a) {
            for (Type alt : a.alternatives()) {
                collect(alt, seen, ordered);
            }
        } else if (t instanceof Type.MapOf m) {
            collect(m.value(), seen, ordered);
        }
    }

    private static void line(StringBuilder b, String label, String text) {
        b.append("  ").append(label).append(':');
        b.append(" ".repeat(Math.max(1, 11 - label.length())));
        b.append(text).append('\n');
    }

    /** The path's segments: {@code $.} removed, {@code [i]} as a segment of its own. */
    static List<String> segments(String path) {
        String p = path.strip();
        if (p.startsWith("$.")) {
            p = p.substring(2);
        } else if (p.equals("$")) {
            p = "";
        }
        p = p.replaceAll("\\[(\\d+)]", ".$1");
        if (p.isEmpty() || p.startsWith(".") || p.endsWith(".") || p.contains("..")) {
            throw new UnknownFieldException("'" + path + "' is not a field path: name fields separated by dots, e.g."
                    + " strategy.branches", null);
        }
        return List.of(p.split("\\."));
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static List<At> dedupe(List<At> ats) {
        Map<String, At> out = new LinkedHashMap<>();
        for (At a : ats) {
            out.putIfAbsent(System.identityHashCode(a.type()) + "@" + a.path(), a);
        }
        return new ArrayList<>(out.values());
    }

    /** Whether two fields read the same (a field the variants declare alike: a device's framework). */
    private static boolean same(Field a, Field b) {
        return a == b || a.name().equals(b.name()) && a.doc().equals(b.doc()) && a.type().describe().equals(b.type().describe())
                && java.util.Objects.equals(a.defaultText(), b.defaultText()) && a.presence() == b.presence()
                && java.util.Objects.equals(a.requiredWhen(), b.requiredWhen()) && java.util.Objects.equals(a.unit(), b.unit());
    }

    /** One match per field: a field that several variants share (a layer's padding) names them all. */
    private static List<Match> distinct(List<Match> ms) {
        List<Match> out = new ArrayList<>();
        for (Match m : ms) {
            int same = -1;
            for (int i = 0; i < out.size(); i++) {
                Match o = out.get(i);
                if (o.owner() == m.owner() && same(o.field(), m.field())) {
                    same = i;
                    break;
                }
            }
            if (same < 0) {
                out.add(m);
            } else {
                Match o = out.get(same);
                if (o.variant() != null && m.variant() != null && !List.of(o.variant().split(", ")).contains(m.variant())) {
                    out.set(same, new Match(o.path(), o.owner(), o.variant() + ", " + m.variant(), o.field()));
                }
            }
        }
        return out;
    }
}

package org.lcpsim.experiments.schema;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a shape of the {@link ExperimentCatalogue} as a JSON Schema (draft 2020-12): a field is
 * a property with its type, bounds, allowed values, default and description; a discriminator
 * ({@code kind}) is an {@code if}/{@code then} per variant; a preset lends its kind's fields,
 * which become optional; {@code unevaluatedProperties: false} makes every field not in the
 * catalogue an error, as the binders make it one. Shapes are {@code $defs}, referenced by name.
 * Each closed mapping also lists its names in {@code propertyNames} (every variant's fields), so
 * that editors applying draft-07 rules (yaml-language-server, which ignores {@code
 * unevaluatedProperties}) still flag a misspelt field.
 */
public final class JsonSchema {
    /** The dialect of the schemas written. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final Map<Shape, String> names = new IdentityHashMap<>();
    private final Map<String, Object> defs = new LinkedHashMap<>();

    private JsonSchema() {
    }

    /**
     * The JSON Schema of {@code root} as pretty-printed JSON, ending in a new line.
     *
     * @param root the shape of the document
     * @param title the schema's title
     * @return the schema's text
     */
    public static String generate(Shape root, String title) {
        JsonSchema g = new JsonSchema();
        g.names.put(root, root.name());
        Map<String, Object> body = g.shape(root);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", DIALECT);
        doc.put("title", title);
        doc.putAll(body);
        List<String> order = new ArrayList<>(g.defs.keySet());
        java.util.Collections.sort(order);
        Map<String, Object> sorted = new LinkedHashMap<>();
        for (String k : order) {
            sorted.put(k, g.defs.get(k));
        }
        if (!sorted.isEmpty()) {
            doc.put("$defs", sorted);
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        printer.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String ref(Shape s) {
        String name = names.get(s);
        if (name == null) {
            for (Map.Entry<Shape, String> e : names.entrySet()) {
                if (e.getValue().equals(s.name())) {
                    throw new IllegalStateException("two shapes named " + s.name());
                }
            }
            names.put(s, s.name());
            defs.put(s.name(), Map.of()); // reserved while it is written (a shape may refer to itself)
            defs.put(s.name(), shape(s));
            name = s.name();
        }
        return "#/$defs/" + name;
    }

    private Map<String, Object> shape(Shape s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "object");
        out.put("description", s.doc());
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Field f : s.fields().values()) {
            props.put(f.name(), field(f, s));
            if (f.presence() == Field.Presence.REQUIRED) {
                required.add(f.name());
            }
        }
        if (!props.isEmpty()) {
            out.put("properties", props);
        }
        if (!required.isEmpty()) {
            out.put("required", required);
        }
        List<Object> allOf = new ArrayList<>();
        for (List<String> pair : s.exclusive()) {
            allOf.add(Map.of("not", Map.of("required", pair)));
        }
        if (!s.exactlyOne().isEmpty()) {
            List<Object> groups = new ArrayList<>();
            for (List<String> g : s.exactlyOne()) {
                groups.add(Map.of("required", g));
            }
            allOf.add(Map.of("oneOf", groups));
        }
        String k = s.discriminator();
        if (k != null) {
            Map<String, Object> unless = unless(s);
            Field kf = s.fields().get(k);
            if (kf.presence() != Field.Presence.REQUIRED && s.defaultVariant() == null && unless != null) {
                allOf.add(ifElse(unless, Map.of("required", List.of(k))));
            }
            boolean bool = kf.type() instanceof Type.Bool;
            for (Shape.Variant v : s.variants().values()) {
                Object value = bool ? (Object) Boolean.valueOf(v.name()) : v.name();
                Map<String, Object> cond = new LinkedHashMap<>();
                cond.put("properties", Map.of(k, Map.of("const", value)));
                if (!v.name().equals(s.defaultVariant())) {
                    cond.put("required", List.of(k));
                }
                List<String> ofPreset = new ArrayList<>();
                for (Shape.Preset p : s.presets().values()) {
                    if (p.variant().equals(v.name())) {
                        ofPreset.add(p.name());
                    }
                }
                Object test = cond;
                if (!ofPreset.isEmpty()) {
                    Map<String, Object> byPreset = new LinkedHashMap<>();
                    byPreset.put("required", List.of(s.presetField()));
                    byPreset.put("properties", Map.of(s.presetField(), Map.of("enum", ofPreset)));
                    byPreset.put("not", Map.of("required", List.of(k)));
                    test = Map.of("anyOf", List.of(cond, byPreset));
                }
                Map<String, Object> then = new LinkedHashMap<>();
                Map<String, Object> vprops = new LinkedHashMap<>();
                List<String> vrequired = new ArrayList<>();
                for (Field f : v.fields().values()) {
                    vprops.put(f.name(), field(f, s));
                    if (f.presence() == Field.Presence.REQUIRED) {
                        vrequired.add(f.name());
                    }
                }
                if (!vprops.isEmpty()) {
                    then.put("properties", vprops);
                }
                List<Object> vall = new ArrayList<>();
                for (List<String> pair : v.exclusive()) {
                    vall.add(Map.of("not", Map.of("required", pair)));
                }
                Map<String, Object> inline = new LinkedHashMap<>();
                if (!vrequired.isEmpty()) {
                    inline.put("required", vrequired);
                }
                if (!v.requireOneOf().isEmpty()) {
                    List<Object> groups = new ArrayList<>();
                    for (List<String> g : v.requireOneOf()) {
                        List<Object> any = new ArrayList<>();
                        for (String f : g) {
                            any.add(Map.of("required", List.of(f)));
                        }
                        groups.add(Map.of("anyOf", any));
                    }
                    inline.put("allOf", groups);
                }
                if (!inline.isEmpty()) {
                    vall.add(unless == null ? inline : ifElse(unless, inline));
                }
                if (!vall.isEmpty()) {
                    then.put("allOf", vall);
                }
                if (!then.isEmpty()) {
                    Map<String, Object> ifThen = new LinkedHashMap<>();
                    ifThen.put("if", test);
                    ifThen.put("then", then);
                    allOf.add(ifThen);
                }
            }
        }
        if (s.openWith() != null) {
            // the file's kind decides which other fields exist: the binder checks them
            Map<String, Object> open = new LinkedHashMap<>();
            open.put("if", Map.of("required", List.of(s.openWith())));
            open.put("then", Map.of("additionalProperties", true));
            allOf.add(open);
        }
        allOf.addAll(s.extraSchema());
        Map<String, Object> names = propertyNames(s);
        if (names != null) {
            // unknown fields for editors that apply draft-07 rules and so ignore unevaluatedProperties
            // (yaml-language-server): a name that no variant of the shape has is an error there too
            if (s.openWith() != null) {
                Map<String, Object> closed = new LinkedHashMap<>();
                closed.put("if", Map.of("required", List.of(s.openWith())));
                closed.put("else", Map.of("propertyNames", names));
                allOf.add(closed);
            } else {
                out.put("propertyNames", names);
            }
        }
        if (!allOf.isEmpty()) {
            out.put("allOf", allOf);
        }
        if (s.keys() != null) {
            Map<String, Object> value = field(s.keys(), s);
            if (s.keyPattern() != null) {
                out.put("patternProperties", Map.of(s.keyPattern(), value));
            } else {
                out.put("additionalProperties", value);
            }
        }
        if (s.keys() == null || s.keyPattern() != null) {
            out.put("unevaluatedProperties", false);
        }
        return out;
    }

    /**
     * The names a mapping of the shape may have: its fields and every variant's, and the user's
     * keys when they follow a pattern; null for a shape whose keys are free (no closed set).
     */
    private static Map<String, Object> propertyNames(Shape s) {
        if (s.keys() != null && s.keyPattern() == null) {
            return null;
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>(s.fields().keySet());
        for (Shape.Variant v : s.variants().values()) {
            names.addAll(v.fields().keySet());
        }
        if (s.keys() == null) {
            return Map.of("enum", List.copyOf(names));
        }
        if (names.isEmpty()) {
            return Map.of("pattern", s.keyPattern());
        }
        return Map.of("anyOf", List.of(Map.of("enum", List.copyOf(names)), Map.of("pattern", s.keyPattern())));
    }

    /** The condition under which the variants' required fields are given by something else (a preset, a file). */
    private static Map<String, Object> unless(Shape s) {
        if (s.requiredUnless().isEmpty()) {
            return null;
        }
        List<Object> any = new ArrayList<>();
        for (String u : s.requiredUnless()) {
            any.add(Map.of("required", List.of(u)));
        }
        return Map.of("anyOf", any);
    }

    private static Map<String, Object> ifElse(Map<String, Object> cond, Map<String, Object> otherwise) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("if", cond);
        m.put("else", otherwise);
        return m;
    }

    private Map<String, Object> field(Field f, Shape owner) {
        Map<String, Object> out = new LinkedHashMap<>(type(f.type()));
        out.put("description", describe(f, owner));
        Object def = f.defaultValue();
        if (def != null && !(def instanceof Field.Derived)) {
            out.put("default", def);
        }
        return out;
    }

    /** A field's description in the schema: its meaning, unit, when it is required, its default. */
    static String describe(Field f, Shape owner) {
        StringBuilder b = new StringBuilder(f.doc());
        if (f.unit() != null) {
            b.append(" Unit: ").append(f.unit()).append('.');
        }
        if (f.presence() == Field.Presence.CONDITIONAL && f.requiredWhen() != null) {
            b.append(" Required ").append(f.requiredWhen()).append('.');
        }
        if (f.defaultText() != null) {
            b.append(" Default: ").append(f.defaultText()).append('.');
        }
        if (f.name().equals(owner.discriminator()) && !owner.variants().isEmpty()) {
            List<String> vs = new ArrayList<>();
            for (Shape.Variant v : owner.variants().values()) {
                vs.add(v.name() + ": " + v.doc());
            }
            b.append(' ').append(String.join(" ", vs));
        }
        if (f.name().equals(owner.presetField()) && !owner.presets().isEmpty()) {
            List<String> ps = new ArrayList<>();
            for (Shape.Preset p : owner.presets().values()) {
                ps.add(p.name() + " (" + p.variant() + ")");
            }
            b.append(" Presets: ").append(String.join(", ", ps)).append('.');
        }
        return b.toString().strip();
    }

    private Map<String, Object> type(Type t) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (t instanceof Type.Text x) {
            out.put("type", "string");
            if (!x.values().isEmpty()) {
                out.put("enum", x.values());
            }
            if (x.pattern() != null) {
                out.put("pattern", x.pattern());
            }
        } else if (t instanceof Type.Int x) {
            out.put("type", "integer");
            if (x.min() != Long.MIN_VALUE) {
                out.put("minimum", x.min());
            }
            if (x.max() != Long.MAX_VALUE) {
                out.put("maximum", x.max());
            }
        } else if (t instanceof Type.Num x) {
            out.put("type", "number");
            if (x.min() != -Type.MAX) {
                out.put(x.exclusiveMin() ? "exclusiveMinimum" : "minimum", number(x.min()));
            }
            if (x.max() != Type.MAX) {
                out.put("maximum", number(x.max()));
            }
        } else if (t instanceof Type.Bool) {
            out.put("type", "boolean");
        } else if (t instanceof Type.Ref x) {
            out.put("$ref", ref(x.shape()));
        } else if (t instanceof Type.ListOf x) {
            out.put("type", "array");
            out.put("items", type(x.item()));
            if (x.minItems() > 0) {
                out.put("minItems", x.minItems());
            }
            if (x.maxItems() != Integer.MAX_VALUE) {
                out.put("maxItems", x.maxItems());
            }
        } else if (t instanceof Type.MapOf x) {
            out.put("type", "object");
            if (x.keyPattern() != null) {
                out.put("propertyNames", Map.of("pattern", x.keyPattern()));
            }
            out.put("additionalProperties", type(x.value()));
        } else if (t instanceof Type.AnyOf x) {
            List<Object> alts = new ArrayList<>();
            for (Type a : x.alternatives()) {
                alts.add(type(a));
            }
            out.put("anyOf", alts);
        }
        // Type.Anything: any value, no constraint
        return out;
    }

    /** Integers as integers ({@code 1}, not {@code 1.0}), so that the schema reads as the catalogue. */
    private static Object number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return (long) d;
        }
        return d;
    }
}

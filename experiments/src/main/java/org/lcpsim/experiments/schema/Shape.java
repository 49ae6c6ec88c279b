package org.lcpsim.experiments.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping of the file format (the experiment, a strategy, a device, a network, ...): its fields,
 * and, for mappings whose fields depend on a discriminator ({@code kind}, a layer's {@code type}),
 * its variants. A shape may also take a {@code preset} whose variant it inherits (devices and
 * networks), and keys the user chooses (framework names, swept paths).
 */
public final class Shape {
    /**
     * The fields one value of the discriminator adds.
     *
     * @param name the discriminator's value
     * @param doc what it means
     * @param fields its fields, by name
     * @param requireOneOf groups of fields of which one must be given (when not given by a preset)
     * @param exclusive pairs of fields that may not be given together
     */
    public record Variant(String name, String doc, Map<String, Field> fields, List<List<String>> requireOneOf,
                          List<List<String>> exclusive) {
    }

    /**
     * A preset a mapping may name instead of giving its fields.
     *
     * @param name the preset's name
     * @param variant the variant (kind) it is of
     * @param doc its description
     */
    public record Preset(String name, String variant, String doc) {
    }

    private final String name;
    private final String doc;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<List<String>> exclusive = new ArrayList<>();
    private final List<List<String>> exactlyOne = new ArrayList<>();
    private String discriminator;
    private String defaultVariant;
    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private String presetField;
    private final Map<String, Preset> presets = new LinkedHashMap<>();
    private final List<String> inlineOnlyUnless = new ArrayList<>();
    private String openWith;
    private Field keys;
    private String keyPattern;
    private final List<Map<String, Object>> extraSchema = new ArrayList<>();

    Shape(String name, String doc) {
        this.name = name;
        this.doc = doc;
    }

    Shape fields(Field... fs) {
        for (Field f : fs) {
            if (fields.put(f.name(), f) != null) {
                throw new IllegalStateException(name + ": field " + f.name() + " twice");
            }
        }
        return this;
    }

    /** The field whose value picks the variant; {@code defaultVariant} when it is left out (null: required). */
    Shape discriminator(String key, String defaultValue) {
        discriminator = key;
        defaultVariant = defaultValue;
        return this;
    }

    Shape variant(String value, String text, Field... fs) {
        return variant(value, text, List.of(), List.of(), fs);
    }

    Shape variant(String value, String text, List<List<String>> requireOneOf, List<List<String>> exclusivePairs, Field... fs) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (Field f : fs) {
            m.put(f.name(), f);
        }
        variants.put(value, new Variant(value, text, m, List.copyOf(requireOneOf), List.copyOf(exclusivePairs)));
        return this;
    }

    Shape presets(String field, List<Preset> list) {
        presetField = field;
        for (Preset p : list) {
            presets.put(p.name(), p);
        }
        return this;
    }

    /** Fields whose presence makes the variants' required fields optional (a preset, a device file, framework sections). */
    Shape requiredUnless(String... keysGiven) {
        inlineOnlyUnless.addAll(List.of(keysGiven));
        return this;
    }

    /** With this field given (a device file), the mapping may hold any other field: the file's kind decides. */
    Shape openWith(String field) {
        openWith = field;
        return this;
    }

    /** Keys the user chooses, matching {@code pattern} (null: any), each a value of {@code valueField}'s type. */
    Shape keys(String pattern, Field valueField) {
        keyPattern = pattern;
        keys = valueField;
        return this;
    }

    Shape exclusive(String a, String b) {
        exclusive.add(List.of(a, b));
        return this;
    }

    /** Exactly one of these groups of fields is given (each group: all its fields). */
    @SafeVarargs
    final Shape exactlyOne(List<String>... groups) {
        exactlyOne.addAll(List.of(groups));
        return this;
    }

    /** A JSON Schema condition no field expresses, added to the shape's {@code allOf}. */
    Shape schema(Map<String, Object> condition) {
        extraSchema.add(condition);
        return this;
    }

    /** @return the shape's name (its {@code $defs} entry in the JSON Schema) */
    public String name() {
        return name;
    }

    /** @return what the mapping is */
    public String doc() {
        return doc;
    }

    /** @return the fields every variant has, by name */
    public Map<String, Field> fields() {
        return fields;
    }

    /** @return the discriminator field's name, or null */
    public String discriminator() {
        return discriminator;
    }

    /** @return the variant a missing discriminator means, or null when the discriminator is required */
    public String defaultVariant() {
        return defaultVariant;
    }

    /** @return the variants, by the discriminator's value */
    public Map<String, Variant> variants() {
        return variants;
    }

    /** @return the field that names a preset, or null */
    public String presetField() {
        return presetField;
    }

    /** @return the presets, by name */
    public Map<String, Preset> presets() {
        return presets;
    }

    /** @return the fields whose presence lifts the variants' required fields */
    public List<String> requiredUnless() {
        return inlineOnlyUnless;
    }

    /** @return the field with which any other field is allowed, or null */
    public String openWith() {
        return openWith;
    }

    /** @return the field describing the user's keys, or null when the keys are fixed */
    public Field keys() {
        return keys;
    }

    /** @return the pattern of the user's keys, or null */
    public String keyPattern() {
        return keyPattern;
    }

    /** @return pairs of fields that may not be given together */
    public List<List<String>> exclusive() {
        return exclusive;
    }

    /** @return groups of fields of which exactly one is given */
    public List<List<String>> exactlyOne() {
        return exactlyOne;
    }

    /** @return conditions added as they are to the JSON Schema */
    public List<Map<String, Object>> extraSchema() {
        return extraSchema;
    }

    /**
     * The field named {@code key} in the fixed fields or, with {@code variant} given, in that
     * variant; null when it has none.
     *
     * @param key the field's name
     * @param variant a discriminator value, or null for the fixed fields only
     * @return the field, or null
     */
    public Field field(String key, String variant) {
        Field f = fields.get(key);
        if (f == null && variant != null && variants.containsKey(variant)) {
            f = variants.get(variant).fields().get(key);
        }
        return f;
    }
}

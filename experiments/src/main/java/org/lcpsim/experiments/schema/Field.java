package org.lcpsim.experiments.schema;

/**
 * One field of the catalogue: its name, type, whether it is required, its default, unit and
 * meaning. Built fluently ({@code field("branches", integer(1, 4096)).required().unit("branches")
 * .doc("...")}) and not changed once its shape is in {@link ExperimentCatalogue}.
 */
public final class Field {
    /** Whether a field must be given. */
    public enum Presence {
        /** May be left out (then its default holds). */
        OPTIONAL,
        /** Must be given. */
        REQUIRED,
        /** Required in some cases only, which {@link Field#requiredWhen()} says. */
        CONDITIONAL
    }

    /**
     * A default that depends on other fields (the preset's name, the kernel size), described in words.
     *
     * @param text what the default is
     */
    public record Derived(String text) {
    }

    private final String name;
    private final Type type;
    private Presence presence = Presence.OPTIONAL;
    private String requiredWhen;
    private Object defaultValue;
    private String unit;
    private String doc = "";

    Field(String name, Type type) {
        this.name = name;
        this.type = type;
    }

    /**
     * A copy with another presence (a field required at the top level of a device, optional in its framework sections).
     *
     * @param presence the copy's presence
     * @param when when it is required, for {@link Presence#CONDITIONAL}
     * @return the copy
     */
    Field withPresence(Presence presence, String when) {
        Field f = new Field(name, type);
        f.presence = presence;
        f.requiredWhen = when;
        f.defaultValue = defaultValue;
        f.unit = unit;
        f.doc = doc;
        return f;
    }

    Field required() {
        presence = Presence.REQUIRED;
        return this;
    }

    Field requiredWhen(String when) {
        presence = Presence.CONDITIONAL;
        requiredWhen = when;
        return this;
    }

    Field def(Object value) {
        defaultValue = value;
        return this;
    }

    Field derived(String text) {
        defaultValue = new Derived(text);
        return this;
    }

    Field unit(String u) {
        unit = u;
        return this;
    }

    Field doc(String text) {
        doc = text;
        return this;
    }

    /** @return the field's name (its key in the mapping) */
    public String name() {
        return name;
    }

    /** @return what its value may be */
    public Type type() {
        return type;
    }

    /** @return whether it must be given */
    public Presence presence() {
        return presence;
    }

    /** @return when a {@link Presence#CONDITIONAL} field is required; else null */
    public String requiredWhen() {
        return requiredWhen;
    }

    /**
     * @return the value the field takes when left out: a String, Number or Boolean, a {@link
     *         Derived} one, or null when it has none
     */
    public Object defaultValue() {
        return defaultValue;
    }

    /** @return the unit of its numbers, or null */
    public String unit() {
        return unit;
    }

    /** @return what it means */
    public String doc() {
        return doc;
    }

    /** @return the default as text ({@code 0.5}, {@code rtt}, the derived rule), or null when there is none */
    public String defaultText() {
        if (defaultValue == null) {
            return null;
        }
        if (defaultValue instanceof Derived d) {
            return d.text();
        }
        if (defaultValue instanceof Double v) {
            return Type.fmt(v);
        }
        return defaultValue.toString();
    }
}

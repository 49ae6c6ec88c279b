package org.lcpsim.config;

/**
 * What a message may quote of a file's content: a short excerpt, control and formatting
 * characters escaped ({@code \n}, {@code \t}, {@code \u001B}), so that an error message never
 * replays a file, moves the terminal's cursor or reverses its text.
 */
public final class Excerpt {
    /** The most characters of a value a message quotes. */
    public static final int MAX = 40;

    private Excerpt() {
    }

    /** {@code s}, escaped, at most {@link #MAX} characters ("..." marks a cut). */
    public static String of(String s) {
        return of(s, MAX);
    }

    /** {@code s}, escaped, at most {@code max} characters ("..." marks a cut). */
    public static String of(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length() && b.length() <= max) {
            int c = s.codePointAt(i);
            b.append(escape(c));
            i += Character.charCount(c);
        }
        if (i >= s.length() && b.length() <= max) {
            return b.toString();
        }
        int keep = Math.max(0, max - 3);
        if (keep > 0 && keep < b.length() && Character.isHighSurrogate(b.charAt(keep - 1))) {
            keep--;
        }
        b.setLength(keep);
        return b.append("...").toString();
    }

    /** {@code s} with every control and formatting character escaped, however long. */
    public static String escapeAll(String s) {
        if (s == null) {
            return "null";
        }
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            plain = !needsEscape(s.charAt(i));
        }
        if (plain) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            b.append(escape(c));
            i += Character.charCount(c);
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT
                || c == '\u2028' || c == '\u2029';
    }

    private static String escape(int c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default: break;
        }
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            return String.format(java.util.Locale.ROOT, "\\u%04X", c);
        }
        return new String(Character.toChars(c));
    }
}

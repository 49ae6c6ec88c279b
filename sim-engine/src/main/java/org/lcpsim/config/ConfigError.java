package org.lcpsim.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One problem in a configuration file, printed as {@code FILE:LINE:COL: $.path: message}; a
 * problem of the file as a whole (not found, not a regular file, too large) has no position and
 * prints as {@code FILE: message}. What is printed is safe to show: control characters are
 * escaped, and a key of the path or a quoted value longer than {@link Excerpt#MAX} characters is
 * cut, so that no message replays the content of a file.
 */
public record ConfigError(Location location, String path, String message) {
    /** The longest message printed: beyond it, a message is cut. */
    static final int MAX_MESSAGE = 600;
    /** The longest path printed. */
    static final int MAX_PATH = 120;
    private static final Pattern LONG_KEY = Pattern.compile("[^.\\[\\]]{" + (Excerpt.MAX + 1) + ",}");

    @Override
    public String toString() {
        String file = Excerpt.escapeAll(location.file());
        String m = printableMessage(message);
        return location.line() <= 0 ? file + ": " + m
                : file + ":" + location.line() + ":" + location.column() + ": " + printablePath(path) + ": " + m;
    }

    /** The message, escaped, its long quoted values cut, at most {@link #MAX_MESSAGE} characters. */
    static String printableMessage(String message) {
        String m = Excerpt.escapeAll(message);
        // each 'quoted value' cut to an excerpt (a linear scan: a regular expression backtracks on huge values)
        StringBuilder b = new StringBuilder();
        int from = 0;
        while (from < m.length()) {
            int open = m.indexOf('\'', from);
            int close = open < 0 ? -1 : m.indexOf('\'', open + 1);
            if (close < 0) {
                b.append(m, from, m.length());
                break;
            }
            b.append(m, from, open + 1).append(close - open - 1 > Excerpt.MAX ? Excerpt.of(m.substring(open + 1, close))
                    : m.substring(open + 1, close)).append('\'');
            from = close + 1;
        }
        m = b.toString();
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE - 3) + "..." : m;
    }

    /** The path, escaped, each key longer than {@link Excerpt#MAX} characters cut. */
    static String printablePath(String path) {
        String p = Excerpt.escapeAll(path);
        Matcher k = LONG_KEY.matcher(p);
        StringBuilder b = new StringBuilder();
        while (k.find()) {
            k.appendReplacement(b, Matcher.quoteReplacement(Excerpt.of(k.group())));
        }
        k.appendTail(b);
        // a path nested a hundred levels deep says no more than its start
        return b.length() > MAX_PATH ? b.substring(0, MAX_PATH - 3) + "..." : b.toString();
    }
}

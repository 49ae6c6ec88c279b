package org.lcpsim.config;

import java.util.Collection;
import java.util.Locale;

/** Levenshtein distance, for "did you mean ...?" in messages about names a user mistyped. */
public final class EditDistance {
    private EditDistance() {
    }

    /** The distance between {@code a} and {@code b}, or {@code limit} once it cannot be below it. */
    public static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(limit, prev[b.length()]);
    }

    /**
     * The name of {@code known} closest to {@code name} (ignoring case), when it is close enough to
     * be a typo (at most max(2, length / 3) edits); else null. The first of equally close ones wins.
     */
    public static String closest(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, name.length() / 3) + 1;
        String best = null;
        for (String k : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT), limit);
            if (d < limit) {
                limit = d;
                best = k;
            }
        }
        return best;
    }
}

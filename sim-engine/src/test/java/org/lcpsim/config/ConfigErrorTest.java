package org.lcpsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What an error prints is safe to show: escaped, long values and keys cut, no position for a whole file. */
class ConfigErrorTest {
    @Test
    void wholeFileProblemsHaveNoPosition() {
        assertEquals("f.yaml: file not found", new ConfigError(Location.unknown("f.yaml"), "$", "file not found").toString());
        assertEquals("f.yaml:3:7: $.seed: bad", new ConfigError(new Location("f.yaml", 3, 7), "$.seed", "bad").toString());
    }

    @Test
    void controlCharactersAreEscapedAndLongValuesCut() {
        String secret = "x".repeat(5000);
        ConfigError e = new ConfigError(new Location("f\nyaml", 1, 1), "$." + secret + ".a",
                "unknown value '" + secret + "'; \u001b[2J expected one of: a, b");
        String s = e.toString();
        assertEquals("f\\nyaml:1:1: $." + "x".repeat(37) + "....a: unknown value '" + "x".repeat(37) + "...'; \\u001B[2J"
                + " expected one of: a, b", s);
        String huge = new ConfigError(new Location("f", 1, 1), "$", "y ".repeat(100_000)).toString();
        assertTrue(huge.length() < 700, huge.length() + "");
        // a bidirectional override cannot reorder what the terminal shows
        assertEquals("f: a\\u202Eb", new ConfigError(Location.unknown("f"), "$", "a\u202Eb").toString());
    }

    @Test
    void excerpts() {
        assertEquals("short", Excerpt.of("short"));
        assertEquals("a\\tb\\n", Excerpt.of("a\tb\n"));
        assertEquals(40, Excerpt.of("z".repeat(41)).length());
        assertEquals("z".repeat(40), Excerpt.of("z".repeat(40)));
        assertTrue(Excerpt.of("\u0001".repeat(100)).endsWith("..."));
    }
}

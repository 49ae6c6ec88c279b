package org.lcpsim.cli.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.cli.CliHarness;

/**
 * The malformed-input corpus: every case of every family is run through the command line, and
 * must end within its time limit with the expected exit code, the expected message, an error
 * position where one is expected, and none of what a user must never see (a stack trace, an
 * internal class name, a position of line 0).
 */
class CorpusTest {
    /** No case may take longer: a hang is a failure, not a slow test. */
    static final Duration LIMIT = Duration.ofSeconds(20);
    /** What must never reach a user. */
    static final Pattern FORBIDDEN = Pattern.compile("Exception|\\tat |:0:0:|\\bat \\[Source|org\\.yaml\\.|com\\.fasterxml\\."
            + "|org\\.lcpsim\\.|java\\.lang\\.|SequenceStartEvent|MappingStartEvent|StreamReadConstraints");
    static final Pattern POSITION = Pattern.compile("(?m)^\\S.*:[1-9]\\d*:[1-9]\\d*: ");

    @TempDir
    Path root;

    @Test
    void theCorpusIsLargeAndNamesAreUnique() {
        Set<String> ids = new HashSet<>();
        int n = 0;
        for (Family f : Families.all()) {
            for (Case c : f.cases()) {
                assertTrue(ids.add(c.id()), "duplicate case " + c.id());
                n++;
            }
        }
        assertTrue(n >= 200, "the corpus has " + n + " cases; at least 200 are expected");
    }

    @TestFactory
    Stream<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        int k = 0;
        for (Family f : Families.all()) {
            for (Case c : f.cases()) {
                Path dir = root.resolve(Integer.toString(k++));
                tests.add(DynamicTest.dynamicTest(c.id(), () -> check(c, dir)));
            }
        }
        return tests.stream();
    }

    private static void check(Case c, Path dir) throws Exception {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : c.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        if (c.setup() != null) {
            c.setup().apply(dir);
        }
        String[] args = c.args().stream().map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
        CliHarness.Result r = assertTimeoutPreemptively(LIMIT, () -> CliHarness.run(args), () -> c.id() + " did not end");
        String all = "exit " + r.exitCode() + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err();
        assertEquals(c.exitCode(), r.exitCode(), c.id() + ": " + all);
        assertFalse(FORBIDDEN.matcher(r.err()).find(), c.id() + " shows internals: " + all);
        if (c.errPattern() != null) {
            assertTrue(Pattern.compile(c.errPattern()).matcher(r.err()).find(), c.id() + " should match /" + c.errPattern()
                    + "/: " + all);
        }
        if (c.positioned()) {
            assertTrue(POSITION.matcher(r.err()).find(), c.id() + " should give FILE:LINE:COL: " + all);
        }
    }

    /** Lets a family write files that are not valid UTF-8. */
    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @SuppressWarnings("unused")
    private static void unused() throws IOException {
    }
}

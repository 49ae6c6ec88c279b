package org.lcpsim.cli.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.lcpsim.cli.CliHarness;

/**
 * The rule for values: whatever {@code run} would refuse for a reason visible in the file,
 * {@code validate} refuses first. For every number written in the valid bases of {@link Extremes}
 * (every numeric field of experiment, model, device, network, workload, sweep, explore and
 * accuracy files), each extreme value is put in its place; then either {@code validate} exits 2
 * with a positioned error and no internals, or {@code validate} exits 0 and the base's command
 * ({@code run} or {@code explore}) exits 0 too. Never validate 0, then run 1.
 *
 * <p>Each run takes a sample of the fields (all their values are validated) and runs a sample of
 * the variants that validate accepts, so the suite stays fast; the sample changes from run to
 * run, and its seed is in every failure message. {@code -Dlcpsim.extremes.all=true} checks every
 * field, every value, every run; {@code -Dlcpsim.extremes.seed=N} repeats a sample.
 */
class ExtremeValuesTest {
    /** What each number is replaced by: zero, negatives, denormal and huge magnitudes, NaN, infinities, beyond int and long. */
    static final List<String> VALUES = List.of("0", "-1", "1e-308", "1e308", ".nan", ".inf", "-.inf", "2147483648",
            "9223372036854775808", "1.5", "1e-9", "1e15", "1e-5");
    /** Large values a field may accept whose runs take a while (a million requests): tried when all are. */
    static final List<String> LARGE = List.of("1000000", "100000000");
    /** Fields per run when not all: every value of each is validated. */
    static final int SAMPLE_FIELDS = 10;
    /** Variants run per run when not all. */
    static final int SAMPLE_RUNS = 6;

    @TempDir
    Path root;

    @Test
    void aValueValidateAcceptsRunsAndOneItRefusesIsPositioned() throws Exception {
        boolean all = Boolean.getBoolean("lcpsim.extremes.all");
        long seed = Long.getLong("lcpsim.extremes.seed", System.nanoTime());
        String repeat = " (repeat with -Dlcpsim.extremes.seed=" + seed + ")";
        List<Extremes.Site> sites = new ArrayList<>(Extremes.sites());
        assertTrue(sites.size() > 100, "the bases reach " + sites.size() + " numbers");
        Random random = new Random(seed);
        if (!all) {
            Collections.shuffle(sites, random);
            sites = sites.subList(0, SAMPLE_FIELDS);
        }
        List<Variant> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int k = 0;
        List<String> values = new ArrayList<>(VALUES);
        if (all) {
            values.addAll(LARGE);
        }
        for (Extremes.Site site : sites) {
            for (String value : values) {
                if (value.equals(site.text())) {
                    continue;
                }
                Path dir = root.resolve(Integer.toString(k++));
                write(dir, site.with(value));
                String what = site.id() + " = " + value + repeat;
                CliHarness.Result v = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> CliHarness.run("validate", dir.resolve("exp.yaml").toString()), what + ": validate did not end");
                String out = "exit " + v.exitCode() + "\nstdout:\n" + v.out() + "\nstderr:\n" + v.err();
                if (CorpusTest.FORBIDDEN.matcher(v.err()).find()) {
                    problems.add(what + " shows internals: " + out);
                } else if (v.exitCode() == 2) {
                    if (!CorpusTest.POSITION.matcher(v.err()).find()) {
                        problems.add(what + " should give FILE:LINE:COL: " + out);
                    }
                } else if (v.exitCode() == 0) {
                    accepted.add(new Variant(site, value, dir, what));
                } else {
                    problems.add(what + ": validate must exit 0 or 2: " + out);
                }
            }
        }
        if (!all) {
            Collections.shuffle(accepted, random);
            accepted = accepted.subList(0, Math.min(SAMPLE_RUNS, accepted.size()));
        }
        for (Variant a : accepted) {
            String command = a.site().base().command();
            CliHarness.Result r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliHarness.run(command,
                    a.dir().resolve("exp.yaml").toString(), "--out", a.dir().resolve("out").toString(), "--no-progress",
                    "--no-report", "--threads", "1"), a.what() + ": " + command + " did not end");
            String out = "exit " + r.exitCode() + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err();
            if (r.exitCode() != 0) {
                problems.add(a.what() + ": validate accepted it, " + command + " must succeed: " + out);
            } else if (CorpusTest.FORBIDDEN.matcher(r.err()).find()) {
                problems.add(a.what() + " shows internals: " + out);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n" + String.join("\n----\n", problems.subList(0, Math.min(40,
                    problems.size()))));
        }
    }

    private record Variant(Extremes.Site site, String value, Path dir, String what) {
    }

    @Test
    void theBasesAreValidAndRun() throws Exception {
        int k = 0;
        for (Extremes.Base b : Extremes.bases()) {
            Path dir = root.resolve("base" + k++);
            write(dir, b.files());
            CliHarness.Result v = CliHarness.run("validate", dir.resolve("exp.yaml").toString());
            assertEquals(0, v.exitCode(), b.name() + ": " + v.err());
        }
        // one of them run through, to keep this test fast (the property test runs the others' variants)
        Extremes.Base b = Extremes.bases().get(0);
        Path dir = root.resolve("run");
        write(dir, b.files());
        CliHarness.Result r = CliHarness.run(b.command(), dir.resolve("exp.yaml").toString(), "--out",
                dir.resolve("out").toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
    }

    static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
    }
}

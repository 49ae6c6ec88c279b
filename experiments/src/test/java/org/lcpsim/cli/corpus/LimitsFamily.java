package org.lcpsim.cli.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sweeps at and beyond the documented limits: grids of 10,000,000 points (the cap) that validate
 * accepts within a second or two, grids one point over the cap and beyond 2^63 refused at once,
 * ranges too long, too fine or beyond exact integers, filters that keep nothing, samples larger
 * than the sweep, paths too deep or with empty segments, a bad value or combination hidden in a
 * huge grid, and a bad combination a filter removes (accepted). Every refusal is a positioned
 * error, from validate and from run alike.
 */
final class LimitsFamily implements Family {
    static final String GOOD = ExperimentFieldsFamily.GOOD;

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public String covers() {
        return "huge sweeps: at the 10M cap, beyond it and beyond 2^63, long and fine ranges, empty filters and samples,"
                + " deep and malformed paths, bad values and combinations hidden in huge grids";
    }

    /** A sweep section (its lines after "sweep:"), what it must give, and a pattern stderr must contain. */
    private record Sweep(String name, String lines, int exit, String err) {
    }

    private static final String CAP = "at most 10000000";

    private static List<Sweep> sweeps() {
        List<Sweep> s = new ArrayList<>();
        // at the cap, accepted quickly: ranges, lists, zips, filters and samples over 10^7 points
        s.add(new Sweep("cap-two-ranges", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n", 0, null));
        s.add(new Sweep("cap-float-range", "  strategy.fatten: {from: 0, to: 0.999999, step: 0.000001}\n"
                + "  seed: {from: 1, to: 10}\n", 0, null));
        s.add(new Sweep("cap-seven-axes", "  seed: {from: 1, to: 10}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  strategy.fatten: {from: 0, to: 0.9, step: 0.1}\n  replications: {from: 1, to: 10}\n"
                + "  workload.requests: {from: 1, to: 10}\n  workload.warmup: {from: 0, to: 9}\n"
                + "  input.bytes: {from: 1, to: 1000, step: 100}\n", 0, null));
        s.add(new Sweep("cap-zip-of-ranges", "  zip: {seed: {from: 1, to: 1000000}, workload.requests: {from: 1, to: 1000000}}\n"
                + "  strategy.branches: {from: 1, to: 10}\n", 0, null));
        s.add(new Sweep("cap-deployment-axes", "  cluster.devices.0.count: {from: 1, to: 100}\n"
                + "  strategy.branches: {from: 1, to: 100}\n  seed: {from: 1, to: 1000}\n", 0, null));
        s.add(new Sweep("cap-filtered", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  where: seed > 999000 and strategy.branches <= 4\n", 0, null));
        s.add(new Sweep("cap-filter-keeps-almost-all", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  where: seed > 1 or strategy.branches > 9\n", 0, null));
        s.add(new Sweep("cap-filter-two-axes", "  seed: {from: 1, to: 100000}\n  strategy.branches: {from: 1, to: 100}\n"
                + "  where: strategy.branches <= seed\n", 0, null));
        s.add(new Sweep("cap-sampled", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  sample: {count: 1000, seed: 7}\n", 0, null));
        s.add(new Sweep("cap-filtered-and-sampled", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  where: strategy.branches == 3\n  sample: {count: 999999, seed: 7}\n", 0, null));
        s.add(new Sweep("cap-devices-filter", "  cluster.devices.0.count: {from: 1, to: 64}\n  strategy.branches: {from: 1, to: 64}\n"
                + "  seed: {from: 1, to: 2000}\n  where: strategy.branches <= cluster.devices.0.count\n", 0, null));
        // a combination that would fail (d7 on fewer than 8 devices) left out by the filter: accepted
        s.add(new Sweep("filter-removes-the-bad-combination", "  cluster.devices.0.count: {from: 1, to: 8}\n"
                + "  strategy: [{kind: lcp, branches: 2}, {kind: lcp, branches: 2, finalDevice: d7}]\n"
                + "  seed: {from: 1, to: 100000}\n"
                + "  where: strategy.finalDevice != 'd7' or cluster.devices.0.count == 8\n", 0, null));
        // one over the cap, and far beyond
        s.add(new Sweep("cap-plus-one", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  replications: [1, 2]\n  where: replications == 1\n", 2, CAP));
        s.add(new Sweep("over-cap-two-ranges", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 11}\n", 2, CAP));
        s.add(new Sweep("over-cap-list", "  seed: {from: 1, to: 1000000}\n  strategy.branches: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n",
                2, CAP));
        s.add(new Sweep("over-cap-square", "  seed: {from: 1, to: 1000000}\n  strategy.fatten: {from: 0, to: 0.999999, step: 0.000001}\n",
                2, "1000000000000 design points"));
        StringBuilder beyond = new StringBuilder();
        for (String p : List.of("seed", "strategy.branches", "strategy.fatten", "replications", "workload.requests",
                "workload.warmup", "input.bytes")) {
            beyond.append("  ").append(p).append(": {from: 1, to: 1000}\n");
        }
        s.add(new Sweep("beyond-2-63", beyond.toString(), 2, "more than 9223372036854775807 design points"));
        s.add(new Sweep("beyond-2-63-with-filter", beyond + "  where: seed < 2\n", 2, "more than 9223372036854775807"));
        s.add(new Sweep("beyond-2-63-with-sample", beyond + "  sample: {count: 1, seed: 1}\n", 2, "more than 9223372036854775807"));
        // ranges
        s.add(new Sweep("range-one-too-long", "  seed: {from: 0, to: 1000000}\n", 2, "range has 1000001 values"));
        s.add(new Sweep("range-1e300-steps", "  strategy.fatten: {from: 0, to: 1e300, step: 1e-300}\n", 2, "more than 1e18"));
        s.add(new Sweep("range-infinite", "  strategy.fatten: {from: 0, to: .inf}\n", 2, "sweep\\.strategy\\.fatten"));
        s.add(new Sweep("range-nan", "  strategy.fatten: {from: .nan, to: 1}\n", 2, "sweep\\.strategy\\.fatten"));
        s.add(new Sweep("range-step-zero", "  seed: {from: 1, to: 10, step: 0}\n", 2, "step"));
        s.add(new Sweep("range-step-negative", "  seed: {from: 1, to: 10, step: -1}\n", 2, "step"));
        s.add(new Sweep("range-goes-down", "  seed: {from: 10, to: 1}\n", 2, "range goes down"));
        s.add(new Sweep("range-beyond-exact-integers", "  seed: {from: 9007199254740993, to: 9007199254741000}\n", 2,
                "counts exactly up to"));
        s.add(new Sweep("range-step-below-precision", "  strategy.fatten: {from: 1e17, to: 1.0000000000000002e17, step: 1}\n",
                2, "too small for numbers as large"));
        s.add(new Sweep("range-huge-but-short", "  seed: {from: -9007199254740992, to: 9007199254740992, step: 9007199254740992}\n",
                0, null));
        // filters and samples that keep nothing or ask for too much
        s.add(new Sweep("filter-keeps-nothing-huge", "  seed: {from: 1, to: 1000000}\n  strategy.branches: {from: 1, to: 10}\n"
                + "  where: seed < 0\n", 2, "keeps no design point"));
        s.add(new Sweep("filter-keeps-nothing-two-axes", "  seed: {from: 1, to: 100000}\n  strategy.branches: {from: 1, to: 100}\n"
                + "  where: strategy.branches > seed and seed > 100\n", 2, "keeps no design point"));
        s.add(new Sweep("filter-keeps-nothing-joint", "  seed: {from: 1, to: 100000}\n  strategy.branches: {from: 1, to: 100}\n"
                + "  where: [strategy.branches > seed, seed > 200]\n", 2, "keeps no design point"));
        s.add(new Sweep("filter-constant-false", "  seed: {from: 1, to: 1000000}\n  where: name == 'other'\n", 2,
                "keeps no design point"));
        s.add(new Sweep("sample-larger-than-grid", "  seed: {from: 1, to: 10}\n  sample: {count: 11, seed: 1}\n", 2,
                "sweep\\.sample\\.count: asks for 11"));
        s.add(new Sweep("sample-larger-than-filtered", "  seed: {from: 1, to: 1000000}\n  where: seed <= 5\n"
                + "  sample: {count: 6, seed: 1}\n", 2, "but the sweep has 5 after its filter"));
        s.add(new Sweep("sample-int-max", "  seed: {from: 1, to: 1000000}\n  sample: {count: 2147483647, seed: 1}\n", 2,
                "sweep\\.sample\\.count"));
        s.add(new Sweep("sample-beyond-int", "  seed: {from: 1, to: 10}\n  sample: {count: 2147483648, seed: 1}\n", 2,
                "sweep\\.sample\\.count"));
        s.add(new Sweep("sample-zero", "  seed: {from: 1, to: 10}\n  sample: {count: 0, seed: 1}\n", 2, "sweep\\.sample\\.count"));
        // paths
        s.add(new Sweep("path-trailing-dot", "  'strategy.': [1, 2]\n", 2, "empty name at its end"));
        s.add(new Sweep("path-double-dot", "  strategy..branches: [1, 2]\n", 2, "empty name between two dots"));
        s.add(new Sweep("path-leading-dot", "  .strategy.branches: [1, 2]\n", 2, "sweep"));
        s.add(new Sweep("path-blank-segment", "  'strategy. .branches': [1, 2]\n", 2, "empty name"));
        s.add(new Sweep("path-101-segments", "  strategy" + ".x".repeat(100) + ": [1]\n", 2, "at most 100 segments"));
        s.add(new Sweep("path-24000-segments", "  ? strategy" + ".x".repeat(24_000) + "\n  : [1]\n", 2, "at most 100 segments"));
        s.add(new Sweep("path-through-a-scalar", "  model.depth: [1, 2]\n", 2, "cannot sweep this path"));
        s.add(new Sweep("path-past-a-list", "  cluster.devices.5.count: [1, 2]\n", 2, "cannot sweep this path"));
        s.add(new Sweep("path-not-sweepable", "  name: [a, b]\n", 2, "cannot sweep 'name'"));
        s.add(new Sweep("path-unknown-field-huge", "  strategy.branchez: {from: 1, to: 1000000}\n  seed: [1, 2]\n", 2,
                "unknown field"));
        // a bad value or combination hidden in a huge grid
        s.add(new Sweep("bad-range-end-in-huge-grid", "  cluster.devices.0.count: {from: 1, to: 10001}\n"
                + "  seed: {from: 1, to: 900}\n", 2, "must be between 1 and 10000, got 10001"));
        s.add(new Sweep("bad-list-value-last-in-huge-grid", "  seed: {from: 1, to: 1000000}\n"
                + "  strategy.branches: [1, 2, 3, 4, 5, 6, 7, 8, 9, 4097]\n", 2, "must be between 1 and 4096, got 4097"));
        s.add(new Sweep("bad-combination-in-huge-grid", "  cluster.devices.0.count: {from: 1, to: 8}\n"
                + "  strategy: [{kind: lcp, branches: 2}, {kind: lcp, branches: 2, finalDevice: d7}]\n"
                + "  seed: {from: 1, to: 100000}\n", 2, "device d7 does not exist"));
        s.add(new Sweep("bad-measured-requests-in-huge-grid", "  workload.requests: {from: 1, to: 1000000}\n"
                + "  replications: [1, 5, 10, 11]\n", 2, "measured requests"));
        s.add(new Sweep("bad-value-in-mapping-list", "  seed: {from: 1, to: 1000000}\n"
                + "  network: [{preset: wifi-rpi}, {kind: point-to-point, bandwidthMbps: 1e-300, latencyMs: 1}]\n", 2,
                "network"));
        return s;
    }

    @Override
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Sweep s : sweeps()) {
            String yaml = GOOD + "sweep:\n" + s.lines();
            out.add(Case.text(name(), "validate-" + s.name(), Map.of("exp.yaml", yaml), List.of("validate", "{dir}/exp.yaml"),
                    s.exit(), s.err(), s.exit() == 2));
            if (s.exit() == 2) {
                // run refuses the same, before it simulates anything
                out.add(Case.text(name(), "run-" + s.name(), Map.of("exp.yaml", yaml), List.of("run", "{dir}/exp.yaml", "--out",
                        "{dir}/out", "--no-progress", "--no-report"), 2, s.err(), true));
            }
        }
        return out;
    }
}

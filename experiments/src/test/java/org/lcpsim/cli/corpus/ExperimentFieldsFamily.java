package org.lcpsim.cli.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each top-level field of a valid experiment given a value of the wrong kind (a number, a list, a
 * mapping, text, null) or an unknown key beside it: validate and run both refuse with exit 2 and
 * an error positioned at the field.
 */
final class ExperimentFieldsFamily implements Family {
    static final String GOOD = """
            name: corpus
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster: {devices: [{preset: rpi3, count: 2}]}
            network: {preset: wifi-rpi}
            workload: {requests: 3, warmup: 0}
            replications: 1
            seed: 1
            """;

    @Override
    public String name() {
        return "fields";
    }

    @Override
    public String covers() {
        return "every top-level field of an experiment with a value of the wrong kind, and unknown keys beside each";
    }

    /** The bad values that are fine for a field: a name may be any non-empty text, a seed any integer. */
    private static boolean valid(String field, String value) {
        return switch (field) {
            case "name" -> List.of("12345", "'?'", "-1", "1.5e400").contains(value);
            case "seed" -> value.equals("12345") || value.equals("-1");
            case "replications" -> value.equals("12345");
            default -> false;
        };
    }

    @Override
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String[] fields = {"name", "model", "strategy", "cluster", "network", "workload", "replications", "seed"};
        String[] bad = {"[1, 2]", "{x: 1}", "12345", "null", "'?'", "''", "-1", "1.5e400"};
        for (String field : fields) {
            for (int b = 0; b < bad.length; b++) {
                if (valid(field, bad[b])) {
                    continue;
                }
                String yaml = GOOD.replaceFirst("(?m)^" + field + ":.*$", field + ": " + bad[b]);
                for (String command : List.of("validate", "run")) {
                    List<String> args = command.equals("run") ? List.of("run", "{dir}/exp.yaml", "--out", "{dir}/out",
                            "--no-progress", "--no-report") : List.of("validate", "{dir}/exp.yaml");
                    out.add(Case.text(name(), command + "-" + field + "-" + b, Map.of("exp.yaml", yaml), args, 2,
                            "exp\\.yaml:\\d+:\\d+: \\$\\." + field, true));
                }
            }
            out.add(Case.text(name(), "unknown-key-after-" + field, Map.of("exp.yaml", GOOD.replaceFirst("(?m)^" + field
                    + ":", "zzz_" + field + ": 1\n" + field + ":")), List.of("validate", "{dir}/exp.yaml"), 2,
                    "unknown field", true));
        }
        // nested fields: each replacement turns one value of the valid file into a bad one
        String[][] nested = {
                {"model: lenet", "model: lenett", "model"}, {"model: lenet", "model: {file: missing.yaml}", "model.file"},
                {"kind: lcp", "kind: lcpp", "strategy.kind"}, {"branches: 2", "branches: 0", "strategy.branches"},
                {"branches: 2", "branches: -3", "strategy.branches"}, {"branches: 2", "branches: 1.5", "strategy.branches"},
                {"branches: 2", "branches: two", "strategy.branches"}, {"branches: 2", "branches: 99999999999", "strategy.branches"},
                {"branches: 2", "branches: 2, fatten: -0.5", "strategy.fatten"},
                {"branches: 2", "branches: 2, fatten: nan", "strategy.fatten"},
                {"branches: 2", "branches: 2, finalDevice: d9", "strategy.finalDevice"},
                {"branches: 2", "branches: 2, inputDelivery: broadcast", "strategy.inputDelivery"},
                {"preset: rpi3", "preset: rpi99", "cluster.devices[0].preset"},
                {"count: 2", "count: 0", "cluster.devices[0].count"}, {"count: 2", "count: -2", "cluster.devices[0].count"},
                {"count: 2", "count: many", "cluster.devices[0].count"},
                {"count: 2", "count: 2, memoryMb: -1", "cluster.devices[0].memoryMb"},
                {"count: 2", "count: 2, framework: caffe", "cluster.devices[0].framework"},
                {"{devices:", "{source: d7, devices:", "cluster.source"},
                {"preset: wifi-rpi", "preset: wifi-moon", "network.preset"},
                {"preset: wifi-rpi", "kind: carrier-pigeon", "network.kind"},
                {"requests: 3", "requests: 0", "workload.requests"}, {"requests: 3", "requests: -1", "workload.requests"},
                {"requests: 3", "requests: 1e12", "workload.requests"}, {"warmup: 0", "warmup: -1", "workload.warmup"},
                {"warmup: 0", "warmup: 0, arrival: {kind: burst}", "workload.arrival.kind"},
                {"warmup: 0", "warmup: 0, arrival: {kind: periodic}", "workload.arrival.fps"},
                {"warmup: 0", "warmup: 0, arrival: {kind: periodic, fps: -4}", "workload.arrival.fps"},
                {"warmup: 0", "warmup: 0, arrival: {kind: poisson, ratePerS: 0}", "workload.arrival.ratePerS"},
                {"warmup: 0", "warmup: 0, arrival: {kind: closed, concurrency: 0}", "workload.arrival.concurrency"},
                {"warmup: 0", "warmup: 0, horizonS: -3", "workload.horizonS"},
                {"warmup: 0", "warmup: 0, batch: 0", "workload.batch"}, {"warmup: 0", "warmup: 0, batch: -4", "workload.batch"},
                {"warmup: 0", "warmup: 0, batch: 2.5", "workload.batch"}, {"warmup: 0", "warmup: 0, batch: four", "workload.batch"},
                {"warmup: 0", "warmup: 0, batch: 1025", "workload.batch"}, {"warmup: 0", "warmup: 0, batch: true", "workload.batch"},
                {"warmup: 0", "warmup: 0, batch: [4]", "workload.batch"},
                {"replications: 1", "replications: 0", "replications"},
                {"replications: 1", "replications: 1.5", "replications"},
                {"seed: 1", "seed: 1.5", "seed"}, {"seed: 1", "seed: 99999999999999999999999", "seed"},
                {"seed: 1", "seed: 1\nenergy: {scope: everything}", "energy.scope"},
                {"seed: 1", "seed: 1\nenergy: {idle: sometimes}", "energy.idle"},
                {"seed: 1", "seed: 1\nprecision: {weights: fp3}", "precision.weights"},
                {"seed: 1", "seed: 1\ninput: {dtype: uint7}", "input.dtype"},
                {"seed: 1", "seed: 1\ninput: {bytes: -5}", "input.bytes"},
        };
        for (int i = 0; i < nested.length; i++) {
            String yaml = GOOD.replaceFirst(java.util.regex.Pattern.quote(nested[i][0]), nested[i][1].replace("\\n", "\n"));
            String path = java.util.regex.Pattern.quote("$." + nested[i][2]);
            for (String command : List.of("validate", "run")) {
                List<String> args = command.equals("run") ? List.of("run", "{dir}/exp.yaml", "--out", "{dir}/out",
                        "--no-progress", "--no-report") : List.of("validate", "{dir}/exp.yaml");
                out.add(Case.text(name(), "nested-" + command + "-" + nested[i][2] + "-" + i, Map.of("exp.yaml", yaml), args, 2,
                        "exp\\.yaml:\\d+:\\d+: " + path, true));
            }
        }
        return out;
    }
}

package org.lcpsim.cli.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values that passed validate and then failed run: denormal rates and absurd latencies (a run
 * beyond the simulated time the engine represents), shapes and counts that overflow a long,
 * memory that overflows when counted in bytes, power and energy that make energy infinite,
 * accuracy tables with NaN, negative or 1e308 percentages, two classifier heads, an empty name,
 * a trailing-dot sweep path, more devices or measured requests than a run can hold. Each is put
 * into one of the valid bases of {@link Extremes} (experiment, model, device, network, workload,
 * accuracy and profile files) and must be refused with a positioned error by validate and by run.
 */
final class ValuesFamily implements Family {
    @Override
    public String name() {
        return "values";
    }

    @Override
    public String covers() {
        return "extreme numbers in model, device, network, workload, accuracy and profile files that the simulation"
                + " cannot represent: refused by validate and run alike, positioned";
    }

    /** A value put at a field of a base's file, and where the error must point (file and path). */
    private record Value(int base, String file, String field, String value, String errFile, String errPath) {
    }

    private static List<Value> values() {
        List<Value> v = new ArrayList<>();
        // 0: lcp, roofline, point-to-point with tcp/rpc/energy, periodic, a sweep with a sample
        v.add(new Value(0, "exp.yaml", "$.workload.arrival.fps", "1e-308", "exp.yaml", "$.workload.arrival.fps"));
        v.add(new Value(0, "exp.yaml", "$.workload.arrival.fps", "1e-9", "exp.yaml", "$.workload.arrival.fps"));
        v.add(new Value(0, "exp.yaml", "$.network.bandwidthMbps", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.latencyMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.tcp.windowBytes", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.tcp.latencyFactor", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.rpc.fixedMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.rpc.perKBMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.rpc.bytesPerKB", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(0, "exp.yaml", "$.network.energy.txNjPerByte", "1e308", "exp.yaml", "$.network.energy.txNjPerByte"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].peakGflops", "1e-300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].memoryBandwidthGBps", "1e-300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].layerOverheadMs", "1e300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].layerOverheadMs", "1e308", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].memoryMb", "1e308", "exp.yaml", "$.cluster.devices[0].memoryMb"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].power.activeW", "1e308", "exp.yaml",
                "$.cluster.devices[0].power.activeW"));
        v.add(new Value(0, "exp.yaml", "$.cluster.devices[0].count", "2000000000", "exp.yaml", "$.cluster.devices[0].count"));
        v.add(new Value(0, "exp.yaml", "$.input.bytes", "9223372036854775807", "exp.yaml", "$.input.bytes"));
        v.add(new Value(0, "exp.yaml", "$.workload.requests", "2147483648", "exp.yaml", "$.workload.requests"));
        v.add(new Value(0, "exp.yaml", "$.sweep.seed.to", "1e308", "exp.yaml", "$.sweep.seed"));
        v.add(new Value(0, "exp.yaml", "$.sweep.sample.count", "3", "exp.yaml", "$.sweep.sample.count"));
        // 1: model parallelism, cpu with swap and a profile, shared medium with a wired source, poisson, a model file
        v.add(new Value(1, "exp.yaml", "$.workload.arrival.ratePerS", "1e-300", "exp.yaml", "$.workload.arrival.ratePerS"));
        v.add(new Value(1, "exp.yaml", "$.cluster.devices[0].coreGflops", "1e-308", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(1, "exp.yaml", "$.cluster.devices[0].frameworkMb", "1e300", "exp.yaml", "$.cluster.devices[0].frameworkMb"));
        v.add(new Value(1, "exp.yaml", "$.cluster.devices[0].profile[0].ms", "1e300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(1, "exp.yaml", "$.cluster.devices[0].efficiency.default", "1e-300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(1, "exp.yaml", "$.network.bandwidthMbps", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(1, "exp.yaml", "$.network.sourceLinkMbps", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(1, "exp.yaml", "$.network.sourceLatencyMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(1, "exp.yaml", "$.network.latencyMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(1, "exp.yaml", "$.network.multicastRateFactor", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(1, "exp.yaml", "$.network.airtimeEfficiency", "1e-300", "exp.yaml", "$.network"));
        // 2^31 - 1 filters fit (5.5e11 elements), but the depthwise layer after them doubles the channels past an int
        v.add(new Value(1, "m.yaml", "$.layers[0].filters", "2147483647", "m.yaml", "$.layers[1]"));
        v.add(new Value(1, "m.yaml", "$.layers[0].padding", "2147483647", "m.yaml", "$.layers[0]"));
        v.add(new Value(1, "m.yaml", "$.layers[0].kernel", "2147483647", "m.yaml", "$.layers[0]"));
        v.add(new Value(1, "m.yaml", "$.layers[1].multiplier", "2147483647", "m.yaml", "$.layers[1]"));
        v.add(new Value(1, "m.yaml", "$.input[0]", "2147483648", "m.yaml", "$.input[0]"));
        // 2: pipeline, systolic, switched, closed loop with a horizon, an explore section with inline accuracy
        v.add(new Value(2, "exp.yaml", "$.cluster.devices[0].clockMHz", "1e-300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(2, "exp.yaml", "$.cluster.devices[0].offChip.mbpsPerPin", "1e-300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(2, "exp.yaml", "$.cluster.devices[0].layerSetupCycles", "1e300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(2, "exp.yaml", "$.cluster.devices[0].power.staticW", "1e308", "exp.yaml",
                "$.cluster.devices[0].power.staticW"));
        v.add(new Value(2, "exp.yaml", "$.network.portMbps", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(2, "exp.yaml", "$.network.switchLatencyMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(2, "exp.yaml", "$.network.hopLatencyMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(2, "exp.yaml", "$.network.backplaneMbps", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(2, "exp.yaml", "$.workload.horizonS", "1e-300", "exp.yaml", "$.workload.horizonS"));
        v.add(new Value(2, "exp.yaml", "$.explore.accuracy.rows[0].top1Pct", "1e308", "exp.yaml",
                "$.explore.accuracy.rows[0].top1Pct"));
        v.add(new Value(2, "exp.yaml", "$.explore.accuracy.rows[0].top1Pct", ".nan", "exp.yaml",
                "$.explore.accuracy.rows[0].top1Pct"));
        v.add(new Value(2, "exp.yaml", "$.explore.nsga2.population", "2147483648", "exp.yaml", "$.explore.nsga2.population"));
        // 3: data parallelism, a preset with overrides, measured-linear
        v.add(new Value(3, "exp.yaml", "$.network.interceptMs", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(3, "exp.yaml", "$.network.slopeMsPerKB", "1e300", "exp.yaml", "$.network"));
        v.add(new Value(3, "exp.yaml", "$.network.bytesPerKB", "1e-300", "exp.yaml", "$.network"));
        v.add(new Value(3, "exp.yaml", "$.cluster.devices[0].coreGflops", "1e-300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(3, "exp.yaml", "$.cluster.devices[0].memoryMb", "1e308", "exp.yaml", "$.cluster.devices[0].memoryMb"));
        // 4: a network preset given a measured station-to-station rate
        v.add(new Value(4, "exp.yaml", "$.network.stationToStationMbps", "1e-300", "exp.yaml", "$.network"));
        // 5: a profile and an accuracy table in CSV files
        v.add(new Value(5, "acc.csv", "row 1 top1_pct", "NaN", "acc.csv", "$.top1_pct"));
        v.add(new Value(5, "acc.csv", "row 2 top1_pct", "-5", "acc.csv", "$.top1_pct"));
        v.add(new Value(5, "acc.csv", "row 3 top1_pct", "1e308", "acc.csv", "$.top1_pct"));
        v.add(new Value(5, "acc.csv", "row 1 branches", "0", "acc.csv", "$.branches"));
        v.add(new Value(5, "acc.csv", "row 2 fatten", "Infinity", "acc.csv", "$.fatten"));
        v.add(new Value(5, "prof.csv", "row 1 time_ms", "1e300", "exp.yaml", "$.cluster.devices[0]"));
        v.add(new Value(5, "prof.csv", "row 1 time_ms", "NaN", "prof.csv", "$"));
        return v;
    }

    /** Hand-written ones: several numbers at once, or a text change. */
    private static Map<String, Map<String, String>> texts() {
        Map<String, Map<String, String>> t = new LinkedHashMap<>();
        String good = ExperimentFieldsFamily.GOOD;
        Extremes.Base b1 = Extremes.bases().get(1);
        Map<String, String> huge = new LinkedHashMap<>(b1.files());
        huge.put("m.yaml", b1.files().get("m.yaml").replace("input: [3, 16, 16]", "input: [3, 2147483647, 2147483647]"));
        t.put("model-input-2^31-squared", huge);
        Map<String, String> heads = new LinkedHashMap<>(b1.files());
        heads.put("m.yaml", b1.files().get("m.yaml").replace("{type: softmax}", "{name: fc2, type: dense, units: 5, head: true}"));
        t.put("model-two-heads", heads);
        // a model that does not fit, paged at 1e-300 MB/s (with room for it, the swap is never used, and the value is fine)
        Map<String, String> swap = new LinkedHashMap<>(b1.files());
        swap.put("exp.yaml", b1.files().get("exp.yaml").replace("memoryMb: 512", "memoryMb: 100.001")
                .replace("bandwidthMBps: 50", "bandwidthMBps: 1e-300"));
        t.put("swap-denormal-bandwidth", swap);
        t.put("empty-name", Map.of("exp.yaml", good.replace("name: corpus", "name: \"\"")));
        t.put("blank-name", Map.of("exp.yaml", good.replace("name: corpus", "name: '   '")));
        t.put("sweep-trailing-dot", Map.of("exp.yaml", good + "sweep:\n  'strategy.': [1, 2]\n"));
        t.put("measured-requests-overflow", Map.of("exp.yaml", good.replace("requests: 3", "requests: 10000000")
                .replace("replications: 1", "replications: 100000")));
        t.put("devices-together-too-many", Map.of("exp.yaml", good.replace("{devices: [{preset: rpi3, count: 2}]}",
                "{devices: [{preset: rpi3, count: 5000}, {preset: rpi3, count: 5000}, {preset: rpi3, count: 5000}]}")));
        t.put("requests-at-most-yet-too-long", Map.of("exp.yaml", good.replace("requests: 3", "requests: 10000000")
                .replace("preset: rpi3", "kind: roofline, peakGflops: 0.00001, memoryBandwidthGBps: 1, memoryMb: 100")));
        return t;
    }

    private static final Map<String, String> PATTERNS = Map.of("model-input-2^31-squared", "m\\.yaml:\\d+:\\d+: \\$\\.input",
            "model-two-heads", "m\\.yaml:\\d+:\\d+: \\$\\.layers\\[\\d+\\]\\.head", "empty-name", "exp\\.yaml:1:\\d+: \\$\\.name",
            "blank-name", "exp\\.yaml:1:\\d+: \\$\\.name", "sweep-trailing-dot", "exp\\.yaml:\\d+:\\d+: \\$\\.sweep\\.strategy\\.",
            "measured-requests-overflow", "exp\\.yaml:\\d+:\\d+: \\$\\.replications: requests x replications",
            "devices-together-too-many", "exp\\.yaml:\\d+:\\d+: \\$\\.cluster\\.devices: the cluster has 15000 devices",
            "requests-at-most-yet-too-long", "exp\\.yaml:\\d+:\\d+: \\$\\.workload\\.requests: one request takes up to",
            "swap-denormal-bandwidth", "exp\\.yaml:\\d+:\\d+: \\$\\.cluster\\.devices\\[0\\]: one request takes up to");

    @Override
    public List<Case> cases() {
        List<Extremes.Site> sites = Extremes.sites();
        List<Case> out = new ArrayList<>();
        int i = 0;
        for (Value v : values()) {
            Extremes.Base base = Extremes.bases().get(v.base());
            Extremes.Site site = sites.stream().filter(s -> s.base().name().equals(base.name()) && s.file().equals(v.file())
                    && s.field().equals(v.field())).findFirst().orElseThrow(() -> new IllegalStateException("no site " + v));
            String err = Pattern.quote(v.errFile()) + ":\\d+:\\d+: " + Pattern.quote(v.errPath());
            add(out, (i++) + "-" + base.name().split("-")[0] + "-" + v.field().replaceAll("[^A-Za-z0-9]+", ".") + "="
                    + v.value(), site.with(v.value()), err);
        }
        for (Map.Entry<String, Map<String, String>> t : texts().entrySet()) {
            add(out, t.getKey(), t.getValue(), PATTERNS.get(t.getKey()));
        }
        return out;
    }

    private void add(List<Case> out, String name, Map<String, String> files, String err) {
        out.add(Case.text(name(), "validate-" + name, files, List.of("validate", "{dir}/exp.yaml"), 2, err, true));
        out.add(Case.text(name(), "run-" + name, files, List.of("run", "{dir}/exp.yaml", "--out", "{dir}/out", "--no-progress",
                "--no-report"), 2, err, true));
    }
}

package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code network: {sharing: equal | rtt}} through the command line: validated at its position, and run. */
class SharingCliTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            name: sharing
            model: cifarnet
            strategy: {kind: lcp, branches: 4}
            cluster: {devices: [{preset: rpi3, count: 4}]}
            network: %s
            input: {bytes: %d}
            workload: {requests: 20, warmup: 1, arrival: {kind: periodic, fps: %s}}
            replications: 1
            """;

    private Map<String, String> run(String network) throws IOException {
        return run(network, 16_000, "4");
    }

    private Map<String, String> run(String network, long inputBytes, String fps) throws IOException {
        Path f = dir.resolve("e" + Math.abs((network + inputBytes + fps).hashCode()) + ".yaml");
        Files.writeString(f, BASE.formatted(network, inputBytes, fps));
        Path out = dir.resolve("out" + Math.abs((network + inputBytes + fps).hashCode()));
        CliHarness.Result r = CliHarness.run("run", f.toString(), "--out", out.toString(), "--no-progress", "--no-report");
        assertEquals(0, r.exitCode(), r.err());
        return Csv.records(out.resolve("results.csv")).get(0);
    }

    @Test
    void anUnknownPolicyIsABadInputAtItsPosition() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, BASE.formatted("{preset: ethernet-1g, sharing: fastest}", 16_000, "4"));
        for (String command : new String[] {"validate", "run"}) {
            CliHarness.Result r = command.equals("run")
                    ? CliHarness.run("run", f.toString(), "--out", dir.resolve("o").toString(), "--no-progress")
                    : CliHarness.run("validate", f.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("bad.yaml:5:41: $.network.sharing: unknown value 'fastest'; expected one of: "
                    + "equal, rtt"), r.err());
        }
    }

    /**
     * On a WiFi cell every station-to-station flow has the same latency and crosses the same air:
     * the same weights, so rtt gives equal's latencies. With a wired source 0.5 ms away and 1.5 MB
     * inputs at 2.2 requests/s, the next request's input takes a larger share of the air than the
     * branch outputs it meets (8.83 ms): rtt differs.
     */
    @Test
    void rttEqualsEqualWhereEveryRouteIsAlikeAndNotElsewhere() throws IOException {
        Map<String, String> rtt = run("{preset: wifi-rpi, sharing: rtt, tcp: {latencyFactor: 1, bandwidthFactor: 1}}");
        Map<String, String> equal = run("{preset: wifi-rpi, tcp: {latencyFactor: 1, bandwidthFactor: 1}}");
        assertEquals("ok", rtt.get("status"));
        double mean = Double.parseDouble(equal.get("latency_ms_mean"));
        assertEquals(mean, Double.parseDouble(rtt.get("latency_ms_mean")), 1e-9 * mean);
        String wired = "{preset: wifi-rpi, sourceWired: true, sourceLatencyMs: 0.5%s}";
        Map<String, String> s1 = run(wired.formatted(""), 1_500_000, "2.2");
        Map<String, String> s2 = run(wired.formatted(", sharing: rtt"), 1_500_000, "2.2");
        assertEquals("ok", s2.get("status"));
        assertNotEquals(s1.get("latency_ms_mean"), s2.get("latency_ms_mean"));
    }
}

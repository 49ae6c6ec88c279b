package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cluster options on the command line: help, bad input (exit 2), an unreachable cluster (exit 1, bounded). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCommandTest {
    @TempDir
    Path dir;

    private Path experiment() throws IOException {
        Path f = dir.resolve("one.yaml");
        Files.writeString(f, """
                name: one
                model: lenet
                strategy: {kind: lcp, branches: 2}
                cluster: {devices: [{preset: rpi3, count: 2}]}
                network: {preset: wifi-rpi}
                workload: {requests: 5, warmup: 0}
                """);
        return f;
    }

    @Test
    void workerHelp() {
        CliHarness.Result r = CliHarness.run("worker", "--help");
        assertEquals(0, r.exitCode(), r.err());
        for (String option : new String[] {"--cluster=HOST:PORT[,HOST:PORT...]", "--bind=HOST:PORT", "--cluster-name=NAME",
                "--password=SECRET", "--threads=N", "LCPSIM_CLUSTER_PASSWORD"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertTrue(CliHarness.run("--help").out().contains("worker"), "listed among the commands");
    }

    @Test
    void malformedAddressesAreBadInput() throws IOException {
        String file = experiment().toString();
        String out = dir.resolve("out").toString();
        String[][] cases = {
                {"worker", "--cluster", "localhost"},
                {"worker", "--cluster", "127.0.0.1:0"},
                {"worker", "--cluster", "127.0.0.1:65536"},
                {"worker", "--cluster", "127.0.0.1:5701,,127.0.0.1:5702"},
                {"worker", "--cluster", "127.0.0.1:5701", "--bind", "127.0.0.1"},
                {"worker", "--cluster", "::1:5701"},
                {"run", file, "--out", out, "--cluster", "host:port"},
                {"explore", file, "--out", out, "--cluster", ":5701"},
        };
        for (String[] args : cases) {
            CliHarness.Result r = CliHarness.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.err().contains("Invalid value for option"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing written on bad input");
    }

    @Test
    void otherBadInputIsExitTwoWithAMessage() throws IOException {
        assertBadInput("worker needs --cluster HOST:PORT", "worker");
        // TEST-NET-1 (RFC 5737): an address that is on no machine; nothing is sent to it
        assertBadInput("none of the --cluster addresses is on this machine", "worker", "--cluster", "192.0.2.1:5701");
        assertBadInput("--bind 192.0.2.1:5701: 192.0.2.1 is not an address of this machine", "worker", "--cluster",
                "127.0.0.1:5701", "--bind", "192.0.2.1:5701");
        assertBadInput("cluster name 'a b' must be", "worker", "--cluster", "127.0.0.1:5701", "--cluster-name", "a b");
        assertBadInput("--threads must be >= 1", "worker", "--cluster", "127.0.0.1:5701", "--threads", "0");
        assertBadInput("--cluster-timeout-s must be >= 1", "run", experiment().toString(), "--out", dir.resolve("o").toString(),
                "--no-progress", "--cluster", "127.0.0.1:5701", "--cluster-timeout-s", "0");
    }

    private static void assertBadInput(String message, String... args) {
        CliHarness.Result r = CliHarness.run(args);
        assertEquals(2, r.exitCode(), String.join(" ", args) + "\n" + r.err());
        assertTrue(r.err().startsWith("lcpsim: " + message), r.err());
    }

    @Test
    void nobodyAtTheAddressFailsWithinTheTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        CliHarness.Result r = CliHarness.run("run", experiment().toString(), "--out", dir.resolve("out").toString(), "--no-progress",
                "--no-report", "--cluster", "127.0.0.1:" + port, "--cluster-timeout-s", "2", "--password", "s3cret");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("lcpsim: cannot join the lcpsim cluster 'lcpsim' (with a password) at 127.0.0.1:" + port + " within 2 s: no "
                + "member there answered to this cluster name and password. Are workers running there (lcpsim worker), with the "
                + "same --cluster-name and --password?\n", r.err().replace(System.lineSeparator(), "\n"));
        assertFalse(r.err().contains("s3cret"));
        assertTrue(seconds < 15, seconds + " s");
    }
}

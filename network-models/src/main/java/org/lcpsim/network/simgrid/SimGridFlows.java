package org.lcpsim.network.simgrid;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs {@link FlowScenario}s on SimGrid through {@code scripts/simgrid-flows} (Python, SimGrid
 * 3.32's bindings: Debian's python3-simgrid, which {@code scripts/install-deps --test} installs), all
 * of them in one invocation. The script is found under {@code $LCPSIM_HOME/scripts} or in a
 * {@code scripts} folder above the working directory; the interpreter is {@code $LCPSIM_PYTHON},
 * else /usr/bin/python3 (where Debian's bindings are), else python3 on the PATH.
 */
public final class SimGridFlows {
    /**
     * One scenario's result: completion time per flow (s), wall seconds to build the platform and
     * to run, CPU seconds of the run.
     */
    public record Result(String name, double[] finishS, double setupS, double runS, double runCpuS) {
    }

    private SimGridFlows() {
    }

    /** The script, if it can be found. */
    public static Optional<Path> script() {
        String home = System.getenv("LCPSIM_HOME");
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home, "scripts", "simgrid-flows");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("scripts").resolve("simgrid-flows");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String python() {
        String env = System.getenv("LCPSIM_PYTHON");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Empty when SimGrid can run here; else why not (the script or Python missing, SimGrid's bindings
     * not installed), in words for a skipped test or a benchmark's note.
     */
    public static Optional<String> unavailable() {
        Optional<Path> script = script();
        if (script.isEmpty()) {
            return Optional.of("scripts/simgrid-flows not found (set LCPSIM_HOME to the lcpsim folder)");
        }
        try {
            Process p = new ProcessBuilder(python(), script.get().toString(), "--check")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("scripts/simgrid-flows --check did not answer in 60 s");
            }
            if (p.exitValue() != 0) {
                return Optional.of("SimGrid's Python bindings are not installed (Debian package python3-simgrid; "
                        + "scripts/install-deps --test installs it): " + lastLine(out));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run " + python() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The SimGrid version the script reports, e.g. "SimGrid 3.32.0", or empty. */
    public static Optional<String> version() {
        Optional<Path> script = script();
        if (script.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(python(), script.get().toString(), "--check")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    /**
     * Runs every scenario (one process, scenarios in parallel forked children) and returns their
     * results in order. {@code options} go to the script ({@code --jobs N}, {@code --lazy},
     * {@code --no-flows}). Throws when the script fails.
     */
    public static List<Result> run(List<FlowScenario> scenarios, String... options) throws IOException {
        Path script = script().orElseThrow(() -> new IOException("scripts/simgrid-flows not found"));
        List<String> cmd = new ArrayList<>(List.of(python(), script.toString()));
        cmd.addAll(List.of(options));
        cmd.add("-");
        Path err = Files.createTempFile("simgrid-flows", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] input = FlowScenario.toJson(scenarios).getBytes(StandardCharsets.UTF_8);
            Thread writer = new Thread(() -> {
                try (OutputStream o = p.getOutputStream()) {
                    o.write(input);
                } catch (IOException e) {
                    // the process died; its exit code and stderr tell why
                }
            }, "simgrid-flows-input");
            writer.start();
            byte[] output = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            writer.join();
            JsonNode results;
            try {
                results = new ObjectMapper().readTree(output);
            } catch (IOException e) {
                throw new IOException("scripts/simgrid-flows exited with " + code + " and no result: "
                        + Files.readString(err), e);
            }
            if (results == null || !results.isArray() || results.size() != scenarios.size()) {
                throw new IOException("scripts/simgrid-flows exited with " + code + ": " + Files.readString(err));
            }
            List<Result> out = new ArrayList<>();
            for (JsonNode r : results) {
                if (r.has("error")) {
                    throw new IOException("SimGrid failed on scenario " + r.path("name").asText() + ": "
                            + r.get("error").asText() + "\n" + Files.readString(err));
                }
                JsonNode f = r.get("finish");
                double[] finish = new double[f.size()];
                for (int i = 0; i < finish.length; i++) {
                    finish[i] = f.get(i).asDouble();
                }
                out.add(new Result(r.path("name").asText(), finish, r.path("setup_s").asDouble(), r.path("run_s").asDouble(),
                        r.path("run_cpu_s").asDouble()));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while SimGrid ran", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}

package org.lcpsim.cli.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Files that are not what a configuration file is, given as the experiment file and as each file
 * an experiment names (model, device file, profile, accuracy table): FIFOs (which block whoever
 * opens them), devices ({@code /dev/zero}, {@code /dev/urandom}), a folder, a socket, links to
 * them and to the outside, a file above the size limit, not UTF-8, UTF-16, NUL bytes, a byte
 * order mark, {@code ../} and absolute paths out of the experiment's folder, and a
 * {@code /etc/passwd}-like file outside it, refused, or read with --allow-outside-files and
 * then named, never quoted. Every case ends at once with exit 2 and a message naming the file.
 */
final class FilesFamily implements Family {
    /** What a file outside the experiment's folder holds: no message may show it. */
    static final String SECRET = "s3cr3t-t0ken";
    static final String PASSWD = "root:x:0:0:" + SECRET + ":/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
            + "alice:$6$" + SECRET + ":19000:0:99999:7:::\n";
    static final String GOOD = ExperimentFieldsFamily.GOOD;
    static final String MODEL = """
            name: tiny
            input: [3, 8, 8]
            layers:
              - {type: conv2d, filters: 4, kernel: 3, padding: same}
              - {type: flatten}
              - {type: dense, units: 10, head: true}
            """;

    /** A place an experiment names a file: how the experiment names it, and the field the error is at. */
    private record Target(String name, String field, java.util.function.Function<String, String> experiment) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("model", "$.model.file", ref -> GOOD.replace("model: lenet", "model: {file: '" + ref + "'}")),
            new Target("device", "$.cluster.devices[0].file", ref -> GOOD.replace("{preset: rpi3, count: 2}",
                    "{file: '" + ref + "', count: 2}")),
            new Target("profile", "$.cluster.devices[0].profile.file", ref -> GOOD.replace("{preset: rpi3, count: 2}",
                    "{preset: rpi3, count: 2, profile: {file: '" + ref + "'}}")),
            new Target("accuracy", "$.explore.accuracy.file", ref -> GOOD + """
                    explore:
                      objectives: [{minimize: latency_ms_mean}]
                      accuracy: {file: '%s'}
                    """.formatted(ref)));

    @Override
    public String name() {
        return "files";
    }

    @Override
    public String covers() {
        return "special, huge, binary, mis-encoded and outside files as the experiment and as every file it names";
    }

    private static List<String> validate(String file, String... more) {
        List<String> args = new ArrayList<>(List.of("validate", file));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> run(String file) {
        return List.of("run", file, "--out", "{dir}/out", "--no-progress", "--no-report");
    }

    /** A pattern that must match, and that no line of stderr shows the secret. */
    static String without(String secret, String pattern) {
        return "\\A(?![\\s\\S]*" + Pattern.quote(secret) + ")[\\s\\S]*?" + pattern;
    }

    @Override
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        experimentFiles(out);
        for (Target t : TARGETS) {
            referencedFiles(t, out);
        }
        return out;
    }

    /** The experiment file itself is not a regular text file of at most 4 MiB. */
    private void experimentFiles(List<Case> out) {
        record Bad(String name, Map<String, byte[]> files, Case.Setup setup, String file, String pattern, boolean positioned) {
        }
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("fifo", Map.of(), d -> mkfifo(d.resolve("exp.yaml")), "{dir}/exp.yaml",
                "exp\\.yaml: not a regular file \\(a FIFO\\)", false));
        bad.add(new Bad("link-to-fifo", Map.of(), d -> {
            mkfifo(d.resolve("pipe"));
            Files.createSymbolicLink(d.resolve("exp.yaml"), d.resolve("pipe"));
        }, "{dir}/exp.yaml", "exp\\.yaml: not a regular file \\(a FIFO\\)", false));
        bad.add(new Bad("dev-zero", Map.of(), null, "/dev/zero", "/dev/zero: not a regular file \\(a character device\\)", false));
        bad.add(new Bad("dev-urandom", Map.of(), null, "/dev/urandom", "/dev/urandom: not a regular file", false));
        bad.add(new Bad("link-to-dev-zero", Map.of(), d -> Files.createSymbolicLink(d.resolve("exp.yaml"), Path.of("/dev/zero")),
                "{dir}/exp.yaml", "exp\\.yaml: not a regular file \\(a character device\\)", false));
        bad.add(new Bad("directory", Map.of(), d -> Files.createDirectories(d.resolve("exp.yaml")), "{dir}/exp.yaml",
                "exp\\.yaml: is a directory", false));
        bad.add(new Bad("socket", Map.of(), d -> socket(d.resolve("exp.yaml")), "{dir}/exp.yaml",
                "exp\\.yaml: not a regular file \\(a socket\\)", false));
        bad.add(new Bad("missing", Map.of(), null, "{dir}/exp.yaml", "exp\\.yaml: file not found", false));
        bad.add(new Bad("dangling-link", Map.of(), d -> Files.createSymbolicLink(d.resolve("exp.yaml"), d.resolve("gone.yaml")),
                "{dir}/exp.yaml", "exp\\.yaml: file not found", false));
        bad.add(new Bad("huge", Map.of("exp.yaml", huge()), null, "{dir}/exp.yaml",
                "exp\\.yaml: file of 5,000,000 bytes; configuration files may have at most 4 MiB", false));
        bad.add(new Bad("proc-environ", Map.of(), null, "/proc/self/environ", "/proc/self/environ(: |:\\d+:\\d+: )", false));
        bad.add(new Bad("not-utf8", Map.of("exp.yaml", latin1()), null, "{dir}/exp.yaml",
                "exp\\.yaml:2:11: \\$: not UTF-8 text: byte 0xE9", true));
        bad.add(new Bad("utf16", Map.of("exp.yaml", GOOD.getBytes(StandardCharsets.UTF_16)), null, "{dir}/exp.yaml",
                "exp\\.yaml: UTF-16 text; save the file as UTF-8", false));
        bad.add(new Bad("nul-bytes", Map.of("exp.yaml", (GOOD + "\0\0\0").getBytes(StandardCharsets.UTF_8)), null,
                "{dir}/exp.yaml", "exp\\.yaml:9:1: \\$: a NUL character", true));
        bad.add(new Bad("bom-then-error", Map.of("exp.yaml", ("\uFEFF" + GOOD.replace("seed: 1", "seed: x"))
                .getBytes(StandardCharsets.UTF_8)), null, "{dir}/exp.yaml", "exp\\.yaml:8:7: \\$\\.seed: expected an integer",
                true));
        bad.add(new Bad("empty", Map.of("exp.yaml", new byte[0]), null, "{dir}/exp.yaml", "exp\\.yaml:1:1: \\$: the file is empty",
                true));
        for (Bad b : bad) {
            for (String command : List.of("validate", "run")) {
                List<String> args = command.equals("run") ? run(b.file()) : validate(b.file());
                Map<String, byte[]> files = new LinkedHashMap<>(b.files());
                out.add(new Case(name(), "experiment-" + command + "-" + b.name(), files, b.setup(), args, 2, b.pattern(),
                        b.positioned()));
            }
        }
        // the experiment file may be anywhere (the user names it): /etc/passwd itself is refused field by field,
        // at most ten unknown fields, then a count
        // the results folder's journal as a FIFO: refused, not read forever
        out.add(new Case(name(), "results-points-fifo", Map.of("exp.yaml", bytes(GOOD)), d -> mkfifo(d.resolve("out/points.jsonl")),
                run("{dir}/exp.yaml"), 2, "points\\.jsonl: not a regular file", false));
        StringBuilder shadow = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            shadow.append("user").append(i).append(":$6$").append(SECRET).append(":19000:0:99999:7:::\n");
        }
        out.add(Case.text(name(), "experiment-shadow-like", Map.of("exp.yaml", shadow.toString()), validate("{dir}/exp.yaml"),
                2, "exp\\.yaml:11:1: \\$: 20 more unknown fields", true));
        out.add(Case.text(name(), "experiment-passwd-like", Map.of("exp.yaml", PASSWD), validate("{dir}/exp.yaml"), 2,
                "exp\\.yaml:\\d+:\\d+: \\$: YAML syntax error: mapping values are not allowed here", true));
    }

    /** Each file an experiment names, as each kind of bad file. */
    private void referencedFiles(Target t, List<Case> out) {
        String field = Pattern.quote(t.field());
        String at = "exp\\.yaml:\\d+:\\d+: " + field + ": ";
        record Bad(String name, String ref, Map<String, byte[]> files, Case.Setup setup, String pattern) {
        }
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("fifo", "x.in", Map.of(), d -> mkfifo(d.resolve("exp/x.in")), at + "cannot read .* not a regular"
                + " file \\(a FIFO\\)"));
        bad.add(new Bad("directory", "sub", Map.of(), d -> Files.createDirectories(d.resolve("exp/sub")), at
                + "cannot read .*: is a directory"));
        bad.add(new Bad("socket", "x.sock", Map.of(), d -> socket(d.resolve("exp/x.sock")), at + "cannot read .*: not a"
                + " regular file \\(a socket\\)"));
        bad.add(new Bad("dev-zero", "/dev/zero", Map.of(), null, at + "'/dev/zero' is outside the experiment's folder; pass"
                + " --allow-outside-files"));
        bad.add(new Bad("dev-urandom", "/dev/urandom", Map.of(), null, at + "'/dev/urandom' is outside"));
        bad.add(new Bad("link-to-dev-zero", "zero.in", Map.of(), d -> Files.createSymbolicLink(d.resolve("exp/zero.in"),
                Path.of("/dev/zero")), at + "'zero\\.in' is outside the experiment's folder"));
        bad.add(new Bad("link-to-outside", "in.yaml", Map.of("secret.yaml", bytes(PASSWD)), d -> Files.createSymbolicLink(
                d.resolve("exp/in.yaml"), d.resolve("secret.yaml")), without(SECRET, at + "'in\\.yaml' is outside")));
        bad.add(new Bad("dotdot", "../secret.yaml", Map.of("secret.yaml", bytes(PASSWD)), null, without(SECRET, at
                + "'\\.\\./secret\\.yaml' is outside the experiment's folder")));
        bad.add(new Bad("dotdot-inside-out", "sub/../../secret.yaml", Map.of("secret.yaml", bytes(PASSWD), "exp/sub/k", bytes("")),
                null, without(SECRET, at + "'sub/\\.\\./\\.\\./secret\\.yaml' is outside")));
        bad.add(new Bad("etc-passwd", "/etc/passwd", Map.of(), null, without("root:", at + "'/etc/passwd' is outside")));
        bad.add(new Bad("proc-self-environ", "/proc/self/environ", Map.of(), null, at + "'/proc/self/environ' is outside"));
        bad.add(new Bad("huge", "big.in", Map.of("exp/big.in", huge()), null, at
                + "cannot read .*: file of 5,000,000 bytes; configuration files may have at most 4 MiB"));
        bad.add(new Bad("not-utf8", "latin.in", Map.of("exp/latin.in", latin1()), null, "latin\\.in:2:11: \\$: not UTF-8 text"));
        bad.add(new Bad("utf16", "u16.in", Map.of("exp/u16.in", "name: x\n".getBytes(StandardCharsets.UTF_16)), null,
                at + "cannot read .*: UTF-16 text"));
        bad.add(new Bad("nul-bytes", "bin.in", Map.of("exp/bin.in", new byte[] {'a', 0, 0, 1, 2}), null,
                "bin\\.in:1:2: \\$: a NUL character"));
        bad.add(new Bad("escape-codes", "esc.in", Map.of("exp/esc.in", bytes("name: \u001b[2J\u001b[31mred\n")), null,
                "esc\\.in:1:7: \\$: the control character U\\+001B"));
        bad.add(new Bad("missing", "none.in", Map.of(), null, at + "cannot read .* none\\.in: file not found"));
        bad.add(new Bad("dangling-link", "gone.in", Map.of(), d -> Files.createSymbolicLink(d.resolve("exp/gone.in"),
                d.resolve("exp/nowhere")), at + "cannot read .*: file not found"));
        bad.add(new Bad("empty-name", "", Map.of(), null, at + "an empty file name"));
        bad.add(new Bad("inside-passwd-like", "pw.in", Map.of("exp/pw.in", bytes(PASSWD.repeat(30))), null,
                // a file inside the folder may be quoted, in short excerpts and at most ten problems
                "exp\\.yaml:\\d+:\\d+: " + field + ": .* is not valid"));
        for (Bad b : bad) {
            Map<String, byte[]> files = new LinkedHashMap<>(b.files());
            files.put("exp/exp.yaml", bytes(t.experiment().apply(b.ref())));
            out.add(new Case(name(), t.name() + "-" + b.name(), files, b.setup(), validate("{dir}/exp/exp.yaml"), 2,
                    b.pattern(), true));
        }
        // run refuses as validate does, before anything is simulated
        out.add(new Case(name(), t.name() + "-run-fifo", Map.of("exp/exp.yaml", bytes(t.experiment().apply("x.in"))),
                d -> mkfifo(d.resolve("exp/x.in")), run("{dir}/exp/exp.yaml"), 2, at + "cannot read .*\\(a FIFO\\)", true));
        out.add(new Case(name(), t.name() + "-run-dotdot", Map.of("exp/exp.yaml", bytes(t.experiment().apply("../secret.yaml")),
                "secret.yaml", bytes(PASSWD)), null, run("{dir}/exp/exp.yaml"), 2, without(SECRET, at + "'\\.\\./secret\\.yaml'"
                + " is outside"), true));
        // allowed: read, and named only; still a regular file of at most 4 MiB
        String named = at + ".* is not valid: \\d+ problems?, the first at line \\d+, column \\d+ \\(not shown: the file is"
                + " outside the experiment's folder\\)";
        out.add(new Case(name(), t.name() + "-allowed-dotdot", Map.of("exp/exp.yaml", bytes(t.experiment().apply(
                "../secret.yaml")), "secret.yaml", bytes(PASSWD)), null, validate("{dir}/exp/exp.yaml", "--allow-outside-files"),
                2, without(SECRET, named), true));
        out.add(new Case(name(), t.name() + "-allowed-link-out", Map.of("exp/exp.yaml", bytes(t.experiment().apply("in.yaml")),
                "secret.yaml", bytes(PASSWD)), d -> Files.createSymbolicLink(d.resolve("exp/in.yaml"), d.resolve("secret.yaml")),
                validate("{dir}/exp/exp.yaml", "--allow-outside-files"), 2, without(SECRET, named), true));
        out.add(new Case(name(), t.name() + "-allowed-etc-passwd", Map.of("exp/exp.yaml", bytes(t.experiment().apply(
                "/etc/passwd"))), null, validate("{dir}/exp/exp.yaml", "--allow-outside-files"), 2,
                without("root:", at + "(.* is not valid: \\d+ problems?|cannot read)"), true));
        out.add(new Case(name(), t.name() + "-allowed-dev-zero", Map.of("exp/exp.yaml", bytes(t.experiment().apply("/dev/zero"))),
                null, validate("{dir}/exp/exp.yaml", "--allow-outside-files"), 2, at + "cannot read .*: not a regular file"
                + " \\(a character device\\)", true));
        out.add(new Case(name(), t.name() + "-allowed-not-utf8-outside", Map.of("exp/exp.yaml", bytes(t.experiment().apply(
                "../latin.in")), "latin.in", latin1()), null, validate("{dir}/exp/exp.yaml", "--allow-outside-files"), 2,
                named.replace("problems?", "problem"), true));
        out.add(new Case(name(), t.name() + "-allowed-run-dotdot", Map.of("exp/exp.yaml", bytes(t.experiment().apply(
                "../secret.yaml")), "secret.yaml", bytes(PASSWD)), null, List.of("run", "{dir}/exp/exp.yaml", "--out",
                "{dir}/out", "--no-progress", "--no-report", "--allow-outside-files"), 2, without(SECRET, named), true));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** 5,000,000 bytes of valid YAML: above the 4 MiB limit. */
    private static byte[] huge() {
        StringBuilder b = new StringBuilder(5_000_000);
        while (b.length() < 5_000_000 - 20) {
            b.append("# filler line .....\n");
        }
        while (b.length() < 5_000_000) {
            b.append('#');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Latin-1 text: an é on line 2, column 11. */
    private static byte[] latin1() {
        return "name: x\nmodel: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    }

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Files.createDirectories(p.getParent());
        int rc = new ProcessBuilder("mkfifo", p.toString()).start().waitFor();
        if (rc != 0) {
            throw new IOException("mkfifo failed for " + p);
        }
    }

    /** A UNIX domain socket file at {@code p} (its channel closed: the file stays). */
    static void socket(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(java.net.UnixDomainSocketAddress.of(p));
        }
    }
}

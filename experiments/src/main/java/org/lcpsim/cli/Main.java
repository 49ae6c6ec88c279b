package org.lcpsim.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.reports.ReportInputException;

/**
 * The lcpsim command line. Exit codes: 0 success, 1 a failure while running, 2 bad input
 * (usage errors, invalid experiment files, input files that cannot be read or are damaged, output
 * folders that cannot be created or written: anything wrong with what the user gave, found before
 * the work starts). Every error is one line naming the file, never a stack trace unless
 * LCPSIM_DEBUG is set. The table of kinds of damage and their exit codes is in the README.
 */
@Command(name = "lcpsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Simulate and explore distributed DNN inference (LCP, data/model parallelism, pipelining) on edge devices.",
                "lcpsim --help-field FIELD explains a field of the experiment file (lcpsim explain FIELD)."},
        subcommands = {RunCommand.class, ExploreCommand.class, WorkerCommand.class, ReproduceCommand.class, ValidateModelsCommand.class,
                ReportCommand.class,
                CompareCommand.class,
                MergeCommand.class, ValidateCommand.class, ModelsCommand.class, CalibrateCommand.class, BenchCommand.class,
                SchemaCommand.class, ExplainCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        // charts render off-screen: never try to reach a display, even when DISPLAY is set
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        args = helpField(args);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        // every option and parameter that names a file or a folder, in every command: an empty name is bad
        // input (Path.of("") is the current folder, where --out '' wrote a run's files)
        cli.registerConverter(java.nio.file.Path.class, Main::path);
        cli.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
            Exception e = unwrap(thrown);
            if (e instanceof ConfigException ce) {
                for (ConfigError error : ce.errors()) {
                    err.println(error);
                }
                return BAD_INPUT;
            }
            if (e instanceof UserInputException ue) {
                err.println("lcpsim: " + UserFiles.plain(ue.getMessage()));
                return BAD_INPUT;
            }
            if (e instanceof ReportInputException re) {
                // a results folder (points.jsonl, run.json) that cannot be read back, in any command
                err.println("lcpsim: " + UserFiles.plain(re.getMessage()));
                return BAD_INPUT;
            }
            err.println("lcpsim: " + UserFiles.plain(UserFiles.describe(e)));
            if (System.getenv("LCPSIM_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILED;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler above; these still end in one line, not a trace
            err.println("lcpsim: " + (e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage()
                    + "); give Java more with LCPSIM_JAVA_OPTS=-Xmx..." : "internal error: " + e));
            if (System.getenv("LCPSIM_DEBUG") != null) {
                e.printStackTrace(err);
            }
            code = FAILED;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** {@code --help-field FIELD ...} (or {@code --help-field=FIELD}) as the first argument is {@code explain FIELD ...}. */
    static String[] helpField(String[] args) {
        if (args.length == 0) {
            return args;
        }
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(args));
        if (args[0].equals("--help-field")) {
            out.set(0, "explain");
        } else if (args[0].startsWith("--help-field=")) {
            out.set(0, args[0].substring("--help-field=".length()));
            out.add(0, "explain");
        } else {
            return args;
        }
        return out.toArray(String[]::new);
    }

    /** A path given on the command line; an empty or blank one is a usage error (exit 2). */
    static java.nio.file.Path path(String s) {
        if (s.isBlank()) {
            throw new CommandLine.TypeConversionException("an empty path; name a file or a folder");
        }
        return java.nio.file.Path.of(s);
    }

    /** The exception itself, not the wrapper a future put around it (its message is the one to show). */
    private static Exception unwrap(Exception e) {
        Exception x = e;
        while ((x instanceof java.util.concurrent.CompletionException || x.getClass() == java.util.concurrent.ExecutionException.class)
                && x.getCause() instanceof Exception c && c != x) {
            x = c;
        }
        return x;
    }

    /** A problem with what the user asked for (a file, an option) that is not a YAML error. */
    public static final class UserInputException extends RuntimeException {
        public UserInputException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lcpsim " + (v == null ? "(development build)" : v)};
        }
    }
}

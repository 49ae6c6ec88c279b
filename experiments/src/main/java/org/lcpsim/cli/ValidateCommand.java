package org.lcpsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.experiments.ExperimentFile;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check experiment files without running them: exit 0 when valid, else exit 2 and one line per "
                + "error (FILE:LINE:COL: $.path: message).")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Experiment YAML files.")
    List<Path> files;

    @Option(names = "--allow-outside-files", description = "Read the files an experiment names (models, device files, "
            + "profiles, accuracy tables) also outside its folder tree; messages name them, never quote them.")
    boolean allowOutsideFiles;

    @Override
    public Integer call() {
        boolean ok = true;
        for (Path f : files) {
            try {
                ExperimentFile file = ExperimentFile.load(f, allowOutsideFiles);
                ExperimentFile.Validation v = file.check(false);
                List<ConfigError> errors = v.errors();
                if (errors.isEmpty()) {
                    spec.commandLine().getOut().println(f + ": ok (" + file.pointCount() + " design point"
                            + (file.pointCount() == 1 ? "" : "s") + ")" + (v.exhaustive() ? "" : "; " + v.note()));
                } else {
                    ok = false;
                    errors.forEach(spec.commandLine().getErr()::println);
                }
            } catch (ConfigException e) {
                ok = false;
                e.errors().forEach(spec.commandLine().getErr()::println);
            }
        }
        return ok ? Main.OK : Main.BAD_INPUT;
    }
}

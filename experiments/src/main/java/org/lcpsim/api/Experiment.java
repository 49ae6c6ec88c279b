package org.lcpsim.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.ExperimentRunner;
import org.lcpsim.experiments.schema.ExperimentCatalogue;
import org.lcpsim.experiments.schema.FieldGuide;
import org.lcpsim.experiments.schema.JsonSchema;
import org.lcpsim.results.PointResult;

/**
 * An experiment file, read: the entry point of lcpsim as a Java library. It does what {@code
 * lcpsim validate} and {@code lcpsim run} do, in process, and hands back the results as records
 * instead of files.
 *
 * <pre>{@code
 * Experiment e = Experiment.parse("""
 *         name: two-pis
 *         model: alexnet
 *         strategy: {kind: lcp, branches: 2}
 *         cluster: {devices: [{preset: rpi3, count: 2}]}
 *         network: {preset: wifi-rpi}
 *         """, Path.of("two-pis.yaml"));
 * List<String> problems = e.problems();            // empty: the file is valid
 * PointResult r = e.run().get(0);                   // one design point, no sweep
 * double ms = r.metrics().latencyMsMean();
 * }</pre>
 *
 * <p>Files the experiment names ({@code model: {file: m.yaml}}, device files, profiles) are read
 * relative to the experiment's folder and must lie in its folder tree, as on the command line. The
 * same file and seed give the same results whatever the number of threads. An instance is not
 * changed by its methods; {@link #run()} may be called again and simulates again.
 */
public final class Experiment {
    private final ExperimentFile file;

    private Experiment(ExperimentFile file) {
        this.file = file;
    }

    /**
     * Reads an experiment file.
     *
     * @param file the YAML file
     * @return the experiment; whether its fields are valid is {@link #problems()}'s answer
     * @throws ExperimentException when the file cannot be read, is not UTF-8 text of at most 4 MiB, or is not valid
     *                             YAML
     */
    public static Experiment load(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return new Experiment(ExperimentFile.load(file));
        } catch (ConfigException e) {
            throw exception(e.errors());
        }
    }

    /**
     * Reads an experiment from YAML text, as if it were the file {@code file} (which need not
     * exist): messages name it, and the files the experiment names are read relative to its folder.
     *
     * @param yaml the experiment, as YAML text
     * @param file where the text would be
     * @return the experiment; whether its fields are valid is {@link #problems()}'s answer
     * @throws ExperimentException when the text is not valid YAML
     */
    public static Experiment parse(String yaml, Path file) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(file, "file");
        try {
            return new Experiment(ExperimentFile.parse(yaml, file));
        } catch (ConfigException e) {
            throw exception(e.errors());
        }
    }

    /** @return the file the experiment was read from (or, for {@link #parse}, named after) */
    public Path path() {
        return file.path();
    }

    /** @return the experiment's {@code name}, or an empty string when it has none */
    public String name() {
        if (file.root() instanceof Node.MapNode m && m.get("name") instanceof Node.Scalar s) {
            return s.text();
        }
        return "";
    }

    /**
     * Checks the experiment as {@code lcpsim validate} does: every field, every file it names, every
     * design point of its sweep (by groups of coupled fields, without visiting each point).
     *
     * @return the problems, one line each as {@code lcpsim validate} prints them ({@code FILE:LINE:COL: $.path:
     *         message}); empty when the experiment is valid
     */
    public List<String> problems() {
        return lines(file.validate());
    }

    /**
     * The number of design points: the points of the sweep after its {@code where} filter and
     * {@code sample}, or 1 without a sweep.
     *
     * @return the number of points; 0 when the sweep section has problems
     */
    public int pointCount() {
        return file.pointCount();
    }

    /**
     * The design points' swept values, in point order: for each point the value of each swept path
     * ({@code strategy.branches -> 4}), as {@link PointResult#sweep()} will hold them.
     *
     * @return one map per point (an empty map for an experiment without a sweep)
     * @throws ExperimentException when the experiment has problems
     */
    public List<Map<String, String>> points() {
        List<ConfigError> problems = file.validate();
        if (!problems.isEmpty()) {
            throw exception(problems);
        }
        Errors errors = new Errors();
        List<Map<String, String>> out = new ArrayList<>();
        file.forEachPoint(errors, p -> out.add(p.values()));
        if (!errors.isEmpty()) {
            throw exception(errors.list());
        }
        return out;
    }

    /**
     * Checks the experiment, then simulates every design point on as many threads as the machine
     * has processors.
     *
     * @return one result per point, in point order
     * @throws ExperimentException when the experiment has problems (then nothing is simulated)
     */
    public List<PointResult> run() {
        return run(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Checks the experiment, then simulates every design point on {@code threads} threads.
     *
     * @param threads the threads to simulate on, at least 1; the results do not depend on it
     * @return one result per point, in point order
     * @throws ExperimentException when the experiment has problems (then nothing is simulated)
     */
    public List<PointResult> run(int threads) {
        List<PointResult> out = new ArrayList<>();
        run(threads, out::add);
        return out;
    }

    /**
     * Checks the experiment, then simulates every design point on {@code threads} threads, giving
     * each result to {@code each} in point order as soon as it and the points before it are done:
     * a large sweep is never held in memory.
     *
     * @param threads the threads to simulate on, at least 1; the results do not depend on it
     * @param each what to do with each point's result; called on the calling thread
     * @return the number of points
     * @throws ExperimentException when the experiment has problems (then nothing is simulated)
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public int run(int threads, Consumer<PointResult> each) {
        Objects.requireNonNull(each, "each");
        ExperimentRunner.Options defaults = ExperimentRunner.Options.defaults();
        ExperimentRunner.Options options = new ExperimentRunner.Options(threads, null, defaults.wallLimitPerRun(), r -> { });
        try {
            return ExperimentRunner.run(file, options, each);
        } catch (ConfigException e) {
            throw exception(e.errors());
        }
    }

    /**
     * What {@code lcpsim explain FIELD} prints: a field's meaning, allowed values, unit, default and
     * whether it is required.
     *
     * @param fieldPath the field's path in the experiment file, e.g. {@code strategy.branches} or
     *                  {@code cluster.devices.0.count}
     * @return the explanation, several lines
     * @throws ExperimentException when no field has that path; its problem names the closest field
     */
    public static String explain(String fieldPath) {
        FieldGuide guide = FieldGuide.experiment();
        try {
            return guide.explain(guide.find(fieldPath));
        } catch (FieldGuide.UnknownFieldException e) {
            throw new ExperimentException(List.of(e.getMessage()));
        }
    }

    /**
     * The JSON Schema (draft 2020-12) of the experiment file, as {@code lcpsim schema} prints it and
     * {@code schema/experiment.schema.json} holds it.
     *
     * @return the schema's JSON text
     */
    public static String schema() {
        return JsonSchema.generate(ExperimentCatalogue.experiment(), "lcpsim experiment file");
    }

    private static List<String> lines(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::toString).toList();
    }

    private static ExperimentException exception(List<ConfigError> errors) {
        return new ExperimentException(lines(errors));
    }
}

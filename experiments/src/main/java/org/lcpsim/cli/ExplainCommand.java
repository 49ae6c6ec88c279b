package org.lcpsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.lcpsim.experiments.schema.Field;
import org.lcpsim.experiments.schema.FieldGuide;
import org.lcpsim.experiments.schema.Shape;

/**
 * {@code lcpsim explain [--model | --device] [--list] [FIELD]} (also {@code lcpsim --help-field
 * FIELD}): a field's meaning, allowed values, unit, default and whether it is required, from the
 * field catalogue that the JSON Schemas are generated from. A path that is no field is bad input
 * (exit 2) with the closest field suggested.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a field of the experiment file (--model: of the model file, --device: of the device file):"
                + " its meaning, allowed values, unit, default and whether it is required, from the field catalogue the"
                + " JSON Schemas are generated from. FIELD is a path such as strategy.branches, cluster.devices.0.count or"
                + " $.workload.arrival.fps (as validation messages write it); without FIELD, the file's top-level fields."
                + " Also: lcpsim --help-field FIELD.")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FIELD", description = "The field's path, e.g. strategy.branches.")
    String field;

    @Option(names = "--model", description = "A field of the model file (model: {file: ...}), e.g. layers.filters.")
    boolean model;

    @Option(names = "--device", description = "A field of the device file (lcpsim calibrate --out), e.g. coreGflops.")
    boolean device;

    @Option(names = "--list", description = "List every field path of the file (lists' items as the list, user keys as NAME).")
    boolean list;

    @Override
    public Integer call() {
        if (model && device) {
            throw new Main.UserInputException("give --model or --device, not both");
        }
        if (list && field != null) {
            throw new Main.UserInputException("give --list or a FIELD, not both");
        }
        FieldGuide guide = model ? FieldGuide.modelFile() : device ? FieldGuide.deviceFile() : FieldGuide.experiment();
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (String p : guide.paths()) {
                out.println(p);
            }
        } else if (field == null) {
            out.print(overview(guide.root(), model ? "model" : device ? "device" : "experiment"));
        } else {
            try {
                out.print(guide.explain(guide.find(field)));
            } catch (FieldGuide.UnknownFieldException e) {
                throw new Main.UserInputException(e.getMessage());
            }
        }
        out.flush();
        return Main.OK;
    }

    /** The document's description and its top-level fields, one line each. */
    static String overview(Shape root, String which) {
        StringBuilder b = new StringBuilder(root.doc()).append('\n');
        b.append("Fields (lcpsim explain ").append(which.equals("experiment") ? "" : "--" + which + " ")
                .append("FIELD for more; schema/").append(which).append(".schema.json):\n");
        int width = 0;
        for (String name : root.fields().keySet()) {
            width = Math.max(width, name.length());
        }
        for (Field f : root.fields().values()) {
            String req = switch (f.presence()) {
                case REQUIRED -> "required";
                case OPTIONAL -> "optional";
                case CONDITIONAL -> "required " + f.requiredWhen();
            };
            b.append("  ").append(f.name()).append(" ".repeat(width - f.name().length() + 2)).append(req).append(". ")
                    .append(firstSentence(f.doc())).append('\n');
        }
        return b.toString();
    }

    private static String firstSentence(String doc) {
        int dot = doc.indexOf(". ");
        int end = dot < 0 ? doc.length() : dot + 1;
        String s = doc.substring(0, end).strip();
        return s.endsWith(".") ? s : s + ".";
    }
}

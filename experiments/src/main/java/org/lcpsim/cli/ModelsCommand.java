package org.lcpsim.cli;


import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.lcpsim.config.ConfigError;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Location;
import org.lcpsim.experiments.ModelCatalog;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.keras.KerasException;
import org.lcpsim.workload.keras.KerasImporter;
import org.lcpsim.workload.onnx.OnnxException;
import org.lcpsim.workload.onnx.OnnxImporter;
import org.lcpsim.reports.Num;
import org.lcpsim.workload.ModelZoo;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model zoo and its LCP variants (split2/4/8, split8-f40): parameters and MACs, per branch and "
                + "in total, beside the counts the LCP paper publishes, with the difference in percent; with --file, "
                + "the same for an ONNX or a Keras model.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this zoo model (repeatable).")
    List<String> only;

    @Option(names = "--file", paramLabel = "MODEL",
            description = "An ONNX model (.onnx) or a Keras model (.keras, or the .json of model.to_json()) instead of the zoo.")
    java.nio.file.Path file;

    @Option(names = "--head", paramLabel = "NODE",
            description = "With --file: the node (ONNX) or layer (Keras) where the classifier head starts (default: found, "
                    + "the final classifier).")
    String head;

    @Option(names = {"--unknown-ops", "--unknown-layers"}, paramLabel = "error|elementwise", defaultValue = "error",
            description = "With --file: operators or layers lcpsim does not model are an error (default) or costed as "
                    + "element-wise ops.")
    String unknownOps;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("csv")) {
            throw new Main.UserInputException("--format must be table or csv, got '" + format + "'");
        }
        List<ModelCatalog.Entry> entries;
        List<String> notes = List.of();
        String lcpProblem = null;
        String kerasCounts = null;
        if (file != null) {
            if (only != null) {
                throw new Main.UserInputException("give --model (zoo models) or --file (an ONNX or Keras model), not both");
            }
            if (!unknownOps.equals("error") && !unknownOps.equals("elementwise")) {
                throw new Main.UserInputException("--unknown-ops must be error or elementwise, got '" + unknownOps + "'");
            }
            org.lcpsim.workload.Model model;
            boolean lenient = unknownOps.equals("elementwise");
            try {
                if (isKeras(file)) {
                    KerasImporter.Imported k = KerasImporter.load(file, new KerasImporter.Options(lenient
                            ? KerasImporter.UnknownLayers.ELEMENTWISE : KerasImporter.UnknownLayers.ERROR, head, null));
                    model = k.model();
                    kerasCounts = String.format(Locale.ROOT, "%s counts %,d parameters in total (model.summary()), %,d of them "
                            + "trainable; lcpsim's %,d are the weights inference uses, trainable or frozen, without batch-norm "
                            + "moving statistics, as in the zoo.", k.format(), k.kerasTotalParams(), k.kerasTrainableParams(),
                            model.params());
                } else {
                    model = OnnxImporter.importFile(file, new OnnxImporter.Options(lenient
                            ? OnnxImporter.UnknownOps.ELEMENTWISE : OnnxImporter.UnknownOps.ERROR, head, null));
                }
            } catch (OnnxException | KerasException e) {
                throw new ConfigException(new ConfigError(Location.unknown(file.toString()), "$", e.getMessage()));
            }
            entries = ModelCatalog.entries(model);
            notes = model.notes();
            lcpProblem = LcpTransform.check(model);
        } else {
            List<String> models = only == null ? ModelZoo.names() : only;
            for (String m : models) {
                if (!ModelZoo.names().contains(m)) {
                    throw new Main.UserInputException("unknown model '" + m + "'; known: " + String.join(", ", ModelZoo.names()));
                }
            }
            entries = ModelCatalog.entries(models);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("csv")) {
            out.println("model,variant,branches,fatten,params,paper_params,params_diff_pct,macs,paper_macs,macs_diff_pct,"
                    + "branch_params,branch_macs,head_params,paper_top1_pct");
            for (ModelCatalog.Entry e : entries) {
                out.println(String.join(",", e.model(), e.variant(), Integer.toString(e.branches()), Num.format(e.fatten()),
                        Long.toString(e.params()), opt(e.paperParams()), pct(e.paramsDiffPct(), "%.2f"),
                        Long.toString(e.macs()), opt(e.paperMacs()), pct(e.macsDiffPct(), "%.2f"),
                        Long.toString(e.branchParams()), Long.toString(e.branchMacs()), Long.toString(e.headParams()),
                        e.paperTop1Pct() == null ? "" : Num.format(e.paperTop1Pct())));
            }
            return Main.OK;
        }
        int width = 9;
        for (ModelCatalog.Entry e : entries) {
            width = Math.max(width, e.model().length());
        }
        String row = "%-" + width + "s %-11s %12s %12s %8s %14s %14s %8s %12s %14s%n";
        out.printf(row, "model", "variant", "params", "paper", "diff",
                "MACs", "paper", "diff", "branch_par", "branch_MACs");
        for (ModelCatalog.Entry e : entries) {
            out.printf(row, e.model(), e.variant(), human(e.params()),
                    e.paperParams() == null ? "-" : human(e.paperParams()), pct(e.paramsDiffPct(), "%+.1f%%"),
                    human(e.macs()), e.paperMacs() == null ? "-" : human(e.paperMacs()), pct(e.macsDiffPct(), "%+.1f%%"),
                    human(e.branchParams()), human(e.branchMacs()));
        }
        out.println();
        if (file != null) {
            if (kerasCounts != null) {
                out.println(kerasCounts);
            }
            for (String n : notes) {
                out.println("Note: " + n);
            }
            if (lcpProblem != null) {
                out.println("No LCP variants: " + lcpProblem);
            } else {
                out.println("LCP transform: every layer before the classifier head divided by K and widened by the fatten");
                out.println("fraction; the head stays whole on the concatenated branch outputs (docs/workloads.md).");
            }
            return Main.OK;
        }
        out.println("LCP transform: every layer before the classifier divided by K and widened by the fatten fraction;");
        out.println("the classifier stays whole on the concatenated branch outputs. Paper counts: LCP paper Tables II-III.");
        out.println("Known gaps (see README, 'Model zoo'): the paper's VGG16-split8 params (7.64M) repeat VGG-S-split8's; its");
        out.println("AlexNet/CifarNet/VGG-S split counts match a classifier divided by K too; its ResNet-50 (22.8M/4.87G) and");
        out.println("MobileNet MACs match no standard count; its LeNet MACs (61.5k) are below the 416k LeNet-5 needs.");
        return Main.OK;
    }

    /**
     * Whether {@code file} is a Keras model: named .keras, .json or .h5, or else starting like a zip
     * archive or a JSON object; anything else is read as ONNX.
     */
    static boolean isKeras(java.nio.file.Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return false;
        }
        if (name.endsWith(".keras") || name.endsWith(".json") || name.endsWith(".h5")) {
            return true;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            return false; // the ONNX reader says what it is
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            String start = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading();
            return start.startsWith("PK") || start.startsWith("{");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String opt(Long v) {
        return v == null ? "" : Long.toString(v);
    }

    private static String pct(Double v, String fmt) {
        return v == null ? "" : String.format(Locale.ROOT, fmt, v);
    }

    static String human(long v) {
        if (v >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.3fG", v / 1e9);
        }
        if (v >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.3fM", v / 1e6);
        }
        if (v >= 1_000L) {
            return String.format(Locale.ROOT, "%.2fk", v / 1e3);
        }
        return Long.toString(v);
    }
}

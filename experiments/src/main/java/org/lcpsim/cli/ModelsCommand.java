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
import org.lcpsim.workload.onnx.OnnxException;
import org.lcpsim.workload.onnx.OnnxImporter;
import org.lcpsim.reports.Num;
import org.lcpsim.workload.ModelZoo;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model zoo and its LCP variants (split2/4/8, split8-f40): parameters and MACs, per branch and "
                + "in total, beside the counts the LCP paper publishes, with the difference in percent; with --file, "
                + "the same for an ONNX model.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this zoo model (repeatable).")
    List<String> only;

    @Option(names = "--file", paramLabel = "MODEL.onnx", description = "An ONNX model instead of the zoo.")
    java.nio.file.Path file;

    @Option(names = "--head", paramLabel = "NODE",
            description = "With --file: the node where the classifier head starts (default: found, the final classifier).")
    String head;

    @Option(names = "--unknown-ops", paramLabel = "error|elementwise", defaultValue = "error",
            description = "With --file: operators lcpsim does not model are an error (default) or costed as element-wise ops.")
    String unknownOps;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("csv")) {
            throw new Main.UserInputException("--format must be table or csv, got '" + format + "'");
        }
        List<ModelCatalog.Entry> entries;
        List<String> notes = List.of();
        String lcpProblem = null;
        if (file != null) {
            if (only != null) {
                throw new Main.UserInputException("give --model (zoo models) or --file (an ONNX model), not both");
            }
            if (!unknownOps.equals("error") && !unknownOps.equals("elementwise")) {
                throw new Main.UserInputException("--unknown-ops must be error or elementwise, got '" + unknownOps + "'");
            }
            org.lcpsim.workload.Model model;
            try {
                model = OnnxImporter.importFile(file, new OnnxImporter.Options(unknownOps.equals("elementwise")
                        ? OnnxImporter.UnknownOps.ELEMENTWISE : OnnxImporter.UnknownOps.ERROR, head, null));
            } catch (OnnxException e) {
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

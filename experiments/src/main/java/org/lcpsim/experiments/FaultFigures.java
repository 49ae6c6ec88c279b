package org.lcpsim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.lcpsim.execution.Deployment;
import org.lcpsim.results.FaultResult;
import org.lcpsim.results.FaultWindow;
import org.lcpsim.results.ReplicationResult;

/**
 * The fault figures of a point (docs/engine.md, "Faults"): what the replications' faults did
 * ({@link FaultResult}), each answer at the accuracy of the branches it had, from the experiment's
 * accuracy table, and the notes that say which faults happened and which figures are blank.
 */
final class FaultFigures {
    private FaultFigures() {
    }

    /** A stream as the accuracy table names it: its model, its deployment's branches and fatten. */
    record Variant(String model, Deployment deployment) {
    }

    static FaultResult summarize(ExperimentSpec spec, List<Variant> streams, List<ReplicationResult> reps) {
        return FaultResult.summarize(reps, (s, k) -> {
            Variant v = streams.get(s);
            return spec.accuracy().accuracyPct(v.model(), v.deployment().branches(), v.deployment().fatten(), k);
        });
    }

    /** What happened, and why the accuracy is blank when it is. */
    static List<String> notes(ExperimentSpec spec, List<Variant> streams, FaultResult f, int requests, int pointId) {
        List<String> notes = new ArrayList<>();
        String what = spec.faults().none() ? "none in this design point" : happened(f);
        String who = spec.multiStream() ? " (all streams)" : "";
        notes.add(String.format(Locale.ROOT, "faults: %s; per replication %s of %d measured requests%s failed (never"
                + " answered) and %s were answered with fewer branches than the model has (availability %s; latency_ms_*"
                + " cover the answered requests; charts/%s shows them)", what, num(f.requestsFailed()), requests, who,
                num(f.requestsDegraded()), num(f.availability()), org.lcpsim.reports.charts.FaultsTimelineChart.name(pointId)));
        if (Double.isNaN(f.accuracyPctMean())) {
            notes.add(accuracyUnknown(spec, streams, f));
        }
        return notes;
    }

    /** The faults of the first replication, and how many each other one had. */
    private static String happened(FaultResult f) {
        List<String> parts = new ArrayList<>();
        int shown = 0;
        for (FaultWindow w : f.windows()) {
            if (shown++ == 8) {
                parts.add("and " + (f.windows().size() - 8) + " more");
                break;
            }
            String what = switch (w.kind()) {
                case "crash" -> "crashed";
                case "slowdown" -> "slowed down x" + num(w.factor());
                default -> "down";
            };
            parts.add(String.format(Locale.ROOT, "%s %s from %s s to %s s%s", w.target(), what, num(w.atMs() / 1000),
                    num(w.untilMs() / 1000), w.random() ? " (at random)" : ""));
        }
        String first = parts.isEmpty() ? "no fault happened in replication 1 (the run ended before any)"
                : String.join(", ", parts) + (f.replicationWindows().length > 1 ? " in replication 1" : "");
        Set<Integer> counts = new LinkedHashSet<>();
        for (int c : f.replicationWindows()) {
            counts.add(c);
        }
        String others = f.replicationWindows().length > 1 && counts.size() > 1 ? " (faults per replication: "
                + java.util.Arrays.toString(f.replicationWindows()) + ")" : "";
        return first + others;
    }

    private static String accuracyUnknown(ExperimentSpec spec, List<Variant> streams, FaultResult f) {
        if (spec.accuracy().rows().isEmpty()) {
            return "accuracy_pct_mean and latency_ms_accuracy_weighted are blank: the experiment has no accuracy table"
                    + " (accuracy: {file: ...}, with a branches_arrived column for answers with fewer branches)";
        }
        // the first answer whose accuracy the table lacks
        FaultResult.Timeline t = f.timeline();
        if (t != null) {
            for (int i = 0; i < t.latencyMs().length; i++) {
                if (!Double.isNaN(t.latencyMs()[i]) && Double.isNaN(t.accuracyPct()[i])) {
                    Variant v = streams.get(t.stream()[i]);
                    Deployment d = v.deployment();
                    String variant = d.branches() == 1 ? v.model() + " (one model, not split)" : String.format(Locale.ROOT,
                            "%s %s with %d of its %d branches", v.model(), d.variant(), t.arrived()[i], d.branches());
                    return "accuracy_pct_mean and latency_ms_accuracy_weighted are blank: the accuracy table has no row"
                            + " for " + variant + " (model " + v.model() + ", branches " + d.branches() + ", fatten "
                            + num(d.fatten()) + (t.arrived()[i] < d.branches() ? ", branches_arrived " + t.arrived()[i] : "")
                            + "); lcpsim never makes one up";
                }
            }
        }
        return "accuracy_pct_mean and latency_ms_accuracy_weighted are blank: no request was answered, or the accuracy"
                + " table lacks an answer's variant";
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}

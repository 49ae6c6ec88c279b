package org.lcpsim.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What faults did to a design point over its replications (docs/engine.md, "Faults"): measured
 * requests that failed (never answered) and that were degraded (answered by LCP with fewer branches
 * than the model has), each per replication on average; the availability, answered over issued
 * measured requests of every replication; the mean top-1 accuracy of the answered requests (each at
 * the accuracy of the branches its answer had, from the experiment's accuracy table; NaN when any is
 * unknown); and the accuracy-weighted latency, the answered requests' latencies added up over their
 * accuracies (as fractions) added up: milliseconds per expected correct answer, the mean latency
 * over the mean accuracy (NaN when the accuracy is). The same per request stream ({@code streams};
 * one unnamed entry for a point of one stream). {@code windows} lists the faults of the first
 * replication, {@code replicationWindows} how many faults each replication had, and {@code timeline}
 * every measured request of the first replication (at most {@link #TIMELINE_REQUESTS}), for the
 * faults chart; a compact record has no timeline.
 *
 * @param requestsFailed measured requests never answered, per replication (the mean over replications)
 * @param requestsDegraded measured requests answered with fewer branches than the model has, per replication
 * @param availability answered over issued measured requests, every replication together; NaN when none was issued
 * @param accuracyPctMean the mean top-1 accuracy (%) of the answered requests; NaN when any is unknown
 * @param latencyMsAccuracyWeighted ms per expected correct answer: the mean latency over the mean accuracy; NaN
 *                                  when the accuracy is unknown
 * @param streams the same figures per request stream (one unnamed entry for a point of one stream)
 * @param windows the faults of the first replication, in the order they began
 * @param replicationWindows how many faults each replication had
 * @param timeline the first replication's measured requests, for the faults chart; null in a compact record
 */
public record FaultResult(double requestsFailed, double requestsDegraded, double availability, double accuracyPctMean,
                          double latencyMsAccuracyWeighted, List<StreamFaults> streams, List<FaultWindow> windows,
                          int[] replicationWindows, Timeline timeline) {
    /** At most this many requests of the first replication are kept for the chart. */
    public static final int TIMELINE_REQUESTS = 5000;

    /**
     * One stream's figures; {@code branches} is K, the branches of its model (1 without LCP).
     *
     * @param name the stream's name (empty for a point of one stream)
     * @param branches K, the branches of the stream's model (1 without LCP)
     * @param requestsFailed measured requests never answered, per replication
     * @param requestsDegraded measured requests answered with fewer than K branches, per replication
     * @param availability answered over issued measured requests, every replication together; NaN when none was issued
     * @param accuracyPctMean the mean top-1 accuracy (%) of the answered requests; NaN when any is unknown
     * @param latencyMsAccuracyWeighted ms per expected correct answer; NaN when the accuracy is unknown
     */
    public record StreamFaults(String name, int branches, double requestsFailed, double requestsDegraded,
                               double availability, double accuracyPctMean, double latencyMsAccuracyWeighted) {
    }

    /**
     * The measured requests of the first replication in arrival order: arrival (ms from the start of
     * the run), latency (NaN: failed), branches its answer had (0: failed), its stream (index in
     * {@code streams}) and its top-1 accuracy (NaN: unknown, or failed).
     *
     * @param arrivalMs when each request arrived, in ms from the start of the run, in increasing order
     * @param latencyMs each request's latency in ms; NaN when it failed
     * @param arrived the branches each request's answer had; 0 when it failed
     * @param stream each request's stream, its index in {@code streams}
     * @param accuracyPct each answer's top-1 accuracy (%); NaN when unknown or failed
     */
    public record Timeline(double[] arrivalMs, double[] latencyMs, int[] arrived, int[] stream, double[] accuracyPct) {
    }

    /** The top-1 accuracy (%) of an answer of stream {@code stream} with {@code arrived} branches; NaN when unknown. */
    @FunctionalInterface
    public interface Accuracy {
        /**
         * The top-1 accuracy of an answer.
         *
         * @param stream the stream's index in {@code streams}
         * @param arrived the branches the answer had
         * @return the accuracy in %, NaN when unknown
         */
        double pct(int stream, int arrived);

        /** Every accuracy unknown (no accuracy table). */
        Accuracy UNKNOWN = (s, k) -> Double.NaN;
    }

    /**
     * Copies the lists and the array.
     *
     * @param requestsFailed measured requests never answered, per replication (the mean over replications)
     * @param requestsDegraded measured requests answered with fewer branches than the model has, per replication
     * @param availability answered over issued measured requests, every replication together; NaN when none was issued
     * @param accuracyPctMean the mean top-1 accuracy (%) of the answered requests; NaN when any is unknown
     * @param latencyMsAccuracyWeighted ms per expected correct answer: the mean latency over the mean accuracy; NaN
     *                                  when the accuracy is unknown
     * @param streams the same figures per request stream (one unnamed entry for a point of one stream)
     * @param windows the faults of the first replication, in the order they began
     * @param replicationWindows how many faults each replication had
     * @param timeline the first replication's measured requests, for the faults chart; null in a compact record
     */
    public FaultResult {
        streams = List.copyOf(streams);
        windows = List.copyOf(windows);
        replicationWindows = replicationWindows == null ? new int[0] : replicationWindows.clone();
    }

    /** @return the same without the per-request timeline (for keeping many points in memory) */
    public FaultResult withoutTimeline() {
        return timeline == null ? this : new FaultResult(requestsFailed, requestsDegraded, availability, accuracyPctMean,
                latencyMsAccuracyWeighted, streams, windows, replicationWindows, null);
    }

    /**
     * The figures of one stream.
     *
     * @param name the stream's name
     * @return its figures, or null when no stream has that name
     */
    public StreamFaults stream(String name) {
        for (StreamFaults s : streams) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Summarizes the replications' fault runs.
     *
     * @param reps the point's replications, each with its {@link ReplicationResult#faults()}
     * @param accuracy the top-1 accuracy of each answer, by stream and branches arrived
     * @return what the faults did over the replications, with the first replication's timeline
     */
    public static FaultResult summarize(List<ReplicationResult> reps, Accuracy accuracy) {
        int n = reps.size();
        FaultRun first = reps.get(0).faults();
        int count = first.streams().size();
        List<StreamFaults> streams = new ArrayList<>();
        double[] failed = new double[count + 1];
        double[] degraded = new double[count + 1];
        long[] issued = new long[count + 1];
        long[] answered = new long[count + 1];
        double[] latency = new double[count + 1];
        double[] acc = new double[count + 1];
        boolean[] unknown = new boolean[count + 1];
        int[] windows = new int[n];
        for (int r = 0; r < n; r++) {
            FaultRun f = reps.get(r).faults();
            windows[r] = f.windows().size();
            for (int s = 0; s < count; s++) {
                FaultRun.Counts c = f.streams().get(s);
                failed[s] += (double) c.failed() / n;
                degraded[s] += (double) c.degraded() / n;
                issued[s] += c.issued();
                answered[s] += c.answered();
            }
            for (int i = 0; i < f.latencyMs().length; i++) {
                double l = f.latencyMs()[i];
                if (Double.isNaN(l)) {
                    continue;
                }
                int s = f.stream()[i];
                double a = accuracy.pct(s, f.arrived()[i]);
                latency[s] += l;
                if (Double.isNaN(a)) {
                    unknown[s] = true;
                } else {
                    acc[s] += a;
                }
            }
        }
        for (int s = 0; s < count; s++) {
            failed[count] += failed[s];
            degraded[count] += degraded[s];
            issued[count] += issued[s];
            answered[count] += answered[s];
            latency[count] += latency[s];
            acc[count] += acc[s];
            unknown[count] |= unknown[s];
        }
        for (int s = 0; s <= count; s++) {
            boolean known = !unknown[s] && answered[s] > 0;
            double mean = known ? acc[s] / answered[s] : Double.NaN;
            double weighted = known && acc[s] > 0 ? latency[s] / (acc[s] / 100) : Double.NaN;
            StreamFaults sf = new StreamFaults(s < count ? first.streams().get(s).name() : "", s < count
                    ? first.streams().get(s).branches() : 0, failed[s], degraded[s],
                    issued[s] == 0 ? Double.NaN : (double) answered[s] / issued[s], mean, weighted);
            if (s < count) {
                streams.add(sf);
            } else {
                return new FaultResult(failed[s], degraded[s], sf.availability(), mean, weighted, streams, first.windows(),
                        windows, timeline(first, accuracy));
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static Timeline timeline(FaultRun f, Accuracy accuracy) {
        int n = f.arrivalMs().length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(f.arrivalMs()[a], f.arrivalMs()[b]);
            return c != 0 ? c : Integer.compare(f.stream()[a], f.stream()[b]);
        });
        int k = Math.min(n, TIMELINE_REQUESTS);
        double[] arrival = new double[k];
        double[] latency = new double[k];
        int[] arrived = new int[k];
        int[] stream = new int[k];
        double[] acc = new double[k];
        for (int i = 0; i < k; i++) {
            int j = order[i];
            arrival[i] = f.arrivalMs()[j];
            latency[i] = f.latencyMs()[j];
            arrived[i] = f.arrived()[j];
            stream[i] = f.stream()[j];
            acc[i] = Double.isNaN(latency[i]) ? Double.NaN : accuracy.pct(stream[i], arrived[i]);
        }
        return new Timeline(arrival, latency, arrived, stream, acc);
    }
}

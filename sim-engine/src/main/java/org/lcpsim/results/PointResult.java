package org.lcpsim.results;

import java.util.List;
import java.util.Map;

/**
 * One design point's outcome: what was simulated, and either its metrics ({@code status} "ok", or
 * "saturated": the offered load exceeds what the design sustains, so its latencies are those of a
 * growing queue), or why there are none ("oom": a device does not fit and swap is off;
 * "error: ..."). Memory is known even without a simulation; {@code memory} lists the devices the
 * deployment uses. {@code sweep} holds the swept field values of this point, by field path, in
 * sweep order. {@code configKey} identifies the resolved configuration the point ran (a hash of it
 * and its seed), so finished points can be found again when a run resumes. {@code notes} say
 * which figures of the point are blank or rest on unknown or borrowed inputs, and why a point is
 * saturated; a figure is either right for the question asked or blank with a note.
 * {@code batch} is the number of images per request ({@code workload: {batch: N}}): latencies
 * are per request, throughput, capacity and energy per image; boxed so that records written
 * before it existed read back (absent: 1).
 *
 * <p>{@code streams} is empty for a point of one request stream (the common case); a point with
 * several ({@code workload: {streams: [...]}}) has one {@link StreamResult} per stream, in the
 * file's order, and its own figures are the cluster's: {@code model}, {@code strategy} and
 * {@code variant} join the streams' distinct ones with "+", {@code devices} counts the devices any
 * stream uses, {@code branches} and {@code fatten} are the largest of the streams', {@code
 * requests} adds the streams' measured requests, {@code params} and {@code macs} add the streams'
 * deployments, {@code batch} is the largest stream batch, {@code memory} is what each device
 * holds for every stream together, and the metrics pool every stream's requests (docs/engine.md,
 * "Several streams").
 *
 * <p>{@code faults} says what faults did ({@link FaultResult}), for a point that had faults or an
 * LCP gather deadline; null otherwise (and then not written to points.jsonl).
 *
 * @param pointId the point's index among the experiment's design points, from 0
 * @param experiment the experiment's name
 * @param model the model's name (several streams: their distinct models joined by "+")
 * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
 * @param devices the devices the deployment uses
 * @param branches LCP's number of branches K, as the branches column of results.csv
 * @param fatten LCP's fatten: how much wider than 1/K each branch is
 * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
 * @param deviceType the types of the devices used, as the device_type column
 * @param network the network's name (its preset or kind)
 * @param requests measured requests per replication
 * @param replications independent runs, each with its own seed
 * @param seed the point's seed
 * @param params parameters of the deployed model
 * @param macs multiply-accumulates per inference
 * @param memory what each used device holds (weights, activations, buffers, framework, swap)
 * @param status ok, saturated, oom, or error: followed by why
 * @param metrics the measured metrics; null when the point was not simulated (oom, error)
 * @param sweep the point's swept values by field path, in sweep order
 * @param configKey a hash of the resolved configuration and seed, under which a resumed run finds the point
 * @param notes why figures are blank or rest on unknown or borrowed inputs
 * @param batch images per request; null reads as 1
 * @param streams one result per request stream, or empty for a point of one stream
 * @param faults what faults did; null without faults or a gather deadline
 */
public record PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                          double fatten, String variant, String deviceType, String network, int requests,
                          int replications, long seed, long params, long macs, List<DeviceMemory> memory,
                          String status, Metrics metrics, Map<String, String> sweep, String configKey,
                          List<String> notes, Integer batch, List<StreamResult> streams, FaultResult faults) {

    /** The status of a point simulated whose load the design sustains. */
    public static final String OK = "ok";
    /** The status of a point a device of which does not fit its share in memory, with swap off. */
    public static final String OOM = "oom";
    /** The status of a point offered more load than it sustains: its latencies are those of a growing queue. */
    public static final String SATURATED = "saturated";

    /**
     * Copies the lists and the map; fills in the defaults of fields that records written earlier lack.
     *
     * @param pointId the point's index among the experiment's design points, from 0
     * @param experiment the experiment's name
     * @param model the model's name (several streams: their distinct models joined by "+")
     * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
     * @param devices the devices the deployment uses
     * @param branches LCP's number of branches K, as the branches column of results.csv
     * @param fatten LCP's fatten: how much wider than 1/K each branch is
     * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
     * @param deviceType the types of the devices used, as the device_type column
     * @param network the network's name (its preset or kind)
     * @param requests measured requests per replication
     * @param replications independent runs, each with its own seed
     * @param seed the point's seed
     * @param params parameters of the deployed model
     * @param macs multiply-accumulates per inference
     * @param memory what each used device holds (weights, activations, buffers, framework, swap)
     * @param status ok, saturated, oom, or error: followed by why
     * @param metrics the measured metrics; null when the point was not simulated (oom, error)
     * @param sweep the point's swept values by field path, in sweep order
     * @param configKey a hash of the resolved configuration and seed, under which a resumed run finds the point
     * @param notes why figures are blank or rest on unknown or borrowed inputs
     * @param batch images per request; null reads as 1
     * @param streams one result per request stream, or empty for a point of one stream
     * @param faults what faults did; null without faults or a gather deadline
     */
    public PointResult {
        memory = List.copyOf(memory);
        sweep = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sweep));
        configKey = configKey == null ? "" : configKey;
        notes = notes == null ? List.of() : List.copyOf(notes);
        batch = batch == null ? 1 : batch;
        if (batch < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + batch);
        }
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /**
     * Without faults.
     *
     * @param pointId the point's index among the experiment's design points, from 0
     * @param experiment the experiment's name
     * @param model the model's name (several streams: their distinct models joined by "+")
     * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
     * @param devices the devices the deployment uses
     * @param branches LCP's number of branches K, as the branches column of results.csv
     * @param fatten LCP's fatten: how much wider than 1/K each branch is
     * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
     * @param deviceType the types of the devices used, as the device_type column
     * @param network the network's name (its preset or kind)
     * @param requests measured requests per replication
     * @param replications independent runs, each with its own seed
     * @param seed the point's seed
     * @param params parameters of the deployed model
     * @param macs multiply-accumulates per inference
     * @param memory what each used device holds (weights, activations, buffers, framework, swap)
     * @param status ok, saturated, oom, or error: followed by why
     * @param metrics the measured metrics; null when the point was not simulated (oom, error)
     * @param sweep the point's swept values by field path, in sweep order
     * @param configKey a hash of the resolved configuration and seed, under which a resumed run finds the point
     * @param notes why figures are blank or rest on unknown or borrowed inputs
     * @param batch images per request; null reads as 1
     * @param streams one result per request stream, or empty for a point of one stream
     */
    public PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                       double fatten, String variant, String deviceType, String network, int requests, int replications,
                       long seed, long params, long macs, List<DeviceMemory> memory, String status, Metrics metrics,
                       Map<String, String> sweep, String configKey, List<String> notes, Integer batch,
                       List<StreamResult> streams) {
        this(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network, requests,
                replications, seed, params, macs, memory, status, metrics, sweep, configKey, notes, batch, streams, null);
    }

    /**
     * One request stream (or a record written before streams existed).
     *
     * @param pointId the point's index among the experiment's design points, from 0
     * @param experiment the experiment's name
     * @param model the model's name (several streams: their distinct models joined by "+")
     * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
     * @param devices the devices the deployment uses
     * @param branches LCP's number of branches K, as the branches column of results.csv
     * @param fatten LCP's fatten: how much wider than 1/K each branch is
     * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
     * @param deviceType the types of the devices used, as the device_type column
     * @param network the network's name (its preset or kind)
     * @param requests measured requests per replication
     * @param replications independent runs, each with its own seed
     * @param seed the point's seed
     * @param params parameters of the deployed model
     * @param macs multiply-accumulates per inference
     * @param memory what each used device holds (weights, activations, buffers, framework, swap)
     * @param status ok, saturated, oom, or error: followed by why
     * @param metrics the measured metrics; null when the point was not simulated (oom, error)
     * @param sweep the point's swept values by field path, in sweep order
     * @param configKey a hash of the resolved configuration and seed, under which a resumed run finds the point
     * @param notes why figures are blank or rest on unknown or borrowed inputs
     * @param batch images per request; null reads as 1
     */
    public PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                       double fatten, String variant, String deviceType, String network, int requests, int replications,
                       long seed, long params, long macs, List<DeviceMemory> memory, String status, Metrics metrics,
                       Map<String, String> sweep, String configKey, List<String> notes, Integer batch) {
        this(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network, requests,
                replications, seed, params, macs, memory, status, metrics, sweep, configKey, notes, batch, List.of());
    }

    /**
     * One image per request.
     *
     * @param pointId the point's index among the experiment's design points, from 0
     * @param experiment the experiment's name
     * @param model the model's name (several streams: their distinct models joined by "+")
     * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
     * @param devices the devices the deployment uses
     * @param branches LCP's number of branches K, as the branches column of results.csv
     * @param fatten LCP's fatten: how much wider than 1/K each branch is
     * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
     * @param deviceType the types of the devices used, as the device_type column
     * @param network the network's name (its preset or kind)
     * @param requests measured requests per replication
     * @param replications independent runs, each with its own seed
     * @param seed the point's seed
     * @param params parameters of the deployed model
     * @param macs multiply-accumulates per inference
     * @param memory what each used device holds (weights, activations, buffers, framework, swap)
     * @param status ok, saturated, oom, or error: followed by why
     * @param metrics the measured metrics; null when the point was not simulated (oom, error)
     * @param sweep the point's swept values by field path, in sweep order
     * @param configKey a hash of the resolved configuration and seed, under which a resumed run finds the point
     * @param notes why figures are blank or rest on unknown or borrowed inputs
     */
    public PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                       double fatten, String variant, String deviceType, String network, int requests, int replications,
                       long seed, long params, long macs, List<DeviceMemory> memory, String status, Metrics metrics,
                       Map<String, String> sweep, String configKey, List<String> notes) {
        this(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network, requests,
                replications, seed, params, macs, memory, status, metrics, sweep, configKey, notes, 1);
    }

    /**
     * Without notes.
     *
     * @param pointId the point's index among the experiment's design points, from 0
     * @param experiment the experiment's name
     * @param model the model's name (several streams: their distinct models joined by "+")
     * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
     * @param devices the devices the deployment uses
     * @param branches LCP's number of branches K, as the branches column of results.csv
     * @param fatten LCP's fatten: how much wider than 1/K each branch is
     * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
     * @param deviceType the types of the devices used, as the device_type column
     * @param network the network's name (its preset or kind)
     * @param requests measured requests per replication
     * @param replications independent runs, each with its own seed
     * @param seed the point's seed
     * @param params parameters of the deployed model
     * @param macs multiply-accumulates per inference
     * @param memory what each used device holds (weights, activations, buffers, framework, swap)
     * @param status ok, saturated, oom, or error: followed by why
     * @param metrics the measured metrics; null when the point was not simulated (oom, error)
     * @param sweep the point's swept values by field path, in sweep order
     * @param configKey a hash of the resolved configuration and seed, under which a resumed run finds the point
     */
    public PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                       double fatten, String variant, String deviceType, String network, int requests, int replications,
                       long seed, long params, long macs, List<DeviceMemory> memory, String status, Metrics metrics,
                       Map<String, String> sweep, String configKey) {
        this(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network, requests,
                replications, seed, params, macs, memory, status, metrics, sweep, configKey, List.of());
    }

    /**
     * A result not tied to a configuration key (tests, records written before keys existed).
     *
     * @param pointId the point's index among the experiment's design points, from 0
     * @param experiment the experiment's name
     * @param model the model's name (several streams: their distinct models joined by "+")
     * @param strategy the strategy's kind: single, data-parallel, model-parallel, pipeline or lcp
     * @param devices the devices the deployment uses
     * @param branches LCP's number of branches K, as the branches column of results.csv
     * @param fatten LCP's fatten: how much wider than 1/K each branch is
     * @param variant the model variant deployed: original, or an LCP variant such as split8 or split8-f40
     * @param deviceType the types of the devices used, as the device_type column
     * @param network the network's name (its preset or kind)
     * @param requests measured requests per replication
     * @param replications independent runs, each with its own seed
     * @param seed the point's seed
     * @param params parameters of the deployed model
     * @param macs multiply-accumulates per inference
     * @param memory what each used device holds (weights, activations, buffers, framework, swap)
     * @param status ok, saturated, oom, or error: followed by why
     * @param metrics the measured metrics; null when the point was not simulated (oom, error)
     * @param sweep the point's swept values by field path, in sweep order
     */
    public PointResult(int pointId, String experiment, String model, String strategy, int devices, int branches,
                       double fatten, String variant, String deviceType, String network, int requests, int replications,
                       long seed, long params, long macs, List<DeviceMemory> memory, String status, Metrics metrics,
                       Map<String, String> sweep) {
        this(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network, requests,
                replications, seed, params, macs, memory, status, metrics, sweep, "", List.of());
    }

    /**
     * The same result as point {@code id} of another sweep with the same configuration.
     *
     * @param id the point's index in that sweep
     * @param sweepValues its swept values
     * @return the renumbered result
     */
    public PointResult renumbered(int id, Map<String, String> sweepValues) {
        return new PointResult(id, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, status, metrics, sweepValues, configKey, notes, batch, streams, faults);
    }

    /**
     * The same result under another configuration key.
     *
     * @param key the key
     * @return the result with that key
     */
    public PointResult withKey(String key) {
        return new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, status, metrics, sweep, key, notes, batch, streams, faults);
    }

    /**
     * The same result with another status and metrics.
     *
     * @param newStatus the status
     * @param newMetrics the metrics, or null
     * @return the result with them
     */
    public PointResult with(String newStatus, Metrics newMetrics) {
        return new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, newStatus, newMetrics, sweep, configKey, notes, batch, streams, faults);
    }

    /**
     * The same result for requests of {@code images} images.
     *
     * @param images images per request, at least 1
     * @return the result with that batch
     */
    public PointResult withBatch(int images) {
        return new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, status, metrics, sweep, configKey, notes, images, streams, faults);
    }

    /**
     * The same result with {@code more} notes after its own (duplicates dropped).
     *
     * @param more the notes to add
     * @return the result with them
     */
    public PointResult withNotes(List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(notes);
        all.addAll(more);
        return new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, status, metrics, sweep, configKey, List.copyOf(all), batch, streams, faults);
    }

    /**
     * The same result with these streams' results.
     *
     * @param results one per stream, in the file's order
     * @return the result with them
     */
    public PointResult withStreams(List<StreamResult> results) {
        return new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, status, metrics, sweep, configKey, notes, batch, results, faults);
    }

    /**
     * The same result with what the faults did.
     *
     * @param f what the faults did over the replications, or null for none
     * @return the result with it
     */
    public PointResult withFaults(FaultResult f) {
        return new PointResult(pointId, experiment, model, strategy, devices, branches, fatten, variant, deviceType, network,
                requests, replications, seed, params, macs, memory, status, metrics, sweep, configKey, notes, batch, streams, f);
    }

    /**
     * The result of one request stream.
     *
     * @param name the stream's name
     * @return its result, or null (a point of one stream, or a name it does not have)
     */
    public StreamResult stream(String name) {
        for (StreamResult s : streams) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** @return the same result with its metrics stripped of per-request samples and timeline */
    public PointResult compact() {
        PointResult c = metrics == null ? this : with(status, metrics.withoutSamples());
        return faults == null ? c : c.withFaults(faults.withoutTimeline());
    }

    /** @return whether the status is {@link #OK} */
    public boolean ok() {
        return OK.equals(status);
    }

    /** @return whether the status is {@link #SATURATED} */
    public boolean saturated() {
        return SATURATED.equals(status);
    }

    /** @return whether the point was simulated and has metrics: status ok or saturated */
    public boolean hasMetrics() {
        return metrics != null && (ok() || saturated());
    }

    /** @return the largest resident memory of a used device in MiB; NaN (blank) when a used device's framework memory is unknown */
    public double peakMemoryMbMax() {
        long max = 0;
        for (DeviceMemory m : memory) {
            if (!m.report().totalKnown()) {
                return Double.NaN;
            }
            max = Math.max(max, m.report().totalBytes());
        }
        return max / (1024.0 * 1024.0);
    }

    /**
     * The weights of the fullest device, counted once at the precision they are stored in (what a
     * model file holds per device, without activations, buffers, framework or extra copies).
     *
     * @return MiB; NaN (blank) for a record written before devices kept it
     */
    public double weightsMbMax() {
        long max = 0;
        for (DeviceMemory m : memory) {
            if (m.storedWeightBytes() == null) {
                return Double.NaN;
            }
            max = Math.max(max, m.storedWeightBytes());
        }
        return max / (1024.0 * 1024.0);
    }

    /** @return the largest swap per inference in MiB; NaN (blank) when a swapping device's framework memory is unknown */
    public double swapMbMax() {
        long max = 0;
        for (DeviceMemory m : memory) {
            if (!m.report().totalKnown() && m.report().swapEnabled()) {
                return Double.NaN;
            }
            max = Math.max(max, m.report().swapBytes());
        }
        return max / (1024.0 * 1024.0);
    }
}

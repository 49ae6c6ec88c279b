package org.lcpsim.experiments;

import java.util.List;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.execution.EnergyScope;
import org.lcpsim.execution.Faults;
import org.lcpsim.execution.Resilience;
import org.lcpsim.experiments.explore.AccuracyTable;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.strategies.Strategy;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.Model;

/**
 * One fully resolved design point of an experiment file: every value bound and checked.
 * {@code devices} lists one model per device (d0, d1, ... in file order); {@code sourceNode} is
 * a device index or {@code devices.size()} for an external source. {@code energy} says which
 * devices and which power the energy per inference counts.
 *
 * <p>With several request streams ({@code workload: {streams: [...]}}) {@code streams} lists them;
 * then {@code modelName} joins the streams' model names, {@code model}, {@code strategy},
 * {@code inputBytes} and {@code workload} are the first stream's, and {@code sourceNode} is
 * {@code devices.size()} when some stream has an external camera (the first stream's device
 * otherwise). Without it, {@code streams} is empty.
 *
 * <p>{@code faults} are the faults of a run ({@code faults:}; none by default); {@code faultyNetwork}
 * is the network with a topology's links down in their fault windows (the network itself when
 * there are none), which the replications run on, while planning and the capacity probe use
 * {@code network}. {@code resilience} is how the (first) stream's deployment reacts to faults (its
 * strategy's {@code failoverTimeoutMs}, {@code gatherDeadlineMs}, {@code minBranches}), and
 * {@code accuracy} the experiment's accuracy table ({@code accuracy:}), which gives the accuracy of
 * answers with fewer branches.
 */
public record ExperimentSpec(String name, String modelName, Model model, Strategy strategy, List<DeviceModel> devices,
                             int sourceNode, NetworkModel network, long inputBytes, DataType weights,
                             DataType activations, Workload workload, int replications, long seed,
                             EnergyScope energy, List<StreamSpec> streams, Faults faults, NetworkModel faultyNetwork,
                             Resilience resilience, AccuracyTable accuracy) {
    public ExperimentSpec {
        devices = List.copyOf(devices);
        streams = streams == null ? List.of() : List.copyOf(streams);
        if (energy == null) {
            energy = EnergyScope.DEFAULT;
        }
        if (faults == null) {
            faults = Faults.NONE;
        }
        if (faultyNetwork == null) {
            faultyNetwork = network;
        }
        if (resilience == null) {
            resilience = Resilience.DEFAULT;
        }
        if (accuracy == null) {
            accuracy = AccuracyTable.EMPTY;
        }
    }

    /** Without faults. */
    public ExperimentSpec(String name, String modelName, Model model, Strategy strategy, List<DeviceModel> devices,
                          int sourceNode, NetworkModel network, long inputBytes, DataType weights, DataType activations,
                          Workload workload, int replications, long seed, EnergyScope energy, List<StreamSpec> streams) {
        this(name, modelName, model, strategy, devices, sourceNode, network, inputBytes, weights, activations, workload,
                replications, seed, energy, streams, Faults.NONE, network, Resilience.DEFAULT, AccuracyTable.EMPTY);
    }

    /** Whether the point tracks requests that fail or answer with fewer branches: it has faults, or a gather deadline. */
    public boolean tracksFaults() {
        if (faults.tracked() || resilience.hasDeadline()) {
            return true;
        }
        for (StreamSpec s : streams) {
            if (s.resilience().hasDeadline()) {
                return true;
            }
        }
        return false;
    }

    /** One request stream. */
    public ExperimentSpec(String name, String modelName, Model model, Strategy strategy, List<DeviceModel> devices,
                          int sourceNode, NetworkModel network, long inputBytes, DataType weights, DataType activations,
                          Workload workload, int replications, long seed, EnergyScope energy) {
        this(name, modelName, model, strategy, devices, sourceNode, network, inputBytes, weights, activations, workload,
                replications, seed, energy, List.of());
    }

    /** The same point with another seed. */
    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(name, modelName, model, strategy, devices, sourceNode, network, inputBytes, weights,
                activations, workload, replications, newSeed, energy, streams, faults, faultyNetwork, resilience, accuracy);
    }

    /** Whether the point has several request streams (the file's {@code workload.streams}). */
    public boolean multiStream() {
        return !streams.isEmpty();
    }

    public boolean externalSource() {
        return sourceNode == devices.size();
    }

    /**
     * Network node names: d0..dN-1, then "source" for an external source. With several streams,
     * one node per stream with an external camera after the devices, in stream order, named
     * "source.NAME" (NAME the stream's name): each camera its own place on the network.
     */
    public List<String> nodeNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            names.add("d" + i);
        }
        if (multiStream()) {
            for (StreamSpec s : streams) {
                if (s.sourceNode() >= devices.size()) {
                    names.add(sourceName(s.name()));
                }
            }
        } else if (externalSource()) {
            names.add("source");
        }
        return names;
    }

    /** The network node of stream {@code stream}'s external camera. */
    public static String sourceName(String stream) {
        return "source." + stream;
    }

    /**
     * The same point as if stream {@code i} were its only one, on the whole cluster (its model,
     * strategy, input and workload; an external camera as "source"): what the time bound of a
     * request of that stream reads.
     */
    public ExperimentSpec streamAlone(int i) {
        StreamSpec s = streams.get(i);
        int source = s.sourceNode() >= devices.size() ? devices.size() : s.sourceNode();
        return new ExperimentSpec(name, s.modelName(), s.model(), s.strategy(), devices, source, network, s.inputBytes(),
                weights, activations, s.workload(), replications, seed, energy, List.of(), faults, faultyNetwork,
                s.resilience(), accuracy);
    }
}

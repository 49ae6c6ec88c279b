package org.lcpsim.experiments;

import java.util.List;

import org.lcpsim.devices.DeviceModel;
import org.lcpsim.execution.EnergyScope;
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
 */
public record ExperimentSpec(String name, String modelName, Model model, Strategy strategy, List<DeviceModel> devices,
                             int sourceNode, NetworkModel network, long inputBytes, DataType weights,
                             DataType activations, Workload workload, int replications, long seed,
                             EnergyScope energy) {
    public ExperimentSpec {
        devices = List.copyOf(devices);
        if (energy == null) {
            energy = EnergyScope.DEFAULT;
        }
    }

    /** The same point with another seed. */
    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(name, modelName, model, strategy, devices, sourceNode, network, inputBytes, weights,
                activations, workload, replications, newSeed, energy);
    }

    public boolean externalSource() {
        return sourceNode == devices.size();
    }

    /** Network node names: d0..dN-1, then "source" for an external source. */
    public List<String> nodeNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            names.add("d" + i);
        }
        if (externalSource()) {
            names.add("source");
        }
        return names;
    }
}

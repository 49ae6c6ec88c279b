package org.lcpsim.experiments;

import org.lcpsim.execution.Resilience;
import org.lcpsim.execution.Workload;
import org.lcpsim.strategies.Strategy;
import org.lcpsim.workload.Model;

/**
 * One request stream of an experiment with several ({@code workload: {streams: [...]}}): a camera
 * with its own model, strategy and workload. {@code devices} are the cluster devices it deploys
 * on (cluster indices, in the order the file lists them: the strategy's device i is cluster
 * device {@code devices[i]}); {@code sourceNode} is where its images come from, a cluster device
 * index or, for an external camera, the network node of its own ({@link ExperimentSpec#nodeNames}).
 * {@code resilience} is how its deployment reacts to faults (its strategy's fields).
 */
public record StreamSpec(String name, String modelName, Model model, Strategy strategy, int[] devices, int sourceNode,
                         long inputBytes, Workload workload, Resilience resilience) {
    public StreamSpec {
        devices = devices.clone();
        if (resilience == null) {
            resilience = Resilience.DEFAULT;
        }
    }

    /** With the default reaction to faults. */
    public StreamSpec(String name, String modelName, Model model, Strategy strategy, int[] devices, int sourceNode,
                      long inputBytes, Workload workload) {
        this(name, modelName, model, strategy, devices, sourceNode, inputBytes, workload, Resilience.DEFAULT);
    }

    /** Whether the source is a device of the stream's own subset (else, to the strategy, an external source). */
    public int localSource() {
        for (int i = 0; i < devices.length; i++) {
            if (devices[i] == sourceNode) {
                return i;
            }
        }
        return devices.length;
    }

    /** The stream's network nodes as the strategy numbers them: its devices, then its source when it is none of them. */
    public int[] nodes() {
        int k = devices.length;
        if (localSource() < k) {
            return devices.clone();
        }
        int[] out = java.util.Arrays.copyOf(devices, k + 1);
        out[k] = sourceNode;
        return out;
    }
}

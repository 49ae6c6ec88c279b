package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.Residency;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.Phase;
import org.lcpsim.execution.RequestPlanner;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.workload.Model;

/** The whole model on one device: the input goes there, the device runs every layer. */
public record SingleDevice(int device) implements Strategy {
    public SingleDevice {
        if (device < 0) {
            throw new IllegalArgumentException("device index must be >= 0");
        }
    }

    @Override
    public String kind() {
        return "single";
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        if (device >= ctx.devices()) {
            throw new IllegalArgumentException("device d" + device + " does not exist; the cluster has " + ctx.devices());
        }
        TaskGraph.Builder g = TaskGraph.builder();
        int[] deps = {};
        if (ctx.sourceNode() != device) {
            deps = new int[] {g.send("input", Phase.INPUT, ctx.sourceNode(), device, ctx.inputBytes())};
        }
        g.compute(model.name(), device, ComputeWork.of(model.name(), model.layers(), ctx.weights(), ctx.activations()), deps);
        List<Residency> residency = new ArrayList<>(Collections.nCopies(ctx.devices(), Residency.NONE));
        residency.set(device, new Residency(model.weightBytes(ctx.weights()), model.peakActivationBytes(ctx.activations()),
                ctx.inputBytes()));
        return new Deployment(kind(), residency, RequestPlanner.fixed(g.build()), model.params(), model.macs(), 1, 0.0,
                "original");
    }
}

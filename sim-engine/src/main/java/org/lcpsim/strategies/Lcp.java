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
import org.lcpsim.workload.LcpModel;
import org.lcpsim.workload.LcpTransform;
import org.lcpsim.workload.Model;

/**
 * LCP: the model split into {@code branches} narrow branches (see {@link LcpTransform}). Branch
 * i runs on device i mod n, so with fewer devices than branches a device runs several branches
 * one after another. The input goes from the source to every branch device in one transfer
 * (a multicast where the network can, else one copy each); each device sends its branch outputs
 * to the final node, which runs the classifier head on their concatenation. The final node is
 * {@code finalDevice}, or device 0 when null; it may be a device that runs no branch. With
 * {@code multicastInput} false the source sends one unicast copy per branch device instead.
 */
public record Lcp(int branches, double fatten, Integer finalDevice, boolean multicastInput) implements Strategy {
    public Lcp {
        if (branches < 1) {
            throw new IllegalArgumentException("branches must be >= 1");
        }
        if (!(fatten >= 0)) {
            throw new IllegalArgumentException("fatten must be >= 0");
        }
    }

    public Lcp(int branches, double fatten, Integer finalDevice) {
        this(branches, fatten, finalDevice, true);
    }

    @Override
    public String kind() {
        return "lcp";
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        LcpModel lcp = LcpTransform.split(model, branches, fatten);
        int n = ctx.devices();
        int head = finalDevice == null ? 0 : finalDevice;
        if (head >= n) {
            throw new IllegalArgumentException("final device d" + head + " does not exist; the cluster has " + n);
        }
        int used = Math.min(branches, n);
        String id = model.name() + "/" + lcp.variant();
        ComputeWork branchWork = ComputeWork.of(id + "/branch", lcp.branch().layers(), ctx.weights(), ctx.activations());
        ComputeWork headWork = ComputeWork.of(id + "/head", lcp.head().layers(), ctx.weights(), ctx.activations());
        long outBytes = lcp.branchOutputBytes(ctx.activations());

        TaskGraph.Builder g = TaskGraph.builder();
        List<Integer> receivers = new ArrayList<>();
        for (int d = 0; d < used; d++) {
            if (d != ctx.sourceNode()) {
                receivers.add(d);
            }
        }
        int[] inputTo = new int[used];
        if (multicastInput && !receivers.isEmpty()) {
            int input = g.send("input", Phase.INPUT, ctx.sourceNode(), receivers.stream().mapToInt(Integer::intValue).toArray(),
                    ctx.inputBytes());
            receivers.forEach(d -> inputTo[d] = input);
        } else {
            for (int d : receivers) {
                inputTo[d] = g.send("input to d" + d, Phase.INPUT, ctx.sourceNode(), d, ctx.inputBytes());
            }
        }
        // per device: its branches in order, then one message with all their outputs
        List<Integer> headDeps = new ArrayList<>();
        for (int d = 0; d < used; d++) {
            int[] deps = d == ctx.sourceNode() ? new int[0] : new int[] {inputTo[d]};
            int last = -1;
            int count = 0;
            for (int b = d; b < branches; b += n) {
                last = g.compute("branch " + b, d, branchWork, last < 0 ? deps : new int[] {last});
                count++;
            }
            if (d == head) {
                headDeps.add(last);
            } else {
                headDeps.add(g.send("branch output d" + d, Phase.GATHER, d, head, outBytes * count, last));
            }
        }
        g.compute("head", head, headWork, headDeps.stream().mapToInt(Integer::intValue).toArray());

        List<Residency> residency = new ArrayList<>(Collections.nCopies(n, Residency.NONE));
        long branchWeights = lcp.branch().weightBytes(ctx.weights());
        long branchActs = lcp.branch().peakActivationBytes(ctx.activations());
        for (int d = 0; d < used; d++) {
            int count = (branches - d + n - 1) / n;
            residency.set(d, new Residency(count * branchWeights, branchActs, ctx.inputBytes() + outBytes * count));
        }
        Residency h = residency.get(head);
        long headWeights = lcp.head().weightBytes(ctx.weights());
        long headActs = lcp.head().peakActivationBytes(ctx.activations());
        residency.set(head, new Residency(h.weightBytes() + headWeights, Math.max(h.activationBytes(), headActs),
                h.bufferBytes() + outBytes * branches));
        return new Deployment(kind(), residency, RequestPlanner.fixed(g.build()), lcp.params(), lcp.macs(), branches,
                fatten, lcp.variant());
    }
}

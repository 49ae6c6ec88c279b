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
 * LCP: the model split into {@code branches} narrow branches (see {@link LcpTransform}), of equal
 * widths or of the widths {@code widths} gives (a faster device, a wider branch). Branch i runs
 * on device i mod n, so with fewer devices than branches a device runs several branches one after
 * another. The input goes from the source to every branch device in one transfer (a multicast
 * where the network can, else one copy each); each device sends its branch outputs to the final
 * node, which runs the classifier head on their concatenation. The final node is
 * {@code finalDevice}, or device 0 when null; it may be a device that runs no branch. With
 * {@code multicastInput} false the source sends one unicast copy per branch device instead.
 */
public record Lcp(int branches, double fatten, Integer finalDevice, boolean multicastInput, BranchWidths widths)
        implements Strategy {
    public Lcp {
        if (branches < 1) {
            throw new IllegalArgumentException("branches must be >= 1");
        }
        if (!(fatten >= 0)) {
            throw new IllegalArgumentException("fatten must be >= 0");
        }
        if (widths == null) {
            widths = BranchWidths.EQUAL;
        }
    }

    public Lcp(int branches, double fatten, Integer finalDevice, boolean multicastInput) {
        this(branches, fatten, finalDevice, multicastInput, BranchWidths.EQUAL);
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
        double[] shares = widths.shares(branches, fatten, model, ctx);
        LcpModel lcp = shares == null ? LcpTransform.split(model, branches, fatten) : LcpTransform.split(model, shares, fatten);
        int n = ctx.devices();
        int head = finalDevice == null ? 0 : finalDevice;
        if (head >= n) {
            throw new IllegalArgumentException("final device d" + head + " does not exist; the cluster has " + n);
        }
        int used = Math.min(branches, n);
        String id = model.name() + "/" + lcp.variant();
        List<ComputeWork> branchWork = new ArrayList<>();
        for (int b = 0; b < branches; b++) {
            // equal branches share one work item, so a device estimates it once
            branchWork.add(b > 0 && !lcp.uneven() ? branchWork.get(0)
                    : ComputeWork.of(id + "/branch" + (lcp.uneven() ? Integer.toString(b) : ""), lcp.branch(b).layers(),
                    ctx.weights(), ctx.activations()));
        }
        ComputeWork headWork = ComputeWork.of(id + "/head", lcp.head().layers(), ctx.weights(), ctx.activations());

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
        List<Integer> headBranches = new ArrayList<>();
        long[] outBytes = new long[n];
        long[] weightBytes = new long[n];
        long[] activationBytes = new long[n];
        for (int d = 0; d < used; d++) {
            int[] deps = d == ctx.sourceNode() ? new int[0] : new int[] {inputTo[d]};
            int last = -1;
            int count = 0;
            for (int b = d; b < branches; b += n) {
                count++;
                last = g.compute("branch " + b, d, branchWork.get(b), last < 0 ? deps : new int[] {last});
                outBytes[d] += lcp.branchOutputBytes(b, ctx.activations());
                weightBytes[d] += lcp.branch(b).weightBytes(ctx.weights());
                activationBytes[d] = Math.max(activationBytes[d], lcp.branch(b).peakActivationBytes(ctx.activations()));
            }
            if (d == head) {
                headDeps.add(last);
            } else {
                headDeps.add(g.send("branch output d" + d, Phase.GATHER, d, head, outBytes[d], last));
            }
            headBranches.add(count);
        }
        int headTask = g.compute("head", head, headWork, headDeps.stream().mapToInt(Integer::intValue).toArray());
        // the head gathers the branches: with a deadline it may answer with those that arrived
        g.gather(headTask, headBranches.stream().mapToInt(Integer::intValue).toArray());

        List<Residency> residency = new ArrayList<>(Collections.nCopies(n, Residency.NONE));
        long allOutputs = 0;
        for (int d = 0; d < used; d++) {
            residency.set(d, new Residency(weightBytes[d], activationBytes[d], ctx.inputBytes() + outBytes[d]));
            allOutputs += outBytes[d];
        }
        Residency h = residency.get(head);
        long headWeights = lcp.head().weightBytes(ctx.weights());
        long headActs = lcp.head().peakActivationBytes(ctx.activations());
        residency.set(head, new Residency(h.weightBytes() + headWeights, Math.max(h.activationBytes(), headActs),
                h.bufferBytes() + allOutputs));
        return new Deployment(kind(), residency, RequestPlanner.fixed(g.build()), lcp.params(), lcp.macs(), branches,
                fatten, lcp.variant());
    }
}

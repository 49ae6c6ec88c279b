package org.lcpsim.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.lcpsim.devices.Residency;

/**
 * A strategy's answer: what each device holds, how each request runs, and what the deployed
 * workload counts. {@code residency} has one entry per cluster device (empty for unused ones).
 * {@code batch} is the number of images every request carries (1 as strategies deploy; see
 * {@link #batched}); the executor counts throughput and energy per image with it.
 * {@code resilience} says how the deployment reacts to faults (the source's timeout, LCP's gather
 * deadline: {@link Resilience}); strategies deploy with the default, the experiment sets it.
 */
public record Deployment(String strategy, List<Residency> residency, RequestPlanner planner, long params, long macs,
                         int branches, double fatten, String variant, int batch, Resilience resilience) {
    public Deployment {
        residency = List.copyOf(residency);
        if (batch < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + batch);
        }
        if (resilience == null) {
            resilience = Resilience.DEFAULT;
        }
    }

    /** With the default reaction to faults. */
    public Deployment(String strategy, List<Residency> residency, RequestPlanner planner, long params, long macs,
                      int branches, double fatten, String variant, int batch) {
        this(strategy, residency, planner, params, macs, branches, fatten, variant, batch, Resilience.DEFAULT);
    }

    /** The same deployment reacting to faults as {@code r} says. */
    public Deployment withResilience(Resilience r) {
        return new Deployment(strategy, residency, planner, params, macs, branches, fatten, variant, batch, r);
    }

    /** A deployment whose requests carry one image each. */
    public Deployment(String strategy, List<Residency> residency, RequestPlanner planner, long params, long macs,
                      int branches, double fatten, String variant) {
        this(strategy, residency, planner, params, macs, branches, fatten, variant, 1);
    }

    public int devicesUsed() {
        int n = 0;
        for (Residency r : residency) {
            if (!r.isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The same deployment with {@code images} images per request: each request's task graph
     * {@link TaskGraph#batched batched} (N times the bytes of every transfer, every compute task
     * on N images), and each device holding N times its live activations and communication
     * buffers (they hold the whole batch's tensors and messages), its weights once. Planners
     * return a finite set of graphs (one per replica at most), each batched once and kept.
     * This deployment itself at its own batch; only a deployment of one image is batched.
     */
    public Deployment batched(int images) {
        if (images == batch) {
            return this;
        }
        if (batch != 1 || images < 1) {
            throw new IllegalArgumentException("only a deployment of one image per request is batched (to " + images
                    + " images; it has " + batch + ")");
        }
        List<Residency> held = new ArrayList<>(residency.size());
        for (Residency r : residency) {
            held.add(new Residency(r.weightBytes(), Math.multiplyExact(r.activationBytes(), (long) images),
                    Math.multiplyExact(r.bufferBytes(), (long) images)));
        }
        RequestPlanner inner = planner;
        // TaskGraph keeps identity equality: one batched copy per graph the strategy gives
        Map<TaskGraph, TaskGraph> copies = new ConcurrentHashMap<>();
        RequestPlanner batchedPlanner = (index, load) -> copies.computeIfAbsent(inner.graphFor(index, load),
                g -> g.batched(images));
        return new Deployment(strategy, held, batchedPlanner, params, macs, branches, fatten, variant, images, resilience);
    }
    /**
     * This deployment, made on a subset of a cluster's devices (its own devices 0..k-1, and node
     * k for its source when the source is not one of them), placed on the cluster: its node i is
     * the cluster's node {@code nodes[i]} (one to one). The residency has one entry per cluster
     * device ({@code clusterDevices}), empty for the devices outside the subset; every request's
     * graph is {@link TaskGraph#remapped remapped} once and kept; a planner that looks at the
     * devices' load sees the cluster's devices the subset maps to (work of other streams
     * included).
     */
    public Deployment placed(int[] nodes, int clusterDevices) {
        List<Residency> held = new ArrayList<>(clusterDevices);
        for (int d = 0; d < clusterDevices; d++) {
            held.add(Residency.NONE);
        }
        for (int i = 0; i < residency.size(); i++) {
            if (nodes[i] >= clusterDevices) {
                throw new IllegalArgumentException("device " + i + " of the subset is placed on node " + nodes[i]
                        + ", not a device of the cluster of " + clusterDevices);
            }
            held.set(nodes[i], residency.get(i));
        }
        RequestPlanner inner = planner;
        int[] map = nodes.clone();
        Map<TaskGraph, TaskGraph> copies = new ConcurrentHashMap<>();
        RequestPlanner placedPlanner = (index, load) -> copies.computeIfAbsent(
                inner.graphFor(index, new RequestPlanner.LoadView() {
                    @Override
                    public int unfinishedTasks(int device) {
                        return load.unfinishedTasks(map[device]);
                    }

                    @Override
                    public boolean knownDown(int device) {
                        return load.knownDown(map[device]);
                    }
                }), g -> g.remapped(map));
        return new Deployment(strategy, held, placedPlanner, params, macs, branches, fatten, variant, batch, resilience);
    }
}

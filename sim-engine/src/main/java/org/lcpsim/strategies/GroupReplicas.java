package org.lcpsim.strategies;

import java.util.ArrayList;
import java.util.List;

import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.Residency;
import org.lcpsim.execution.Deployment;
import org.lcpsim.execution.RequestPlanner;
import org.lcpsim.execution.Task;
import org.lcpsim.execution.TaskGraph;
import org.lcpsim.workload.Model;

/**
 * Data parallelism over groups of devices: the cluster's devices are cut into {@code groups}
 * groups of consecutive devices, the strategy {@code group} deployed on each (an LCP of 8
 * branches, a pipeline, ...), and each request served by one group, chosen when it arrives round
 * robin (request i by group i mod G) or as the least loaded (the group with the fewest unfinished
 * compute tasks on its devices; lowest index on ties). {@code kind: lcp, replicas: 2} is this
 * with an LCP group; {@code kind: data-parallel, groups: G, group: {...}} in general.
 *
 * <p>Group size: with n devices, the group strategy is first deployed on the first floor(n / G)
 * (on all n when {@code groups} is 0: then G is as many groups as fit, n / u);
 * when it uses fewer of them, and those are the first u, every group has u devices (group g is
 * devices g u .. (g + 1) u - 1), else floor(n / G). Devices past the last group stay idle. Each
 * group is deployed on its own devices (its own estimates: in a mixed cluster the groups' plans
 * may differ) with the request's source where it is (a device of the group, or a node outside).
 * Every group holds its own copy of what its strategy places (the weights of each replica).
 * The round robin hands each group its own requests in turn: group g's k-th request is the
 * group strategy's request k, so a replicated stage inside a group cycles too.
 *
 * @param kind the strategy column's name (lcp for replicated LCP, data-parallel otherwise)
 */
public record GroupReplicas(Strategy group, int groups, DataParallel.Balance balance, String kind) implements Strategy {
    public GroupReplicas {
        if (group == null) {
            throw new IllegalArgumentException("a group strategy must be given");
        }
        if (groups < 0) {
            throw new IllegalArgumentException("groups must be >= 0 (0: as many as fit), got " + groups);
        }
        if (balance == null) {
            balance = DataParallel.Balance.ROUND_ROBIN;
        }
        if (kind == null) {
            kind = "data-parallel";
        }
    }

    /** Why {@code groups} groups cannot be made of {@code devices} devices, or null when they can. */
    public static String check(int groups, int devices) {
        if (groups > devices) {
            return groups + " groups need at least " + groups + " devices; the cluster has " + devices;
        }
        return null;
    }

    @Override
    public Deployment deploy(Model model, DeployContext ctx) {
        int n = ctx.devices();
        String problem = check(groups, n);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int count = groups;
        int size = count == 0 ? n : n / count;
        Deployment probe = group.deploy(model, sub(ctx, 0, size));
        int used = 0;
        boolean prefix = true;
        for (int d = 0; d < size; d++) {
            if (!probe.residency().get(d).isEmpty() || computesOn(probe, d)) {
                prefix &= d == used;
                used++;
            }
        }
        int probed = size;
        if (prefix && used > 0) {
            size = used;
        }
        if (count == 0) {
            // as many groups as fit
            count = n / size;
        }
        List<Deployment> placed = new ArrayList<>(count);
        List<Residency> residency = new ArrayList<>(java.util.Collections.nCopies(n, Residency.NONE));
        int[][] members = new int[count][];
        for (int g = 0; g < count; g++) {
            int base = g * size;
            Deployment d = g == 0 && size == probed ? probe : group.deploy(model, sub(ctx, base, size));
            int[] nodes = new int[size + 1];
            members[g] = new int[size];
            for (int i = 0; i < size; i++) {
                nodes[i] = base + i;
                members[g][i] = base + i;
            }
            nodes[size] = ctx.sourceNode();
            Deployment p = placeOn(d, nodes, n);
            placed.add(p);
            for (int i = 0; i < size; i++) {
                residency.set(base + i, p.residency().get(base + i));
            }
        }
        int groupsUsed = count;
        RequestPlanner planner = balance == DataParallel.Balance.ROUND_ROBIN
                ? (index, load) -> placed.get((int) (index % groupsUsed)).planner().graphFor(index / groupsUsed, load)
                : (index, load) -> {
                    int best = 0;
                    long bestLoad = Long.MAX_VALUE;
                    for (int g = 0; g < groupsUsed; g++) {
                        long sum = 0;
                        for (int d : members[g]) {
                            sum += load.unfinishedTasks(d);
                        }
                        if (sum < bestLoad) {
                            bestLoad = sum;
                            best = g;
                        }
                    }
                    return placed.get(best).planner().graphFor(index, load);
                };
        Deployment first = placed.get(0);
        return new Deployment(kind, residency, planner, first.params(), first.macs(), first.branches(), first.fatten(),
                first.variant());
    }

    /** True when the deployment's first request computes on device d. */
    private static boolean computesOn(Deployment d, int device) {
        for (Task t : d.planner().graphFor(0, x -> 0).tasks()) {
            if (t instanceof Task.Compute c && c.device() == device) {
                return true;
            }
        }
        return false;
    }

    /**
     * A deployment on a group placed on the cluster: like {@link Deployment#placed}, but the
     * group's node {@code size} (its source, when outside) may be a device of the cluster (the
     * source device of another group's devices).
     */
    private static Deployment placeOn(Deployment d, int[] nodes, int clusterDevices) {
        List<Residency> held = new ArrayList<>(java.util.Collections.nCopies(clusterDevices, Residency.NONE));
        for (int i = 0; i < d.residency().size(); i++) {
            held.set(nodes[i], d.residency().get(i));
        }
        RequestPlanner inner = d.planner();
        int[] map = nodes.clone();
        java.util.Map<TaskGraph, TaskGraph> copies = new java.util.concurrent.ConcurrentHashMap<>();
        RequestPlanner planner = (index, load) -> copies.computeIfAbsent(
                inner.graphFor(index, x -> load.unfinishedTasks(map[x])), g -> g.remapped(map));
        return new Deployment(d.strategy(), held, planner, d.params(), d.macs(), d.branches(), d.fatten(), d.variant(),
                d.batch());
    }

    /**
     * The context of the group of devices base .. base + size - 1: its devices 0 .. size - 1, its
     * source the group's own device when the request's source is one of them, else node size
     * (the cluster's source, outside the group); estimates asked of the cluster's nodes.
     */
    static DeployContext sub(DeployContext ctx, int base, int size) {
        int source = ctx.sourceNode();
        int local = source >= base && source < base + size ? source - base : size;
        int[] nodes = new int[size + 1];
        for (int i = 0; i < size; i++) {
            nodes[i] = base + i;
        }
        nodes[size] = source;
        CostEstimator costs = ctx.costs();
        CostEstimator mapped = new CostEstimator() {
            @Override
            public double computeMs(int device, ComputeWork work) {
                return costs.computeMs(nodes[device], work);
            }

            @Override
            public double computeMs(int device, ComputeWork work, Residency held) {
                return costs.computeMs(nodes[device], work, held);
            }

            @Override
            public double transfersMs(List<TransferEstimate> concurrent) {
                List<TransferEstimate> out = new ArrayList<>(concurrent.size());
                for (TransferEstimate t : concurrent) {
                    int[] to = new int[t.destinations().length];
                    for (int i = 0; i < to.length; i++) {
                        to[i] = nodes[t.destinations()[i]];
                    }
                    out.add(new TransferEstimate(nodes[t.source()], to, t.bytes()));
                }
                return costs.transfersMs(out);
            }
        };
        return new DeployContext(size, local, ctx.weights(), ctx.activations(), ctx.inputBytes(), mapped);
    }
}

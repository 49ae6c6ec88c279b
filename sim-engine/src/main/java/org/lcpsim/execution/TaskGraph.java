package org.lcpsim.execution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.lcpsim.devices.ComputeWork;

/**
 * The tasks of one request, in an order where every task comes after its dependencies.
 * Built with {@link Builder}, which checks that order and that every dependency on a transfer
 * is delivered where the dependent task runs.
 */
public final class TaskGraph {
    /**
     * The gather of an LCP request: the final node's classifier {@code head} task, and for each of
     * its dependencies (in {@code head.deps()} order) the number of branches whose outputs it
     * brings ({@code branches[i]}; K, the branches of the model, is their sum). The executor uses
     * it to answer with the branches that arrived by a deadline ({@link Resilience}).
     */
    public record Gather(int head, int[] branches) {
        public Gather {
            branches = branches.clone();
        }

        /** K: every branch of the model. */
        public int total() {
            int k = 0;
            for (int b : branches) {
                k += b;
            }
            return k;
        }
    }

    private final List<Task> tasks;
    private final Gather gather;
    private final int[][] successors;
    /** Per task, the nodes its successors run on, ascending, and (same index) those successors in id order. */
    private final int[][] successorNodes;
    private final int[][][] successorsByNode;
    private final long bytesDelivered;
    private final int connectedPairs;
    /** Per {@link Phase} (by ordinal), its transfers' ids in id order. */
    private final int[][] sendsByPhase;

    private TaskGraph(List<Task> tasks, Gather gather, boolean barriers) {
        this.tasks = List.copyOf(tasks);
        this.gather = gather;
        if (gather != null && (gather.head() < 0 || gather.head() >= tasks.size()
                || tasks.get(gather.head()).deps().length != gather.branches().length)) {
            throw new IllegalArgumentException("a gather names its head task and the branches of each of its dependencies");
        }
        this.bytesDelivered = countBytes(tasks);
        this.connectedPairs = countPairs(tasks);
        this.sendsByPhase = sendsByPhase(tasks);
        int n = tasks.size();
        int[] count = new int[n];
        for (Task t : tasks) {
            for (int d : t.deps()) {
                count[d]++;
            }
        }
        successors = new int[n][];
        for (int i = 0; i < n; i++) {
            successors[i] = new int[count[i]];
        }
        int[] fill = new int[n];
        for (Task t : tasks) {
            for (int d : t.deps()) {
                successors[d][fill[d]++] = t.id();
            }
        }
        successorNodes = new int[n][];
        successorsByNode = new int[n][][];
        for (int i = 0; i < n; i++) {
            groupByNode(i);
        }
        List<int[]> members = new java.util.ArrayList<>();
        barriersOn = barriers;
        compactByNode = barriers ? compact(members) : successorsByNode;
        barrierMembers = members.toArray(new int[0][]);
        dependencies = new int[n];
        for (Task t : tasks) {
            dependencies[t.id()] = t.deps().length;
        }
        barrierDependencies = new int[barrierMembers.length];
        for (int b = 0; b < barrierMembers.length; b++) {
            barrierDependencies[b] = dependencies[barrierMembers[b][0]];
        }
    }

    private static int[][] sendsByPhase(List<Task> tasks) {
        int[] count = new int[Phase.values().length];
        for (Task t : tasks) {
            if (t instanceof Task.Send s) {
                count[s.phase().ordinal()]++;
            }
        }
        int[][] out = new int[count.length][];
        for (int p = 0; p < count.length; p++) {
            out[p] = new int[count[p]];
            count[p] = 0;
        }
        for (Task t : tasks) {
            if (t instanceof Task.Send s) {
                out[s.phase().ordinal()][count[s.phase().ordinal()]++] = t.id();
            }
        }
        return out;
    }

    /** The ids of the transfers of {@code phase}, in id order (not to be modified). */
    int[] sends(Phase phase) {
        return sendsByPhase[phase.ordinal()];
    }

    /**
     * Barriers: tasks on one node that depend on the same (large) set of tasks, such as model
     * parallelism's N scatter sends that each wait for the N gathered slices, share one counter, so
     * that a delivery costs one step for the group instead of one per member (N, not N^2, steps a
     * layer). A group becomes a barrier only where its members are consecutive in every
     * predecessor's successor list, so that tasks start in the order they did one by one.
     */
    static final int BARRIER_MIN_DEPS = 4;

    private record DepsKey(int node, int[] deps) {
        @Override
        public boolean equals(Object o) {
            return o instanceof DepsKey k && k.node == node && java.util.Arrays.equals(k.deps, deps);
        }

        @Override
        public int hashCode() {
            return 31 * node + java.util.Arrays.hashCode(deps);
        }
    }

    private int[][][] compact(List<int[]> barriers) {
        java.util.Map<DepsKey, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (Task t : tasks) {
            if (t.deps().length >= BARRIER_MIN_DEPS) {
                groups.computeIfAbsent(new DepsKey(t.node(), t.deps()), k -> new java.util.ArrayList<>()).add(t.id());
            }
        }
        int n = tasks.size();
        int[] barrierOf = new int[n];
        java.util.Arrays.fill(barrierOf, -1);
        for (java.util.Map.Entry<DepsKey, List<Integer>> g : groups.entrySet()) {
            int[] m = g.getValue().stream().mapToInt(Integer::intValue).toArray();
            if (m.length < 2 || !consecutiveEverywhere(g.getKey(), m)) {
                continue;
            }
            for (int id : m) {
                barrierOf[id] = barriers.size();
            }
            barriers.add(m);
        }
        int[][][] out = new int[n][][];
        for (int i = 0; i < n; i++) {
            int[][] lists = successorsByNode[i];
            out[i] = new int[lists.length][];
            for (int g = 0; g < lists.length; g++) {
                int[] list = lists[g];
                int[] c = new int[list.length];
                int k = 0;
                for (int j = 0; j < list.length; j++) {
                    int b = barrierOf[list[j]];
                    if (b < 0) {
                        c[k++] = list[j];
                    } else if (j == 0 || barrierOf[list[j - 1]] != b) {
                        c[k++] = -1 - b;
                    }
                }
                out[i][g] = k == list.length ? list : java.util.Arrays.copyOf(c, k);
            }
        }
        return out;
    }

    /** Whether the members (ascending) follow one another in the successor list on their node of each shared dependency. */
    private boolean consecutiveEverywhere(DepsKey key, int[] m) {
        for (int d : key.deps()) {
            int g = nodeGroup(d, key.node());
            if (g < 0) {
                return false;
            }
            int[] list = successorsByNode[d][g];
            int at = java.util.Arrays.binarySearch(list, m[0]);
            if (at < 0 || at + m.length > list.length) {
                return false;
            }
            for (int k = 0; k < m.length; k++) {
                if (list[at + k] != m[k]) {
                    return false;
                }
            }
        }
        return true;
    }

    private final int[][][] compactByNode;
    private final int[][] barrierMembers;
    /** Per task, and per barrier, the dependencies it waits for: a request's counters start as copies. */
    private final int[] dependencies;
    private final int[] barrierDependencies;
    private final boolean barriersOn;

    /**
     * As {@link #successorsOn}, with each barrier's members replaced by one entry {@code -1 - b}
     * (see {@link #barrierMembers}).
     */
    int[] compactSuccessorsOn(int id, int node) {
        int g = nodeGroup(id, node);
        return g >= 0 ? compactByNode[id][g] : NONE;
    }

    /** Where {@code node}'s successors of task {@code id} stand among its groups by node, or -1 when it has none there. */
    private int nodeGroup(int id, int node) {
        int[] nodes = successorNodes[id];
        if (nodes.length == 1) {
            return nodes[0] == node ? 0 : -1;
        }
        return nodes.length == 0 ? -1 : Math.max(-1, java.util.Arrays.binarySearch(nodes, node));
    }

    /** The tasks of barrier b, ascending: they share their dependencies and their node. */
    int[] barrierMembers(int b) {
        return barrierMembers[b];
    }

    /** Per task, the number of its dependencies (not to be modified). */
    int[] dependencies() {
        return dependencies;
    }

    /** Per barrier, the number of dependencies its members share (not to be modified). */
    int[] barrierDependencies() {
        return barrierDependencies;
    }

    int barriers() {
        return barrierMembers.length;
    }

    /** The same tasks without barriers: every successor stepped one by one (tests compare the two). */
    TaskGraph withoutBarriers() {
        return new TaskGraph(tasks, gather, false);
    }

    private static final int[] NONE = new int[0];

    /** Groups task i's successors by the node they run on, keeping their order within a node. */
    private void groupByNode(int i) {
        int[] succ = successors[i];
        if (succ.length == 0) {
            successorNodes[i] = NONE;
            successorsByNode[i] = new int[0][];
            return;
        }
        int[] nodes = new int[succ.length];
        boolean one = true;
        for (int k = 0; k < succ.length; k++) {
            nodes[k] = tasks.get(succ[k]).node();
            one &= nodes[k] == nodes[0];
        }
        if (one) {
            successorNodes[i] = new int[] {nodes[0]};
            successorsByNode[i] = new int[][] {succ};
            return;
        }
        int[] distinct = java.util.Arrays.stream(nodes).distinct().sorted().toArray();
        int[][] groups = new int[distinct.length][];
        int[] sizes = new int[distinct.length];
        for (int node : nodes) {
            sizes[java.util.Arrays.binarySearch(distinct, node)]++;
        }
        for (int g = 0; g < distinct.length; g++) {
            groups[g] = new int[sizes[g]];
        }
        int[] at = new int[distinct.length];
        for (int k = 0; k < succ.length; k++) {
            int g = java.util.Arrays.binarySearch(distinct, nodes[k]);
            groups[g][at[g]++] = succ[k];
        }
        successorNodes[i] = distinct;
        successorsByNode[i] = groups;
    }

    public List<Task> tasks() {
        return tasks;
    }

    public int size() {
        return tasks.size();
    }

    public Task task(int id) {
        return tasks.get(id);
    }

    int[] successors(int id) {
        return successors[id];
    }

    /**
     * The successors of task {@code id} that run on {@code node}, in id order: what a delivery of a
     * transfer to {@code node} (or a compute task finishing there) may start. A lookup among the
     * distinct nodes of the successors, so that the N deliveries of a multicast to N nodes cost
     * N lookups, not N scans of N successors.
     */
    int[] successorsOn(int id, int node) {
        int g = nodeGroup(id, node);
        return g >= 0 ? successorsByNode[id][g] : NONE;
    }

    /** The gather of an LCP request, or null for graphs without one. */
    public Gather gather() {
        return gather;
    }

    /** Application bytes delivered per request: each transfer's bytes times its destinations. */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    private static long countBytes(List<Task> tasks) {
        long s = 0;
        for (Task t : tasks) {
            if (t instanceof Task.Send send) {
                s += send.bytes() * send.destinations().length;
            }
        }
        return s;
    }

    /** Distinct unordered node pairs that exchange data in one request. */
    public int connectedPairs() {
        return connectedPairs;
    }

    private static int countPairs(List<Task> tasks) {
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        for (Task t : tasks) {
            if (t instanceof Task.Send send && send.bytes() > 0) {
                for (int d : send.destinations()) {
                    int a = Math.min(d, send.source());
                    int b = Math.max(d, send.source());
                    pairs.add(((long) a << 32) | b);
                }
            }
        }
        return pairs.size();
    }

    /**
     * The same request for {@code images} images (a batch): every compute task runs its layers
     * for all of them ({@link ComputeWork#withBatch}), every transfer carries {@code images}
     * times its bytes (still one message: a network's per-message costs are paid once). The
     * graph itself at 1.
     */
    public TaskGraph batched(int images) {
        if (images == 1) {
            return this;
        }
        if (images < 1) {
            throw new IllegalArgumentException("a batch has at least one image, got " + images);
        }
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            if (t instanceof Task.Compute c) {
                out.add(new Task.Compute(c.id(), c.label(), c.device(), c.work().withBatch(images), c.deps()));
            } else if (t instanceof Task.Send s) {
                out.add(new Task.Send(s.id(), s.label(), s.phase(), s.source(), s.destinations(),
                        Math.multiplyExact(s.bytes(), (long) images), s.deps()));
            }
        }
        return new TaskGraph(out, gather, barriersOn);
    }

    /**
     * The same request on other network nodes: node i of this graph (a compute task's device, a
     * transfer's source or destination) becomes {@code nodes[i]}. The map must be one to one, as
     * when a stream's deployment on a subset of the cluster's devices is placed on the cluster
     * ({@link Deployment#placed}).
     */
    public TaskGraph remapped(int[] nodes) {
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            if (t instanceof Task.Compute c) {
                out.add(new Task.Compute(c.id(), c.label(), nodes[c.device()], c.work(), c.deps()));
            } else if (t instanceof Task.Send s) {
                int[] to = new int[s.destinations().length];
                for (int i = 0; i < to.length; i++) {
                    to[i] = nodes[s.destinations()[i]];
                }
                out.add(new Task.Send(s.id(), s.label(), s.phase(), nodes[s.source()], to, s.bytes(), s.deps()));
            }
        }
        return new TaskGraph(out, gather, barriersOn);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Task> tasks = new ArrayList<>();
        private Gather gather;

        public int compute(String label, int device, ComputeWork work, int... deps) {
            check(deps, device);
            int id = tasks.size();
            tasks.add(new Task.Compute(id, label, device, work, deps.clone()));
            return id;
        }

        public int send(String label, Phase phase, int source, int[] destinations, long bytes, int... deps) {
            check(deps, source);
            if (destinations.length == 0) {
                throw new IllegalArgumentException("send " + label + " has no destination");
            }
            int[] sorted = destinations.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i] == source || (i > 0 && sorted[i] == sorted[i - 1])) {
                    throw new IllegalArgumentException("send " + label + " has a repeated destination or sends to its source");
                }
            }
            int id = tasks.size();
            tasks.add(new Task.Send(id, label, phase, source, destinations.clone(), bytes, deps.clone()));
            return id;
        }

        public int send(String label, Phase phase, int source, int destination, long bytes, int... deps) {
            return send(label, phase, source, new int[] {destination}, bytes, deps);
        }

        private void check(int[] deps, int node) {
            for (int d : deps) {
                if (d < 0 || d >= tasks.size()) {
                    throw new IllegalArgumentException("dependency " + d + " is not an earlier task");
                }
                if (tasks.get(d) instanceof Task.Send s) {
                    boolean delivered = false;
                    for (int dst : s.destinations()) {
                        delivered |= dst == node;
                    }
                    if (!delivered) {
                        throw new IllegalArgumentException("task on node " + node + " depends on " + s.label()
                                + " which does not deliver there");
                    }
                } else if (tasks.get(d).node() != node) {
                    throw new IllegalArgumentException("task on node " + node + " depends on compute task "
                            + tasks.get(d).label() + " of node " + tasks.get(d).node() + " without a transfer");
                }
            }
        }

        public int size() {
            return tasks.size();
        }

        /** Marks task {@code head} as the gather of branches: {@code branches[i]} arrive through its i-th dependency. */
        public void gather(int head, int[] branches) {
            gather = new Gather(head, branches);
        }

        public TaskGraph build() {
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("a request needs at least one task");
            }
            return new TaskGraph(tasks, gather, true);
        }
    }
}

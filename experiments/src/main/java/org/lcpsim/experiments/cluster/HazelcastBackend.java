package org.lcpsim.experiments.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.experiments.ExperimentFile;
import org.lcpsim.experiments.SimulationBackend;
import org.lcpsim.reports.PointsJsonl;
import org.lcpsim.results.PointResult;

/**
 * Simulates points on the workers of an lcpsim cluster ({@code lcpsim worker}), as a Hazelcast
 * client. Each point travels as a {@link PointJob}: the experiment's text and the files it names,
 * so a worker needs nothing from the driver's disk; it comes back as a points.jsonl line, which
 * reads back equal, so results are those of a local run.
 *
 * <p>Scheduling: each worker gets at most as many points at once as it has threads, the least
 * busy first; the others wait here. So the time a point is out is the time it runs, and a point
 * that does not come back within its runs' wall limit (times its replications) plus a minute
 * fails the run. A worker that leaves (stopped, killed, cut off) loses its points to the
 * others: they are submitted again; when no worker is left for the cluster timeout, the run
 * fails with what it finished already in the result store, so re-running resumes.
 *
 * <p>All scheduling state belongs to one thread ({@code loop}); Hazelcast's callbacks post to it.
 */
public final class HazelcastBackend implements SimulationBackend {
    /** Beyond the wall limit of a point's runs: deployment, transfer, a busy worker. */
    private static final Duration GRACE = Duration.ofSeconds(60);
    /** Losses of a point's worker before the point is given up (a point that crashes every worker it touches). */
    private static final int MAX_ATTEMPTS = 5;
    private static final long TICK_MS = 250;
    /** How long a worker a point was lost on gets no points (its leaving is usually confirmed within this). */
    private static final Duration SHUNNED = Duration.ofSeconds(5);

    private final ClusterSettings settings;
    private final Duration wallLimit;
    private final Consumer<String> notices;
    private final HazelcastInstance client;
    private final AtomicBoolean connected;
    private final IExecutorService executor;
    private final ScheduledExecutorService loop;
    private final String buildId;
    private final int parallelism;
    private final AtomicInteger resubmitted = new AtomicInteger();

    // owned by the loop thread
    private final ArrayDeque<Job> pending = new ArrayDeque<>();
    private final Set<Job> running = new LinkedHashSet<>();
    private final Map<UUID, Integer> busy = new HashMap<>();
    /** Workers a point was just lost on -> when: not given points for a while, until the cluster says whether they left. */
    private final Map<UUID, Long> lostAt = new HashMap<>();
    private long noWorkerSince = -1;
    private ClusterException broken;

    /** One point on its way; mutable, touched only on the loop thread. */
    private static final class Job {
        final PointTask task;
        final int pointId;
        final String key;
        final Duration budget;
        final CompletableFuture<PointResult> result = new CompletableFuture<>();
        int attempt;
        int losses;
        Member member;
        long startedNanos;

        Job(PointTask task, int pointId, String key, Duration budget) {
            this.task = task;
            this.pointId = pointId;
            this.key = key;
            this.budget = budget;
        }
    }

    private HazelcastBackend(ClusterSettings settings, Duration wallLimit, Consumer<String> notices, HazelcastInstance client,
                             AtomicBoolean connected, int parallelism) {
        this.settings = settings;
        this.wallLimit = wallLimit;
        this.notices = notices;
        this.client = client;
        this.connected = connected;
        this.parallelism = parallelism;
        this.buildId = BuildId.current();
        this.executor = client.getExecutorService(HazelcastConfigs.EXECUTOR);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lcpsim-cluster");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                if (eligible(e.getMember())) {
                    notices.accept("worker joined: " + Worker.describe(e.getMember()));
                    noticeOtherJvm(e.getMember(), notices);
                }
                post(HazelcastBackend.this::dispatch);
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                if (eligible(e.getMember())) {
                    notices.accept("worker left: " + Worker.describe(e.getMember()));
                }
            }
        });
    }

    /**
     * Joins the cluster as a client and waits until at least one worker of this lcpsim build is
     * there, within the settings' timeout. {@code notices}: lines for the user (workers joining
     * and leaving, points re-run). Throws ClusterException when the cluster is not reachable or
     * has no worker.
     */
    public static HazelcastBackend connect(ClusterSettings settings, Duration wallLimit, Consumer<String> notices) {
        HazelcastConfigs.quietLogging();
        AtomicBoolean connected = new AtomicBoolean();
        ClientConfig config = HazelcastConfigs.client(settings);
        // before the start, so that the first connection is seen too
        config.addListenerConfig(new ListenerConfig((LifecycleListener) e -> {
            if (e.getState() == LifecycleState.CLIENT_CONNECTED) {
                connected.set(true);
            } else if (e.getState() == LifecycleState.CLIENT_DISCONNECTED || e.getState() == LifecycleState.SHUTTING_DOWN) {
                connected.set(false);
            }
        }));
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException | HazelcastException e) {
            throw new ClusterException("cannot join the lcpsim cluster " + settings.describe() + " within "
                    + settings.timeout().toSeconds() + " s: no member there answered to this cluster name and password. "
                    + "Are workers running there (lcpsim worker), with the same --cluster-name and --password?");
        }
        try {
            List<Member> workers;
            while (true) {
                workers = client.getCluster().getMembers().stream().filter(m -> eligible(m, BuildId.current())).toList();
                if (!workers.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
            if (workers.isEmpty()) {
                throw new ClusterException(noWorkerMessage(settings, client.getCluster().getMembers()));
            }
            for (Member m : client.getCluster().getMembers()) {
                if (!eligible(m, BuildId.current())) {
                    notices.accept("ignoring " + otherMember(m) + "; this driver runs lcpsim " + BuildId.current());
                } else {
                    noticeOtherJvm(m, notices);
                }
            }
            int threads = workers.stream().mapToInt(HazelcastBackend::threads).sum();
            return new HazelcastBackend(settings, wallLimit, notices, client, connected, threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdown();
            throw new ClusterException("interrupted while waiting for the cluster's workers");
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    private static String noWorkerMessage(ClusterSettings settings, Set<Member> members) {
        if (members.isEmpty()) {
            return "the lcpsim cluster " + settings.describe() + " has no worker";
        }
        List<String> others = members.stream().map(HazelcastBackend::otherMember).toList();
        return "the lcpsim cluster " + settings.describe() + " has no worker running this lcpsim (" + BuildId.current()
                + "), whose results would be those of a local run: " + String.join("; ", others)
                + ". Run the same lcpsim jar on the workers and here.";
    }

    /**
     * Math.log, exp, pow... may round differently in the last bit on another Java runtime or CPU
     * architecture, and a simulation with random streams amplifies that: say so, do not refuse.
     */
    private static void noticeOtherJvm(Member m, Consumer<String> notices) {
        String jvm = m.getAttribute(HazelcastConfigs.ATTR_JVM);
        if (jvm != null && !jvm.equals(HazelcastConfigs.jvm())) {
            notices.accept("worker " + Worker.describe(m) + " runs " + jvm + ", this driver " + HazelcastConfigs.jvm()
                    + ": its results may differ from a local run here in the last digits");
        }
    }

    private static String otherMember(Member m) {
        String build = m.getAttribute(HazelcastConfigs.ATTR_BUILD);
        return Worker.describe(m) + ": " + (build == null ? "not an lcpsim worker" : "lcpsim " + build);
    }

    /** What the workers' threads add up to, when the backend connected. */
    @Override
    public int parallelism() {
        return parallelism;
    }

    /** Points submitted again because their worker left. */
    public int resubmitted() {
        return resubmitted.get();
    }

    /** The workers (of this build) as the driver sees them, as "HOST:PORT (N threads)". */
    public List<String> workers() {
        return client.getCluster().getMembers().stream().filter(this::eligible).map(Worker::describe).toList();
    }

    @Override
    public CompletableFuture<PointResult> simulate(ExperimentFile file, int pointId, Long seedOverride) {
        Job job;
        try {
            job = job(file, pointId, seedOverride);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            loop.execute(() -> {
                if (broken != null) {
                    job.result.completeExceptionally(broken);
                } else {
                    pending.add(job);
                    dispatch();
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ClusterException("the cluster backend is closed"));
        }
        return job.result;
    }

    private Job job(ExperimentFile file, int pointId, Long seedOverride) {
        Errors errors = new Errors();
        ExperimentFile.DesignPoint point = file.point(pointId, errors);
        if (point == null) {
            // validated before, so this is a bug, not bad input
            throw new IllegalStateException("point " + pointId + " stopped resolving: " + errors.list());
        }
        String local = WorkerContext.localOnlyFile(point);
        if (local != null) {
            throw new ClusterException("point " + pointId + " cannot run on a cluster: " + local);
        }
        List<PointJob.FileCopy> copies = new ArrayList<>();
        for (String model : new java.util.LinkedHashSet<>(ExperimentFile.modelFileReferences(point))) {
            // the experiment file reads each file it names once (the top-level model's, each request stream's)
            copies.add(new PointJob.FileCopy(model, file.referencedFile(model)));
        }
        for (String device : WorkerContext.deviceFiles(point)) {
            copies.add(new PointJob.FileCopy(device, file.referencedFile(device)));
        }
        List<String> more = new ArrayList<>(ExperimentFile.networkFiles(point.document()));
        more.addAll(ExperimentFile.accuracyFiles(point.document()));
        for (String trace : more) {
            // a bandwidth trace travels like a device file: the worker reads the driver's copy
            if (copies.stream().noneMatch(c -> c.reference().equals(trace))) {
                copies.add(new PointJob.FileCopy(trace, file.referencedFile(trace)));
            }
        }
        String name = file.path().getFileName() == null ? "experiment.yaml" : file.path().getFileName().toString();
        PointJob pj = new PointJob(name, file.text(), copies, pointId, seedOverride, wallLimit.toMillis(), buildId);
        return new Job(new PointTask(pj, null), pointId, file.configKey(point, seedOverride),
                wallLimit.multipliedBy(replications(point)).plus(GRACE));
    }

    /**
     * The point's replications, for its deadline, read from its document rather than by binding
     * it (binding builds device and network models, which the driver does not need): the file
     * was validated, so it is an integer there, or absent and then 1 as the binder has it.
     */
    private static int replications(ExperimentFile.DesignPoint point) {
        if (Node.at(point.document(), List.of("replications")) instanceof Node.Scalar s) {
            try {
                return Math.max(1, Integer.parseInt(s.text().strip()));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }

    // ---- the loop thread -------------------------------------------------------------------

    private void post(Runnable r) {
        try {
            loop.execute(r);
        } catch (RejectedExecutionException e) {
            // closed: every job was failed then
        }
    }

    private boolean eligible(Member m) {
        return eligible(m, buildId);
    }

    private static boolean eligible(Member m, String build) {
        return !m.isLiteMember() && build.equals(m.getAttribute(HazelcastConfigs.ATTR_BUILD)) && threads(m) > 0;
    }

    private static int threads(Member m) {
        try {
            String t = m.getAttribute(HazelcastConfigs.ATTR_THREADS);
            return t == null ? 0 : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<Member> currentWorkers() {
        if (!connected.get() || !client.getLifecycleService().isRunning()) {
            return List.of();
        }
        return client.getCluster().getMembers().stream().filter(this::eligible).toList();
    }

    /** Gives waiting points to the workers with free threads, the least busy first. */
    private void dispatch() {
        if (broken != null || pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        lostAt.values().removeIf(t -> now - t > SHUNNED.toNanos());
        List<Member> workers = currentWorkers().stream().filter(m -> !lostAt.containsKey(m.getUuid())).toList();
        while (!pending.isEmpty()) {
            Member best = null;
            int bestFree = 0;
            for (Member m : workers) {
                int free = threads(m) - busy.getOrDefault(m.getUuid(), 0);
                if (free > bestFree) {
                    best = m;
                    bestFree = free;
                }
            }
            if (best == null) {
                return;
            }
            submit(pending.poll(), best);
        }
    }

    private void submit(Job job, Member member) {
        int attempt = ++job.attempt;
        job.member = member;
        job.startedNanos = System.nanoTime();
        busy.merge(member.getUuid(), 1, Integer::sum);
        running.add(job);
        try {
            executor.submitToMember(job.task, member, new ExecutionCallback<String>() {
                @Override
                public void onResponse(String line) {
                    post(() -> finished(job, attempt, line, null));
                }

                @Override
                public void onFailure(Throwable t) {
                    post(() -> finished(job, attempt, null, t));
                }
            });
        } catch (RuntimeException e) {
            // not through finished() at once: it dispatches, which would submit again, here
            post(() -> finished(job, attempt, null, e));
        }
    }

    private void release(Job job) {
        running.remove(job);
        busy.computeIfPresent(job.member.getUuid(), (k, n) -> n > 1 ? n - 1 : null);
    }

    private void finished(Job job, int attempt, String line, Throwable error) {
        if (attempt != job.attempt || !running.contains(job)) {
            return; // given up on already (deadline, close)
        }
        release(job);
        Member member = job.member;
        if (error == null) {
            accept(job, member, line);
        } else if (workerGone(error)) {
            if (connected.get()) {
                job.losses++;
            }
            if (job.losses >= MAX_ATTEMPTS) {
                job.result.completeExceptionally(new ClusterException("point " + job.pointId + " lost its worker "
                        + job.losses + " times (last " + Worker.describe(member) + ": " + message(error) + "); giving up"));
            } else {
                lostAt.put(member.getUuid(), System.nanoTime());
                resubmitted.incrementAndGet();
                notices.accept("point " + job.pointId + " runs again: its worker " + Worker.describe(member) + " is gone");
                pending.addFirst(job);
            }
        } else {
            job.result.completeExceptionally(new ClusterException("point " + job.pointId + " failed on worker "
                    + Worker.describe(member) + ": " + message(error), error));
        }
        dispatch();
    }

    private void accept(Job job, Member member, String line) {
        PointResult r;
        try {
            r = PointsJsonl.fromLine(line, "the result of point " + job.pointId + " from " + Worker.describe(member));
        } catch (RuntimeException e) {
            job.result.completeExceptionally(new ClusterException(e.getMessage(), e));
            return;
        }
        if (r.pointId() != job.pointId || !r.configKey().equals(job.key)) {
            job.result.completeExceptionally(new ClusterException("worker " + Worker.describe(member) + " answered point "
                    + job.pointId + " with point " + r.pointId() + " of configuration " + r.configKey() + " instead of "
                    + job.key + ": it reads experiments differently (another lcpsim build?)"));
            return;
        }
        job.result.complete(r);
    }

    /**
     * True when the failure is the worker's going away (or the connection to it), not the
     * point's: the point may run elsewhere. An exception the task itself threw is never one,
     * whatever its causes.
     */
    static boolean workerGone(Throwable error) {
        Throwable t = unwrap(error);
        return t instanceof MemberLeftException || t instanceof TargetDisconnectedException
                || t instanceof HazelcastInstanceNotActiveException || t instanceof RetryableException
                || t instanceof RejectedExecutionException || t instanceof java.io.IOException
                || t instanceof HazelcastClientOfflineException || t instanceof HazelcastClientNotActiveException;
    }

    /** Without the wrappers futures add (MemberLeftException is an ExecutionException of its own: kept). */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t.getClass() == ExecutionException.class || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable e) {
        Throwable t = unwrap(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Every TICK_MS: overdue points, a cluster without workers, a client that gave up. */
    private void tick() {
        try {
            if (broken != null) {
                return;
            }
            long now = System.nanoTime();
            for (Job job : List.copyOf(running)) {
                if (now - job.startedNanos > job.budget.toNanos()) {
                    release(job);
                    job.result.completeExceptionally(new ClusterException("point " + job.pointId + " did not come back from "
                            + Worker.describe(job.member) + " within " + job.budget.toSeconds() + " s (the wall limit of its runs "
                            + "plus " + GRACE.toSeconds() + " s): the worker is overloaded or stuck"));
                }
            }
            if (!client.getLifecycleService().isRunning()) {
                breakDown(new ClusterException("no worker left in the cluster " + settings.describe() + ": lost the "
                        + "connection to every member and could not reconnect within " + settings.timeout().toSeconds() + " s"
                        + resumeHint()));
                return;
            }
            boolean waiting = !pending.isEmpty() || !running.isEmpty();
            if (waiting && currentWorkers().isEmpty()) {
                if (noWorkerSince < 0) {
                    noWorkerSince = now;
                    notices.accept("no worker left in the cluster; waiting up to " + settings.timeout().toSeconds()
                            + " s for one");
                } else if (now - noWorkerSince > settings.timeout().toNanos()) {
                    breakDown(new ClusterException("no worker left in the cluster " + settings.describe() + " for "
                            + settings.timeout().toSeconds() + " s" + resumeHint()));
                    return;
                }
            } else {
                noWorkerSince = -1;
            }
            dispatch();
        } catch (RuntimeException e) {
            // the tick must survive anything, or points would wait forever
            breakDown(new ClusterException("the cluster backend failed: " + message(e), e));
        }
    }

    private static String resumeHint() {
        return "; the points finished so far are in the result store: run the same command again to go on";
    }

    /** Fails every point not finished yet, and every later one, with {@code e}. */
    private void breakDown(ClusterException e) {
        if (broken == null) {
            broken = e;
        }
        for (Job job : running) {
            job.result.completeExceptionally(broken);
        }
        running.clear();
        busy.clear();
        for (Job job : pending) {
            job.result.completeExceptionally(broken);
        }
        pending.clear();
    }

    @Override
    public void close() {
        try {
            loop.submit(() -> breakDown(new ClusterException("the cluster backend is closed"))).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            // closing anyway
        }
        loop.shutdownNow();
        client.shutdown();
    }
}

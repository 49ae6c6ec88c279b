package org.lcpsim.experiments.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;

/**
 * An lcpsim worker: an embedded Hazelcast member that simulates the design points drivers submit,
 * on {@code threads} threads, until it is closed (or the process is stopped: Hazelcast's shutdown
 * hook then leaves the cluster gracefully). It listens on one address and joins only the members
 * it is given, over TCP/IP: no multicast, no discovery.
 */
public final class Worker implements AutoCloseable {
    private final HazelcastInstance member;
    private final WorkerContext context;
    private final ClusterAddress address;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Worker(HazelcastInstance member, WorkerContext context, ClusterAddress address) {
        this.member = member;
        this.context = context;
        this.address = address;
    }

    /**
     * Starts a worker listening on {@code bind} and joins the members of {@code settings}
     * (events: members joining and leaving, and the worker's own leaving, as lines for the user). Throws
     * IllegalArgumentException when {@code bind} is not an address of this machine, and
     * ClusterException when the member cannot start (e.g. the port is taken).
     */
    public static Worker start(ClusterSettings settings, ClusterAddress bind, int threads, Consumer<String> events) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        InetAddress ip = localAddress(bind);
        if (ip == null) {
            throw new IllegalArgumentException(bind.host() + " is not an address of this machine: a worker listens on one of "
                    + "its own addresses (--bind HOST:PORT)");
        }
        // Hazelcast would log the stack trace of a taken port before failing: ask first
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(ip, bind.port()));
        } catch (IOException e) {
            throw new ClusterException("cannot listen on " + bind + ": " + e.getMessage() + " (another worker there?)");
        }
        HazelcastConfigs.quietLogging();
        WorkerContext context = new WorkerContext(threads, BuildId.current());
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings, ip, bind.port(), threads, context));
        } catch (HazelcastException | IllegalStateException e) {
            throw new ClusterException("cannot start a worker on " + bind + ": " + rootMessage(e), e);
        }
        Worker w = new Worker(hz, context, new ClusterAddress(ip.getHostAddress(), bind.port()));
        // said from the listener: on SIGTERM it runs inside the shutdown hook, before the JVM halts
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                events.accept("left the cluster after simulating " + context.finished() + " point(s)");
                w.stopped.countDown();
            }
        });
        if (!hz.getLifecycleService().isRunning()) {
            w.stopped.countDown();
        }
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                events.accept("worker joined: " + describe(e.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                events.accept("worker left: " + describe(e.getMember()));
            }
        });
        return w;
    }

    /**
     * The address of this machine that {@code a} names, or null when it names none. Resolving a
     * host name may ask DNS (bounded by the system resolver's own timeouts).
     */
    public static InetAddress localAddress(ClusterAddress a) {
        try {
            for (InetAddress ip : InetAddress.getAllByName(a.host())) {
                if (ip.isLoopbackAddress() || NetworkInterface.getByInetAddress(ip) != null) {
                    return ip;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return null;
        }
        return null;
    }

    /** The address this worker listens on. */
    public ClusterAddress address() {
        return address;
    }

    /** The members of the cluster as this worker sees them, itself included, each as "HOST:PORT (N threads)". */
    public List<String> members() {
        return member.getCluster().getMembers().stream().map(Worker::describe).toList();
    }

    public int threads() {
        return context.threads();
    }

    /** Points this worker started, and finished with a result. */
    public long pointsStarted() {
        return context.started();
    }

    public long pointsFinished() {
        return context.finished();
    }

    public boolean running() {
        return member.getLifecycleService().isRunning();
    }

    /** Waits until the worker has stopped (closed here, or by the process's shutdown hook); false on timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the worker has stopped, however long that takes (a worker serves until it is stopped). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Leaves the cluster gracefully; points running here are re-run elsewhere by their drivers. */
    @Override
    public void close() {
        member.shutdown();
    }

    /** Stops at once without telling anyone, as a killed process does (for tests of the loss of a worker). */
    public void kill() {
        member.getLifecycleService().terminate();
    }

    static String describe(Member m) {
        String threads = m.getAttribute(HazelcastConfigs.ATTR_THREADS);
        return HazelcastConfigs.hostPort(m.getAddress().getHost(), m.getAddress().getPort())
                + (threads == null ? "" : " (" + threads + (threads.equals("1") ? " thread)" : " threads)"))
                + (m.localMember() ? " (this one)" : "");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return t == e ? m : (e.getMessage() == null ? m : e.getMessage() + " (" + m + ")");
    }
}

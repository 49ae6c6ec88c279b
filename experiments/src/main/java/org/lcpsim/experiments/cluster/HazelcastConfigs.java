package org.lcpsim.experiments.cluster;

import java.net.InetAddress;
import java.util.List;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ClientNetworkConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;

/**
 * The Hazelcast configurations of lcpsim's workers (members) and drivers (clients): nothing is
 * discovered or listened to beyond what the user named, nothing phones home, nothing logs below
 * ERROR, and no Java serialization is accepted from the network.
 */
final class HazelcastConfigs {
    /** The executor workers run point tasks on. */
    static final String EXECUTOR = "lcpsim-points";
    /** Member attributes: worker threads, and the lcpsim build (drivers use only workers of their own). */
    static final String ATTR_THREADS = "lcpsim.threads";
    static final String ATTR_BUILD = "lcpsim.build";
    /** The Java runtime and CPU architecture: Math's functions may differ in the last bit between them. */
    static final String ATTR_JVM = "lcpsim.jvm";

    private HazelcastConfigs() {
    }

    /**
     * Hazelcast chooses its logging framework from this system property, once per process and in
     * part before any configuration is read; without it, it logs INFO lines through
     * java.util.logging onto the console. Through SLF4J it reaches lcpsim's logback, at ERROR.
     */
    static void quietLogging() {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
    }

    /** A worker: member of the cluster, bound to {@code bind} only, joining only the listed members. */
    static Config member(ClusterSettings settings, InetAddress bind, int port, int threads, WorkerContext worker) {
        Config c = new Config();
        c.setClusterName(settings.clusterName());
        c.setInstanceName("lcpsim-worker-" + bind.getHostAddress() + "-" + port);
        common(c::setProperty);
        // listen on the given interface only, not on every address of the machine
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.socket.server.bind.any", "false");
        c.setProperty("hazelcast.socket.client.bind.any", "false");
        // Ctrl-C / SIGTERM: leave the cluster cleanly rather than vanish
        c.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        // a worker that stops answering (network cut, frozen machine) is dropped after this, and its points re-run
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "30");
        // small clusters of known members: no need to wait long for more join requests
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "5");

        NetworkConfig n = c.getNetworkConfig();
        n.setPort(port).setPortAutoIncrement(false).setPortCount(1);
        n.setPublicAddress(hostPort(bind.getHostAddress(), port));
        n.getInterfaces().setEnabled(true).setInterfaces(List.of(bind.getHostAddress()));
        n.getRestApiConfig().setEnabled(false);
        n.getMemcacheProtocolConfig().setEnabled(false);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(3)
                .setMembers(settings.members().stream().map(ClusterAddress::toString).toList());

        c.getJetConfig().setEnabled(false);
        c.getExecutorConfig(EXECUTOR).setPoolSize(threads).setStatisticsEnabled(false);
        c.getMemberAttributeConfig().setAttribute(ATTR_THREADS, Integer.toString(threads));
        c.getMemberAttributeConfig().setAttribute(ATTR_BUILD, BuildId.current());
        c.getMemberAttributeConfig().setAttribute(ATTR_JVM, jvm());
        serialization(c.getSerializationConfig(), worker);
        return c;
    }

    /** A driver: a client of the cluster that submits point tasks. */
    static ClientConfig client(ClusterSettings settings) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(settings.clusterName());
        common(c::setProperty);
        // a member that stops answering is given up after this, and the points it ran go elsewhere
        c.setProperty("hazelcast.client.heartbeat.timeout", "20000");
        ClientNetworkConfig n = c.getNetworkConfig();
        n.setAddresses(settings.members().stream().map(ClusterAddress::toString).toList());
        n.getAutoDetectionConfig().setEnabled(false);
        n.setConnectionTimeout((int) Math.min(5000, settings.timeout().toMillis()));
        ClientConnectionStrategyConfig s = c.getConnectionStrategyConfig();
        s.setAsyncStart(false).setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ON);
        s.getConnectionRetryConfig().setClusterConnectTimeoutMillis(settings.timeout().toMillis())
                .setInitialBackoffMillis(250).setMaxBackoffMillis(2000);
        serialization(c.getSerializationConfig(), null);
        return c;
    }

    private interface Properties {
        Object set(String name, String value);
    }

    private static void common(Properties p) {
        p.set("hazelcast.logging.type", "slf4j");
        p.set("hazelcast.phone.home.enabled", "false");
    }

    /**
     * Tasks travel in lcpsim's own wire form; Java deserialization, the classic way to run code on
     * a Java server from the network, is refused: the whitelist names one class that does not exist.
     */
    private static void serialization(SerializationConfig s, WorkerContext worker) {
        s.addSerializerConfig(new SerializerConfig().setTypeClass(PointTask.class).setImplementation(new PointTask.Serializer(worker)));
        s.setJavaSerializationFilterConfig(new JavaSerializationFilterConfig().setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter().addClasses("org.lcpsim.experiments.cluster.NoJavaSerialization")));
    }

    /** This process's Java runtime and architecture, e.g. "Java 17.0.12 on amd64". */
    static String jvm() {
        return "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.arch");
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

package org.lcpsim.experiments.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * How to reach a cluster: the members' addresses, the cluster's name and password, and how long
 * to wait for it (to connect, and for a worker when none is left).
 *
 * <p>Hazelcast's open-source edition does not authenticate members or clients: whoever reaches
 * a member's port and presents the cluster's name may join. The password therefore goes into
 * the name: the cluster's Hazelcast name is {@code NAME-} followed by 32 hex digits of
 * SHA-256("lcpsim-cluster\n" + NAME + "\n" + PASSWORD). Members and drivers without the password
 * compute another name and are turned away (members form a cluster of their own). This keeps
 * strangers and other teams' clusters apart; it is not encryption: the derived name crosses the
 * network in clear, so whoever can sniff the network can copy it and join.
 */
public record ClusterSettings(List<ClusterAddress> members, String name, String password, Duration timeout) {
    public static final String DEFAULT_NAME = "lcpsim";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ClusterSettings {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one member address");
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("cluster name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the cluster timeout must be positive");
        }
    }

    /** The name Hazelcast sees: the given name, or with a password, the name and a hash of both. */
    public String clusterName() {
        if (password == null) {
            return name;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("lcpsim-cluster\n" + name + "\n" + password).getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** For messages: the name and the addresses, never the password. */
    public String describe() {
        return "'" + name + "'" + (hasPassword() ? " (with a password)" : "") + " at "
                + String.join(", ", members.stream().map(ClusterAddress::toString).toList());
    }

    @Override
    public String toString() {
        return "ClusterSettings[" + describe() + ", timeout=" + timeout + "]";
    }
}

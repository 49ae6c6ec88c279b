package org.lcpsim.experiments.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A member's address as the user writes it: {@code HOST:PORT}, {@code [IPv6]:PORT} for IPv6. */
public record ClusterAddress(String host, int port) {
    private static final Pattern NAME_OR_V4 = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");
    private static final Pattern V6 = Pattern.compile("\\[([0-9A-Fa-f:.%a-zA-Z0-9]+)]:(\\d{1,5})");

    public ClusterAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    /** Parses {@code HOST:PORT}; throws IllegalArgumentException with a message for the user. */
    public static ClusterAddress parse(String text) {
        String s = text.strip();
        Matcher m = NAME_OR_V4.matcher(s);
        Matcher v6 = V6.matcher(s);
        String host;
        String port;
        if (m.matches()) {
            host = m.group(1);
            port = m.group(3);
        } else if (v6.matches() && v6.group(1).contains(":")) {
            host = v6.group(1);
            port = v6.group(2);
        } else {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 192.168.1.10:5701, or [::1]:5701 for IPv6)");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + p + " is not in 1..65535");
        }
        return new ClusterAddress(host, p);
    }

    /** Parses a comma-separated list, dropping repeats; throws IllegalArgumentException when empty or malformed. */
    public static List<ClusterAddress> parseList(String text) {
        LinkedHashSet<ClusterAddress> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has an empty entry: expected HOST:PORT[,HOST:PORT...]");
            }
            out.add(parse(part));
        }
        return new ArrayList<>(out);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

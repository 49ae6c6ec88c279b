package org.lcpsim.network.flow;

import java.util.List;

/**
 * How flows that meet at a bottleneck share it (YAML {@code sharing:} on the network).
 * <ul>
 * <li>{@code equal}: max-min fair with equal weights, every flow on a saturated resource gets the
 * same rate (the default).</li>
 * <li>{@code rtt}: SimGrid's CM02/LV08 rule, a flow's share weighted by the inverse of its
 * "penalty" {@code p = L + S * sum_r a_r / C_r} (the route's one-way physical latency, plus the
 * TCP overlay's {@code weightS} term), so short round trips win, as with real TCP; the TCP
 * overlay's window then caps the wire rate as SimGrid does. docs/network-models.md section 1.</li>
 * </ul>
 */
public enum Sharing {
    EQUAL("equal"),
    RTT("rtt");

    public static final List<String> NAMES = List.of(EQUAL.yamlName, RTT.yamlName);

    private final String yamlName;

    Sharing(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Sharing of(String name) {
        for (Sharing s : values()) {
            if (s.yamlName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sharing '" + name + "'; known: " + NAMES);
    }
}

package org.lcpsim.network.topology;

import java.util.regex.Pattern;

/** What a node, link or cell may be called: letters, digits, '.', '_' and '-', at most 64, starting with a letter or digit. */
final class Names {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A device of the cluster: d0, d1, ... (no leading zeros). */
    static final Pattern DEVICE = Pattern.compile("d(0|[1-9][0-9]{0,5})");
    static final String SOURCE = "source";

    private Names() {
    }

    static boolean valid(String s) {
        return s != null && NAME.matcher(s).matches();
    }

    /**
     * Whether the node exists without being declared: a device id, the external source, or the
     * source of one of several request streams ({@code source.NAME}).
     */
    static boolean implicit(String s) {
        return org.lcpsim.network.flow.TopologySpec.isSource(s) || DEVICE.matcher(s).matches();
    }

    static void check(String s, String what) {
        if (!valid(s)) {
            throw new IllegalArgumentException("a " + what + " is letters, digits, '.', '_' or '-' (at most 64), got '" + s + "'");
        }
    }
}

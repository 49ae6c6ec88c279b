package org.lcpsim.network.flow;

import java.util.List;

/** The immutable description of a topology (what YAML binds to); builds one per replication. */
public interface TopologySpec {
    /** The YAML kind. */
    String kind();

    Topology build(List<String> nodeNames);

    /**
     * Whether a node is an external source, not a device: "source" (the one external source of a
     * run of one stream, listed last) or "source.NAME" (the external camera of stream NAME when an
     * experiment has several streams; listed after the devices, in stream order).
     */
    static boolean isSource(String nodeName) {
        return nodeName.equals("source") || nodeName.startsWith("source.");
    }

    /** The node index of the external source ("source", listed last), or -1. */
    static int sourceIndex(List<String> nodeNames) {
        int last = nodeNames.size() - 1;
        return last >= 0 && nodeNames.get(last).equals("source") ? last : -1;
    }
}

package org.lcpsim.network;

/** Traffic over one network resource (a link, a port, the shared medium) during a run. */
public record LinkUsage(String resource, long wireBytes, double busyMs) {
}

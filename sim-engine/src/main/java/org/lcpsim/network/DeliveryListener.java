package org.lcpsim.network;

/** Told once per destination when the whole payload has arrived there. */
@FunctionalInterface
public interface DeliveryListener {
    void delivered(int destination);
}

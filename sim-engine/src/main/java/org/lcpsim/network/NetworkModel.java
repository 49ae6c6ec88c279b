package org.lcpsim.network;

/**
 * A kind of network. Each replication gets a fresh instance with its own state, so one model
 * serves many runs at once.
 */
public interface NetworkModel {
    /** The preset or model name shown in results ({@code network}). */
    String name();

    Instance instantiate(NetworkContext context);

    /** True when transfers draw random factors (so that estimates need more samples). */
    default boolean random() {
        return false;
    }

    /** The network of one run. */
    interface Instance {
        /** Starts a transfer now; the listener hears of each destination's delivery. */
        void send(Transfer transfer, DeliveryListener listener);

        /** CPU time the sending device spends on a message of this size (serialization, RPC). */
        default double senderCpuMs(long bytes) {
            return 0;
        }

        /** CPU time the receiving device spends on a message of this size (deserialization, RPC). */
        default double receiverCpuMs(long bytes) {
            return 0;
        }

        NetworkStats stats();
    }
}

package org.lcpsim.network.flow;

import org.lcpsim.network.tcp.RpcCost;
import org.lcpsim.network.tcp.TcpOverlay;
import org.lcpsim.network.variability.Variability;

/** What any flow model may add: TCP, RPC CPU costs, variability, transfer energy, and how flows share a bottleneck. */
public record FlowOptions(TcpOverlay tcp, RpcCost rpc, Variability variability, TransferEnergy energy, Sharing sharing) {
    public static final FlowOptions NONE = new FlowOptions(TcpOverlay.NONE, RpcCost.NONE, Variability.NONE,
            TransferEnergy.NONE, Sharing.EQUAL);

    public FlowOptions {
        if (tcp == null || rpc == null || variability == null || energy == null || sharing == null) {
            throw new IllegalArgumentException("flow options need every part (use the NONE constants)");
        }
    }

    /** Equal sharing. */
    public FlowOptions(TcpOverlay tcp, RpcCost rpc, Variability variability, TransferEnergy energy) {
        this(tcp, rpc, variability, energy, Sharing.EQUAL);
    }

    public FlowOptions withTcp(TcpOverlay t) {
        return new FlowOptions(t, rpc, variability, energy, sharing);
    }

    public FlowOptions withRpc(RpcCost r) {
        return new FlowOptions(tcp, r, variability, energy, sharing);
    }

    public FlowOptions withVariability(Variability v) {
        return new FlowOptions(tcp, rpc, v, energy, sharing);
    }

    public FlowOptions withEnergy(TransferEnergy e) {
        return new FlowOptions(tcp, rpc, variability, e, sharing);
    }

    public FlowOptions withSharing(Sharing s) {
        return new FlowOptions(tcp, rpc, variability, energy, s);
    }
}

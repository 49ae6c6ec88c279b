package org.lcpsim.network.flow;

import org.lcpsim.network.tcp.RpcCost;
import org.lcpsim.network.tcp.TcpOverlay;
import org.lcpsim.network.variability.Variability;

/** What any flow model may add: TCP, RPC CPU costs, variability, transfer energy. */
public record FlowOptions(TcpOverlay tcp, RpcCost rpc, Variability variability, TransferEnergy energy) {
    public static final FlowOptions NONE = new FlowOptions(TcpOverlay.NONE, RpcCost.NONE, Variability.NONE,
            TransferEnergy.NONE);

    public FlowOptions {
        if (tcp == null || rpc == null || variability == null || energy == null) {
            throw new IllegalArgumentException("flow options need every part (use the NONE constants)");
        }
    }

    public FlowOptions withTcp(TcpOverlay t) {
        return new FlowOptions(t, rpc, variability, energy);
    }

    public FlowOptions withRpc(RpcCost r) {
        return new FlowOptions(tcp, r, variability, energy);
    }

    public FlowOptions withVariability(Variability v) {
        return new FlowOptions(tcp, rpc, v, energy);
    }

    public FlowOptions withEnergy(TransferEnergy e) {
        return new FlowOptions(tcp, rpc, variability, e);
    }
}

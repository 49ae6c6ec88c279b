package org.lcpsim.execution;

import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.engine.Noise;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelBuilder;
import org.lcpsim.workload.Op;
import org.lcpsim.workload.Shape;

/** Small models and devices whose costs can be computed by hand. */
public final class TestModels {
    private TestModels() {
    }

    /** 100 -> dense 50 -> [head] dense 10: 5,050 + 510 params, 5,000 + 500 MACs. */
    public static Model mlp() {
        return new ModelBuilder("mlp", Shape.vector(100))
                .add("fc1", new Op.Dense(50, true))
                .head().add("fc2", new Op.Dense(10, true))
                .build();
    }

    /** A device doing exactly 1 GFLOP/s (1e6 FLOP per ms) with infinite-ish memory bandwidth. */
    public static RooflineDevice gigaflopDevice(Noise noise) {
        return new RooflineDevice("test-1gflops", 1.0, 1.0, 1e9, 1024, 0, new PowerSpec(1, 3), noise);
    }
}

package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.lcpsim.devices.ComputeEstimate;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.execution.Workload;
import org.lcpsim.network.PointToPointNetwork;
import org.lcpsim.results.PointResult;
import org.lcpsim.strategies.SingleDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.ModelZoo;

class PointRunnerTest {
    /** Plans fine (nothing resident), but refuses the share the deployment gives it. */
    static final class RefusingDevice implements DeviceModel {
        @Override
        public String type() {
            return "refusing";
        }

        @Override
        public Prepared prepare(Residency residency) {
            if (!residency.isEmpty()) {
                throw new IllegalArgumentException("cannot hold " + residency.weightBytes() + " bytes of weights");
            }
            return new Prepared() {
                @Override
                public MemoryReport memory() {
                    return MemoryReport.fitting(residency, 1L << 30, false);
                }

                @Override
                public ComputeEstimate estimate(ComputeWork work) {
                    return new ComputeEstimate(1.0, 0, work.layers().size());
                }

                @Override
                public PowerSpec power() {
                    return PowerSpec.UNKNOWN;
                }
            };
        }
    }

    @Test
    void aDeviceThatCannotTakeItsShareFailsThePointNotTheRun() {
        var model = ModelZoo.get("lenet");
        ExperimentSpec spec = new ExperimentSpec("e", "lenet", model, new SingleDevice(0), List.of(new RefusingDevice()), 1,
                new PointToPointNetwork("p2p", 1.0, 8.0), 100, DataType.FP32, DataType.FP32, Workload.closed(2, 0), 1, 1, null);
        // the exception escaped PointRunner.prepare and ended the whole run
        PointResult r = new PointRunner(Duration.ofSeconds(30)).run(3, spec, Map.of("seed", "1"), "key");
        assertEquals("error: cannot hold " + model.weightBytes(DataType.FP32) + " bytes of weights", r.status());
        assertEquals(3, r.pointId());
        assertEquals("key", r.configKey());
        assertFalse(r.ok());
    }
}

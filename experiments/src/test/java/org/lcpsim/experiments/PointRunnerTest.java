package org.lcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Devices reporting the same unknown share one note that names them after their type; unused devices none. */
    @Test
    void theUnknownsOfUsedDevicesAreNotesNamingThem() {
        var model = ModelZoo.get("lenet");
        DeviceModel jetson = org.lcpsim.devices.presets.DeviceSpecs.preset("jetson-nano", null);
        DeviceModel pi = org.lcpsim.devices.presets.DeviceSpecs.preset("rpi3", null);
        ExperimentSpec spec = new ExperimentSpec("e", "lenet", model, new org.lcpsim.strategies.DataParallel(org.lcpsim.strategies.DataParallel.Balance.ROUND_ROBIN), List.of(jetson,
                jetson, pi, jetson), 4, new PointToPointNetwork("p2p", 100.0, 1.0), 100, DataType.FP32, DataType.FP32,
                Workload.closed(2, 0), 1, 1, null);
        PointRunner.Prepared p = new PointRunner(Duration.ofSeconds(30)).prepare(0, spec, Map.of(), "key");
        assertEquals(PointResult.OK, p.result().status());
        assertEquals(1, p.result().notes().size(), p.result().notes().toString());
        String note = p.result().notes().get(0);
        assertTrue(note.startsWith("peak_memory_mb_max is blank: the framework memory of jetson-nano (d0, d1, d3) is unknown; "),
                note);
        assertTrue(Double.isNaN(p.result().peakMemoryMbMax()));
        // on one device (the others hold nothing), only that device is named
        ExperimentSpec single = new ExperimentSpec("e", "lenet", model, new SingleDevice(1), List.of(pi, jetson, jetson), 3,
                new PointToPointNetwork("p2p", 100.0, 1.0), 100, DataType.FP32, DataType.FP32, Workload.closed(2, 0), 1, 1, null);
        List<String> notes = new PointRunner(Duration.ofSeconds(30)).prepare(0, single, Map.of(), "key").result().notes();
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("jetson-nano (d1) is unknown"), notes.toString());
        // a device without unknowns adds no note
        ExperimentSpec pis = new ExperimentSpec("e", "lenet", model, new SingleDevice(0), List.of(pi), 1,
                new PointToPointNetwork("p2p", 100.0, 1.0), 100, DataType.FP32, DataType.FP32, Workload.closed(2, 0), 1, 1, null);
        assertEquals(List.of(), new PointRunner(Duration.ofSeconds(30)).prepare(0, pis, Map.of(), "key").result().notes());
    }
}

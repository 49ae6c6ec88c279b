package org.lcpsim.devices.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;

/**
 * The shipped rpi3, jetson-tx2, jetson-nano and aws-t2.micro presets are what the calibration produces from
 * the committed measurement files: refit, and compare with the presets on the classpath.
 */
class Rpi3CalibrationTest {
    private static final List<CalibrationReport> RPI = Rpi3Calibration.run();

    @Test
    void shippedPresetsAreTheFitsOutput() {
        Map<String, String> fresh = RegeneratePresets.generate();
        for (Map.Entry<String, String> e : fresh.entrySet()) {
            String shipped = DeviceSpecsAccess.resource(e.getKey());
            assertEquals(e.getValue(), shipped, e.getKey() + ".yaml differs from a refit: rerun RegeneratePresets");
        }
        // and the bound preset carries the fitted numbers
        for (CalibrationReport r : RPI) {
            CpuParams bound = CpuParams.of((EdgeDevice) DeviceSpecs.preset("rpi3", r.framework()));
            for (String k : bound.values().keySet()) {
                if (k.startsWith("harness.")) {
                    continue; // the measurement harness is not part of the device
                }
                double fitted = r.params().get(k);
                assertEquals(fitted, bound.get(k), Math.abs(fitted) * 1e-4, r.framework() + " " + k);
            }
        }
    }

    @Test
    void tensorflowReproducesItsCalibrationSet() {
        CalibrationReport tf = RPI.get(0);
        assertEquals("tensorflow", tf.framework());
        assertTrue(tf.mapePct() <= 15, "whole-model MAPE " + tf.mapePct());
        for (CalibrationReport.RowFit r : tf.rows()) {
            if (r.row().kind() == Measurement.Kind.LAYER && r.row().layers().get(0).startsWith("conv")) {
                assertTrue(Math.abs(r.errorPct()) <= 25, r.row().label() + " off by " + r.errorPct() + "%");
            }
        }
        assertTrue(tf.memoryObservationsHold(), tf.table());
    }

    /**
     * The LCP paper's AlexNet (2801 ms) is a check row, not fitted; the TensorFlow model is far
     * below it. If this starts failing, the model or the data changed: revisit docs/device-models.md.
     */
    @Test
    void alexnetTensorflowGapIsReportedNotHidden() {
        CalibrationReport.RowFit alex = RPI.get(0).rows().stream()
                .filter(r -> r.row().model().equals("alexnet")).findFirst().orElseThrow();
        assertEquals(Measurement.Use.CHECK, alex.row().use());
        assertTrue(alex.errorPct() < -50, "AlexNet TF error " + alex.errorPct());
        // with the check rows counted, the whole-model MAPE is above the 15% target
        double all = RPI.get(0).mape(Measurement.Kind.MODEL, null);
        assertTrue(all > 15, "MAPE over all TF model rows " + all);
        // the PyTorch profile does reproduce AlexNet (2801.7 ms in IISWC19)
        CalibrationReport.RowFit pt = RPI.get(2).rows().stream()
                .filter(r -> r.row().model().equals("alexnet")).findFirst().orElseThrow();
        assertTrue(Math.abs(pt.errorPct()) < 15, "AlexNet PyTorch error " + pt.errorPct());
    }
}

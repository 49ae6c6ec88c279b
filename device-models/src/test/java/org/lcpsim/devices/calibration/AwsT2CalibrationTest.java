package org.lcpsim.devices.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;

/**
 * aws-t2.micro is fitted to the paper's three one-instance rows only, reports every row's error,
 * and runs VGG16 in its 870 MiB without swap, as the instance did.
 */
class AwsT2CalibrationTest {
    private static final CalibrationReport FIT = AwsT2Calibration.run();

    @Test
    void fitsTheThreeOneInstanceRowsOnly() {
        List<CalibrationReport.RowFit> latency = FIT.rows().stream()
                .filter(r -> r.row().kind() == Measurement.Kind.MODEL).toList();
        assertEquals(List.of("alexnet", "vgg16", "resnet50"), latency.stream().map(r -> r.row().model()).toList());
        for (CalibrationReport.RowFit r : latency) {
            assertEquals(Measurement.Use.FIT, r.row().use());
            assertTrue(Math.abs(r.errorPct()) < 10, r.row().label() + " off by " + r.errorPct() + "%");
        }
        assertTrue(FIT.mapePct() < 6, "MAPE " + FIT.mapePct());
        assertEquals(List.of("efficiency.conv", "memoryBandwidthGBps"), FIT.free());
        assertTrue(FIT.warnings().isEmpty(), FIT.warnings().toString());
        // the provenance names the error of each row and the MAPE, never NaN
        String fitted = FIT.fittedTo();
        assertTrue(fitted.contains("MAPE 4.7% over whole models") && fitted.contains("vgg16 672 ms") && !fitted.contains("NaN"),
                fitted);
    }

    @Test
    void vgg16FitsInOneInstanceAsItDidAndWouldNotWithThePisWeightCopies() {
        assertTrue(FIT.memoryObservationsHold(), FIT.table());
        EdgeDevice aws = (EdgeDevice) DeviceSpecs.preset("aws-t2.micro", null);
        CalibrationReport.RowFit vgg = FIT.rows().stream().filter(r -> r.row().kind() == Measurement.Kind.FITS).findFirst()
                .orElseThrow();
        assertTrue(vgg.workingSetMb() < aws.memory().capacityMb(), vgg.workingSetMb() + " MiB");
        // with the Pi TensorFlow fit's 1.88 copies of the weights the same row is out of memory
        CpuParams piCopies = AwsT2Calibration.start().with("weightCopies", 1.8775);
        CalibrationReport withPi = Calibration.fit(new Calibration.Problem("aws-t2.micro", "tensorflow",
                AwsT2Calibration.measurements(), piCopies, AwsT2Calibration.FREE, null));
        assertFalse(withPi.memoryObservationsHold(), withPi.table());
        assertTrue(withPi.table().contains("out of memory, yet measured"), withPi.table());
        MemoryReport m = piCopies.memory().report(Calibration.prepare(AwsT2Calibration.measurements().get(1),
                new java.util.HashMap<>()).residency());
        assertTrue(m.outOfMemory());
    }

    @Test
    void theRecipeIsWhatCalibrateRuns() {
        Recipes.Recipe r = Recipes.of("aws-t2.micro");
        assertEquals(List.of("tensorflow"), r.frameworks());
        assertEquals(AwsT2Calibration.yaml(FIT), r.yaml().apply(r.run()));
    }
}

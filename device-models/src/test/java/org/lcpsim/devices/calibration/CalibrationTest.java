package org.lcpsim.devices.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lcpsim.config.ConfigException;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Yaml;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;
import org.lcpsim.workload.LayerKind;

class CalibrationTest {
    private static final List<String> FREE = List.of(CpuParams.eff(LayerKind.CONV), CpuParams.eff(LayerKind.DEPTHWISE_CONV),
            "memoryBandwidthGBps", "layerOverheadMs", "swapBandwidthMBps", CpuParams.HARNESS_FIXED, CpuParams.HARNESS_PER_MB);

    private static CpuParams truth() {
        return Rpi3Calibration.start()
                .with(CpuParams.eff(LayerKind.CONV), 0.2)
                .with(CpuParams.eff(LayerKind.DEPTHWISE_CONV), 0.004)
                .with("memoryBandwidthGBps", 1.2)
                .with("layerOverheadMs", 3.0)
                .with("swapBandwidthMBps", 40.0)
                .with("frameworkMb", 500.0)
                .with(CpuParams.HARNESS_FIXED, 30.0)
                .with(CpuParams.HARNESS_PER_MB, 8.0);
    }

    /** Rows whose latencies the known parameters produce exactly. */
    private static List<Measurement> synthetic(CpuParams truth) {
        List<Measurement> rows = new ArrayList<>();
        int line = 2;
        String[][] specs = {{"model", "vgg16", ""}, {"model", "resnet18", ""}, {"model", "mobilenet-v2", ""},
            {"model", "alexnet", ""}, {"model", "cifarnet", ""}, {"layer", "vgg16", "conv1_1+relu1_1"},
            {"layer", "vgg16", "conv1_2+relu1_2"}, {"layer", "vgg16", "conv3_2+relu3_2"}, {"layer", "vgg16", "conv5_1+relu5_1"},
            {"layer", "vgg16", "fc7+relu7"}, {"layer", "vgg16", "pool1"}};
        Map<String, org.lcpsim.workload.Model> cache = new HashMap<>();
        for (String[] s : specs) {
            Measurement.Kind kind = Measurement.Kind.valueOf(s[0].toUpperCase(java.util.Locale.ROOT));
            List<String> layers = s[2].isEmpty() ? List.of() : List.of(s[2].split("\\+"));
            Measurement probe = new Measurement(line, "dev", "fw", kind, s[1], layers, 1.0, Measurement.Use.FIT, "synthetic", "");
            double ms = Calibration.predictMs(Calibration.prepare(probe, cache), truth);
            rows.add(new Measurement(line++, "dev", "fw", kind, s[1], layers, ms, Measurement.Use.FIT, "synthetic", ""));
        }
        // the free memory of the truth (360 MiB) lies between these two working sets
        rows.add(new Measurement(line++, "dev", "fw", Measurement.Kind.FITS, "dense:7680x11000", List.of(), Double.NaN,
                Measurement.Use.FIT, "synthetic", ""));
        rows.add(new Measurement(line, "dev", "fw", Measurement.Kind.SWAPS, "dense:7680x13560", List.of(), Double.NaN,
                Measurement.Use.FIT, "synthetic", ""));
        return rows;
    }

    @Test
    void recoversKnownParametersFromSyntheticMeasurements() {
        CpuParams truth = truth();
        List<Measurement> rows = synthetic(truth);
        // the threshold puts free memory midway between the two working sets: make the truth agree
        double fitsMb = (7680.0 * 11000 + 11000) * 4 / (1024.0 * 1024) + (7680 + 11000) * 4 / (1024.0 * 1024) + 7680 * 4 / (1024.0 * 1024);
        double swapsMb = (7680.0 * 13560 + 13560) * 4 / (1024.0 * 1024) + (7680 + 13560) * 4 / (1024.0 * 1024) + 7680 * 4 / (1024.0 * 1024);
        double frameworkMb = truth.get("memoryMb") - (fitsMb + swapsMb) / 2;
        truth = truth.with("frameworkMb", frameworkMb);
        rows = synthetic(truth);
        CpuParams start = Rpi3Calibration.start(); // far from the truth on every free parameter
        CalibrationReport r = Calibration.fit(new Calibration.Problem("dev", "fw", rows, start, FREE, PowerSpec.UNKNOWN));
        for (String p : FREE) {
            assertEquals(truth.get(p), r.params().get(p), Math.abs(truth.get(p)) * 1e-3, p);
        }
        assertEquals(frameworkMb, r.params().get("frameworkMb"), 1e-6);
        assertTrue(r.mapePct() < 1e-3, "MAPE " + r.mapePct());
        assertTrue(r.memoryObservationsHold());
        // the VGG16 row really swaps, so the swap bandwidth was identifiable
        assertTrue(r.rows().get(0).swapMb() > 0);
    }

    @Test
    void writtenYamlBindsToTheFittedDevice() {
        CalibrationReport r = Calibration.fit(new Calibration.Problem("dev", "fw", synthetic(truth()), truth(),
                List.of("layerOverheadMs"), new PowerSpec(1, 2)));
        Errors errors = new Errors();
        EdgeDevice d = (EdgeDevice) DeviceSpecs.bind(Yaml.parse(r.toYaml(), "fitted.yaml"), "$", errors);
        errors.throwIfAny();
        CpuParams back = CpuParams.of(d);
        for (String k : back.values().keySet()) {
            if (!k.startsWith("harness.")) {
                assertEquals(r.params().get(k), back.get(k), Math.abs(r.params().get(k)) * 1e-4 + 1e-9, k);
            }
        }
        assertEquals(2.0, d.power().activeW());
        assertTrue(r.table().contains("MAPE"));
    }

    /** A parameter the rows push out of its range ends at a bound: the fit says so, the file too. */
    @Test
    void aParameterEndingAtABoundIsAWarning() {
        // rows twice as fast as the truth at full convolution efficiency: efficiency.conv wants 2, its bound is 1
        CpuParams truth = truth().with(CpuParams.eff(LayerKind.CONV), 1.0);
        List<Measurement> rows = new ArrayList<>();
        for (Measurement m : synthetic(truth)) {
            rows.add(m.kind() == Measurement.Kind.MODEL ? new Measurement(m.line(), m.device(), m.framework(), m.kind(),
                    m.model(), m.layers(), m.latencyMs() / 2, m.use(), m.source(), m.note()) : m);
        }
        CalibrationReport r = Calibration.fit(new Calibration.Problem("dev", "fw", rows, truth(),
                List.of(CpuParams.eff(LayerKind.CONV), "layerOverheadMs"), PowerSpec.UNKNOWN));
        assertTrue(r.params().get(CpuParams.eff(LayerKind.CONV)) > 1 - Calibration.AT_BOUND, r.table());
        assertEquals(1, r.warnings().stream().filter(w -> w.startsWith("efficiency.conv ended at the upper bound")).count(),
                r.warnings().toString());
        assertTrue(r.table().contains("warning: efficiency.conv ended at the upper bound"), r.table());
        assertTrue(r.toYaml().contains("# WARNING (fw): efficiency.conv ended at the upper bound"), r.toYaml());
        // the same fit on rows it can meet warns of nothing
        CalibrationReport fine = Calibration.fit(new Calibration.Problem("dev", "fw", synthetic(truth()), Rpi3Calibration.start(),
                List.of(CpuParams.eff(LayerKind.CONV), "layerOverheadMs"), PowerSpec.UNKNOWN));
        assertEquals(List.of(), fine.warnings());
    }

    @Test
    void atBoundsIsRelativeToTheRangeOrTheStart() {
        CpuParams start = truth();
        String conv = CpuParams.eff(LayerKind.CONV);
        assertEquals(List.of(), Calibration.atBounds(start, List.of(conv, "layerOverheadMs"), start));
        assertEquals(1, Calibration.atBounds(start, List.of(conv), start.with(conv, 1 - 1e-5)).size());
        assertEquals(0, Calibration.atBounds(start, List.of(conv), start.with(conv, 0.99)).size());
        assertEquals(1, Calibration.atBounds(start, List.of(conv), start.with(conv, 1e-6 + 1e-5)).size());
        assertEquals(0, Calibration.atBounds(start, List.of(conv), start.with(conv, 4.4e-4)).size(), "PyTorch's depthwise");
        // unbounded above: near 0 relative to where it started (3 ms)
        assertTrue(Calibration.atBounds(start, List.of("layerOverheadMs"), start.with("layerOverheadMs", 1e-4)).get(0)
                .startsWith("layerOverheadMs ended at the lower bound of the fit (0, fitted 0.0001"));
        assertEquals(0, Calibration.atBounds(start, List.of("layerOverheadMs"), start.with("layerOverheadMs", 0.01)).size());
    }

    @Test
    void contradictoryMemoryObservationsAreRejected() {
        List<Measurement> rows = new ArrayList<>(synthetic(truth()));
        rows.add(new Measurement(99, "dev", "fw", Measurement.Kind.FITS, "dense:7680x20000", List.of(), Double.NaN,
                Measurement.Use.FIT, "synthetic", ""));
        assertThrows(IllegalArgumentException.class, () -> Calibration.fit(new Calibration.Problem("dev", "fw", rows, truth(),
                FREE, PowerSpec.UNKNOWN)));
    }

    /** A check observation is reported against the fit, never used by it (as for swaps rows). */
    @Test
    void checkMemoryObservationsAreReportedNotFitted() {
        List<Measurement> rows = new ArrayList<>(synthetic(truth()));
        CalibrationReport without = Calibration.fit(new Calibration.Problem("dev", "fw", rows, truth(),
                List.of("layerOverheadMs"), PowerSpec.UNKNOWN));
        rows.add(new Measurement(99, "dev", "fw", Measurement.Kind.FITS, "dense:7680x20000", List.of(), Double.NaN,
                Measurement.Use.CHECK, "synthetic", ""));
        CalibrationReport with = Calibration.fit(new Calibration.Problem("dev", "fw", rows, truth(),
                List.of("layerOverheadMs"), PowerSpec.UNKNOWN));
        assertEquals(without.params(), with.params());
        assertTrue(without.memoryObservationsHold());
        assertTrue(!with.memoryObservationsHold(), "the check row does not fit the fitted memory");
    }

    @Test
    void malformedMeasurementFilesReportTheirLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class, () -> Measurement.parseCsv(
                Measurement.HEADER + "\nrpi3,tf,model,vgg16,,abc,fit,src,\nrpi3,tf,layer,vgg16,,100,fit,src,\n"
                        + "rpi3,tf,model,vgg16,,100,maybe,src,\n", "m.csv"));
        assertEquals(3, e.errors().size());
        assertEquals("m.csv:2:22: latency_ms: not a number: 'abc'", e.errors().get(0).toString());
        assertEquals("m.csv:3:21", e.errors().get(1).location().toString());
        assertTrue(e.errors().get(1).message().contains("a layer row names its layers"));
        assertEquals("m.csv:4:26: use: unknown use 'maybe'; expected one of: fit, check", e.errors().get(2).toString());
        ConfigException infinite = assertThrows(ConfigException.class, () -> Measurement.parseCsv(
                Measurement.HEADER + "\nrpi3,tf,model,vgg16,,Infinity,fit,src,\n", "m.csv"));
        assertEquals("m.csv:2:22: latency_ms: not a number: 'Infinity'", infinite.errors().get(0).toString());
        assertThrows(ConfigException.class, () -> Measurement.parseCsv("device,model\nrpi3,vgg16\n", "bad.csv"));
    }
}

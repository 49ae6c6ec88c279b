package org.lcpsim.devices.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.RooflineDevice;
import org.lcpsim.devices.accel.SystolicArray;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.workload.DataType;
import org.lcpsim.workload.LayerKind;
import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;

class DeviceSpecsTest {
    private static List<ConfigError> errors(String yaml) {
        Errors errors = new Errors();
        DeviceModel m = DeviceSpecs.bind(Yaml.parse(yaml, "test.yaml"), "$.device", errors, "count");
        if (errors.isEmpty()) {
            throw new AssertionError("expected errors, got " + m);
        }
        assertNull(m);
        return errors.list();
    }

    private static DeviceModel ok(String yaml) {
        Errors errors = new Errors();
        DeviceModel m = DeviceSpecs.bind(Yaml.parse(yaml, "test.yaml"), "$.device", errors, "count");
        errors.throwIfAny();
        return m;
    }

    private static final String CPU = """
            kind: cpu
            name: tiny
            coreGflops: 10
            cores: 2
            memoryMb: 512
            memoryBandwidthGBps: 4
            efficiency: {default: 0.5, dense: 0.25}
            """;

    @Test
    void everyPresetBindsWithEveryFramework() {
        Model m = ModelZoo.get("cifarnet");
        ComputeWork work = ComputeWork.of("cifarnet", m.layers(), DataType.FP32, DataType.FP32);
        int bound = 0;
        for (String name : DeviceSpecs.PRESETS.names()) {
            List<String> frameworks = new java.util.ArrayList<>();
            frameworks.add(null); // the preset's default
            if (((Node.MapNode) DeviceSpecs.PRESETS.load(name)).get("frameworks") instanceof Node.MapNode fw) {
                frameworks.addAll(fw.entries().keySet());
            }
            java.util.Set<Double> times = new java.util.HashSet<>();
            for (String framework : frameworks) {
                DeviceModel d = DeviceSpecs.preset(name, framework);
                assertEquals(name, d.type());
                if (framework != null) {
                    assertEquals(framework, ((EdgeDevice) d).framework(), name);
                }
                double ms = d.prepare(new Residency(m.weightBytes(DataType.FP32), 0, 0)).estimate(work).ms();
                assertTrue(ms > 0 && Double.isFinite(ms), name + "/" + framework);
                times.add(ms);
                bound++;
            }
            // the default is one of the frameworks; every other framework is a different profile
            assertEquals(Math.max(1, frameworks.size() - 1), times.size(), name + " " + frameworks);
        }
        // rpi3 (3 frameworks), aws-t2.micro (1), pynq-z1-vta (2), lcp-fpga, lcp-asic-7nm, jetson-tx2 (1), jetson-nano (1)
        assertEquals(4 + 2 + 3 + 1 + 1 + 2 + 2, bound, "every preset once by default and once per framework");
        EdgeDevice pt = (EdgeDevice) DeviceSpecs.preset("rpi3", "pytorch");
        EdgeDevice tf = (EdgeDevice) DeviceSpecs.preset("rpi3", null);
        assertEquals("pytorch", pt.framework());
        assertEquals("tensorflow", tf.framework());
        assertTrue(((CpuCompute) pt.compute()).layerOverheadMs() > ((CpuCompute) tf.compute()).layerOverheadMs());
    }

    @Test
    void inlineCpuAndTopLevelOverridesOfAFramework() {
        EdgeDevice d = (EdgeDevice) ok(CPU + "count: 3\n");
        CpuCompute c = (CpuCompute) d.compute();
        assertEquals(20.0, c.peakGflops(), 1e-12);
        assertEquals(0.25, c.efficiency().get(LayerKind.DENSE));
        assertEquals(0.5, c.efficiency().get(LayerKind.POOL));
        assertFalse(d.memory().swapEnabled());
        // a top-level field beats the picked framework's
        EdgeDevice o = (EdgeDevice) ok("preset: rpi3\nframework: tflite\nlayerOverheadMs: 7.5\n");
        assertEquals(7.5, ((CpuCompute) o.compute()).layerOverheadMs());
        assertEquals("tflite", o.framework());
        // the roofline kind still binds
        assertInstanceOf(RooflineDevice.class, ok("kind: roofline\npeakGflops: 1\nmemoryBandwidthGBps: 1\nmemoryMb: 10\n"));
    }

    @Test
    void unknownFieldsPointIntoTheFile() {
        List<ConfigError> e = errors(CPU + "coreGHz: 3\n");
        assertEquals("test.yaml:8:1: $.device.coreGHz: unknown field", e.get(0).toString().replaceAll(";.*", ""));
        List<ConfigError> f = errors(CPU.replace("dense: 0.25", "dense: 0.25, conv2d: 0.3"));
        assertEquals("test.yaml:7:41", f.get(0).location().toString());
        assertEquals("$.device.efficiency.conv2d", f.get(0).path());
    }

    @Test
    void valuesOutOfRangeAndMissingFields() {
        ConfigError e = errors(CPU.replace("dense: 0.25", "dense: 1.5")).get(0);
        assertEquals("$.device.efficiency.dense", e.path());
        assertEquals(7, e.location().line());
        assertTrue(e.message().contains("between"), e.message());
        ConfigError missing = errors(CPU.replace("coreGflops: 10\n", "")).get(0);
        assertEquals("$.device.coreGflops", missing.path());
        assertTrue(missing.message().contains("missing required field"));
        ConfigError noEff = errors(CPU.replace("efficiency: {default: 0.5, dense: 0.25}\n", "")).get(0);
        assertEquals("$.device.efficiency", noEff.path());
        ConfigError partial = errors(CPU.replace("default: 0.5, ", "")).get(0);
        assertTrue(partial.message().contains("missing efficiency for conv"), partial.message());
        ConfigError framework = errors(CPU + "frameworkMb: 600\n").get(0);
        assertEquals("$.device.frameworkMb", framework.path());
        ConfigError swap = errors(CPU + "swap: {enabled: true}\n").get(0);
        assertEquals("$.device.swap.bandwidthMBps", swap.path());
        ConfigError kind = errors("kind: gpu\n").get(0);
        assertEquals("test.yaml:1:7: $.device.kind: unknown value 'gpu'; expected one of: roofline, cpu, systolic",
                kind.toString());
    }

    /** Fields that must be positive say so, rather than naming the smallest double. */
    @Test
    void positiveFieldsSayMustBePositive() {
        assertEquals("test.yaml:7:35: $.device.efficiency.dense: must be > 0, got 0",
                errors(CPU.replace("dense: 0.25", "dense: 0")).get(0).toString());
        assertEquals("test.yaml:3:13: $.device.coreGflops: must be > 0, got -1",
                errors(CPU.replace("coreGflops: 10", "coreGflops: -1")).get(0).toString());
        assertEquals("test.yaml:7:35: $.device.efficiency.dense: must be between 0 and 1, got 1.5",
                errors(CPU.replace("dense: 0.25", "dense: 1.5")).get(0).toString());
    }

    /**
     * A profile file that cannot be read, whatever the reason, is an error at the profile field:
     * a path the file system rejects (a NUL character) used to escape as InvalidPathException.
     */
    @Test
    void unreadableProfileFilesArePositionedErrors(@TempDir Path dir) throws IOException {
        ConfigError nul = errors(CPU + "profile: {file: \"a\\0b.csv\"}\n").get(0);
        assertEquals("test.yaml:8:17: $.device.profile.file", nul.location() + ": " + nul.path());
        assertEquals("'a\\u0000b.csv' is not a valid path", nul.toString().replaceFirst(".*profile.file: ", ""));
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "workload,layer,time_ms\nvgg16,conv1_1,2\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        List<ConfigError> notUtf8 = errors(CPU + "profile: {file: '" + latin1 + "'}\n");
        // where the bad byte is, then the field that names the file
        assertEquals(latin1 + ":2:16: $: not UTF-8 text: byte 0xE9 (byte offset 38) is not a UTF-8 character; save the file"
                + " as UTF-8", notUtf8.get(0).toString());
        assertEquals("$.device.profile.file", notUtf8.get(1).path());
        assertEquals("profile file " + latin1 + " is not valid (errors above)", notUtf8.get(1).message());
    }

    /** A profile file is read relative to the experiment file's folder, through the given file source. */
    @Test
    void profileFilesResolveAgainstTheBaseDirectory(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles").resolve("p.csv"), "workload,layer,time_ms\nnet,l1,2\n");
        org.lcpsim.config.Errors e = new org.lcpsim.config.Errors();
        var node = org.lcpsim.config.Yaml.parse(CPU + "profile: {file: profiles/p.csv}\n", "test.yaml");
        assertTrue(DeviceSpecs.bind(node, "$.device", e, dir, org.lcpsim.config.FileSource.DISK) != null, e.list().toString());
        org.lcpsim.config.Errors missing = new org.lcpsim.config.Errors();
        DeviceSpecs.bind(node, "$.device", missing, dir.resolve("elsewhere"), org.lcpsim.config.FileSource.DISK);
        assertEquals("cannot read profile file profiles/p.csv: file not found", missing.list().get(0).message());
    }

    /** Without a valid kind nobody knows which fields belong: one error, not one per preset field. */
    @Test
    void aBadKindIsOneError() {
        List<ConfigError> e = errors("preset: rpi3\nkind: gpu\n");
        assertEquals(1, e.size(), e.toString());
        assertEquals("$.device.kind", e.get(0).path());
    }

    @Test
    void frameworkAndPresetNamesAreChecked() {
        ConfigError fw = errors("preset: rpi3\nframework: caffe\n").get(0);
        assertEquals("test.yaml:2:12", fw.location().toString());
        assertTrue(fw.message().contains("known: tensorflow, tflite, pytorch"), fw.message());
        ConfigError preset = errors("preset: rpi4\n").get(0);
        assertTrue(preset.message().contains("unknown device preset 'rpi4'"));
        // errors inside a framework section that is not picked are still found
        List<ConfigError> section = errors(CPU + "frameworks:\n  a: {layerOverheadMs: 1}\n  b: {layerOverheadMs: -1}\n");
        assertEquals("$.device.frameworks.b.layerOverheadMs", section.get(0).path());
        assertEquals(10, section.get(0).location().line());
    }

    @Test
    void powerForms() {
        EdgeDevice st = (EdgeDevice) DeviceSpecs.preset("lcp-fpga", null);
        assertEquals(0.121, st.power().idleW(), 1e-12);
        assertEquals(0.133, st.power().activeW(), 1e-12);
        assertEquals("$.device.power.activeW", errors(CPU + "power: {idleW: 3, activeW: 2}\n").get(0).path());
        assertEquals("$.device.power.idleW", errors(CPU + "power: {staticW: 1, dynamicW: 1, idleW: 1}\n").get(0).path());
        assertEquals("$.device.power.activeW", errors(CPU + "power: {idleW: 1}\n").get(0).path());
    }

    @Test
    void noiseIsOffByDefaultAndConfigurable() {
        assertTrue(DeviceSpecs.preset("rpi3", null).prepare(Residency.NONE).noise().isNone());
        DeviceModel noisy = ok(CPU + "noise: {distribution: lognormal, cv: 0.3}\n");
        var n = noisy.prepare(Residency.NONE).noise();
        assertFalse(n.isNone());
        SplittableRandom r = new SplittableRandom(1);
        double s = 0;
        double sq = 0;
        for (int i = 0; i < 20000; i++) {
            double f = n.factor(r);
            s += f;
            sq += f * f;
        }
        double mean = s / 20000;
        assertEquals(1.0, mean, 0.01); // mean-one factor
        assertEquals(0.3, Math.sqrt(sq / 20000 - mean * mean) / mean, 0.01); // with the configured cv
        assertEquals("$.device.noise.cv", errors(CPU + "noise: {cv: -1}\n").get(0).path());
    }

    @Test
    void profilesInlineOrFromResource() {
        EdgeDevice d = (EdgeDevice) ok(CPU + "profile:\n  - {workload: vgg16, layer: conv1_1, ms: 240, source: IoTJ20}\n");
        assertEquals(1, d.profile().entries().size());
        EdgeDevice r = (EdgeDevice) ok("preset: rpi3\nprofile: {resource: rpi3-vgg16-keras-profile.csv}\n");
        assertEquals(15, r.profile().entries().size());
        Model vgg = ModelZoo.get("vgg16");
        var est = r.prepare(new Residency(vgg.weightBytes(DataType.FP32), vgg.peakActivationBytes(DataType.FP32), 0))
                .estimate(ComputeWork.of("vgg16", vgg.layers(), DataType.FP32, DataType.FP32));
        assertEquals(15, est.measuredLayers());
        assertEquals(vgg.layers().size() - 15, est.formulaLayers());
        ConfigError bad = errors(CPU + "profile:\n  - {workload: vgg16, ms: 240}\n").get(0);
        assertEquals("$.device.profile[0].layer", bad.path());
        assertEquals(9, bad.location().line());
        assertTrue(errors(CPU + "profile: {resource: nope.csv}\n").get(0).message().contains("cannot read profile"));
    }

    @Test
    void systolicBinding() {
        SystolicArray a = (SystolicArray) ((EdgeDevice) DeviceSpecs.preset("lcp-fpga", null)).compute();
        assertEquals(204.8, a.peakGmacs(), 1e-9);
        assertEquals(933 * 32 / 8.0 / 1000, a.offChipGBps(), 1e-12);
        ConfigError e = errors("kind: systolic\nrows: 32\ncols: 64\nclockMHz: 100\nreduction: ripple\nmemoryMb: 10\n"
                + "offChip: {pins: 32}\n").get(0);
        assertEquals("$.device.reduction", e.path());
        SystolicArray pruned = (SystolicArray) ((EdgeDevice) ok("preset: lcp-fpga\npruning: 0.5\n")).compute();
        assertEquals(0.5, pruned.pruning());
    }
}

package org.lcpsim.devices.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Yaml;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.Residency;
import org.lcpsim.devices.edge.EdgeDevice;
import org.lcpsim.devices.presets.DeviceSpecs;

/** A framework memory nobody measured is unknown, never 0: reports carry the known part and say so. */
class UnknownFrameworkMemoryTest {
    private static final double MIB = 1024.0 * 1024.0;
    private static final Residency SIX_MB = new Residency((long) (5 * MIB), (long) (0.8 * MIB), (long) (0.4 * MIB));

    private static DeviceModel bind(String yaml, Errors errors) {
        return DeviceSpecs.bind(Yaml.parse(yaml, "test.yaml"), "$.device", errors, "count");
    }

    @Test
    void jetsonPresetsSayTheirFrameworkMemoryIsUnknown() {
        for (String preset : List.of("jetson-tx2", "jetson-nano")) {
            EdgeDevice d = (EdgeDevice) DeviceSpecs.preset(preset, null);
            assertFalse(d.memory().frameworkKnown(), preset);
            DeviceModel.Prepared p = d.prepare(SIX_MB);
            MemoryReport r = p.memory();
            assertTrue(r.frameworkUnknown(), preset);
            assertFalse(r.totalKnown(), preset);
            assertFalse(r.outOfMemory(), preset + ": the known part fits, so it cannot be called out of memory");
            assertEquals(0, r.frameworkBytes());
            assertEquals(6.2 * MIB, r.totalBytes(), 2, "the known part only");
            assertEquals(1, p.unknowns().size(), preset);
            String note = p.unknowns().get(0);
            assertTrue(note.startsWith("peak_memory_mb_max is blank: the framework memory of " + preset + " is unknown"), note);
            assertTrue(note.contains("6.2 MB"), note);
            // an unused device holds nothing, and nothing of it is unknown
            assertFalse(d.prepare(Residency.NONE).memory().frameworkUnknown());
            assertEquals(List.of(), d.prepare(Residency.NONE).unknowns());
        }
        // a measured framework memory is no unknown
        assertEquals(List.of(), DeviceSpecs.preset("rpi3", null).prepare(SIX_MB).unknowns());
    }

    @Test
    void theKnownPartAloneOverCapacityIsStillOutOfMemory() {
        MemorySpec m = new MemorySpec(4, MemorySpec.UNKNOWN_FRAMEWORK, 1, false, 0);
        MemoryReport r = m.report(SIX_MB);
        assertTrue(r.frameworkUnknown());
        assertTrue(r.outOfMemory(), "6.2 MB known do not fit in 4 MB whatever the framework takes");
    }

    @Test
    void swapNeedsAKnownFrameworkMemory() {
        assertThrows(IllegalArgumentException.class, () -> new MemorySpec(100, Double.NaN, 1, true, 10));
        Errors errors = new Errors();
        assertNull(bind("preset: jetson-tx2\nswap: {enabled: true, bandwidthMBps: 100}\n", errors));
        ConfigError e = errors.list().get(0);
        assertEquals("test.yaml:2:7: $.device.swap", e.location() + ": " + e.path(), e.toString());
        assertTrue(e.message().contains("framework memory is unknown"), e.message());
        Errors explicit = new Errors();
        assertNull(bind("preset: rpi3\nframeworkMb: unknown\n", explicit));
        assertEquals("test.yaml:2:14: $.device.frameworkMb", explicit.list().get(0).location() + ": "
                + explicit.list().get(0).path(), explicit.list().toString());
    }

    @Test
    void spellingsOfFrameworkMemory() {
        String cpu = "kind: cpu\ncoreGflops: 10\nmemoryMb: 512\nmemoryBandwidthGBps: 4\nefficiency: {default: 0.5}\n";
        Errors errors = new Errors();
        EdgeDevice absent = (EdgeDevice) bind(cpu, errors);
        EdgeDevice unknown = (EdgeDevice) bind(cpu + "frameworkMb: unknown\n", errors);
        EdgeDevice given = (EdgeDevice) bind(cpu + "frameworkMb: 100\n", errors);
        EdgeDevice zero = (EdgeDevice) bind(cpu + "frameworkMb: 0\n", errors);
        errors.throwIfAny();
        assertFalse(absent.memory().frameworkKnown(), "absent is unknown, not 0");
        assertFalse(unknown.memory().frameworkKnown());
        assertEquals(100, given.memory().frameworkMb());
        assertEquals(0, zero.memory().frameworkMb(), "0 written is a measured 0");
        assertTrue(zero.prepare(SIX_MB).memory().totalKnown());
        Errors bad = new Errors();
        assertNull(bind(cpu + "frameworkMb: lots\n", bad));
        assertEquals("test.yaml:6:14: $.device.frameworkMb: expected a number of MB or 'unknown', found 'lots'",
                bad.list().get(0).toString());
    }
}

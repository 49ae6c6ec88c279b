package org.lcpsim.devices.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcpsim.config.Errors;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.Yaml;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.compute.CpuCompute;
import org.lcpsim.devices.edge.EdgeDevice;

/** {@code {file: dev.yaml}}: a device described in its own file, e.g. written by lcpsim calibrate. */
class DeviceFileTest {
    @TempDir
    Path dir;

    private DeviceModel bind(String entry, Errors errors) {
        return DeviceSpecs.bind(Yaml.parse(entry, dir.resolve("exp.yaml").toString()), "$.cluster.devices[0]", errors, dir,
                FileSource.DISK, "count");
    }

    @Test
    void aDeviceFileBindsWithOverridesBesideIt() throws IOException {
        Files.writeString(dir.resolve("dev.yaml"), "kind: cpu\nname: dev\ncoreGflops: 10\nmemoryMb: 512\n"
                + "memoryBandwidthGBps: 4\nefficiency: {default: 0.5}\nframeworkMb: 100\n");
        Errors errors = new Errors();
        EdgeDevice d = (EdgeDevice) bind("{file: dev.yaml, count: 3, memoryMb: 1024}", errors);
        errors.throwIfAny();
        assertEquals("dev", d.type());
        assertEquals(1024, d.memory().capacityMb(), "a field beside file overrides the file's");
        assertEquals(10, ((CpuCompute) d.compute()).coreGflops());
        // a device file may start from a preset itself
        Files.writeString(dir.resolve("slow-pi.yaml"), "preset: rpi3\nname: slow-pi\ncoreGflops: 4.8\n");
        EdgeDevice slow = (EdgeDevice) bind("{file: slow-pi.yaml}", errors);
        errors.throwIfAny();
        assertEquals("slow-pi", slow.type());
        assertEquals(4.8, ((CpuCompute) slow.compute()).coreGflops());
        assertEquals(860, slow.memory().capacityMb());
    }

    @Test
    void badDeviceFilesArePositionedErrors() throws IOException {
        Errors missing = new Errors();
        assertNull(bind("{file: none.yaml}", missing));
        assertEquals(dir.resolve("exp.yaml") + ":1:8: $.cluster.devices[0].file: cannot read device file none.yaml: "
                + "file not found", missing.list().get(0).toString());

        Files.writeString(dir.resolve("bad.yaml"), "kind: cpu\nname: bad\ncoreGflops: -1\n");
        Errors bad = new Errors();
        assertNull(bind("{file: bad.yaml}", bad));
        assertTrue(bad.list().get(0).toString().startsWith(dir.resolve("bad.yaml") + ":3:13: $.cluster.devices[0].coreGflops"),
                bad.list().toString());

        Errors both = new Errors();
        assertNull(bind("{file: bad.yaml, preset: rpi3}", both));
        assertTrue(both.list().get(0).message().contains("not both"), both.list().toString());

        Files.writeString(dir.resolve("nested.yaml"), "file: bad.yaml\n");
        Errors nested = new Errors();
        assertNull(bind("{file: nested.yaml}", nested));
        assertTrue(nested.list().get(0).toString().startsWith(dir.resolve("nested.yaml") + ":1:1:"), nested.list().toString());

        Files.writeString(dir.resolve("prof.yaml"), "preset: rpi3\nprofile: {file: p.csv}\n");
        Errors profile = new Errors();
        assertNull(bind("{file: prof.yaml}", profile));
        assertTrue(profile.list().get(0).message().contains("cannot name a profile file"), profile.list().toString());

        Files.writeString(dir.resolve("typo.yaml"), "preset: rpi9\n");
        Errors typo = new Errors();
        assertNull(bind("{file: typo.yaml}", typo));
        assertTrue(typo.list().get(0).toString().startsWith(dir.resolve("typo.yaml") + ":1:9: $.cluster.devices[0].preset: "
                + "unknown device preset 'rpi9'"), typo.list().toString());

        Files.writeString(dir.resolve("list.yaml"), "- kind: cpu\n");
        Errors list = new Errors();
        assertNull(bind("{file: list.yaml}", list));
        assertTrue(list.list().get(0).message().contains("expected a device mapping"), list.list().toString());

        Files.writeString(dir.resolve("broken.yaml"), "kind: [cpu\n");
        Errors broken = new Errors();
        assertNull(bind("{file: broken.yaml}", broken));
        assertTrue(broken.list().get(0).toString().startsWith(dir.resolve("broken.yaml") + ":"), broken.list().toString());
    }
}

package org.lcpsim.results;

import org.lcpsim.devices.MemoryReport;

/**
 * The memory of one device a deployment uses: its node name (d0, d1, ...), its type, its report,
 * and {@code storedWeightBytes}, the bytes of the weights it holds counted once at the precision
 * they are stored in (the report's weights count the framework's copies). Boxed so that records
 * written before it existed read back (absent: null, unknown).
 */
public record DeviceMemory(String device, String type, MemoryReport report, Long storedWeightBytes) {
    /** A record without the stored weights (written before they were kept). */
    public DeviceMemory(String device, String type, MemoryReport report) {
        this(device, type, report, null);
    }
}

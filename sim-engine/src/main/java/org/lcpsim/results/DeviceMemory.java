package org.lcpsim.results;

import org.lcpsim.devices.MemoryReport;

/** The memory of one device a deployment uses: its node name (d0, d1, ...), its type, its report. */
public record DeviceMemory(String device, String type, MemoryReport report) {
}

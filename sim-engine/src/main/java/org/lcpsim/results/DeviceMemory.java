package org.lcpsim.results;

import org.lcpsim.devices.MemoryReport;

/**
 * The memory of one device a deployment uses: its node name (d0, d1, ...), its type, its report,
 * and {@code storedWeightBytes}, the bytes of the weights it holds counted once at the precision
 * they are stored in (the report's weights count the framework's copies). Boxed so that records
 * written before it existed read back (absent: null, unknown).
 *
 * @param device the device's node name: d0, d1, ...
 * @param type the device's type, as the device_type column
 * @param report what the device holds: weights, activations, buffers, framework, swap
 * @param storedWeightBytes the bytes of its weights, once, at their stored precision; null when unknown
 */
public record DeviceMemory(String device, String type, MemoryReport report, Long storedWeightBytes) {
    /**
     * A record without the stored weights (written before they were kept).
     *
     * @param device the device's node name: d0, d1, ...
     * @param type the device's type, as the device_type column
     * @param report what the device holds: weights, activations, buffers, framework, swap
     */
    public DeviceMemory(String device, String type, MemoryReport report) {
        this(device, type, report, null);
    }
}

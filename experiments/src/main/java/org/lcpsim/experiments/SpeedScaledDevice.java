package org.lcpsim.experiments;

import org.lcpsim.devices.ComputeEstimate;
import org.lcpsim.devices.ComputeWork;
import org.lcpsim.devices.DeviceModel;
import org.lcpsim.devices.MemoryReport;
import org.lcpsim.devices.PowerSpec;
import org.lcpsim.devices.Residency;
import org.lcpsim.engine.Noise;

/**
 * A device entry's {@code speedFactor: F}: the device computes F times as fast, every compute task
 * taking its model's time divided by F (before noise), whatever the device's kind (roofline, cpu,
 * systolic, measured profile). Memory, power figures and the network's (de)serialization time are
 * the device's own; energy changes only through the shorter busy time. {@code lcpsim explore}
 * uses it to ask how a design fares on slower or faster devices.
 */
record SpeedScaledDevice(DeviceModel base, double factor) implements DeviceModel {
    SpeedScaledDevice {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("speedFactor must be a positive number, got " + factor);
        }
    }

    @Override
    public String type() {
        return base.type();
    }

    @Override
    public Prepared prepare(Residency residency) {
        Prepared p = base.prepare(residency);
        return new Prepared() {
            @Override
            public MemoryReport memory() {
                return p.memory();
            }

            @Override
            public ComputeEstimate estimate(ComputeWork work) {
                ComputeEstimate e = p.estimate(work);
                return new ComputeEstimate(e.ms() / factor, e.measuredLayers(), e.formulaLayers());
            }

            @Override
            public double upperBoundMs(ComputeWork work) {
                return p.upperBoundMs(work) / factor;
            }

            @Override
            public PowerSpec power() {
                return p.power();
            }

            @Override
            public Noise noise() {
                return p.noise();
            }

            @Override
            public java.util.List<String> unknowns() {
                return p.unknowns();
            }
        };
    }
}

package org.lcpsim.devices.calibration;

import org.lcpsim.workload.Model;
import org.lcpsim.workload.ModelZoo;

/**
 * Models that calibration measurements name. MobileNet v2 was calibration-only before the zoo
 * had it; it is the zoo's {@code mobilenet-v2} now, so every name resolves in the zoo.
 */
public final class ExtraModels {
    private ExtraModels() {
    }

    /** A zoo model ({@code mobilenet-v2} included). */
    public static Model get(String name) {
        return ModelZoo.get(name);
    }

    /** MobileNet v2 1.0-224, the zoo's {@code mobilenet-v2}. */
    public static Model mobilenetV2() {
        return ModelZoo.get("mobilenet-v2");
    }
}

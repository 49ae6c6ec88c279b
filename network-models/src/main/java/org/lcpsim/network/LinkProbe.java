package org.lcpsim.network;

import java.util.List;
import java.util.SplittableRandom;

import org.lcpsim.config.Errors;
import org.lcpsim.config.Yaml;
import org.lcpsim.engine.BareEventLoop;
import org.lcpsim.engine.SimEngine;
import org.lcpsim.engine.SimulationBody;
import org.lcpsim.network.presets.NetworkSpecs;

/**
 * A link micro-benchmark run on a network model, as the measurements were taken: one message alone
 * from one cluster device (station) to another, on a network of two devices and an external
 * source. What the validation scorecard compares with the link measurements a preset was built
 * from (and with the others it was not).
 */
public final class LinkProbe {
    private LinkProbe() {
    }

    /** A network preset bound as {@code network: {preset: NAME}}. */
    public static NetworkModel preset(String name) {
        Errors errors = new Errors();
        NetworkModel m = NetworkSpecs.bind(Yaml.parse("preset: " + name + "\n", "preset-" + name + ".yaml"), "$.network", errors);
        errors.throwIfAny();
        return m;
    }

    /** Milliseconds from sending {@code bytes} from device d0 until d1 has them, alone on the network. */
    public static double aloneMs(NetworkModel model, long bytes) {
        double[] delivered = {Double.NaN};
        SimulationBody body = new SimulationBody() {
            @Override
            public void start(org.lcpsim.engine.Scheduler s) {
                NetworkModel.Instance net = model.instantiate(new NetworkContext(s, List.of("d0", "d1", "source"),
                        new SplittableRandom(1)));
                s.at(0, () -> net.send(new Transfer(0, 0, new int[] {1}, bytes, "probe"), dst -> delivered[0] = s.nowMs()));
            }

            @Override
            public boolean finished() {
                return !Double.isNaN(delivered[0]);
            }
        };
        BareEventLoop.run(body, SimEngine.NO_HORIZON_MS);
        if (Double.isNaN(delivered[0])) {
            throw new IllegalStateException("the probe message was not delivered");
        }
        return delivered[0];
    }

    /** Goodput of one message of {@code bytes} alone, in Mbit/s (10^6 bit/s). */
    public static double throughputMbps(NetworkModel model, long bytes) {
        return bytes * 8 / (aloneMs(model, bytes) * 1000);
    }
}

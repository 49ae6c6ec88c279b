package org.lcpsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.lcpsim.results.PointResult;
import org.lcpsim.results.Span;

/**
 * A sweep of 45 design points made by hand, large enough for every limit of the report to bite:
 * three models whose latencies span 100x, one device and LCP with 2 to 16 branches and three
 * fatten factors, over two networks; a few points out of memory. Every point that ran has a
 * latency distribution, a timeline and memory per device, so every kind of chart is drawn.
 */
public final class LargeSweep {
    public static final List<String> SWEPT = List.of("model", "strategy.branches", "strategy.fatten", "network.preset");

    private LargeSweep() {
    }

    public static List<PointResult> points() {
        List<PointResult> points = new ArrayList<>();
        int id = 0;
        String[] models = {"cifarnet", "alexnet", "vgg-s"};
        double[] base = {9, 480, 890};
        for (int m = 0; m < models.length; m++) {
            for (String network : new String[] {"wifi-rpi", "ethernet-1g"}) {
                for (int k : new int[] {1, 2, 4, 8, 16}) {
                    for (double f : k == 1 ? new double[] {0.0} : new double[] {0.0, 0.2, 0.4}) {
                        if (network.equals("ethernet-1g") && f == 0.2) {
                            continue;
                        }
                        points.add(point(id++, models[m], base[m], network, k, f));
                    }
                }
            }
        }
        return points;
    }

    private static PointResult point(int id, String model, double base, String network, int k, double f) {
        Fixtures.Builder b = Fixtures.point(id).model(model).sweep("model", model)
                .sweep("strategy.branches", Integer.toString(k)).sweep("strategy.fatten", Double.toString(f))
                .sweep("network.preset", network).params(Math.round(60e6 / k * (1 + f) * base / 480));
        if (k == 1) {
            b.single();
        } else {
            b.lcp(k, f);
        }
        if (model.equals("vgg-s") && k == 1) {
            return b.memory(Fixtures.memory("d0", "rpi3", 1100, 20, 0, 90, 924, false)).oom().build();
        }
        double comm = network.equals("wifi-rpi") ? 1.0 : 0.35;
        double mean = base / Math.pow(k, 0.6) * (1 + f) * (k == 1 ? 1 : 1 + comm * 0.15 * Math.log(k) / Math.log(2));
        double[] xs = DistributionSamples.of(id, 60, mean);
        List<Span> timeline = new ArrayList<>();
        double t = 0;
        for (int d = 0; d < Math.min(k, 8); d++) {
            timeline.add(new Span("src->d" + d, "input", Span.Kind.TRANSFER, t, t + mean * 0.05, d == 0));
            timeline.add(new Span("d" + d, "branch " + d, Span.Kind.COMPUTE, t + mean * 0.05, t + mean * 0.9, d == 0));
            t += mean * 0.01;
        }
        return b.metrics(Fixtures.metrics(xs, mean * 0.02, 150_000 * k * (1 + f), 2 * k, mean / 120 * k,
                timeline)).build();
    }

    public static String describe(PointResult p) {
        return String.format(Locale.ROOT, "%d %s k=%d f=%.1f %s", p.pointId(), p.model(), p.branches(), p.fatten(),
                p.sweep().get("network.preset"));
    }
}

package org.lcpsim.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.devices.MemoryReport;
import org.lcpsim.results.DeviceMemory;
import org.lcpsim.results.Metrics;
import org.lcpsim.results.PointResult;
import org.lcpsim.results.Span;
import org.lcpsim.results.Stats;

/** Result records made by hand, with every number known, for checking charts and files against. */
public final class Fixtures {
    public static final long MB = 1024L * 1024L;

    private Fixtures() {
    }

    /** Metrics whose latency statistics are computed from the given samples, the rest given. */
    public static Metrics metrics(double[] latenciesMs, double ci95, double bytes, double pairs, double energyJ,
                                  List<Span> timeline) {
        double[] sorted = Stats.sorted(latenciesMs);
        return new Metrics(Stats.mean(latenciesMs), Stats.quantile(sorted, 0.5), Stats.quantile(sorted, 0.95),
                Stats.quantile(sorted, 0.99), sorted[sorted.length - 1], ci95, Stats.stdDev(latenciesMs),
                1000.0 / Stats.mean(latenciesMs), Double.NaN, bytes, pairs, energyJ, Stats.mean(latenciesMs) * 0.8,
                Stats.mean(latenciesMs) * 0.2, 0, new double[] {1, 0, 2, 0}, new double[] {0.5, 0.25}, 12, 0,
                latenciesMs, timeline, Double.NaN, List.of(), null, Stats.mean(latenciesMs), Double.NaN, "cluster+idle",
                latenciesMs.length);
    }

    public static Metrics metrics(double latencyMs, double ci95) {
        return metrics(new double[] {latencyMs, latencyMs}, ci95, 1000 * latencyMs, 3, latencyMs / 100, List.of());
    }

    public static DeviceMemory memory(String device, String type, double weightsMb, double activationsMb, double buffersMb,
                                      double frameworkMb, double capacityMb, boolean swap) {
        long total = mb(weightsMb) + mb(activationsMb) + mb(buffersMb) + mb(frameworkMb);
        long excess = Math.max(0, total - mb(capacityMb));
        return new DeviceMemory(device, type, new MemoryReport(mb(weightsMb), mb(activationsMb), mb(buffersMb),
                mb(frameworkMb), mb(capacityMb), swap ? excess : 0, swap));
    }

    static long mb(double v) {
        return Math.round(v * MB);
    }

    /** A builder so each test states only what it is about. */
    public static Builder point(int id) {
        return new Builder(id);
    }

    public static final class Builder {
        private final int id;
        private String model = "alexnet";
        private String strategy = "single";
        private String variant = "original";
        private int devices = 1;
        private int branches = 1;
        private double fatten;
        private String status = PointResult.OK;
        private Metrics metrics;
        private final List<DeviceMemory> memory = new ArrayList<>();
        private final Map<String, String> sweep = new LinkedHashMap<>();
        private long params = 50_000_000;

        Builder(int id) {
            this.id = id;
        }

        public Builder model(String m) {
            model = m;
            return this;
        }

        public Builder single() {
            strategy = "single";
            variant = "original";
            devices = 1;
            branches = 1;
            return this;
        }

        public Builder lcp(int k, double f) {
            strategy = "lcp";
            branches = k;
            devices = k;
            fatten = f;
            variant = "split" + k + (f > 0 ? "-f" + Math.round(f * 100) : "");
            return this;
        }

        public Builder devices(int n) {
            devices = n;
            return this;
        }

        public Builder latency(double ms, double ci) {
            metrics = Fixtures.metrics(ms, ci);
            return this;
        }

        public Builder metrics(Metrics m) {
            metrics = m;
            return this;
        }

        public Builder oom() {
            status = PointResult.OOM;
            metrics = null;
            return this;
        }

        public Builder error(String message) {
            status = "error: " + message;
            metrics = null;
            return this;
        }

        public Builder memory(DeviceMemory m) {
            memory.add(m);
            return this;
        }

        public Builder sweep(String path, String value) {
            sweep.put(path, value);
            return this;
        }

        public Builder params(long p) {
            params = p;
            return this;
        }

        public PointResult build() {
            if (PointResult.OK.equals(status) && metrics == null) {
                metrics = Fixtures.metrics(100, 1);
            }
            if (memory.isEmpty()) {
                for (int d = 0; d < devices; d++) {
                    memory.add(Fixtures.memory("d" + d, "rpi3", 100.0 / devices, 2, 0.5, 0, 924, false));
                }
            }
            return new PointResult(id, "test", model, strategy, devices, branches, fatten, variant, "rpi3", "wifi-rpi", 20, 3,
                    42, params, 700_000_000L, memory, status, metrics, sweep);
        }
    }
}

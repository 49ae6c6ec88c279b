package org.lcpsim.network.variability;

import java.util.random.RandomGenerator;

/**
 * A random multiplicative factor with mean 1 and a given coefficient of variation, drawn once per
 * flow from the network's stream (seeded per replication, so the same seed repeats the run).
 */
public sealed interface FactorDistribution {
    FactorDistribution NONE = new None();

    /** Names as written in YAML. */
    java.util.List<String> NAMES = java.util.List.of("none", "lognormal", "gamma", "uniform", "exponential");

    double sample(RandomGenerator random);

    String name();

    double cv();

    default boolean isNone() {
        return this instanceof None;
    }

    /** By YAML name; {@code cv} is ignored for none (0) and exponential (always 1). */
    static FactorDistribution of(String name, double cv) {
        return switch (name) {
            case "none" -> NONE;
            case "lognormal" -> cv == 0 ? NONE : new LogNormal(cv);
            case "gamma" -> cv == 0 ? NONE : new Gamma(cv);
            case "uniform" -> cv == 0 ? NONE : new Uniform(cv);
            case "exponential" -> new Exponential();
            default -> throw new IllegalArgumentException("unknown distribution " + name);
        };
    }

    record None() implements FactorDistribution {
        public double sample(RandomGenerator random) {
            return 1.0;
        }

        public String name() {
            return "none";
        }

        public double cv() {
            return 0;
        }
    }

    /** exp(N(mu, sigma^2)) with sigma^2 = ln(1 + cv^2), mu = -sigma^2 / 2: heavy right tail. */
    record LogNormal(double cv) implements FactorDistribution {
        public LogNormal {
            checkCv(cv, 10);
        }

        public double sample(RandomGenerator random) {
            double s2 = Math.log1p(cv * cv);
            return Math.exp(-s2 / 2 + Math.sqrt(s2) * random.nextGaussian());
        }

        public String name() {
            return "lognormal";
        }
    }

    /** Gamma with shape 1/cv^2 and scale cv^2 (Marsaglia and Tsang 2000). */
    record Gamma(double cv) implements FactorDistribution {
        public Gamma {
            checkCv(cv, 10);
        }

        public double sample(RandomGenerator random) {
            double shape = 1 / (cv * cv);
            double scale = cv * cv;
            if (shape == Double.POSITIVE_INFINITY) {
                return 1.0; // cv below ~1e-154: the limit, where infinity * 0 would give NaN
            }
            if (shape < 1) {
                // boost: Gamma(k) = Gamma(k + 1) * U^(1/k)
                return marsagliaTsang(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape) * scale;
            }
            return marsagliaTsang(shape, random) * scale;
        }

        private static double marsagliaTsang(double shape, RandomGenerator random) {
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x = random.nextGaussian();
                double v = 1 + c * x;
                if (v <= 0) {
                    continue;
                }
                v = v * v * v;
                double u = random.nextDouble();
                if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                    return d * v;
                }
            }
        }

        public String name() {
            return "gamma";
        }
    }

    /** Uniform on [1 - sqrt(3) cv, 1 + sqrt(3) cv]; cv <= 0.57 keeps it positive. */
    record Uniform(double cv) implements FactorDistribution {
        public Uniform {
            checkCv(cv, 0.57);
        }

        public double sample(RandomGenerator random) {
            double half = Math.sqrt(3) * cv;
            return 1 - half + 2 * half * random.nextDouble();
        }

        public String name() {
            return "uniform";
        }
    }

    /** Exponential with mean 1 (cv 1): memoryless. */
    record Exponential() implements FactorDistribution {
        public double sample(RandomGenerator random) {
            return -Math.log(1 - random.nextDouble());
        }

        public String name() {
            return "exponential";
        }

        public double cv() {
            return 1;
        }
    }

    private static void checkCv(double cv, double max) {
        if (!(cv > 0 && cv <= max)) {
            throw new IllegalArgumentException("cv must be in (0, " + max + "], got " + cv);
        }
    }
}

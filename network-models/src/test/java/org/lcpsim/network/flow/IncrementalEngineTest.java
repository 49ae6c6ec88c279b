package org.lcpsim.network.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.lcpsim.network.LinkUsage;
import org.lcpsim.network.ethernet.Switched;
import org.lcpsim.network.flow.NetHarness.Send;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.tcp.TcpOverlay;
import org.lcpsim.network.variability.FactorDistribution;
import org.lcpsim.network.variability.Variability;
import org.lcpsim.network.wifi.SharedMedium;

/**
 * The incremental engine (re-solving only the component of the flows that started or ended) gives
 * bit for bit what re-solving every component at every change gives, and, within rounding, what
 * the global solver of the engine before it gives, on random sequences of transfers over random
 * networks, both sharing policies, with and without TCP, bounds and variability.
 */
class IncrementalEngineTest {
    /** A network of random resources (some unlimited) and a random fixed route per node pair. */
    record RandomTopology(long seed, int nodes) implements TopologySpec {
        @Override
        public String kind() {
            return "random";
        }

        @Override
        public Topology build(List<String> nodeNames) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int count = 2 + rnd.nextInt(40);
            List<ResourceSpec> resources = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                double mbps = rnd.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : Math.exp(rnd.nextDouble(0, Math.log(1000)));
                resources.add(new ResourceSpec("r" + r, mbps));
            }
            int n = nodeNames.size();
            int[][][] routes = new int[n * n][][];
            double[][] coefs = new double[n * n][];
            double[] latency = new double[n * n];
            double[] bound = new double[n * n];
            for (int p = 0; p < n * n; p++) {
                int hops = 1 + rnd.nextInt(Math.min(4, count));
                routes[p] = new int[][] {rnd.ints(hops, 0, count).toArray()};
                coefs[p] = new double[hops];
                for (int k = 0; k < hops; k++) {
                    coefs[p][k] = rnd.nextInt(3) == 0 ? rnd.nextDouble(0.05, 2) : 1;
                }
                latency[p] = rnd.nextInt(8) == 0 ? 0 : rnd.nextDouble(0.01, 5);
                bound[p] = rnd.nextInt(6) == 0 ? rnd.nextDouble(1, 100_000) : Double.POSITIVE_INFINITY;
                boolean limited = bound[p] != Double.POSITIVE_INFINITY;
                for (int r : routes[p][0]) {
                    limited |= resources.get(r).capacityMbps() != Double.POSITIVE_INFINITY;
                }
                if (!limited) {
                    bound[p] = rnd.nextDouble(1, 100_000); // a flow needs a finite bottleneck
                }
            }
            List<ResourceSpec> fixed = List.copyOf(resources);
            return new Topology() {
                @Override
                public List<ResourceSpec> resources() {
                    return fixed;
                }

                @Override
                public double unicast(int src, int dst, Route route) {
                    int p = src * n + dst;
                    for (int k = 0; k < routes[p][0].length; k++) {
                        route.add(routes[p][0][k], coefs[p][k]);
                    }
                    if (bound[p] != Double.POSITIVE_INFINITY) {
                        route.bound(bound[p]);
                    }
                    return latency[p];
                }
            };
        }
    }

    private static TopologySpec topology(SplittableRandom rnd, int nodes, long seed) {
        return switch (rnd.nextInt(5)) {
            case 0 -> new Switched(rnd.nextDouble(10, 1000), rnd.nextDouble(10, 1000), rnd.nextDouble(0, 0.5),
                    rnd.nextDouble(0, 0.2), rnd.nextBoolean() ? Double.POSITIVE_INFINITY : rnd.nextDouble(50, 5000),
                    rnd.nextBoolean());
            case 1 -> new PointToPointLinks(rnd.nextDouble(0, 3), rnd.nextDouble(1, 500));
            case 2 -> SharedMedium.stations(rnd.nextDouble(5, 200), rnd.nextDouble(0, 10));
            default -> new RandomTopology(seed, nodes);
        };
    }

    private static FlowOptions options(SplittableRandom rnd) {
        FlowOptions o = FlowOptions.NONE.withSharing(rnd.nextBoolean() ? Sharing.RTT : Sharing.EQUAL);
        switch (rnd.nextInt(4)) {
            case 0 -> o = o.withTcp(TcpOverlay.LV08);
            case 1 -> o = o.withTcp(new TcpOverlay(0.95, 2, 65_536, 0.05, 8775));
            default -> { }
        }
        if (rnd.nextInt(3) == 0) {
            o = o.withVariability(new Variability(FactorDistribution.of("lognormal", 0.3),
                    FactorDistribution.of("gamma", 0.4)));
        }
        return o;
    }

    private static List<Send> sends(SplittableRandom rnd, int nodes) {
        List<Send> sends = new ArrayList<>();
        int count = 1 + rnd.nextInt(150);
        double t = 0;
        for (int i = 0; i < count; i++) {
            t += rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble(0, 20); // some start together
            int src = rnd.nextInt(nodes);
            int dests = rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(nodes - 1) : 1;
            int[] dst = new int[dests];
            int k = 0;
            for (int d = (src + 1) % nodes; k < dests; d = (d + 1) % nodes) {
                if (d != src) {
                    dst[k++] = d;
                }
            }
            long bytes = rnd.nextInt(20) == 0 ? 0 : (long) Math.exp(rnd.nextDouble(Math.log(100), Math.log(2e6)));
            sends.add(new Send(t, src, dst, bytes));
        }
        return sends;
    }

    @Test
    void incrementalEqualsFullResolveBitForBitAndTheGlobalSolverWithinRounding() {
        double worst = 0;
        int cases = 300;
        for (int c = 0; c < cases; c++) {
            SplittableRandom rnd = new SplittableRandom(1000 + c);
            int nodes = 2 + rnd.nextInt(12);
            var model = new FlowNetworkModel("random-" + c, topology(rnd, nodes, c), options(rnd));
            List<Send> sends = sends(rnd, nodes);
            List<String> names = NetHarness.stations(nodes, false);
            var inc = NetHarness.run(model, names, c, sends, FlowEngine.Mode.INCREMENTAL);
            var full = NetHarness.run(model, names, c, sends, FlowEngine.Mode.FULL);
            var global = NetHarness.run(model, names, c, sends, FlowEngine.Mode.GLOBAL);
            String what = "case " + c + " " + model.topology() + " " + model.options().sharing();
            assertArrayEquals(flatten(full.deliveredMs()), flatten(inc.deliveredMs()), what);
            assertEquals(full.stats(), inc.stats(), what);
            double[] a = flatten(inc.deliveredMs());
            double[] b = flatten(global.deliveredMs());
            for (int i = 0; i < a.length; i++) {
                double rel = Math.abs(a[i] - b[i]) / Math.max(1e-300, Math.abs(b[i]));
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-12, what + " flow " + i + ": " + a[i] + " vs global " + b[i]);
            }
            List<LinkUsage> ui = inc.stats().resources();
            List<LinkUsage> ug = global.stats().resources();
            assertEquals(ug.size(), ui.size(), what);
            for (int i = 0; i < ui.size(); i++) {
                assertEquals(ug.get(i).wireBytes(), ui.get(i).wireBytes(), 1 + 1e-9 * ug.get(i).wireBytes(), what);
                assertEquals(ug.get(i).busyMs(), ui.get(i).busyMs(), 1e-9 * Math.max(1, ug.get(i).busyMs()), what);
            }
        }
        System.out.printf("incremental vs global solver, %d random sequences: largest relative difference %.3g%n", cases,
                worst);
    }

    private static double[] flatten(double[][] a) {
        return Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
    }
}

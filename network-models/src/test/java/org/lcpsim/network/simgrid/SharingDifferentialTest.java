package org.lcpsim.network.simgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lcpsim.network.flow.FlowEngine;
import org.lcpsim.network.simgrid.FlowScenario.Model;
import org.lcpsim.network.simgrid.ScenarioGenerator.Shape;

/**
 * lcpsim's flow engine with {@code sharing: rtt} against SimGrid 3.32 on 200 seeded random
 * scenarios (star, dumbbell, tree, ring; 2-30 hosts; 1-200 flows; staggered starts; links shared
 * or split duplex; ACK cross-traffic on or off), half under CM02 and half under LV08, run by both:
 * every flow's completion time agrees within 1e-6 relative under CM02 and 1% under LV08 (the issue's
 * bars; the measured differences are printed and documented in docs/network-models.md). SimGrid
 * runs through scripts/simgrid-flows, all scenarios in one Python process; without SimGrid's
 * bindings (Debian's python3-simgrid, installed by scripts/install-deps --test) the test skips and
 * says why.
 */
class SharingDifferentialTest {
    static final int SCENARIOS = 200;
    static final double CM02_TOLERANCE = 1e-6;
    static final double LV08_TOLERANCE = 1e-2;

    static List<FlowScenario> scenarios() {
        List<FlowScenario> out = new ArrayList<>();
        Shape[] shapes = Shape.values();
        for (int i = 0; i < SCENARIOS; i++) {
            Model model = (i / shapes.length) % 2 == 0 ? Model.CM02 : Model.LV08;
            out.add(ScenarioGenerator.random(7_000 + i, shapes[i % shapes.length], model));
        }
        return out;
    }

    @Test
    void completionTimesMatchSimGrid() throws Exception {
        Optional<String> why = SimGridFlows.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "SimGrid is not available, lcpsim is not compared with it: " + why.get());
        List<FlowScenario> scenarios = scenarios();
        String dump = System.getProperty("lcpsim.simgrid.dump");
        if (dump != null) {
            // by hand: scripts/simgrid-flows DIR/scenarios.json, compared with DIR/lcpsim.json
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dump));
            java.nio.file.Files.writeString(dir.resolve("scenarios.json"), FlowScenario.toJson(scenarios));
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            List<double[]> lcpsim = new ArrayList<>();
            for (FlowScenario s : scenarios) {
                lcpsim.add(LcpsimFlows.finishSeconds(s, FlowEngine.Mode.INCREMENTAL));
            }
            java.nio.file.Files.writeString(dir.resolve("lcpsim.json"), mapper.writeValueAsString(lcpsim));
        }
        long t0 = System.nanoTime();
        List<SimGridFlows.Result> simgrid = SimGridFlows.run(scenarios);
        double simgridS = (System.nanoTime() - t0) / 1e9;
        Map<Model, double[]> worst = new EnumMap<>(Model.class); // {max relative error, flows}
        Map<Shape, Double> worstByShape = new EnumMap<>(Shape.class);
        double equalWorst = 0; // the same scenarios with equal sharing: what the comparison can tell apart
        String worstCase = "";
        double worstAll = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            FlowScenario s = scenarios.get(i);
            double[] expected = simgrid.get(i).finishS();
            double[] actual = LcpsimFlows.finishSeconds(s, FlowEngine.Mode.INCREMENTAL);
            assertEquals(expected.length, actual.length, s.name());
            double tolerance = s.model() == Model.CM02 ? CM02_TOLERANCE : LV08_TOLERANCE;
            double[] w = worst.computeIfAbsent(s.model(), m -> new double[2]);
            Shape shape = Shape.values()[i % Shape.values().length];
            for (int f = 0; f < expected.length; f++) {
                double rel = Math.abs(actual[f] - expected[f]) / Math.abs(expected[f]);
                w[0] = Math.max(w[0], rel);
                if (rel > worstAll) {
                    worstAll = rel;
                    worstCase = String.format(Locale.ROOT, "%s flow %d: lcpsim %.17g s, SimGrid %.17g s", s.name(), f,
                            actual[f], expected[f]);
                }
                worstByShape.merge(shape, rel, Math::max);
                if (!(rel <= tolerance) && failures.size() < 10) {
                    failures.add(String.format(Locale.ROOT, "%s flow %d (%s -> %s, %d B, start %.9g s): lcpsim %.12g s, "
                            + "SimGrid %.12g s, relative error %.3g", s.name(), f, s.flows().get(f).src(),
                            s.flows().get(f).dst(), s.flows().get(f).bytes(), s.flows().get(f).startS(), actual[f],
                            expected[f], rel));
                }
            }
            w[1] += expected.length;
            double[] equal = LcpsimFlows.finishSeconds(s.withSharing(org.lcpsim.network.flow.Sharing.EQUAL),
                    FlowEngine.Mode.INCREMENTAL);
            for (int f = 0; f < expected.length; f++) {
                equalWorst = Math.max(equalWorst, Math.abs(equal[f] - expected[f]) / Math.abs(expected[f]));
            }
        }
        System.out.printf(Locale.ROOT, "SimGrid ran %d scenarios in %.1f s; largest relative difference: CM02 %.3g "
                + "(%.0f flows), LV08 %.3g (%.0f flows); by shape %s; worst: %s; with equal sharing instead: %.3g%n",
                scenarios.size(), simgridS, worst.get(Model.CM02)[0], worst.get(Model.CM02)[1], worst.get(Model.LV08)[0],
                worst.get(Model.LV08)[1], worstByShape, worstCase, equalWorst);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(equalWorst > 0.1, "equal sharing should miss SimGrid by far, not by " + equalWorst);
    }
}

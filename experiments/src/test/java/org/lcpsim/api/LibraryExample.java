package org.lcpsim.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.lcpsim.results.PointResult;

/**
 * The example of the README's "Using lcpsim as a Java library", compiled and run by
 * {@link LibraryExampleTest} (which also checks that the README shows this code).
 */
public final class LibraryExample {
    private LibraryExample() {
    }

    public static void main(String[] args) {
        report(System.out);
    }

    // README: begin
    static void report(PrintStream out) {
        Experiment experiment = Experiment.parse("""
                name: lcp-on-pis
                model: alexnet
                strategy: {kind: lcp, branches: 2}
                cluster: {devices: [{preset: rpi3, count: 4}]}
                network: {preset: wifi-rpi}
                workload: {requests: 10, warmup: 1}
                sweep: {strategy.branches: [1, 2, 4]}
                """, Path.of("lcp-on-pis.yaml"));  // relative files would be read from this file's folder
        List<String> problems = experiment.problems();   // as lcpsim validate prints them; empty: valid
        if (!problems.isEmpty()) {
            problems.forEach(out::println);
            return;
        }
        out.println(experiment.pointCount() + " design points");
        for (PointResult r : experiment.run(2)) {         // 2 threads; the results do not depend on it
            out.printf("branches=%s devices=%d: %.1f ms, %.2f images/s, %s%n", r.sweep().get("strategy.branches"),
                    r.devices(), r.metrics().latencyMsMean(), r.metrics().throughputIps(), r.status());
        }
        try {
            Experiment.parse("name: typo\nmodel: alexnet\nstrategy: {kind: lcp, branchs: 2}\n"
                    + "cluster: {devices: [{preset: rpi3}]}\nnetwork: {preset: wifi-rpi}\n", Path.of("typo.yaml")).run();
        } catch (ExperimentException e) {
            e.problems().forEach(out::println);   // typo.yaml:3:23: $.strategy.branchs: unknown field; ...
        }
        out.print(Experiment.explain("strategy.branches"));   // as lcpsim explain prints it
    }
    // README: end
}

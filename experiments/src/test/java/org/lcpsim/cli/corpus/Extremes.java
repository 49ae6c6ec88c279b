package org.lcpsim.cli.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;

/**
 * Valid experiments that together reach every kind of numeric field: each device kind (roofline,
 * cpu with swap, profile and frameworks, systolic, presets with overrides), each network kind
 * (point-to-point, shared-medium, switched, measured-linear, topology with a cell, links, a trace and a
 * window down, wifi-cells, a preset) with its options (TCP, RPC,
 * variability, energy), each arrival, each strategy, a model file with every layer kind, a sweep
 * with a range and a sample, and an explore section with an accuracy table inline and in a CSV
 * file. {@link #sites()} lists every number written in them: the places where hostile values go.
 */
final class Extremes {
    private Extremes() {
    }

    /** A valid base: its files (the experiment is exp.yaml) and the command that runs it. */
    record Base(String name, Map<String, String> files, String command) {
    }

    /** One number in one file of a base: where it is written (1-based) and the field it sets. */
    record Site(Base base, String file, int line, int column, String text, String field) {
        /** The base's files with this number replaced by {@code value}. */
        Map<String, String> with(String value) {
            Map<String, String> out = new LinkedHashMap<>(base.files());
            String[] lines = out.get(file).split("\n", -1);
            String l = lines[line - 1];
            lines[line - 1] = l.substring(0, column - 1) + value + l.substring(column - 1 + text.length());
            out.put(file, String.join("\n", lines));
            return out;
        }

        String id() {
            return base.name() + "/" + file + ":" + field;
        }
    }

    static final String B1 = """
            name: extremes-1
            model: lenet
            strategy: {kind: lcp, branches: 2, fatten: 0.5}
            cluster:
              devices:
                - {kind: roofline, peakGflops: 10, efficiency: 0.5, memoryBandwidthGBps: 4, memoryMb: 1024, layerOverheadMs: 0.1,
                   power: {idleW: 1, activeW: 3}, noise: {distribution: lognormal, cv: 0.1}, count: 2}
            network: {kind: point-to-point, bandwidthMbps: 100, latencyMs: 1,
                      tcp: {bandwidthFactor: 0.97, latencyFactor: 2, windowBytes: 65536, ackFactor: 0.05},
                      rpc: {fixedMs: 0.5, perKBMs: 0.01, receiverFixedMs: 0.5, receiverPerKBMs: 0.01, bytesPerKB: 1000},
                      variability: {latency: {distribution: gamma, cv: 0.1}, bandwidth: {distribution: lognormal, cv: 0.1}},
                      energy: {txNjPerByte: 10, rxNjPerByte: 5}}
            input: {bytes: 16000}
            workload: {requests: 2, warmup: 1, arrival: {kind: periodic, fps: 5}}
            replications: 1
            seed: 1
            sweep:
              seed: {from: 1, to: 2, step: 1}
              sample: {count: 1, seed: 3}
            """;

    static final String B2 = """
            name: extremes-2
            model: {file: m.yaml}
            strategy: {kind: model-parallel, split: auto, mergeEvery: 1}
            cluster:
              devices:
                - {kind: cpu, coreGflops: 2, cores: 4, parallelEfficiency: 0.8, memoryBandwidthGBps: 2, layerOverheadMs: 0.2,
                   efficiency: {default: 0.3, conv: 0.4, dense: 0.2}, memoryMb: 512, frameworkMb: 100, weightCopies: 1.5,
                   swap: {enabled: true, bandwidthMBps: 50}, power: {idleW: 1.5, activeW: 4},
                   profile: [{workload: tiny, layer: c, ms: 2}], count: 2}
            network: {kind: shared-medium, bandwidthMbps: 50, airtimeEfficiency: 0.8, latencyMs: 2, sourceWired: true,
                      sourceLatencyMs: 0.5, sourceLinkMbps: 100, multicast: true, multicastRateFactor: 0.5}
            workload: {requests: 2, warmup: 0, arrival: {kind: poisson, ratePerS: 20}}
            replications: 2
            seed: 5
            """;

    static final String B3 = """
            name: extremes-3
            model: cifarnet
            strategy: {kind: pipeline}
            cluster:
              devices:
                - {kind: systolic, rows: 16, cols: 16, clockMHz: 100, reduction: adder-tree, pipelineStages: 4, cellBufferWords: 2,
                   dataBits: 16, offChip: {pins: 16, mbpsPerPin: 500}, onChipKb: 256, pruning: 0.1, layerSetupCycles: 100,
                   efficiency: 0.9, memoryMb: 512, frameworkMb: 10, power: {staticW: 0.1, dynamicW: 0.2}, count: 2}
              source: d0
            network: {kind: switched, portMbps: 1000, sourcePortMbps: 1000, switchLatencyMs: 0.01, hopLatencyMs: 0.005,
                      backplaneMbps: 10000}
            precision: {weights: fp16, activations: int8}
            workload: {requests: 2, warmup: 1, horizonS: 100, arrival: {kind: closed, concurrency: 2}}
            replications: 1
            seed: 2
            explore:
              method: exhaustive
              maxExhaustive: 10
              objectives: [{minimize: latency_ms_mean}]
              accuracy: {rows: [{model: cifarnet, branches: 1, fatten: 0, top1Pct: 70}]}
              nsga2: {population: 4, generations: 1, seed: 3}
            """;

    static final String B4 = """
            name: extremes-4
            model: alexnet
            strategy: {kind: data-parallel}
            cluster:
              devices:
                - {preset: rpi3, framework: tflite, coreGflops: 3, memoryMb: 900, count: 2}
            network: {kind: measured-linear, interceptMs: 5, slopeMsPerKB: 0.1, bytesPerKB: 1024}
            input: {dtype: fp32}
            workload: {requests: 2, warmup: 1}
            energy: {scope: used, idle: exclude}
            replications: 1
            seed: 3
            """;

    static final String B5 = """
            name: extremes-5
            model: lenet
            strategy: {kind: single, device: d0}
            cluster:
              devices:
                - {preset: jetson-nano, count: 1}
            network: {preset: wifi-rpi, stationToStationMbps: 20}
            workload: {requests: 2, warmup: 1}
            replications: 1
            seed: 4
            """;

    static final String B6 = """
            name: extremes-6
            model: lenet
            strategy: {kind: lcp, branches: 2}
            cluster:
              devices:
                - {preset: rpi3, profile: {file: prof.csv}, count: 2}
            network: {preset: ethernet-1g}
            workload: {requests: 2, warmup: 0}
            replications: 1
            seed: 6
            sweep:
              strategy.fatten: [0.0, 0.5]
            explore:
              objectives: [{minimize: latency_ms_mean}, {maximize: accuracy_pct}]
              constraints: ["accuracy_drop_pct <= 5"]
              accuracy: {file: acc.csv}
            """;

    static final String B7 = """
            name: extremes-7
            model: lenet
            strategy: {kind: lcp, branches: 3}
            cluster:
              devices:
                - {preset: rpi3, count: 3}
            network:
              kind: topology
              nodes: [ap, router]
              links:
                - {name: home, kind: wifi, ap: ap, stations: [d0, d1, source], bandwidthMbps: 50, airtimeEfficiency: 0.8,
                   apLatencyMs: 2, stationRates: {d1: 10}, multicastRateFactor: 0.5}
                - {name: lan, between: [ap, router], bandwidthMbps: 100, latencyMs: 0.1, sharing: shared}
                - {name: wan, between: [router, d2], bandwidthMbps: 20, latencyMs: 5, trace: {file: bw.csv},
                   down: [{atS: 0.5, untilS: 0.7}]}
              multicast: true
            workload: {requests: 2, warmup: 1}
            replications: 1
            seed: 7
            """;

    static final String BW_CSV = """
            time_s,bandwidth_mbps
            0,20
            0.2,5
            0.4,20
            """;

    static final String B8 = """
            name: extremes-8
            model: lenet
            strategy: {kind: data-parallel}
            cluster:
              devices:
                - {preset: rpi3, count: 4}
            network: {preset: wifi-cells, cells: 2, stationsPerCell: 2, uplinkMbps: 100, uplinkLatencyMs: 0.5,
                      stationRates: {d3: 12}, latencyMs: 4, multicastRateFactor: 0.5}
            workload: {requests: 2, warmup: 1}
            replications: 1
            seed: 8
            """;

    /** Several request streams: per-stream requests, warmup, batch, arrivals, input, devices, a device camera. */
    static final String B9 = """
            name: extremes-9
            cluster:
              devices:
                - {kind: roofline, peakGflops: 10, efficiency: 0.5, memoryBandwidthGBps: 4, memoryMb: 1024,
                   power: {idleW: 1, activeW: 3}, count: 3}
            network: {kind: shared-medium, bandwidthMbps: 50, latencyMs: 2, sourceWired: true, sourceLinkMbps: 100}
            input: {bytes: 16000}
            workload:
              requests: 2
              warmup: 1
              streams:
                - {name: a, devices: [d0, d1], model: lenet, strategy: {kind: lcp, branches: 2, fatten: 0.5},
                   arrival: {kind: periodic, fps: 5}, batch: 2}
                - {name: b, source: d2, devices: [d2], model: {file: m.yaml}, strategy: {kind: single, device: d2},
                   arrival: {kind: poisson, ratePerS: 4}, requests: 3, warmup: 0, input: {bytes: 1000}}
            replications: 1
            seed: 8
            sweep:
              workload.streams.0.strategy.branches: [1, 2]
            """;

    /** Faults: a crash, a slowdown, a connection down, random crashes; a gather deadline, a timeout, partial accuracy. */
    static final String B10 = """
            name: extremes-10
            model: lenet
            strategy: {kind: lcp, branches: 2, gatherDeadlineMs: 50, minBranches: 1, failoverTimeoutMs: 100}
            cluster:
              devices:
                - {preset: rpi3, count: 3}
            network: {kind: point-to-point, bandwidthMbps: 50, latencyMs: 2}
            workload: {requests: 3, warmup: 1, arrival: {kind: periodic, fps: 5}}
            faults:
              - {device: d1, atS: 0.2, untilS: 0.6, kind: crash}
              - {device: d0, atS: 0, untilS: 0.3, kind: slowdown, factor: 2}
              - {link: d2, atS: 0.1, untilS: 0.4}
              - {kind: crash, devices: [d2], mtbfS: 2, mttrS: 0.5}
            accuracy:
              rows:
                - {model: lenet, branches: 2, top1Pct: 98.5}
                - {model: lenet, branches: 2, branchesArrived: 1, top1Pct: 90}
            replications: 1
            seed: 10
            sweep:
              strategy.gatherDeadlineMs: [50, 200]
            """;

    static final String M_YAML = """
            name: tiny
            input: [3, 16, 16]
            layers:
              - {name: c, type: conv2d, filters: 8, kernel: 3, stride: 1, padding: 1, groups: 1}
              - {name: dw, type: depthwise-conv2d, kernel: 3, stride: 1, multiplier: 2, padding: same}
              - {type: batch-norm}
              - {type: activation, function: relu}
              - {type: lrn, size: 5}
              - {type: max-pool, kernel: 2, stride: 2, padding: {pad: 0, ceil: true}}
              - {type: avg-pool, kernel: 2, stride: 2}
              - {type: dropout, rate: 0.5}
              - {type: flatten}
              - {name: fc, type: dense, units: 10, head: true}
              - {type: softmax}
            """;

    static final String ACC_CSV = """
            model,branches,fatten,top1_pct
            lenet,1,0,99
            lenet,2,0,98.5
            lenet,2,0.5,98.9
            """;

    static final String PROF_CSV = """
            workload,layer,time_ms
            lenet,conv1,2.5
            lenet,fc3,0.5
            """;

    static List<Base> bases() {
        return List.of(
                new Base("lcp-roofline-p2p-periodic-sweep", Map.of("exp.yaml", B1), "run"),
                new Base("mp-cpu-swap-wifi-poisson-modelfile", Map.of("exp.yaml", B2, "m.yaml", M_YAML), "run"),
                new Base("pipeline-systolic-switched-explore", Map.of("exp.yaml", B3), "explore"),
                new Base("dp-preset-measured-linear", Map.of("exp.yaml", B4), "run"),
                new Base("single-jetson-wifi-preset", Map.of("exp.yaml", B5), "run"),
                new Base("lcp-profile-csv-accuracy-csv", Map.of("exp.yaml", B6, "acc.csv", ACC_CSV, "prof.csv", PROF_CSV), "explore"),
                new Base("lcp-topology-cell-wan-trace", Map.of("exp.yaml", B7, "bw.csv", BW_CSV), "run"),
                new Base("dp-wifi-cells-preset", Map.of("exp.yaml", B8), "run"),
                new Base("streams-wired-cameras-modelfile", Map.of("exp.yaml", B9, "m.yaml", M_YAML), "run"),
                new Base("lcp-faults-deadline-accuracy", Map.of("exp.yaml", B10), "run"));
    }

    /** Every number written in every file of every base. */
    static List<Site> sites() {
        List<Site> out = new ArrayList<>();
        for (Base b : bases()) {
            for (Map.Entry<String, String> f : new java.util.TreeMap<>(b.files()).entrySet()) {
                if (f.getKey().endsWith(".csv")) {
                    csvSites(b, f.getKey(), f.getValue(), out);
                } else {
                    walk(b, f.getKey(), Yaml.parse(f.getValue(), f.getKey()), "$", out);
                }
            }
        }
        return out;
    }

    private static void walk(Base b, String file, Node n, String path, List<Site> out) {
        if (n instanceof Node.Scalar s && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.FLOAT)) {
            out.add(new Site(b, file, s.location().line(), s.location().column(), s.text(), path));
        } else if (n instanceof Node.MapNode m) {
            for (Node.Entry e : m.entries().values()) {
                walk(b, file, e.value(), path + "." + e.key(), out);
            }
        } else if (n instanceof Node.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                walk(b, file, l.items().get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static void csvSites(Base b, String file, String text, List<Site> out) {
        String[] lines = text.split("\n");
        String[] header = lines[0].split(",");
        for (int i = 1; i < lines.length; i++) {
            int col = 1;
            String[] cells = lines[i].split(",", -1);
            for (int c = 0; c < cells.length; c++) {
                try {
                    Double.parseDouble(cells[c]);
                    out.add(new Site(b, file, i + 1, col, cells[c], "row " + i + " " + header[c]));
                } catch (NumberFormatException e) {
                    // text: not a number site
                }
                col += cells[c].length() + 1;
            }
        }
    }
}

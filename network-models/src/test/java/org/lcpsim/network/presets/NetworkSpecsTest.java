package org.lcpsim.network.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lcpsim.config.ConfigError;
import org.lcpsim.config.Errors;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;
import org.lcpsim.network.NetworkModel;
import org.lcpsim.network.ethernet.Switched;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.flow.Sharing;
import org.lcpsim.network.links.MeasuredLinear;
import org.lcpsim.network.links.PointToPointLinks;
import org.lcpsim.network.tcp.RpcCost;
import org.lcpsim.network.tcp.TcpOverlay;
import org.lcpsim.network.variability.FactorDistribution;
import org.lcpsim.network.wifi.SharedMedium;

class NetworkSpecsTest {
    /** Binds the mapping under {@code network:} of a small file. */
    private static NetworkModel bind(String yaml, Errors errors) {
        Node root = Yaml.parse(yaml, "test.yaml");
        return NetworkSpecs.bind(((Node.MapNode) root).get("network"), "$.network", errors);
    }

    private static FlowNetworkModel ok(String yaml) {
        Errors errors = new Errors();
        NetworkModel m = bind(yaml, errors);
        errors.throwIfAny();
        return assertInstanceOf(FlowNetworkModel.class, m);
    }

    private static List<String> errors(String yaml) {
        Errors errors = new Errors();
        NetworkModel m = bind(yaml, errors);
        assertNull(m, "an invalid spec binds to nothing");
        assertTrue(errors.size() > 0);
        return errors.list().stream().map(ConfigError::toString).toList();
    }

    @Test
    void bindsEveryKindInline() {
        var p2p = ok("network: {kind: point-to-point, latencyMs: 2, bandwidthMbps: 8}\n");
        assertEquals(new PointToPointLinks(2, 8), p2p.topology());
        assertEquals("point-to-point", p2p.name());
        var wifi = ok("""
                network:
                  kind: shared-medium
                  name: my-cell
                  bandwidthMbps: 144.4
                  airtimeEfficiency: 0.5
                  latencyMs: 3
                  sourceWired: true
                  sourceLatencyMs: 1.5
                  sourceLinkMbps: 100
                  multicast: true
                  multicastRateFactor: 0.25
                """);
        assertEquals("my-cell", wifi.name());
        assertEquals(new SharedMedium(144.4, 0.5, 3, true, 1.5, 100, true, 0.25), wifi.topology());
        var sw = ok("network: {kind: switched, portMbps: 1000, switchLatencyMs: 0.01, hopLatencyMs: 0.02,"
                + " sourcePortMbps: 10000, backplaneMbps: 4000, multicast: true}\n");
        assertEquals(new Switched(1000, 10000, 0.01, 0.02, 4000, true), sw.topology());
        var line = ok("network: {kind: measured-linear, interceptMs: 2, slopeMsPerKB: 0.2, concurrency: independent}\n");
        assertEquals(new MeasuredLinear(2, 0.2, 1000, false), line.topology());
    }

    @Test
    void bindsTheOptions() {
        var m = ok("""
                network:
                  kind: switched
                  portMbps: 100
                  tcp: {}
                  rpc: {fixedMs: 0.5, perKBMs: 0.03, receiverPerKBMs: 0.01, source: a guess}
                  variability:
                    latency: {distribution: lognormal, cv: 0.3}
                    bandwidth: {distribution: exponential}
                  energy: {txNjPerByte: 50, rxNjPerByte: 20}
                """);
        assertEquals(TcpOverlay.LV08, m.options().tcp());
        assertEquals(new RpcCost(0.5, 0.03, 0.5, 0.01, 1000), m.options().rpc());
        assertEquals(FactorDistribution.of("lognormal", 0.3), m.options().variability().latency());
        assertEquals("exponential", m.options().variability().bandwidth().name());
        assertEquals(50, m.options().energy().txNjPerByte());
    }

    @Test
    void bindsTheSharingPolicyAndWeightS() {
        assertEquals(Sharing.EQUAL, ok("network: {preset: wifi-rpi}\n").options().sharing());
        var m = ok("network: {preset: ethernet-1g, sharing: rtt, tcp: {weightS: 8775}}\n");
        assertEquals(Sharing.RTT, m.options().sharing());
        assertEquals(8775, m.options().tcp().weightS());
        assertEquals(0.05, m.options().tcp().ackFactor()); // the preset's other tcp fields are kept
        assertEquals(Sharing.RTT, ok("network: {kind: point-to-point, latencyMs: 1, bandwidthMbps: 10, sharing: rtt}\n")
                .options().sharing());
        assertEquals(List.of("test.yaml:1:38: $.network.sharing: unknown value 'fair'; expected one of: equal, rtt"),
                errors("network: {preset: wifi-rpi, sharing: fair}\n"));
        assertEquals(List.of("test.yaml:1:38: $.network.sharing: unknown value '1'; expected one of: equal, rtt"),
                errors("network: {preset: wifi-rpi, sharing: 1}\n"));
        assertEquals(List.of("test.yaml:1:44: $.network.tcp.weightS: must be between 0 and 1.0E15, got -1"),
                errors("network: {preset: wifi-rpi, tcp: {weightS: -1}}\n"));
    }

    @Test
    void inlineFieldsOverrideAPreset() {
        var m = ok("network: {preset: wifi-rpi, latencyMs: 2.5, multicast: true}\n");
        assertEquals("wifi-rpi", m.name());
        SharedMedium cell = (SharedMedium) m.topology();
        assertEquals(2.5, cell.latencyMs());
        assertEquals(124.48, cell.airMbps(), 1e-9);
        assertTrue(cell.multicast());
        // the channel given the other way replaces the preset's measured station-to-station figure
        var phy = ok("network: {preset: wifi-rpi, name: wifi-phy, bandwidthMbps: 72.2, airtimeEfficiency: 0.6}\n");
        assertEquals(72.2 * 0.6, ((SharedMedium) phy.topology()).airMbps(), 1e-9);
        assertEquals("wifi-phy", phy.name());
    }

    @Test
    void unknownFieldsAreErrorsWithTheirPosition() {
        assertEquals(List.of("test.yaml:5:3: $.network.bandwith: unknown field; expected one of: airtimeEfficiency, "
                        + "bandwidthMbps, description, energy, kind, latencyMs, multicast, multicastRateFactor, name, "
                        + "preset, provenance, rpc, sharing, sourceLatencyMs, sourceLinkMbps, sourceWired, stationToStationMbps, "
                        + "tcp, variability"),
                errors("""
                        network:
                          kind: shared-medium
                          stationToStationMbps: 62.24
                          latencyMs: 8.83
                          bandwith: 3
                        """));
        assertEquals(List.of("test.yaml:4:9: $.network.tcp.gamma: unknown field; expected one of: ackFactor, "
                        + "bandwidthFactor, latencyFactor, weightS, windowBytes"),
                errors("""
                        network:
                          kind: switched
                          portMbps: 100
                          tcp: {gamma: 4}
                        """));
    }

    @Test
    void wrongTypesNegativeAndZeroValuesAreErrors() {
        assertEquals(List.of(
                        "test.yaml:3:14: $.network.latencyMs: expected a number, found a string 'fast'",
                        "test.yaml:4:16: $.network.sourceWired: expected true or false, found a string 'maybe'",
                        "test.yaml:5:24: $.network.multicastRateFactor: must be between 0 and 1, got 2",
                        "test.yaml:6:25: $.network.stationToStationMbps: must be > 0, got 0"),
                errors("""
                        network:
                          kind: shared-medium
                          latencyMs: fast
                          sourceWired: maybe
                          multicastRateFactor: 2
                          stationToStationMbps: 0
                        """));
        assertEquals(List.of("test.yaml:1:44: $.network.latencyMs: must be >= 0, got -1",
                        "test.yaml:1:81: $.network.rpc.perKBMs: must be >= 0, got -0.1"),
                errors("network: {kind: point-to-point, latencyMs: -1, bandwidthMbps: 8, rpc: {perKBMs: -0.1}}\n"));
        assertEquals(List.of("test.yaml:4:8: $.network.tcp: expected a mapping, found a boolean"),
                errors("""
                        network:
                          kind: switched
                          portMbps: 1
                          tcp: true
                        """));
    }

    @Test
    void unknownKindPresetAndDistributionAreErrors() {
        assertEquals(List.of("test.yaml:1:17: $.network.kind: unknown value 'token-ring'; expected one of: "
                + "point-to-point, shared-medium, switched, measured-linear, topology, wifi-cells"),
                errors("network: {kind: token-ring}\n"));
        assertEquals(List.of("test.yaml:1:19: $.network.preset: unknown network preset 'wifi-5g'; known: wifi-rpi, "
                + "wifi-rpi-fast, wifi-rpi-fit, wifi-rpi-avro, wifi-cells, ethernet-1g, aws-t2-same-host, aws-t2-cross-host"),
                errors("network: {preset: wifi-5g}\n"));
        List<String> dist = errors("""
                network:
                  kind: switched
                  portMbps: 100
                  variability:
                    latency: {distribution: pareto, cv: 0.2}
                    bandwidth: {distribution: uniform, cv: 0.9}
                """);
        assertEquals(2, dist.size(), dist.toString());
        assertTrue(dist.get(0).startsWith("test.yaml:5:29: $.network.variability.latency.distribution: unknown value "
                + "'pareto'; expected one of: none, lognormal, gamma, uniform, exponential"), dist.get(0));
        assertEquals("test.yaml:6:44: $.network.variability.bandwidth.cv: must be between 0 and 0.57, got 0.9", dist.get(1));
    }

    @Test
    void inconsistentCombinationsAreErrors() {
        assertEquals(List.of("test.yaml:1:86: $.network.stationToStationMbps: give either bandwidthMbps (the channel's "
                        + "rate) or stationToStationMbps (a measured station-to-station throughput), not both"),
                errors("network: {kind: shared-medium, latencyMs: 1, bandwidthMbps: 5, stationToStationMbps: 3}\n"));
        assertEquals(List.of("test.yaml:1:10: $.network.bandwidthMbps: missing required field (bandwidthMbps or "
                        + "stationToStationMbps)", "test.yaml:1:10: $.network.latencyMs: missing required field (a number)"),
                errors("network: {kind: shared-medium}\n"));
        assertEquals(List.of("test.yaml:1:88: $.network.sourceLatencyMs: only meaningful with sourceWired: true"),
                errors("network: {kind: shared-medium, stationToStationMbps: 3, latencyMs: 1, sourceLatencyMs: 0.5}\n"));
        assertEquals(List.of("test.yaml:1:90: $.network.airtimeEfficiency: a measured stationToStationMbps already "
                        + "includes the airtime efficiency; use bandwidthMbps to give it separately"),
                errors("network: {kind: shared-medium, stationToStationMbps: 3, latencyMs: 1, airtimeEfficiency: 0.5}\n"));
        assertEquals(List.of("test.yaml:1:97: $.network.variability.bandwidth.cv: the exponential factor has cv 1; "
                        + "leave cv out"),
                errors("network: {kind: switched, portMbps: 1, variability: {bandwidth: {distribution: exponential, cv: 1}}}\n"));
    }

    /**
     * Values in range one by one whose combination cannot be represented are positioned errors,
     * not an exception out of the binder or a model that fails (or never delivers) when it runs.
     */
    @Test
    void unrepresentableValuesArePositionedErrorsNotExceptions() {
        assertEquals(List.of("test.yaml:1:54: $.network.stationToStationMbps: too large: 1.0E308 Mbps"),
                errors("network: {kind: shared-medium, stationToStationMbps: 1e308, latencyMs: 1}\n"));
        assertEquals(List.of("test.yaml:1:37: $.network.portMbps: too large: 1.0E307 Mbps"),
                errors("network: {kind: switched, portMbps: 1e307}\n"));
        assertEquals(List.of("test.yaml:1:78: $.network.hopLatencyMs: switchLatencyMs + 2 x hopLatencyMs is too large to "
                        + "represent"),
                errors("network: {kind: switched, portMbps: 1, switchLatencyMs: 1e308, hopLatencyMs: 1e308}\n"));
        assertEquals(List.of("test.yaml:1:64: $.network.slopeMsPerKB: bytesPerKB / slopeMsPerKB is a rate too large to "
                        + "represent"),
                errors("network: {kind: measured-linear, interceptMs: 1, slopeMsPerKB: 1e-320}\n"));
    }

    /** A field of the wrong type is still an error, and makes the binder return nothing. */
    @Test
    void aBadNameAlsoBindsToNothing() {
        assertEquals(List.of("test.yaml:1:46: $.network.name: expected a string, found a list"),
                errors("network: {kind: switched, portMbps: 1, name: [x]}\n"));
    }

    /**
     * Without a valid kind nobody knows which fields belong: the kind is the one error, not every
     * field of the preset it came with (positioned in the preset's resource file).
     */
    @Test
    void aBadKindIsOneErrorNotAnUnknownFieldPerField() {
        assertEquals(List.of("test.yaml:1:35: $.network.kind: unknown value 'wifi'; expected one of: point-to-point, "
                        + "shared-medium, switched, measured-linear, topology, wifi-cells"),
                errors("network: {preset: wifi-rpi, kind: wifi}\n"));
        assertEquals(List.of("test.yaml:1:10: $.network.kind: missing required field (one of: point-to-point, "
                        + "shared-medium, switched, measured-linear, topology, wifi-cells)"),
                errors("network: {portMbps: 1}\n"));
    }

    @Test
    void everyErrorOfAFileIsReportedInOnePass() {
        List<String> all = errors("""
                network:
                  kind: switched
                  portMbps: -5
                  hopLatencyMs: soon
                  rpc: {fixedMs: x}
                  colour: blue
                """);
        assertEquals(4, all.size(), all.toString());
        assertTrue(all.get(0).startsWith("test.yaml:3:13: $.network.portMbps: must be > 0, got -5"), all.get(0));
        assertTrue(all.get(3).startsWith("test.yaml:6:3: $.network.colour: unknown field"), all.get(3));
    }
}

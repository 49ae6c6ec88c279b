package org.lcpsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lcpsim explain}, {@code lcpsim --help-field} and {@code lcpsim schema} as a user runs them. */
class ExplainCommandTest {
    @Test
    void explainsAFieldWithItsMeaningValuesUnitDefaultAndPresence() {
        CliHarness.Result r = CliHarness.run("explain", "strategy.fatten");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("strategy.fatten  (in strategy, when kind: lcp)\n"), r.out());
        assertTrue(r.out().contains("meaning:    How much wider than 1/K each branch is"), r.out());
        assertTrue(r.out().contains("values:     number, 0 to 10\n"), r.out());
        assertTrue(r.out().contains("unit:       fraction of the branch width\n"), r.out());
        assertTrue(r.out().contains("default:    0\n"), r.out());
        assertTrue(r.out().contains("required:   no\n"), r.out());
        assertEquals("", r.err());
    }

    /** The README's sample of explain is what explain prints. */
    @Test
    void theReadmeSampleIsTheOutput() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String start = "$ lcpsim explain strategy.fatten\n";
        int at = readme.indexOf(start);
        assertTrue(at >= 0, "the README shows no lcpsim explain strategy.fatten");
        String shown = readme.substring(at + start.length(), readme.indexOf("```", at));
        assertEquals(CliHarness.run("explain", "strategy.fatten").out(), shown);
    }

    @Test
    void helpFieldIsExplain() {
        assertEquals(CliHarness.run("explain", "workload.batch").out(), CliHarness.run("--help-field", "workload.batch").out());
        assertEquals(CliHarness.run("explain", "workload.batch").out(), CliHarness.run("--help-field=workload.batch").out());
        assertTrue(CliHarness.run("explain", "workload.batch").out().contains("values:     integer, 1 to 1024"));
    }

    @Test
    void anEnumListsItsValuesAndADiscriminatorItsVariants() {
        String out = CliHarness.run("explain", "strategy.kind").out();
        assertTrue(out.contains("values:     one of: single, data-parallel, model-parallel, pipeline, lcp"), out);
        assertTrue(out.contains("    lcp: Low-Communication Parallelization"), out);
        assertTrue(out.contains("Fields: branches, fatten, finalDevice, inputDelivery, widths, replicas, balance,"
                + " gatherDeadlineMs, minBranches."), out);
        assertTrue(out.contains("    data-parallel: Whole requests go to the devices in turn"), out);
    }

    @Test
    void theFaultsAndTheStrategysReactionAreExplained() {
        String deadline = CliHarness.run("explain", "strategy.gatherDeadlineMs").out();
        assertTrue(deadline.startsWith("strategy.gatherDeadlineMs  (in strategy, when kind: lcp)"), deadline);
        assertTrue(deadline.contains("unit:       ms"), deadline);
        assertTrue(deadline.contains("default:    none: the final node waits for every branch"), deadline);
        String faults = CliHarness.run("explain", "faults").out();
        assertTrue(faults.startsWith("faults  (in the experiment file)"), faults);
        assertTrue(faults.contains("fields:     device, link, atS, untilS, kind, factor, mtbfS, mttrS, devices"), faults);
        String failover = CliHarness.run("explain", "workload.streams.strategy.failoverTimeoutMs").out();
        assertTrue(failover.contains("default:    1000"), failover);
        String group = CliHarness.run("explain", "strategy.group.branches").out();
        assertTrue(group.startsWith("strategy.group.branches  (in strategy, when kind: lcp)"), group);
    }

    @Test
    void aMappingListsItsFieldsAndPresets() {
        String out = CliHarness.run("explain", "cluster.devices").out();
        assertTrue(out.contains("    rpi3 (kind: cpu): Raspberry Pi 3"), out);
        assertTrue(out.contains("kind: systolic: rows, cols, clockMHz"), out);
        String net = CliHarness.run("explain", "network.preset").out();
        assertTrue(net.contains("    wifi-rpi (kind: shared-medium)"), net);
    }

    @Test
    void pathsAsValidationMessagesWriteThemAndWithListIndices() {
        String plain = CliHarness.run("explain", "cluster.devices.count").out();
        assertTrue(plain.contains("unit:       devices"), plain);
        assertEquals(plain, CliHarness.run("explain", "cluster.devices.0.count").out());
        assertEquals(plain, CliHarness.run("explain", "$.cluster.devices[0].count").out());
        String frameworks = CliHarness.run("explain", "cluster.devices.frameworks.tflite.coreGflops").out();
        assertTrue(frameworks.startsWith("cluster.devices.frameworks.NAME.coreGflops"), frameworks);
        String swept = CliHarness.run("explain", "sweep.strategy.branches").out();
        assertTrue(swept.startsWith("sweep.PATH  (in sweep)"), swept);
    }

    @Test
    void aFieldOfSeveralVariantsIsExplainedPerVariant() {
        String out = CliHarness.run("explain", "cluster.devices.swap.bandwidthMBps").out();
        assertTrue(out.contains("when enabled: true") && out.contains("when enabled: false"), out);
        String padding = CliHarness.run("explain", "--model", "layers.padding").out();
        assertTrue(padding.startsWith("layers.padding  (in layer, when type: conv2d, depthwise-conv2d, max-pool, avg-pool)"),
                padding);
    }

    @Test
    void modelAndDeviceFiles() {
        CliHarness.Result model = CliHarness.run("explain", "--model", "layers.filters");
        assertEquals(0, model.exitCode(), model.err());
        assertTrue(model.out().contains("unit:       channels"), model.out());
        CliHarness.Result device = CliHarness.run("explain", "--device", "coreGflops");
        assertEquals(0, device.exitCode(), device.err());
        assertTrue(device.out().contains("unit:       GFLOP/s"), device.out());
        // layers is not a field of the experiment file
        assertEquals(2, CliHarness.run("explain", "layers.filters").exitCode());
    }

    @Test
    void withoutAFieldTheTopLevelFieldsAndWithListEveryPath() {
        CliHarness.Result r = CliHarness.run("explain");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\n  strategy      required unless workload.streams is given."), r.out());
        CliHarness.Result list = CliHarness.run("explain", "--list");
        assertTrue(list.out().contains("\nstrategy.branches\n"), list.out());
        assertTrue(list.out().contains("\nworkload.streams.arrival.fps\n"), list.out());
        // every listed path explains
        for (String p : list.out().split("\n")) {
            CliHarness.Result e = CliHarness.run("explain", p);
            assertEquals(0, e.exitCode(), p + ": " + e.err());
            assertTrue(e.out().startsWith(p + "  (in "), e.out());
        }
    }

    @Test
    void aMisspeltFieldIsBadInputWithTheClosestSuggested() {
        CliHarness.Result r = CliHarness.run("explain", "strategy.branchs");
        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("lcpsim: 'strategy.branchs': no field 'branchs' in strategy (did you mean"
                + " 'strategy.branches'?); its fields: kind, failoverTimeoutMs, device,"), r.err());
        CliHarness.Result top = CliHarness.run("explain", "netwrk.bandwidthMbps");
        assertEquals(2, top.exitCode());
        assertTrue(top.err().contains("(did you mean 'network.bandwidthMbps'?)"), top.err());
        CliHarness.Result deep = CliHarness.run("--help-field", "workload.arival.fps");
        assertTrue(deep.err().contains("(did you mean 'workload.arrival.fps'?)"), deep.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no.such.field", "strategy.", "strategy..kind", "$", "name.first", "strategy.branches.x"})
    void aPathThatIsNoFieldIsBadInput(String path) {
        CliHarness.Result r = CliHarness.run("explain", path);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("lcpsim: '" + path + "'"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
    }

    @Test
    void badOptionsAreBadInput() {
        assertEquals(2, CliHarness.run("explain", "--model", "--device", "name").exitCode());
        assertEquals(2, CliHarness.run("explain", "--list", "name").exitCode());
        assertEquals(2, CliHarness.run("explain", "a", "b").exitCode());
        assertEquals(2, CliHarness.run("schema", "--model", "--device").exitCode());
        assertEquals(2, CliHarness.run("schema", "--write", "x", "--model").exitCode());
    }

    @Test
    void schemaPrintsTheShippedSchemas() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String[] c : new String[][] {{"experiment.schema.json"}, {"model.schema.json", "--model"},
                {"device.schema.json", "--device"}}) {
            String[] args = c.length == 1 ? new String[] {"schema"} : new String[] {"schema", c[1]};
            CliHarness.Result r = CliHarness.run(args);
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(Files.readString(Path.of("../schema").resolve(c[0])), r.out());
            JsonNode node = json.readTree(r.out());
            assertEquals("https://json-schema.org/draft/2020-12/schema", node.get("$schema").asText());
            assertFalse(node.get("unevaluatedProperties").asBoolean(true));
        }
    }

    @Test
    void schemaWriteIntoAFileIsBadInput() throws Exception {
        Path file = Files.createTempFile("schema", ".txt");
        CliHarness.Result r = CliHarness.run("schema", "--write", file.toString());
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("lcpsim: "), r.err());
    }
}

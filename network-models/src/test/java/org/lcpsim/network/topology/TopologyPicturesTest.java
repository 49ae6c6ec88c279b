package org.lcpsim.network.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcpsim.config.Errors;
import org.lcpsim.config.FileSource;
import org.lcpsim.config.Node;
import org.lcpsim.config.Yaml;
import org.lcpsim.network.flow.FlowNetworkModel;
import org.lcpsim.network.presets.NetworkSpecs;

/**
 * The pictures of docs/network-models.md ("Topologies"): each is the drawing of its topology by
 * {@link TopologyDiagram}, committed under docs/images, and docs shows each. When a drawing
 * changes on purpose, {@code -Dlcpsim.pictures.write=true} writes them again.
 */
class TopologyPicturesTest {
    static final Path IMAGES = Path.of("../docs/images");
    static final Path DOC = Path.of("../docs/network-models.md");

    record Picture(String file, String title, String yaml) {
    }

    static final List<Picture> PICTURES = List.of(
            new Picture("topology-wifi-cells.svg", "wifi-cells (preset): 2 cells of 4 Pis, the APs on a Gigabit switch",
                    "network: {preset: wifi-cells}\n"),
            new Picture("topology-one-cell.svg", "wifi-rpi as a topology: one cell, the source a station",
                    """
                    network:
                      kind: topology
                      nodes: [ap]
                      links:
                        - {name: air, kind: wifi, ap: ap, stations: [d0, d1, d2, d3, source], stationToStationMbps: 62.24, latencyMs: 8.83}
                    """),
            new Picture("topology-cloud-wan.svg", "A home cell, a wired Pi and a cloud server behind a WAN link",
                    """
                    network:
                      kind: topology
                      nodes: [ap, router]
                      links:
                        - {name: home, kind: wifi, ap: ap, stations: [d0, d1, d2, source], stationToStationMbps: 62.24,
                           latencyMs: 8.83, stationRates: {d2: 24}}
                        - {name: lan, between: [ap, router], bandwidthMbps: 941.5, latencyMs: 0.031}
                        - {name: desk, between: [d3, router], bandwidthMbps: 941.5, latencyMs: 0.031}
                        - {name: wan, between: [router, d4], bandwidthMbps: 20, latencyMs: 15, trace: {file: wan.csv},
                           down: [{atS: 60, untilS: 65}]}
                    """));

    @TempDir
    Path dir;

    @Test
    void everyPictureIsTheDrawingOfItsTopologyAndTheDocsShowIt() throws IOException {
        Files.writeString(dir.resolve("wan.csv"), "time_s,bandwidth_mbps\n0,20\n30,8\n45,20\n");
        boolean write = Boolean.getBoolean("lcpsim.pictures.write");
        String doc = Files.readString(DOC);
        for (Picture p : PICTURES) {
            Errors errors = new Errors();
            Node root = Yaml.parse(p.yaml(), "picture.yaml");
            var m = (FlowNetworkModel) NetworkSpecs.bind(((Node.MapNode) root).get("network"), "$.network", errors, dir,
                    FileSource.within(dir, false));
            errors.throwIfAny();
            String svg = TopologyDiagram.svg((TopologyNetwork) m.topology(), p.title());
            Path file = IMAGES.resolve(p.file());
            if (write) {
                Files.writeString(file, svg);
            }
            assertTrue(Files.exists(file), file + " is missing: run with -Dlcpsim.pictures.write=true");
            assertEquals(svg, Files.readString(file), p.file() + " is not the drawing of its topology");
            assertTrue(doc.contains("](images/" + p.file() + ")"), "docs/network-models.md shows " + p.file());
        }
    }

    @Test
    void theDrawingIsTheSameEveryTime() {
        TopologyNetwork t = (TopologyNetwork) ((FlowNetworkModel) NetworkSpecs.bind(Yaml.parse(
                "preset: wifi-cells\ncells: 3\n", "p.yaml"), "$", new Errors())).topology();
        String a = TopologyDiagram.svg(t, "three cells");
        assertEquals(a, TopologyDiagram.svg(t, "three cells"));
        assertTrue(a.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), a);
        for (String n : List.of("switch", "ap0", "ap1", "ap2", "d0", "d11", "source", "cell2", "uplink2")) {
            assertTrue(a.contains(">" + n + "<") || a.contains(">" + n + ":"), n + " is drawn");
        }
    }
}

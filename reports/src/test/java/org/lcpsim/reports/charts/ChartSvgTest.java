package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.lcpsim.reports.Fixtures;
import org.lcpsim.results.PointResult;

/** The SVG that Batik writes for a chart: valid, sized, deterministic, text as text, every series drawn. */
class ChartSvgTest {
    static List<PointResult> points() {
        return List.of(Fixtures.point(0).single().latency(400, 5).build(),
                Fixtures.point(1).lcp(2, 0).latency(250, 4).build(),
                Fixtures.point(2).lcp(4, 0).latency(180, 3).build(),
                Fixtures.point(3).lcp(8, 0).latency(150, 2).build());
    }

    @Test
    void isAStandaloneSvgDocumentOfTheChartsSizeWithoutDoctype() throws Exception {
        Chart c = LatencyChart.create(points(), LatencyChart.Scale.LINEAR).orElseThrow();
        String svg = c.svg();
        assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), svg.substring(0, 80));
        assertFalse(svg.contains("<!DOCTYPE"), "no DTD to fetch");
        assertFalse(svg.contains("http://www.w3.org/TR/"), "no DTD to fetch");
        Document d = Rendered.parse(svg);
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(Integer.toString(c.widthPx()), root.getAttribute("width"));
        assertEquals(Integer.toString(c.heightPx()), root.getAttribute("height"));
    }

    @Test
    void theSameChartGivesTheSameBytes() {
        String a = LatencyChart.create(points(), LatencyChart.Scale.LINEAR).orElseThrow().svg();
        String b = LatencyChart.create(points(), LatencyChart.Scale.LINEAR).orElseThrow().svg();
        assertEquals(a, b);
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals(a, LatencyChart.create(points(), LatencyChart.Scale.LINEAR).orElseThrow().svg(),
                    "numbers are written the same in every locale");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void textStaysTextAndEverySeriesIsDrawnInItsColour() throws Exception {
        Chart c = LatencyChart.create(points(), LatencyChart.Scale.LINEAR).orElseThrow();
        Document d = Rendered.parse(c.svg());
        List<String> texts = Rendered.texts(d);
        assertTrue(texts.contains("Latency per configuration"), texts.toString());
        assertTrue(texts.contains("latency per inference (ms), linear scale"), "the rotated axis label is text: " + texts);
        // each bar, and its legend swatch, in its series' colour
        List<String> fills = new ArrayList<>();
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            fills.add(((Element) all.item(i)).getAttribute("fill").toLowerCase(Locale.ROOT));
        }
        var data = LatencyChart.dataset(points());
        var palette = Theme.palette(data.getRowCount());
        for (int r = 0; r < data.getRowCount(); r++) {
            java.awt.Color p = palette.get(r);
            String rgb = "rgb(" + p.getRed() + "," + p.getGreen() + "," + p.getBlue() + ")";
            assertTrue(fills.stream().filter(rgb::equals).count() >= 2, data.getRowKey(r) + " (" + rgb + ") bar and legend");
        }
    }

    @Test
    void controlCharactersInLabelsKeepTheDocumentXml() throws Exception {
        List<PointResult> points = List.of(Fixtures.point(0).model("net\u0001work").single().latency(10, 1).build(),
                Fixtures.point(1).model("net\u0001work").lcp(2, 0).latency(8, 1).build());
        Chart c = LatencyChart.create(points, LatencyChart.Scale.LINEAR).orElseThrow();
        Rendered.parse(c.svg());
    }
}

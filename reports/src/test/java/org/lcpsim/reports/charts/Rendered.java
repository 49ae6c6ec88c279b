package org.lcpsim.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Renders a chart headless to PNG and SVG and checks what a reader would see: the PNG decodes
 * at twice the chart's size (HiDPI) and is not blank, the SVG is well-formed XML of the same size, and the
 * given texts (title, axis labels with units, legend entries) are drawn in it.
 */
public final class Rendered {
    private Rendered() {
    }

    public record Files2(BufferedImage png, Document svg, List<String> texts) {
        public long count(String element) {
            return svg.getElementsByTagName(element).getLength();
        }
    }

    public static Files2 check(Chart chart, Path dir, String... texts) throws Exception {
        List<Path> files = chart.write(dir);
        assertEquals(List.of(dir.resolve(chart.name() + ".png"), dir.resolve(chart.name() + ".svg")), files);
        BufferedImage png = ImageIO.read(files.get(0).toFile());
        assertEquals(chart.widthPx() * Chart.PNG_SCALE, png.getWidth(), "HiDPI PNG");
        assertEquals(chart.heightPx() * Chart.PNG_SCALE, png.getHeight(), "HiDPI PNG");
        assertTrue(colours(png) > 8, "the PNG looks blank: " + colours(png) + " colours");
        Document svg = parse(Files.readString(files.get(1)));
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals(Integer.toString(chart.widthPx()), root.getAttribute("width"));
        assertEquals(Integer.toString(chart.heightPx()), root.getAttribute("height"));
        List<String> drawn = texts(svg);
        for (String t : texts) {
            assertTrue(drawn.contains(t), "'" + t + "' is not drawn in the SVG; texts: " + drawn);
        }
        return new Files2(png, svg, drawn);
    }

    public static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    public static List<String> texts(Document svg) {
        List<String> out = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    static int colours(BufferedImage img) throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
                if (seen.size() > 64) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }
}

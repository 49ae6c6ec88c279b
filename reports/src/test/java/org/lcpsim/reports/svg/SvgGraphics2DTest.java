package org.lcpsim.reports.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.StringReader;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class SvgGraphics2DTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static Element only(Document d, String tag) {
        NodeList l = d.getElementsByTagName(tag);
        assertEquals(1, l.getLength(), "expected one <" + tag + ">");
        return (Element) l.item(0);
    }

    @Test
    void filledShapesAreTransformedToDeviceSpaceWithColourAndAlpha() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(200, 100);
        g.translate(10, 20);
        g.scale(2, 2);
        g.setPaint(new Color(0x11, 0x22, 0x33, 128));
        g.fill(new Rectangle2D.Double(1, 2, 3, 4));
        Document d = parse(g.svg());
        Element svg = d.getDocumentElement();
        assertEquals("200", svg.getAttribute("width"));
        assertEquals("0 0 200 100", svg.getAttribute("viewBox"));
        Element path = only(d, "path");
        // (1,2)-(4,6) scaled by 2 and moved by (10,20)
        assertEquals("M12 24L18 24L18 32L12 32L12 24Z", path.getAttribute("d"));
        assertEquals("#112233", path.getAttribute("fill"));
        assertEquals("0.5", path.getAttribute("fill-opacity"));
        assertEquals("", path.getAttribute("transform"));
    }

    @Test
    void strokesKeepWidthDashesAndCapsScaledByTheTransform() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        g.scale(3, 3);
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_BEVEL, 10f, new float[] {4f, 2f}, 1f));
        g.drawLine(0, 0, 10, 0);
        Element path = only(parse(g.svg()), "path");
        assertEquals("none", path.getAttribute("fill"));
        assertEquals("#ff0000", path.getAttribute("stroke"));
        assertEquals("6", path.getAttribute("stroke-width"));
        assertEquals("12,6", path.getAttribute("stroke-dasharray"));
        assertEquals("3", path.getAttribute("stroke-dashoffset"));
        assertEquals("round", path.getAttribute("stroke-linecap"));
        assertEquals("bevel", path.getAttribute("stroke-linejoin"));
        assertEquals("M0 0L30 0", path.getAttribute("d"));
    }

    @Test
    void textKeepsItsTransformFontAndEscapes() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLUE);
        g.rotate(-Math.PI / 2, 50, 50);
        g.drawString("latency <ms> & \"x\"", 50f, 50f);
        Element text = only(parse(g.svg()), "text");
        assertEquals("latency <ms> & \"x\"", text.getTextContent());
        assertEquals("50", text.getAttribute("x"));
        assertEquals("bold", text.getAttribute("font-weight"));
        assertEquals("14", text.getAttribute("font-size"));
        assertTrue(text.getAttribute("font-family").startsWith("DejaVu Sans"), text.getAttribute("font-family"));
        assertEquals("#0000ff", text.getAttribute("fill"));
        // a quarter turn counter-clockwise about (50, 50): matrix(0 -1 1 0 0 100)
        assertEquals("matrix(0 -1 1 0 0 100)", text.getAttribute("transform"));
    }

    @Test
    void clippedElementsShareOneGroupAndOneClipPath() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        g.fillRect(0, 0, 5, 5);
        g.translate(10, 10);
        g.clip(new Rectangle2D.Double(0, 0, 50, 40));
        g.fillRect(1, 1, 2, 2);
        Graphics2D copy = (Graphics2D) g.create();
        copy.fillRect(3, 3, 2, 2);
        copy.dispose();
        g.setClip(null);
        g.fillRect(4, 4, 1, 1);
        Document d = parse(g.svg());
        Element clip = only(d, "clipPath");
        assertEquals("M10 10L60 10L60 50L10 50L10 10Z", ((Element) clip.getElementsByTagName("path").item(0)).getAttribute("d"));
        Element group = only(d, "g");
        assertEquals("url(#" + clip.getAttribute("id") + ")", group.getAttribute("clip-path"));
        assertEquals(2, group.getElementsByTagName("path").getLength(), "both clipped rectangles, in one group");
        assertEquals(5, d.getElementsByTagName("path").getLength(), "4 rectangles + the clip path");
    }

    @Test
    void clipIsReportedInUserSpaceAndIntersects() {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        g.translate(5, 5);
        g.clip(new Rectangle2D.Double(0, 0, 20, 20));
        g.clip(new Rectangle2D.Double(10, 10, 20, 20));
        assertEquals(new Rectangle2D.Double(10, 10, 10, 10), g.getClip().getBounds2D());
        assertEquals(new java.awt.Rectangle(10, 10, 10, 10), g.getClipBounds());
    }

    @Test
    void gradientsBecomeDefinitions() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        g.setPaint(new GradientPaint(0, 0, Color.WHITE, 10, 0, Color.BLACK));
        g.fillRect(0, 0, 10, 10);
        g.fillRect(20, 0, 10, 10);
        Document d = parse(g.svg());
        Element grad = only(d, "linearGradient");
        assertEquals(2, grad.getElementsByTagName("stop").getLength());
        NodeList paths = d.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            assertEquals("url(#" + grad.getAttribute("id") + ")", ((Element) paths.item(i)).getAttribute("fill"));
        }
    }

    @Test
    void imagesAreEmbeddedAsPng() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        g.drawImage(img, 7, 8, null);
        Element image = only(parse(g.svg()), "image");
        assertEquals("4", image.getAttribute("width"));
        assertEquals("matrix(1 0 0 1 7 8)", image.getAttribute("transform"));
        assertTrue(image.getAttributeNS("http://www.w3.org/1999/xlink", "href").startsWith("data:image/png;base64,"));
    }

    @Test
    void fontMetricsMatchJavasOwn() {
        SvgGraphics2D g = new SvgGraphics2D(100, 100);
        Font f = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Graphics2D raster = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        raster.setRenderingHint(java.awt.RenderingHints.KEY_FRACTIONALMETRICS, java.awt.RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        raster.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        assertEquals(raster.getFontMetrics(f).getStringBounds("latency (ms)", raster).getWidth(),
                g.getFontMetrics(f).getStringBounds("latency (ms)", g).getWidth(), 1e-9);
    }

    @Test
    void numbersAreShortAndLocaleFree() {
        assertEquals("0", SvgGraphics2D.num(0.001));
        assertEquals("1.5", SvgGraphics2D.num(1.5));
        assertEquals("-0.05", SvgGraphics2D.num(-0.05));
        assertEquals("12.35", SvgGraphics2D.num(12.345678));
        assertEquals("100", SvgGraphics2D.num(99.999));
        assertEquals("0", SvgGraphics2D.num(Double.NaN));
    }

    @Test
    void controlCharactersAreDroppedSoTheDocumentStaysXml() throws Exception {
        SvgGraphics2D g = new SvgGraphics2D(10, 10);
        g.drawString("a\u0001b", 1f, 1f);
        assertEquals("ab", only(parse(g.svg()), "text").getTextContent());
    }
}

package org.lcpsim.reports.charts;

import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A chart ready to be written: a file name (without extension), a caption saying what it shows
 * and how to read it, the JFreeChart, and its size in CSS pixels. {@link #write} renders it as
 * PNG (viewing, slides) at {@link #PNG_SCALE} times that size, sharp on HiDPI screens, and as SVG
 * (papers) through Apache Batik's SVGGraphics2D, text kept as text.
 */
public record Chart(String name, String title, String caption, JFreeChart chart, int widthPx, int heightPx) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Device pixels per CSS pixel of the PNG: the page shows it at widthPx x heightPx. */
    public static final int PNG_SCALE = 2;
    /** Batik writes an SVG 1.0 DOCTYPE naming a DTD on the web: the file is valid SVG without it. */
    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE svg[^>]*>\\s*");

    static {
        // JFreeChart draws rotated text (the y-axis labels) as glyph outlines by default, a workaround
        // for a JDK 1.4 bug: in an SVG that turns words into unsearchable, uneditable paths. Every
        // JDK lcpsim runs on draws rotated strings correctly, so this process-wide switch is set once.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    public Chart {
        Objects.requireNonNull(chart, "chart");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("chart file name must be lowercase letters, digits, '.', '_', '-': " + name);
        }
        if (widthPx < 100 || heightPx < 100) {
            throw new IllegalArgumentException("chart too small: " + widthPx + "x" + heightPx);
        }
    }

    public String pngName() {
        return name + ".png";
    }

    public String svgName() {
        return name + ".svg";
    }

    /** Writes DIR/NAME.png (at {@link #PNG_SCALE}x) and DIR/NAME.svg; returns both paths. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(pngName());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(png))) {
            ChartUtils.writeScaledChartAsPNG(out, chart, widthPx, heightPx, PNG_SCALE, PNG_SCALE);
        }
        Path svg = dir.resolve(svgName());
        Files.writeString(svg, svg(), StandardCharsets.UTF_8);
        return List.of(png, svg);
    }

    /**
     * The chart as an SVG document (UTF-8, no DOCTYPE): the same input gives the same bytes,
     * since Batik numbers its definitions per document and formats numbers in a fixed locale.
     */
    public String svg() {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVGGraphics2D.SVG_NAMESPACE_URI, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM implementation", e);
        }
        SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
        ctx.setComment(null);
        ctx.setEmbeddedFontsOn(false);
        ctx.setPrecision(3);
        SVGGraphics2D g = new SVGGraphics2D(ctx, false);
        g.setSVGCanvasSize(new Dimension(widthPx, heightPx));
        chart.draw(g, new Rectangle2D.Double(0, 0, widthPx, heightPx));
        StringWriter out = new StringWriter(64 * 1024);
        try {
            Element root = g.getRoot();
            dropControlCharacters(root);
            g.stream(root, out, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            g.dispose();
        }
        String xml = DOCTYPE.matcher(out.toString()).replaceFirst("");
        return xml.replaceFirst("^<\\?xml version=\"1.0\"\\?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    /** Characters XML 1.0 does not allow (a model name may hold one) would make the file unreadable. */
    private static void dropControlCharacters(Node n) {
        if (n.getNodeType() == Node.TEXT_NODE) {
            String v = n.getNodeValue();
            String clean = v.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "");
            if (!clean.equals(v)) {
                n.setNodeValue(clean);
            }
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            dropControlCharacters(c);
        }
    }
}

package org.lcpsim.reports.charts;

import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;

import org.lcpsim.reports.svg.SvgGraphics2D;

/**
 * A chart ready to be written: a file name (without extension), a caption saying what it shows
 * and how to read it, the JFreeChart, and its size. {@link #write} renders it as PNG (viewing,
 * slides) and SVG (papers).
 */
public record Chart(String name, String title, String caption, JFreeChart chart, int widthPx, int heightPx) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

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

    /** Writes DIR/NAME.png and DIR/NAME.svg; returns both paths. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(pngName());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, widthPx, heightPx);
        Path svg = dir.resolve(svgName());
        Files.writeString(svg, svg(), StandardCharsets.UTF_8);
        return List.of(png, svg);
    }

    /** The chart as an SVG document. */
    public String svg() {
        SvgGraphics2D g = new SvgGraphics2D(widthPx, heightPx);
        chart.draw(g, new Rectangle2D.Double(0, 0, widthPx, heightPx));
        return g.svg();
    }
}

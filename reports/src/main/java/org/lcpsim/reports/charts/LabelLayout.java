package org.lcpsim.reports.charts;

import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text a chart draws, measured as the PNG draws it: every string with the box its glyphs
 * cover (CSS pixels, rotation included), and the problems a reader would see: two labels that
 * overlap, a label cut by the edge of the chart or by a clip, a label JFreeChart shortened with
 * "...". The tests check every chart of a large sweep and of the shipped examples with it.
 */
public final class LabelLayout {
    /** Overlaps and cuts smaller than this (CSS pixels) are antialiasing, not a problem. */
    static final double SLACK = 0.5;

    private LabelLayout() {
    }

    /** A string as drawn: text, the box of its glyphs, its bounds, and whether a clip cut it. */
    public record Label(String text, Shape box, Rectangle2D bounds, boolean clipped) {
    }

    /** Every string the chart draws, in drawing order. */
    public static List<Label> labels(Chart c) {
        int s = Chart.PNG_SCALE;
        BufferedImage img = new BufferedImage(c.widthPx() * s, c.heightPx() * s, BufferedImage.TYPE_INT_ARGB);
        Graphics2D raster = img.createGraphics();
        raster.scale(s, s);
        List<TextRecorder.Drawn> drawn = new ArrayList<>();
        TextRecorder g = new TextRecorder(raster, drawn);
        try {
            c.chart().draw(g, new Rectangle2D.Double(0, 0, c.widthPx(), c.heightPx()));
        } finally {
            g.dispose();
        }
        AffineTransform toCss = AffineTransform.getScaleInstance(1.0 / s, 1.0 / s);
        List<Label> out = new ArrayList<>(drawn.size());
        for (TextRecorder.Drawn d : drawn) {
            Shape box = toCss.createTransformedShape(d.box());
            out.add(new Label(d.text(), box, box.getBounds2D(), d.clipped()));
        }
        return out;
    }

    /** What a reader would see wrong, one line each; empty when every label is whole and apart. */
    public static List<String> problems(Chart c) {
        List<Label> labels = labels(c);
        List<String> out = new ArrayList<>();
        Rectangle2D page = new Rectangle2D.Double(-SLACK, -SLACK, c.widthPx() + 2 * SLACK, c.heightPx() + 2 * SLACK);
        for (Label l : labels) {
            if (l.clipped()) {
                out.add("cut by a clip: '" + l.text() + "' at " + where(l.bounds()));
            } else if (!page.contains(l.bounds())) {
                out.add("cut by the edge of the chart: '" + l.text() + "' at " + where(l.bounds()));
            }
            if (l.text().endsWith("...") || l.text().endsWith("…")) {
                out.add("shortened: '" + l.text() + "'");
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Label a = labels.get(i);
                Label b = labels.get(j);
                Rectangle2D both = a.bounds().createIntersection(b.bounds());
                if (both.getWidth() <= SLACK || both.getHeight() <= SLACK) {
                    continue;
                }
                Area overlap = new Area(a.box());
                overlap.intersect(new Area(b.box()));
                Rectangle2D o = overlap.getBounds2D();
                if (!overlap.isEmpty() && o.getWidth() > SLACK && o.getHeight() > SLACK) {
                    out.add("overlap: '" + a.text() + "' at " + where(a.bounds()) + " and '" + b.text() + "' at "
                            + where(b.bounds()));
                }
            }
        }
        return out;
    }

    private static String where(Rectangle2D r) {
        return String.format(Locale.ROOT, "(%.1f, %.1f, %.1f x %.1f)", r.getX(), r.getY(), r.getWidth(), r.getHeight());
    }
}

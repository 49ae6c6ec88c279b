package org.lcpsim.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look of every lcpsim chart: white background, light grid, flat bars, no shadows,
 * DejaVu Sans (Java's SansSerif on the machines lcpsim runs on) and the Okabe-Ito palette,
 * which stays distinguishable for colour-blind readers and in greyscale print.
 */
public final class Theme {
    /**
     * Okabe-Ito, then darker tones for charts with more than eight series; {@link #palette}
     * continues it with generated colours, so no colour repeats within a chart whatever the
     * number of series.
     */
    public static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000),
        new Color(0x4D4D4D), new Color(0x8C564B), new Color(0x17BECF), new Color(0x7F7F00)
    };
    public static final Color GRID = new Color(0xDDDDDD);
    public static final Color TEXT = new Color(0x222222);
    public static final Color MUTED = new Color(0x777777);
    public static final Color ALERT = new Color(0xC0392B);
    public static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 220);
    public static final String FONT = Font.SANS_SERIF;
    public static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    /** The first colours of {@link #palette}, given to every plot's drawing supplier. */
    static final int SUPPLIED = 256;
    private static final List<Color> SEQUENCE = generate(SUPPLIED);
    private static final StandardChartTheme THEME = build();

    private Theme() {
    }

    private static StandardChartTheme build() {
        StandardChartTheme t = new StandardChartTheme("lcpsim", false);
        t.setExtraLargeFont(new Font(FONT, Font.BOLD, 18));
        t.setLargeFont(new Font(FONT, Font.BOLD, 14));
        t.setRegularFont(new Font(FONT, Font.PLAIN, 12));
        t.setSmallFont(new Font(FONT, Font.PLAIN, 10));
        t.setTitlePaint(TEXT);
        t.setSubtitlePaint(MUTED);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setLegendItemPaint(TEXT);
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setPlotOutlinePaint(new Color(0xBBBBBB));
        t.setDomainGridlinePaint(GRID);
        t.setRangeGridlinePaint(GRID);
        t.setAxisLabelPaint(TEXT);
        t.setTickLabelPaint(TEXT);
        t.setItemLabelPaint(TEXT);
        t.setAxisOffset(RectangleInsets.ZERO_INSETS);
        t.setShadowVisible(false);
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        Paint[] paints = SEQUENCE.toArray(new Paint[0]);
        t.setDrawingSupplier(new DefaultDrawingSupplier(paints, paints.clone(), paints.clone(),
                new Stroke[] {new BasicStroke(2f)}, new Stroke[] {new BasicStroke(1f)}, shapes()));
        return t;
    }

    private static Shape[] shapes() {
        return new Shape[] {
            new Ellipse2D.Double(-4, -4, 8, 8), new Rectangle2D.Double(-3.5, -3.5, 7, 7),
            DefaultDrawingSupplier.createStandardSeriesShapes()[2], DefaultDrawingSupplier.createStandardSeriesShapes()[3]
        };
    }

    /** Applies the theme; call before setting per-series paints, which the theme would reset. */
    public static JFreeChart apply(JFreeChart chart) {
        THEME.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        return chart;
    }

    /** The i-th colour of {@link #palette}: distinct from every other index. */
    public static Color color(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("colour index " + i);
        }
        return i < SEQUENCE.size() ? SEQUENCE.get(i) : palette(i + 1).get(i);
    }

    /**
     * n distinct colours: the colour-blind-safe base palette first, then hues spread by the
     * golden angle over three saturation/brightness levels, each checked against the colours
     * before it. The first k colours are the same for every n >= k, so a series keeps its colour
     * when another is added.
     */
    public static List<Color> palette(int n) {
        if (n <= SEQUENCE.size()) {
            return SEQUENCE.subList(0, Math.max(0, n));
        }
        return generate(n);
    }

    private static List<Color> generate(int n) {
        List<Color> out = new ArrayList<>(n);
        Set<Integer> used = new HashSet<>();
        for (Color c : PALETTE) {
            if (out.size() == n) {
                return out;
            }
            out.add(c);
            used.add(c.getRGB());
        }
        float[][] levels = {{0.70f, 0.80f}, {0.55f, 0.55f}, {0.90f, 0.62f}, {0.35f, 0.70f}};
        for (int k = 0; out.size() < n; k++) {
            float hue = (float) ((0.11 + k * 0.6180339887498949) % 1.0);
            float[] level = levels[k % levels.length];
            Color c = Color.getHSBColor(hue, level[0], level[1]);
            if (used.add(c.getRGB())) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** A lighter tint of a palette colour, for the non-highlighted twin of a series. */
    public static Color tint(Color c, double towardsWhite) {
        return new Color((int) Math.round(c.getRed() + (255 - c.getRed()) * towardsWhite),
                (int) Math.round(c.getGreen() + (255 - c.getGreen()) * towardsWhite),
                (int) Math.round(c.getBlue() + (255 - c.getBlue()) * towardsWhite));
    }

    /**
     * A log axis ticked at powers of ten with unlabelled minor ticks between: JFreeChart's
     * default steps of 10^0.2 give labels such as 158.489 that nobody can read.
     */
    public static org.jfree.chart.axis.LogAxis decades(org.jfree.chart.axis.LogAxis a) {
        a.setBase(10);
        a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0, format("#,##0.###"), 10));
        a.setMinorTickMarksVisible(true);
        a.setMinorTickCount(10);
        a.setNumberFormatOverride(format("#,##0.###"));
        return a;
    }

    /** A locale-free number format, so charts read the same on every machine. */
    public static java.text.DecimalFormat format(String pattern) {
        return new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    }

    public static Font font(int style, float size) {
        return new Font(FONT, style, Math.round(size));
    }
}

package org.lcpsim.reports.svg;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.ImageObserver;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * A {@link Graphics2D} that records what is drawn as an SVG document, so that JFreeChart (or any
 * Java2D code) can draw vector charts for papers.
 *
 * <p>Why not JFreeSVG: it is GPLv3 (lcpsim ships a shaded jar and does not want that licence
 * on it), it is not in the registry this project builds from, and JFreeChart 1.5's
 * {@code ExportUtils.writeAsSVG} breaks against JFreeSVG 5.x anyway. Charts need a small part
 * of Java2D: filled and stroked shapes, text, clips, transforms, colours with alpha and the
 * occasional gradient or image, which this class covers.
 *
 * <p>How: shapes are transformed to device space here, so an element never carries a transform
 * and clip paths (also kept in device space) apply to it unchanged; stroke widths are scaled by
 * the transform's mean scale. Text keeps the transform as an attribute because glyphs must stay
 * glyphs (selectable, editable in a paper). Clipped elements are wrapped in a group carrying
 * the clip, one group per run of elements with the same clip. Text is measured with Java's
 * fonts (JFreeChart lays out with {@link #getFontMetrics}); the SVG names the same family
 * first, then generic fallbacks. Copies made by {@link #create()} write into the same document
 * with their own state, as Java2D requires.
 */
public final class SvgGraphics2D extends Graphics2D {
    private final Document doc;
    private AffineTransform transform = new AffineTransform();
    private Shape clip; // device space, null = none
    private Paint paint = Color.BLACK;
    private Color color = Color.BLACK;
    private Color background = Color.WHITE;
    private Stroke stroke = new BasicStroke(1f);
    private Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private Composite composite = AlphaComposite.SrcOver;
    private final RenderingHints hints;

    public SvgGraphics2D(int widthPx, int heightPx) {
        if (widthPx <= 0 || heightPx <= 0) {
            throw new IllegalArgumentException("SVG size must be positive: " + widthPx + "x" + heightPx);
        }
        this.doc = new Document(widthPx, heightPx);
        this.hints = new RenderingHints(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        hints.put(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        hints.put(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    private SvgGraphics2D(SvgGraphics2D parent) {
        this.doc = parent.doc;
        this.transform = new AffineTransform(parent.transform);
        this.clip = parent.clip;
        this.paint = parent.paint;
        this.color = parent.color;
        this.background = parent.background;
        this.stroke = parent.stroke;
        this.font = parent.font;
        this.composite = parent.composite;
        this.hints = (RenderingHints) parent.hints.clone();
    }

    /** The complete SVG document of everything drawn so far, by this graphics and its copies. */
    public String svg() {
        return doc.finish();
    }

    // ---------------------------------------------------------------- drawing

    @Override
    public void draw(Shape s) {
        if (!(stroke instanceof BasicStroke bs)) {
            // an arbitrary Stroke has no SVG equivalent: fill the outline it produces instead
            fill(stroke.createStrokedShape(s));
            return;
        }
        String d = path(s);
        if (d.isEmpty()) {
            return;
        }
        double scale = Math.sqrt(Math.abs(transform.getDeterminant()));
        StringBuilder b = new StringBuilder("<path d=\"").append(d).append("\" fill=\"none\"");
        paintAttributes(b, "stroke");
        b.append(" stroke-width=\"").append(num(Math.max(bs.getLineWidth() * scale, 0.01))).append('"');
        if (bs.getEndCap() != BasicStroke.CAP_BUTT) {
            b.append(" stroke-linecap=\"").append(bs.getEndCap() == BasicStroke.CAP_ROUND ? "round" : "square").append('"');
        }
        if (bs.getLineJoin() != BasicStroke.JOIN_MITER) {
            b.append(" stroke-linejoin=\"").append(bs.getLineJoin() == BasicStroke.JOIN_ROUND ? "round" : "bevel").append('"');
        } else if (bs.getMiterLimit() != 4f) {
            b.append(" stroke-miterlimit=\"").append(num(Math.max(1, bs.getMiterLimit()))).append('"');
        }
        float[] dash = bs.getDashArray();
        if (dash != null && dash.length > 0) {
            b.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                b.append(i == 0 ? "" : ",").append(num(dash[i] * scale));
            }
            b.append('"');
            if (bs.getDashPhase() != 0) {
                b.append(" stroke-dashoffset=\"").append(num(bs.getDashPhase() * scale)).append('"');
            }
        }
        doc.element(clipId(), b.append("/>").toString());
    }

    @Override
    public void fill(Shape s) {
        String d = path(s);
        if (d.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("<path d=\"").append(d).append('"');
        if (s.getPathIterator(null).getWindingRule() == PathIterator.WIND_EVEN_ODD) {
            b.append(" fill-rule=\"evenodd\"");
        }
        paintAttributes(b, "fill");
        doc.element(clipId(), b.append("/>").toString());
    }

    @Override
    public void drawString(String str, float x, float y) {
        if (str == null || str.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
        if (!transform.isIdentity()) {
            double[] m = new double[6];
            transform.getMatrix(m);
            b.append(" transform=\"matrix(");
            for (int i = 0; i < 6; i++) {
                b.append(i == 0 ? "" : " ").append(num(m[i]));
            }
            b.append(")\"");
        }
        b.append(" font-family=\"").append(escape(family(font))).append('"');
        b.append(" font-size=\"").append(num(font.getSize2D())).append('"');
        if (font.isBold()) {
            b.append(" font-weight=\"bold\"");
        }
        if (font.isItalic()) {
            b.append(" font-style=\"italic\"");
        }
        paintAttributes(b, "fill");
        b.append(" xml:space=\"preserve\">").append(escape(str)).append("</text>");
        doc.element(clipId(), b.toString());
    }

    @Override
    public void drawString(String str, int x, int y) {
        drawString(str, (float) x, (float) y);
    }

    @Override
    public void drawString(AttributedCharacterIterator iterator, float x, float y) {
        // attributes (sub/superscripts, mixed fonts) are rare in charts: the text in the current font
        StringBuilder s = new StringBuilder();
        for (char c = iterator.first(); c != CharacterIterator.DONE; c = iterator.next()) {
            s.append(c);
        }
        drawString(s.toString(), x, y);
    }

    @Override
    public void drawString(AttributedCharacterIterator iterator, int x, int y) {
        drawString(iterator, (float) x, (float) y);
    }

    @Override
    public void drawGlyphVector(GlyphVector g, float x, float y) {
        fill(g.getOutline(x, y));
    }

    @Override
    public boolean drawImage(Image img, AffineTransform xform, ImageObserver obs) {
        BufferedImage bi = buffered(img);
        if (bi == null) {
            return false;
        }
        AffineTransform t = new AffineTransform(transform);
        if (xform != null) {
            t.concatenate(xform);
        }
        double[] m = new double[6];
        t.getMatrix(m);
        StringBuilder b = new StringBuilder("<image width=\"").append(bi.getWidth()).append("\" height=\"")
                .append(bi.getHeight()).append("\" transform=\"matrix(");
        for (int i = 0; i < 6; i++) {
            b.append(i == 0 ? "" : " ").append(num(m[i]));
        }
        b.append(")\" xlink:href=\"data:image/png;base64,").append(png(bi)).append("\"/>");
        doc.element(clipId(), b.toString());
        return true;
    }

    @Override
    public void drawImage(BufferedImage img, BufferedImageOp op, int x, int y) {
        BufferedImage filtered = op == null ? img : op.filter(img, null);
        drawImage(filtered, AffineTransform.getTranslateInstance(x, y), null);
    }

    @Override
    public void drawRenderedImage(RenderedImage img, AffineTransform xform) {
        if (img instanceof BufferedImage bi) {
            drawImage(bi, xform, null);
        }
    }

    @Override
    public void drawRenderableImage(RenderableImage img, AffineTransform xform) {
        drawRenderedImage(img.createDefaultRendering(), xform);
    }

    @Override
    public boolean drawImage(Image img, int x, int y, ImageObserver observer) {
        return drawImage(img, AffineTransform.getTranslateInstance(x, y), observer);
    }

    @Override
    public boolean drawImage(Image img, int x, int y, int width, int height, ImageObserver observer) {
        BufferedImage bi = buffered(img);
        if (bi == null) {
            return false;
        }
        AffineTransform t = AffineTransform.getTranslateInstance(x, y);
        t.scale((double) width / bi.getWidth(), (double) height / bi.getHeight());
        return drawImage(bi, t, observer);
    }

    @Override
    public boolean drawImage(Image img, int x, int y, Color bgcolor, ImageObserver observer) {
        BufferedImage bi = buffered(img);
        if (bi == null) {
            return false;
        }
        return drawImage(img, x, y, bi.getWidth(), bi.getHeight(), bgcolor, observer);
    }

    @Override
    public boolean drawImage(Image img, int x, int y, int width, int height, Color bgcolor, ImageObserver observer) {
        Paint saved = paint;
        setPaint(bgcolor);
        fillRect(x, y, width, height);
        setPaint(saved);
        return drawImage(img, x, y, width, height, observer);
    }

    @Override
    public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1, int sx2, int sy2,
                             ImageObserver observer) {
        BufferedImage bi = buffered(img);
        if (bi == null || sx2 <= sx1 || sy2 <= sy1) {
            return false;
        }
        BufferedImage part = bi.getSubimage(sx1, sy1, Math.min(sx2, bi.getWidth()) - sx1, Math.min(sy2, bi.getHeight()) - sy1);
        return drawImage(part, dx1, dy1, dx2 - dx1, dy2 - dy1, observer);
    }

    @Override
    public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1, int sx2, int sy2,
                             Color bgcolor, ImageObserver observer) {
        Paint saved = paint;
        setPaint(bgcolor);
        fillRect(Math.min(dx1, dx2), Math.min(dy1, dy2), Math.abs(dx2 - dx1), Math.abs(dy2 - dy1));
        setPaint(saved);
        return drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, observer);
    }

    @Override
    public void drawLine(int x1, int y1, int x2, int y2) {
        draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void fillRect(int x, int y, int width, int height) {
        fill(new Rectangle(x, y, width, height));
    }

    @Override
    public void clearRect(int x, int y, int width, int height) {
        Paint saved = paint;
        Composite savedComposite = composite;
        paint = background;
        composite = AlphaComposite.SrcOver;
        fillRect(x, y, width, height);
        paint = saved;
        composite = savedComposite;
    }

    @Override
    public void drawRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
        draw(new RoundRectangle2D.Double(x, y, width, height, arcWidth, arcHeight));
    }

    @Override
    public void fillRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
        fill(new RoundRectangle2D.Double(x, y, width, height, arcWidth, arcHeight));
    }

    @Override
    public void drawOval(int x, int y, int width, int height) {
        draw(new Ellipse2D.Double(x, y, width, height));
    }

    @Override
    public void fillOval(int x, int y, int width, int height) {
        fill(new Ellipse2D.Double(x, y, width, height));
    }

    @Override
    public void drawArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
        draw(new Arc2D.Double(x, y, width, height, startAngle, arcAngle, Arc2D.OPEN));
    }

    @Override
    public void fillArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
        fill(new Arc2D.Double(x, y, width, height, startAngle, arcAngle, Arc2D.PIE));
    }

    @Override
    public void drawPolyline(int[] xPoints, int[] yPoints, int nPoints) {
        if (nPoints < 2) {
            return;
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xPoints[0], yPoints[0]);
        for (int i = 1; i < nPoints; i++) {
            p.lineTo(xPoints[i], yPoints[i]);
        }
        draw(p);
    }

    @Override
    public void drawPolygon(int[] xPoints, int[] yPoints, int nPoints) {
        draw(new Polygon(xPoints, yPoints, nPoints));
    }

    @Override
    public void fillPolygon(int[] xPoints, int[] yPoints, int nPoints) {
        fill(new Polygon(xPoints, yPoints, nPoints));
    }

    @Override
    public void copyArea(int x, int y, int width, int height, int dx, int dy) {
        // a vector document has no pixels to copy; charts never call this
    }

    @Override
    public boolean hit(Rectangle rect, Shape s, boolean onStroke) {
        Shape shape = onStroke ? stroke.createStrokedShape(s) : s;
        Area area = new Area(transform.createTransformedShape(shape));
        if (clip != null) {
            area.intersect(new Area(clip));
        }
        return area.intersects(rect);
    }

    // ---------------------------------------------------------------- state

    @Override
    public Graphics create() {
        return new SvgGraphics2D(this);
    }

    @Override
    public void dispose() {
        // nothing held: the document belongs to the creator
    }

    @Override
    public GraphicsConfiguration getDeviceConfiguration() {
        return doc.scratch.getDeviceConfiguration();
    }

    @Override
    public void setComposite(Composite comp) {
        this.composite = comp == null ? AlphaComposite.SrcOver : comp;
    }

    @Override
    public Composite getComposite() {
        return composite;
    }

    @Override
    public void setPaint(Paint p) {
        if (p == null) {
            return;
        }
        this.paint = p;
        if (p instanceof Color c) {
            this.color = c;
        }
    }

    @Override
    public Paint getPaint() {
        return paint;
    }

    @Override
    public Color getColor() {
        return color;
    }

    @Override
    public void setColor(Color c) {
        if (c != null) {
            this.color = c;
            this.paint = c;
        }
    }

    @Override
    public void setPaintMode() {
        composite = AlphaComposite.SrcOver;
    }

    @Override
    public void setXORMode(Color c1) {
        // XOR painting has no SVG counterpart; charts do not use it
    }

    @Override
    public void setStroke(Stroke s) {
        if (s != null) {
            this.stroke = s;
        }
    }

    @Override
    public Stroke getStroke() {
        return stroke;
    }

    @Override
    public void setBackground(Color color) {
        this.background = color;
    }

    @Override
    public Color getBackground() {
        return background;
    }

    @Override
    public Font getFont() {
        return font;
    }

    @Override
    public void setFont(Font font) {
        if (font != null) {
            this.font = font;
        }
    }

    @Override
    public FontMetrics getFontMetrics(Font f) {
        return doc.scratch.getFontMetrics(f);
    }

    @Override
    public FontRenderContext getFontRenderContext() {
        return doc.scratch.getFontRenderContext();
    }

    @Override
    public void setRenderingHint(RenderingHints.Key hintKey, Object hintValue) {
        hints.put(hintKey, hintValue);
    }

    @Override
    public Object getRenderingHint(RenderingHints.Key hintKey) {
        return hints.get(hintKey);
    }

    @Override
    public void setRenderingHints(Map<?, ?> newHints) {
        hints.clear();
        hints.putAll(newHints);
    }

    @Override
    public void addRenderingHints(Map<?, ?> newHints) {
        hints.putAll(newHints);
    }

    @Override
    public RenderingHints getRenderingHints() {
        return (RenderingHints) hints.clone();
    }

    @Override
    public void translate(int x, int y) {
        transform.translate(x, y);
    }

    @Override
    public void translate(double tx, double ty) {
        transform.translate(tx, ty);
    }

    @Override
    public void rotate(double theta) {
        transform.rotate(theta);
    }

    @Override
    public void rotate(double theta, double x, double y) {
        transform.rotate(theta, x, y);
    }

    @Override
    public void scale(double sx, double sy) {
        transform.scale(sx, sy);
    }

    @Override
    public void shear(double shx, double shy) {
        transform.shear(shx, shy);
    }

    @Override
    public void transform(AffineTransform tx) {
        transform.concatenate(tx);
    }

    @Override
    public void setTransform(AffineTransform tx) {
        transform = tx == null ? new AffineTransform() : new AffineTransform(tx);
    }

    @Override
    public AffineTransform getTransform() {
        return new AffineTransform(transform);
    }

    // ---------------------------------------------------------------- clip (kept in device space)

    @Override
    public void clip(Shape s) {
        if (s == null) {
            return;
        }
        Shape device = transform.createTransformedShape(s);
        if (clip == null) {
            clip = device;
        } else if (clip instanceof Rectangle2D a && device instanceof Rectangle2D b) {
            clip = a.createIntersection(b);
        } else {
            Area area = new Area(clip);
            area.intersect(new Area(device));
            clip = area;
        }
    }

    @Override
    public void setClip(Shape s) {
        clip = s == null ? null : rectangleIfPossible(transform.createTransformedShape(s));
    }

    @Override
    public Shape getClip() {
        if (clip == null) {
            return null;
        }
        try {
            return transform.createInverse().createTransformedShape(clip);
        } catch (NoninvertibleTransformException e) {
            return null;
        }
    }

    @Override
    public Rectangle getClipBounds() {
        Shape c = getClip();
        return c == null ? null : c.getBounds();
    }

    @Override
    public void clipRect(int x, int y, int width, int height) {
        clip(new Rectangle(x, y, width, height));
    }

    @Override
    public void setClip(int x, int y, int width, int height) {
        setClip(new Rectangle(x, y, width, height));
    }

    private static Shape rectangleIfPossible(Shape s) {
        // transformed rectangles come back as paths; keep axis-aligned ones as rectangles
        if (s instanceof Path2D p) {
            Rectangle2D b = p.getBounds2D();
            if (new Area(p).equals(new Area(b))) {
                return b;
            }
        }
        return s;
    }

    private String clipId() {
        if (clip == null) {
            return null;
        }
        return doc.clip(pathOf(clip, null));
    }

    // ---------------------------------------------------------------- attributes

    private void paintAttributes(StringBuilder b, String attribute) {
        double alpha = 1.0;
        if (composite instanceof AlphaComposite ac) {
            alpha = ac.getAlpha();
        }
        if (paint instanceof Color c) {
            b.append(' ').append(attribute).append("=\"").append(hex(c)).append('"');
            alpha *= c.getAlpha() / 255.0;
        } else if (paint instanceof GradientPaint gp) {
            b.append(' ').append(attribute).append("=\"url(#").append(doc.gradient(gp, transform)).append(")\"");
        } else {
            // texture and multi-stop paints are not used by lcpsim's charts: a neutral grey keeps the shape visible
            b.append(' ').append(attribute).append("=\"#808080\"");
        }
        if (alpha < 1.0) {
            b.append(' ').append(attribute).append("-opacity=\"").append(num(alpha)).append('"');
        }
    }

    private String path(Shape s) {
        return pathOf(s, transform);
    }

    static String pathOf(Shape s, AffineTransform t) {
        StringBuilder b = new StringBuilder();
        double[] c = new double[6];
        PathIterator it = s.getPathIterator(t);
        while (!it.isDone()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> b.append('M').append(num(c[0])).append(' ').append(num(c[1]));
                case PathIterator.SEG_LINETO -> b.append('L').append(num(c[0])).append(' ').append(num(c[1]));
                case PathIterator.SEG_QUADTO -> b.append('Q').append(num(c[0])).append(' ').append(num(c[1])).append(' ')
                        .append(num(c[2])).append(' ').append(num(c[3]));
                case PathIterator.SEG_CUBICTO -> b.append('C').append(num(c[0])).append(' ').append(num(c[1])).append(' ')
                        .append(num(c[2])).append(' ').append(num(c[3])).append(' ').append(num(c[4])).append(' ')
                        .append(num(c[5]));
                case PathIterator.SEG_CLOSE -> b.append('Z');
                default -> throw new IllegalStateException("unknown path segment");
            }
            it.next();
        }
        return b.toString();
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Two decimals are a hundredth of a pixel: finer than any viewer resolves, and half the bytes of full precision. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        long hundredths = Math.round(v * 100);
        if (hundredths == 0) {
            return "0";
        }
        String sign = hundredths < 0 ? "-" : "";
        long a = Math.abs(hundredths);
        long whole = a / 100;
        long frac = a % 100;
        if (frac == 0) {
            return sign + whole;
        }
        return frac % 10 == 0 ? sign + whole + "." + frac / 10 : sign + whole + "." + (frac < 10 ? "0" : "") + frac;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Java's logical families resolve to DejaVu on the machines lcpsim runs on; SVG viewers need real names. */
    static String family(Font f) {
        String name = f.getFamily(Locale.ROOT);
        return switch (name) {
            case Font.SANS_SERIF, Font.DIALOG, Font.DIALOG_INPUT -> "DejaVu Sans, Verdana, Arial, sans-serif";
            case Font.SERIF -> "DejaVu Serif, Georgia, serif";
            case Font.MONOSPACED -> "DejaVu Sans Mono, monospace";
            default -> name + ", sans-serif";
        };
    }

    private static BufferedImage buffered(Image img) {
        if (img == null) {
            return null;
        }
        if (img instanceof BufferedImage bi) {
            return bi;
        }
        int w = img.getWidth(null);
        int h = img.getHeight(null);
        if (w <= 0 || h <= 0) {
            return null;
        }
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = bi.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return bi;
    }

    private static String png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document shared by a graphics and its copies: body, definitions, and a scratch raster for font metrics. */
    private static final class Document {
        final int width;
        final int height;
        final StringBuilder defs = new StringBuilder();
        final StringBuilder body = new StringBuilder();
        final Map<String, String> clips = new HashMap<>();
        final Map<String, String> gradients = new HashMap<>();
        final Graphics2D scratch;
        String openClip;

        Document(int width, int height) {
            this.width = width;
            this.height = height;
            this.scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
            // the same metrics JFreeChart gets on a PNG: antialiased, fractional
            scratch.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            scratch.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        }

        void element(String clipId, String xml) {
            if (!java.util.Objects.equals(clipId, openClip)) {
                if (openClip != null) {
                    body.append("</g>\n");
                }
                if (clipId != null) {
                    body.append("<g clip-path=\"url(#").append(clipId).append(")\">\n");
                }
                openClip = clipId;
            }
            body.append(xml).append('\n');
        }

        String clip(String d) {
            return clips.computeIfAbsent(d, k -> {
                String id = "clip" + clips.size();
                defs.append("<clipPath id=\"").append(id).append("\"><path d=\"").append(k).append("\"/></clipPath>\n");
                return id;
            });
        }

        String gradient(GradientPaint gp, AffineTransform t) {
            Point2D p1 = t.transform(gp.getPoint1(), null);
            Point2D p2 = t.transform(gp.getPoint2(), null);
            String key = num(p1.getX()) + "," + num(p1.getY()) + "," + num(p2.getX()) + "," + num(p2.getY()) + ","
                    + gp.getColor1().getRGB() + "," + gp.getColor2().getRGB() + "," + gp.isCyclic();
            return gradients.computeIfAbsent(key, k -> {
                String id = "grad" + gradients.size();
                defs.append("<linearGradient id=\"").append(id).append("\" gradientUnits=\"userSpaceOnUse\" x1=\"")
                        .append(num(p1.getX())).append("\" y1=\"").append(num(p1.getY())).append("\" x2=\"")
                        .append(num(p2.getX())).append("\" y2=\"").append(num(p2.getY())).append('"')
                        .append(gp.isCyclic() ? " spreadMethod=\"reflect\"" : "").append('>')
                        .append(stop(0, gp.getColor1())).append(stop(1, gp.getColor2())).append("</linearGradient>\n");
                return id;
            });
        }

        private static String stop(double offset, Color c) {
            return "<stop offset=\"" + num(offset) + "\" stop-color=\"" + hex(c) + "\""
                    + (c.getAlpha() < 255 ? " stop-opacity=\"" + num(c.getAlpha() / 255.0) + "\"" : "") + "/>";
        }

        String finish() {
            StringBuilder out = new StringBuilder(body.length() + defs.length() + 400);
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"").append(width)
                    .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                    .append(height).append("\">\n");
            if (defs.length() > 0) {
                out.append("<defs>\n").append(defs).append("</defs>\n");
            }
            out.append(body);
            if (openClip != null) {
                out.append("</g>\n");
            }
            return out.append("</svg>\n").toString();
        }
    }
}

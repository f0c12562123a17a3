package dev.enclave.ocr.tests;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Pages rendered from known text with Java2D as a scanner would deliver them: A4 at a given dpi,
 * grey, tilted, with sensor noise and JPEG artefacts. Also the character error rate used to score OCR.
 */
public final class ScanPages {
    /** A CJK font every build machine has (WenQuanYi Micro Hei); logical "SansSerif" maps to it. */
    public static final String FONT = "SansSerif";

    private ScanPages() {
    }

    /** How a page is degraded. */
    public record Condition(String name, int dpi, double tiltDegrees, double noise, int jpegQuality) {
    }

    /**
     * Renders {@code lines} on an A4 page, one per row from the top at {@code points} size; a line holding
     * {@code "\t"} is a table row whose cells start at fixed columns.
     */
    public static BufferedImage render(List<String> lines, Condition c, float points, long seed) {
        int w = (int) Math.round(8.27 * c.dpi());
        int h = (int) Math.round(11.69 * c.dpi());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.rotate(Math.toRadians(c.tiltDegrees()), w / 2.0, h / 2.0);
        g.setColor(new Color(25, 25, 25));
        float px = points * c.dpi() / 72f;
        g.setFont(new Font(FONT, Font.PLAIN, Math.round(px)));
        int margin = c.dpi();
        double y = margin;
        for (String line : lines) {
            y += px * 1.8;
            String[] cells = line.split("\t");
            for (int i = 0; i < cells.length; i++) {
                g.drawString(cells[i], margin + i * (w - 2 * margin) / cells.length, (float) y);
            }
        }
        g.dispose();
        return degrade(img, c, seed);
    }

    /**
     * Renders a page set in two columns: {@code title} across the top, {@code left} and {@code right} each wrapped
     * (character by character, as Chinese is set) to its column, side by side, and {@code footer} across the page
     * below the longer column.
     */
    public static BufferedImage renderColumns(String title, String left, String right, String footer, Condition c,
            float points, long seed) {
        int w = (int) Math.round(8.27 * c.dpi());
        int h = (int) Math.round(11.69 * c.dpi());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 25));
        float px = points * c.dpi() / 72f;
        g.setFont(new Font(FONT, Font.PLAIN, Math.round(px)));
        int margin = c.dpi();
        int gutter = c.dpi() * 2 / 5;
        int column = (w - 2 * margin - gutter) / 2;
        float step = px * 1.8f;
        float top = margin + step;
        g.drawString(title, margin, top);
        top += step * 1.5f;
        float y = top;
        for (String line : wrap(left, g.getFontMetrics(), column)) {
            g.drawString(line, margin, y);
            y += step;
        }
        float bottom = y;
        y = top;
        for (String line : wrap(right, g.getFontMetrics(), column)) {
            g.drawString(line, margin + column + gutter, y);
            y += step;
        }
        g.drawString(footer, margin, Math.max(bottom, y) + step * 0.5f);
        g.dispose();
        return degrade(img, c, seed);
    }

    /** {@code text} in lines no wider than {@code width} pixels. */
    static List<String> wrap(String text, java.awt.FontMetrics fm, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            line.append(text.charAt(i));
            if (fm.stringWidth(line.toString()) > width) {
                line.setLength(line.length() - 1);
                lines.add(line.toString());
                line.setLength(0);
                line.append(text.charAt(i));
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Gaussian noise, then a JPEG round trip at the condition's quality (none when 0). */
    public static BufferedImage degrade(BufferedImage img, Condition c, long seed) {
        Random r = new Random(seed);
        int w = img.getWidth();
        int h = img.getHeight();
        if (c.noise() > 0) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRaster().getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    row[x] = (int) Math.max(0, Math.min(255, row[x] + r.nextGaussian() * c.noise()));
                }
                img.getRaster().setPixels(0, y, w, 1, row);
            }
        }
        if (c.jpegQuality() <= 0) {
            return img;
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg(img, c.jpegQuality())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image as a JPEG file of the given quality (1–100). */
    public static byte[] jpeg(BufferedImage img, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * Character error rate: the edit distance between the texts without white space and with full-width forms
     * folded (NFKC: "，" is ","), divided by the expected length.
     */
    public static double cer(String expected, String actual) {
        String a = java.text.Normalizer.normalize(expected, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "");
        String b = java.text.Normalizer.normalize(actual, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "");
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return a.isEmpty() ? 0 : (double) prev[b.length()] / a.length();
    }
}

package dev.enclave.tests.support;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;

/**
 * Scanned documents for tests, as a bank's scanner makes them: a text printed on A4 at 200 dpi in 11 pt,
 * wrapped at the margins, each page tilted up to 0.8°, with grey noise, stored as a JPEG in an image-only PDF.
 * Lines holding tabs are table rows, their cells printed side by side.
 */
public final class Scans {
    /** Resolution of the pages. */
    public static final int DPI = 200;
    /** Left, right, top and bottom margin in pixels. */
    public static final int MARGIN = 150;

    private Scans() {
    }

    /** Prints {@code text} on as many pages as it needs and saves them as an image-only PDF. */
    public static void pdf(String text, Path pdf, long seed) throws Exception {
        Random r = new Random(seed);
        int w = (int) (8.27 * DPI);
        int h = (int) (11.69 * DPI);
        Font font = new Font("SansSerif", Font.PLAIN, Math.round(11f * DPI / 72));
        List<String> lines = new ArrayList<>();
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        for (String line : text.split("\n", -1)) {
            if (line.indexOf('\t') >= 0) {
                lines.add(line); // a table row: its cells are printed at column stops
                continue;
            }
            String rest = line;
            // Wrapped at the right margin as a word processor would.
            while (fm.stringWidth(rest) > w - 2 * MARGIN) {
                int cut = rest.length() - 1;
                while (cut > 1 && fm.stringWidth(rest.substring(0, cut)) > w - 2 * MARGIN) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            lines.add(rest);
        }
        int pitch = (int) (font.getSize() * 1.7);
        int perPage = (h - 2 * MARGIN) / pitch;
        try (PDDocument doc = new PDDocument()) {
            for (int start = 0; start < lines.size(); start += perPage) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.rotate(Math.toRadians((r.nextDouble() * 2 - 1) * 0.8), w / 2.0, h / 2.0);
                g.setColor(new Color(30, 30, 30));
                g.setFont(font);
                int y = MARGIN;
                for (int i = start; i < Math.min(lines.size(), start + perPage); i++) {
                    y += pitch;
                    drawRow(g, lines.get(i).split("\t"), MARGIN, y, w - 2 * MARGIN);
                }
                g.dispose();
                int[] row = new int[w];
                for (int yy = 0; yy < h; yy++) {
                    img.getRaster().getPixels(0, yy, w, 1, row);
                    for (int x = 0; x < w; x++) {
                        row[x] = (int) Math.max(0, Math.min(255, row[x] + r.nextGaussian() * 6));
                    }
                    img.getRaster().setPixels(0, yy, w, 1, row);
                }
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(JPEGFactory.createFromImage(doc, img, 0.75f), 0, 0, PDRectangle.A4.getWidth(),
                            PDRectangle.A4.getHeight());
                }
            }
            doc.save(pdf.toFile());
        }
    }

    /** A table row's cells side by side, two character widths apart, smaller print where the row is too wide. */
    private static void drawRow(Graphics2D g, String[] cells, int x, int y, int width) {
        Font font = g.getFont();
        Font f = font;
        while (f.getSize() > 12 && rowWidth(g.getFontMetrics(f), cells) > width) {
            f = f.deriveFont((float) f.getSize() - 1);
        }
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        for (String c : cells) {
            g.drawString(c, x, y);
            x += fm.stringWidth(c) + 2 * f.getSize();
        }
        g.setFont(font);
    }

    private static int rowWidth(FontMetrics fm, String[] cells) {
        int w = 0;
        for (String c : cells) {
            w += fm.stringWidth(c) + 2 * fm.getFont().getSize();
        }
        return w;
    }
}

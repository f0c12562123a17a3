package dev.enclave.semi.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

/** The report's charts, drawn with Java2D: a yield trend and a pattern Pareto. */
public final class ReportCharts {
    static final int W = 900, H = 380;
    private static final int LEFT = 70, RIGHT = 70, TOP = 40, BOTTOM = 80;
    private static final Color AXIS = new Color(0x55, 0x55, 0x55), GRID = new Color(0xe0, 0xe0, 0xe0),
            LINE = new Color(0x1f, 0x77, 0xb4), BAR = new Color(0x4c, 0x72, 0xb0), CUM = new Color(0xd6, 0x27, 0x28);

    private ReportCharts() {
    }

    /** A line chart of yields (0..1) over labelled points, in order. */
    public static BufferedImage trend(String title, List<String> labels, List<Double> yields) {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img, title);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        double lo = Math.max(0, Math.floor(yields.stream().mapToDouble(d -> d).min().orElse(0) * 10 - 1) / 10);
        double hi = 1.0;
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            int y = TOP + ph - (int) Math.round(ph * (v - lo) / (hi - lo));
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(AXIS);
            String s = String.format("%.0f%%", v * 100);
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), y + 4);
        }
        axes(g, pw, ph);
        int n = yields.size();
        int[] xs = new int[n], ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = LEFT + (n == 1 ? pw / 2 : (int) Math.round(pw * (i + 0.5) / n));
            ys[i] = TOP + ph - (int) Math.round(ph * (yields.get(i) - lo) / (hi - lo));
        }
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2.5f));
        g.drawPolyline(xs, ys, n);
        for (int i = 0; i < n; i++) {
            g.fillOval(xs[i] - 4, ys[i] - 4, 8, 8);
        }
        xLabels(g, labels, xs);
        g.dispose();
        return img;
    }

    /** A Pareto chart: counts as bars, largest first as given, with the cumulative share as a line. */
    public static BufferedImage pareto(String title, List<String> labels, List<Integer> counts) {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img, title);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        int max = Math.max(1, counts.stream().mapToInt(Integer::intValue).max().orElse(1));
        int total = Math.max(1, counts.stream().mapToInt(Integer::intValue).sum());
        for (int i = 0; i <= 4; i++) {
            int y = TOP + ph - ph * i / 4;
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(AXIS);
            String s = String.valueOf(Math.round(max * i / 4.0));
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), y + 4);
            g.drawString(i * 25 + "%", LEFT + pw + 8, y + 4);
        }
        axes(g, pw, ph);
        int n = counts.size();
        int slot = n == 0 ? pw : pw / n;
        int[] xs = new int[n], ys = new int[n];
        int cum = 0;
        for (int i = 0; i < n; i++) {
            int bh = (int) Math.round(ph * counts.get(i) / (double) max);
            int x = LEFT + slot * i + slot / 6;
            g.setColor(BAR);
            g.fillRect(x, TOP + ph - bh, slot * 2 / 3, bh);
            g.setColor(AXIS);
            String c = String.valueOf(counts.get(i));
            g.drawString(c, x + slot / 3 - g.getFontMetrics().stringWidth(c) / 2, TOP + ph - bh - 4);
            cum += counts.get(i);
            xs[i] = LEFT + slot * i + slot / 2;
            ys[i] = TOP + ph - (int) Math.round(ph * cum / (double) total);
        }
        g.setColor(CUM);
        g.setStroke(new BasicStroke(2f));
        g.drawPolyline(xs, ys, n);
        for (int i = 0; i < n; i++) {
            g.fillOval(xs[i] - 3, ys[i] - 3, 6, 6);
        }
        xLabels(g, labels, xs);
        g.dispose();
        return img;
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage canvas() {
        return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void axes(Graphics2D g, int pw, int ph) {
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, TOP, LEFT, TOP + ph);
        g.drawLine(LEFT, TOP + ph, LEFT + pw, TOP + ph);
    }

    /** X labels, rotated when they would overlap, thinned out when there are many. */
    private static void xLabels(Graphics2D g, List<String> labels, int[] xs) {
        FontMetrics fm = g.getFontMetrics();
        int n = xs.length;
        int step = Math.max(1, (int) Math.ceil(n / 30.0));
        int slot = n <= 1 ? W : Math.max(1, xs[Math.min(1, n - 1)] - xs[0]) * step;
        boolean rotate = labels.stream().anyMatch(s -> fm.stringWidth(s) > slot - 4);
        g.setColor(AXIS);
        int base = H - BOTTOM + 16;
        for (int i = 0; i < n; i += step) {
            String s = labels.get(i);
            if (rotate) {
                Graphics2D r = (Graphics2D) g.create();
                r.translate(xs[i] + 4, base - 6);
                r.rotate(Math.toRadians(40));
                r.drawString(s.length() > 14 ? s.substring(0, 13) + "…" : s, 0, 0);
                r.dispose();
            } else {
                g.drawString(s, xs[i] - fm.stringWidth(s) / 2, base);
            }
        }
    }
}

package dev.enclave.semi.tests;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * A second generator of die-surface defect images, written before the pack's classifier was
 * trained and never used to tune it, deliberately different from the pack's
 * {@code DefectImageGenerator}: everything is drawn with Java2D shapes and strokes (not per-pixel
 * fields), backgrounds are memory-cell arrays, diagonal interconnect, hexagonal via fields and
 * polished grain, light comes from a spot, defects are antialiased strokes, radial gradients,
 * jagged paths, image remaps (deformation) and shifted sub-images (misalignment); sizes 160–320
 * px, a third of the images in colour, some saved as JPEG.
 */
final class OtherDefectImages {
    static final List<String> CLASSES = List.of("scratch", "pit", "bump", "crack", "deformation",
            "misalignment", "none");
    private final SplittableRandom rnd;

    OtherDefectImages(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** Writes {@code perClass} images of each class to {@code dir/<class>/}. */
    void write(Path dir, int perClass) throws IOException {
        for (String c : CLASSES) {
            Files.createDirectories(dir.resolve(c));
        }
        for (int i = 0; i < perClass; i++) {
            for (String c : CLASSES) {
                BufferedImage img = image(c);
                boolean jpeg = rnd.nextDouble() < 0.25;
                Path f = dir.resolve(c).resolve(String.format("%s-%03d.%s", c, i, jpeg ? "jpg" : "png"));
                ImageIO.write(img, jpeg ? "jpg" : "png", f.toFile());
            }
        }
    }

    BufferedImage image(String label) {
        int w = rnd.nextInt(160, 321);
        int h = rnd.nextInt(160, 321);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // Bending or shifting shows only on a patterned surface.
        int style = label.equals("deformation") || label.equals("misalignment") ? rnd.nextInt(3) : rnd.nextInt(4);
        int pitch = rnd.nextInt(14, 34);
        background(g, w, h, style, pitch);
        switch (label) {
            case "scratch" -> scratch(g, w, h);
            case "pit" -> spots(g, w, h, false);
            case "bump" -> spots(g, w, h, true);
            case "crack" -> crack(g, w, h);
            default -> {
            }
        }
        g.dispose();
        if (label.equals("deformation")) {
            img = deform(img);
        } else if (label.equals("misalignment")) {
            img = shift(img, pitch);
        }
        spotLight(img);
        return rnd.nextDouble() < 0.33 ? tint(img) : img;
    }

    private void background(Graphics2D g, int w, int h, int style, int pitch) {
        int base = rnd.nextInt(70, 150);
        g.setColor(new Color(base, base, base));
        g.fillRect(0, 0, w, h);
        int fg = Math.min(255, base + rnd.nextInt(40, 100));
        g.setColor(new Color(fg, fg, fg));
        switch (style) {
            case 0 -> { // memory cells: rounded rectangles on a lattice
                for (int y = -pitch; y < h + pitch; y += pitch) {
                    for (int x = -pitch; x < w + pitch; x += pitch) {
                        g.fillRoundRect(x + 2, y + 2, pitch * 2 / 3, pitch / 2, 4, 4);
                    }
                }
            }
            case 1 -> { // diagonal interconnect
                g.setStroke(new BasicStroke(pitch / 3f));
                for (int k = -h; k < w + h; k += pitch) {
                    g.drawLine(k, 0, k + h, h);
                }
            }
            case 2 -> { // hexagonal via field
                int r = Math.max(3, pitch / 4);
                for (int row = 0, y = 0; y < h + pitch; y += pitch * 87 / 100, row++) {
                    for (int x = (row % 2) * pitch / 2; x < w + pitch; x += pitch) {
                        g.fillOval(x - r, y - r, 2 * r, 2 * r);
                    }
                }
            }
            default -> { // polished grain: many faint short strokes
                for (int i = 0; i < w * h / 60; i++) {
                    int v = base + rnd.nextInt(-12, 13);
                    g.setColor(new Color(clamp(v), clamp(v), clamp(v)));
                    int x = rnd.nextInt(w), y = rnd.nextInt(h);
                    g.drawLine(x, y, x + rnd.nextInt(-3, 4), y + rnd.nextInt(-3, 4));
                }
            }
        }
    }

    private void scratch(Graphics2D g, int w, int h) {
        int n = rnd.nextInt(1, 3);
        for (int i = 0; i < n; i++) {
            boolean dark = rnd.nextBoolean();
            int v = dark ? rnd.nextInt(0, 50) : rnd.nextInt(205, 256);
            g.setColor(new Color(v, v, v));
            g.setStroke(new BasicStroke((float) (1.5 + rnd.nextDouble() * 3), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            Path2D p = new Path2D.Double();
            double x0 = rnd.nextDouble() * w * 0.3, y0 = rnd.nextDouble() * h;
            double x1 = w * (0.7 + rnd.nextDouble() * 0.3), y1 = rnd.nextDouble() * h;
            p.moveTo(x0, y0);
            p.quadTo((x0 + x1) / 2 + rnd.nextDouble(-30, 30), (y0 + y1) / 2 + rnd.nextDouble(-30, 30), x1, y1);
            g.draw(p);
        }
    }

    private void spots(Graphics2D g, int w, int h, boolean raised) {
        int n = rnd.nextInt(1, 4);
        int m = Math.min(w, h);
        for (int i = 0; i < n; i++) {
            float r = (float) (m * (0.03 + rnd.nextDouble() * 0.06));
            float cx = (float) (r + rnd.nextDouble() * (w - 2 * r)), cy = (float) (r + rnd.nextDouble() * (h - 2 * r));
            Color centre = raised ? new Color(250, 250, 240) : new Color(15, 15, 20);
            Color rim = raised ? new Color(60, 60, 60) : new Color(200, 200, 200);
            g.setPaint(new RadialGradientPaint(cx - r / 4, cy - r / 4, r, new float[] { 0f, 0.75f, 1f },
                    new Color[] { centre, centre.darker(), rim }));
            g.fill(new Ellipse2D.Float(cx - r, cy - r, 2 * r, 2 * r));
        }
    }

    private void crack(Graphics2D g, int w, int h) {
        g.setColor(new Color(rnd.nextInt(0, 40), rnd.nextInt(0, 40), rnd.nextInt(0, 40)));
        g.setStroke(new BasicStroke((float) (1 + rnd.nextDouble() * 1.5)));
        double x = rnd.nextDouble() * w, y = rnd.nextDouble() * h;
        double a = rnd.nextDouble() * 2 * Math.PI;
        Path2D p = new Path2D.Double();
        p.moveTo(x, y);
        int segs = rnd.nextInt(10, 25);
        for (int i = 0; i < segs; i++) {
            a += rnd.nextDouble(-0.9, 0.9);
            double len = rnd.nextDouble(5, 16);
            x += Math.cos(a) * len;
            y += Math.sin(a) * len;
            p.lineTo(x, y);
            if (rnd.nextDouble() < 0.12) { // a short branch
                double bx = x + Math.cos(a + 1) * 18, by = y + Math.sin(a + 1) * 18;
                p.lineTo(bx, by);
                p.moveTo(x, y);
            }
        }
        g.draw(p);
    }

    /** Bends the drawn image around a random centre: a pinch or a bulge. */
    private BufferedImage deform(BufferedImage src) {
        int w = src.getWidth(), h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double cx = w * rnd.nextDouble(0.3, 0.7), cy = h * rnd.nextDouble(0.3, 0.7);
        double radius = Math.min(w, h) * rnd.nextDouble(0.25, 0.45);
        double strength = rnd.nextDouble(0.35, 0.7) * (rnd.nextBoolean() ? 1 : -1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - cx, dy = y - cy;
                double d = Math.hypot(dx, dy) / radius;
                double f = d < 1 ? 1 - strength * (1 - d) * (1 - d) : 1;
                int sx = (int) Math.round(cx + dx * f), sy = (int) Math.round(cy + dy * f);
                out.setRGB(x, y, src.getRGB(Math.clamp(sx, 0, w - 1), Math.clamp(sy, 0, h - 1)));
            }
        }
        return out;
    }

    /** Copies a band of the image shifted by part of the pattern pitch: a layer placed off its grid. */
    private BufferedImage shift(BufferedImage src, int pitch) {
        int w = src.getWidth(), h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(src, 0, 0, null);
        int off = Math.max(3, (int) (pitch * rnd.nextDouble(0.3, 0.55)));
        boolean vertical = rnd.nextBoolean();
        int from = (int) ((vertical ? w : h) * rnd.nextDouble(0.25, 0.6));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((vertical ? x : y) >= from) {
                    int sx = vertical ? x : x - off, sy = vertical ? y - off : y;
                    out.setRGB(x, y, src.getRGB(Math.floorMod(sx, w), Math.floorMod(sy, h)));
                }
            }
        }
        return out;
    }

    private void spotLight(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        double cx = w * rnd.nextDouble(), cy = h * rnd.nextDouble();
        double gain = rnd.nextDouble(0.7, 1.2), fall = rnd.nextDouble(0.1, 0.5);
        double noise = rnd.nextDouble(2, 12);
        double diag = Math.hypot(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double f = gain * (1 - fall * Math.hypot(x - cx, y - cy) / diag);
                int rgb = img.getRGB(x, y);
                int n = (int) (rnd.nextDouble(-1, 1) * noise);
                int r = clamp((int) (((rgb >> 16) & 255) * f) + n);
                int gg = clamp((int) (((rgb >> 8) & 255) * f) + n);
                int b = clamp((int) ((rgb & 255) * f) + n);
                img.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
    }

    private BufferedImage tint(BufferedImage img) {
        double[] t = switch (rnd.nextInt(3)) {
            case 0 -> new double[] { 0.75, 0.85, 1.15 }; // blue inspection light
            case 1 -> new double[] { 1.15, 0.9, 0.6 }; // copper
            default -> new double[] { 0.8, 1.1, 0.8 }; // green
        };
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                img.setRGB(x, y, (clamp((int) (((rgb >> 16) & 255) * t[0])) << 16)
                        | (clamp((int) (((rgb >> 8) & 255) * t[1])) << 8) | clamp((int) ((rgb & 255) * t[2])));
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.clamp(v, 0, 255);
    }
}

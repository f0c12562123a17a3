package dev.enclave.audit.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import dev.enclave.audit.Portfolio;

/**
 * The guarantee network as a PNG for the working paper (Java2D, headless): parties on a
 * circle, arrows guarantor → beneficiary, circles in red and mutual pairs in orange.
 */
final class NetworkPicture {
    private NetworkPicture() {
    }

    static byte[] png(Portfolio p, int size) {
        List<String> nodes = new ArrayList<>();
        for (List<String> e : p.guaranteeEdges()) {
            for (String n : e) {
                if (!nodes.contains(n)) {
                    nodes.add(n);
                }
            }
        }
        Set<String> red = new HashSet<>();
        p.circles().forEach(red::addAll);
        Set<String> orange = new HashSet<>();
        p.mutualPairs().forEach(orange::addAll);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            Map<String, double[]> at = new LinkedHashMap<>();
            double r = size * 0.36;
            for (int i = 0; i < nodes.size(); i++) {
                double a = 2 * Math.PI * i / Math.max(1, nodes.size()) - Math.PI / 2;
                at.put(nodes.get(i), new double[] { size / 2.0 + r * Math.cos(a), size / 2.0 + r * Math.sin(a) });
            }
            g.setStroke(new BasicStroke(1.6f));
            for (List<String> e : p.guaranteeEdges()) {
                double[] a = at.get(e.get(0));
                double[] b = at.get(e.get(1));
                boolean hot = red.contains(e.get(0)) && red.contains(e.get(1));
                boolean mutual = orange.contains(e.get(0)) && orange.contains(e.get(1));
                g.setColor(hot ? new Color(200, 30, 30) : mutual ? new Color(230, 130, 0) : new Color(90, 90, 90));
                arrow(g, a[0], a[1], b[0], b[1]);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, size / 70)));
            for (Map.Entry<String, double[]> n : at.entrySet()) {
                double[] c = n.getValue();
                g.setColor(red.contains(n.getKey()) ? new Color(200, 30, 30)
                        : orange.contains(n.getKey()) ? new Color(230, 130, 0) : new Color(40, 90, 160));
                g.fillOval((int) c[0] - 6, (int) c[1] - 6, 12, 12);
                g.setColor(Color.BLACK);
                String label = n.getKey().length() > 14 ? n.getKey().substring(0, 14) + "…" : n.getKey();
                int w = g.getFontMetrics().stringWidth(label);
                g.drawString(label, (int) Math.max(2, Math.min(size - w - 2, c[0] - w / 2.0)), (int) c[1] - 10);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void arrow(Graphics2D g, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = Math.hypot(dx, dy);
        if (len < 1) {
            return;
        }
        double ux = dx / len;
        double uy = dy / len;
        double ex = x2 - ux * 9;
        double ey = y2 - uy * 9;
        g.draw(new Line2D.Double(x1 + ux * 7, y1 + uy * 7, ex, ey));
        Path2D head = new Path2D.Double();
        head.moveTo(ex + ux * 2, ey + uy * 2);
        head.lineTo(ex - ux * 9 - uy * 5, ey - uy * 9 + ux * 5);
        head.lineTo(ex - ux * 9 + uy * 5, ey - uy * 9 - ux * 5);
        head.closePath();
        g.fill(head);
    }
}

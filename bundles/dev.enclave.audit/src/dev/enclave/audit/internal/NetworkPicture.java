package dev.enclave.audit.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

import dev.enclave.audit.NetworkLayout;
import dev.enclave.audit.Portfolio;

/**
 * The guarantee network as a PNG for the working paper (Java2D, headless), drawn from the
 * ELK layout of {@link NetworkLayout}: companies as rounded boxes, persons as ellipses,
 * arrows guarantor → beneficiary along ELK's routes, circles in red and mutual pairs in orange.
 */
final class NetworkPicture {
    private static final Color RED = new Color(200, 30, 30);
    private static final Color ORANGE = new Color(230, 130, 0);
    private static final Color GREY = new Color(90, 90, 90);
    private static final Color BLUE = new Color(40, 90, 160);

    private NetworkPicture() {
    }

    /** The picture at most {@code size} pixels wide and high (smaller when the layout is). */
    static byte[] png(Portfolio p, int size) {
        NetworkLayout.Layout layout = NetworkLayout.of(p);
        double scale = Math.min(2.0, Math.min(size / Math.max(1, layout.width()), size / Math.max(1, layout.height())));
        int w = Math.max(40, (int) Math.ceil(layout.width() * scale));
        int h = Math.max(40, (int) Math.ceil(layout.height() * scale));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            for (NetworkLayout.Edge e : layout.edges()) {
                g.setColor(e.circle() ? RED : e.mutual() ? ORANGE : GREY);
                g.setStroke(new BasicStroke(e.circle() || e.mutual() ? 2.4f : 1.4f));
                List<double[]> pts = e.points();
                for (int i = 0; i + 1 < pts.size(); i++) {
                    double[] a = pts.get(i);
                    double[] b = pts.get(i + 1);
                    if (i + 2 == pts.size()) {
                        arrow(g, a[0], a[1], b[0], b[1]);
                    } else {
                        g.draw(new Line2D.Double(a[0], a[1], b[0], b[1]));
                    }
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (NetworkLayout.Node n : layout.nodes()) {
                Color c = n.circle() ? RED : n.mutual() ? ORANGE : BLUE;
                Shape shape = n.person() ? new Ellipse2D.Double(n.x(), n.y(), n.width(), n.height())
                        : new RoundRectangle2D.Double(n.x(), n.y(), n.width(), n.height(), 10, 10);
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
                g.fill(shape);
                g.setColor(c);
                g.setStroke(new BasicStroke(n.circle() || n.mutual() ? 2.4f : 1.4f));
                g.draw(shape);
                g.setColor(Color.BLACK);
                int tw = g.getFontMetrics().stringWidth(n.name());
                g.drawString(n.name(), (float) (n.x() + (n.width() - tw) / 2),
                        (float) (n.y() + n.height() / 2 + g.getFontMetrics().getAscent() / 2.0 - 2));
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
        g.draw(new Line2D.Double(x1, y1, ex, ey));
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(ex - uy * 5, ey + ux * 5);
        head.lineTo(ex + uy * 5, ey - ux * 5);
        head.closePath();
        g.fill(head);
    }
}

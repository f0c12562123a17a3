package dev.enclave.semi.ui.internal;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * A yield chart drawn with GC on a canvas: bars (yield per lot, per pattern) or a line (yield
 * over time), with a percent axis that starts a little below the lowest value so that
 * differences stay visible, value labels, and the category names under the axis (shortened
 * to fit; the tooltip names the category under the pointer).
 */
public final class YieldChart {
    /** How the values are drawn. */
    enum Kind {
        BARS, LINE
    }

    private final Canvas canvas;
    private final String title;
    private Kind kind = Kind.BARS;
    private List<String> labels = List.of();
    private double[] values = new double[0];
    private final Color bar;
    private final Color grid;
    private final Color text;

    YieldChart(Composite parent, String title) {
        this.title = title;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setData(YieldChart.class.getName(), this);
        bar = new Color(parent.getDisplay(), 52, 120, 198);
        grid = new Color(parent.getDisplay(), 220, 220, 220);
        text = new Color(parent.getDisplay(), 60, 60, 60);
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        canvas.addListener(SWT.MouseMove, e -> {
            int i = indexAt(e.x);
            canvas.setToolTipText(i < 0 ? null : labels.get(i) + String.format(": %.2f%%", 100 * values[i]));
        });
        canvas.addListener(SWT.Dispose, e -> {
            bar.dispose();
            grid.dispose();
            text.dispose();
        });
    }

    Canvas canvas() {
        return canvas;
    }

    /** The chart drawn on a canvas, or {@code null} when the canvas holds none. */
    public static YieldChart of(Canvas canvas) {
        return canvas.getData(YieldChart.class.getName()) instanceof YieldChart c ? c : null;
    }

    /** Sets the categories and their yields (0–1) and repaints. */
    void set(Kind kind, List<String> labels, double[] values) {
        this.kind = kind;
        this.labels = List.copyOf(labels);
        this.values = values.clone();
        canvas.redraw();
    }

    /** The categories drawn, left to right (as the tooltips name them). */
    public List<String> labels() {
        return labels;
    }

    /** The yields drawn (0–1), one per category. */
    public double[] values() {
        return values.clone();
    }

    /** The plot area inside the canvas. */
    private Rectangle plot() {
        Rectangle r = canvas.getClientArea();
        int left = 44, top = 42, right = 10;
        int width = Math.max(10, r.width - left - right);
        // Crowded bars get their names written upwards under the axis, so every bar is named.
        int bottom = rotated(width) ? ROTATED_LABEL + 6 : 30;
        return new Rectangle(r.x + left, r.y + top, width, Math.max(10, r.height - top - bottom));
    }

    /** Room under the axis for a bar's name written upwards, in pixels. */
    private static final int ROTATED_LABEL = 70;

    /** Whether the bars are too narrow for their names written across. */
    private boolean rotated(int plotWidth) {
        return kind == Kind.BARS && labels.size() > Math.max(1.0, plotWidth / 70.0);
    }

    /** The lower end of the axis in percent: 10 % steps, at least 5 points under the lowest value. */
    private int axisLow() {
        double min = 1;
        for (double v : values) {
            min = Math.min(min, v);
        }
        return Math.max(0, (int) Math.floor((min * 100 - 5) / 10) * 10);
    }

    private int indexAt(int x) {
        Rectangle p = plot();
        if (labels.isEmpty() || x < p.x || x >= p.x + p.width) {
            return -1;
        }
        return Math.min(labels.size() - 1, (x - p.x) * labels.size() / p.width);
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        gc.setForeground(text);
        gc.drawText(title, area.x + 6, area.y + 4, true);
        Rectangle p = plot();
        if (labels.isEmpty()) {
            gc.drawText(Messages.get("yield.noData"), p.x + 4, p.y + p.height / 2 - 8, true);
            return;
        }
        int low = axisLow();
        int lineHeight = gc.getFontMetrics().getHeight();
        for (int pct = low; pct <= 100; pct += 10) {
            int y = yOf(p, low, pct / 100.0);
            gc.setForeground(grid);
            gc.drawLine(p.x, y, p.x + p.width, y);
            gc.setForeground(text);
            String s = pct + "%";
            Point ext = gc.textExtent(s);
            gc.drawText(s, p.x - ext.x - 4, y - lineHeight / 2, true);
        }
        gc.setForeground(text);
        gc.drawLine(p.x, p.y, p.x, p.y + p.height);
        gc.drawLine(p.x, p.y + p.height, p.x + p.width, p.y + p.height);
        int n = labels.size();
        double slot = p.width / (double) n;
        int every = Math.max(1, (int) Math.ceil(n / Math.max(1.0, p.width / 70.0)));
        int prevX = -1, prevY = -1;
        for (int i = 0; i < n; i++) {
            int cx = p.x + (int) (slot * i + slot / 2);
            int y = yOf(p, low, values[i]);
            if (kind == Kind.BARS) {
                int w = Math.max(2, (int) (slot * 0.7));
                gc.setBackground(bar);
                gc.fillRectangle(cx - w / 2, y, w, p.y + p.height - y);
            } else {
                gc.setForeground(bar);
                gc.setLineWidth(2);
                if (prevX >= 0) {
                    gc.drawLine(prevX, prevY, cx, y);
                }
                gc.setBackground(bar);
                gc.fillOval(cx - 3, y - 3, 7, 7);
                gc.setLineWidth(1);
                prevX = cx;
                prevY = y;
            }
            gc.setForeground(text);
            String v = String.format("%.1f", 100 * values[i]);
            Point ext = gc.textExtent(v);
            boolean upwards = rotated(p.width);
            if (ext.x <= slot - 2) {
                gc.drawText(v, cx - ext.x / 2, y - lineHeight - 1, true);
            } else if (kind == Kind.BARS && slot >= lineHeight * 0.8) {
                drawUp(gc, v, cx - lineHeight / 2, y - 2);
            }
            if (upwards && slot >= lineHeight * 0.8) {
                String label = fit(gc, shortDay(labels.get(i)), ROTATED_LABEL);
                drawUp(gc, label, cx - lineHeight / 2, p.y + p.height + 4 + gc.textExtent(label).x);
            } else if (!upwards && i % every == 0) {
                String label = fit(gc, shortDay(labels.get(i)), (int) (slot * every) - 4);
                Point size = gc.textExtent(label);
                gc.drawText(label, cx - size.x / 2, p.y + p.height + 4, true);
            }
        }
    }

    /** Writes {@code s} upwards, starting at ({@code x}, {@code y}) and ending above it. */
    private static void drawUp(GC gc, String s, int x, int y) {
        org.eclipse.swt.graphics.Transform t = new org.eclipse.swt.graphics.Transform(gc.getDevice());
        try {
            t.translate(x, y);
            t.rotate(-90);
            gc.setTransform(t);
            gc.drawText(s, 0, 0, true);
        } finally {
            gc.setTransform(null);
            t.dispose();
        }
    }

    /** A day {@code 2026-11-16} as {@code 11-16} under the axis (the tooltip keeps the year). */
    private static String shortDay(String label) {
        return label.matches("\\d{4}-\\d{2}-\\d{2}") ? label.substring(5) : label;
    }

    private static int yOf(Rectangle p, int low, double v) {
        double f = (v * 100 - low) / (100.0 - low);
        return p.y + p.height - (int) Math.round(Math.max(0, Math.min(1, f)) * p.height);
    }

    private static String fit(GC gc, String s, int width) {
        if (gc.textExtent(s).x <= width) {
            return s;
        }
        for (int n = s.length() - 1; n > 1; n--) {
            String t = s.substring(0, n) + "…";
            if (gc.textExtent(t).x <= width) {
                return t;
            }
        }
        return s.substring(0, 1) + "…";
    }
}

package dev.enclave.ui.internal.parts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/** A line chart of the training loss per step, scaled between the lowest and highest loss so far. */
final class LossChart {
    private final Canvas canvas;
    private final List<Double> losses = new ArrayList<>();

    LossChart(Composite parent) {
        canvas = new Canvas(parent, SWT.BORDER | SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc));
    }

    Canvas control() {
        return canvas;
    }

    /** Forgets the losses drawn. UI thread. */
    void clear() {
        losses.clear();
        canvas.redraw();
    }

    /** Adds a step's loss and redraws. UI thread. */
    void add(double loss) {
        losses.add(loss);
        if (!canvas.isDisposed()) {
            canvas.redraw();
        }
    }

    /** The losses drawn, in order. */
    List<Double> losses() {
        return List.copyOf(losses);
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW));
        gc.drawRectangle(area.x + 40, area.y + 10, area.width - 50, area.height - 30);
        if (losses.size() < 2) {
            return;
        }
        double max = losses.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double min = losses.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double span = Math.max(1e-9, max - min);
        int w = area.width - 50;
        int h = area.height - 30;
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE));
        gc.setLineWidth(2);
        Point prev = null;
        for (int i = 0; i < losses.size(); i++) {
            int x = area.x + 40 + (int) ((long) w * i / (losses.size() - 1));
            int y = area.y + 10 + (int) (h * (max - losses.get(i)) / span);
            if (prev != null) {
                gc.drawLine(prev.x, prev.y, x, y);
            }
            prev = new Point(x, y);
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        gc.drawString(String.format("%.3f", max), area.x + 2, area.y + 4, true);
        gc.drawString(String.format("%.3f", min), area.x + 2, area.y + h - 4, true);
    }
}

package dev.enclave.semi.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/** A small live chart of a training run's loss, one point per reported window; UI thread only. */
final class LossCurve {
    private final Canvas canvas;
    private final List<Float> points = new ArrayList<>();

    LossCurve(Composite parent) {
        canvas = Ids.name(new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER), Ids.DEFECT_LOSS);
        canvas.addPaintListener(e -> paint(e.gc, canvas.getClientArea()));
    }

    Canvas control() {
        return canvas;
    }

    /** The points drawn so far. */
    List<Float> points() {
        return List.copyOf(points);
    }

    void clear() {
        points.clear();
        canvas.redraw();
    }

    void add(float loss) {
        points.add(loss);
        canvas.redraw();
    }

    /** The loss in a progress line "step N, loss X" from the training service, or NaN. */
    static float parse(String subTask) {
        int i = subTask == null ? -1 : subTask.indexOf("loss ");
        if (i < 0) {
            return Float.NaN;
        }
        try {
            return Float.parseFloat(subTask.substring(i + 5).strip());
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    private void paint(GC gc, Rectangle r) {
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        String title = Messages.get("defects.loss") + (points.isEmpty() ? ""
                : String.format(Locale.ROOT, "  %.4f", points.get(points.size() - 1)));
        gc.drawText(title, 4, 2, true);
        if (points.size() < 2) {
            return;
        }
        float max = 0;
        for (float p : points) {
            max = Math.max(max, p);
        }
        int top = gc.getFontMetrics().getHeight() + 6, left = 4, w = r.width - 8, h = r.height - top - 4;
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLUE));
        gc.setLineWidth(2);
        for (int i = 1; i < points.size(); i++) {
            int x0 = left + (i - 1) * w / (points.size() - 1), x1 = left + i * w / (points.size() - 1);
            int y0 = top + h - (int) (h * points.get(i - 1) / max), y1 = top + h - (int) (h * points.get(i) / max);
            gc.drawLine(x0, y0, x1, y1);
        }
    }
}

package dev.enclave.audit.ui.internal;

import java.util.List;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.enclave.audit.NetworkLayout;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Network part: the portfolio's guarantee network as laid out by ELK ({@link NetworkLayout}),
 * drawn with GC on a scrollable, zoomable canvas. Companies are rounded boxes, persons ovals;
 * circle edges red, mutual pairs orange. Clicking a borrower opens its report.
 */
public final class NetworkPart {
    private static final double MIN_ZOOM = 0.25;
    private static final double MAX_ZOOM = 4;

    @Inject
    IEclipseContext context;

    private AuditSession session;
    private ScrolledComposite scroller;
    private Canvas canvas;
    private Label legend;
    private NetworkLayout.Layout layout = new NetworkLayout.Layout(List.of(), List.of(), 0, 0);
    private double zoom = 1;
    /** Whether the user chose a zoom; until then the network is fitted whenever the part's size changes. */
    private boolean zoomedByUser;
    private Color red;
    private Color orange;
    private Color blue;
    private Color grey;
    /** The node label font, scaled with the zoom so that labels stay inside their boxes. */
    private Font font;
    private final Runnable listener = this::refresh;

    @PostConstruct
    void create(Composite parent) {
        session = AuditSession.in(context);
        red = new Color(parent.getDisplay(), 200, 30, 30);
        orange = new Color(parent.getDisplay(), 230, 130, 0);
        blue = new Color(parent.getDisplay(), 40, 90, 160);
        grey = new Color(parent.getDisplay(), 110, 110, 110);
        parent.setLayout(new GridLayout(4, false));
        legend = new Label(parent, SWT.WRAP);
        legend.setText(Messages.get("network.legend"));
        legend.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button out = new Button(parent, SWT.PUSH);
        out.setText(" − ");
        out.addListener(SWT.Selection, e -> {
            zoomedByUser = true;
            setZoom(zoom / 1.25);
        });
        Button in = new Button(parent, SWT.PUSH);
        in.setText(" + ");
        in.addListener(SWT.Selection, e -> {
            zoomedByUser = true;
            setZoom(zoom * 1.25);
        });
        Button fit = new Button(parent, SWT.PUSH);
        fit.setText(Messages.get("network.fit"));
        fit.addListener(SWT.Selection, e -> {
            zoomedByUser = false;
            fit();
        });
        scroller = new ScrolledComposite(parent, SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        canvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        scroller.setContent(canvas);
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        canvas.addListener(SWT.MouseUp, e -> {
            if (e.button == 1) {
                clickAt(e.x, e.y);
            }
        });
        canvas.addListener(SWT.MouseVerticalWheel, e -> {
            if ((e.stateMask & SWT.MOD1) != 0) {
                zoomedByUser = true;
                setZoom(e.count > 0 ? zoom * 1.1 : zoom / 1.1);
                e.doit = false;
            }
        });
        // a part restored at start-up is created before it has a size: fit once it has one (not a thumbnail)
        scroller.addListener(SWT.Resize, e -> {
            if (!zoomedByUser && scroller.getClientArea().width > 0) {
                fit();
            }
        });
        session.onPortfolioChanged(listener);
        refresh();
    }

    @PreDestroy
    void dispose() {
        session.removeListener(listener);
        red.dispose();
        orange.dispose();
        blue.dispose();
        grey.dispose();
        if (font != null) {
            font.dispose();
        }
    }

    private void refresh() {
        if (canvas.isDisposed()) {
            return;
        }
        layout = NetworkLayout.of(session.portfolio());
        legend.setText(layout.nodes().isEmpty() && !session.portfolio().reports().isEmpty() ? Messages.get("network.empty")
                : Messages.get("network.legend"));
        fit();
    }

    /** Zooms so that the whole network fits the visible area (never above 100 %). */
    public void fit() {
        int w = Math.max(100, scroller.getClientArea().width);
        int h = Math.max(100, scroller.getClientArea().height);
        double z = layout.width() == 0 ? 1 : Math.min(1, Math.min(w / layout.width(), h / layout.height()));
        setZoom(Math.max(MIN_ZOOM, z));
    }

    /** Sets the zoom factor (clamped to 25 %–400 %) and resizes the canvas. */
    public void setZoom(double z) {
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        FontData fd = canvas.getDisplay().getSystemFont().getFontData()[0];
        // the layout sizes boxes for 15 px per character, about the system font at 100 %: scale both alike
        fd.setHeight(Math.max(4, (int) Math.floor(fd.getHeight() * zoom * 1.1)));
        if (font != null) {
            font.dispose();
        }
        font = new Font(canvas.getDisplay(), fd);
        canvas.setSize((int) Math.ceil(layout.width() * zoom) + 1, (int) Math.ceil(layout.height() * zoom) + 1);
        canvas.redraw();
    }

    /**
     * What a click at canvas pixel {@code (x, y)} does (the mouse handler calls this): a node with
     * a report opens it in the Report part.
     *
     * @return the node clicked, or {@code null}
     */
    public NetworkLayout.Node clickAt(int x, int y) {
        NetworkLayout.Node n = layout.nodeAt(x / zoom, y / zoom);
        if (n != null && n.report() != null) {
            session.open(n.report());
        }
        return n;
    }

    /** The canvas pixel at the centre of a party's node, for tests; {@code null} when not drawn. */
    public Point centerOf(String name) {
        NetworkLayout.Node n = layout.node(name);
        return n == null ? null : new Point((int) ((n.x() + n.width() / 2) * zoom), (int) ((n.y() + n.height() / 2) * zoom));
    }

    /** The layout drawn, for tests. */
    public NetworkLayout.Layout layout() {
        return layout;
    }

    /** The colour an edge is drawn in: red on a circle, orange for a mutual pair, else grey. */
    public Color colorOf(NetworkLayout.Edge e) {
        return e.circle() ? red : e.mutual() ? orange : grey;
    }

    private void paint(GC gc) {
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        for (NetworkLayout.Edge e : layout.edges()) {
            Color c = colorOf(e);
            gc.setForeground(c);
            gc.setBackground(c);
            gc.setLineWidth(e.circle() || e.mutual() ? 3 : 1);
            List<double[]> pts = e.points();
            for (int i = 0; i + 1 < pts.size(); i++) {
                gc.drawLine(px(pts.get(i)[0]), px(pts.get(i)[1]), px(pts.get(i + 1)[0]), px(pts.get(i + 1)[1]));
            }
            double[] a = pts.get(pts.size() - 2);
            double[] b = pts.get(pts.size() - 1);
            arrowHead(gc, a[0] * zoom, a[1] * zoom, b[0] * zoom, b[1] * zoom);
        }
        gc.setLineWidth(2);
        gc.setFont(font);
        for (NetworkLayout.Node n : layout.nodes()) {
            Color c = n.circle() ? red : n.mutual() ? orange : blue;
            int x = px(n.x());
            int y = px(n.y());
            int w = px(n.width());
            int h = px(n.height());
            gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.setForeground(c);
            if (n.person()) {
                gc.fillOval(x, y, w, h);
                gc.drawOval(x, y, w, h);
            } else {
                gc.fillRoundRectangle(x, y, w, h, 10, 10);
                gc.drawRoundRectangle(x, y, w, h, 10, 10);
            }
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            Point ext = gc.textExtent(n.name());
            gc.drawText(n.name(), x + (w - ext.x) / 2, y + (h - ext.y) / 2, true);
        }
    }

    private int px(double v) {
        return (int) Math.round(v * zoom);
    }

    private static void arrowHead(GC gc, double x1, double y1, double x2, double y2) {
        double len = Math.hypot(x2 - x1, y2 - y1);
        if (len < 1) {
            return;
        }
        double ux = (x2 - x1) / len;
        double uy = (y2 - y1) / len;
        double bx = x2 - ux * 10;
        double by = y2 - uy * 10;
        gc.fillPolygon(new int[] { (int) x2, (int) y2, (int) (bx - uy * 5), (int) (by + ux * 5), (int) (bx + uy * 5),
                (int) (by - ux * 5) });
    }
}

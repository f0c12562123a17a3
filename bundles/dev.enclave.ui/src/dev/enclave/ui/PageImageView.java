package dev.enclave.ui;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.enclave.knowledge.TextRegion;

/**
 * A scanned page as an image, fitted to the view's width and scrolled to the highlighted lines: where a cited
 * passage or an audit field's evidence is printed ({@link TextRegion}s of the text OCR read). Above it a caption
 * names the page. Shows what it is given: the part renders the page through the {@code DocumentParsers} service
 * (off the UI thread) and passes the image here. UI thread only; packs use it too.
 *
 * <p>Widget names ({@link WidgetIds}): {@code PREFIX.page} (the canvas, whose data under this class's name is the
 * view, for tests) and {@code PREFIX.pageCaption}.
 */
public final class PageImageView {
    private final Composite box;
    private final Label caption;
    private final ScrolledComposite scroll;
    private final Canvas canvas;
    private final Color fill;
    private final Color edge;
    private Image image;
    private List<TextRegion> highlighted = List.of();

    /**
     * @param parent   where the view goes
     * @param idPrefix the prefix of its widget names, e.g. {@code library}
     */
    public PageImageView(Composite parent, String idPrefix) {
        box = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        box.setLayout(layout);
        caption = WidgetIds.set(new Label(box, SWT.WRAP), idPrefix + ".pageCaption");
        caption.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        scroll = new ScrolledComposite(box, SWT.BORDER | SWT.V_SCROLL);
        scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas = WidgetIds.set(new Canvas(scroll, SWT.DOUBLE_BUFFERED), idPrefix + ".page");
        canvas.setData(PageImageView.class.getName(), this);
        scroll.setContent(canvas);
        fill = new Color(box.getDisplay(), 255, 214, 0);
        edge = new Color(box.getDisplay(), 230, 120, 0);
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        scroll.addListener(SWT.Resize, e -> fit(false));
        box.addListener(SWT.Dispose, e -> {
            disposeImage();
            fill.dispose();
            edge.dispose();
        });
    }

    /** The view's top control (to lay out, or to hide in a sash). */
    public Control control() {
        return box;
    }

    /**
     * Shows a page with {@code regions} highlighted (those of other pages are ignored by the caller; all given
     * are drawn) and scrolls the first into view.
     */
    public void show(ImageData page, List<TextRegion> regions, String captionText) {
        disposeImage();
        image = new Image(box.getDisplay(), page);
        highlighted = List.copyOf(regions);
        caption.setText(captionText);
        box.layout(true, true);
        fit(true);
    }

    /** Shows no image, only a message (why the page cannot be shown, or that it is being rendered). */
    public void message(String text) {
        disposeImage();
        highlighted = List.of();
        caption.setText(text);
        canvas.setSize(0, 0);
        box.layout(true, true);
    }

    /** The caption shown above the page. */
    public String caption() {
        return caption.getText();
    }

    /** The regions highlighted on the page shown (empty when no page is shown). */
    public List<TextRegion> highlighted() {
        return image == null ? List.of() : highlighted;
    }

    /** The width in pixels of the page image shown, or 0 when none is. */
    public int imageWidth() {
        return image == null ? 0 : image.getBounds().width;
    }

    /** Where the highlighted regions are drawn, in canvas pixels (for tests and screenshots). */
    public List<Rectangle> highlightBounds() {
        List<Rectangle> out = new ArrayList<>();
        if (image == null) {
            return out;
        }
        Rectangle c = canvas.getBounds();
        for (TextRegion r : highlighted) {
            out.add(new Rectangle((int) Math.round(r.x() * c.width), (int) Math.round(r.y() * c.height),
                    Math.max(1, (int) Math.round(r.width() * c.width)), Math.max(1, (int) Math.round(r.height() * c.height))));
        }
        return out;
    }

    /**
     * An AWT image as SWT image data (through PNG, which keeps grey and colour pages as they are). Safe to call
     * off the UI thread.
     */
    public static ImageData imageData(BufferedImage page) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(page, "png", png);
            return new ImageData(new ByteArrayInputStream(png.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sizes the canvas to the view's width at the page's aspect; on a new page, scrolls to the first highlight. */
    private void fit(boolean scrollToHighlight) {
        if (image == null) {
            return;
        }
        Rectangle area = scroll.getClientArea();
        Rectangle ib = image.getBounds();
        int w = Math.max(50, area.width);
        int h = (int) Math.round((double) w * ib.height / ib.width);
        canvas.setSize(w, h);
        if (scrollToHighlight) {
            int y = highlighted.isEmpty() ? 0 : (int) Math.round(highlighted.get(0).y() * h) - area.height / 3;
            scroll.setOrigin(0, Math.max(0, y));
        }
        canvas.redraw();
    }

    private void paint(GC gc) {
        if (image == null) {
            return;
        }
        Rectangle c = canvas.getClientArea();
        Rectangle ib = image.getBounds();
        gc.setInterpolation(SWT.HIGH);
        gc.drawImage(image, 0, 0, ib.width, ib.height, 0, 0, c.width, c.height);
        for (Rectangle r : highlightBounds()) {
            Rectangle grown = new Rectangle(r.x - 3, r.y - 3, r.width + 6, r.height + 6);
            gc.setAlpha(80);
            gc.setBackground(fill);
            gc.fillRectangle(grown);
            gc.setAlpha(255);
            gc.setForeground(edge);
            gc.setLineWidth(2);
            gc.drawRectangle(grown);
        }
    }

    private void disposeImage() {
        if (image != null) {
            image.dispose();
            image = null;
        }
    }
}

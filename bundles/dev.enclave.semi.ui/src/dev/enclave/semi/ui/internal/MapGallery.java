package dev.enclave.semi.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.enclave.semi.WaferLibrary.StoredMap;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPicture;

/**
 * The Wafer Maps gallery: a scrolling grid of map pictures (die maps or failure density)
 * with captions; a click selects a map. Owns its images.
 */
final class MapGallery {
    private static final int PICTURE = 130;

    private final ScrolledComposite scroller;
    private final Composite gallery;
    private final Color selectedColor;
    private final List<Image> images = new ArrayList<>();
    private final List<Composite> cells = new ArrayList<>();
    private final IntConsumer onSelect;
    private int selected = -1;

    MapGallery(Composite parent, IntConsumer onSelect) {
        this.onSelect = onSelect;
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        scroller.setExpandHorizontal(true);
        gallery = new Composite(scroller, SWT.NONE);
        gallery.setLayout(new GridLayout(3, true));
        scroller.setContent(gallery);
        scroller.addListener(SWT.Resize, e -> layout());
        selectedColor = new Color(parent.getDisplay(), 204, 224, 255);
        scroller.addListener(SWT.Dispose, e -> {
            images.forEach(Image::dispose);
            selectedColor.dispose();
        });
    }

    Control control() {
        return scroller;
    }

    /** Draws the first {@code max} maps, as failure density when {@code heat}; nothing selected. */
    void show(List<StoredMap> maps, int max, boolean heat) {
        for (Control c : gallery.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        cells.clear();
        selected = -1;
        for (int i = 0; i < Math.min(max, maps.size()); i++) {
            StoredMap e = maps.get(i);
            WaferMap m = e.map();
            Composite cell = Ids.name(new Composite(gallery, SWT.NONE), Ids.MAPS_CELL);
            cell.setLayout(new GridLayout(1, false));
            cell.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, true, false));
            Label picture = Ids.name(new Label(cell, SWT.NONE), Ids.MAPS_PICTURE);
            Image image = Pictures.image(gallery.getDisplay(),
                    heat ? WaferPicture.density(m, PICTURE) : WaferPicture.map(m, PICTURE));
            images.add(image);
            picture.setImage(image);
            picture.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, false, false));
            Label text = Ids.name(new Label(cell, SWT.CENTER | SWT.WRAP), Ids.MAPS_CAPTION);
            text.setText(GalleryModel.caption(e));
            text.setLayoutData(captionData(PICTURE + 30));
            if (m.label() != null && !m.label().equals(e.predicted())) {
                text.setToolTipText(Messages.get("maps.labelled", m.label()));
            }
            int index = i;
            for (Control c : new Control[] { cell, picture, text }) {
                c.addListener(SWT.MouseDown, ev -> onSelect.accept(index));
            }
            cells.add(cell);
        }
        layout();
    }

    /** Highlights the {@code index}-th cell (if drawn). */
    void highlight(int index) {
        if (selected >= 0 && selected < cells.size()) {
            cells.get(selected).setBackground(null);
        }
        selected = index;
        if (index >= 0 && index < cells.size()) {
            cells.get(index).setBackground(selectedColor);
        }
    }

    /** A caption wrapped to a width near its picture's, so that it stays inside its column. */
    static GridData captionData(int width) {
        GridData data = new GridData(SWT.CENTER, SWT.TOP, false, false);
        data.widthHint = width;
        return data;
    }

    private void layout() {
        int width = Math.max(200, scroller.getClientArea().width);
        gallery.setSize(gallery.computeSize(width, SWT.DEFAULT));
        gallery.layout(true, true);
    }

    void setFocus() {
        scroller.setFocus();
    }
}

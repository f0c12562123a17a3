package dev.enclave.semi.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPicture;

/**
 * The Wafer Maps map view: the selected map large, its text (origin, yield, verdict and most
 * likely classes) and the most similar stored maps with their cosine similarity. Owns its
 * images.
 */
final class MapDetail {
    private static final int LARGE = 260;
    private static final int SIMILAR_PICTURE = 90;

    private final Label largeMap;
    private final Text detail;
    private final Composite similarBox;
    private final List<Image> images = new ArrayList<>();

    MapDetail(Composite parent) {
        ScrolledComposite scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        Composite pane = new Composite(scroller, SWT.NONE);
        pane.setLayout(new GridLayout(1, false));
        largeMap = new Label(pane, SWT.CENTER);
        GridData ld = new GridData(SWT.CENTER, SWT.TOP, true, false);
        ld.widthHint = LARGE;
        ld.heightHint = LARGE;
        largeMap.setLayoutData(ld);
        detail = Ids.name(new Text(pane, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP), Ids.MAPS_DETAIL);
        detail.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        detail.setText(Messages.get("maps.selectHint"));
        new Label(pane, SWT.NONE).setText(Messages.get("maps.similar"));
        similarBox = new Composite(pane, SWT.NONE);
        similarBox.setLayout(new GridLayout(3, true));
        similarBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        scroller.setContent(pane);
        scroller.addListener(SWT.Resize, e -> {
            int w = scroller.getClientArea().width;
            scroller.setMinSize(pane.computeSize(w, SWT.DEFAULT));
        });
        scroller.addListener(SWT.Dispose, e -> images.forEach(Image::dispose));
    }

    /**
     * Shows a map with its text and its similar stored maps.
     *
     * @param maps the stored maps by {@link GalleryModel#key}, for the similar maps' pictures
     */
    void show(WaferMap map, boolean heat, String text, List<WaferLibrary.Similar> similar,
            Map<String, WaferMap> maps) {
        clearImages();
        Image large = Pictures.image(largeMap.getDisplay(),
                heat ? WaferPicture.density(map, LARGE) : WaferPicture.map(map, LARGE));
        images.add(large);
        largeMap.setImage(large);
        detail.setText(text);
        for (Control c : similarBox.getChildren()) {
            c.dispose();
        }
        for (WaferLibrary.Similar s : similar) {
            Composite cell = new Composite(similarBox, SWT.NONE);
            cell.setLayout(new GridLayout(1, false));
            cell.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, true, false));
            WaferMap m = maps.get(GalleryModel.key(s.lot(), s.id()));
            if (m != null) {
                Image image = Pictures.image(similarBox.getDisplay(), WaferPicture.map(m, SIMILAR_PICTURE));
                images.add(image);
                new Label(cell, SWT.NONE).setImage(image);
            }
            Label caption = Ids.name(new Label(cell, SWT.CENTER | SWT.WRAP), Ids.MAPS_SIMILAR);
            caption.setText(String.format("%s%s\n%s · %s %.3f", s.lot() == null ? "" : s.lot() + " · ", s.id(),
                    s.predicted(), Messages.get("maps.cosine"), s.score()));
            caption.setLayoutData(MapGallery.captionData(SIMILAR_PICTURE + 20));
        }
        if (similar.isEmpty()) {
            Label none = new Label(similarBox, SWT.WRAP);
            none.setText(Messages.get("maps.noSimilar"));
            none.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        }
        detail.getParent().layout(true, true);
    }

    /** Shows the hint to select a map. */
    void clear() {
        clearImages();
        largeMap.setImage(null);
        detail.setText(Messages.get("maps.selectHint"));
        for (Control c : similarBox.getChildren()) {
            c.dispose();
        }
    }

    private void clearImages() {
        images.forEach(Image::dispose);
        images.clear();
    }
}

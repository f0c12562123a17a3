package dev.enclave.semi.ui.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;

import dev.enclave.semi.DefectImages;

/**
 * The Defect Images part's view of one image: the image large, or with its heat map, the three most
 * likely classes, the most similar stored images and a field to relabel it. Owns and disposes the SWT
 * images it shows.
 */
final class DefectDetail {
    /** Side of the large image in pixels. */
    static final int LARGE = 360;
    /** Side of a similar image's thumbnail. */
    static final int SMALL = 72;

    private final Composite root;
    private final Label picture;
    private final Button heat;
    private final Label top3;
    private final Composite similar;
    private final Combo relabel;
    private final List<Image> images = new ArrayList<>();
    private Image plain;
    private Image heatImage;

    /** @param onRelabel called with the stored image's id and the class typed or chosen */
    DefectDetail(Composite parent, BiConsumer<String, String> onRelabel) {
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        picture = Ids.name(new Label(root, SWT.CENTER), Ids.DEFECT_PICTURE);
        GridData pd = new GridData(SWT.CENTER, SWT.TOP, true, false);
        pd.widthHint = LARGE;
        pd.heightHint = LARGE;
        picture.setLayoutData(pd);
        heat = Ids.name(new Button(root, SWT.CHECK), Ids.DEFECT_HEAT);
        heat.setText(Messages.get("defects.heatmap"));
        heat.setToolTipText(Messages.get("defects.heatmapTip"));
        heat.addListener(SWT.Selection, e -> showPicture());
        top3 = Ids.name(new Label(root, SWT.WRAP), Ids.DEFECT_TOP3);
        top3.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(root, SWT.NONE).setText(Messages.get("defects.similar"));
        similar = new Composite(root, SWT.NONE);
        similar.setLayout(new RowLayout(SWT.HORIZONTAL));
        similar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Composite bar = new Composite(root, SWT.NONE);
        bar.setLayout(new GridLayout(3, false));
        new Label(bar, SWT.NONE).setText(Messages.get("defects.relabel"));
        relabel = Ids.name(new Combo(bar, SWT.DROP_DOWN), Ids.DEFECT_RELABEL);
        DefectImages.CLASSES.forEach(relabel::add);
        Button apply = Ids.name(new Button(bar, SWT.PUSH), Ids.DEFECT_RELABEL_APPLY);
        apply.setText(Messages.get("defects.relabelApply"));
        apply.setToolTipText(Messages.get("defects.relabelTip"));
        apply.addListener(SWT.Selection, e -> {
            Object id = root.getData("id");
            if (id != null && !relabel.getText().isBlank()) {
                onRelabel.accept((String) id, relabel.getText().strip());
            }
        });
    }

    Composite control() {
        return root;
    }

    /** Shows a classified image; {@code id} is its library id or {@code null} for a file not stored. */
    void show(String id, Path file, DefectImages.Result result, BufferedImage heatmap, List<DefectImages.Similar> near) {
        clear();
        root.setData("id", id);
        Display d = root.getDisplay();
        plain = scaled(d, fromFile(file), LARGE);
        heatImage = heatmap == null ? null : scaled(d, fromAwt(heatmap), LARGE);
        showPicture();
        StringBuilder sb = new StringBuilder();
        for (DefectImages.Score s : result.top()) {
            sb.append(String.format(Locale.ROOT, "%s  %.1f%%%n", className(s.label()), 100 * s.probability()));
        }
        top3.setText(sb.toString().strip());
        relabel.setText(result.label());
        for (DefectImages.Similar s : near) {
            Composite cell = new Composite(similar, SWT.NONE);
            cell.setLayout(new GridLayout(1, false));
            Label pic = new Label(cell, SWT.NONE);
            Image img = scaled(d, fromFile(s.path()), SMALL);
            images.add(img);
            pic.setImage(img);
            Label caption = Ids.name(new Label(cell, SWT.NONE), Ids.DEFECT_SIMILAR);
            caption.setText(String.format(Locale.ROOT, "%s %.2f", s.label(), s.score()));
            pic.setToolTipText(s.path() + (s.lot() == null ? "" : "  (" + s.lot() + ")"));
        }
        root.layout(true, true);
    }

    /** A class name with its Chinese name for the pack's classes ("pit 凹坑"), a fab's own as it is. */
    static String className(String label) {
        return DefectImages.CLASSES.contains(label) ? label + " " + Messages.get("defects.class." + label) : label;
    }

    private void showPicture() {
        picture.setImage(heat.getSelection() && heatImage != null ? heatImage : plain);
    }

    void clear() {
        picture.setImage(null);
        top3.setText("");
        for (var c : similar.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        if (plain != null) {
            plain.dispose();
            plain = null;
        }
        if (heatImage != null) {
            heatImage.dispose();
            heatImage = null;
        }
        root.setData("id", null);
    }

    void dispose() {
        clear();
    }

    /** The image file as SWT image data (png, jpg, bmp, gif, tiff), or a grey square when SWT cannot read it. */
    static ImageData fromFile(Path file) {
        try {
            return new ImageData(file.toString());
        } catch (org.eclipse.swt.SWTException e) {
            ImageData grey = new ImageData(8, 8, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    grey.setPixel(x, y, 0x808080);
                }
            }
            return grey;
        }
    }

    static ImageData fromAwt(BufferedImage img) {
        ImageData data = new ImageData(img.getWidth(), img.getHeight(), 24,
                new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, img.getWidth(), 1, row, 0, img.getWidth());
            for (int x = 0; x < row.length; x++) {
                row[x] &= 0xFFFFFF;
            }
            data.setPixels(0, y, row.length, row, 0);
        }
        return data;
    }

    /** An image fitting {@code side × side}, aspect kept; the caller disposes it. */
    static Image scaled(Display d, ImageData data, int side) {
        double s = Math.min(side / (double) data.width, side / (double) data.height);
        int w = Math.max(1, (int) Math.round(data.width * s)), h = Math.max(1, (int) Math.round(data.height * s));
        return new Image(d, data.scaledTo(w, h));
    }
}

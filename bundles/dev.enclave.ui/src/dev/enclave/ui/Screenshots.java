package dev.enclave.ui;

import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;

/**
 * Saves what a control shows as a PNG file: the workbench's start-up self-test, documentation
 * pictures and UI tests use it. Call on the display's thread, after the control has been laid out
 * and painted.
 */
public final class Screenshots {
    private Screenshots() {
    }

    /** Renders {@code control} (usually a shell) to a PNG file. */
    public static void save(Control control, Path file) {
        control.update();
        Point size = control.getSize();
        Image image = new Image(control.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(image);
        try {
            control.print(gc);
        } finally {
            gc.dispose();
        }
        try {
            ImageData data = image.getImageData();
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            file.toAbsolutePath().getParent().toFile().mkdirs();
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
    }
}

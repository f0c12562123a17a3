package dev.enclave.semi.ui.internal;

import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.widgets.Display;

import dev.enclave.semi.WaferPicture;

/** SWT images of the pack's {@link WaferPicture}s. */
final class Pictures {
    private Pictures() {
    }

    /** An image of the picture, keeping its transparency; the caller disposes it. */
    static Image image(Display display, WaferPicture picture) {
        return new Image(display, imageData(picture));
    }

    static ImageData imageData(WaferPicture p) {
        ImageData data = new ImageData(p.width(), p.height(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                int argb = p.pixel(x, y);
                data.setPixel(x, y, argb & 0xFFFFFF);
                data.setAlpha(x, y, argb >>> 24);
            }
        }
        return data;
    }
}

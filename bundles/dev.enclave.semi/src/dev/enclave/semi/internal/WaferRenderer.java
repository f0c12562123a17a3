package dev.enclave.semi.internal;

import java.awt.image.BufferedImage;

import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPicture;

/** {@link WaferPicture}s as AWT images, for the reports and the PNG files of {@code wafer classify --images}. */
public final class WaferRenderer {
    private WaferRenderer() {
    }

    /** The die grid as an image of about {@code size} pixels on the longer side. */
    public static BufferedImage map(WaferMap m, int size) {
        return image(WaferPicture.map(m, size));
    }

    /** The failure density as an image of about {@code size} pixels on the longer side. */
    public static BufferedImage density(WaferMap m, int size) {
        return image(WaferPicture.density(m, size));
    }

    static BufferedImage image(WaferPicture p) {
        BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, p.width(), p.height(), p.argb(), 0, p.width());
        return img;
    }
}

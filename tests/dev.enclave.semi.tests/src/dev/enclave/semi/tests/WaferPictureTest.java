package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPicture;

/** Wafer maps drawn as pixels: transparent off the wafer, green and red dies, a heat map of failures. */
class WaferPictureTest {
    /** A round wafer on a 40 × 40 grid whose left half fails. */
    private static WaferMap halfFailing() {
        int n = 40;
        byte[] cells = new byte[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double u = (c + 0.5 - n / 2.0) / (n / 2.0), v = (r + 0.5 - n / 2.0) / (n / 2.0);
                cells[r * n + c] = u * u + v * v > 1 ? WaferMap.OFF : u < 0 ? WaferMap.FAIL : WaferMap.GOOD;
            }
        }
        return new WaferMap("half", null, n, n, cells);
    }

    @Test
    void dieMapsAreTransparentOffTheWaferGreenWhereGoodAndRedWhereFailing() {
        WaferPicture p = WaferPicture.map(halfFailing(), 200);
        assertEquals(200, p.width());
        assertEquals(200, p.height());
        assertEquals(0, p.pixel(0, 0) >>> 24, "a corner lies off the wafer");
        int fail = p.pixel(62, 102), good = p.pixel(142, 102);
        assertTrue(((fail >> 16) & 0xff) > ((fail >> 8) & 0xff), "failing dies are red: " + Integer.toHexString(fail));
        assertTrue(((good >> 8) & 0xff) > ((good >> 16) & 0xff), "good dies are green: " + Integer.toHexString(good));
    }

    @Test
    void theDensityIsHotWhereDiesFailAndWhiteWhereNoneDo() {
        WaferMap m = halfFailing();
        double[] d = WaferPicture.densities(m);
        assertEquals(1.0, d[20 * 40 + 5], 1e-9, "deep in the failing half");
        assertEquals(0.0, d[20 * 40 + 34], 1e-9, "deep in the good half");
        WaferPicture heat = WaferPicture.density(m, 200);
        assertEquals(0xffffffff, heat.pixel(172, 100), "no failures around: white");
        assertNotEquals(WaferPicture.map(m, 200).pixel(30, 100), heat.pixel(30, 100));
        assertThrows(IllegalArgumentException.class, () -> new WaferPicture(2, 2, new int[3]));
    }
}

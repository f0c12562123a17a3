package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.enclave.semi.WaferMap;
import dev.enclave.semi.internal.WaferImages;

/** The round-preserving resize: a wafer drawn on a non-square grid becomes a round disc. */
class WaferImagesTest {
    private static final int S = 32;

    /** A wafer that is an ellipse in grid cells (non-square dies), fails in the top-left quarter. */
    private static WaferMap ellipse(int rows, int cols) {
        byte[] cells = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = (r + 0.5 - rows / 2.0) / (rows / 2.0), u = (c + 0.5 - cols / 2.0) / (cols / 2.0);
                boolean in = u * u + v * v <= 1;
                cells[r * cols + c] = !in ? WaferMap.OFF : (u < 0 && v < 0) ? WaferMap.FAIL : WaferMap.GOOD;
            }
        }
        return new WaferMap("e", null, rows, cols, cells);
    }

    @Test
    void nonSquareGridsBecomeARoundWafer() {
        for (int[] shape : new int[][] { { 24, 60 }, { 150, 40 }, { 300, 300 }, { 20, 21 } }) {
            float[] img = new float[2 * S * S];
            WaferImages.render(ellipse(shape[0], shape[1]), S, img, 0);
            double area = 0, asymmetry = 0;
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    float mask = img[S * S + y * S + x];
                    area += mask;
                    // a round disc is symmetric under transposition; an ellipse is not
                    asymmetry += Math.abs(mask - img[S * S + x * S + y]);
                    assertTrue(mask >= 0 && mask <= 1.0001f);
                    assertTrue(img[y * S + x] <= mask + 1e-4, "fails lie on the wafer");
                }
            }
            String name = shape[0] + "x" + shape[1];
            assertEquals(Math.PI / 4, area / (S * S), 0.06, name + ": the disc fills the square like a circle");
            assertTrue(asymmetry / area < 0.08, name + ": round, asymmetry " + asymmetry / area);
            // the failing quarter lands in the top-left of the image
            assertTrue(img[(S / 4) * S + S / 4] > 0.9f, name);
            assertTrue(img[(3 * S / 4) * S + 3 * S / 4] < 0.01f, name);
        }
    }

    @Test
    void areaAverageKeepsTheFailFraction() {
        WaferMap m = ellipse(97, 131);
        float[] img = new float[2 * S * S];
        WaferImages.render(m, S, img, 0);
        double fails = 0, dies = 0;
        for (int i = 0; i < S * S; i++) {
            fails += img[i];
            dies += img[S * S + i];
        }
        assertEquals(m.fails() / (double) m.dies(), fails / dies, 0.01);
    }
}

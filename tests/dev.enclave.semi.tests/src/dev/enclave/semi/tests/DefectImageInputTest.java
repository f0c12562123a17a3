package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import dev.enclave.semi.internal.DefectImageIO;

/**
 * The defect classifier's input keeps a thin defect: a scratch one pixel wide on a 400 px image must
 * still show on the 64 px canvas wherever it lies. Averaging over the area each canvas pixel covers
 * leaves a dip of about 0.5 × 64 / 400 = 0.08, or half of it in each of two canvas pixels where the
 * line straddles their border; point sampling (bilinear after a block reduction, measured 0.0) misses
 * the line at some positions altogether.
 */
class DefectImageInputTest {
    private static final int SIDE = 400;
    private static final int CANVAS = 64;

    @Test
    void aOnePixelLineSurvivesDownscalingAtEveryPosition() {
        double weakest = Double.MAX_VALUE;
        for (int lineX = 190; lineX < 210; lineX++) {
            BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    img.setRGB(x, y, x == lineX ? 0 : 0x808080);
                }
            }
            float[] c = DefectImageIO.canvas(img, CANVAS);
            double grey = 128 / 255.0, deepest = 0;
            for (int x = 0; x < CANVAS; x++) {
                deepest = Math.max(deepest, grey - c[CANVAS / 2 * CANVAS + x]);
            }
            weakest = Math.min(weakest, deepest);
        }
        // At the worst position the line is split between two canvas pixels: at least 40 % of the full dip.
        assertTrue(weakest >= 0.4 * grey() * CANVAS / SIDE, "weakest dip " + weakest);
    }

    private static double grey() {
        return 128 / 255.0;
    }
}

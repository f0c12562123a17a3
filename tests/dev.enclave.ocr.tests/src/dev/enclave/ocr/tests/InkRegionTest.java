package dev.enclave.ocr.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.enclave.ocr.internal.InkRegion;

/**
 * The part of a page the text detector is given (issue 17): the ink with a border of paper, in multiples of 32,
 * on light and dark pages, with scanner noise and specks of dust that are no ink.
 */
class InkRegionTest {
    private static final int W = 1088;
    private static final int H = 1536;

    /** A {@code W × H} page of {@code paper} with noise of {@code sigma}. */
    private static float[] page(float paper, double sigma) {
        float[] g = new float[W * H];
        Random r = new Random(7);
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.max(0, Math.min(255, paper + r.nextGaussian() * sigma));
        }
        return g;
    }

    private static void fill(float[] g, int x0, int y0, int x1, int y1, float v) {
        for (int y = y0; y < y1; y++) {
            Arrays.fill(g, y * W + x0, y * W + x1, v);
        }
    }

    @Test
    void noisyPageWithTextInTheUpperPartIsCroppedAroundIt() {
        float[] g = page(245, 8);
        fill(g, 110, 120, 700, 140, 30); // a line of print
        fill(g, 110, 900, 400, 915, 30); // the last one
        g[5 * W + 1000] = 0; // a speck of dust in the margin
        int[] r = InkRegion.of(g, W, H);
        for (int v : r) {
            assertEquals(0, v % 32, Arrays.toString(r));
        }
        assertTrue(r[0] <= 110 - InkRegion.BORDER && r[1] <= 120 - InkRegion.BORDER, Arrays.toString(r));
        assertTrue(r[2] >= 700 + InkRegion.BORDER && r[3] >= 915 + InkRegion.BORDER, Arrays.toString(r));
        // No more than the border and the rounding to 32 around the ink.
        assertTrue(r[0] >= 110 - InkRegion.BORDER - 32 && r[3] <= 915 + InkRegion.BORDER + 32, Arrays.toString(r));
    }

    @Test
    void lightTextOnADarkPageCounts() {
        float[] g = page(40, 8);
        fill(g, 500, 700, 600, 720, 220);
        int[] r = InkRegion.of(g, W, H);
        assertTrue(r[0] <= 500 - InkRegion.BORDER && r[2] >= 600 + InkRegion.BORDER && r[1] <= 700 - InkRegion.BORDER
                && r[3] >= 720 + InkRegion.BORDER, Arrays.toString(r));
        assertTrue(r[2] - r[0] < W / 2, Arrays.toString(r));
    }

    @Test
    void aPageInkedNearlyToItsEdgesIsGivenWhole() {
        float[] g = page(250, 5);
        fill(g, 20, 20, W - 20, 40, 0);
        fill(g, 20, H - 40, W - 20, H - 20, 0);
        assertArrayEquals(new int[] { 0, 0, W, H }, InkRegion.of(g, W, H));
    }

    @Test
    void aBlankPageWithHeavyNoiseHasNoInk() {
        assertNull(InkRegion.of(page(235, 20), W, H));
    }
}

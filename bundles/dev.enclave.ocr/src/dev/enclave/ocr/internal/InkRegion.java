package dev.enclave.ocr.internal;

/**
 * The part of a page image the text detector needs to see: the rectangle around every pixel that stands out from
 * the paper, widened by a border of paper, in multiples of 32 pixels (the detector's stride). The detector's cost
 * is per pixel, and an A4 page's margins alone are a third of it; a page is cropped, not scaled, so the detector
 * sees the print at the size it would on the whole page.
 */
public final class InkRegion {
    /** How far a pixel's grey level must be from the paper's to count as ink (noise of a scan is well below it). */
    static final int CONTRAST = 40;
    /** Paper kept around the ink on every side, in pixels of the detector's input: context for the network. */
    public static final int BORDER = 48;
    /** A row or column with fewer ink pixels than this is paper (a lone speck of noise or dust). */
    static final int MIN_INK = 2;
    /** A region covering more than this share of the page is not worth cropping: the whole page is used. */
    static final double WHOLE = 0.9;

    private InkRegion() {
    }

    /**
     * The region of a {@code w × h} grey image (0–255, row by row; {@code w} and {@code h} multiples of 32) that
     * holds its ink, as {@code {x0, y0, x1, y1}} (x1, y1 exclusive; sides multiples of 32), the whole image when
     * the region is nearly all of it, or null when nothing on the page stands out from the paper (a blank page).
     * The paper's level is the image's most common grey level, so a light page, a dark one and a grey scan all work.
     */
    public static int[] of(float[] grey, int w, int h) {
        int[] histogram = new int[256];
        for (float v : grey) {
            histogram[Math.max(0, Math.min(255, (int) v))]++;
        }
        int paper = 0;
        for (int v = 1; v < 256; v++) {
            if (histogram[v] > histogram[paper]) {
                paper = v;
            }
        }
        int[] rows = new int[h];
        int[] cols = new int[w];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int n = 0;
            for (int x = 0; x < w; x++) {
                if (Math.abs(grey[row + x] - paper) > CONTRAST) {
                    n++;
                    cols[x]++;
                }
            }
            rows[y] = n;
        }
        int y0 = first(rows);
        int x0 = first(cols);
        if (y0 < 0 || x0 < 0) {
            return null;
        }
        int[] ys = span(y0, last(rows), h);
        int[] xs = span(x0, last(cols), w);
        if ((double) (ys[1] - ys[0]) * (xs[1] - xs[0]) > WHOLE * w * h) {
            return new int[] { 0, 0, w, h };
        }
        return new int[] { xs[0], ys[0], xs[1], ys[1] };
    }

    private static int first(int[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] >= MIN_INK) {
                return i;
            }
        }
        return -1;
    }

    private static int last(int[] counts) {
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] >= MIN_INK) {
                return i;
            }
        }
        return -1;
    }

    /** {@code [from, to]} widened by {@link #BORDER}, rounded out to multiples of 32 within {@code [0, size)}. */
    private static int[] span(int from, int to, int size) {
        int a = Math.max(0, from - BORDER) / 32 * 32;
        int b = Math.min(size, (to + 1 + BORDER + 31) / 32 * 32);
        return new int[] { a, Math.max(b, a + 32) };
    }
}

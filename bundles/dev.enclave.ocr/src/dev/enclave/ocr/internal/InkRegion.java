package dev.enclave.ocr.internal;

/**
 * The part of a page image the text detector needs to see: the rectangle around every pixel that stands out from
 * the paper, widened by a border of paper, in multiples of 32 pixels (the detector's stride). The detector's cost
 * is per pixel, and an A4 page's margins alone are a third of it; a page is cropped, not scaled, so the detector
 * sees the print at the size it would on the whole page.
 */
public final class InkRegion {
    /** Side of the squares whose mean grey level is compared with the paper's, in pixels. */
    static final int BLOCK = 4;
    /** How far a square's mean grey level must be from the paper's to count as ink. */
    static final int CONTRAST = 40;
    /** Paper kept around the ink on every side, in pixels of the detector's input: context for the network. */
    public static final int BORDER = 48;
    /** A row or column of squares with fewer inked squares than this is paper (a lone speck of dust). */
    static final int MIN_INK = 2;
    /** A region covering more than this share of the page is not worth cropping: the whole page is used. */
    static final double WHOLE = 0.9;

    private InkRegion() {
    }

    /**
     * The region of a {@code w × h} grey image (0–255, row by row; {@code w} and {@code h} multiples of 32) that
     * holds its ink, as {@code {x0, y0, x1, y1}} (x1, y1 exclusive; sides multiples of 32), the whole image when
     * the region is nearly all of it, or null when nothing on the page stands out from the paper (a blank page).
     * Ink is looked for in the means of {@link #BLOCK}-pixel squares, which a scan's noise hardly moves while a
     * stroke or a full stop still darkens its square by more than {@link #CONTRAST}; the paper's level is the
     * median of the squares, so a light page, a dark one and a grey scan all work.
     */
    public static int[] of(float[] grey, int w, int h) {
        int bw = w / BLOCK;
        int bh = h / BLOCK;
        float[] blocks = new float[bw * bh];
        for (int y = 0; y < bh * BLOCK; y++) {
            int row = y * w;
            int out = (y / BLOCK) * bw;
            for (int x = 0; x < bw * BLOCK; x++) {
                blocks[out + x / BLOCK] += grey[row + x];
            }
        }
        int[] histogram = new int[256];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] /= BLOCK * BLOCK;
            histogram[Math.max(0, Math.min(255, Math.round(blocks[i])))]++;
        }
        int paper = 0;
        for (int seen = histogram[0]; seen * 2 < blocks.length; seen += histogram[++paper]) {
            // up to the median
        }
        int[] rows = new int[bh];
        int[] cols = new int[bw];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                if (Math.abs(blocks[y * bw + x] - paper) > CONTRAST) {
                    rows[y]++;
                    cols[x]++;
                }
            }
        }
        int y0 = first(rows);
        int x0 = first(cols);
        if (y0 < 0 || x0 < 0) {
            return null;
        }
        int[] ys = span(y0 * BLOCK, last(rows) * BLOCK + BLOCK - 1, h);
        int[] xs = span(x0 * BLOCK, last(cols) * BLOCK + BLOCK - 1, w);
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

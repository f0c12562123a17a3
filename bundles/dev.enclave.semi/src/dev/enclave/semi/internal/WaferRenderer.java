package dev.enclave.semi.internal;

import java.awt.image.BufferedImage;

import dev.enclave.semi.WaferMap;

/**
 * Pictures of wafer maps for the UI and reports: the die grid (off wafer transparent,
 * good green, failing red) and a failure-density heat map (fails per die, smoothed
 * over a radius of about 4% of the wafer). Dies are drawn as rectangles whose aspect
 * keeps the wafer round.
 */
public final class WaferRenderer {
    private static final int OFF = 0x00000000, EDGE = 0xffe0e0e0, GOOD = 0xff4caf50, FAIL = 0xffd32f2f;

    private WaferRenderer() {
    }

    /**
     * The die grid as an image of about {@code size} pixels on the longer side.
     */
    public static BufferedImage map(WaferMap m, int size) {
        double cw = size / (double) Math.max(m.rows(), m.cols());
        double ch = cw * aspect(m);
        int w = Math.max(1, (int) Math.round(cw * m.cols())), h = Math.max(1, (int) Math.round(ch * m.rows()));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            int r = Math.min(m.rows() - 1, (int) (y / ch));
            for (int x = 0; x < w; x++) {
                int c = Math.min(m.cols() - 1, (int) (x / cw));
                byte v = m.at(r, c);
                boolean gridLine = cw >= 4 && ((int) (x % cw) == 0 || (int) (y % ch) == 0);
                int color = v == WaferMap.OFF ? OFF : gridLine ? EDGE : v == WaferMap.FAIL ? FAIL : GOOD;
                img.setRGB(x, y, color);
            }
        }
        return img;
    }

    /**
     * The failure density: for each die, the share of failing dies around it, drawn
     * from white (none) through yellow to dark red (all).
     */
    public static BufferedImage density(WaferMap m, int size) {
        double[] d = densities(m);
        double cw = size / (double) Math.max(m.rows(), m.cols());
        double ch = cw * aspect(m);
        int w = Math.max(1, (int) Math.round(cw * m.cols())), h = Math.max(1, (int) Math.round(ch * m.rows()));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            int r = Math.min(m.rows() - 1, (int) (y / ch));
            for (int x = 0; x < w; x++) {
                int c = Math.min(m.cols() - 1, (int) (x / cw));
                img.setRGB(x, y, m.at(r, c) == WaferMap.OFF ? OFF : heat(d[r * m.cols() + c]));
            }
        }
        return img;
    }

    /** Share of failing dies among the dies within a small radius of each die (0 off wafer). */
    public static double[] densities(WaferMap m) {
        int rows = m.rows(), cols = m.cols();
        int rr = Math.max(1, (int) Math.round(rows * 0.04)), rc = Math.max(1, (int) Math.round(cols * 0.04));
        // summed-area tables of dies and fails
        long[] dies = new long[(rows + 1) * (cols + 1)], fails = new long[(rows + 1) * (cols + 1)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                byte v = m.at(r, c);
                int i = (r + 1) * (cols + 1) + c + 1;
                dies[i] = (v != WaferMap.OFF ? 1 : 0) + dies[i - 1] + dies[i - cols - 1] - dies[i - cols - 2];
                fails[i] = (v == WaferMap.FAIL ? 1 : 0) + fails[i - 1] + fails[i - cols - 1] - fails[i - cols - 2];
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (m.at(r, c) == WaferMap.OFF) {
                    continue;
                }
                int r0 = Math.max(0, r - rr), r1 = Math.min(rows, r + rr + 1);
                int c0 = Math.max(0, c - rc), c1 = Math.min(cols, c + rc + 1);
                long n = box(dies, cols, r0, r1, c0, c1), f = box(fails, cols, r0, r1, c0, c1);
                out[r * cols + c] = n == 0 ? 0 : f / (double) n;
            }
        }
        return out;
    }

    private static long box(long[] t, int cols, int r0, int r1, int c0, int c1) {
        int w = cols + 1;
        return t[r1 * w + c1] - t[r0 * w + c1] - t[r1 * w + c0] + t[r0 * w + c0];
    }

    /** Row height ÷ column width of a die, so that the wafer's bounding box is square. */
    private static double aspect(WaferMap m) {
        int r0 = m.rows(), r1 = -1, c0 = m.cols(), c1 = -1;
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                if (m.at(r, c) != WaferMap.OFF) {
                    r0 = Math.min(r0, r);
                    r1 = Math.max(r1, r);
                    c0 = Math.min(c0, c);
                    c1 = Math.max(c1, c);
                }
            }
        }
        if (r1 < 0) {
            return 1;
        }
        double a = (c1 - c0 + 1) / (double) (r1 - r0 + 1);
        return Math.max(0.25, Math.min(4, a));
    }

    private static int heat(double v) {
        v = Math.max(0, Math.min(1, v));
        int r, g, b;
        if (v < 0.5) {
            double t = v / 0.5;
            r = 255;
            g = 255;
            b = (int) (255 * (1 - t));
        } else {
            double t = (v - 0.5) / 0.5;
            r = (int) (255 - 100 * t);
            g = (int) (255 * (1 - t));
            b = 0;
        }
        return 0xff000000 | r << 16 | g << 8 | b;
    }
}

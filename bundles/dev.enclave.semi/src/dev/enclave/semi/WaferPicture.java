package dev.enclave.semi;

/**
 * A picture of a wafer map as ARGB pixels, for any toolkit to draw (the workbench, reports,
 * PNG files): the die grid (off wafer transparent, good dies green, failing dies red) or a
 * failure-density heat map (the share of failing dies around each die, smoothed over a
 * radius of about 4% of the wafer, from white through yellow to dark red). Dies are drawn
 * as rectangles whose aspect keeps the wafer round. Immutable apart from the pixel array,
 * which callers must not change; safe to share between threads.
 *
 * @param width  the width in pixels (at least 1)
 * @param height the height in pixels (at least 1)
 * @param argb   row-major pixels, {@code width × height} of them, as {@code 0xAARRGGBB}
 */
public record WaferPicture(int width, int height, int[] argb) {
    private static final int OFF = 0x00000000, EDGE = 0xffe0e0e0, GOOD = 0xff4caf50, FAIL = 0xffd32f2f;

    /**
     * Checks the size against the pixels.
     *
     * @throws IllegalArgumentException when the array does not hold {@code width × height} pixels
     */
    public WaferPicture {
        if (width < 1 || height < 1 || argb.length != width * height) {
            throw new IllegalArgumentException(width + " × " + height + " pixels, " + argb.length + " given");
        }
    }

    /** The pixel at column {@code x} and row {@code y}, as {@code 0xAARRGGBB}. */
    public int pixel(int x, int y) {
        return argb[y * width + x];
    }

    /**
     * The die grid of a map, about {@code size} pixels on the longer side.
     *
     * @param size the longer side in pixels (at least 1)
     */
    public static WaferPicture map(WaferMap m, int size) {
        return draw(m, size, null);
    }

    /**
     * The failure density of a map, about {@code size} pixels on the longer side; see
     * {@link #densities}.
     *
     * @param size the longer side in pixels (at least 1)
     */
    public static WaferPicture density(WaferMap m, int size) {
        return draw(m, size, densities(m));
    }

    private static WaferPicture draw(WaferMap m, int size, double[] density) {
        double cw = size / (double) Math.max(m.rows(), m.cols());
        double ch = cw * aspect(m);
        int w = Math.max(1, (int) Math.round(cw * m.cols())), h = Math.max(1, (int) Math.round(ch * m.rows()));
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            int r = Math.min(m.rows() - 1, (int) (y / ch));
            for (int x = 0; x < w; x++) {
                int c = Math.min(m.cols() - 1, (int) (x / cw));
                byte v = m.at(r, c);
                int color;
                if (v == WaferMap.OFF) {
                    color = OFF;
                } else if (density != null) {
                    color = heat(density[r * m.cols() + c]);
                } else {
                    boolean gridLine = cw >= 4 && ((int) (x % cw) == 0 || (int) (y % ch) == 0);
                    color = gridLine ? EDGE : v == WaferMap.FAIL ? FAIL : GOOD;
                }
                px[y * w + x] = color;
            }
        }
        return new WaferPicture(w, h, px);
    }

    /**
     * The share of failing dies among the dies within a small radius (about 4% of the grid
     * in each direction) of each die, row-major; 0 off the wafer.
     */
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

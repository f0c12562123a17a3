package dev.enclave.semi.internal;

import dev.enclave.semi.WaferMap;

/**
 * Turns a wafer map of any grid size into the classifier's fixed-size input while
 * keeping the wafer round: the bounding box of the wafer's dies is stretched onto the
 * whole square (dies are often not square, so a round wafer is an ellipse in grid
 * cells), and each pixel takes the area average of the cells it covers. Channel 0 is the
 * fraction of the pixel's area covered by failing dies, channel 1 the fraction covered
 * by dies at all (the on-wafer mask).
 */
public final class WaferImages {
    /** Channels of the image. */
    public static final int CHANNELS = 2;

    private WaferImages() {
    }

    /**
     * Writes one {@code [2][size][size]} image into {@code out} at {@code offset}.
     * A map without dies gives an all-zero image.
     */
    public static void render(WaferMap map, int size, float[] out, int offset) {
        int rows = map.rows(), cols = map.cols();
        int r0 = rows, r1 = -1, c0 = cols, c1 = -1;
        byte[] cells = map.cells();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (cells[r * cols + c] != WaferMap.OFF) {
                    r0 = Math.min(r0, r);
                    r1 = Math.max(r1, r);
                    c0 = Math.min(c0, c);
                    c1 = Math.max(c1, c);
                }
            }
        }
        java.util.Arrays.fill(out, offset, offset + CHANNELS * size * size, 0f);
        if (r1 < 0) {
            return;
        }
        float[][] rw = weights(r0, r1 - r0 + 1, size);
        float[][] cw = weights(c0, c1 - c0 + 1, size);
        int h = r1 - r0 + 1, w = c1 - c0 + 1;
        // Column pass first: per source row, the fail and die coverage of each output column.
        float[] failCols = new float[h * size];
        float[] dieCols = new float[h * size];
        for (int r = 0; r < h; r++) {
            int base = (r0 + r) * cols;
            for (int px = 0; px < size; px++) {
                float[] wts = cw[px];
                int first = (int) wts[0];
                float f = 0, d = 0;
                for (int k = 1; k < wts.length; k++) {
                    byte v = cells[base + c0 + first + k - 1];
                    if (v != WaferMap.OFF) {
                        d += wts[k];
                        if (v == WaferMap.FAIL) {
                            f += wts[k];
                        }
                    }
                }
                failCols[r * size + px] = f;
                dieCols[r * size + px] = d;
            }
        }
        int plane = size * size;
        for (int py = 0; py < size; py++) {
            float[] wts = rw[py];
            int first = (int) wts[0];
            for (int k = 1; k < wts.length; k++) {
                int r = first + k - 1;
                float wk = wts[k];
                for (int px = 0; px < size; px++) {
                    out[offset + py * size + px] += wk * failCols[r * size + px];
                    out[offset + plane + py * size + px] += wk * dieCols[r * size + px];
                }
            }
        }
    }

    /** Renders a batch of maps, one image after another. */
    public static float[] render(java.util.List<WaferMap> maps, int size) {
        float[] out = new float[maps.size() * CHANNELS * size * size];
        for (int i = 0; i < maps.size(); i++) {
            render(maps.get(i), size, out, i * CHANNELS * size * size);
        }
        return out;
    }

    /**
     * For each output pixel along one axis, the first source index (relative to the box)
     * followed by the normalised overlap weights of the source cells it covers.
     */
    private static float[][] weights(int start, int length, int size) {
        float[][] out = new float[size][];
        double scale = length / (double) size;
        for (int p = 0; p < size; p++) {
            double a = p * scale, b = (p + 1) * scale;
            int first = (int) Math.floor(a);
            int last = Math.min(length - 1, (int) Math.ceil(b) - 1);
            float[] w = new float[last - first + 2];
            w[0] = first;
            for (int i = first; i <= last; i++) {
                double overlap = Math.min(b, i + 1) - Math.max(a, i);
                w[i - first + 1] = (float) (Math.max(0, overlap) / scale);
            }
            out[p] = w;
        }
        return out;
    }
}

package dev.enclave.ocr.internal;

/** Resampling of grey images (row-major floats 0–255): whole-image resizes and straightened line crops. */
final class LineCrops {
    private LineCrops() {
    }

    /**
     * {@code src} resized to {@code dw × dh}: bilinear when enlarging, the mean of the covered source pixels
     * (area averaging) when shrinking, so small print does not alias away.
     */
    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        float[] out = new float[dw * dh];
        double fx = (double) sw / dw;
        double fy = (double) sh / dh;
        if (fx <= 1 && fy <= 1) {
            for (int y = 0; y < dh; y++) {
                double sy = (y + 0.5) * fy - 0.5;
                for (int x = 0; x < dw; x++) {
                    out[y * dw + x] = bilinear(src, sw, sh, (x + 0.5) * fx - 0.5, sy);
                }
            }
            return out;
        }
        for (int y = 0; y < dh; y++) {
            int y0 = (int) Math.floor(y * fy);
            int y1 = Math.max(y0 + 1, Math.min(sh, (int) Math.floor((y + 1) * fy)));
            for (int x = 0; x < dw; x++) {
                int x0 = (int) Math.floor(x * fx);
                int x1 = Math.max(x0 + 1, Math.min(sw, (int) Math.floor((x + 1) * fx)));
                float s = 0;
                for (int yy = y0; yy < y1 && yy < sh; yy++) {
                    int row = yy * sw;
                    for (int xx = x0; xx < x1 && xx < sw; xx++) {
                        s += src[row + xx];
                    }
                }
                out[y * dw + x] = s / ((Math.min(y1, sh) - y0) * (Math.min(x1, sw) - x0));
            }
        }
        return out;
    }

    /** The grey level at a fractional position; outside the image is white. */
    static float bilinear(float[] src, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double ax = x - x0;
        double ay = y - y0;
        double v = (1 - ax) * (1 - ay) * at(src, w, h, x0, y0) + ax * (1 - ay) * at(src, w, h, x0 + 1, y0)
                + (1 - ax) * ay * at(src, w, h, x0, y0 + 1) + ax * ay * at(src, w, h, x0 + 1, y0 + 1);
        return (float) v;
    }

    private static float at(float[] src, int w, int h, int x, int y) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 255f;
        }
        return src[y * w + x];
    }

    /**
     * The box cut out of the page along its own axes into {@code cw × ch} pixels: a tilted line comes out
     * level. Shrinking by more than two averages over the covered pixels (a supersampled bilinear).
     */
    static float[] crop(float[] page, int w, int h, DbBoxes.Box b, int cw, int ch) {
        float[] out = new float[cw * ch];
        double cos = Math.cos(b.angle());
        double sin = Math.sin(b.angle());
        double sx = b.w() / cw;
        double sy = b.h() / ch;
        int ss = (int) Math.max(1, Math.min(4, Math.ceil(Math.max(sx, sy))));
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                double sum = 0;
                for (int j = 0; j < ss; j++) {
                    double v = (y + (j + 0.5) / ss) * sy - b.h() / 2;
                    for (int i = 0; i < ss; i++) {
                        double u = (x + (i + 0.5) / ss) * sx - b.w() / 2;
                        double px = b.cx() + u * cos - v * sin - 0.5;
                        double py = b.cy() + u * sin + v * cos - 0.5;
                        sum += bilinear(page, w, h, px, py);
                    }
                }
                out[y * cw + x] = (float) (sum / (ss * ss));
            }
        }
        return out;
    }
}

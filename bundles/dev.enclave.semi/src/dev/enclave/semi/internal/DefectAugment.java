package dev.enclave.semi.internal;

import java.util.Random;

/**
 * Training-time augmentation of a square luminance canvas from {@link DefectImageIO#canvas}: flips,
 * 90° rotations, a zoom between a crop of 70 % and a view of 130 % (the margin filled with the mean, as the
 * canvas letterboxes), brightness, contrast and gamma, an illumination gradient or a vignette, low-frequency
 * blotchy shading, blur (one or two passes) or sharpening, and noise, then standardisation. None of these
 * changes a defect's class; they stand for the cameras, optics, lighting and surfaces a model meets after
 * training on one generator's images. Contrast is never inverted: a pit is dark towards the light and a bump
 * bright, and inversion would swap them.
 */
final class DefectAugment {
    private DefectAugment() {
    }

    /** Writes an augmented, standardised copy of {@code src} ({@code size × size}) to {@code dst[at…]}. */
    static void apply(float[] src, int size, Random r, float[] dst, int at) {
        float[] a = src.clone();
        double zoom = r.nextDouble();
        if (zoom < 0.4) {
            a = crop(a, size, 0.7 + r.nextDouble() * 0.3, r);
        } else if (zoom < 0.6) {
            a = crop(a, size, 1 + r.nextDouble() * 0.3, r);
        }
        int rot = r.nextInt(4);
        boolean flip = r.nextBoolean();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int sx = flip ? size - 1 - x : x, sy = y;
                for (int k = 0; k < rot; k++) { // rotate the source coordinates by 90° k times
                    int t = sx;
                    sx = sy;
                    sy = size - 1 - t;
                }
                dst[at + y * size + x] = a[sy * size + sx];
            }
        }
        double gain = 0.5 + r.nextDouble() * 1.0, offset = (r.nextDouble() - 0.5) * 0.4;
        double gamma = Math.exp((r.nextDouble() - 0.5) * 1.0);
        for (int i = 0; i < size * size; i++) {
            double v = Math.clamp(dst[at + i], 0f, 1f);
            dst[at + i] = (float) (Math.pow(v, gamma) * gain + offset);
        }
        double light = r.nextDouble();
        if (light < 0.35) { // uneven illumination: a linear ramp across the field
            double ga = r.nextDouble() * Math.PI * 2, gs = r.nextDouble() * 0.5 / size;
            double cx = Math.cos(ga) * gs, cy = Math.sin(ga) * gs;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    dst[at + y * size + x] += (float) ((x - size / 2.0) * cx + (y - size / 2.0) * cy);
                }
            }
        } else if (light < 0.55) { // a lamp off the optical axis: fall-off around a point, often off the field
            double lx = (r.nextDouble() * 2 - 0.5) * size, ly = (r.nextDouble() * 2 - 0.5) * size;
            double k = r.nextDouble() * 0.6 / (size * size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double d2 = (x - lx) * (x - lx) + (y - ly) * (y - ly);
                    dst[at + y * size + x] *= (float) Math.max(0.2, 1 - k * d2);
                }
            }
        }
        if (r.nextDouble() < 0.3) { // blotchy shading: a smooth random field over cells of a quarter side
            int g = 5;
            double[] grid = new double[g * g];
            double amp = r.nextDouble() * 0.3;
            for (int i = 0; i < grid.length; i++) {
                grid[i] = 1 + (r.nextDouble() - 0.5) * amp;
            }
            for (int y = 0; y < size; y++) {
                double fy = y * (g - 1.0) / size;
                int iy = (int) fy;
                double ty = fy - iy;
                for (int x = 0; x < size; x++) {
                    double fx = x * (g - 1.0) / size;
                    int ix = (int) fx;
                    double tx = fx - ix;
                    double top = grid[iy * g + ix] * (1 - tx) + grid[iy * g + ix + 1] * tx;
                    double bottom = grid[(iy + 1) * g + ix] * (1 - tx) + grid[(iy + 1) * g + ix + 1] * tx;
                    dst[at + y * size + x] *= (float) (top * (1 - ty) + bottom * ty);
                }
            }
        }
        double filter = r.nextDouble();
        if (filter < 0.3) {
            blur3(dst, at, size);
            if (r.nextDouble() < 0.3) {
                blur3(dst, at, size);
            }
        } else if (filter < 0.45) { // unsharp masking, as many inspection cameras apply
            float[] copy = new float[size * size];
            System.arraycopy(dst, at, copy, 0, copy.length);
            blur3(dst, at, size);
            float k = 0.5f + r.nextFloat();
            for (int i = 0; i < copy.length; i++) {
                dst[at + i] = copy[i] + k * (copy[i] - dst[at + i]);
            }
        }
        double noise = r.nextDouble() < 0.5 ? r.nextDouble() * 0.08 : 0;
        for (int i = 0; i < size * size; i++) {
            dst[at + i] += (float) (r.nextGaussian() * noise);
        }
        DefectImageIO.standardise(dst, at, size * size);
    }

    /**
     * The square of side {@code frac × size} at a random place, scaled to {@code size}: a zoom in below 1, a
     * zoom out above 1 with the margin beyond the canvas at the canvas's mean.
     */
    private static float[] crop(float[] a, int size, double frac, Random r) {
        double cs = size * frac;
        double ox = r.nextDouble() * (size - cs), oy = r.nextDouble() * (size - cs);
        float[] out = new float[size * size];
        double mean = 0;
        for (float v : a) {
            mean += v;
        }
        float fill = (float) (mean / a.length);
        for (int y = 0; y < size; y++) {
            double sy = oy + (y + 0.5) * cs / size - 0.5;
            if (sy < -0.5 || sy > size - 0.5) {
                java.util.Arrays.fill(out, y * size, (y + 1) * size, fill);
                continue;
            }
            int y0 = Math.clamp((int) Math.floor(sy), 0, size - 1), y1 = Math.min(y0 + 1, size - 1);
            double fy = Math.clamp(sy - y0, 0, 1);
            for (int x = 0; x < size; x++) {
                double sx = ox + (x + 0.5) * cs / size - 0.5;
                if (sx < -0.5 || sx > size - 0.5) {
                    out[y * size + x] = fill;
                    continue;
                }
                int x0 = Math.clamp((int) Math.floor(sx), 0, size - 1), x1 = Math.min(x0 + 1, size - 1);
                double fx = Math.clamp(sx - x0, 0, 1);
                out[y * size + x] = (float) ((1 - fy) * ((1 - fx) * a[y0 * size + x0] + fx * a[y0 * size + x1])
                        + fy * ((1 - fx) * a[y1 * size + x0] + fx * a[y1 * size + x1]));
            }
        }
        return out;
    }

    private static void blur3(float[] v, int at, int size) {
        float[] t = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float s = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                            s += v[at + yy * size + xx] * (dx == 0 && dy == 0 ? 4 : 1);
                            n += dx == 0 && dy == 0 ? 4 : 1;
                        }
                    }
                }
                t[y * size + x] = s / n;
            }
        }
        System.arraycopy(t, 0, v, at, size * size);
    }
}

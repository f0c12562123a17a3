package dev.enclave.ocr.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * DB (differentiable binarisation) post-processing: the detector's text probability map thresholded,
 * each connected region's minimum rotated rectangle (from its second moments), scored by its mean
 * probability, and widened by the unclip ratio, as PaddleOCR's DBPostProcess does with polygons.
 */
final class DbBoxes {
    /** Pixels above this probability are text (PaddleOCR's det_db_thresh). */
    static final float THRESH = 0.3f;
    /** Regions whose mean probability is below this are dropped (det_db_box_thresh). */
    static final double BOX_THRESH = 0.6;
    /** How far a region is widened: area × ratio / perimeter on every side (det_db_unclip_ratio). */
    static final double UNCLIP = 1.6;
    /** Regions narrower than this on the map are noise. */
    static final int MIN_SIZE = 3;

    private DbBoxes() {
    }

    /**
     * A rotated box in page pixels.
     *
     * @param angle the direction of the text, radians clockwise from the x axis (y grows downwards)
     */
    record Box(double cx, double cy, double w, double h, double angle, double score) {

        /** The corners clockwise from the top left, {@code x0, y0, …, x3, y3}. */
        double[] corners() {
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double[] c = new double[8];
            double[][] uv = { { -w / 2, -h / 2 }, { w / 2, -h / 2 }, { w / 2, h / 2 }, { -w / 2, h / 2 } };
            for (int i = 0; i < 4; i++) {
                c[2 * i] = cx + uv[i][0] * cos - uv[i][1] * sin;
                c[2 * i + 1] = cy + uv[i][0] * sin + uv[i][1] * cos;
            }
            return c;
        }
    }

    /**
     * The boxes of a {@code mw × mh} probability map, scaled to the page by {@code sx, sy}.
     */
    static List<Box> boxes(float[] prob, int mw, int mh, double sx, double sy) {
        int[] label = new int[mw * mh];
        int[] stack = new int[mw * mh];
        List<Box> out = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < prob.length; start++) {
            if (label[start] != 0 || prob[start] <= THRESH) {
                continue;
            }
            next++;
            // Flood fill (8-connected), collecting moments.
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            long n = 0;
            double sum = 0;
            double mx = 0;
            double my = 0;
            double mxx = 0;
            double myy = 0;
            double mxy = 0;
            List<Integer> pixels = new ArrayList<>();
            while (top > 0) {
                int p = stack[--top];
                pixels.add(p);
                int x = p % mw;
                int y = p / mw;
                n++;
                sum += prob[p];
                mx += x;
                my += y;
                mxx += (double) x * x;
                myy += (double) y * y;
                mxy += (double) x * y;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= mh) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= mw) {
                            continue;
                        }
                        int q = yy * mw + xx;
                        if (label[q] == 0 && prob[q] > THRESH) {
                            label[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (n < MIN_SIZE * MIN_SIZE || sum / n < BOX_THRESH) {
                continue;
            }
            double cx = mx / n;
            double cy = my / n;
            double cxx = mxx / n - cx * cx;
            double cyy = myy / n - cy * cy;
            double cxy = mxy / n - cx * cy;
            double angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
            Box b = extent(pixels, mw, cx, cy, angle);
            // A short region (one character) has no reliable direction: read it level.
            if (b.w() < 1.5 * b.h() || Math.abs(angle) > Math.toRadians(30)) {
                b = extent(pixels, mw, cx, cy, 0);
            }
            if (Math.min(b.w(), b.h()) < MIN_SIZE) {
                continue;
            }
            double d = b.w() * b.h() * UNCLIP / (2 * (b.w() + b.h()));
            double w = (b.w() + 2 * d) * sx;
            double h = (b.h() + 2 * d) * sy;
            out.add(new Box((b.cx() + 0.5) * sx, (b.cy() + 0.5) * sy, w, h, b.angle(), sum / n));
        }
        return out;
    }

    /** The rectangle along {@code angle} that holds every pixel. */
    private static Box extent(List<Integer> pixels, int mw, double cx, double cy, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double minU = Double.MAX_VALUE;
        double maxU = -Double.MAX_VALUE;
        double minV = Double.MAX_VALUE;
        double maxV = -Double.MAX_VALUE;
        for (int p : pixels) {
            double dx = p % mw - cx;
            double dy = p / mw - cy;
            double u = dx * cos + dy * sin;
            double v = -dx * sin + dy * cos;
            minU = Math.min(minU, u);
            maxU = Math.max(maxU, u);
            minV = Math.min(minV, v);
            maxV = Math.max(maxV, v);
        }
        double mu = (minU + maxU) / 2;
        double mv = (minV + maxV) / 2;
        return new Box(cx + mu * cos - mv * sin, cy + mu * sin + mv * cos, maxU - minU + 1, maxV - minV + 1, angle, 0);
    }
}

package dev.enclave.semi.tests;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * A third generator of die-surface defect images, written from issue 21's class names alone (not from the
 * pack's {@code DefectImageGenerator} or {@link OtherDefectImages}), as a development set for the defect
 * classifier: tuning decisions are scored on it, so it is no blind set.
 *
 * <p>Style: every image is a height-and-albedo field shaded by one light direction (an SEM or dark-field
 * look) rather than drawn strokes. Surfaces are bond-pad arrays with a contact in each pad, interdigitated
 * comb lines (slightly tilted), via rings, staggered bricks, or a granular value-noise film; lighting is a
 * radial fall-off from an off-image lamp, a sinusoidal banding or line-scan column stripes; a third of the
 * images carry a random two-colour or false-colour palette, some are blurred, a fifth are saved as JPEG.
 * Defects: {@code scratch} — one to three shallow grooves along a gentle curve, or a bundle of parallel
 * micro-scratches; {@code pit} — one to six craters, shaded as depressions (dark towards the light);
 * {@code bump} — particles or hillocks, shaded as protrusions, with a cast shadow, some with ragged outlines;
 * {@code crack} — a fracture of short straight segments with sharp turns, branching, tapering;
 * {@code deformation} — the pattern displaced by a smooth local field (bulge, swirl or ripple);
 * {@code misalignment} — the pattern of a half-plane, block or band shifted by a quarter to a half pitch, or
 * the contact layer off-centre on its pads; {@code none} — the clean surface. Sizes 160–320 px, either side.
 *
 * <p>Deterministic for a seed; not thread-safe.
 */
final class ThirdDefectImages {
    static final List<String> CLASSES = List.of("scratch", "pit", "bump", "crack", "deformation",
            "misalignment", "none");
    private final SplittableRandom rnd;

    ThirdDefectImages(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** Writes {@code perClass} images of each class to {@code dir/<class>/}. */
    void write(Path dir, int perClass) throws IOException {
        for (String c : CLASSES) {
            Files.createDirectories(dir.resolve(c));
        }
        for (int i = 0; i < perClass; i++) {
            for (String c : CLASSES) {
                BufferedImage img = image(c);
                boolean jpeg = rnd.nextDouble() < 0.2;
                Path f = dir.resolve(c).resolve(String.format("%s-%03d.%s", c, i, jpeg ? "jpg" : "png"));
                ImageIO.write(img, jpeg ? "jpg" : "png", f.toFile());
            }
        }
    }

    /** A surface pattern: reflectance 0–1 at pattern coordinates (u, v). */
    private interface Pattern {
        double at(double u, double v);
    }

    BufferedImage image(String label) {
        int w = rnd.nextInt(160, 321), h = rnd.nextInt(160, 321);
        int m = Math.min(w, h);
        boolean geometric = label.equals("deformation") || label.equals("misalignment");
        int style = geometric ? rnd.nextInt(4) : rnd.nextInt(5);
        double pitch = m * (0.06 + rnd.nextDouble() * 0.1);
        double tilt = rnd.nextDouble() < 0.5 ? 0 : (rnd.nextDouble() - 0.5) * 0.2;
        if (rnd.nextDouble() < 0.3) {
            tilt += Math.PI / 2;
        }
        boolean overlay = label.equals("misalignment") && style == 0 && rnd.nextDouble() < 0.5;
        double cdx = 0, cdy = 0; // the contact layer's offset inside its pad
        if (overlay) {
            double a = rnd.nextDouble() * Math.PI * 2, d = pitch * (0.18 + rnd.nextDouble() * 0.12);
            cdx = Math.cos(a) * d;
            cdy = Math.sin(a) * d;
        }
        Pattern p = pattern(style, pitch, cdx, cdy);
        double[] noise = valueNoise(w, h, 4 + rnd.nextInt(10), rnd.nextLong());
        double grain = 0.04 + rnd.nextDouble() * 0.12;
        double ct = Math.cos(tilt), st = Math.sin(tilt);
        double ox = rnd.nextDouble() * pitch, oy = rnd.nextDouble() * pitch;
        Warp warp = label.equals("deformation") ? deformation(w, h, pitch)
                : label.equals("misalignment") && !overlay ? shift(w, h, pitch) : (x, y) -> new double[] { x, y };
        double[] refl = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] q = warp.at(x, y);
                double u = q[0] * ct + q[1] * st + ox, v = -q[0] * st + q[1] * ct + oy;
                refl[y * w + x] = p.at(u, v) * (1 - grain) + grain * noise[y * w + x];
            }
        }
        double la = rnd.nextDouble() * Math.PI * 2; // light azimuth in the image plane
        double lx = Math.cos(la), ly = Math.sin(la);
        double[] height = new double[w * h]; // defect relief, shaded by the light afterwards
        double[] albedo = new double[w * h];
        java.util.Arrays.fill(albedo, 1);
        switch (label) {
            case "scratch" -> scratches(w, h, height, albedo);
            case "pit" -> craters(w, h, height, albedo, false, lx, ly);
            case "bump" -> craters(w, h, height, albedo, true, lx, ly);
            case "crack" -> crack(w, h, height, albedo);
            default -> {
            }
        }
        double relief = 0.35 + rnd.nextDouble() * 0.4;
        double[] lit = new double[w * h];
        int lamp = rnd.nextInt(3);
        double lampX = rnd.nextDouble() * w * 2 - w / 2.0, lampY = rnd.nextDouble() * h * 2 - h / 2.0;
        double fall = 0.2 + rnd.nextDouble() * 0.5, band = 2 + rnd.nextDouble() * 5, bandA = rnd.nextDouble() * 3;
        double[] column = new double[w];
        for (int x = 0; x < w; x++) {
            column[x] = 1 + (rnd.nextDouble() - 0.5) * 0.08;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double gx = (at(height, w, h, x + 1, y) - at(height, w, h, x - 1, y)) / 2;
                double gy = (at(height, w, h, x, y + 1) - at(height, w, h, x, y - 1)) / 2;
                double shade = 1 - relief * (gx * lx + gy * ly);
                double light = switch (lamp) {
                    case 0 -> 1 - fall * Math.hypot(x - lampX, y - lampY) / Math.hypot(w, h);
                    case 1 -> 1 - fall * 0.5 * (1 + Math.sin(band * Math.PI * (x * Math.cos(bandA) + y
                            * Math.sin(bandA)) / m));
                    default -> column[x] * (1 - fall * 0.3 * y / h);
                };
                lit[i] = refl[i] * albedo[i] * shade * light;
            }
        }
        if (rnd.nextDouble() < 0.35) {
            lit = boxBlur(lit, w, h, 1 + rnd.nextInt(2));
        }
        double sigma = rnd.nextDouble() * 0.05, gamma = 0.7 + rnd.nextDouble() * 0.7;
        double lo = rnd.nextDouble() * 0.2, hi = 0.75 + rnd.nextDouble() * 0.25;
        int palette = rnd.nextDouble() < 0.67 ? 0 : 1 + rnd.nextInt(2);
        int[] dark = { rnd.nextInt(0, 120), rnd.nextInt(0, 120), rnd.nextInt(0, 120) };
        int[] bright = { rnd.nextInt(120, 256), rnd.nextInt(120, 256), rnd.nextInt(120, 256) };
        double hue0 = rnd.nextDouble();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = lit[y * w + x] + rnd.nextDouble() * sigma * 2 - sigma + gaussian() * sigma * 0.5;
                v = lo + (hi - lo) * Math.pow(Math.clamp(v, 0, 1), gamma);
                int rgb;
                if (palette == 0) {
                    int g = (int) Math.round(v * 255);
                    rgb = g << 16 | g << 8 | g;
                } else if (palette == 1) {
                    rgb = mix(dark[0], bright[0], v) << 16 | mix(dark[1], bright[1], v) << 8 | mix(dark[2], bright[2], v);
                } else {
                    rgb = java.awt.Color.HSBtoRGB((float) (hue0 + v * 0.6), 0.55f, (float) (0.25 + 0.75 * v))
                            & 0xffffff;
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.clamp(Math.round(a + (b - a) * t), 0, 255);
    }

    private double gaussian() {
        double u = Math.max(1e-12, rnd.nextDouble()), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double at(double[] a, int w, int h, int x, int y) {
        return a[Math.clamp(y, 0, h - 1) * w + Math.clamp(x, 0, w - 1)];
    }

    private Pattern pattern(int style, double pitch, double cdx, double cdy) {
        double duty = 0.35 + rnd.nextDouble() * 0.3;
        double base = 0.25 + rnd.nextDouble() * 0.2, top = 0.65 + rnd.nextDouble() * 0.3;
        boolean invert = rnd.nextDouble() < 0.3;
        double b = invert ? top : base, t = invert ? base : top;
        return switch (style) {
            case 0 -> (u, v) -> { // bond pads with a contact, a dark gap around each pad
                double fu = frac(u / pitch) - 0.5, fv = frac(v / pitch) - 0.5;
                double half = duty * 0.5 + 0.15;
                double r = roundedBox(fu, fv, half, 0.08);
                double pad = smooth(-r * pitch, 1.2);
                double c = Math.hypot(fu * pitch - cdx, fv * pitch - cdy) - pitch * 0.14;
                double contact = smooth(-c, 1.0);
                return b + (t - b) * pad * (1 - 0.55 * contact);
            };
            case 1 -> (u, v) -> { // interdigitated comb: lines with a spine every 6 pitches
                double fu = frac(u / pitch) - 0.5;
                double line = smooth((duty * 0.5 - Math.abs(fu)) * pitch, 1.0);
                double fv = frac(v / (pitch * 6)) - 0.5;
                double spine = smooth((0.06 - Math.abs(fv)) * pitch * 6, 1.0);
                return b + (t - b) * Math.max(line, spine);
            };
            case 2 -> (u, v) -> { // via rings
                double fu = frac(u / pitch) - 0.5, fv = frac(v / pitch) - 0.5;
                double r = Math.hypot(fu, fv) * pitch;
                double ring = smooth(pitch * 0.08 - Math.abs(r - pitch * (0.18 + duty * 0.2)), 0.8);
                return b + (t - b) * (0.25 + 0.75 * ring);
            };
            case 3 -> (u, v) -> { // staggered bricks
                double row = Math.floor(v / pitch);
                double fu = frac(u / (pitch * 2) + (row % 2 == 0 ? 0 : 0.5)) - 0.5, fv = frac(v / pitch) - 0.5;
                double r = roundedBox(fu * 2, fv, duty * 0.5 + 0.2, 0.02);
                return b + (t - b) * smooth(-r * pitch, 1.0);
            };
            default -> (u, v) -> (b + t) / 2; // plain film: the grain texture does the rest
        };
    }

    private static double frac(double x) {
        return x - Math.floor(x);
    }

    /** Signed distance (in pattern cells) from a box of half side {@code half} with corner radius {@code rr}. */
    private static double roundedBox(double x, double y, double half, double rr) {
        double qx = Math.abs(x) - half + rr, qy = Math.abs(y) - half + rr;
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - rr;
    }

    /** 0 → 1 across a soft edge of width {@code soft} pixels centred where {@code d} is 0. */
    private static double smooth(double d, double soft) {
        return 1 / (1 + Math.exp(-d / Math.max(0.3, soft) * 2.5));
    }

    /** Maps image coordinates to the coordinates at which the pattern is read. */
    private interface Warp {
        double[] at(double x, double y);
    }

    private Warp deformation(int w, int h, double pitch) {
        double cx = w * (0.25 + rnd.nextDouble() * 0.5), cy = h * (0.25 + rnd.nextDouble() * 0.5);
        double radius = Math.min(w, h) * (0.2 + rnd.nextDouble() * 0.2);
        double amp = pitch * (0.4 + rnd.nextDouble() * 0.6);
        int kind = rnd.nextInt(3);
        double sign = rnd.nextBoolean() ? 1 : -1;
        double wave = 2 + rnd.nextDouble() * 2;
        return (x, y) -> {
            double dx = x - cx, dy = y - cy, r = Math.hypot(dx, dy);
            double fall = Math.exp(-(r * r) / (2 * radius * radius * 0.45));
            return switch (kind) {
                case 0 -> { // bulge or dent: radial push
                    double s = r < 1e-6 ? 0 : sign * amp * fall * Math.sin(Math.min(1, r / radius) * Math.PI) / r;
                    yield new double[] { x - dx * s, y - dy * s };
                }
                case 1 -> { // swirl
                    double a = sign * amp / radius * 2.2 * fall;
                    double c = Math.cos(a), s = Math.sin(a);
                    yield new double[] { cx + dx * c - dy * s, cy + dx * s + dy * c };
                }
                default -> { // a ripple travelling through the region
                    double d = amp * fall * Math.sin(wave * Math.PI * r / radius);
                    yield new double[] { x + d, y + d * 0.6 };
                }
            };
        };
    }

    private Warp shift(int w, int h, double pitch) {
        double a = rnd.nextDouble() * Math.PI * 2, d = pitch * (0.25 + rnd.nextDouble() * 0.25);
        double sx = Math.cos(a) * d, sy = Math.sin(a) * d;
        int kind = rnd.nextInt(3);
        double px = w * (0.3 + rnd.nextDouble() * 0.4), py = h * (0.3 + rnd.nextDouble() * 0.4);
        double na = rnd.nextInt(4) * Math.PI / 2 + (rnd.nextDouble() < 0.3 ? (rnd.nextDouble() - 0.5) * 0.6 : 0);
        double nx = Math.cos(na), ny = Math.sin(na);
        double bw = Math.min(w, h) * (0.15 + rnd.nextDouble() * 0.2);
        double x0 = rnd.nextDouble() * w * 0.5, y0 = rnd.nextDouble() * h * 0.5;
        double x1 = x0 + w * (0.3 + rnd.nextDouble() * 0.3), y1 = y0 + h * (0.3 + rnd.nextDouble() * 0.3);
        return (x, y) -> {
            boolean in = switch (kind) {
                case 0 -> (x - px) * nx + (y - py) * ny > 0; // half-plane
                case 1 -> Math.abs((x - px) * nx + (y - py) * ny) < bw / 2; // band
                default -> x >= x0 && x < x1 && y >= y0 && y < y1; // block (a stitched field)
            };
            return in ? new double[] { x + sx, y + sy } : new double[] { x, y };
        };
    }

    /** Grooves: the relief sinks along each line; a groove also scatters light (albedo down or up). */
    private void scratches(int w, int h, double[] height, double[] albedo) {
        double[] dist = new double[w * h];
        java.util.Arrays.fill(dist, Double.MAX_VALUE);
        int m = Math.min(w, h);
        List<double[]> lines = new ArrayList<>();
        if (rnd.nextDouble() < 0.3) { // a bundle of parallel micro-scratches from one polishing pass
            double a = rnd.nextDouble() * Math.PI, len = Math.hypot(w, h) * (0.4 + rnd.nextDouble() * 0.5);
            double cx = w / 2.0 + (rnd.nextDouble() - 0.5) * w * 0.4, cy = h / 2.0 + (rnd.nextDouble() - 0.5) * h * 0.4;
            int n = 3 + rnd.nextInt(5);
            for (int k = 0; k < n; k++) {
                double off = (k - n / 2.0) * m * (0.02 + rnd.nextDouble() * 0.04);
                double ox = -Math.sin(a) * off, oy = Math.cos(a) * off;
                double l = len * (0.5 + rnd.nextDouble() * 0.5);
                lines.add(new double[] { cx + ox - Math.cos(a) * l / 2, cy + oy - Math.sin(a) * l / 2,
                        cx + ox + Math.cos(a) * l / 2, cy + oy + Math.sin(a) * l / 2, 0 });
            }
        } else {
            int n = 1 + (rnd.nextDouble() < 0.35 ? 1 + rnd.nextInt(2) : 0);
            for (int k = 0; k < n; k++) {
                double a = rnd.nextDouble() * Math.PI, len = Math.hypot(w, h) * (0.5 + rnd.nextDouble() * 0.5);
                double cx = w * (0.2 + rnd.nextDouble() * 0.6), cy = h * (0.2 + rnd.nextDouble() * 0.6);
                double bend = (rnd.nextDouble() - 0.5) * len * 0.3;
                lines.add(new double[] { cx - Math.cos(a) * len / 2, cy - Math.sin(a) * len / 2,
                        cx + Math.cos(a) * len / 2, cy + Math.sin(a) * len / 2, bend });
            }
        }
        double width = 0.7 + rnd.nextDouble() * 1.8;
        for (double[] l : lines) {
            // A quadratic curve through the bent midpoint, as short segments.
            double mx = (l[0] + l[2]) / 2 - (l[3] - l[1]) / Math.hypot(l[2] - l[0], l[3] - l[1]) * l[4];
            double my = (l[1] + l[3]) / 2 + (l[2] - l[0]) / Math.hypot(l[2] - l[0], l[3] - l[1]) * l[4];
            double px = l[0], py = l[1];
            boolean broken = rnd.nextDouble() < 0.3;
            for (int s = 1; s <= 24; s++) {
                double t = s / 24.0;
                double qx = (1 - t) * (1 - t) * l[0] + 2 * t * (1 - t) * mx + t * t * l[2];
                double qy = (1 - t) * (1 - t) * l[1] + 2 * t * (1 - t) * my + t * t * l[3];
                if (!broken || rnd.nextDouble() < 0.75) {
                    segment(dist, w, h, px, py, qx, qy, width + 3);
                }
                px = qx;
                py = qy;
            }
        }
        double depth = 1.5 + rnd.nextDouble() * 2.5, tone = rnd.nextDouble() < 0.7 ? 0.55 : 1.5;
        for (int i = 0; i < dist.length; i++) {
            if (dist[i] < width + 3) {
                double g = Math.exp(-dist[i] * dist[i] / (2 * width * width));
                height[i] -= depth * g;
                albedo[i] *= 1 + (tone - 1) * g;
            }
        }
    }

    private void craters(int w, int h, double[] height, double[] albedo, boolean raised, double lx, double ly) {
        int m = Math.min(w, h);
        int n = raised && rnd.nextDouble() < 0.25 ? 4 + rnd.nextInt(6) : 1 + rnd.nextInt(raised ? 3 : 6);
        for (int k = 0; k < n; k++) {
            double r = m * (n > 3 ? 0.02 + rnd.nextDouble() * 0.03 : 0.035 + rnd.nextDouble() * 0.05);
            double cx = w * (0.12 + rnd.nextDouble() * 0.76), cy = h * (0.12 + rnd.nextDouble() * 0.76);
            double ecc = 0.7 + rnd.nextDouble() * 0.6, rot = rnd.nextDouble() * Math.PI;
            double[] lobes = { rnd.nextDouble() * 0.25, rnd.nextDouble() * 0.2, rnd.nextDouble() * 6.3 };
            boolean ragged = raised && rnd.nextDouble() < 0.5;
            double peak = r * (0.6 + rnd.nextDouble() * 0.6);
            double tone = raised ? 1.15 + rnd.nextDouble() * 0.5 : 0.35 + rnd.nextDouble() * 0.35;
            int x0 = (int) Math.max(0, cx - 3 * r), x1 = (int) Math.min(w - 1, cx + 3 * r);
            int y0 = (int) Math.max(0, cy - 3 * r), y1 = (int) Math.min(h - 1, cy + 3 * r);
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double dx = x - cx, dy = y - cy;
                    double u = (dx * Math.cos(rot) + dy * Math.sin(rot)) / ecc;
                    double v = -dx * Math.sin(rot) + dy * Math.cos(rot);
                    double ang = Math.atan2(v, u);
                    double rr = r * (ragged ? 1 + lobes[0] * Math.sin(3 * ang + lobes[2])
                            + lobes[1] * Math.sin(5 * ang) : 1);
                    double q = Math.hypot(u, v) / rr;
                    int i = y * w + x;
                    if (q < 1) {
                        double cap = Math.sqrt(1 - q * q);
                        height[i] += (raised ? 1 : -1) * peak * cap;
                        albedo[i] *= 1 + (tone - 1) * Math.min(1, cap * 2);
                    } else if (!raised && q < 1.3) {
                        height[i] += peak * 0.15 * (1.3 - q) / 0.3; // a low rim thrown up around the pit
                    }
                    if (raised) { // the cast shadow on the side away from the light
                        double sx = x + lx * peak * 1.2 - cx, sy = y + ly * peak * 1.2 - cy;
                        double su = (sx * Math.cos(rot) + sy * Math.sin(rot)) / ecc;
                        double sv = -sx * Math.sin(rot) + sy * Math.cos(rot);
                        if (q >= 1 && Math.hypot(su, sv) < rr) {
                            albedo[i] *= 0.55;
                        }
                    }
                }
            }
        }
    }

    private void crack(int w, int h, double[] height, double[] albedo) {
        double[] dist = new double[w * h];
        double[] wid = new double[w * h];
        java.util.Arrays.fill(dist, Double.MAX_VALUE);
        int m = Math.min(w, h);
        double total = m * (0.5 + rnd.nextDouble() * 0.6);
        // From an edge or from a point inside (a chip corner), heading inwards.
        double x, y, a;
        if (rnd.nextBoolean()) {
            int side = rnd.nextInt(4);
            x = side == 0 ? 0 : side == 1 ? w - 1 : rnd.nextDouble() * w;
            y = side == 2 ? 0 : side == 3 ? h - 1 : rnd.nextDouble() * h;
            a = Math.atan2(h / 2.0 - y, w / 2.0 - x) + (rnd.nextDouble() - 0.5) * 0.8;
        } else {
            x = w * (0.2 + rnd.nextDouble() * 0.6);
            y = h * (0.2 + rnd.nextDouble() * 0.6);
            a = rnd.nextDouble() * Math.PI * 2;
        }
        double width = 1.2 + rnd.nextDouble() * 1.5;
        List<double[]> pendingBranches = new ArrayList<>();
        pendingBranches.add(new double[] { x, y, a, total, width });
        while (!pendingBranches.isEmpty()) {
            double[] c = pendingBranches.remove(pendingBranches.size() - 1);
            double cx = c[0], cy = c[1], ca = c[2], left = c[3], cw = c[4];
            while (left > 0 && cw > 0.35) {
                double len = m * (0.03 + rnd.nextDouble() * 0.05);
                ca += (rnd.nextDouble() - 0.5) * 1.4;
                double nx = cx + Math.cos(ca) * len, ny = cy + Math.sin(ca) * len;
                segmentWidth(dist, wid, w, h, cx, cy, nx, ny, cw);
                if (rnd.nextDouble() < 0.15 && pendingBranches.size() < 4) {
                    pendingBranches.add(new double[] { nx, ny, ca + (rnd.nextBoolean() ? 1 : -1) * (0.5 + rnd.nextDouble()),
                            left * 0.45, cw * 0.7 });
                }
                cx = nx;
                cy = ny;
                left -= len;
                cw *= 0.96;
            }
        }
        for (int i = 0; i < dist.length; i++) {
            if (wid[i] > 0) {
                double g = Math.exp(-dist[i] * dist[i] / (2 * wid[i] * wid[i] * 0.5));
                height[i] -= 3 * g;
                albedo[i] *= 1 - 0.75 * g;
            }
        }
    }

    /** Lowers {@code dist} to each pixel's distance from the segment, within {@code reach}. */
    private static void segment(double[] dist, int w, int h, double ax, double ay, double bx, double by,
            double reach) {
        int x0 = (int) Math.max(0, Math.min(ax, bx) - reach), x1 = (int) Math.min(w - 1, Math.max(ax, bx) + reach);
        int y0 = (int) Math.max(0, Math.min(ay, by) - reach), y1 = (int) Math.min(h - 1, Math.max(ay, by) + reach);
        double dx = bx - ax, dy = by - ay, l2 = Math.max(1e-9, dx * dx + dy * dy);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double t = Math.clamp(((x - ax) * dx + (y - ay) * dy) / l2, 0, 1);
                double d = Math.hypot(x - ax - t * dx, y - ay - t * dy);
                if (d < dist[y * w + x]) {
                    dist[y * w + x] = d;
                }
            }
        }
    }

    private static void segmentWidth(double[] dist, double[] wid, int w, int h, double ax, double ay, double bx,
            double by, double width) {
        double reach = width * 3 + 1;
        int x0 = (int) Math.max(0, Math.min(ax, bx) - reach), x1 = (int) Math.min(w - 1, Math.max(ax, bx) + reach);
        int y0 = (int) Math.max(0, Math.min(ay, by) - reach), y1 = (int) Math.min(h - 1, Math.max(ay, by) + reach);
        double dx = bx - ax, dy = by - ay, l2 = Math.max(1e-9, dx * dx + dy * dy);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double t = Math.clamp(((x - ax) * dx + (y - ay) * dy) / l2, 0, 1);
                double d = Math.hypot(x - ax - t * dx, y - ay - t * dy);
                if (d < dist[y * w + x]) {
                    dist[y * w + x] = d;
                    wid[y * w + x] = width;
                }
            }
        }
    }

    /** Bilinear value noise with cells of {@code cell} pixels, values 0–1. */
    private static double[] valueNoise(int w, int h, int cell, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int gw = w / cell + 2, gh = h / cell + 2;
        double[] g = new double[gw * gh];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextDouble();
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double fx = x / (double) cell, fy = y / (double) cell;
                int ix = (int) fx, iy = (int) fy;
                double tx = fx - ix, ty = fy - iy;
                tx = tx * tx * (3 - 2 * tx);
                ty = ty * ty * (3 - 2 * ty);
                double a = g[iy * gw + ix] + (g[iy * gw + ix + 1] - g[iy * gw + ix]) * tx;
                double b = g[(iy + 1) * gw + ix] + (g[(iy + 1) * gw + ix + 1] - g[(iy + 1) * gw + ix]) * tx;
                out[y * w + x] = a + (b - a) * ty;
            }
        }
        return out;
    }

    private static double[] boxBlur(double[] v, int w, int h, int r) {
        double[] t = new double[w * h], o = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int n = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = x + k;
                    if (xx >= 0 && xx < w) {
                        s += v[y * w + xx];
                        n++;
                    }
                }
                t[y * w + x] = s / n;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int n = 0;
                for (int k = -r; k <= r; k++) {
                    int yy = y + k;
                    if (yy >= 0 && yy < h) {
                        s += t[yy * w + x];
                        n++;
                    }
                }
                o[y * w + x] = s / n;
            }
        }
        return o;
    }
}

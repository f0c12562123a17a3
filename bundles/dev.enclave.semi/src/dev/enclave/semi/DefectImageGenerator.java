package dev.enclave.semi;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Synthetic die-surface inspection images of the seven defect classes of
 * {@link DefectImages#CLASSES}, the data the pack's shipped defect classifier was trained on.
 *
 * <p>Every image is a reflectance field rendered per pixel and then lit, blurred, noised and
 * coloured. What varies: the surface pattern (metal lines at 0°, 90° or 45°, grids, pad arrays,
 * staggered contacts, Manhattan blocks, plain polished grain) with its pitch, duty cycle, edge
 * softness and contrast; lighting (linear gradients, vignetting, blotchy low-frequency shading,
 * gamma, a broad specular hot spot); surface texture (polishing grain, fractal mottling, fine brushed
 * streaks along one direction, speckle); sensor (Gaussian blur, noise, contrast, JPEG compression at
 * quality 35–95); colour (grey SEM-like, tinted, or two materials in colours of their own whose
 * luminance contrast may be small or reversed); image size and aspect (96–400 px). Defects: {@code scratch} — one to three
 * smooth lines or arcs across much of the image, thin, darker or brighter, sometimes broken;
 * {@code pit} — dark round or elliptical depressions, soft-edged, often with a bright rim on the lit
 * side; {@code bump} — bright particles or protrusions with a shadow on the far side, round or
 * irregular; {@code crack} — dark jagged random-walk lines with branches; {@code deformation} — the
 * pattern bent by a smooth local displacement (bulge, pinch, swirl or wave); {@code misalignment} —
 * the pattern of a region (half-plane, band or block) shifted against the rest by a fraction of
 * its pitch; {@code none} — the clean surface. Sizes and positions are drawn relative to the
 * image, so the classes do not depend on resolution.
 *
 * <p>Deterministic: the same seed gives the same images. Not thread-safe.
 */
public final class DefectImageGenerator {
    private final Random random;

    /** A generator seeded with {@code seed}. */
    public DefectImageGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** An image of a uniformly drawn class; the class is {@link Image#label()}. */
    public Image next() {
        return next(DefectImages.CLASSES.get(random.nextInt(DefectImages.CLASSES.size())));
    }

    /** One generated image and its class. */
    public record Image(BufferedImage image, String label) {
    }

    /**
     * An image of the given class.
     *
     * @throws IllegalArgumentException if {@code label} is not one of {@link DefectImages#CLASSES}
     */
    public Image next(String label) {
        if (!DefectImages.CLASSES.contains(label)) {
            throw new IllegalArgumentException("unknown defect class " + label);
        }
        int side = 96 + random.nextInt(305);
        double aspect = 0.7 + random.nextDouble() * 0.6;
        int w = (int) Math.max(64, Math.min(420, side * Math.sqrt(aspect)));
        int h = (int) Math.max(64, Math.min(420, side / Math.sqrt(aspect)));
        BufferedImage img = render(label, w, h);
        if (random.nextDouble() < 0.4) {
            img = jpeg(img, 0.35f + random.nextFloat() * 0.6f);
        }
        return new Image(img, label);
    }

    /** {@code img} after JPEG compression at {@code quality} (0–1): block and ringing artefacts. */
    static BufferedImage jpeg(BufferedImage img, float quality) {
        try {
            javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            return back == null ? img : back;
        } catch (java.io.IOException e) {
            return img; // in memory: does not happen
        }
    }

    /**
     * An image of the given class rendered small (72–160 px a side), for training a classifier whose input
     * is smaller still: the same scene as {@link #next(String)} at a lower resolution, much cheaper to make.
     */
    public Image nextSmall(String label) {
        if (!DefectImages.CLASSES.contains(label)) {
            throw new IllegalArgumentException("unknown defect class " + label);
        }
        int side = 72 + random.nextInt(89);
        double aspect = 0.7 + random.nextDouble() * 0.6;
        int w = (int) Math.max(64, side * Math.sqrt(aspect));
        int h = (int) Math.max(64, side / Math.sqrt(aspect));
        return new Image(render(label, w, h), label);
    }

    /** Renders one image of {@code label} at {@code w × h} pixels. */
    BufferedImage render(String label, int w, int h) {
        int m = Math.min(w, h);
        Pattern pattern = pattern(m, label);
        float[] f = new float[w * h];
        Warp warp = label.equals("deformation") ? deformation(w, h, pattern.pitch) : null;
        Shift shift = label.equals("misalignment") ? misalignment(w, h, pattern.pitch) : null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x, v = y;
                if (warp != null) {
                    double[] d = warp.at(x, y);
                    u += d[0];
                    v += d[1];
                }
                if (shift != null && shift.inside(x, y)) {
                    u += shift.dx;
                    v += shift.dy;
                }
                f[y * w + x] = (float) pattern.at(u, v);
            }
        }
        // Which pixels are the pattern's second material, before defects and texture change the values.
        float[] material = new float[w * h];
        for (int i = 0; i < f.length; i++) {
            material[i] = (float) Math.clamp((f[i] - pattern.base) / pattern.contrast, 0, 1);
        }
        addGrain(f, w, h);
        addTexture(f, w, h);
        switch (label) {
            case "scratch" -> scratches(f, w, h);
            case "pit" -> spots(f, w, h, false);
            case "bump" -> spots(f, w, h, true);
            case "crack" -> cracks(f, w, h);
            default -> {
            }
        }
        light(f, w, h);
        blur(f, w, h, random.nextDouble() < 0.6 ? random.nextDouble() * 1.6 : 0);
        double noise = 0.005 + random.nextDouble() * random.nextDouble() * 0.09;
        for (int i = 0; i < f.length; i++) {
            f[i] += (float) (random.nextGaussian() * noise);
        }
        return colour(f, material, w, h);
    }

    // ---- surface patterns ------------------------------------------------------------------

    private static final class Pattern {
        int kind;
        double pitch;
        double pitch2;
        double duty;
        double duty2;
        double soft;
        double contrast;
        double base;
        double angle;
        long seed;

        double at(double x, double y) {
            double c = Math.cos(angle), s = Math.sin(angle);
            double u = x * c + y * s, v = -x * s + y * c;
            double t = switch (kind) {
                case 0 -> band(u, pitch, duty); // lines
                case 1 -> Math.max(band(u, pitch, duty), band(v, pitch2, duty2)); // grid
                case 2 -> band(u, pitch, duty) * band(v, pitch2, duty2); // pads
                case 3 -> { // staggered contacts
                    double row = Math.floor(v / pitch2);
                    double off = (Math.floorMod((long) row, 2L)) * pitch / 2;
                    yield dot(u + off, v, pitch, pitch2, duty);
                }
                case 4 -> blocks(u, v); // Manhattan blocks
                default -> 0; // plain
            };
            return base + contrast * t;
        }

        /** 1 inside the line of a periodic band of width {@code duty * p}, soft edges. */
        double band(double u, double p, double d) {
            double phase = u / p - Math.floor(u / p);
            double signed = phase < d ? Math.min(phase, d - phase) : -Math.min(phase - d, 1 - phase);
            return sigmoid(signed * p / soft);
        }

        double dot(double u, double v, double pu, double pv, double d) {
            double a = (u / pu - Math.floor(u / pu)) - 0.5, b = (v / pv - Math.floor(v / pv)) - 0.5;
            double r = Math.hypot(a * pu, b * pv);
            return sigmoid((d * Math.min(pu, pv) / 2 - r) / soft);
        }

        double blocks(double u, double v) {
            long cx = (long) Math.floor(u / pitch), cy = (long) Math.floor(v / pitch2);
            long h = (cx * 73856093L) ^ (cy * 19349663L) ^ seed;
            h = h * 0x9E3779B97F4A7C15L;
            boolean on = ((h >>> 40) & 3) != 0;
            double inner = Math.min(Math.min(u / pitch - cx, 1 - (u / pitch - cx)) * pitch,
                    Math.min(v / pitch2 - cy, 1 - (v / pitch2 - cy)) * pitch2);
            return on ? sigmoid((inner - 1.5) / soft) : 0;
        }

        static double sigmoid(double z) {
            return 1 / (1 + Math.exp(-z));
        }
    }

    private Pattern pattern(int m, String label) {
        Pattern p = new Pattern();
        boolean needsPattern = label.equals("deformation") || label.equals("misalignment");
        p.kind = needsPattern ? random.nextInt(5) : random.nextInt(6);
        p.pitch = m * (0.04 + random.nextDouble() * 0.12);
        p.pitch2 = random.nextDouble() < 0.5 ? p.pitch : m * (0.04 + random.nextDouble() * 0.12);
        p.duty = 0.25 + random.nextDouble() * 0.45;
        p.duty2 = 0.25 + random.nextDouble() * 0.45;
        p.soft = 0.3 + random.nextDouble() * 1.5;
        p.contrast = (random.nextBoolean() ? 1 : -1) * (0.12 + random.nextDouble() * 0.4);
        p.base = 0.35 + random.nextDouble() * 0.3 - p.contrast / 2;
        double r = random.nextDouble();
        p.angle = r < 0.45 ? 0 : r < 0.85 ? Math.PI / 2 : Math.PI / 4 * (random.nextBoolean() ? 1 : -1);
        p.seed = random.nextLong();
        return p;
    }

    /** Fine polishing grain and blotchy low-frequency shading. */
    private void addGrain(float[] f, int w, int h) {
        double amp = random.nextDouble() * 0.05;
        double[][] waves = new double[4][];
        for (int k = 0; k < waves.length; k++) {
            double a = random.nextDouble() * Math.PI * 2;
            double freq = (1 + random.nextDouble() * 3) * 2 * Math.PI / Math.max(w, h);
            waves[k] = new double[] { Math.cos(a) * freq, Math.sin(a) * freq, random.nextDouble() * 6.3,
                    random.nextDouble() * 0.06 };
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (double[] wv : waves) {
                    s += wv[3] * Math.sin(wv[0] * x + wv[1] * y + wv[2]);
                }
                f[y * w + x] += (float) (s + amp * (random.nextDouble() - 0.5));
            }
        }
    }

    /**
     * One of: nothing, fractal mottling (value noise over several octaves), fine brushed streaks along one
     * direction (many faint, short and thin: unlike a scratch, none stands out), or speckle.
     */
    private void addTexture(float[] f, int w, int h) {
        double pick = random.nextDouble();
        if (pick < 0.35) {
            return;
        }
        if (pick < 0.6) {
            double amp = 0.02 + random.nextDouble() * 0.08;
            double cell = Math.max(w, h) * (0.05 + random.nextDouble() * 0.15);
            long seed = random.nextLong();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0, a = 1, c = cell, norm = 0;
                    for (int o = 0; o < 4; o++) {
                        s += a * valueNoise(x / c, y / c, seed + o);
                        norm += a;
                        a *= 0.55;
                        c /= 2;
                    }
                    f[y * w + x] += (float) (amp * (s / norm - 0.5) * 2);
                }
            }
        } else if (pick < 0.85) {
            double a = random.nextDouble() < 0.6 ? random.nextInt(4) * Math.PI / 4 : random.nextDouble() * Math.PI;
            double dx = Math.cos(a), dy = Math.sin(a);
            int m = Math.min(w, h);
            int n = (int) (m * (0.5 + random.nextDouble() * 2));
            double amp = 0.01 + random.nextDouble() * 0.04;
            for (int k = 0; k < n; k++) {
                double len = m * (0.05 + random.nextDouble() * 0.25);
                double cx = random.nextDouble() * w, cy = random.nextDouble() * h;
                double v = (random.nextBoolean() ? 1 : -1) * amp * (0.5 + random.nextDouble());
                for (double t = -len / 2; t < len / 2; t += 0.7) {
                    int x = (int) (cx + dx * t), y = (int) (cy + dy * t);
                    if (x >= 0 && x < w && y >= 0 && y < h) {
                        f[y * w + x] += (float) v;
                    }
                }
            }
        } else {
            int n = (int) (w * h * (0.0005 + random.nextDouble() * 0.003));
            double amp = 0.05 + random.nextDouble() * 0.15;
            for (int k = 0; k < n; k++) {
                int i = random.nextInt(w * h);
                f[i] += (float) ((random.nextBoolean() ? 1 : -1) * amp * random.nextDouble());
            }
        }
    }

    /** Smoothly interpolated lattice noise in [0, 1]. */
    private static double valueNoise(double x, double y, long seed) {
        long x0 = (long) Math.floor(x), y0 = (long) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        double a = lattice(x0, y0, seed), b = lattice(x0 + 1, y0, seed), c = lattice(x0, y0 + 1, seed),
                d = lattice(x0 + 1, y0 + 1, seed);
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }

    private static double lattice(long x, long y, long seed) {
        long h = x * 0x9E3779B97F4A7C15L ^ y * 0xC2B2AE3D27D4EB4FL ^ seed;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) / (double) (1L << 53);
    }

    // ---- defects ----------------------------------------------------------------------------

    private void scratches(float[] f, int w, int h) {
        int n = 1 + (random.nextDouble() < 0.3 ? random.nextInt(3) : 0);
        int m = Math.min(w, h);
        for (int k = 0; k < n; k++) {
            double a = random.nextDouble() * Math.PI;
            double len = m * (0.45 + random.nextDouble() * 0.9);
            double cx = w * (0.2 + random.nextDouble() * 0.6), cy = h * (0.2 + random.nextDouble() * 0.6);
            double bend = random.nextDouble() < 0.5 ? 0 : (random.nextDouble() - 0.5) * 0.8 / len;
            double width = Math.max(0.8, m * (0.003 + random.nextDouble() * random.nextDouble() * 0.025));
            double depth = (random.nextDouble() < 0.7 ? -1 : 1) * (0.15 + random.nextDouble() * 0.5);
            boolean broken = random.nextDouble() < 0.25;
            int steps = (int) (len * 2);
            double[] xs = new double[steps], ys = new double[steps];
            double dx = Math.cos(a), dy = Math.sin(a);
            for (int i = 0; i < steps; i++) {
                double t = (i / (double) steps - 0.5) * len;
                xs[i] = cx + dx * t - dy * bend * t * t;
                ys[i] = cy + dy * t + dx * bend * t * t;
            }
            stroke(f, w, h, xs, ys, width, depth, broken);
        }
    }

    private void cracks(float[] f, int w, int h) {
        int m = Math.min(w, h);
        int branches = random.nextInt(3);
        double x = w * (0.15 + random.nextDouble() * 0.7), y = h * (0.15 + random.nextDouble() * 0.7);
        double a = random.nextDouble() * Math.PI * 2;
        double width = Math.max(0.7, m * (0.003 + random.nextDouble() * random.nextDouble() * 0.014));
        double depth = (random.nextDouble() < 0.85 ? -1 : 1) * (0.25 + random.nextDouble() * 0.45);
        walk(f, w, h, x, y, a, m * (0.3 + random.nextDouble() * 0.6), width, depth, branches);
    }

    private void walk(float[] f, int w, int h, double x, double y, double a, double len, double width,
            double depth, int branches) {
        int segs = 8 + random.nextInt(16);
        double seg = len / segs;
        int per = Math.max(2, (int) (seg * 2));
        double[] xs = new double[segs * per], ys = new double[segs * per];
        int k = 0;
        for (int s = 0; s < segs; s++) {
            a += (random.nextDouble() - 0.5) * 1.3;
            double nx = x + Math.cos(a) * seg, ny = y + Math.sin(a) * seg;
            for (int i = 0; i < per; i++) {
                xs[k] = x + (nx - x) * i / per;
                ys[k++] = y + (ny - y) * i / per;
            }
            if (branches > 0 && random.nextDouble() < 0.15) {
                branches--;
                walk(f, w, h, nx, ny, a + (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble()),
                        len * 0.4, width * 0.8, depth, 0);
            }
            x = nx;
            y = ny;
        }
        stroke(f, w, h, xs, ys, width, depth, false);
    }

    /** Adds {@code depth} along a polyline of points with a soft profile of the given width. */
    private void stroke(float[] f, int w, int h, double[] xs, double[] ys, double width, double depth,
            boolean broken) {
        int r = (int) Math.ceil(width * 2 + 1);
        float[] hit = new float[w * h];
        double gapPhase = random.nextDouble() * 40;
        for (int i = 0; i < xs.length; i++) {
            if (broken && ((i + gapPhase) % 40) < 9) {
                continue;
            }
            int x0 = (int) xs[i], y0 = (int) ys[i];
            for (int y = y0 - r; y <= y0 + r; y++) {
                if (y < 0 || y >= h) {
                    continue;
                }
                for (int x = x0 - r; x <= x0 + r; x++) {
                    if (x < 0 || x >= w) {
                        continue;
                    }
                    double d = Math.hypot(x - xs[i], y - ys[i]);
                    float v = (float) Math.exp(-d * d / (2 * width * width / 2.5));
                    if (v > hit[y * w + x]) {
                        hit[y * w + x] = v;
                    }
                }
            }
        }
        for (int i = 0; i < f.length; i++) {
            f[i] += (float) (depth * hit[i]);
        }
    }

    private void spots(float[] f, int w, int h, boolean raised) {
        int m = Math.min(w, h);
        int n = 1 + (random.nextDouble() < 0.4 ? random.nextInt(4) : 0);
        double la = random.nextDouble() * Math.PI * 2; // light direction
        for (int k = 0; k < n; k++) {
            double r = m * (0.02 + random.nextDouble() * (n > 1 ? 0.05 : 0.08));
            double cx = r + random.nextDouble() * (w - 2 * r), cy = r + random.nextDouble() * (h - 2 * r);
            double ex = 0.7 + random.nextDouble() * 0.6, rot = random.nextDouble() * Math.PI;
            double amp = 0.25 + random.nextDouble() * 0.5;
            double rim = random.nextDouble() < 0.6 ? 0.1 + random.nextDouble() * 0.3 : 0;
            boolean irregular = raised && random.nextDouble() < 0.4;
            double[] lobes = { random.nextDouble() * 0.3, random.nextDouble() * 6.3, random.nextDouble() * 0.2,
                    random.nextDouble() * 6.3 };
            int R = (int) Math.ceil(r * 2.2);
            for (int y = (int) cy - R; y <= cy + R; y++) {
                if (y < 0 || y >= h) {
                    continue;
                }
                for (int x = (int) cx - R; x <= cx + R; x++) {
                    if (x < 0 || x >= w) {
                        continue;
                    }
                    double dx = x - cx, dy = y - cy;
                    double u = (dx * Math.cos(rot) + dy * Math.sin(rot)) / ex;
                    double v = (-dx * Math.sin(rot) + dy * Math.cos(rot)) * ex;
                    double d = Math.hypot(u, v);
                    double rr = r;
                    if (irregular) {
                        double t = Math.atan2(v, u);
                        rr = r * (1 + lobes[0] * Math.sin(3 * t + lobes[1]) + lobes[2] * Math.sin(5 * t + lobes[3]));
                    }
                    double body = 1 / (1 + Math.exp((d - rr) / Math.max(0.6, r * 0.15)));
                    // Side lighting: the edge facing the light is bright on a pit's far wall and on a bump's
                    // near flank; the opposite side shades.
                    double side = (dx * Math.cos(la) + dy * Math.sin(la)) / Math.max(d, 1e-6);
                    double ring = Math.exp(-Math.pow((d - rr) / Math.max(0.8, r * 0.25), 2));
                    double value;
                    if (raised) {
                        value = amp * body * (0.8 + 0.4 * Math.max(0, -side)) - rim * ring * Math.max(0, side);
                    } else {
                        value = -amp * body + rim * ring * Math.max(0, side);
                    }
                    f[y * w + x] += (float) value;
                }
            }
            if (raised) { // cast shadow beyond the far side
                double sx = cx + Math.cos(la) * r * 1.2, sy = cy + Math.sin(la) * r * 1.2;
                double sa = amp * (0.2 + random.nextDouble() * 0.4);
                for (int y = (int) sy - R; y <= sy + R; y++) {
                    if (y < 0 || y >= h) {
                        continue;
                    }
                    for (int x = (int) sx - R; x <= sx + R; x++) {
                        if (x < 0 || x >= w) {
                            continue;
                        }
                        double d = Math.hypot(x - sx, y - sy), d0 = Math.hypot(x - cx, y - cy);
                        if (d0 > r) {
                            f[y * w + x] -= (float) (sa * Math.exp(-d * d / (2 * r * r * 0.5)));
                        }
                    }
                }
            }
        }
    }

    /** A smooth displacement field: bulge/pinch, swirl or a local wave. */
    private interface Warp {
        double[] at(double x, double y);
    }

    private Warp deformation(int w, int h, double pitch) {
        double cx = w * (0.25 + random.nextDouble() * 0.5), cy = h * (0.25 + random.nextDouble() * 0.5);
        double sigma = Math.min(w, h) * (0.15 + random.nextDouble() * 0.25);
        double amp = pitch * (0.4 + random.nextDouble() * 0.9) * (random.nextBoolean() ? 1 : -1);
        int kind = random.nextInt(3);
        double a = random.nextDouble() * Math.PI;
        return (x, y) -> {
            double dx = x - cx, dy = y - cy;
            double g = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            return switch (kind) {
                case 0 -> new double[] { amp * g * dx / sigma, amp * g * dy / sigma }; // bulge or pinch
                case 1 -> new double[] { -amp * g * dy / sigma, amp * g * dx / sigma }; // swirl
                default -> { // wave across the lines
                    double s = amp * g * Math.sin((dx * Math.cos(a) + dy * Math.sin(a)) / sigma * 2);
                    yield new double[] { s * Math.cos(a + Math.PI / 2), s * Math.sin(a + Math.PI / 2) };
                }
            };
        };
    }

    /** A region whose pattern is displaced against the rest. */
    private record Shift(int kind, double a, double b, double c, double d, double dx, double dy) {
        boolean inside(int x, int y) {
            return switch (kind) {
                case 0 -> x * a + y * b > c; // half-plane
                case 1 -> Math.abs(x * a + y * b - c) < d; // band
                default -> x >= a && x < b && y >= c && y < d; // block
            };
        }
    }

    private Shift misalignment(int w, int h, double pitch) {
        double amount = pitch * (0.25 + random.nextDouble() * 0.35);
        double dir = random.nextDouble() < 0.7 ? (random.nextInt(4) * Math.PI / 2) : random.nextDouble() * Math.PI * 2;
        double dx = Math.cos(dir) * amount, dy = Math.sin(dir) * amount;
        int kind = random.nextInt(3);
        double t = random.nextDouble() < 0.7 ? random.nextInt(2) * Math.PI / 2 : random.nextDouble() * Math.PI;
        double nx = Math.cos(t), ny = Math.sin(t);
        double centre = (w / 2.0) * nx + (h / 2.0) * ny;
        double span = Math.abs(w * nx) + Math.abs(h * ny);
        return switch (kind) {
            case 0 -> new Shift(0, nx, ny, centre + (random.nextDouble() - 0.5) * span * 0.5, 0, dx, dy);
            case 1 -> new Shift(1, nx, ny, centre + (random.nextDouble() - 0.5) * span * 0.4,
                    span * (0.1 + random.nextDouble() * 0.15), dx, dy);
            default -> {
                double x0 = w * random.nextDouble() * 0.5, y0 = h * random.nextDouble() * 0.5;
                yield new Shift(2, x0, x0 + w * (0.3 + random.nextDouble() * 0.4), y0,
                        y0 + h * (0.3 + random.nextDouble() * 0.4), dx, dy);
            }
        };
    }

    // ---- optics and sensor ---------------------------------------------------------------

    private void light(float[] f, int w, int h) {
        double ga = random.nextDouble() * Math.PI * 2, gs = random.nextDouble() * 0.3;
        double vig = random.nextDouble() < 0.5 ? random.nextDouble() * 0.35 : 0;
        double gain = 0.7 + random.nextDouble() * 0.6, offset = (random.nextDouble() - 0.5) * 0.2;
        double diag = Math.hypot(w, h);
        // A broad specular hot spot of the illuminator, much larger than any particle.
        double hot = random.nextDouble() < 0.3 ? 0.1 + random.nextDouble() * 0.35 : 0;
        double hx = random.nextDouble() * w, hy = random.nextDouble() * h;
        double hs = diag * (0.2 + random.nextDouble() * 0.3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double nx = (x - w / 2.0) / diag, ny = (y - h / 2.0) / diag;
                double l = 1 + gs * (nx * Math.cos(ga) + ny * Math.sin(ga)) * 2 - vig * (nx * nx + ny * ny) * 4;
                int i = y * w + x;
                double spot = hot == 0 ? 0
                        : hot * Math.exp(-((x - hx) * (x - hx) + (y - hy) * (y - hy)) / (2 * hs * hs));
                f[i] = (float) (f[i] * gain * l + offset + spot);
            }
        }
    }

    private static void blur(float[] f, int w, int h, double sigma) {
        if (sigma < 0.3) {
            return;
        }
        int r = (int) Math.ceil(sigma * 2.5);
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] t = new float[f.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * f[y * w + Math.clamp(x + i, 0, w - 1)];
                }
                t[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * t[Math.clamp(y + i, 0, h - 1) * w + x];
                }
                f[y * w + x] = s;
            }
        }
    }

    private BufferedImage colour(float[] f, float[] material, int w, int h) {
        double[] lo, hi;
        double pick = random.nextDouble();
        if (pick < 0.25) {
            return materials(f, material, w, h);
        }
        if (pick < 0.6) {
            lo = new double[] { 0, 0, 0 };
            hi = new double[] { 1, 1, 1 };
        } else {
            double[][] tints = { { 0.55, 0.7, 1.0 }, { 0.6, 1.0, 0.65 }, { 1.0, 0.7, 0.45 }, { 0.85, 0.6, 1.0 },
                    { 1.0, 0.9, 0.6 } };
            hi = tints[random.nextInt(tints.length)];
            lo = new double[] { hi[2] * 0.15, hi[0] * 0.1, hi[1] * 0.15 };
        }
        double gamma = 0.7 + random.nextDouble() * 0.7;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            double v = Math.pow(Math.clamp(f[i], 0f, 1f), gamma);
            int r = (int) Math.round(255 * (lo[0] + (hi[0] - lo[0]) * v));
            int g = (int) Math.round(255 * (lo[1] + (hi[1] - lo[1]) * v));
            int b = (int) Math.round(255 * (lo[2] + (hi[2] - lo[2]) * v));
            px[i] = (Math.clamp(r, 0, 255) << 16) | (Math.clamp(g, 0, 255) << 8) | Math.clamp(b, 0, 255);
        }
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    /**
     * Optical-microscope colours: the pattern's two materials (e.g. copper lines in a blue dielectric)
     * each get a random colour, so their luminance contrast may be small or reversed; the shading of
     * defects, texture and light scales both.
     */
    private BufferedImage materials(float[] f, float[] material, int w, int h) {
        double[] a = randomColour(), b = randomColour();
        double gamma = 0.7 + random.nextDouble() * 0.6;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            double t = material[i];
            // f is about base + contrast * t; its deviation from that is the shading to keep.
            double shade = Math.pow(Math.clamp(f[i], 0f, 1.5f), gamma) * 1.3;
            int[] c = new int[3];
            for (int k = 0; k < 3; k++) {
                c[k] = (int) Math.round(255 * Math.clamp(((1 - t) * a[k] + t * b[k]) * shade, 0, 1));
            }
            px[i] = (c[0] << 16) | (c[1] << 8) | c[2];
        }
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    private double[] randomColour() {
        float hue = random.nextFloat(), sat = 0.2f + random.nextFloat() * 0.7f, val = 0.35f + random.nextFloat() * 0.6f;
        int rgb = java.awt.Color.HSBtoRGB(hue, sat, val);
        return new double[] { ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0 };
    }
}
